"""The call-back form: what it offers, what it keeps, what it refuses, and what it shows."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from nacl.encoding import Base64Encoder
from nacl.public import PrivateKey
from sqlalchemy import func, select

from saferoute import MAX_BODY_BYTES
from saferoute.callback import reference as references
from saferoute.callback.forms import LANGUAGE_MAX, NAME_MAX, NOTE_MAX
from saferoute.callback.models import CallbackRequest, CallbackWindow
from saferoute.callback.sealing import PADDED_SIZE, unseal
from saferoute.extensions import db
from tests.apps import build_app
from tests.callback_support import (
    AVOID,
    CODE_WORD,
    FORM_URL,
    HTMX,
    NOTE,
    PHONE,
    PHONE_E164,
    SAME_ORIGIN,
    WITHDRAW_URL,
    answers,
    checked_windows,
    parts_in,
    reference_in,
    send,
    token_in,
    windows_in,
    withdraw,
)
from tests.pages import Element, ParsedPage

LONDON_MONDAY_0600 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def stored(app) -> list[CallbackRequest]:
    with app.app_context():
        rows = list(db.session.scalars(select(CallbackRequest)))
        for row in rows:
            assert row.windows is not None  # load them while the session is open
        return rows


def opened(instance, row: CallbackRequest) -> dict:
    key = PrivateKey((instance / "hub_private.key").read_bytes().strip(), encoder=Base64Encoder)
    return unseal(row.sealed, key)


# The form --------------------------------------------------------------------------------------


def test_the_form_page_keeps_every_promise(page):
    parsed = page(FORM_URL)
    assert parsed.title == "Ask for a safe call back - SafeRoute"
    assert parsed.links[0] == "/exit?lang=en", "the exit comes first"
    assert "This is not for emergencies." in parsed.text and "press 55" in parsed.text
    assert "tel:999" in parsed.links
    assert parsed.text.index("not for emergencies") < parsed.text.index("When is it safe for you to get a call")
    form = parsed.all("form")[0]
    assert form.attrs["method"] == "post" and form.attrs["action"] == FORM_URL
    assert form.attrs["hx-post"] == FORM_URL and form.attrs["hx-target"] == "#callback"
    assert form.attrs["hx-swap"].startswith("outerHTML")
    for name in ("phone", "name", "note", "interpreter_other", "leave_blank"):
        field = next(e for e in parsed.elements if e.attrs.get("name") == name)
        assert field.attrs.get("autocomplete") == "off", name
    honeypot = next(e for e in parsed.elements if e.attrs.get("class") == "leave-blank")
    assert honeypot.attrs["aria-hidden"] == "true"
    assert parsed.by_id("leave_blank").attrs["tabindex"] == "-1"
    assert "What we keep" in parsed.text and "30 days after the last time you chose" in parsed.text
    assert "only the Kent Police Domestic Abuse Hub can read them" in parsed.text


def test_windows_are_offered_as_parts_of_each_day_and_as_exact_times_in_words(page):
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        parsed = page(FORM_URL)
    # A week: a row per day, its name in full for screen readers and short on screen.
    rows = parsed.all("fieldset", **{"class": "week-day"})
    assert len(rows) == 7
    hidden = [e.text for e in parsed.all("span", **{"class": "visually-hidden"})]
    for name in ("Today, Monday 23 November", "Tomorrow, Tuesday 24 November", "Wednesday 25 November"):
        assert name in hidden
    parts = parsed.all("input", type="checkbox", name="windows", **{"data-part": ""})
    assert len(parts) == 7 * 3
    assert parts[0].attrs["value"] == "20261123T0800Z 20261123T1000Z", "Monday morning sends both its windows"
    assert parts[1].attrs["value"] == "20261123T1200Z 20261123T1400Z 20261123T1600Z"
    assert parts[2].attrs["value"] == "20261123T1800Z 20261123T2000Z"
    labels = [e.text for e in parsed.all("label", **{"class": "week-label"})]
    assert labels[:3] == ["Morning, 08:00 to 12:00", "Afternoon, 12:00 to 18:00", "Evening, 18:00 to 22:00"]
    # The same windows one by one, under "Choose exact times", each day with its own legend.
    exact = parsed.all("input", type="checkbox", name="windows", **{"data-window": ""})
    assert len(exact) == 49
    assert exact[0].attrs["value"] == "20261123T0800Z"
    legends = [e.text.strip() for e in parsed.all("legend", **{"class": "day-name"})]
    assert legends[:3] == ["Today, Monday 23 November", "Tomorrow, Tuesday 24 November", "Wednesday 25 November"]
    labels = [e.text for e in parsed.all("label", **{"class": "choice-label"})]
    assert "08:00 to 10:00" in labels and "20:00 to 22:00" in labels
    assert "All times are UK time." in parsed.text


def test_a_part_of_the_day_already_under_way_says_its_own_times(page):
    with time_machine.travel(LONDON_MONDAY_0600 + timedelta(hours=3), tick=False):  # 09:00: 10:00 is the first
        parsed = page(FORM_URL)
    labels = [e.text for e in parsed.all("label", **{"class": "week-label"})]
    assert labels[0] == "Morning, 10:00 to 12:00"
    shown = next(e for e in parsed.all("span", **{"class": "week-times"}) if e.text == "10:00 to 12:00")
    assert shown is not None, "times that differ from the column's are shown, not only read out"
    assert len(parsed.all("fieldset", **{"class": "week-day"})) == 8, "next Monday's morning is within the week"


def test_interpreter_languages_include_bsl_and_another_language(page):
    parsed = page(FORM_URL)
    options = {e.attrs["value"]: e.text for e in parsed.all("option")}
    assert options[""] == "No, I do not need an interpreter"
    assert options["pl"] == "Polish (Polski)" and options["ar"] == "Arabic (العربية)"
    assert options["bsl"] == "British Sign Language" and options["other"] == "Another language"
    assert "en" not in options, "no interpreter is needed for English"
    assert len(options) == 1 + 13 + 2


def test_video_is_explained_beside_its_choice_with_sources(page):
    parsed = page(FORM_URL)
    video = parsed.by_id("contact-1")
    assert video.attrs["value"] == "video" and video.attrs["aria-describedby"] == "contact-1-hint"
    assert "We text you a link at the time you chose. You do not need an app." in parsed.by_id("contact-1-hint").text
    explained = next(e for e in parsed.all("details") if e.attrs.get("class") == "choice-more")
    said = explained.text
    for fact in (
        "What is a video call like?",
        "The link opens in your phone's web browser. There is no app to install.",
        "Your phone will ask if the page can use your camera. Say yes.",
        "Take the call only where you are safe, and the person hurting you is not with you.",
        "The call is recorded. The officer may ask to see any injuries, or the room where it happened",
        "Video is your choice. You can choose a phone call instead.",
        "After the call, delete the text message.",
    ):
        assert fact in said
    assert "Kent Police: Rapid Video Response policy (2024)" in said
    sources = [a for a in parsed.all("a") if a.attrs.get("href", "").startswith("https://") and a.text.strip()]
    assert any("kent.police.uk/foi-ai/" in a.attrs["href"] for a in sources)
    assert all(a.attrs["rel"] == "noreferrer noopener" for a in sources)
    # Beside "Video call": after its hint, before the next choice.
    html = parsed.html
    assert html.index('id="contact-1-hint"') < html.index("What is a video call like?") < html.index('id="contact-2"')


def test_an_area_that_names_no_sources_for_video_says_nothing_about_it(instance, tmp_path):
    from tests.pages import PageChecker

    kent = __import__("saferoute.config", fromlist=["PACKAGE_DIR"]).PACKAGE_DIR / "directory" / "kent.toml"
    text = kent.read_text()
    start = text.index("video_sources = [")
    area = tmp_path / "area.toml"
    area.write_text(text[:start] + text[text.index("\n]\n", start) + 3 :])
    parsed = PageChecker(build_app(instance, {"SAFEROUTE_DIRECTORY": str(area)}).test_client())(FORM_URL)
    assert "What is a video call like?" not in parsed.text
    assert "Video call" in parsed.text


# Sending ---------------------------------------------------------------------------------------


def test_a_request_is_sealed_and_the_answer_shows_the_reference_and_the_times(app, client, page, instance):
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
        parsed = page(FORM_URL, method="post", data=answers(html), headers=SAME_ORIGIN)
    assert parsed.title == "Your request is sent - SafeRoute"
    shown = reference_in(parsed.html)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", shown)
    assert "Today, Monday 23 November, 10:00 to 12:00" in parsed.text
    assert "Today, Monday 23 November, 12:00 to 14:00" in parsed.text
    assert "What happens next" in parsed.text and "We do not send an email or a text message" in parsed.text
    assert "If someone else answers, the person calling you will do what you told us." in parsed.text
    assert "/en/callback/withdraw" in parsed.links
    assert "Location" not in parsed.headers, "the answer is the page itself: no redirect"
    assert all(references.normalise(shown) not in link for link in parsed.links)

    [row] = stored(app)
    assert row.reference == references.normalise(shown)
    assert (row.kind, row.contact_method, row.interpreter_language, row.status) == ("callback", "phone", None, "new")
    assert [(w.starts_at, w.ends_at) for w in row.windows] == [
        (datetime(2026, 11, 23, 10, tzinfo=UTC), datetime(2026, 11, 23, 12, tzinfo=UTC)),
        (datetime(2026, 11, 23, 12, tzinfo=UTC), datetime(2026, 11, 23, 14, tzinfo=UTC)),
    ]
    assert row.created_at == LONDON_MONDAY_0600
    assert row.delete_after == datetime(2026, 11, 23, 14, tzinfo=UTC) + timedelta(days=30)
    sealed = opened(instance, row)
    assert sealed == {
        "v": 2,
        "reference": row.reference,
        "kind": "callback",
        "sent": LONDON_MONDAY_0600.isoformat(),
        "windows": [["20261123T1000Z", 120], ["20261123T1200Z", 120]],
        "contact_method": "phone",
        "interpreter_language": None,
        "phone": PHONE_E164,
        "name": CODE_WORD,
        "note": NOTE,
        "voicemail": False,
        "texts": True,
        "say_who": False,
        "someone_else": "ask-for-you",
        "purpose": "advice",
        "avoid": AVOID,
        "interpreter_other": "",
    }
    for secret in (PHONE_E164, "7911123456", CODE_WORD, NOTE, AVOID):
        assert secret.encode() not in row.sealed


def starts(app) -> list[datetime]:
    [row] = stored(app)
    return [w.starts_at for w in row.windows]


def test_a_part_of_a_day_is_stored_as_exactly_its_windows(app, client, instance):
    """No JavaScript needed: the part's box itself sends its windows."""
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
        tuesday_afternoon = parts_in(html)[4]
        client.post(FORM_URL, data=answers(html, windows=" ".join(tuesday_afternoon)), headers=SAME_ORIGIN)
    tuesday = [datetime(2026, 11, 24, hour, tzinfo=UTC) for hour in (12, 14, 16)]
    assert starts(app) == tuesday
    [row] = stored(app)
    assert [w.ends_at for w in row.windows] == [t + timedelta(hours=2) for t in tuesday]
    assert opened(instance, row)["windows"] == [[start, 120] for start in tuesday_afternoon]  # start, minutes


