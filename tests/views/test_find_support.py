"""Find support: every place and need, in the right order, and the choice kept out of every address, title and log."""

from __future__ import annotations

import re

import pytest

from saferoute.directory import ANY_PLACE, NEED_IDS, services_for
from tests.apps import build_app
from tests.pages import PageChecker

URL = "/en/find-support"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial", **SAME_ORIGIN}
TITLE = "Find support - SafeRoute"

# Another area's directory: the routes every area must have, and national lines, but no places.
ELSEWHERE = """
area = "Elsewhere"
timezone = "Europe/London"
{routes}
[[route]]
id = "national-helpline"
name = "National Domestic Abuse Helpline (Refuge)"
kind = "helpline"
who = "women"
always_open = true
contacts = [{{ type = "tel", value = "08082000247", label = "0808 2000 247" }}]
checked = 2026-12-01
source = {{ title = "GOV.UK", url = "https://gov.uk/" }}

[[route]]
id = "galop"
name = "Galop"
kind = "helpline"
who = "lgbt"
needs = ["lgbt"]
contacts = [{{ type = "tel", value = "08009995428", label = "0800 999 5428" }}]
checked = 2026-12-01
source = {{ title = "Galop", url = "https://galop.org.uk/get-help/helplines/" }}
"""


def directory(app):
    return app.extensions["saferoute.directory"]


def section_ids(html: str, heading_id: str) -> list[str]:
    """Route ids listed under the <h2 id=heading_id>, up to the next <h2>."""
    if f'id="{heading_id}"' not in html:
        return []
    part = html.split(f'id="{heading_id}"', 1)[1].split("<h2", 1)[0]
    return re.findall(r'<section class="route" aria-labelledby="route-([a-z0-9-]+)"', part)


def test_the_form_asks_for_a_place_and_optionally_a_need(page, app):
    parsed = page(URL)
    assert parsed.title == TITLE
    form = parsed.all("form")[0]
    assert (form.attrs["method"], form.attrs["action"], form.attrs["autocomplete"]) == ("post", URL, "off")
    assert form.attrs["hx-post"] == URL, "with JavaScript the answer replaces the panel, the address stays"
    places = [e for e in parsed.all("option") if e.attrs.get("translate") == "no"]
    assert sorted(e.text for e in places) == sorted(p.name for p in directory(app).places)
    needs = [e.attrs["value"] for e in parsed.all("option")]
    assert set(NEED_IDS) <= set(needs) and ANY_PLACE in needs
    assert "tel:999" in parsed.links


def test_home_and_helplines_lead_here(page):
    assert URL in page("/en/").links
    assert URL in page("/en/helplines").links


@pytest.mark.parametrize("need", [None, *NEED_IDS])
def test_every_place_and_need_answers_in_order(app, need):
    """Emergency strip, then local services, then the need's, then national lines: for every place."""
    page = PageChecker(app.test_client())
    d = directory(app)
    for place in [p.id for p in d.places] + [ANY_PLACE]:
        data = {"place": place, "need": need or ""}
        parsed = page(URL, method="post", data=data, headers=SAME_ORIGIN)
        html = parsed.html
        expected = services_for(d, place, need)
        assert parsed.title == TITLE, "the title never names the choice: History keeps titles"
        main = html.split('id="main"', 1)[1]
        shown = [h for h in ('class="emergency"', 'id="local"', 'id="for-need"', 'id="national"') if h in main]
        assert shown[:2] == ['class="emergency"', 'id="local"'] and (not need or 'id="for-need"' in shown)
        assert [main.index(h) for h in shown] == sorted(main.index(h) for h in shown), "in the issue's order"
        assert section_ids(html, "local") == [r.id for r in expected.local]
        assert section_ids(html, "for-need") == [r.id for r in expected.for_need]
        assert section_ids(html, "national") == [r.id for r in expected.national]
        assert "tel:08081689111" in parsed.links, "the 24-hour way in is on every answer"
        for link in [u for u in parsed.links if u.startswith(("/", "#", "?"))]:  # our own addresses
            assert place not in link and (need is None or need not in link), f"{link} carries the choice"


def test_local_services_match_the_issue(app):
    d = directory(app)
    local = {p: {r.id for r in services_for(d, p, None).local} for p in ("thanet", "canterbury", "medway", "maidstone")}
    assert {"oasis", "kidas", "kent-das", "victim-support"} <= local["thanet"]
    assert "rising-sun" in local["canterbury"]
    assert {"oasis", "choices"} <= local["medway"] and "kidas" not in local["medway"]
    assert "maidstone-one-stop-shop" in local["maidstone"]
    sexual = {r.id for r in services_for(d, "dover", "sexual-violence").for_need}
    assert {"kent-sarc", "rape-crisis-line"} <= sexual
    assert "kent-sarc" not in {r.id for r in services_for(d, "dover", None).local}, (
        "a specialist service waits for its need"
    )


