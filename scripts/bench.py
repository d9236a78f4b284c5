"""Benchmark the text pipeline on the corpus: median seconds per stage and in total.

    scripts/bench [--runs N] [--scaling-runs N] [--pdf-runs N] [--review-runs N]
                  [--pages N,N] [--batch N]

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
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
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


# Peak memory of a process, and the largest of the processes it waited for (its workers and
# their page readers). Its own is VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a
# child started by a large bench process would report the bench's size. A forked worker's peak
# counts the pages it shares with its parent, and the Sudachi dictionary's file as far as it
# was read (mapped, not copied: 75 MiB once loaded, about 150 MiB after a long plan).
PEAK = """
def peak_kib():
    import resource
    with open("/proc/self/status") as status:
        own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
"""

# A whole process: the CLI extracting one plan (JSON only, one job), then its peak memory.
WHOLE_PROCESS = (
    PEAK
    + """
import sys
from keikaku.pipeline.cli import main
argv = ["extract", sys.argv[1], "-o", sys.argv[2], "--no-sqlite", "--jobs", "1", *sys.argv[3:]]
status = main(argv)
print("peak-rss-kib", *peak_kib(), status)
"""
)


# Whole processes run keikaku as an installed copy runs: from compiled bytecode, which pip
# writes when it installs a package. Where PYTHONDONTWRITEBYTECODE is set (as in this project's
# shells), a process started from this checkout would compile every keikaku module again: about
# 95 ms of each start, which no installed keikaku pays, nor PDFium's process (its package
# compiled at install). So timed processes keep bytecode in a folder of the bench's own (not in
# the checkout), and each kind of process runs once untimed before it is timed, so that what
# it imports is compiled (the standard library's and the packages' too: the folder holds all).
BYTECODE = Path(tempfile.gettempdir()) / "keikaku-bench-bytecode"


def installed_env() -> dict[str, str]:
    """The environment of a timed process: its bytecode read from and written to BYTECODE."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
    return env


def _whole_process(path: Path, output: Path) -> tuple[float, float]:
    """Seconds and peak resident MiB (of the largest process) of ``keikaku extract`` on
    ``path`` in a fresh process."""
    seconds, own, workers = _process(WHOLE_PROCESS, str(path), str(output))
    return seconds, max(own, workers)


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
            if chapters == SCALES[0]:
                _whole_process(path, Path(folder) / "out")  # untimed: its bytecode written
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


def _pdfium_text(pdf: Path) -> int:
    """Every page's text through PDFium's own text page: the floor of any PDF reader here."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    characters = 0
    for page in document:
        textpage = page.get_textpage()
        characters += len(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return characters


def _median_seconds(run: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_pdf(runs: int) -> None:
    """The PDF path on every rendition: PDFium's text and pdfplumber's extract_words (what
    reading the characters costs at least), keikaku's loader alone and the whole pipeline
    with each engine; medians of the same runs, as ratios to PDFium's text and to
    extract_words."""
    import tempfile

    import pdfplumber

    from keikaku.pipeline.loaders.pdf import ENGINES, load_pdf

    def extract_words(pdf: Path) -> None:
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                page.extract_words()

    print("PDF path: ms, and (x PDFium text, x pdfplumber extract_words)")
    with tempfile.TemporaryDirectory() as folder:
        for pdf in _renditions(Path(folder)):
            floor = _median_seconds(partial(_pdfium_text, pdf), runs)
            words = _median_seconds(partial(extract_words, pdf), runs)
            figures = [f"pdfium text {floor * 1000:6.0f}", f"extract_words {words * 1000:6.0f}"]
            for engine in ENGINES:
                for stage, run in (
                    ("loader", partial(load_pdf, pdf, engine=engine)),
                    ("whole", partial(extract, pdf, pdf_engine=engine)),
                ):
                    seconds = _median_seconds(run, runs)
                    figures.append(
                        f"{stage} {engine} {seconds * 1000:6.0f}"
                        f" ({seconds / floor:4.1f} x, {seconds / words:4.2f} x)"
                    )
            print(f"  {pdf.stem.split('.')[-1]}:")
            for line in figures:
                print(f"    {line}")


# A whole process extracting every page's text with PDFium, and nothing else.
PDFIUM_PROCESS = (
    PEAK
    + """
import sys
import pypdfium2
document = pypdfium2.PdfDocument(sys.argv[1])
for page in document:
    page.get_textpage().get_text_range()
print("peak-rss-kib", *peak_kib(), 0)
"""
)


def _process(code: str, *args: str) -> tuple[float, float, float]:
    """Seconds of ``python -c code args`` in a fresh process, its peak resident MiB and the
    largest of its workers' (0 without workers)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=installed_env(),
    )
    seconds = time.perf_counter() - start
    own, workers, status = done.stdout.split("peak-rss-kib", 1)[1].split()
    if status != "0":
        raise RuntimeError(f"{args[0]}: exited {status}: {done.stderr}")
    return seconds, int(own) / 1024, int(workers) / 1024