def test_parts_and_exact_times_together_are_every_window_either_names_once(app, client):
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
        monday_evening = " ".join(parts_in(html)[2])
        chosen = [monday_evening, "20261123T1800Z", "20261124T0800Z"]  # 18:00 twice: by its part and on its own
        response = client.post(FORM_URL, data=answers(html, windows=chosen), headers=SAME_ORIGIN)
    assert reference_in(response.get_data(as_text=True))
    assert starts(app) == [datetime(2026, 11, 23, h, tzinfo=UTC) for h in (18, 20)] + [
        datetime(2026, 11, 24, 8, tzinfo=UTC)
    ]


def test_the_form_comes_back_showing_each_choice_the_way_it_was_made(client, page):
    """A whole part comes back as its part; a window on its own comes back under the exact times, shown open."""
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
        parts = parts_in(html)
        data = answers(html, windows=[" ".join(parts[0]), "20261124T1000Z"], phone="")
        parsed = page(FORM_URL, method="post", data=data, headers=SAME_ORIGIN)
    assert "checked" in parsed.by_id("windows-20261123T0800Z-part").attrs
    assert "checked" not in parsed.by_id("windows-20261123T0800Z").attrs, "sent by its part, not twice"
    assert "checked" in parsed.by_id("windows-20261124T1000Z").attrs
    assert "checked" not in parsed.by_id("windows-20261124T0800Z-part").attrs, "one of a morning's two windows"
    assert "open" in next(e for e in parsed.all("details") if e.attrs.get("class") == "exact-times").attrs
    assert checked_windows(parsed.html) == ["20261123T0800Z", "20261123T1000Z", "20261124T1000Z"]


