"""`flask directory stale`: what a maintainer must check again, with the sources to check it against."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine


def stale(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["directory", "stale", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_lists_entries_checked_longer_ago_than_asked(app):
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False):
        output = stale(app, "--days", "5")
    assert output.splitlines()[0] == "in-person: Police station (checked 8 days ago, on 2026-11-23)"
    assert "    https://www.kent.police.uk/contact/af/contact-us/" in output
    assert "galop" not in output
    assert output.splitlines()[-1] == "directory stale: 1 to check again (older than 5 days)"


def test_half_a_year_on_everything_is_due_and_the_bank_holidays_have_run_out(app):
    routes = app.extensions["saferoute.directory"].routes
    with time_machine.travel(datetime(2027, 6, 1, 12, 0, tzinfo=UTC), tick=False):
        output = stale(app)  # 180 days by default
    for route in routes:
        assert f"\n{route.id}: " in f"\n{output}", route.id
    assert "bank_holidays: Bank holidays (listed only until 2026-12-31, on 2026-12-01)" in output
    assert "clares_law: Clare's Law answer time (checked 182 days ago, on 2026-12-01)" in output
    assert "    https://www.bbc.co.uk/news/uk-england-kent-68517802" in output
    assert output.splitlines()[-1] == f"directory stale: {len(routes) + 2} to check again (older than 180 days)"


def test_nothing_due_says_so(app):
    with time_machine.travel(datetime(2026, 11, 24, 12, 0, tzinfo=UTC), tick=False):
        assert stale(app, "--days", "30") == "directory stale: 0 to check again (older than 30 days)\n"


def test_days_must_be_a_whole_number(app):
    result = app.test_cli_runner().invoke(args=["directory", "stale", "--days", "soon"])
    assert result.exit_code != 0 and "soon" in result.output
