"""The console's presenters: counts in words, plurals, and the audit log in words."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from saferoute.staff import audit
from saferoute.staff.display import duration, plural
from saferoute.staff.presenters import ACTORS, audit_detail

TEMPLATES = Path(__file__).resolve().parents[2] / "saferoute" / "templates"
# A number with one of the units the code's rules are stated in (time-outs, lock-out, limits).
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
RULE_IN_WORDS = re.compile(r"\b\d+[ -](minutes?|hours?|days?|characters?|digits?|tries|failures?)\b")


@pytest.mark.parametrize(("count", "expected"), [(0, "0 tries"), (1, "1 try"), (2, "2 tries"), (11, "11 tries")])
def test_plural(count, expected):
    assert plural(count, "try", "tries") == expected


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=15), "15 minutes"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=8), "8 hours"),
    ],
)
def test_duration(span, expected):
    assert duration(span) == expected


def test_audit_details_are_read_by_the_action_they_belong_to():
    assert audit_detail("sign_in_failed", "password") == "wrong password"
    assert audit_detail("outcome", "done") == "Spoke - contact complete"
    assert audit_detail("outcome", "retired-code") == "retired-code"
    # An account may be called "password" or "done": its name is shown as it is.
    assert audit_detail("account_created", "password") == "password"
    assert audit_detail("unlock", "done") == "done"
    assert audit_detail("view", None) == ""


def test_audit_actors_in_words():
    assert ACTORS == {audit.UNKNOWN_ACTOR: "Unknown name", audit.CLI_ACTOR: "Command line"}


def test_no_template_restates_a_rule():
    """Time-outs, lock-outs and limits come from the code that enforces them ("Open 24 hours" is a state)."""
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        shown = JINJA_COMMENT.sub("", template.read_text(encoding="utf-8")).replace("Open 24 hours", "")
        found += [f"{template.relative_to(TEMPLATES)}: {match.group(0)}" for match in RULE_IN_WORDS.finditer(shown)]
    assert not found
