"""The sealed payload: what the public site seals, read back field by field by the console."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferoute.callback.forms import AVOID_MAX, LANGUAGE_MAX, NAME_MAX, NOTE_MAX
from saferoute.callback.payload import (
    LONGEST_MINUTES,
    MAX_WINDOWS,
    TYPED_ROOM,
    WINDOWS_IN_PADDED_SIZE,
    Malformed,
    SealedWindow,
    contents,
    padded_size,
    read,
)
from saferoute.callback.sealing import FORMAT_VERSION, PADDED_SIZE, encode
from saferoute.callback.vocabulary import CONTACT_METHODS, INTERPRETERS, PURPOSES, SOMEONE_ELSE
from saferoute.callback.windows import Window
from saferoute.kinds import REQUEST_KINDS

START = datetime(2026, 11, 23, 8, tzinfo=UTC)
SENT = datetime(2026, 11, 23, 6, 12, 30, 123456, tzinfo=UTC)
PRIVATE = {
    "phone": "+447911123456",
    "name": "Jo",
    "note": "After six",
    "voicemail": False,
    "texts": True,
    "say_who": False,
    "someone_else": "hang-up",
    "interpreter_other": "",
}


def test_what_is_sealed_reads_back_the_same():
    windows = [
        Window(START + timedelta(hours=2), START + timedelta(hours=4)),
        Window(START, START + timedelta(hours=1)),
    ]
    data = {"v": FORMAT_VERSION, **contents("S2QQ744GSG7H", "callback", SENT, windows, "video", "pl", PRIVATE)}
    payload = read(json.loads(json.dumps(data)))
    assert payload.windows == (
        SealedWindow(START, START + timedelta(hours=1)),
        SealedWindow(START + timedelta(hours=2), START + timedelta(hours=4)),
    )
    assert (payload.contact_method, payload.interpreter_language, payload.phone) == ("video", "pl", "+447911123456")
    assert (payload.kind, payload.sent, payload.about) == ("callback", SENT, {})


LONGEST_ANSWERS = {
    "phone": "+" + "9" * 15,  # E.164 has at most 15 digits
    "name": "\U0001f600" * NAME_MAX,  # 4 bytes in UTF-8: no character the form keeps takes more in JSON
    "note": "\U0001f600" * NOTE_MAX,
    "voicemail": False,
    "texts": False,
    "say_who": False,
    "someone_else": max((answer.code for answer in SOMEONE_ELSE), key=len),
    "interpreter_other": "\U0001f600" * LANGUAGE_MAX,
    "purpose": max((answer.code for answer in PURPOSES), key=len),
    "avoid": "\U0001f600" * AVOID_MAX,
}
LONGEST_KIND = max(REQUEST_KINDS, key=len)
LONGEST_METHOD = max((answer.code for answer in CONTACT_METHODS), key=len)
LONGEST_INTERPRETER = max(INTERPRETERS, key=len)


def test_the_longest_answers_the_form_accepts_fit_the_room_kept_for_them():
    longest = contents("K7QM3XPD9RTV", LONGEST_KIND, SENT, [], LONGEST_METHOD, LONGEST_INTERPRETER, LONGEST_ANSWERS)
    assert len(encode({"v": FORMAT_VERSION, **longest})) <= TYPED_ROOM


def test_the_largest_request_fits_the_padded_size():
    """Every window of the default eight days chosen, and every field at its longest in 4-byte characters."""
    windows = [
        Window(START + timedelta(days=day, hours=2 * i), START + timedelta(days=day, hours=2 * i + 2))
        for day in range(8)
        for i in range(7)
    ]
    data = {
        "v": FORMAT_VERSION,
        **contents("S2QQ744GSG7H", LONGEST_KIND, SENT, windows, LONGEST_METHOD, LONGEST_INTERPRETER, LONGEST_ANSWERS),
    }
    assert len(encode(data)) <= padded_size(len(windows)) == PADDED_SIZE


@pytest.mark.parametrize("count", [1, WINDOWS_IN_PADDED_SIZE, WINDOWS_IN_PADDED_SIZE + 1, MAX_WINDOWS])
def test_a_request_of_the_longest_windows_fits_the_size_its_window_count_sets(count):
    longest = timedelta(minutes=LONGEST_MINUTES)
    windows = [Window(START + i * longest, START + (i + 1) * longest) for i in range(count)]
    data = {
        "v": FORMAT_VERSION,
        **contents("S2QQ744GSG7H", LONGEST_KIND, SENT, windows, LONGEST_METHOD, LONGEST_INTERPRETER, LONGEST_ANSWERS),
    }
    assert len(encode(data)) <= padded_size(count)
    assert padded_size(count) == (PADDED_SIZE if count <= WINDOWS_IN_PADDED_SIZE else PADDED_SIZE + 1024)


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"v": 1},
        {"v": 3, "reference": "S2QQ744GSG7H"},
    ],
)
def test_what_is_not_a_request_is_malformed(data):
    with pytest.raises(Malformed):
        read(data)


def _valid() -> dict:
    windows = [Window(START, START + timedelta(hours=2))]
    return {"v": FORMAT_VERSION, **contents("S2QQ744GSG7H", "callback", SENT, windows, "phone", None, PRIVATE)}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("windows", [["00010101T0000Z", 60]]),  # UK time of year 1 is before the first datetime
        ("windows", [["99991231T2359Z", 1440]]),  # its end after the last
        ("name", "Jo\ud800"),  # half a character: no page can be sent with it
        ("note", "\udfff"),
        ("phone", "+\u0664\u0664\u0667\u0669\u0661\u0661\u0661\u0662\u0663\u0664\u0665\u0666"),  # not ASCII digits
    ],
)
def test_what_no_page_could_show_is_malformed(key, value):
    with pytest.raises(Malformed):
        read({**_valid(), key: value})


SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON = SCALAR | st.lists(SCALAR, max_size=3) | st.dictionaries(st.text(max_size=4), SCALAR, max_size=2)
WINDOW_LIKE = st.lists(
    st.one_of(JSON, st.tuples(st.from_regex(r"\A[0-9]{8}T[0-9]{4}Z\Z"), st.integers()).map(list)), max_size=4
)


@settings(max_examples=100, deadline=None)
@given(changes=st.dictionaries(st.sampled_from([*_valid(), "extra"]), JSON | WINDOW_LIKE, max_size=4))
def test_any_payload_is_read_whole_or_is_malformed(changes):
    """What a writer who holds the public key can seal: the console reads it or calls it malformed,
    and what it reads can be shown (in UK time, as a page) without an error."""
    try:
        payload = read({**_valid(), **changes})
    except Malformed:
        return
    for window in payload.windows:
        for moment in (window.start, window.end):
            if moment is not None:
                moment.astimezone(ZoneInfo("Europe/London"))
                (moment + timedelta(days=1)).astimezone(ZoneInfo("Europe/London"))
    " ".join([payload.name, payload.note, payload.interpreter_other, payload.phone]).encode()


# Kinds (issue 14): a kind's own answers are read by its own checks; a payload sealed before kinds is a call-back.

CLARES_LAW = {
    "way": "someone",
    "subject_name": "Sam Rivers",
    "other_names": "",
    "age": "1990-03-14",
    "area": "Ashford",
    "relation": "ex-partner",
    "at_risk_name": "Jo",
    "knows_at_risk": "",
}


def _sealed(kind: str, extra: dict) -> dict:
    windows = [Window(START, START + timedelta(hours=2))]
    return json.loads(
        json.dumps(
            {"v": FORMAT_VERSION, **contents("S2QQ744GSG7H", kind, SENT, windows, "phone", None, {**PRIVATE, **extra})}
        )
    )


def test_a_kinds_own_answers_are_read_by_its_checks():
    payload = read(_sealed("clares-law", CLARES_LAW))
    assert payload.kind == "clares-law" and payload.about == CLARES_LAW
    assert (
        read(_sealed("clares-law", {**CLARES_LAW, "subject_name": " <b>Sam</b>  Rivers "})).about["subject_name"]
        == "Sam Rivers"
    )


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "parking-fine"},
        {"subject_name": "!!!"},
        {"age": "2999-01-01x"},
        {"relation": "boss"},
        {"way": None},
        {"other_names": "x" * 5000},
        {"sent": "yesterday"},
        {"sent": "2026-11-23T06:00:00"},
    ],
)
def test_a_kind_or_answer_the_console_does_not_know_is_malformed(change):
    data = _sealed("clares-law", CLARES_LAW)
    data.update(change)
    with pytest.raises(Malformed):
        read(data)


def test_a_payload_sealed_before_kinds_is_a_call_back():
    data = _sealed("callback", {})
    del data["kind"], data["sent"]
    payload = read(data)
    assert (payload.kind, payload.sent) == ("callback", None)
