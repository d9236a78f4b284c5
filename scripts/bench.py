"""Benchmark the text pipeline on the corpus: median seconds per stage and in total.

    scripts/bench [--runs N]

Prints figures only (no pass/fail): shared machines are noisy, so compare ratios from one run.
The share of morphological analysis is Sudachi's tokenize time (parsers/morphology.py adds it
up) over the pipeline's time from loading the file to the line accounting, JSON not included.
The Sudachi dictionary load is timed on its own, in a fresh process, because the pipeline
loads it once per process and a warm run would hide it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from parsers import morphology  # noqa: E402
from pipeline.export_json import document_to_json  # noqa: E402
from pipeline.run import StageTimer, extract  # noqa: E402

SUDACHI_LOAD = """
import time
start = time.perf_counter()
from sudachipy import Dictionary
tokenizer = Dictionary(dict="core").tokenizer()
loaded = time.perf_counter()
tokenizer.tokenize("札幌市の行政手続におけるオンラインカバー率")
print(loaded - start, time.perf_counter() - loaded)
"""


def bench_document(path: Path, runs: int) -> None:
    per_stage: dict[str, list[float]] = {}
    totals, analysis = [], []
    for _ in range(runs):
        timer = StageTimer()
        before = morphology.SECONDS["analysis"]
        start = time.perf_counter()
        document = extract(path, timer)
        pipeline_seconds = time.perf_counter() - start
        analysis.append((morphology.SECONDS["analysis"] - before) / pipeline_seconds)
        with timer("json"):
            document_to_json(document)
        totals.append(time.perf_counter() - start)
        for name, seconds in timer.seconds.items():
            per_stage.setdefault(name, []).append(seconds)
    total = statistics.median(totals)
    lines = document.stats.lines_total
    print(f"{path.name}: {runs} runs, {lines} non-blank lines")
    for name, samples in per_stage.items():
        median = statistics.median(samples)
        print(f"  {name:<12} {median * 1000:8.2f} ms  {median / total:6.1%}")
    print(f"  {'total':<12} {total * 1000:8.2f} ms  ({lines / total:,.0f} lines/s)")
    print(
        f"  morphological analysis (Sudachi tokenize, across stages): "
        f"{statistics.median(analysis):.1%} of the text pipeline (load to accounting; goal < 50%)"
    )


def bench_sudachi_load() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SUDACHI_LOAD], capture_output=True, text=True, check=True
    )
    load, first = (float(x) for x in done.stdout.split())
    print(
        f"sudachi dictionary (core): load {load * 1000:.0f} ms, "
        f"first tokenize {first * 1000:.1f} ms (fresh process)"
    )


def bench_pdf(runs: int) -> None:
    """The PDF path: whole pipeline against pdfplumber's own extract_words, same file and run."""
    import shutil
    import tempfile

    import pdfplumber
    from render_pdf import render

    from pipeline.manifest import manifest_path

    corpus = ROOT / "corpus" / "ap2023-ch3-gyosei.txt"
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "ap2023-ch3-gyosei.pdf"
        render(corpus.read_text(encoding="utf-8"), pdf)
        shutil.copy(manifest_path(corpus), manifest_path(pdf))
        words, whole = [], []
        for _ in range(runs):
            start = time.perf_counter()
            with pdfplumber.open(pdf) as document:
                pages = len(document.pages)
                for page in document.pages:
                    page.extract_words()
            words.append(time.perf_counter() - start)
            start = time.perf_counter()
            extract(pdf)
            whole.append(time.perf_counter() - start)
    plumber, ours = statistics.median(words), statistics.median(whole)
    print(f"{pdf.name}: {runs} runs, {pages} pages")
    print(f"  pdfplumber extract_words  {plumber * 1000:8.1f} ms  ({pages / plumber:5.1f} pages/s)")
    print(f"  keikaku whole pipeline    {ours * 1000:8.1f} ms  ({pages / ours:5.1f} pages/s)")
    print(f"  ratio pipeline / extract_words: {ours / plumber:.2f} (goal <= 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--runs", type=int, default=20, help="runs per document (default 20)")
    parser.add_argument("--pdf-runs", type=int, default=5, help="runs of the PDF path (default 5)")
    args = parser.parse_args()
    extract(ROOT / "corpus" / "ap2023-ch3-gyosei.txt")  # warm-up: imports, compiled patterns
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        bench_document(path, args.runs)
    bench_sudachi_load()
    bench_pdf(args.pdf_runs)


if __name__ == "__main__":
    main()
