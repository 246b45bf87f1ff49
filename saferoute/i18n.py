"""Languages: which ones exist, which are served, lang/dir, and locale choice. All of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, g, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import LanguageAccept

from .config import ConfigError

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, so a reader finds their own
    # Its name in the reader's language ("Polish"), a lazy string, for the interpreter
    # choice. None for English, the hub's own language.
    called: Any = None
    dir: str = "ltr"


# URL codes chosen for Kent's communities; English is the source language. Served by
# default in this order (SAFEROUTE_LANGUAGES narrows it); offered as interpreter languages.
KNOWN = {
    lang.code: lang
    for lang in (
        Language("en", "English"),
        Language("pl", "Polski", _l("Polish")),
        Language("ro", "Română", _l("Romanian")),
        Language("lt", "Lietuvių", _l("Lithuanian")),
        Language("bg", "Български", _l("Bulgarian")),
        Language("uk", "Українська", _l("Ukrainian")),
        Language("ru", "Русский", _l("Russian")),
        Language("tr", "Türkçe", _l("Turkish")),
        Language("pt", "Português", _l("Portuguese")),
        Language("ar", "العربية", _l("Arabic"), "rtl"),
        Language("ur", "اردو", _l("Urdu"), "rtl"),
        Language("pa", "ਪੰਜਾਬੀ", _l("Punjabi")),
        Language("ne", "नेपाली", _l("Nepali")),
        Language("bn", "বাংলা", _l("Bengali")),
    )
}


def check_languages(codes: tuple[str, ...], translations: Path = TRANSLATIONS) -> tuple[Language, ...]:
    """Refuse to start with a language we cannot actually show."""
    if DEFAULT not in codes:
        raise ConfigError("SAFEROUTE_LANGUAGES must include en")
    for code in codes:
        if code not in KNOWN:
            raise ConfigError(f"SAFEROUTE_LANGUAGES: '{code}' is not a language SafeRoute knows")
        compiled = translations / code / "LC_MESSAGES" / "messages.mo"
        if code != DEFAULT and not compiled.is_file():
            raise ConfigError(f"SAFEROUTE_LANGUAGES: '{code}' has no compiled catalogue at {compiled} (run make)")
    return tuple(KNOWN[code] for code in codes)


def served(app: Flask | None = None) -> tuple[Language, ...]:
    from flask import current_app

    return (app or current_app).extensions["saferoute.languages"]


def best_match(accept: LanguageAccept, languages: tuple[Language, ...]) -> str:
    return accept.best_match([lang.code for lang in languages], default=DEFAULT) or DEFAULT


def current() -> Language:
    """The page's language: from the URL prefix, else what the browser asks for."""
    code = g.get("lang")
    if code is None:
        languages = served()
        first = request.path.strip("/").split("/", 1)[0]
        code = first if first in {lang.code for lang in languages} else best_match(request.accept_languages, languages)
    return KNOWN[code]


# Babel's plain "en" formats dates the American way; our English is British.
BABEL_LOCALE = {"en": "en_GB"}


def locale_selector() -> str:
    code = current().code
    return BABEL_LOCALE.get(code, code)


def init_app(app: Flask, codes: tuple[str, ...]) -> None:
    app.extensions["saferoute.languages"] = check_languages(codes)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)


def lang_prefixed(bp: Blueprint) -> None:
    """Views of `bp` take the language from a `<lang>` URL prefix; unknown codes are 404."""

    @bp.url_value_preprocessor
    def _pull_lang(endpoint, values) -> None:
        if values is None or "lang" not in values:
            return
        code = values.pop("lang")
        if code in {lang.code for lang in served()}:
            g.lang = code
        else:
            g.unknown_lang = True

    @bp.before_request
    def _refuse_unknown_lang() -> None:
        # Here, not in the preprocessor: the 404 then runs after the app's own
        # before_request hooks, like any other response.
        if g.get("unknown_lang"):
            abort(404)
