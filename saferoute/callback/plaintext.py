"""Plain text from what was typed: no markup, no control or direction characters, tidy spaces.

Used on everything a person or a staff member types before it is sealed.
"""

from __future__ import annotations

import html
import re
import unicodedata

import bleach

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str | None, multiline: bool = False) -> str:
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True))
    if not multiline:
        text = " ".join(text.split())
    else:
        text = "\n".join(" ".join(line.split()) for line in text.strip().split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
