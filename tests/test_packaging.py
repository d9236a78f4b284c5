"""The installed layout: one top-level package, ``keikaku``, holding pipeline/ and parsers/."""

import tomllib
from importlib.metadata import version

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(line) for line in lines]


def test_dependencies_are_ranges_and_the_constraints_pin_each_within_its_range() -> None:
    pins = _constraints()
    for requirement in _requirements():
        assert not any(s.operator == "==" for s in requirement.specifier), requirement
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(pinned), (requirement, pinned)


def test_the_environment_is_installed_from_the_constraints() -> None:
    for name, pinned in _constraints().items():
        assert version(name) == pinned, name