def test_a_part_that_began_while_the_form_was_open_keeps_what_is_left_and_says_so(app, client, page):
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
    monday_morning = " ".join(parts_in(html)[0])  # 08:00 and 10:00
    with time_machine.travel(LONDON_MONDAY_0600 + timedelta(hours=1, minutes=45), tick=False):
        parsed = page(FORM_URL, method="post", data=answers(html, windows=monday_morning), headers=SAME_ORIGIN)
        assert "Some of the times you chose have passed" in parsed.text
        # Monday morning is now 10:00 to 12:00, and still ticked.
        assert parsed.by_id("windows-20261123T1000Z-part").attrs["value"] == "20261123T1000Z"
        assert checked_windows(parsed.html) == ["20261123T1000Z"]
    assert stored(app) == []


def test_a_box_that_sends_invented_windows_among_real_ones_is_checked_window_by_window(app, client, page):
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
        good = windows_in(html)[3]
        forged = f"20200101T0800Z {good} <b>x</b> {'9' * 500}"
        parsed = page(FORM_URL, method="post", data=answers(html, windows=forged), headers=SAME_ORIGIN)
    assert "Some of the times you chose have passed" in parsed.text
    assert checked_windows(parsed.html) == [good]
    assert "<b>x</b>" not in parsed.html and "9" * 500 not in parsed.html
    assert stored(app) == []