def test_a_local_service_shows_how_to_reach_it(app):
    page = PageChecker(app.test_client())
    html = page(URL, method="post", data={"place": "thanet"}, headers=SAME_ORIGIN).html
    oasis = html.split('id="route-oasis"')[1].split("</section>")[0]
    assert "To get this help, contact" in oasis and "Victim Support" in oasis and "tel:08081689111" in oasis
    assert "Refuge: a safe place to stay" in oasis and "Address" not in oasis, "never a refuge's address"
    maidstone = page(URL, method="post", data={"place": "maidstone"}, headers=SAME_ORIGIN).html
    drop_in = maidstone.split('id="route-maidstone-one-stop-shop"')[1].split("</section>")[0]
    assert "You do not need an appointment." in drop_in and "Church Street" in drop_in


def test_not_sure_shows_only_services_that_cover_everywhere(app):
    page = PageChecker(app.test_client())
    html = page(URL, method="post", data={"place": ANY_PLACE, "need": ""}, headers=SAME_ORIGIN).html
    assert set(section_ids(html, "local")) == {"kent-das", "victim-support"}


@pytest.mark.parametrize(
    ("data", "field"),
    [({}, "place"), ({"place": "atlantis"}, "place"), ({"place": "medway", "need": "spa-day"}, "need")],
)
def test_a_missing_or_unknown_choice_asks_again(page, data, field):
    parsed = page(URL, method="post", data=data, headers=SAME_ORIGIN)
    assert parsed.title == f"Error: {TITLE}"
    assert f"#{field}" in [e.attrs["href"] for e in parsed.all("a") if e.attrs.get("href", "").startswith("#")]
    assert parsed.by_id(field).attrs.get("aria-invalid") == "true"
    assert not section_ids(parsed.html, "local")


def test_htmx_gets_only_the_panel_with_a_title_that_names_nothing(client):
    response = client.post(URL, data={"place": "swale", "need": "stalking"}, headers=PARTIAL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="find-support"')
    assert "<title>Find support - SafeRoute</title>" in html
    assert "data-take-focus" in html.split("<h1", 1)[1].split(">", 1)[0], "the answer's heading takes focus"
    assert "Swale" in html and "National Stalking Helpline" in html


def test_a_post_from_another_site_is_refused(client):
    response = client.post(URL, data={"place": "swale"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_the_choice_is_in_no_log_line(client, captured_logs):
    client.post(URL, data={"place": "tunbridge-wells", "need": "own-behaviour"}, headers=SAME_ORIGIN)
    logged = "\n".join(r.getMessage() for r in captured_logs.records)
    assert "help.find_support" in logged
    for leak in ("tunbridge", "Tunbridge", "own-behaviour", "place=", "need="):
        assert leak not in logged


def test_nothing_is_stored_or_set(app, client):
    response = client.post(URL, data={"place": "dover"}, headers=SAME_ORIGIN)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def elsewhere(instance, tmp_path):
    area = tmp_path / "elsewhere.toml"
    area.write_text(ELSEWHERE.format(routes=required_routes()))
    return build_app(instance, {"SAFEROUTE_DIRECTORY": str(area)})


def required_routes() -> str:
    """The routes every area must have, copied from Kent's file."""
    from saferoute.config import PACKAGE_DIR
    from saferoute.directory.loader import REQUIRED_IDS

    text = (PACKAGE_DIR / "directory" / "kent.toml").read_text()
    blocks = text.split("[[route]]\n")[1:]
    keep = [b for b in blocks if re.match(r'id = "([^"]+)"', b).group(1) in REQUIRED_IDS]
    return "".join("[[route]]\n" + b.split("\n# ---")[0] for b in keep)


def test_another_area_without_local_services_shows_national_lines_with_a_note(elsewhere):
    page = PageChecker(elsewhere.test_client())
    form = page(URL)
    assert not form.by_id("place"), "no places to choose"
    assert "We do not list local services for Elsewhere" in form.text
    answer = page(URL, method="post", data={"need": "lgbt"}, headers=SAME_ORIGIN)
    assert "We do not list local services for Elsewhere" in answer.text
    assert section_ids(answer.html, "for-need") == ["galop"]
    assert section_ids(answer.html, "national") == ["national-helpline"]
    assert not section_ids(answer.html, "local")
    assert page(URL, method="post", data={}, headers=SAME_ORIGIN).title == TITLE, "no place is needed there"


def test_an_address_cannot_carry_a_choice(page):
    """Nothing in a query string is read: a link cannot pre-fill or answer for someone."""
    parsed = page(f"{URL}?place=medway&need=men")
    assert not section_ids(parsed.html, "local")
    assert not [e for e in parsed.all("option") if "selected" in e.attrs and e.attrs.get("value")]
