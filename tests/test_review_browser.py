"""The review site as a reviewer uses it: opened from the file system in headless Chromium, a
page photographed with its boxes, a node clicked in the tree, a box clicked on the page.

Runs where Debian's ``chromium`` and ``chromium-driver`` and a Japanese font are installed
(``apt-get install -y chromium chromium-driver fonts-noto-cjk``), and is skipped elsewhere. selenium drives the
system's chromedriver; nothing is downloaded. ``KEIKAKU_SCREENSHOTS=DIR`` keeps the
screenshots there, to look at.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from keikaku.pipeline.cli import main
from keikaku.pipeline.model import Initiative, walk
from keikaku.pipeline.run import extract
from tests.test_pdf import rendered  # noqa: F401  (the corpus rendered by reportlab)

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def _japanese_fonts() -> bool:
    """Whether fontconfig knows a font with Japanese glyphs: PDFium draws the reportlab
    rendering's text (its Japanese fonts are not embedded) and Chromium the tree with one."""
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER and _japanese_fonts()),
    reason="Chromium or a Japanese font is not installed "
    "(apt-get install -y chromium chromium-driver fonts-noto-cjk)",
)
# what headless Chromium needs on a build machine: no sandbox (root in a container), no GPU,
# and nothing fetched in the background
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1600,1000",
)
INITIATIVE_BLUE = (0x1D, 0x39, 0xC4)  # --initiative in assets/review.css


@pytest.fixture(scope="module")
def site(rendered, tmp_path_factory):  # noqa: F811
    folder = tmp_path_factory.mktemp("browser") / "site"
    assert main(["review", str(rendered[0]), "-o", str(folder)]) == 0
    return folder, extract(rendered[0])


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    yield driver
    driver.quit()


def _keep(name: str, png: bytes, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KEIKAKU_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(png)
    return path


def _share_of(png: bytes, colour: tuple[int, int, int], within: int = 40) -> float:
    """The share of the image's pixels within ``within`` of ``colour`` on each channel."""
    from PIL import Image

    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    near = sum(all(abs(p[i] - colour[i]) <= within for i in range(3)) for p in pixels)
    return near / len(pixels)


def _selected(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.selected'), e => e.id)"
    )


def _inside(driver, element_id: str, pane_id: str) -> bool:
    """Whether the element is scrolled into the visible part of its pane."""
    return driver.execute_script(
        """const e = document.getElementById(arguments[0]).getBoundingClientRect();
        const p = document.getElementById(arguments[1]).getBoundingClientRect();
        return e.top >= p.top && e.bottom <= p.bottom;""",
        element_id,
        pane_id,
    )


def test_a_page_shows_its_text_and_its_boxes(site, browser, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    folder, document = site
    first = next(n for n in walk(document.chapters[0]) if isinstance(n, Initiative))
    page = first.source.boxes[0].page
    browser.get((folder / "index.html").as_uri())
    figure = browser.find_element(By.ID, f"page-{page}")
    browser.execute_script("arguments[0].scrollIntoView()", figure)
    png = figure.screenshot_as_png
    _keep("page-with-boxes.png", png, tmp_path)
    assert _share_of(png, (0, 0, 0), 90) > 0.01  # the page's text is drawn
    assert _share_of(png, INITIATIVE_BLUE) > 0.001  # and the initiatives' boxes over it
    assert not _selected(browser)


def test_clicking_a_node_selects_it_and_shows_its_boxes(site, browser, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    folder, document = site
    initiatives = [n for n in walk(document.chapters[0]) if isinstance(n, Initiative)]
    node = initiatives[len(initiatives) // 2]  # one far down the tree and the pages
    browser.get((folder / "index.html").as_uri())
    entry = browser.find_element(By.ID, f"t-{node.id}")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", entry)
    entry.click()
    boxes = [f"b-{node.id}-{i}" for i in range(len(node.source.boxes))]
    assert sorted(_selected(browser)) == sorted([f"t-{node.id}", *boxes])
    assert _inside(browser, boxes[0], "pages")
    _keep("node-selected.png", browser.get_screenshot_as_png(), tmp_path)


def test_clicking_a_box_selects_its_node_in_the_tree(site, browser, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    folder, document = site
    initiatives = [n for n in walk(document.chapters[0]) if isinstance(n, Initiative)]
    node = initiatives[-1]
    target = f"{node.id}/target1"
    browser.get((folder / "index.html").as_uri())
    box = browser.find_element(By.ID, f"b-{target}-0")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    assert f"t-{target}" in _selected(browser)
    assert _inside(browser, f"t-{target}", "tree")
    _keep("box-clicked.png", browser.get_screenshot_as_png(), tmp_path)
