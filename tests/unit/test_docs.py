"""The maps are true: the README and docs/STAFF.md list every module, and state the code's facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from limits import parse_many

from saferoute import config
from saferoute.i18n import KNOWN
from saferoute.staff import accounts, auth, pace, sessions, throttle
from saferoute.staff import forms as staff_forms
from saferoute.staff.display import duration
from saferoute.staff.views import SIGN_IN_LIMIT

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
STAFF = (ROOT / "docs" / "STAFF.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def listed(text: str) -> set[str]:
    """Every `path` named in the first column of a table."""
    return {path for row in re.findall(r"^\| (.+?) \|", text, re.M) for path in re.findall(r"`([^`]+)`", row)}


def modules() -> list[str]:
    found = []
    for path in sorted((ROOT / "saferoute").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" not in relative:
            found.append(relative)
    return found


README_MAP = listed(section(README, "## Where things are"))
STAFF_MAP = listed(section(STAFF, "## Where it is in the code"))


@pytest.mark.parametrize("module", modules())
def test_every_module_is_on_a_map(module):
    staff = module.startswith("saferoute/staff/")
    where = STAFF_MAP if staff else README_MAP
    package = module.removesuffix("__init__.py") if module.endswith("/__init__.py") else None
    assert module in where or (package and package in where and not staff), (
        f"{module} is not listed in {'docs/STAFF.md' if staff else 'README.md'}"
    )


def test_every_path_on_the_maps_exists():
    for path in README_MAP | STAFF_MAP:
        for part in path.split(", "):
            assert (ROOT / part).exists(), f"the map names {part}, which is not there"


def _readme_row(name: str) -> tuple[str, str]:
    found = re.search(rf"^\| `{name}` \| (.+?) \| (.+?) \|$", README, re.M)
    assert found, f"{name} is not in the README's settings table"
    return found.group(1), found.group(2)


@pytest.mark.parametrize("name", list(config.DEFAULTS))
def test_the_readme_states_each_default_as_config_has_it(name):
    default, _meaning = _readme_row(name)
    value = config.DEFAULTS[name]
    if name.endswith("_FILE"):
        value = f"instance/{value}"
    assert default == f"`{value}`"


@pytest.mark.parametrize("name", list(config.WHOLE))
def test_the_readme_states_each_number_and_its_range(name):
    rule = config.WHOLE[name]
    default, meaning = _readme_row(name)
    assert default == f"`{rule.default}`"
    assert meaning.endswith(f"({rule.low} to {rule.high})")


def test_the_readme_states_the_other_defaults():
    assert _readme_row("SAFEROUTE_LANGUAGES")[0] == f"`{' '.join(KNOWN)}`"
    assert _readme_row("SAFEROUTE_DATABASE_URL")[0] == f"`sqlite:///instance/{config.DATABASE_FILE}`"
    directory = config.DEFAULT_DIRECTORY.relative_to(ROOT).as_posix()
    assert _readme_row("SAFEROUTE_DIRECTORY")[0] == f"`{directory}`"


def test_translations_md_lists_every_language():
    text = (ROOT / "docs" / "TRANSLATIONS.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z]+)` \| (.+?) \|", text, re.M))
    assert set(rows) == set(KNOWN) - {"en"}
    for code, shown in rows.items():
        assert shown.startswith(KNOWN[code].name), code


def test_staff_md_states_the_rules_the_code_enforces():
    text = " ".join(STAFF.split())
    per_minute, per_hour = (limit.amount for limit in parse_many(SIGN_IN_LIMIT))
    for statement in (
        f"A name is {auth.MIN_NAME} to {auth.MAX_NAME} letters",
        f"A password has at least {accounts.MIN_PASSWORD} characters",
        f"codes are {auth.CODE_DIGITS} digits",
        f"After {throttle.FREE_TRIES} failures from one address",
        f"from {duration(throttle.FIRST_WAIT)}, doubling up to {duration(throttle.LONGEST_WAIT)}",
        f"**{auth.MAX_CODE_FAILURES} wrong codes in a row after the right password lock the account for "
        f"{duration(auth.LOCK_FOR)}**",
        f"rate-limited per address ({per_minute} a minute, {per_hour} an hour)",
        f"`SAFEROUTE_STAFF_OPENS_PER_HOUR` ({config.WHOLE['SAFEROUTE_STAFF_OPENS_PER_HOUR'].default}) different "
        f"requests in the last hour, an account can open one new request every {duration(pace.SLOW_EVERY)}",
        f"**{duration(sessions.IDLE)} without a staff action** and **{duration(sessions.ABSOLUTE)} after sign-in**",
        f"(up to {staff_forms.NOTE_MAX} characters)",
    ):
        assert statement in text, statement
