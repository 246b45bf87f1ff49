"""Generated form data at every staff console form: never a server error, never markup reflected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.staff_support import build_staff_app, csrf_token, make_request, make_user, sign_in
from tests.views.test_callback_fuzz import PROBE, text

FIELDS = ["csrf_token", "name", "password", "code", "outcome", "note", "status", "language"]
form_data = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=20)),
    st.one_of(text, st.lists(text, max_size=3)),
    max_size=8,
)
FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def check(response) -> None:
    assert response.status_code < 500, response.status_code
    assert PROBE not in response.get_data(as_text=True), "markup was reflected"


# The sign-in rate limit would otherwise answer most generated posts before the form sees them.
NO_LIMITS = {"RATELIMIT_ENABLED": False}


def signed_in_client(instance):
    app = build_staff_app(instance, overrides=NO_LIMITS)
    client = app.test_client()
    sign_in(client, "ana", make_user(app, "ana"))
    now = datetime.now(UTC)
    return client, make_request(app, [(now + timedelta(hours=1), now + timedelta(hours=3))])


def test_generated_sign_in_posts(instance):
    client = build_staff_app(instance, overrides=NO_LIMITS).test_client()
    token = csrf_token(client.get("/staff/sign-in").get_data(as_text=True))

    @FUZZ
    @given(data=form_data, real_token=st.booleans())
    def run(data, real_token):
        if real_token:
            data = {**data, "csrf_token": token}
        check(client.post("/staff/sign-in", data=data, headers={"Sec-Fetch-Site": "same-origin"}))

    run()


def test_generated_outcome_posts_and_queue_filters(instance):
    client, request_id = signed_in_client(instance)
    token = csrf_token(client.get(f"/staff/requests/{request_id}").get_data(as_text=True))

    @FUZZ
    @given(data=form_data, real_token=st.booleans())
    def run(data, real_token):
        if real_token:
            data = {**data, "csrf_token": token}
        check(
            client.post(f"/staff/requests/{request_id}/outcome", data=data, headers={"Sec-Fetch-Site": "same-origin"})
        )
        flat = {k: (v[0] if isinstance(v, list) and v else v) for k, v in data.items()}
        check(client.get("/staff/", query_string={k: v for k, v in flat.items() if isinstance(v, str)}))

    run()
