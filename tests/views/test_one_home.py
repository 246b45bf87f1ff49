"""One home per fact: the numbers a page shows are the numbers the code enforces."""

from __future__ import annotations

import re

import pytest

from saferoute.callback import forms
from saferoute.staff import auth, sessions, throttle
from saferoute.staff import forms as staff_forms
from saferoute.staff.display import duration
from tests.callback_support import FORM_URL, WITHDRAW_URL, send
from tests.pages import PageChecker
from tests.staff_support import build_staff_app, make_request, make_user, sign_in


def maxlength(page, field_id: str) -> int:
    element = page.by_id(field_id)
    assert element is not None, field_id
    return int(element.attrs["maxlength"])


def test_public_boxes_tell_the_browser_the_limits_the_form_keeps(page):
    form = page(FORM_URL)
    assert maxlength(form, "phone") == forms.PHONE_MAX
    assert maxlength(form, "name") == forms.NAME_MAX
    assert maxlength(form, "note") == forms.NOTE_MAX
    assert maxlength(form, "interpreter_other") == forms.LANGUAGE_MAX
    assert form.by_id("note-hint").text.strip().endswith(f"up to {forms.NOTE_MAX} characters.")
    assert maxlength(page(WITHDRAW_URL), "reference") == forms.REFERENCE_MAX


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("name", forms.NAME_MAX, "The first name or code word must be {} characters or fewer"),
        ("note", forms.NOTE_MAX, "The note must be {} characters or fewer"),
    ],
)
def test_one_character_over_a_limit_is_refused_in_words_that_name_it(client, field, limit, message):
    refused = send(client, **{field: "x" * (limit + 1)}).get_data(as_text=True)
    assert message.format(limit) in refused
    accepted = send(client, **{field: "x" * limit}).get_data(as_text=True)
    assert message.format(limit) not in accepted and "Your request is sent" in accepted


def test_interpreter_language_over_its_limit_is_refused(client):
    html = send(client, interpreter="other", interpreter_other="x" * (forms.LANGUAGE_MAX + 1)).get_data(as_text=True)
    assert f"The language name must be {forms.LANGUAGE_MAX} characters or fewer" in html


@pytest.fixture
def staff_app(instance):
    return build_staff_app(instance)


def test_the_console_states_the_rules_its_code_enforces(staff_app):
    client = staff_app.test_client()
    check = PageChecker(client, allow_cookie=True)
    form = check("/staff/sign-in")
    assert maxlength(form, "name") == auth.MAX_NAME
    assert maxlength(form, "code") == staff_forms.CODE_MAX
    assert form.by_id("code-hint").text.strip() == f"{auth.CODE_DIGITS} digits. Each code works once."
    footer = re.sub(r"\s+", " ", form.all("footer")[0].text)
    assert f"signed out after {duration(sessions.IDLE)} without activity" in footer
    assert f"after {duration(sessions.ABSOLUTE)} in all" in footer
    assert (duration(sessions.IDLE), duration(sessions.ABSOLUTE)) == ("15 minutes", "8 hours")

    make_user(staff_app, "ana")
    failed = sign_in(client, "ana", None, code="000000").get_data(as_text=True)
    lock_out = (
        f"After {throttle.FREE_TRIES} wrong tries, further tries from the same place wait, from "
        f"{duration(throttle.FIRST_WAIT)} up to {duration(throttle.LONGEST_WAIT)}. {auth.MAX_CODE_FAILURES} wrong "
        f"codes in a row after the right password lock the account for {duration(auth.LOCK_FOR)}."
    )
    assert lock_out in failed


def test_the_outcome_note_states_its_own_limit(staff_app):
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    request_id = make_request(staff_app, [(now + timedelta(hours=1), now + timedelta(hours=3))])
    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    shown = PageChecker(client, allow_cookie=True)(f"/staff/requests/{request_id}")
    assert maxlength(shown, "note") == staff_forms.NOTE_MAX
    assert shown.by_id("note-hint").text.startswith(f"Up to {staff_forms.NOTE_MAX} characters.")
