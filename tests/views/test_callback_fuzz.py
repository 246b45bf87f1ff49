"""Generated form data at every public form: never a server error, never markup reflected back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.apps import build_app, make_instance
from tests.callback_support import FORM_URL, HTMX, SAME_ORIGIN, WITHDRAW_URL, token_in

PROBE = "<x-probe"
FIELDS = [
    "token",
    "windows",
    "contact",
    "phone",
    "voicemail",
    "texts",
    "say_who",
    "someone_else",
    "name",
    "note",
    "interpreter",
    "interpreter_other",
    "leave_blank",
    "reference",
    "lang",
    "csrf_token",
    "windows[]",
]
CHOICES = [
    "phone",
    "video",
    "textphone",
    "yes",
    "no",
    "hang-up",
    "ask-for-you",
    "wrong-number",
    "bsl",
    "other",
    "pl",
    "20261123T0800Z",
    "99999999T9999Z",
    "07911 123456",
    "+44 7911 123456",
    "K7QM-3XPD-9RTV",
    "",
]
MARKUP = [
    f"{PROBE}>",
    '"><x-probe a="',
    "'><x-probe>",
    f"</textarea>{PROBE}>",
    f"<!--{PROBE}-->",
    f"<script>{PROBE}</script>",
    "{{ 7*7 }}",
    "%(phone)s",
    "&lt;x-probe&gt;",
]

text = st.one_of(
    st.sampled_from(CHOICES),
    st.sampled_from(MARKUP),
    st.text(max_size=80),
    st.builds(lambda a, b: a + b, st.text(max_size=30), st.sampled_from(MARKUP)),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=600),
)
form_data = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=20)),
    st.one_of(text, st.lists(text, max_size=5)),
    max_size=14,
)


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory):
    instance = make_instance(tmp_path_factory.mktemp("fuzz") / "instance")
    app = build_app(
        instance,
        {"SAFEROUTE_CALLBACK_RATE_LIMIT": "100000 per hour", "SAFEROUTE_WITHDRAW_RATE_LIMIT": "100000 per hour"},
    )
    return app.test_client()


def check(response) -> None:
    assert response.status_code < 500, response.status_code
    body = response.get_data(as_text=True)
    assert PROBE not in body, "markup was reflected"
    if (
        body.startswith("<!doctype html>") and response.status_code < 300
    ):  # an htmx block lands in a page that already has them
        assert "tel:999" in body and "/exit?lang=" in body, "every page keeps the exit and the emergency number"


FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.mark.parametrize("url", [FORM_URL, WITHDRAW_URL])
@FUZZ
@given(data=form_data, real_token=st.booleans(), htmx=st.booleans())
def test_generated_posts_get_no_server_error_and_no_reflected_markup(fuzz_client, url, data, real_token, htmx):
    if real_token:
        data = {**data, "token": token_in(fuzz_client.get(url).get_data(as_text=True))}
    check(fuzz_client.post(url, data=data, headers=HTMX if htmx else SAME_ORIGIN))


@pytest.mark.parametrize("url", [FORM_URL, WITHDRAW_URL])
@FUZZ
@given(
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "multipart/form-data",
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded; charset=latin-1",
            "",
        ]
    ),
)
def test_generated_raw_bodies_get_no_server_error(fuzz_client, url, body, content_type):
    check(fuzz_client.post(url, data=body, content_type=content_type, headers=SAME_ORIGIN))


@FUZZ
@given(lang=st.text(max_size=20), path=st.sampled_from(["callback", "callback/withdraw"]))
def test_generated_language_prefixes_get_no_server_error(fuzz_client, lang, path):
    from urllib.parse import quote

    check(fuzz_client.get(f"/{quote(lang, safe='')}/{path}"))
