"""Benchmark the text pipeline on the corpus: median seconds per stage and in total.

    scripts/bench [--runs N] [--scaling-runs N] [--pdf-runs N] [--review-runs N]

Prints figures only (no pass/fail): shared machines are noisy, so compare ratios from one run.
The share of morphological analysis is Sudachi's tokenize time (parsers/morphology.py adds it
up) over the pipeline's time from loading the file to the line accounting, JSON not included.
The Sudachi dictionary load is timed on its own, in a fresh process, because the pipeline
loads it once per process and a warm run would hide it.

Chapter scaling: the corpus chapter made into plans of 1, 5, 20 and 50 chapters
(tests/plans.py: renumbered, footnotes numbered on, words shuffled per chapter), each timed in
this process (extraction and JSON, dictionary loaded) and as a whole ``keikaku extract``
process (one job, JSON only) with its peak resident memory. The ratio to linear is the time
of k chapters over k times the time of one.
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

from keikaku.parsers import morphology  # noqa: E402
from keikaku.pipeline.export_json import document_to_json  # noqa: E402
from keikaku.pipeline.run import StageTimer, extract  # noqa: E402
from tests.plans import scaled_plan, scaled_stats  # noqa: E402

CORPUS = ROOT / "corpus" / "ap2023-ch3-gyosei.txt"
SCALES = (1, 5, 20, 50)

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


# A whole process: the CLI extracting one plan (JSON only, one job), then its peak memory.
WHOLE_PROCESS = """
import resource, sys
from keikaku.pipeline.cli import main
status = main(["extract", sys.argv[1], "-o", sys.argv[2], "--no-sqlite", "--jobs", "1"])
print("peak-rss-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, status)
"""


def _whole_process(path: Path, output: Path) -> tuple[float, float]:
    """Seconds and peak resident MiB of ``keikaku extract`` on ``path`` in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WHOLE_PROCESS, str(path), str(output)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    kib, status = done.stdout.split("peak-rss-kib", 1)[1].split()
    if status != "0":
        raise RuntimeError(f"keikaku extract {path.name} exited {status}: {done.stderr}")
    return seconds, int(kib) / 1024


def bench_scaling(runs: int) -> None:
    """The corpus chapter as plans of 1…50 chapters: time, ratio to linear, MB/s, memory."""
    import shutil
    import tempfile

    from keikaku.pipeline.manifest import manifest_path

    text = CORPUS.read_text(encoding="utf-8")
    print(f"chapter scaling: {CORPUS.name} as plans of {', '.join(map(str, SCALES))} chapters")
    print(
        f"  {'chapters':>8} {'MB':>6} {'runs':>4} {'in-process':>11} {'ratio':>6} {'MB/s':>6}"
        f" {'process':>9} {'MB/s':>6} {'peak RSS':>9}"
    )
    one_seconds = one_stats = None
    with tempfile.TemporaryDirectory() as folder:
        for chapters in SCALES:
            path = Path(folder) / f"plan-{chapters}.txt"
            path.write_text(scaled_plan(text, chapters), encoding="utf-8")
            shutil.copy(manifest_path(CORPUS), manifest_path(path))
            megabytes = path.stat().st_size / 1e6
            samples = []
            for _ in range(max(1, runs // chapters)):
                start = time.perf_counter()
                document = extract(path)
                document_to_json(document)
                samples.append(time.perf_counter() - start)
            seconds = statistics.median(samples)
            if one_seconds is None or one_stats is None:
                one_seconds, one_stats = seconds, document.stats
            problems = scaled_stats(one_stats, document.stats, chapters)
            process, peak = _whole_process(path, Path(folder) / "out")
            print(
                f"  {chapters:>8} {megabytes:>6.2f} {len(samples):>4} {seconds * 1000:>9.0f}ms"
                f" {seconds / (chapters * one_seconds):>6.2f} {megabytes / seconds:>6.2f}"
                f" {process * 1000:>7.0f}ms {megabytes / process:>6.2f} {peak:>6.0f}MiB"
                + (f"  (structure differs: {'; '.join(problems)})" if problems else "")
            )
    print(
        "  ratio = time of k chapters / (k × time of 1); goals: ratio about 1 (linear), "
        "in-process text at least 2 MB/s"
    )


def _renditions(folder: Path) -> list[Path]:
    """The corpus as PDF by every producer the tests use: reportlab (scripts/render_pdf.py),
    WeasyPrint, fpdf2 and Typst (tests/renditions/)."""
    import shutil

    from render_pdf import render

    from keikaku.pipeline.manifest import manifest_path
    from tests.renditions import HELD_OUT, RENDITIONS

    corpus = ROOT / "corpus" / "ap2023-ch3-gyosei.txt"
    made = [folder / "ap2023-ch3-gyosei.reportlab.pdf"]
    render(corpus.read_text(encoding="utf-8"), made[0])
    for name, make in sorted({**RENDITIONS, **HELD_OUT}.items()):
        made.append(make(folder / f"ap2023-ch3-gyosei.{name}.pdf"))
    for pdf in made:
        shutil.copy(manifest_path(corpus), manifest_path(pdf))
    return made


def bench_pdf(runs: int) -> None:
    """The PDF path on every rendition: pdfplumber's own extract_words, keikaku's loader alone,
    and the whole pipeline, medians of the same runs."""
    import tempfile

    import pdfplumber

    from keikaku.pipeline.loaders.pdf import load_pdf

    print("PDF path (goal: whole pipeline at most 1.3 x extract_words)")
    with tempfile.TemporaryDirectory() as folder:
        for pdf in _renditions(Path(folder)):
            words, loads, whole = [], [], []
            for _ in range(runs):
                start = time.perf_counter()
                with pdfplumber.open(pdf) as document:
                    pages = len(document.pages)
                    for page in document.pages:
                        page.extract_words()
                words.append(time.perf_counter() - start)
                start = time.perf_counter()
                load_pdf(pdf)
                loads.append(time.perf_counter() - start)
                start = time.perf_counter()
                extract(pdf)
                whole.append(time.perf_counter() - start)
            plumber = statistics.median(words)
            loader, ours = statistics.median(loads), statistics.median(whole)
            print(
                f"  {pdf.stem.split('.')[-1]:<10} {pages:3d} pages  extract_words "
                f"{plumber * 1000:7.1f} ms  loader {loader * 1000:7.1f} ms "
                f"({loader / plumber:4.2f} x)  whole {ours * 1000:7.1f} ms "
                f"({ours / plumber:4.2f} x)"
            )


def bench_review(runs: int) -> None:
    """keikaku review on every rendition: the extraction, then the site written from it (page
    images, PDFium's characters, the HTML), medians of the same runs, and the site's size."""
    import shutil
    import tempfile

    from keikaku.pipeline.review import review_site
    from keikaku.pipeline.run import extract_with_source

    print("review site (goals: under 10 MB, written in under 2 x the extraction)")
    with tempfile.TemporaryDirectory() as folder:
        for pdf in _renditions(Path(folder)):
            extractions, writes, size = [], [], 0
            for run in range(runs):
                start = time.perf_counter()
                document, source = extract_with_source(pdf)
                extractions.append(time.perf_counter() - start)
                site = Path(folder) / f"site{run}"
                start = time.perf_counter()
                review_site(document, source, site)
                writes.append(time.perf_counter() - start)
                size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
                shutil.rmtree(site)
            extracted, written = statistics.median(extractions), statistics.median(writes)
            print(
                f"  {pdf.stem.split('.')[-1]:<10} extraction {extracted * 1000:7.1f} ms  "
                f"site {written * 1000:7.1f} ms ({written / extracted:4.2f} x)  "
                f"{size / 1e6:5.2f} MB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--runs", type=int, default=20, help="runs per document (default 20)")
    parser.add_argument(
        "--scaling-runs",
        type=int,
        default=10,
        help="runs of the 1-chapter plan; k chapters get runs // k, at least one (default 10)",
    )
    parser.add_argument(
        "--pdf-runs", type=int, default=5, help="runs of the PDF path (default 5; 0: skip it)"
    )
    parser.add_argument(
        "--review-runs", type=int, default=3, help="runs of keikaku review (default 3; 0: skip)"
    )
    args = parser.parse_args()
    extract(CORPUS)  # warm-up: imports, compiled patterns
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        bench_document(path, args.runs)
    bench_sudachi_load()
    bench_scaling(args.scaling_runs)
    if args.pdf_runs:
        bench_pdf(args.pdf_runs)
    if args.review_runs:
        bench_review(args.review_runs)


if __name__ == "__main__":
    main()