def test_sending_the_same_form_again_creates_one_request_and_shows_the_same_reference(app, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    data = answers(html)
    first = client.post(FORM_URL, data=data, headers=SAME_ORIGIN).get_data(as_text=True)
    again = client.post(FORM_URL, data=data, headers=SAME_ORIGIN).get_data(as_text=True)
    retried = client.post(FORM_URL, data={**data, "windows": windows_in(html)[4]}, headers=HTMX).get_data(as_text=True)
    assert reference_in(first) == reference_in(again) == reference_in(retried)
    assert "You had already sent this form" not in first
    assert "You had already sent this form, so nothing new was sent" in again
    assert len(stored(app)) == 1


def test_video_call_interpreter_and_bsl_are_stored_in_clear_for_the_queue(app, client, instance):
    send(client, contact="video", interpreter="bsl")
    send(client, contact="textphone", interpreter="other", interpreter_other="Tigrinya")
    rows = sorted(stored(app), key=lambda r: r.id)
    assert [(r.contact_method, r.interpreter_language) for r in rows] == [("video", "bsl"), ("textphone", "other")]
    assert opened(instance, rows[1])["interpreter_other"] == "Tigrinya"
    assert b"Tigrinya" not in rows[1].sealed


def test_the_note_is_cleaned_of_markup(app, client, instance):
    send(client, note="<script>alert('x')</script><b>Ring</b> twice & wait", name="<i>Sam</i>")
    sealed = opened(instance, stored(app)[0])
    assert sealed["note"] == "alert('x')Ring twice & wait"
    assert sealed["name"] == "Sam"


# Errors ----------------------------------------------------------------------------------------


def test_errors_are_summarised_beside_each_field_and_every_answer_is_kept(app, client, page):
    html = client.get(FORM_URL).get_data(as_text=True)
    chosen = windows_in(html)[2:4]
    data = answers(html, windows=chosen, phone="0791 bad", contact="video", texts="no", interpreter="other")
    parsed = page(FORM_URL, method="post", data=data, headers=SAME_ORIGIN)
    assert parsed.status == 200
    assert parsed.title == "Error: Ask for a safe call back - SafeRoute"
    summary = next(e for e in parsed.elements if e.attrs.get("class") == "error-summary")
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    assert "data-take-focus" in summary.attrs
    links = [
        e.attrs["href"]
        for e in parsed.all("a")
        if e.attrs.get("href", "").startswith("#") and e.attrs["href"] not in {"#main"}
    ]
    assert links == ["#phone", "#texts-0", "#interpreter_other"]
    for target in links:
        assert parsed.by_id(target[1:]) is not None, f"{target} points at a field"
    assert "Enter a UK phone number, or an international number starting with +" in parsed.text
    assert "For a video call we send you the link by text message" in parsed.text
    assert "Tell us which language you need" in parsed.text
    assert parsed.by_id("phone-error") is not None
    assert parsed.by_id("phone").attrs["aria-invalid"] == "true"
    assert parsed.by_id("phone").attrs["aria-describedby"] == "phone-hint phone-error"
    # Every answer is still there.
    assert checked_windows(parsed.html) == chosen
    assert parsed.by_id("phone").attrs["value"] == "0791 bad"
    assert "checked" in parsed.by_id("contact-1").attrs and "checked" in parsed.by_id("texts-1").attrs
    assert "checked" in parsed.by_id("voicemail-1").attrs and "checked" in parsed.by_id("someone_else-1").attrs
    assert parsed.by_id("name").attrs["value"] == CODE_WORD
    assert parsed.by_id("note").text == NOTE
    assert next(e for e in parsed.all("option") if "selected" in e.attrs).attrs["value"] == "other"
    assert token_in(parsed.html) == data["token"], "the same form key, so a later send is still one request"
    assert stored(app) == []


def test_nothing_chosen_gives_a_message_for_each_question(page, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    parsed = page(FORM_URL, method="post", data={"token": token_in(html)}, headers=SAME_ORIGIN)
    for message in (
        "Choose at least one time when it is safe for you to get a call",
        "Choose how we should contact you",
        "Enter the phone number we should call",
        "Choose if we may leave a voicemail message",
        "Choose if we may send you a text message",
        "Choose if we may say we are calling from the police",
        "Choose what we should do if someone else answers",
    ):
        assert message in parsed.text
    first_box = windows_in(parsed.html)[0]
    assert f'href="#windows-{first_box}-part"' in parsed.html, "the summary's link lands on the first box"
    assert parsed.by_id(f"windows-{first_box}-part").attrs["type"] == "checkbox"


def test_asking_for_you_by_name_needs_a_name_and_video_needs_a_mobile(page, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    data = answers(html, someone_else="ask-for-you", name="", contact="video", phone="020 7946 0123")
    text = page(FORM_URL, method="post", data=data, headers=SAME_ORIGIN).text
    assert "Tell us the first name to ask for, or choose another answer" in text
    assert "For a video call, give a mobile number so we can text you the link" in text


def test_past_or_invented_times_are_refused_and_the_rest_kept(app, client, page):
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
        good = windows_in(html)[5]
        for bad in (["20261123T0600Z"], ["20200101T0800Z"], ["99999999T9999Z"], ["0" * 300], ["20261201T0800Z"]):
            parsed = page(FORM_URL, method="post", data=answers(html, windows=bad), headers=SAME_ORIGIN)
            assert "The times you chose have passed. Choose at least one time." in parsed.text
            assert checked_windows(parsed.html) == []
        parsed = page(
            FORM_URL, method="post", data=answers(html, windows=[good, "20200101T0800Z"]), headers=SAME_ORIGIN
        )
        assert "Some of the times you chose have passed" in parsed.text
        assert checked_windows(parsed.html) == [good]
    assert stored(app) == []


def test_a_time_that_passes_while_the_form_is_open_is_refused(app, client):
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
    first = windows_in(html)[0]  # 08:00, offered at 06:00
    with time_machine.travel(LONDON_MONDAY_0600 + timedelta(hours=1, minutes=45), tick=False):
        text = client.post(FORM_URL, data=answers(html, windows=[first]), headers=SAME_ORIGIN).get_data(as_text=True)
    assert "The times you chose have passed" in text
    assert stored(app) == []


def test_an_old_form_comes_back_with_every_answer_and_a_fresh_token(app, client):
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
    data = answers(html, windows=windows_in(html)[20:22])
    with time_machine.travel(LONDON_MONDAY_0600 + timedelta(hours=5), tick=False):
        response = client.post(FORM_URL, data=data, headers=SAME_ORIGIN)
        again = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "This form was open for a long time" in again and "<title>Error:" in again
        assert token_in(again) != data["token"]
        assert checked_windows(again) == data["windows"]
        assert f'value="{PHONE}"' in again and f'value="{CODE_WORD}"' in again and NOTE in again
        assert stored(app) == []
        done = client.post(FORM_URL, data={**data, "token": token_in(again)}, headers=SAME_ORIGIN)
        assert reference_in(done.get_data(as_text=True))
    assert len(stored(app)) == 1


def test_a_late_retry_of_a_form_that_was_sent_shows_its_reference(app, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    data = answers(html, windows=windows_in(html)[30:31])
    first = reference_in(client.post(FORM_URL, data=data, headers=SAME_ORIGIN).get_data(as_text=True))
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=4)):
        again = client.post(FORM_URL, data=data, headers=SAME_ORIGIN).get_data(as_text=True)
    assert reference_in(again) == first
    assert len(stored(app)) == 1


@pytest.mark.parametrize("token", ["", "abc", "x" * 500, "eyJrIjoiYWJjIn0.awOPsQ.eruqQtQSaBThIz8y6L_ATytrOCY"])
def test_a_forged_or_missing_token_stores_nothing_and_keeps_the_answers(app, client, page, token):
    html = client.get(FORM_URL).get_data(as_text=True)
    parsed = page(FORM_URL, method="post", data=answers(html, token=token), headers=SAME_ORIGIN)
    assert "Something went wrong with this form. Please check your answers and send it again." in parsed.text
    assert token_in(parsed.html) not in ("", token)
    assert parsed.by_id("phone").attrs["value"] == PHONE
    assert stored(app) == []


def test_a_token_signed_with_another_secret_or_purpose_is_refused(app, client):
    from itsdangerous import URLSafeTimedSerializer

    html = client.get(FORM_URL).get_data(as_text=True)
    other_secret = URLSafeTimedSerializer(b"another-secret-" * 4, salt="saferoute.callback-form").dumps({"k": "k" * 22})
    withdraw_token = token_in(client.get("/en/callback/withdraw").get_data(as_text=True))
    for token in (other_secret, withdraw_token):
        text = client.post(FORM_URL, data=answers(html, token=token), headers=SAME_ORIGIN).get_data(as_text=True)
        assert "Something went wrong with this form" in text
    assert stored(app) == []


def test_the_honeypot_stores_nothing(app, client, page):
    html = client.get(FORM_URL).get_data(as_text=True)
    parsed = page(FORM_URL, method="post", data=answers(html, leave_blank="https://spam.example"), headers=SAME_ORIGIN)
    assert "Something went wrong with this form" in parsed.text
    assert parsed.by_id("leave_blank").attrs["value"] == ""
    assert stored(app) == []


# Forgery ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "none"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost:8080"},
    ],
)
def test_posts_from_other_sites_are_refused_with_a_clear_page(app, client, page, headers):
    html = client.get(FORM_URL).get_data(as_text=True)
    parsed = page(FORM_URL, method="post", status=403, data=answers(html), headers=headers)
    assert parsed.links[0] == "/exit?lang=en" and "tel:999" in parsed.links
    assert PHONE not in parsed.html
    assert stored(app) == []


