"""References: short, unambiguous, unguessable, and forgiving when typed back.

Eleven random characters from Crockford's alphabet (55 bits, from `secrets`)
plus one check character, shown as three groups of four: K7QM-3XPD-9RTV.
The check character catches almost every typing mistake, so a mistyped
reference is reported as mistyped instead of quietly withdrawing nothing.
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O or U
RANDOM_CHARS = 11
LENGTH = RANDOM_CHARS + 1
BITS = RANDOM_CHARS * 5
# What people type for what they see: O for 0, I or L for 1; any dashes or spaces.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._/]+")
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def _check_char(body: str) -> str:
    return ALPHABET[hashlib.sha256(b"saferoute-reference:" + body.encode()).digest()[0] % 32]


def new() -> str:
    """A new reference, normalised (no dashes): store this, show format(it)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return body + _check_char(body)


def format(reference: str) -> str:
    return "-".join(reference[i : i + 4] for i in range(0, len(reference), 4))


def normalise(typed: str) -> str | None:
    """What someone typed, as stored; None if it cannot be a reference (wrong length, characters or check)."""
    text = _SEPARATORS.sub("", typed.strip().upper()).translate(_LOOKALIKES)
    if not _VALID.match(text) or _check_char(text[:-1]) != text[-1]:
        return None
    return text


EXAMPLE = format("K7QM3XPD9RT" + _check_char("K7QM3XPD9RT"))
