"""A `client_request`-style helper: fetch, parse, and check every page's promises.

Each fetched page is checked for: the expected status, a <title>, unique ids,
no inline script or style, scripts only from our origin (no nonce: the CSP
allows them by 'self'), form actions that point at our own routes, and no cookie (unless the
checker is told the page is the staff console's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

INLINE_HANDLER = re.compile(r"^on[a-z]+$")
# Blocks a browser will not nest in <p>: it closes the paragraph early and leaves an empty one.
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class ParsedPage:
    status: int
    headers: dict
    html: str
    elements: list[Element] = field(default_factory=list)
    title: str = ""
    text: str = ""

    def all(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())]

    def by_id(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.attrs.get("id") == element_id), None)

    @property
    def links(self) -> list[str]:
        return [e.attrs.get("href", "") for e in self.all("a")]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.text: list[str] = []
        self.inline: list[str] = []
        self.misnested: list[str] = []
        self._in_script_or_style = False

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v or "") for k, v in attrs})
        self.elements.append(element)
        if tag in BLOCKS and any(open_.tag == "p" for open_ in self.stack):
            self.misnested.append(f"<{tag}> inside <p>")
        if tag in {"script", "style"}:
            self._in_script_or_style = True
        if tag not in {"meta", "link", "input", "br", "img", "hr"}:
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._in_script_or_style = False
        while self.stack:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data):
        if self._in_script_or_style and data.strip():
            self.inline.append(data.strip()[:60])
            return
        self.text.append(data)
        for element in self.stack:
            element.text += data


class PageChecker:
    def __init__(self, client, allow_cookie: bool = False) -> None:
        """`allow_cookie` is for the staff console only: its session needs one. Public pages never."""
        self.client = client
        self.allow_cookie = allow_cookie

    def __call__(self, url: str, status: int = 200, method: str = "get", **kwargs) -> ParsedPage:
        response = getattr(self.client, method)(url, **kwargs)
        assert response.status_code == status, f"{url}: {response.status_code}, expected {status}"
        if not self.allow_cookie:
            assert "Set-Cookie" not in response.headers, f"{url} sets a cookie"
        html = response.get_data(as_text=True)
        parser = _Parser()
        parser.feed(html)
        page = ParsedPage(response.status_code, response.headers, html, parser.elements)
        page.text = " ".join(" ".join(parser.text).split())
        titles = page.all("title")
        assert len(titles) == 1 and titles[0].text.strip(), f"{url}: needs exactly one non-empty <title>"
        page.title = titles[0].text.strip()
        self._check(url, page, parser, response)
        return page

    @staticmethod
    def _check(url, page: ParsedPage, parser: _Parser, response) -> None:
        ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert not duplicates, f"{url}: duplicate ids {duplicates}"
        assert not parser.inline, f"{url}: inline script or style {parser.inline}"
        assert not parser.misnested, f"{url}: {parser.misnested}"
        assert not page.all("style"), f"{url}: <style> element"
        for element in page.elements:
            handlers = [a for a in element.attrs if INLINE_HANDLER.match(a)]
            assert not handlers, f"{url}: inline handler {handlers} on <{element.tag}>"
            assert "style" not in element.attrs, f"{url}: style attribute on <{element.tag}>"
            assert not any(a.startswith("hx-on") for a in element.attrs), f"{url}: hx-on evaluates strings"
        for script in page.all("script"):
            src = script.attrs.get("src", "")
            assert src.startswith("/static/"), f"{url}: script not from our origin: {src!r}"
            assert "nonce" not in script.attrs, f"{url}: a nonce on a script the CSP allows by 'self'"
        for sheet in page.all("link", rel="stylesheet"):
            assert sheet.attrs["href"].startswith("/static/"), f"{url}: stylesheet from elsewhere"
        for form in page.all("form"):
            action = form.attrs.get("action", "")
            assert action.startswith("/") and not action.startswith("//"), f"{url}: form action {action!r}"
        for link in page.all("a"):
            href = link.attrs.get("href", "")
            if href.startswith(("http://", "https://", "//")):
                assert set(link.attrs.get("rel", "").split()) >= {"noreferrer", "noopener"}, (
                    f"{url}: outbound link {href} without rel=noreferrer noopener"
                )
