"""The check's data: every question can show its meaning, and everything it cites is sound."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from saferoute.help import abuse, check, sources
from saferoute.help.pages import BY_SLUG, PAGES

SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def test_the_stylesheet_can_show_every_questions_meaning():
    """Without JavaScript a "yes" shows its meaning by position: the sheet needs a rule for each."""
    css = SITE_CSS.read_text()
    pairs = re.findall(
        r"\.check-questions > li:nth-child\((\d+)\) \.check-yes:checked\) \.check-meanings > li:nth-child\((\d+)\)", css
    )
    assert all(question == meaning for question, meaning in pairs), "a yes must show its own meaning"
    covered = {int(question) for question, _ in pairs}
    assert covered >= set(range(1, len(check.QUESTIONS) + 1)), "add nth-child rules to site.css"


def test_question_keys_are_unique_and_safe_as_ids():
    keys = [q.key for q in check.QUESTIONS]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", key) for key in keys)


def test_every_question_points_somewhere_and_every_page_it_names_exists():
    for question in check.QUESTIONS:
        assert question.routes, question.key
        for route in question.routes:
            if isinstance(route, check.Guide):
                assert route.slug in BY_SLUG, route


def test_every_law_line_names_its_law():
    for form in abuse.FORMS:
        assert "%(law)s" in str(form.law_text), form.key
        assert urlsplit(form.law.url).netloc == "www.legislation.gov.uk"


def test_citations_are_https_and_checked_no_later_than_today():
    cited = {source for page in PAGES for source in page.sources}
    assert cited, "guidance pages cite their sources"
    for source in cited:
        assert urlsplit(source.url).scheme == "https", source
        assert source.checked <= date.today()
    unused = {value for value in vars(sources).values() if isinstance(value, sources.Citation) and value not in cited}
    assert not unused, f"cited nowhere: {unused}"


def test_a_page_is_checked_as_of_its_oldest_source():
    page = BY_SLUG["is-this-abuse"]
    assert page.checked == min(source.checked for source in page.sources)
    assert BY_SLUG["privacy"].checked is None
