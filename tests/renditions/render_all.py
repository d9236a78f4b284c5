"""Write every rendition, the held-out one included, to a folder.

.venv/bin/python -m tests.renditions.render_all OUTDIR
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.renditions import HELD_OUT, RENDITIONS


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.renditions.render_all OUTDIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    for name, render in {**RENDITIONS, **HELD_OUT}.items():
        started = time.perf_counter()
        path = render(folder / f"ap2023-ch3-gyosei.{name}.pdf")
        print(f"{path}: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
