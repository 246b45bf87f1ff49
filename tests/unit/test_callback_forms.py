"""Form helpers: plain text only, phone numbers as E.164, settings read and checked."""

from __future__ import annotations

import pytest

from saferoute import config
from saferoute.callback.forms import can_get_texts, e164
from saferoute.callback.plaintext import clean_text


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("  Sam  ", "Sam"),
        ("<b>Sam</b>", "Sam"),
        ("<script>alert(1)</script>Sam", "alert(1)Sam"),
        ("Tom & Jerry < 3", "Tom & Jerry < 3"),
        ("a\x00b\x07c\u202ed\u200be", "abcde"),
        ("<!-- hidden -->x", "x"),
        ("two\nlines", "two lines"),
    ],
)
def test_single_line_text_is_plain(typed, clean):
    assert clean_text(typed) == clean


def test_a_note_keeps_its_lines_but_not_markup():
    assert clean_text("Line one\r\n\r\n\r\n\r\n<i>Line</i>   two\n", multiline=True) == "Line one\n\nLine two"
    assert clean_text(None) == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07911 123456", "+447911123456"),
        ("07911123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("(020) 7946 0123", "+442079460123"),
        ("+48 512 345 678", "+48512345678"),
        ("+1 415 555 2671", "+14155552671"),
    ],
)
def test_phone_numbers_uk_by_default_international_accepted_stored_as_e164(typed, stored):
    assert e164(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "123", "07911 12345", "phone me", "0791112345678901234567890", "+999 123", "07911<123456>", "9" * 41]
)
def test_numbers_that_are_not_real_are_refused(typed):
    assert e164(typed) is None


def test_video_calls_need_a_number_that_takes_texts():
    assert can_get_texts("+447911123456")
    assert not can_get_texts("+442079460123")


def test_callback_settings_defaults_and_overrides(tmp_path):
    settings = config.from_environ({}, instance=tmp_path)
    assert (settings.callback_window_minutes, settings.callback_lead_minutes, settings.callback_horizon_days) == (
        120,
        30,
        7,
    )
    assert settings.callback_rate_limit == "5 per hour;20 per day"
    assert settings.withdraw_rate_limit == "10 per hour;30 per day"
    settings = config.from_environ(
        {
            "SAFEROUTE_CALLBACK_WINDOW_MINUTES": "60",
            "SAFEROUTE_CALLBACK_LEAD_MINUTES": "0",
            "SAFEROUTE_CALLBACK_HORIZON_DAYS": "14",
            "SAFEROUTE_CALLBACK_RATE_LIMIT": "100 per minute",
            "SAFEROUTE_WITHDRAW_RATE_LIMIT": "1/second",
        },
        instance=tmp_path,
    )
    assert (settings.callback_window_minutes, settings.callback_lead_minutes, settings.callback_horizon_days) == (
        60,
        0,
        14,
    )
    assert settings.callback_rate_limit == "100 per minute" and settings.withdraw_rate_limit == "1/second"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SAFEROUTE_CALLBACK_WINDOW_MINUTES": "two hours"}, "SAFEROUTE_CALLBACK_WINDOW_MINUTES"),
        ({"SAFEROUTE_CALLBACK_WINDOW_MINUTES": "5"}, "between 15 and 720"),
        ({"SAFEROUTE_CALLBACK_LEAD_MINUTES": "-1"}, "SAFEROUTE_CALLBACK_LEAD_MINUTES"),
        ({"SAFEROUTE_CALLBACK_HORIZON_DAYS": "0"}, "SAFEROUTE_CALLBACK_HORIZON_DAYS"),
        ({"SAFEROUTE_CALLBACK_RATE_LIMIT": "lots"}, "SAFEROUTE_CALLBACK_RATE_LIMIT"),
        ({"SAFEROUTE_WITHDRAW_RATE_LIMIT": "5 per fortnight"}, "SAFEROUTE_WITHDRAW_RATE_LIMIT"),
    ],
)
def test_bad_callback_settings_are_refused_by_name(tmp_path, env, message):
    with pytest.raises(config.ConfigError, match=message):
        config.from_environ(env, instance=tmp_path)