def long_pdf(pages: int, folder: Path) -> Path:
    """A plan of ``pages`` pages: the Typst rendition's pages over and over, put together by
    PDFium (not by keikaku's renderer)."""
    import shutil

    import pypdfium2

    from keikaku.pipeline.manifest import manifest_path
    from tests.renditions import HELD_OUT

    one = HELD_OUT["typst"](folder / "one.pdf")
    source = pypdfium2.PdfDocument(one)
    made = pypdfium2.PdfDocument.new()
    while len(made) < pages:
        made.import_pages(source, pages=list(range(min(len(source), pages - len(made)))))
    path = folder / f"plan-{pages}-pages.pdf"
    made.save(path)
    shutil.copy(manifest_path(CORPUS), manifest_path(path))
    return path


def bench_long_pdf(sizes: tuple[int, ...]) -> None:
    """Whole processes on long plans: PDFium's text alone, then keikaku extract with each
    engine, with one job and with one job per core (the pages read in parallel): time, ratio
    to PDFium's text, peak memory (the largest of the process, its worker and the worker's page
    readers: forked, they share much of it; then the command's own and the largest worker's),
    and the speed-up of the pages read in parallel."""
    import os
    import tempfile

    from keikaku.pipeline.loaders.pdf import ENGINES

    cores = os.cpu_count() or 1
    print("long PDF plans, whole processes (goal: keikaku at most 5 x PDFium's text on 100")
    print(f"pages, peak under 300 MB on 300 pages); jobs 1 and {cores} (pages in parallel)")
    with tempfile.TemporaryDirectory() as folder:
        for pages in sizes:
            pdf = long_pdf(pages, Path(folder))
            one = str(Path(folder) / "one.pdf")  # long_pdf's one copy: every kind run untimed
            _process(PDFIUM_PROCESS, one)
            for engine in ENGINES:
                _process(WHOLE_PROCESS, one, str(Path(folder) / "out"), "--pdf-engine", engine)
            floor, floor_peak, _ = _process(PDFIUM_PROCESS, str(pdf))
            print(f"  {pages} pages: PDFium text {floor:6.1f} s {floor_peak:5.0f} MiB")
            for engine in ENGINES:
                one = 0.0
                for jobs in sorted({1, cores}):
                    seconds, own, workers = _process(
                        WHOLE_PROCESS,
                        str(pdf),
                        str(Path(folder) / "out"),
                        "--pdf-engine",
                        engine,
                        "--jobs",
                        str(jobs),
                    )
                    one = one or seconds
                    peak = max(own, workers)
                    print(
                        f"  {pages} pages: keikaku {engine:<10} jobs {jobs} {seconds:6.1f} s "
                        f"({seconds / floor:5.1f} x) {peak:5.0f} MiB = {peak * 1.048576:4.0f} MB "
                        f"(command {own:3.0f}, worker {workers:3.0f} MiB)"
                        + (f"  pages in parallel: {one / seconds:.2f} x" if jobs > 1 else "")
                    )


def bench_batch(copies: int) -> None:
    """keikaku extract on ``copies`` text plans (the corpus as 5 chapters), --jobs 1 against
    as many jobs as cores: the batch speed-up, each a whole process."""
    import os
    import shutil
    import tempfile

    from keikaku.pipeline.manifest import manifest_path

    cores = os.cpu_count() or 1
    text = scaled_plan(CORPUS.read_text(encoding="utf-8"), 5)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number in range(copies):
            path = Path(folder) / f"plan-{number}.txt"
            path.write_text(text, encoding="utf-8")
            shutil.copy(manifest_path(CORPUS), manifest_path(path))
            paths.append(str(path))
        timings = {}
        for jobs in (0, *sorted({1, cores})):  # 0: one plan, untimed (its bytecode written)
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "keikaku.pipeline.cli",
                    "extract",
                    *(paths if jobs else paths[:1]),
                    "-o",
                    str(Path(folder) / f"out-{jobs}"),
                    "--no-sqlite",
                    "-q",
                    "--jobs",
                    str(jobs or 1),
                ],
                check=True,
                cwd=ROOT,
                env=installed_env(),
            )
            if jobs:
                timings[jobs] = time.perf_counter() - start
    figures = ", ".join(f"--jobs {jobs}: {seconds:.1f} s" for jobs, seconds in timings.items())
    print(
        f"batch of {copies} plans (5 chapters each), {cores} cores: {figures}; "
        f"speed-up {timings[1] / timings[max(timings)]:.2f} x"
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
    parser.add_argument(
        "--pages",
        default="100,300",
        help="sizes of the long PDF plans, in pages (default 100,300; empty: skip them)",
    )
    parser.add_argument(
        "--batch", type=int, default=6, help="plans in the batch run (default 6; 0: skip it)"
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
    if args.pages:
        bench_long_pdf(tuple(int(n) for n in args.pages.split(",")))
    if args.batch:
        bench_batch(args.batch)


if __name__ == "__main__":
    main()
