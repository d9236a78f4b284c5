"""The installed layout: one top-level package, ``keikaku``, holding pipeline/ and parsers/."""

import tomllib

from tests.conftest import ROOT


def _declared() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_folder_is_installed_under_keikaku() -> None:
    found = {"keikaku"}
    for folder in ("pipeline", "parsers"):
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT).parts
            found.add(".".join(("keikaku", *relative)))
    assert _declared() == found


def test_nothing_but_keikaku_at_the_top() -> None:
    assert {name.split(".")[0] for name in _declared()} == {"keikaku"}
