"""What a call-back request can say, as codes, with the words each side reads.

The codes are what is stored (contact method, interpreter language) or sealed
(the safety answers). The public form asks in the reader's language; the
staff console, in English, shows the same codes as instructions to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from ..i18n import DEFAULT, KNOWN


@dataclass(frozen=True)
class Answer:
    code: str
    label: Any  # a lazy string: the choice as the public form offers it
    instruction: str = ""  # what the console tells the caller to do, where that is not the label


YES_NO = (Answer("yes", _l("Yes")), Answer("no", _l("No")))
CONTACT_METHODS = (
    Answer("phone", _l("Phone call")),
    Answer("video", _l("Video call")),
    Answer("textphone", _l("Textphone or Relay UK")),
)
SOMEONE_ELSE = (
    Answer("hang-up", _l("Hang up"), "Hang up."),
    Answer("ask-for-you", _l("Ask to speak to you, using your first name"), "Ask for them by their first name."),
    Answer("wrong-number", _l("Say it is a wrong number"), "Say it is a wrong number."),
)
# Why they asked (optional): shown to staff first, with what they must not do.
PURPOSES = (
    Answer("report", _l("Something happened that I want to report"), "To report something that happened"),
    Answer("advice", _l("I want advice and support"), "For advice and support"),
    Answer("video", _l("I would like a video call with an officer"), "For a video call with an officer"),
    Answer("not-sure", _l("Not sure"), "Not sure"),
)
# Interpreters: the site's languages other than English (each named in the reader's
# language), British Sign Language, or another language the person names.
OTHER_LANGUAGE = "other"
INTERPRETERS: dict[str, Any] = {
    **{code: lang.called for code, lang in KNOWN.items() if code != DEFAULT},
    "bsl": _l("British Sign Language"),
    OTHER_LANGUAGE: _l("Another language"),
}


def choices(answers: tuple[Answer, ...]) -> list[tuple[str, Any]]:
    """(code, label) pairs for a form field."""
    return [(answer.code, answer.label) for answer in answers]


def method_name(code: str) -> str:
    """A contact method in words (the console's English)."""
    return next((str(a.label) for a in CONTACT_METHODS if a.code == code), code)


def if_someone_else(code: str | None, name: str = "") -> str:
    """What the console tells the caller to do if someone else answers: hang up when unsure."""
    if code == "ask-for-you" and name:
        return f"Ask for “{name}” by first name."
    return next((a.instruction for a in SOMEONE_ELSE if a.code == code), SOMEONE_ELSE[0].instruction)


def interpreter_name(code: str) -> str:
    """An interpreter language in words; an unknown code as it is."""
    return str(INTERPRETERS.get(code, code))


def purpose_name(code: str | None) -> str:
    """Why they asked, in the console's words; "Not said" when they chose nothing."""
    return next((a.instruction for a in PURPOSES if a.code == code), "Not said")
