"""Helpers for the call-back tests: read the form a page offers, fill it in, send it."""

from __future__ import annotations

import re
import threading

from saferoute.callback import reference as references

FORM_URL = "/en/callback"
WITHDRAW_URL = "/en/callback/withdraw"
# Distinctive values, so a test can prove they never appear where they must not.
PHONE = "07911 123456"
PHONE_E164 = "+447911123456"
CODE_WORD = "Bluebell-Zephyr"
NOTE = "Only after nine, dog barks-Quokka-7731"
AVOID = "My ex-partner, Marlowe-Tern"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}
HTMX = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#callback", **SAME_ORIGIN}


def token_in(html: str) -> str:
    return re.search(r'name="token" value="([^"]*)"', html).group(1)


def windows_in(html: str) -> list[str]:
    """Every window on offer, in order: the exact-time boxes."""
    return re.findall(r'name="windows" value="([^"]+)" data-window', html)


def parts_in(html: str) -> list[list[str]]:
    """The parts of days on offer (morning, afternoon, evening), each as the windows its box sends."""
    return [value.split() for value in re.findall(r'name="windows" value="([^"]+)" data-part', html)]


def checked_windows(html: str) -> list[str]:
    """The windows the page shows as chosen, in order: ticked exact times, and the windows of ticked parts."""
    ticked = re.findall(r'name="windows" value="([^"]+)" data-(?:part|window) checked', html)
    return sorted({value for box in ticked for value in box.split()})


def reference_in(html: str) -> str | None:
    found = re.search(r'<p class="reference"><bdi dir="ltr" translate="no">([^<]+)</bdi>', html)
    return found.group(1) if found else None


def answers(html: str, **overrides) -> dict:
    """A complete, valid set of answers for the form in `html` (its token, its second window)."""
    data = {
        "token": token_in(html),
        "windows": windows_in(html)[1:3],
        "contact": "phone",
        "phone": PHONE,
        "voicemail": "no",
        "texts": "yes",
        "say_who": "no",
        "someone_else": "ask-for-you",
        "name": CODE_WORD,
        "purpose": "advice",
        "avoid": AVOID,
        "note": NOTE,
        "interpreter": "",
        "interpreter_other": "",
        "leave_blank": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def send(client, headers=None, environ_base=None, **overrides):
    """Open the form, fill it in and send it; returns the response to the post."""
    extra = {"environ_base": environ_base} if environ_base else {}
    html = client.get(FORM_URL, **extra).get_data(as_text=True)
    return client.post(FORM_URL, data=answers(html, **overrides), headers=headers or SAME_ORIGIN, **extra)


def withdraw(client, reference: str, headers=None):
    html = client.get(WITHDRAW_URL).get_data(as_text=True)
    data = {"token": token_in(html), "reference": reference, "leave_blank": ""}
    return client.post(WITHDRAW_URL, data=data, headers=headers or SAME_ORIGIN)


def normalised(shown: str) -> str:
    return references.normalise(shown)


def sent_at_once(app, url: str, data: dict, taps: int = 6) -> list[str | None]:
    """The same answers sent `taps` times at the same moment (a double tap, a flaky network's retries),
    each from its own client: the reference each answer shows."""
    barrier = threading.Barrier(taps)
    seen: list[str | None] = []

    def tap():
        own = app.test_client()
        barrier.wait()
        seen.append(reference_in(own.post(url, data=data, headers=SAME_ORIGIN).get_data(as_text=True)))

    threads = [threading.Thread(target=tap) for _ in range(taps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return seen
