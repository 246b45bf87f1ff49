"""Our stylesheets serve both directions and download nothing.

Right-to-left languages (Arabic, Urdu) reuse the same sheet, so it uses
logical properties only (margin-inline-start, not margin-left). Fonts are the
system's: no @font-face, @import or url() to another host.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = sorted((Path(__file__).resolve().parents[2] / "static" / "css").glob("*.css"))
COMMENTS = re.compile(r"/\*.*?\*/", re.S)
PHYSICAL = re.compile(
    r"(?<![\w-])(?:left|right|(?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)[\w-]*"
    r"|border-(?:top|bottom)-(?:left|right)-radius)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)\b",
)
DOWNLOADS = re.compile(r"@font-face|@import|url\(\s*['\"]?(?:https?:)?//", re.I)


def test_there_are_stylesheets():
    assert any(path.name == "site.css" for path in CSS)


@pytest.mark.parametrize("path", CSS, ids=lambda p: p.name)
def test_only_logical_properties(path):
    text = COMMENTS.sub("", path.read_text())
    found = [m.group(0) for m in PHYSICAL.finditer(text)]
    assert found == [], f"{path.name}: use logical properties (inline-start/end, inset-inline): {found}"


@pytest.mark.parametrize("path", CSS, ids=lambda p: p.name)
def test_no_font_or_file_from_elsewhere(path):
    text = COMMENTS.sub("", path.read_text())
    assert DOWNLOADS.findall(text) == [], f"{path.name}: system fonts only, nothing from another host"


@pytest.mark.parametrize(
    "snippet",
    [
        ".a { margin-left: 1rem }",
        ".a{left:0}",
        ".a { text-align: right; }",
        ".a { float: left }",
        ".a { border-right-width: 2px }",
        ".a { border-top-left-radius: 3px }",
        ".a { padding-right:0 }",
    ],
)
def test_the_check_sees_physical_properties(snippet):
    assert PHYSICAL.search(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        ".a { margin-inline-start: 1rem }",
        ".a { inset-inline-start: 0 }",
        ".a { text-align: start }",
        ".a { border-inline-end: 1px solid }",
        ".a { border-start-start-radius: 3px }",
        ".right-col { color: red }",
    ],
)
def test_the_check_lets_logical_ones_pass(snippet):
    assert not PHYSICAL.search(snippet)
