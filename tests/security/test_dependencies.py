"""Dependencies: every one pinned, installed as pinned, and at or above the releases that fixed known advisories.

The advisory check itself (``scripts/audit_dependencies.sh``, pip-audit) needs the advisory
service on the internet; these hold wherever the suite runs.
"""

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from packaging.version import Version

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!-]+)$")


def requirement_lines() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in REQUIREMENTS.read_text().splitlines())
    return [line for line in lines if line]


def pins() -> dict[str, Version]:
    found = {}
    for line in requirement_lines():
        match = PIN.match(line)
        assert match, f"not pinned to one version: {line!r}"
        found[canonicalize_name(match["name"])] = Version(match["version"])
    return found


def test_every_requirement_is_pinned_to_one_version():
    assert len(pins()) == len(requirement_lines()) > 50


def test_what_is_installed_is_what_is_pinned():
    for name, version in pins().items():
        assert Version(metadata.version(name)) == version, name


@pytest.mark.parametrize(
    ("name", "floor", "line"),
    [
        ("django", "5.2.19", "5.2"),  # the newest patch of the 5.2 LTS line when this was written
        ("pillow", "13.0.0", None),
        ("djangorestframework", "3.15.2", None),
        ("gunicorn", "23.0.0", None),  # request smuggling fixed in 22.0 and 23.0
        ("requests", "2.32.4", None),  # credentials leaked to other hosts before 2.32.4
        ("urllib3", "2.5.0", None),  # redirects not disabled as asked before 2.5.0
        ("django-import-export", "4.0.0", None),
    ],
)
def test_no_release_below_the_fix_of_a_known_advisory(name, floor, line):
    pinned = pins()[name]

    assert pinned >= Version(floor)
    if line:
        assert f"{pinned.major}.{pinned.minor}" == line


def test_the_sign_in_lockout_is_a_dependency():
    assert "django-axes" in pins()
