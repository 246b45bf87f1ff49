"""Helplines and the can't-speak page: hours in four states under frozen time, checked dates, chat."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine


def section(html: str, route_id: str) -> str:
    text = html.split(f'id="route-{route_id}"', 1)[1].split("</section>", 1)[0]
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", text).split()).replace(" .", ".").replace(" :", ":"))


def helplines_at(client, moment: datetime) -> str:
    with time_machine.travel(moment, tick=False):
        return client.get("/en/helplines").get_data(as_text=True)


@pytest.mark.parametrize(
    ("moment", "route_id", "says"),
    [
        # Tuesday 1 December 2026, 10:00 in London (GMT).
        (datetime(2026, 12, 1, 10, 0, tzinfo=UTC), "kent-das", "Open now, until 20:00"),
        (datetime(2026, 12, 1, 10, 0, tzinfo=UTC), "victim-support", "Open 24 hours, every day"),
        (datetime(2026, 12, 1, 10, 0, tzinfo=UTC), "stalking-helpline", "Open now, until 16:00"),
        (datetime(2026, 12, 1, 10, 0, tzinfo=UTC), "mens-advice-line", "Hours not confirmed. Check before you call."),
        (datetime(2026, 12, 1, 10, 0, tzinfo=UTC), "galop", "Hours not confirmed. Check before you call."),
        (datetime(2026, 12, 1, 10, 0, tzinfo=UTC), "karma-nirvana", "Hours not confirmed. Check before you call."),
        (datetime(2026, 12, 1, 10, 0, tzinfo=UTC), "respect", "Hours not confirmed. Check before you call."),
        # Saturday 5 December: the Kent and Medway line opens on Monday; the 24-hour line is there.
        (datetime(2026, 12, 5, 12, 0, tzinfo=UTC), "kent-das", "Closed now. Opens on Monday at 08:00"),
        (datetime(2026, 12, 5, 12, 0, tzinfo=UTC), "victim-support", "Open 24 hours, every day"),
        # Wednesday: the Stalking Helpline opens at 1pm.
        (datetime(2026, 12, 2, 9, 0, tzinfo=UTC), "stalking-helpline", "Closed now. Opens today at 13:00"),
        # Christmas Day, then the Boxing Day bank holiday on Monday 28th: next is Tuesday.
        (datetime(2026, 12, 25, 10, 0, tzinfo=UTC), "stalking-helpline", "Closed now. Opens on Tuesday at 09:30"),
        # Past the bank holidays the file lists: not confirmed, never "open".
        (datetime(2027, 1, 5, 10, 0, tzinfo=UTC), "stalking-helpline", "Hours not confirmed. Check before you call."),
    ],
)
def test_hours_are_told_in_four_states_only(client, moment, route_id, says):
    text = section(helplines_at(client, moment), route_id)
    assert says in text
    for other in ("Open now", "Closed now", "Open 24 hours", "Hours not confirmed"):
        if other not in says:
            assert other not in text.split("Chat")[0], f"{route_id} says two things about its hours"


def test_hours_a_source_gave_are_shown_with_their_date_when_not_confirmed(client):
    html = helplines_at(client, datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    assert (
        "Hours a source gave in February 2023: Monday to Thursday, 10:00 to 20:30; Friday, 10:00 to 16:30"
        in section(html, "galop")
    )
    stalking = section(html, "stalking-helpline")
    assert "Monday to Tuesday, 09:30 to 16:00; Wednesday, 13:00 to 16:00" in stalking
    assert "Closed on bank holidays." in stalking
    assert "Monday to Friday, 08:00 to 20:00" in section(html, "kent-das")


def test_every_entry_says_when_it_was_checked(client):
    html = helplines_at(client, datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    ids = re.findall(r'<section class="route" aria-labelledby="route-([a-z0-9-]+)"', html)
    assert len(ids) >= 15
    for route_id in ids:
        assert "Checked December 2026." in section(html, route_id), route_id


def test_the_national_helpline_says_it_is_for_women_and_gives_men_their_line(client):
    text = section(helplines_at(client, datetime(2026, 12, 1, 10, 0, tzinfo=UTC)), "national-helpline")
    assert "For women, and for anyone supporting a woman." in text
    assert "Men can call Men's Advice Line: Call 0808 801 0327" in text


def test_the_home_pages_helpline_says_who_it_is_for_and_gives_men_their_line(client):
    with time_machine.travel(datetime(2026, 12, 1, 10, 0, tzinfo=UTC), tick=False):
        html = client.get("/en/").get_data(as_text=True)
    line = html.split("Talk to someone, free, day or night:", 1)[1].split("</li>", 1)[0]
    text = unescape(" ".join(re.sub(r"<[^>]+>", " ", line).split()))
    assert "For women, and for anyone supporting a woman." in text
    assert "Men can call Men's Advice Line : Call 0808 801 0327" in text
    assert "Hours not confirmed. Check before you call." in text, "the men's line is not open day or night"


def test_kent_and_medway_line_leads_with_its_24_hour_chat(client):
    text = section(helplines_at(client, datetime(2026, 12, 5, 23, 0, tzinfo=UTC)), "victim-support")
    assert "Chat online with Victim Support" in text
    assert "Close the chat when you finish. Someone who checks this device may see it." in text
    assert "Covers all of Kent and Medway." in text


def test_people_who_cannot_speak_find_chat_beside_textphone_and_text(page):
    parsed = page("/en/cant-speak-or-hear")
    headings = [e.attrs.get("id") for e in parsed.all("h2")]
    assert headings.index("textphone") < headings.index("chat") < headings.index("sms")
    chats = parsed.html.split('id="chat"', 1)[1].split("<h2", 1)[0]
    for url in (
        "https://www.victimsupport.org.uk/",
        "https://www.childline.org.uk/",
        "https://247sexualabusesupport.org.uk/",
    ):
        assert f'href="{url}"' in chats
    assert 'rel="noreferrer noopener"' in chats
    assert "Close the chat when you finish." in chats
    assert "<iframe" not in parsed.html, "a chat is a link to the provider's page, never embedded"


def test_silent_solution_says_what_55_does_and_does_not(page):
    text = page("/en/cant-speak-or-hear").text
    for fact in (
        "works only from a mobile, and only when you are asked to",
        "If you do not press 55 when asked, the call ends.",
        "does not tell the police where you are",
        "From a landline, stay on the line.",
    ):
        assert fact in text, fact
