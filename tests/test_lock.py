"""The lock files (requirements/*.txt, made by `make lock`) hold what
pyproject.toml asks for: every dependency pinned, at a version its range
allows, with hashes; and the test lock installs the same versions as the
production one. A dependency added to pyproject.toml without `make lock`
fails here, not on a newcomer's machine."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ \\;]+)")


def pins(lock: str) -> dict[str, str]:
    """{package: version} of a lock file; fails on a pin without a hash."""
    text = (ROOT / "requirements" / lock).read_text()
    found = {}
    for entry in re.split(r"\n(?=\S)", text):
        match = PIN.match(entry)
        if match:
            assert "--hash=sha256:" in entry, f"{lock}: {match[1]} has no hash"
            found[canonicalize_name(match[1])] = match[2]
    return found


PRODUCTION = [Requirement(line) for line in PYPROJECT["project"]["dependencies"]]
TEST = [Requirement(line) for line in PYPROJECT["project"]["optional-dependencies"]["test"]]


@pytest.mark.parametrize(
    ("lock", "wanted"),
    [("production.txt", PRODUCTION), ("dev.txt", PRODUCTION + TEST)],
)
def test_each_dependency_is_pinned_in_its_range(lock, wanted):
    pinned = pins(lock)
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in requirements/{lock}: run make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"requirements/{lock} pins {requirement.name} {pinned[name]}, outside "
            f"pyproject.toml's {requirement.specifier}: run make lock"
        )


def test_the_development_lock_installs_what_production_runs():
    production, development = pins("production.txt"), pins("dev.txt")
    differ = {
        name: (version, development.get(name))
        for name, version in production.items()
        if development.get(name) != version
    }
    assert not differ


def test_the_lock_holds_the_build_tools_for_an_install_without_the_network():
    # `make install` builds the project with --no-build-isolation: setuptools
    # must come from the lock, not from an unpinned download.
    assert "setuptools" in pins("production.txt")
    assert {"setuptools", "pip"} <= pins("dev.txt").keys()
