"""Clare's Law requests (issue 14): two ways in, only what the hub needs first, safe contact as a
call-back, sealed and kept short, one withdraw page for both kinds, and bad input never a 500."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.encoding import Base64Encoder
from nacl.public import PrivateKey
from sqlalchemy import func, select

from saferoute.callback.models import CallbackRequest
from saferoute.callback.sealing import unseal
from saferoute.config import PACKAGE_DIR
from saferoute.extensions import db
from tests.apps import build_app
from tests.callback_support import (
    CODE_WORD,
    HTMX,
    PHONE,
    PHONE_E164,
    SAME_ORIGIN,
    checked_windows,
    reference_in,
    sent_at_once,
    token_in,
    withdraw,
)
from tests.callback_support import send as send_callback
from tests.clares_law_support import (
    AT_RISK,
    OTHER_NAMES,
    OWN_URL,
    SOMEONE_URL,
    SUBJECT,
    answers,
    send,
)
from tests.pages import PageChecker

from .test_callback import LONDON_MONDAY_0600

SECRETS = (SUBJECT, OTHER_NAMES, AT_RISK, CODE_WORD, PHONE_E164, PHONE)


@pytest.fixture
def app_environ():
    return {"SAFEROUTE_CALLBACK_RATE_LIMIT": "1000 per hour"}


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(LONDON_MONDAY_0600, tick=False):
        yield


def stored(app) -> list[CallbackRequest]:
    with app.app_context():
        return list(db.session.scalars(select(CallbackRequest).order_by(CallbackRequest.id)))


def opened(instance, row: CallbackRequest) -> dict:
    key = PrivateKey((instance / "hub_private.key").read_bytes().strip(), encoder=Base64Encoder)
    return unseal(row.sealed, key)


def test_the_clares_law_page_links_both_ways_in_where_requests_are_taken_online(page):
    parsed = page("/en/clares-law")
    assert OWN_URL in parsed.links and SOMEONE_URL in parsed.links
    assert "Ask about my partner" in parsed.text and "Ask about someone else's partner" in parsed.text


def test_where_the_directory_states_no_answer_time_there_is_no_form_and_no_link(instance, tmp_path):
    kent = (PACKAGE_DIR / "directory" / "kent.toml").read_text()
    start = kent.index("[clares_law]")
    area = tmp_path / "area.toml"
    area.write_text(kent[:start] + kent[kent.index("[[place]]", start) :])
    client = build_app(instance, {"SAFEROUTE_DIRECTORY": str(area)}).test_client()
    assert client.get(OWN_URL).status_code == 404
    assert OWN_URL not in client.get("/en/clares-law").get_data(as_text=True)


@pytest.mark.parametrize(("url", "asks_about_the_person_at_risk"), [(OWN_URL, False), (SOMEONE_URL, True)])
def test_each_way_in_asks_only_what_the_hub_needs_first(page, url, asks_about_the_person_at_risk):
    parsed = page(url)
    assert 'name="subject_name"' in parsed.html and 'name="relation"' in parsed.html
    assert ('name="at_risk_name"' in parsed.html) is asks_about_the_person_at_risk
    for safe_contact in (
        "windows",
        "contact",
        "phone",
        "voicemail",
        "texts",
        "say_who",
        "someone_else",
        "name",
        "avoid",
    ):
        assert f'name="{safe_contact}"' in parsed.html, safe_contact
    assert 'name="purpose"' not in parsed.html, "why they asked is the call-back's own question"
    assert parsed.html.index('name="subject_name"') < parsed.html.index('name="windows"'), "who first"
    assert "They aim to give an answer within 28 days." in parsed.text
    assert "They never put it in writing." in parsed.text
    assert ("They usually tell the person at risk, not you." in parsed.text) is asks_about_the_person_at_risk
    assert "/en/clares-law/ask/nobody" not in parsed.links
    assert page.client.get("/en/clares-law/ask/nobody").status_code == 404


def test_a_request_is_sealed_with_its_kind_and_the_answer_says_what_happens_next(app, client, instance):
    response = send(client, SOMEONE_URL)
    body = response.get_data(as_text=True)
    shown = reference_in(body)
    assert shown and "Your request is sent" in body
    assert "They usually tell the person at risk, not you." in body
    assert "We do not send an email or a text message" in body
    assert "/en/callback/withdraw" in body
    [row] = stored(app)
    assert (row.kind, row.status, row.contact_method) == ("clares-law", "new", "phone")
    sealed = opened(instance, row)
    assert {key: sealed[key] for key in ("kind", "way", "subject_name", "other_names", "age", "relation")} == {
        "kind": "clares-law",
        "way": "someone",
        "subject_name": SUBJECT,
        "other_names": OTHER_NAMES,
        "age": "1990-03-14",
        "relation": "ex-partner",
    }
    assert (sealed["at_risk_name"], sealed["knows_at_risk"], sealed["phone"]) == (AT_RISK, "friend", PHONE_E164)


def test_who_not_to_speak_to_is_sealed_and_why_they_asked_never_is(app, client, instance):
    send(client, OWN_URL, avoid="Bramwell Tunstead", purpose="advice")  # a forged "purpose" is not kept
    sealed = opened(instance, stored(app)[0])
    assert sealed["avoid"] == "Bramwell Tunstead"
    assert "purpose" not in sealed


def test_the_first_way_in_keeps_nothing_about_a_third_person(app, client, instance):
    send(client, OWN_URL)
    sealed = opened(instance, stored(app)[0])
    assert (sealed["way"], sealed["at_risk_name"], sealed["knows_at_risk"]) == ("own", "", "")


def test_htmx_gets_the_panel_and_without_javascript_the_whole_page(client):
    html = client.get(OWN_URL).get_data(as_text=True)
    whole = client.post(OWN_URL, data=answers(html), headers=SAME_ORIGIN).get_data(as_text=True)
    assert "<html" in whole and reference_in(whole)
    html = client.get(SOMEONE_URL).get_data(as_text=True)
    panel = client.post(SOMEONE_URL, data=answers(html), headers={**HTMX, "HX-Target": "div#clares-law"})
    assert "<html" not in panel.get_data(as_text=True) and reference_in(panel.get_data(as_text=True))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject_name": ""}, "Enter their full name"),
        ({"subject_name": "<b>!!</b>"}, "Enter their name in letters"),
        ({"subject_name": "Q" * 10_000}, "Their name must be 100 characters or fewer"),
        ({"age": "1 1 2030"}, "Their date of birth must be in the past"),
        ({"relation": "landlord"}, "Choose how they are linked to you"),
        ({"phone": ""}, "Enter the phone number we should call"),
    ],
)
def test_bad_input_shows_the_form_again_with_every_answer_kept(app, client, overrides, message):
    html = client.get(OWN_URL).get_data(as_text=True)
    data = answers(html, **overrides)
    response = client.post(OWN_URL, data=data, headers=SAME_ORIGIN)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in body
    assert message in body
    for field in ("other_names", "area"):
        assert f'value="{data[field]}"' in body, field
    assert checked_windows(body) == data["windows"]
    assert f'value="{CODE_WORD}"' in body
    assert stored(app) == []


def test_repeated_fields_and_markup_are_never_a_500(app, client):
    html = client.get(OWN_URL).get_data(as_text=True)
    data = answers(html, subject_name=["<script>alert(1)</script>Sam Rivers", "Other"], relation=["partner", "x"])
    response = client.post(OWN_URL, data=data, headers=SAME_ORIGIN)
    assert response.status_code == 200 and reference_in(response.get_data(as_text=True))
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_a_double_tap_creates_one_request(app):
    data = answers(app.test_client().get(OWN_URL).get_data(as_text=True))
    seen = sent_at_once(app, OWN_URL, data)
    assert len(seen) == 6 and len(set(seen)) == 1 and seen[0]
    assert len(stored(app)) == 1


def test_a_forged_post_is_refused_and_stores_nothing(app, client):
    html = client.get(OWN_URL).get_data(as_text=True)
    response = client.post(OWN_URL, data=answers(html), headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and stored(app) == []
    response = client.post(OWN_URL, data=answers(html, token="forged"), headers=SAME_ORIGIN)
    assert "Something went wrong with this form" in response.get_data(as_text=True) and stored(app) == []


def test_both_kinds_are_withdrawn_from_the_one_withdraw_page(app, client):
    clares = reference_in(send(client, SOMEONE_URL).get_data(as_text=True))
    callback = reference_in(send_callback(client).get_data(as_text=True))
    assert sorted(row.kind for row in stored(app)) == ["callback", "clares-law"]
    for reference in (clares, callback):
        assert "Request withdrawn" in withdraw(client, reference).get_data(as_text=True)
    assert stored(app) == []


def test_the_form_withdrawn_in_another_tab_is_not_sent_again(app, client):
    html = client.get(OWN_URL).get_data(as_text=True)
    data = answers(html)
    shown = reference_in(client.post(OWN_URL, data=data, headers=SAME_ORIGIN).get_data(as_text=True))
    withdraw(client, shown)
    again = client.post(OWN_URL, data=data, headers=SAME_ORIGIN).get_data(as_text=True)
    assert "This request was withdrawn" in again and stored(app) == []
    assert token_in(again) != data["token"]


def test_rate_limited_as_call_backs_are_in_one_pool(instance):
    app = build_app(instance, {"SAFEROUTE_CALLBACK_RATE_LIMIT": "2 per hour"})
    client = app.test_client()
    assert reference_in(send(client).get_data(as_text=True))
    assert reference_in(send_callback(client).get_data(as_text=True))
    refused = send(client, SOMEONE_URL)
    assert refused.status_code == 429
    assert "Too many requests" in refused.get_data(as_text=True)
    assert f'value="{SUBJECT}"' in refused.get_data(as_text=True), "every answer kept"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["subject_name", "other_names", "age", "area", "relation", "at_risk_name", "knows_at_risk"]),
        st.one_of(st.text(max_size=400), st.lists(st.text(max_size=40), max_size=3)),
    )
)
def test_any_post_is_the_form_again_or_a_sent_page_never_a_500(client, fields):
    html = client.get(SOMEONE_URL).get_data(as_text=True)
    response = client.post(SOMEONE_URL, data=answers(html, **fields), headers=SAME_ORIGIN)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert ("There is a problem" in body) != bool(reference_in(body))


@pytest.fixture
def storage_app(instance, database_url):
    app = build_app(instance, {"SAFEROUTE_DATABASE_URL": database_url})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_nothing_typed_is_in_the_database_in_clear(storage_app, database_url, instance, request):
    client = storage_app.test_client()
    shown = reference_in(send(client, SOMEONE_URL).get_data(as_text=True))
    with storage_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CallbackRequest)) == 1
    if database_url.startswith("sqlite"):
        files = [instance / "test.sqlite3", instance / "test.sqlite3-wal"]
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        assert shown.replace("-", "").encode() in raw, "the reference is there: we did read the data"
        for secret in SECRETS:
            assert secret.encode() not in raw, secret
    else:
        dump = request.getfixturevalue("postgres_server").dump(urlsplit(database_url).path.lstrip("/"))
        assert shown.replace("-", "") in dump and "clares-law" in dump
        for secret in SECRETS:
            assert secret not in dump, secret
    assert not re.search(r"Quillfeather|Marigold", PageChecker(client)("/en/callback/withdraw").html)
