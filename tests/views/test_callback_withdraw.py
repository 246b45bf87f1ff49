"""Withdrawing a request: deleted at once, rate-limited, and the answer never says whether it existed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from saferoute.callback import reference as references
from saferoute.callback.models import CallbackRequest, CallbackWindow, SpentFormKey
from saferoute.extensions import db
from tests.apps import build_app
from tests.callback_support import (
    FORM_URL,
    SAME_ORIGIN,
    WITHDRAW_URL,
    answers,
    reference_in,
    send,
    token_in,
    withdraw,
)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_withdraw_page_keeps_every_promise(page):
    parsed = page(WITHDRAW_URL)
    assert parsed.title == "Withdraw a request - SafeRoute"
    assert parsed.links[0] == "/exit?lang=en" and "tel:999" in parsed.links
    form = parsed.all("form")[0]
    assert form.attrs["action"] == WITHDRAW_URL and form.attrs["hx-post"] == WITHDRAW_URL
    assert parsed.by_id("reference").attrs["autocomplete"] == "off"
    assert references.EXAMPLE in parsed.text
    assert "If a call from us is no longer safe for you" in parsed.text, "whose safety: the person's"


def test_a_reference_withdraws_its_request_at_once(app, client):
    shown = reference_in(send(client).get_data(as_text=True))
    other = reference_in(send(client).get_data(as_text=True))
    assert count(app, CallbackRequest) == 2 and count(app, CallbackWindow) == 4
    typed = shown.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    response = withdraw(client, typed)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Request withdrawn" in text and "we have deleted it" in text
    assert count(app, CallbackRequest) == 1 and count(app, CallbackWindow) == 2
    with app.app_context():
        assert db.session.scalar(select(CallbackRequest.reference)) == references.normalise(other)


def test_the_withdrawn_page_keeps_every_promise(client, page):
    shown = reference_in(send(client).get_data(as_text=True))
    html = client.get(WITHDRAW_URL).get_data(as_text=True)
    parsed = page(WITHDRAW_URL, method="post", data={"token": token_in(html), "reference": shown}, headers=SAME_ORIGIN)
    assert parsed.title == "Request withdrawn - SafeRoute"
    assert parsed.links[0] == "/exit?lang=en" and "tel:999" in parsed.links
    assert shown not in parsed.html and references.normalise(shown) not in parsed.html


def test_the_answer_is_the_same_whether_or_not_the_reference_existed(app, client):
    shown = reference_in(send(client).get_data(as_text=True))
    real = withdraw(client, shown)
    body = references.new()
    unknown = withdraw(client, references.format(body))
    again = withdraw(client, shown)

    def main(response):
        return response.get_data(as_text=True).split('id="main"')[1]

    assert real.status_code == unknown.status_code == again.status_code == 200
    assert main(real) == main(unknown) == main(again)
    assert count(app, CallbackRequest) == 0


@pytest.mark.parametrize("typed", ["", "   ", "ABC", "K7QM-3XPD-9RTV-XXXX", "<b>hi</b>", "U" * 12, "x" * 300])
def test_something_that_cannot_be_a_reference_gets_a_message_and_is_kept(page, client, typed):
    html = client.get(WITHDRAW_URL).get_data(as_text=True)
    parsed = page(WITHDRAW_URL, method="post", data={"token": token_in(html), "reference": typed}, headers=SAME_ORIGIN)
    assert parsed.title.startswith("Error: ")
    assert ("Enter your reference" if not typed.strip() else "That is not a reference we gave") in parsed.text
    assert parsed.by_id("reference").attrs["value"] == typed.strip() or typed.strip() == ""
    assert "#reference" in parsed.links


def test_a_mistyped_reference_is_caught_not_quietly_accepted(app, client):
    shown = reference_in(send(client).get_data(as_text=True))
    ref = references.normalise(shown)
    wrong = ref[:3] + ("A" if ref[3] != "A" else "B") + ref[4:]
    if references.normalise(wrong) is None:  # the check character caught it (almost always)
        text = withdraw(client, wrong).get_data(as_text=True)
        assert "That is not a reference we gave" in text
    assert count(app, CallbackRequest) == 1


def test_sending_the_old_form_again_after_withdrawing_does_not_bring_it_back(app, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    data = answers(html)
    shown = reference_in(client.post(FORM_URL, data=data, headers=SAME_ORIGIN).get_data(as_text=True))
    withdraw(client, shown)
    assert count(app, SpentFormKey) == 1
    text = client.post(FORM_URL, data=data, headers=SAME_ORIGIN).get_data(as_text=True)
    assert "This request was withdrawn" in text
    assert reference_in(text) is None
    assert count(app, CallbackRequest) == 0
    # A fresh send of those answers, on purpose, is a new request.
    again = client.post(FORM_URL, data={**data, "token": token_in(text)}, headers=SAME_ORIGIN).get_data(as_text=True)
    assert reference_in(again) not in (None, shown)


def test_withdrawing_is_rate_limited_and_keeps_what_was_typed(instance):
    app = build_app(instance, {"SAFEROUTE_WITHDRAW_RATE_LIMIT": "3 per hour"})
    client = app.test_client()
    for _ in range(3):
        assert withdraw(client, references.format(references.new())).status_code == 200
    typed = references.format(references.new())
    limited = withdraw(client, typed)
    text = limited.get_data(as_text=True)
    assert limited.status_code == 429
    assert "Set-Cookie" not in limited.headers and "<title>Error: Withdraw a request" in text
    assert "Too many tries" in text and f'value="{typed}"' in text
    assert "tel:999" in text and "/exit?lang=en" in text


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}])
def test_cross_site_withdrawals_are_refused(app, client, headers):
    shown = reference_in(send(client).get_data(as_text=True))
    assert withdraw(client, shown, headers=headers).status_code == 403
    assert count(app, CallbackRequest) == 1


def test_an_old_or_forged_withdraw_form_comes_back_with_the_reference(app, client):
    shown = reference_in(send(client).get_data(as_text=True))
    for token in ("", "forged", token_in(client.get(FORM_URL).get_data(as_text=True))):
        response = client.post(WITHDRAW_URL, data={"token": token, "reference": shown}, headers=SAME_ORIGIN)
        text = response.get_data(as_text=True)
        assert "Something went wrong with this form" in text and f'value="{shown}"' in text
    html = client.get(WITHDRAW_URL).get_data(as_text=True)
    text = client.post(
        WITHDRAW_URL, data={"token": token_in(html), "reference": shown, "leave_blank": "x"}, headers=SAME_ORIGIN
    ).get_data(as_text=True)
    assert "Something went wrong with this form" in text
    assert count(app, CallbackRequest) == 1


def test_a_hundred_forged_posts_do_not_stop_a_person_withdrawing(app, client):
    shown = reference_in(send(client).get_data(as_text=True))
    with time_machine.travel(datetime.now(UTC) - timedelta(hours=4)):
        old = token_in(client.get(WITHDRAW_URL).get_data(as_text=True))
    good = token_in(client.get(WITHDRAW_URL).get_data(as_text=True))
    forged = [
        ({"Sec-Fetch-Site": "cross-site"}, {"token": good}),  # a hostile page, even with a real token
        ({"Origin": "https://evil.example"}, {"token": good}),
        (SAME_ORIGIN, {"token": "forged"}),
        (SAME_ORIGIN, {"token": old}),
        (SAME_ORIGIN, {"token": good, "leave_blank": "x"}),
    ]
    for n in range(100):
        headers, data = forged[n % len(forged)]
        response = client.post(WITHDRAW_URL, data={"reference": shown, **data}, headers=headers)
        assert response.status_code in (200, 403)
        assert "Request withdrawn" not in response.get_data(as_text=True)
    assert count(app, CallbackRequest) == 1
    assert "Request withdrawn" in withdraw(client, shown).get_data(as_text=True)
    assert count(app, CallbackRequest) == 0


def test_forged_posts_do_not_use_up_the_call_back_limit(instance):
    app = build_app(instance, {"SAFEROUTE_CALLBACK_RATE_LIMIT": "1 per hour"})
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.99"
    html = elsewhere.get(FORM_URL).get_data(as_text=True)
    withdrawn = answers(html)
    shown = reference_in(elsewhere.post(FORM_URL, data=withdrawn, headers=SAME_ORIGIN).get_data(as_text=True))
    withdraw(elsewhere, shown)
    client = app.test_client()
    good = token_in(client.get(FORM_URL).get_data(as_text=True))
    forged = [
        ({"Sec-Fetch-Site": "cross-site"}, {"token": good}),
        (SAME_ORIGIN, {"token": "forged"}),
        (SAME_ORIGIN, {"token": good, "leave_blank": "x"}),
        (SAME_ORIGIN, withdrawn),  # a spent form: its request was withdrawn
    ]
    for n in range(100):
        headers, data = forged[n % len(forged)]
        response = client.post(FORM_URL, data={**answers(html), **data}, headers=headers)
        assert response.status_code in (200, 403) and reference_in(response.get_data(as_text=True)) is None
    assert reference_in(send(client).get_data(as_text=True)), "the person's own request still goes through"
    assert send(client).status_code == 429
