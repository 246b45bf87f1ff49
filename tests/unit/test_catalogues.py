"""Every shipped catalogue is complete, unfuzzy, and keeps the source's placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from saferoute.i18n import KNOWN, TRANSLATIONS

SHIPPED = sorted(code for code in KNOWN if code != "en")
PHONE_LIKE = re.compile(r"\d{3,}(?![\d%])")  # 200%% zoom is not a number to dial


def catalogue(code: str):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=code)


def _forms(value) -> tuple:
    """A plural entry's id and string are tuples of forms."""
    return value if isinstance(value, tuple) else (value,)


def template_ids() -> set[str]:
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        return {_forms(m.id)[0] for m in read_po(handle) if m.id}


def test_every_language_but_english_ships_a_catalogue_and_no_other_does():
    assert len(SHIPPED) >= 13, "the 13 languages chosen for Kent's communities"
    shipped = sorted(path.parts[-3] for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    assert shipped == SHIPPED, "a catalogue for a language i18n.KNOWN does not list, or the other way round"


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogue_is_complete_and_passes_babel_checks(code):
    cat = catalogue(code)
    missing = [m.id for m in cat if m.id and not all(_forms(m.string))]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert not missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:3]}"
    assert not fuzzy, f"{code}: fuzzy entries {fuzzy[:3]}"
    problems = [(m.id, [str(e) for e in errors]) for m, errors in cat.check()]
    assert not problems, f"{code}: {problems[:3]}"
    assert {_forms(m.id)[0] for m in cat if m.id} >= template_ids(), f"{code}: run `make messages`"


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogue_records_that_native_review_is_pending(code):
    header = (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8").split("msgid", 1)[0]
    assert "REVIEW PENDING" in header and "docs/TRANSLATIONS.md" in header


def test_no_phone_number_in_any_catalogue():
    for path in [TRANSLATIONS / "messages.pot", *TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")]:
        with open(path, "rb") as handle:
            for message in read_po(handle):
                if not message.id:
                    continue  # the header (dates)
                texts = [*_forms(message.id), *_forms(message.string)]
                for text in texts:
                    assert not PHONE_LIKE.search(text or ""), f"{path}: number in {text!r}"


def test_template_is_up_to_date_with_the_code(tmp_path: Path):
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = TRANSLATIONS.parent
    with open(root / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    from babel.messages.extract import DEFAULT_KEYWORDS

    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}  # as `make messages` extracts
    extracted = {
        (msg if isinstance(msg, str) else msg[0])
        for _, _, msg, _, _ in extract_from_dir(str(root), method_map, options_map, keywords=keywords)
    }
    assert extracted == template_ids(), "strings changed: run `make messages` and translate the new ones"