def test_a_post_without_fetch_metadata_or_origin_still_needs_the_token(app, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    assert reference_in(client.post(FORM_URL, data=answers(html)).get_data(as_text=True))
    assert len(stored(app)) == 1


# htmx ------------------------------------------------------------------------------------------


def test_with_htmx_only_the_block_is_sent_with_its_title(client):
    html = client.get(FORM_URL).get_data(as_text=True)
    errors = client.post(FORM_URL, data=answers(html, phone=""), headers=HTMX).get_data(as_text=True)
    assert errors.lstrip().startswith('<div id="callback"') and "<html" not in errors
    assert "<title>Error: Ask for a safe call back - SafeRoute</title>" in errors
    assert "Leave this site" not in errors, "the block only: the exit bar stays where it is"
    sent = client.post(FORM_URL, data=answers(html), headers=HTMX).get_data(as_text=True)
    assert sent.lstrip().startswith('<div id="callback"')
    assert "<title>Your request is sent - SafeRoute</title>" in sent and reference_in(sent)


def test_with_htmx_an_error_page_replaces_the_whole_body(client):
    html = client.get(FORM_URL).get_data(as_text=True)
    response = client.post(FORM_URL, data=answers(html), headers={**HTMX, "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "body"
    assert response.headers["HX-Reswap"].startswith("innerHTML")
    assert "HX-Retarget" not in client.post(FORM_URL, data=answers(html), headers=HTMX).headers


def test_a_boosted_visit_gets_the_whole_page(client):
    text = client.get(
        FORM_URL, headers={"HX-Request": "true", "HX-Boosted": "true", "HX-Request-Type": "full"}
    ).get_data(as_text=True)
    assert text.startswith("<!doctype html>")


# Rate limits -----------------------------------------------------------------------------------


def test_sent_requests_are_rate_limited_per_client_keeping_the_answers(instance):
    app = build_app(instance, {"SAFEROUTE_CALLBACK_RATE_LIMIT": "2 per hour"})
    client = app.test_client()
    for _ in range(3):  # mistakes do not count against the limit
        html = client.get(FORM_URL).get_data(as_text=True)
        client.post(FORM_URL, data=answers(html, phone=""), headers=SAME_ORIGIN)
    first_form = client.get(FORM_URL).get_data(as_text=True)
    first = client.post(FORM_URL, data=answers(first_form), headers=SAME_ORIGIN).get_data(as_text=True)
    assert reference_in(send(client).get_data(as_text=True))
    limited = send(client, note="third")
    text = limited.get_data(as_text=True)
    assert limited.status_code == 429
    assert "Too many requests have been sent from here" in text and "Error:" in text
    assert 'href="tel:999"' in text and "/exit?lang=en" in text, "a limited page still shows the exit and 999"
    assert 'value="07911 123456"' in text and "third" in text, "the answers are kept"
    assert len(stored(app)) == 2
    # Sending an already-sent form again still shows its reference.
    again = client.post(FORM_URL, data=answers(first_form), headers=SAME_ORIGIN).get_data(as_text=True)
    assert reference_in(again) == reference_in(first)
    # Another client is not affected.
    other = app.test_client()
    html = other.get(FORM_URL, environ_base={"REMOTE_ADDR": "192.0.2.44"}).get_data(as_text=True)
    response = other.post(FORM_URL, data=answers(html), headers=SAME_ORIGIN, environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert response.status_code == 200 and reference_in(response.get_data(as_text=True))


def test_rate_limits_can_be_raised(instance):
    app = build_app(instance, {"SAFEROUTE_CALLBACK_RATE_LIMIT": "50 per hour"})
    client = app.test_client()
    for _ in range(8):
        assert reference_in(send(client).get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CallbackWindow)) == 16


# Bad input -------------------------------------------------------------------------------------


def test_an_oversized_post_gets_a_clear_page(page, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    parsed = page(FORM_URL, method="post", status=413, data=answers(html, note="x" * 20_000), headers=SAME_ORIGIN)
    assert "too big" in parsed.title and "tel:999" in parsed.links


def chunked(client, url: str, body: bytes):
    """A post whose body comes in chunks, with no length given first (as gunicorn passes it on)."""
    return client.post(
        url,
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={**SAME_ORIGIN, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_an_oversized_chunked_post_is_refused_not_cut_short(app, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    # The answers come first and are complete; only the note runs past the limit.
    body = urlencode({**answers(html), "note": "x" * 20_000}, doseq=True).encode()
    response = chunked(client, FORM_URL, body)
    assert response.status_code == 413 and "too big" in response.get_data(as_text=True)
    assert stored(app) == []
    small = urlencode(answers(client.get(FORM_URL).get_data(as_text=True)), doseq=True).encode()
    assert reference_in(chunked(client, FORM_URL, small).get_data(as_text=True)), "a chunked form within the limit"


def test_a_chunked_body_of_exactly_the_limit_is_taken_whole(client):
    head, tail = b'--x\r\nContent-Disposition: form-data; name="note"\r\n\r\n', b"\r\n--x--\r\n"
    body = head + b"a" * (MAX_BODY_BYTES - len(head) - len(tail)) + tail
    response = client.post(
        FORM_URL,
        input_stream=io.BytesIO(body),
        content_type="multipart/form-data; boundary=x",
        headers={**SAME_ORIGIN, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 200 and "Something went wrong with this form" in response.get_data(as_text=True)


def test_a_chunked_body_the_server_cannot_read_is_a_clear_error_not_a_500(client):
    class Broken(io.BytesIO):
        def read(self, size=-1):
            raise OSError("bad chunk size")

    response = client.post(
        FORM_URL,
        input_stream=Broken(),
        content_type="application/x-www-form-urlencoded",
        headers={**SAME_ORIGIN, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 400 and "tel:999" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"phone=%FF%FE%00&note=%C3%28&windows=%E2%82", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\xfd", "application/x-www-form-urlencoded"),
        (b'{"phone": "07911123456"}', "application/json"),
        (
            b'--x\r\nContent-Disposition: form-data; name="phone"; filename="a.txt"\r\n\r\nabc\r\n--x--\r\n',
            "multipart/form-data; boundary=x",
        ),
        (b"--broken", "multipart/form-data; boundary=x"),
        (b"windows=a&windows=b&contact=phone&contact=video&contact=%00", "application/x-www-form-urlencoded"),
        (b"token=" + b"A" * 5000, "application/x-www-form-urlencoded"),
    ],
)
def test_malformed_posts_never_cause_a_server_error(app, client, body, content_type):
    html = client.get(FORM_URL).get_data(as_text=True)
    token = token_in(html).encode()
    for payload in (body, b"token=" + token + b"&" + body):
        response = client.post(FORM_URL, data=payload, content_type=content_type, headers=SAME_ORIGIN)
        assert response.status_code in (200, 400), response.status_code
        text = response.get_data(as_text=True)
        assert "tel:999" in text and "/exit?lang=en" in text
    assert stored(app) == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"contact": "carrier-pigeon"},
        {"voicemail": "maybe"},
        {"someone_else": "<b>"},
        {"interpreter": "klingon"},
        {"name": "n" * 41},
        {"note": "n" * 501},
        {"interpreter_other": "l" * 61},
        {"phone": "+" + "9" * 60},
    ],
)
def test_unknown_choices_and_overlong_answers_get_a_message(app, client, overrides):
    html = client.get(FORM_URL).get_data(as_text=True)
    response = client.post(FORM_URL, data=answers(html, **overrides), headers=SAME_ORIGIN)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="error-summary"' in text
    assert "<b>" not in text.split('id="main"')[1]
    assert stored(app) == []


def test_an_answer_is_measured_after_it_is_normalised(app, client):
    # U+1D160 is one character as typed and three once normalised (NFC), each 4 bytes in UTF-8.
    html = client.get(FORM_URL).get_data(as_text=True)
    response = client.post(FORM_URL, data=answers(html, note="\U0001d160" * 200), headers=SAME_ORIGIN)
    assert "The note must be 500 characters or fewer" in response.get_data(as_text=True)
    assert stored(app) == []


def test_the_longest_answers_seal_to_the_same_size_as_the_shortest(app, client):
    html = client.get(FORM_URL).get_data(as_text=True)
    longest = answers(
        html,
        windows=windows_in(html),
        contact="textphone",
        phone="+1 202 555 0143",
        someone_else="wrong-number",
        name="\U0001f600" * NAME_MAX,  # 4 bytes each in UTF-8, the most there is
        note='\U0001f600"\\\n' * (NOTE_MAX // 4),  # and characters JSON writes as two
        interpreter="other",
        interpreter_other="\U0001f600" * LANGUAGE_MAX,
    )
    assert reference_in(client.post(FORM_URL, data=longest, headers=SAME_ORIGIN).get_data(as_text=True))
    html = client.get(FORM_URL).get_data(as_text=True)
    shortest = answers(html, windows=windows_in(html)[:1], someone_else="hang-up", name="", note="")
    assert reference_in(client.post(FORM_URL, data=shortest, headers=SAME_ORIGIN).get_data(as_text=True))
    sizes = {len(row.sealed) for row in stored(app)}
    assert sizes == {PADDED_SIZE + 48}, sizes


# Without a hub ---------------------------------------------------------------------------------


@pytest.fixture
def hubless_app(instance, tmp_path):
    kent = __import__("saferoute.config", fromlist=["PACKAGE_DIR"]).PACKAGE_DIR / "directory" / "kent.toml"
    text = kent.read_text()
    start = text.index('[[route]]\nid = "hub"')
    end = text.index("[[route]]", start + 5)
    area = tmp_path / "area.toml"
    area.write_text(text[:start] + text[end:])
    return build_app(instance, {"SAFEROUTE_DIRECTORY": str(area)})


def test_without_a_hub_the_form_is_off_with_a_clear_notice(hubless_app):
    from tests.pages import PageChecker

    page = PageChecker(hubless_app.test_client())
    parsed = page(FORM_URL)
    assert parsed.title == "Call-backs are not offered in Kent - SafeRoute"
    assert not parsed.all("form")
    assert "tel:999" in parsed.links and "tel:101" in parsed.links and "tel:08082000247" in parsed.links
    assert "/en/helplines" in parsed.links and "/en/report" in parsed.links
    posted = page(FORM_URL, method="post", data={"phone": PHONE}, headers=SAME_ORIGIN)
    assert "Nothing was sent." in posted.text
    assert FORM_URL not in page("/en/").links, "no page links to a form that is off"
    assert page("/en/callback/withdraw").all("form"), "a request made earlier can still be withdrawn"


def test_a_malformed_or_oversized_post_spends_no_try_and_gets_a_clear_page(instance):
    app = build_app(
        instance, {"SAFEROUTE_CALLBACK_RATE_LIMIT": "1 per hour", "SAFEROUTE_WITHDRAW_RATE_LIMIT": "1 per hour"}
    )
    client = app.test_client()
    for url in (FORM_URL, WITHDRAW_URL):
        for _ in range(3):
            big = client.post(url, data={"note": "x" * 40_000}, headers=SAME_ORIGIN)
            broken = client.post(url, data=b"--x", content_type="multipart/form-data; boundary=x", headers=SAME_ORIGIN)
            assert big.status_code == 413 and broken.status_code in (200, 400)
            for response in (big, broken):
                assert "tel:999" in response.get_data(as_text=True)
    # The one try each limit allows is still there.
    shown = reference_in(send(client).get_data(as_text=True))
    assert shown and send(client).status_code == 429
    assert "Request withdrawn" in withdraw(client, shown).get_data(as_text=True)
    assert withdraw(client, shown).status_code == 429


def test_why_they_asked_and_who_not_to_speak_to_are_optional_and_sealed(app, client, instance):
    html = client.get(FORM_URL).get_data(as_text=True)
    assert "Why are you asking us to call? (optional)" in html and 'name="avoid"' in html
    response = client.post(FORM_URL, data=answers(html, purpose="", avoid=""), headers=SAME_ORIGIN)
    assert "Your request is sent" in response.get_data(as_text=True)
    html = client.get(FORM_URL).get_data(as_text=True)
    client.post(FORM_URL, data=answers(html, purpose="police-please", avoid=AVOID), headers=SAME_ORIGIN)
    first, second = stored(app)
    assert (opened(instance, first)["purpose"], opened(instance, first)["avoid"]) == ("", "")
    assert (opened(instance, second)["purpose"], opened(instance, second)["avoid"]) == (
        "",
        AVOID,
    )  # off the list: not kept
    files = [instance / name for name in ("test.sqlite3", "test.sqlite3-wal")]
    database = b"".join(path.read_bytes() for path in files if path.exists())
    assert b"Marlowe" not in database and b"advice" not in database  # the typed name, the chosen reason
    too_long = client.post(
        FORM_URL, data=answers(client.get(FORM_URL).get_data(as_text=True), avoid="x" * 101), headers=SAME_ORIGIN
    )
    assert "This must be 100 characters or fewer" in too_long.get_data(as_text=True)


def optional_questions(parsed: ParsedPage) -> Element:
    return next(e for e in parsed.all("details") if e.attrs.get("class") == "optional")


@pytest.mark.parametrize(
    "answered",
    [{}, {"purpose": "video"}, {"avoid": AVOID}, {"note": NOTE}, {"avoid": "x" * 101}],
    ids=["nothing", "why", "who-not", "note", "too-long"],
)
def test_the_optional_questions_are_one_line_until_one_holds_an_answer_or_an_error(client, page, answered):
    """Folded into one disclosure so the form stays short on a phone; it comes back open when one is answered."""
    parsed = page(FORM_URL)
    folded = optional_questions(parsed)
    assert "open" not in folded.attrs
    assert folded.text.strip().startswith("Tell us more, like who we must not speak to (optional)")
    for asked in (
        "Is there anyone we must not speak to? (optional)",
        "Why are you asking us to call? (optional)",
        "Anything else we should know? (optional)",
    ):
        assert asked in folded.text
    html = client.get(FORM_URL).get_data(as_text=True)
    data = answers(html, phone="", purpose="", avoid="", note="") | answered  # no phone: the form comes back
    parsed = page(FORM_URL, method="post", data=data, headers=SAME_ORIGIN)
    assert "Enter the phone number we should call" in parsed.text
    assert ("open" in optional_questions(parsed).attrs) is bool(answered)
