"""What a person types never reaches a log, a URL, an error page or an exception report."""

from __future__ import annotations

import logging

from saferoute.callback import store
from tests.callback_support import (
    CODE_WORD,
    FORM_URL,
    NOTE,
    PHONE,
    SAME_ORIGIN,
    answers,
    reference_in,
    send,
    withdraw,
)

LEAKS = [PHONE, "7911123456", "7911 123456", CODE_WORD, NOTE, "Quokka"]


def logged(records) -> str:
    lines = []
    for record in records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def test_nothing_typed_is_logged_on_success_error_or_withdrawal(client, captured_logs):
    shown = reference_in(send(client).get_data(as_text=True))
    send(client, windows=["20200101T0800Z"])  # an error, answers shown again
    send(client, token="forged")
    send(client, headers={"Sec-Fetch-Site": "cross-site"})
    withdraw(client, shown)
    withdraw(client, "not-a-reference " + PHONE)
    text = logged(captured_logs.records)
    assert "callback.form" in text and "callback.withdraw" in text, "requests are logged, by route name"
    for leak in [*LEAKS, shown, shown.replace("-", "")]:
        assert leak not in text, leak


def test_an_unexpected_failure_logs_only_its_type_and_shows_a_clear_page(client, captured_logs, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError(f"could not store {kwargs['private']['phone']} {kwargs['private']['note']}")

    monkeypatch.setattr(store, "save", broken)
    response = send(client)
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, something went wrong" in text and "tel:999" in text and "/exit?lang=en" in text
    for leak in LEAKS:
        assert leak not in text
        assert leak not in logged(captured_logs.records)
    assert "unhandled RuntimeError" in logged(captured_logs.records)


def test_the_reference_and_answers_never_appear_in_a_url(client):
    html = client.get(FORM_URL).get_data(as_text=True)
    response = client.post(FORM_URL, data=answers(html), headers=SAME_ORIGIN)
    assert response.status_code == 200 and "Location" not in response.headers
    shown = reference_in(response.get_data(as_text=True))
    import re

    urls = re.findall(r'(?:href|action|hx-post|src)="([^"]*)"', response.get_data(as_text=True))
    assert urls
    for url in urls:
        for leak in [*LEAKS, shown, shown.replace("-", "")]:
            assert leak not in url
    assert 'method="get"' not in html.lower(), "no form puts its answers in the address"
