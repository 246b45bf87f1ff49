"""Find support in the console: the public page's lookup and cards, by place and need."""

from __future__ import annotations

import pytest

from saferoute.directory import services_for
from saferoute.staff.signposting import referrable
from tests.pages import PageChecker

HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def route_ids(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('id="route-')[1:]]


@pytest.mark.parametrize(("place", "need"), [("thanet", ""), ("medway", "lgbt"), ("any", "honour"), ("swale", "deaf")])
def test_the_lookup_finds_what_the_public_page_finds(staff_app, staff_client, place, need):
    page = PageChecker(staff_client, allow_cookie=True)(f"/staff/support?place={place}&need={need}")
    directory = staff_app.extensions["saferoute.directory"]
    answer = services_for(directory, place, need or None)
    assert route_ids(page.html) == [r.id for r in (*answer.local, *answer.for_need, *answer.national)]
    for route in (*answer.local, *answer.for_need, *answer.national):
        if route.phone:
            assert f'href="{route.phone.href}"' in page.html  # a number to read out, from the directory


def test_htmx_gets_only_the_results(staff_client):
    block = staff_client.get("/staff/support?place=medway&need=", headers=HX).get_data(as_text=True)
    assert "<html" not in block and 'id="route-choices"' in block
    full = staff_client.get("/staff/support?place=medway&need=").get_data(as_text=True)
    assert "<html" in full and 'id="route-choices"' in full


def test_a_choice_not_on_the_lists_finds_nothing(staff_client):
    page = PageChecker(staff_client, allow_cookie=True)("/staff/support?place=atlantis&need=lgbt")
    assert "Choose a place" in page.text and route_ids(page.html) == []
    page = PageChecker(staff_client, allow_cookie=True)("/staff/support?place=medway&need=<script>")
    assert route_ids(page.html) == [] and "<script>" not in page.html


def test_the_page_before_a_choice_and_its_way_back(staff_client):
    page = PageChecker(staff_client, allow_cookie=True)("/staff/support?request=12")
    assert page.title == "Find support - SafeRoute hub console"
    assert "/staff/requests/12" in page.links and route_ids(page.html) == []
    assert "/staff/requests/" not in PageChecker(staff_client, allow_cookie=True)("/staff/support?request=x").html


def test_support_needs_a_signed_in_worker(staff_app):
    assert staff_app.test_client().get("/staff/support?place=medway").status_code == 303


def test_the_services_to_refer_to_are_the_directorys_local_services_and_helplines(staff_app):
    directory = staff_app.extensions["saferoute.directory"]
    ids = [route.id for route in referrable(directory)]
    assert {"kidas", "oasis", "galop", "national-helpline"} <= set(ids)
    assert not {"emergency", "hub", "non-emergency", "relay-uk"} & set(ids)
