"""Renditions of the bundled corpus made by PDF producers other than keikaku's reportlab script.

Each is laid out from the reviewed golden extraction and the corpus text (``content.py``), never
by keikaku's parsers, in a page design of its own (README.md says which). ``RENDITIONS`` maps a
name to ``render(out_path) -> out_path``; ``HELD_OUT`` holds one more that is kept out of loader
development as an unseen check of generality.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.renditions import fpdf_rendition, typst_rendition, weasy

Render = Callable[[Path], Path]

RENDITIONS: dict[str, Render] = {
    "weasyprint": weasy.render,
    "fpdf2": fpdf_rendition.render,
}
HELD_OUT: dict[str, Render] = {
    "typst": typst_rendition.render,
}
