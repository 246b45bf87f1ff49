"""Helpers for the Clare's Law request tests: its form for each way in, filled in and sent."""

from __future__ import annotations

from tests.callback_support import SAME_ORIGIN
from tests.callback_support import answers as safe_contact

OWN_URL = "/en/clares-law/ask/own"
SOMEONE_URL = "/en/clares-law/ask/someone"
# Distinctive values, so a test can prove they never appear where they must not.
SUBJECT = "Orlando Quillfeather"
OTHER_NAMES = "Lando Q-Zephyrine"
AT_RISK = "Marigold-Xyloph"


def answers(html: str, **overrides) -> dict:
    """A complete, valid set of answers for the Clare's Law form in `html`."""
    data = {
        "subject_name": SUBJECT,
        "other_names": OTHER_NAMES,
        "age": "14 3 1990",
        "area": "Ashford",
        "relation": "ex-partner",
        "at_risk_name": AT_RISK,
        "knows_at_risk": "friend",
    }
    data.update(overrides)
    return safe_contact(html, **data)


def send(client, url: str = OWN_URL, headers=None, **overrides):
    html = client.get(url).get_data(as_text=True)
    return client.post(url, data=answers(html, **overrides), headers=headers or SAME_ORIGIN)
