"""Japanese fonts for the renditions: Noto Serif JP (明朝 body) and Noto Sans JP (ゴシック headings).

The fonts come from the PyPI package ``pylopdf-fonts-jp`` (Noto CJK JP subset OTFs, SIL Open Font
License 1.1), installed by the ``test`` extra, so no system font is needed. The full fonts are
cut down once per process to the characters the plan and the designs print: each producer then
embeds a small font quickly, and the subset is byte-stable, so the PDFs are too. fpdf2 gets the
same glyphs with TrueType outlines (pdfminer cannot map the CFF font fpdf2 writes back to text).
"""

from __future__ import annotations

import atexit
import shutil
import string
import tempfile
from functools import cache
from pathlib import Path

import pylopdf_fonts_jp
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from tests.renditions.content import SUPERSCRIPT, load_content

SERIF, SANS = "Noto Serif JP", "Noto Sans JP"
SOURCES = {SERIF: pylopdf_fonts_jp.serif_path(), SANS: pylopdf_fonts_jp.sans_path()}
# What the designs print besides the plan's words: bullets, heading ornaments, running heads,
# slugs, leaders, dates.
DESIGN_CHARACTERS = (
    "■□◆◇●○・…‥─│\uff5c／：年月日第章頁札幌市行財政運営取組（続）" + string.printable.strip()
)


def _characters() -> str:
    text = set(DESIGN_CHARACTERS) | load_content_characters()
    return "".join(sorted(text - set(SUPERSCRIPT) - set("\t\n\r\x0b\x0c")))


def load_content_characters() -> set[str]:
    content = load_content()
    from tests.renditions.content import characters

    return characters(content)


@cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="keikaku-renditions-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _subset(family: str) -> TTFont:
    options = subset.Options()
    options.layout_features = []  # no GSUB/GPOS: the renditions need no alternates or kerning
    options.drop_tables += ["GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx"]
    options.hinting = True  # keeping the hints is much faster than stripping them
    options.desubroutinize = False
    options.recalc_bounds = False
    options.notdef_outline = True
    font = TTFont(SOURCES[family], recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in _characters()])
    subsetter.subset(font)
    return font


@cache
def font_file(family: str) -> Path:
    """The family's subset as an OpenType (CFF) file."""
    path = _folder() / f"{family.replace(' ', '')}.otf"
    _subset(family).save(path)
    return path


@cache
def truetype_file(family: str) -> Path:
    """The family's subset with its outlines converted to TrueType quadratics."""
    font = _subset(family)
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    for glyph in glyf.glyphs.values():
        glyph.recalcBounds(glyf)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(glyph_order)
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True  # fills maxp's point and contour counts from the new outlines
    path = _folder() / f"{family.replace(' ', '')}.ttf"
    font.save(path)
    return path


def missing(family: str, text: str) -> set[str]:
    """Characters of ``text`` the family's subset has no glyph for."""
    cmap = TTFont(font_file(family), lazy=True).getBestCmap()
    return {c for c in text if ord(c) not in cmap and not c.isspace()}
