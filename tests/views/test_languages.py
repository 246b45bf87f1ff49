"""Every public page in every language: right lang and dir, nothing left in English."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from saferoute.help.pages import PAGES
from saferoute.i18n import KNOWN
from tests.apps import build_app

ALL = tuple(KNOWN)
RTL = {"ar", "ur"}


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory):
    from tests.apps import make_instance

    instance = make_instance(tmp_path_factory.mktemp("i18n") / "instance")
    return build_app(instance, {"SAFEROUTE_LANGUAGES": " ".join(ALL)})


def public_paths(app) -> list[str]:
    """Every GET page under a language prefix, found from the app so new pages are covered."""
    paths = ["/{lang}/"] + [f"/{{lang}}/{p.slug}" for p in PAGES]
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.arguments == {"lang"} and rule.rule not in ("/<lang>/",):
            paths.append(rule.rule.replace("<lang>", "{lang}"))
    return sorted(set(paths))


class VisibleText(HTMLParser):
    """Text nodes a reader sees, minus names marked translate="no" and other-language labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[bool] = []
        self.nodes: list[str] = []
        self.html_lang = self.html_dir = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang, self.html_dir = attrs.get("lang"), attrs.get("dir")
            return
        if tag in {"meta", "link", "input", "br", "img", "hr"}:
            return
        skip = tag in {"script", "style", "title"} or attrs.get("translate") == "no" or "lang" in attrs
        self.stack.append(skip)
        self.skip_depth += skip

    def handle_endtag(self, tag):
        if tag in {"html", "meta", "link", "input", "br", "img", "hr"} or not self.stack:
            return
        self.skip_depth -= self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if not self.skip_depth and text:
            self.nodes.append(text)


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parser = VisibleText()
    parser.feed(response.get_data(as_text=True))
    return parser


def english_sentences(nodes: list[str]) -> set[str]:
    # Two or more words of Latin letters: a sentence a reader would notice left in English.
    return {n for n in nodes if len(re.findall(r"[A-Za-z]{2,}", n)) >= 2}


@pytest.mark.parametrize("code", [c for c in ALL if c != "en"])
def test_every_page_is_in_its_language(multilingual, code):
    client = multilingual.test_client()
    for template in public_paths(multilingual):
        english = english_sentences(read(client, template.format(lang="en")).nodes)
        page = read(client, template.format(lang=code))
        path = template.format(lang=code)
        assert page.html_lang == code, path
        assert page.html_dir == ("rtl" if code in RTL else "ltr"), path
        left = english & set(page.nodes)
        assert not left, f"{path}: English left: {sorted(left)[:5]}"


def test_root_picks_the_browsers_language(multilingual):
    client = multilingual.test_client()
    assert client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}).headers["Location"] == "/pl/"
    assert client.get("/", headers={"Accept-Language": "ar"}).headers["Location"] == "/ar/"
    assert client.get("/", headers={"Accept-Language": "de"}).headers["Location"] == "/en/"


def test_language_switcher_names_each_language_in_itself(multilingual):
    html = multilingual.test_client().get("/ar/helplines").get_data(as_text=True)
    for code, lang in KNOWN.items():
        link = re.search(
            rf'<a href="/{code}/helplines" hreflang="{code}" lang="{code}" dir="{lang.dir}"[^>]*>([^<]+)</a>', html
        )
        assert link and link.group(1) == lang.name, code


def test_days_and_times_are_formatted_for_the_locale(multilingual):
    import time_machine

    client = multilingual.test_client()
    # Saturday noon: the weekday-only Kent line next opens on Monday at 8am.
    with time_machine.travel("2026-11-28 12:00:00+00:00", tick=False):
        english = client.get("/en/helplines").get_data(as_text=True)
        polish = client.get("/pl/helplines").get_data(as_text=True)
        arabic = client.get("/ar/helplines").get_data(as_text=True)
    assert "Monday at 08:00" in english
    assert "poniedziałek" in polish and "08:00" in polish
    assert "الاثنين" in arabic


def test_a_language_without_a_compiled_catalogue_stops_start_up(tmp_path):
    from saferoute.config import ConfigError
    from saferoute.i18n import check_languages

    (tmp_path / "pl" / "LC_MESSAGES").mkdir(parents=True)
    with pytest.raises(ConfigError, match="'pl' has no compiled catalogue"):
        check_languages(("en", "pl"), translations=tmp_path)
    with pytest.raises(ConfigError, match="'xx' is not a language"):
        check_languages(("en", "xx"), translations=tmp_path)
