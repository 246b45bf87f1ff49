"""Clare's Law (issue 14): the guidance page says what happens after asking, with its sources."""

from __future__ import annotations

import html
import re

from saferoute.config import PACKAGE_DIR
from saferoute.help.sources import CLARES_LAW
from tests.apps import build_app
from tests.pages import PageChecker

PAGE = "/en/clares-law"
KENT = PACKAGE_DIR / "directory" / "kent.toml"


def area_app(instance, tmp_path, change):
    """An app whose directory is Kent's with `change` made to the file's text."""
    area = tmp_path / "area.toml"
    area.write_text(change(KENT.read_text()))
    return build_app(instance, {"SAFEROUTE_DIRECTORY": str(area)})


def steps(parsed) -> list[str]:
    block = parsed.html.split('<ul class="next-steps">', 1)[1].split("</ul>", 1)[0]
    items = block.split("<li>")[1:]
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item))).strip() for item in items]


def test_the_page_says_what_happens_next_with_the_answer_time_from_the_directory(page):
    parsed = page(PAGE)
    assert steps(parsed) == [
        "The police check their records.",
        "They aim to give an answer within 28 days.",
        "If they think someone is in danger, they act straight away.",
        "If there is something to tell, they tell it in person. They never put it in writing.",
        "If you ask about someone else's partner, they usually tell the person at risk, not you.",
        "If they have nothing to tell, it does not mean the person is safe. Trust your feelings.",
        "They do not tell the person you ask about who asked.",
    ]
    assert "https://www.bbc.co.uk/news/uk-england-kent-68517802" in parsed.links, "the answer time's source"
    section = parsed.html.split('aria-labelledby="sources"', 1)[1]
    assert re.findall(r'<a href="(https://[^"]+)" rel="noreferrer noopener">', section) == [c.url for c in CLARES_LAW]


def test_right_to_know_needs_nobody_to_ask(page):
    text = page(PAGE).text
    assert "This is called the right to know. The police start it, so nobody needs to ask for it." in text


def test_the_answer_time_has_one_home(instance, tmp_path):
    app = area_app(instance, tmp_path, lambda text: text.replace("answer_days = 28", "answer_days = 21"))
    parsed = PageChecker(app.test_client())(PAGE)
    assert "They aim to give an answer within 21 days." in steps(parsed)
    assert not any("28" in step for step in steps(parsed))


def test_an_area_that_does_not_say_how_long_says_nothing_about_it(instance, tmp_path):
    def without(text: str) -> str:
        start = text.index("[clares_law]")
        return text[:start] + text[text.index("[[place]]", start) :]

    parsed = PageChecker(area_app(instance, tmp_path, without).test_client())(PAGE)
    assert not any("within" in step for step in steps(parsed))
    assert steps(parsed)[0] == "The police check their records."


def test_two_ways_in_say_which_is_which(page):
    parsed = page(PAGE)
    headings = re.findall(r'<h3 id="ask-(\w+)">([^<]+)</h3>\s*<p>([^<]+)</p>', parsed.html)
    assert [(way, html.unescape(title), html.unescape(who)) for way, title, who in headings] == [
        ("own", "Ask about your partner or ex-partner", "If you are worried about someone you are with, or were with."),
        (
            "someone",
            "Ask about the partner of someone you know",
            "If you are worried about a friend, relative or neighbour because of their partner or ex-partner.",
        ),
    ]
