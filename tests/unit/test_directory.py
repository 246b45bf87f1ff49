"""The directory loader: the real file loads with the facts issue 12 corrected, and each mistake is named."""

from __future__ import annotations

import copy
import tomllib
from datetime import date, time
from pathlib import Path

import pytest

from saferoute.config import PACKAGE_DIR
from saferoute.directory import DirectoryError, load_directory, parse_directory
from saferoute.directory.model import OFFERS, WHO

KENT = PACKAGE_DIR / "directory" / "kent.toml"
DISTRICTS = [
    "Ashford",
    "Canterbury",
    "Dartford",
    "Dover",
    "Folkestone and Hythe",
    "Gravesham",
    "Maidstone",
    "Sevenoaks",
    "Swale",
    "Thanet",
    "Tonbridge and Malling",
    "Tunbridge Wells",
]


@pytest.fixture
def kent() -> dict:
    with open(KENT, "rb") as handle:
        return tomllib.load(handle)


def route(data: dict, route_id: str) -> dict:
    return next(r for r in data["route"] if r["id"] == route_id)


def test_kent_directory_has_every_route_product_md_lists():
    directory = load_directory(KENT)
    numbers = {c.value for r in directory.routes for c in r.contacts}
    for number in (
        "999",
        "101",
        "18000",
        "18001101",
        "08082000247",
        "08088010327",
        "08081689276",
        "08081689111",
        "08009995428",
        "08088020300",
        "08005999247",
        "08088024040",
    ):
        assert number in numbers
    assert directory["silent-solution"].extra["press"] == "55"
    assert directory["emergency-sms"].extra["register_text"] == "register"
    hub = directory.hub
    assert hub is not None and [(h.opens.hour, h.closes.hour, len(h.days)) for h in hub.hours] == [(8, 22, 7)]
    assert all(s.url.startswith("https://") for r in directory.routes for s in r.sources)
    assert len(hub.video_sources) >= 2 and all(s.url.startswith("https://") for s in hub.video_sources)


def test_clares_law_is_answered_in_28_days_in_kent_with_its_sources():
    directory = load_directory(KENT)
    clares_law = directory.clares_law_online
    assert clares_law is not None and clares_law.answer_days == 28
    assert len(clares_law.sources) >= 2 and all(s.url.startswith("https://") for s in clares_law.sources)


def test_clares_law_online_needs_the_hub_and_the_answer_time(kent):
    without_hub = copy.deepcopy(kent)
    without_hub["route"] = [r for r in without_hub["route"] if r["id"] != "hub"]
    assert parse_directory(without_hub).clares_law_online is None
    without_time = copy.deepcopy(kent)
    without_time.pop("clares_law")
    assert parse_directory(without_time).clares_law is None
    assert parse_directory(without_time).hub is not None


def test_every_entry_says_when_it_was_checked():
    directory = load_directory(KENT)
    assert all(isinstance(r.checked, date) and r.checked <= date(2026, 12, 1) for r in directory.routes)


def test_kent_and_medway_line_its_24_hour_fallback_and_chat():
    directory = load_directory(KENT)
    kdas = directory["kent-das"]
    assert not kdas.always_open and kdas.availability.confirmed
    assert [(sorted(h.days), h.opens, h.closes) for h in kdas.hours] == [([0, 1, 2, 3, 4], time(8), time(20))]
    assert "medway" in kdas.areas and len(kdas.areas) == 13, "the service covers Kent and Medway"
    victim_support = directory["victim-support"]
    assert victim_support.always_open and victim_support.phone.value == "08081689111"
    assert victim_support.chat is not None and victim_support.chat.availability.always_open
    assert directory.referral_line == "victim-support"


def test_the_national_helpline_is_for_women_and_points_men_elsewhere():
    directory = load_directory(KENT)
    helpline = directory["national-helpline"]
    assert helpline.who == "women" and helpline.point_men_to == "mens-advice-line"
    # Only a source can make a line 24 hours; these are not.
    for route_id in ("mens-advice-line", "galop", "respect", "karma-nirvana", "stalking-helpline"):
        assert not directory[route_id].always_open, route_id
    assert not directory["mens-advice-line"].availability.known, "sources disagree: check before you call"
    galop = directory["galop"].availability
    assert galop.hours and not galop.confirmed and galop.stated == date(2023, 2, 1)


def test_stalking_helpline_hours_and_bank_holidays():
    stalking = load_directory(KENT)["stalking-helpline"].availability
    by_day = {day: (h.opens, h.closes) for h in stalking.hours for day in h.days}
    assert by_day == {
        0: (time(9, 30), time(16)),
        1: (time(9, 30), time(16)),
        2: (time(13), time(16)),
        3: (time(9, 30), time(16)),
        4: (time(9, 30), time(16)),
    }
    assert stalking.closed_bank_holidays and stalking.confirmed


def test_emergency_sms_no_longer_links_to_the_dead_address():
    sms = load_directory(KENT)["emergency-sms"]
    assert not any("emergencysms.net" in s.url for s in sms.sources)
    assert not any("emergencysms" in c.value for c in sms.contacts)
    assert (sms.extra["register_text"], sms.extra["register_reply"]) == ("register", "yes")


def test_places_are_the_twelve_districts_and_medway():
    directory = load_directory(KENT)
    assert sorted(p.name for p in directory.places) == sorted([*DISTRICTS, "Medway"])


def test_no_refuge_has_an_address_and_every_local_service_has_a_way_in():
    directory = load_directory(KENT)
    for r in directory.routes:
        if "refuge" in r.offers:
            assert r.address is None, r.id
        if r.kind == "local":
            assert r.way_in and (r.contacts or r.way_in == "referral-line" or r.through or r.address), r.id
    assert directory.of_kind("local"), "local services are listed"
    assert {r.who for r in directory.routes if r.who} <= set(WHO)
    assert {o for r in directory.routes for o in r.offers} <= set(OFFERS)


def test_a_directory_without_a_hub_has_no_callback(kent):
    kent["route"] = [r for r in kent["route"] if r["id"] != "hub"]
    assert parse_directory(kent).hub is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: route(d, "galop").pop("sources"), "route 'galop': missing field 'source'"),
        (lambda d: route(d, "galop").update(kind="chat"), "route 'galop': field 'kind' is 'chat'"),
        (
            lambda d: route(d, "galop")["contacts"][0].update(value="0800 CALL"),
            "route 'galop' contact 1: field 'value'",
        ),
        (lambda d: route(d, "galop")["contacts"][0].update(type="pager"), "route 'galop' contact 1: field 'type'"),
        (
            lambda d: route(d, "galop")["sources"][1].update(url="http://galop.org.uk"),
            "route 'galop' source 2 field 'url'",
        ),
        (lambda d: route(d, "hub")["hours"][0].update(opens="8am"), "route 'hub' hours 1: field 'opens'"),
        (lambda d: route(d, "hub")["hours"][0].update(closes="07:00"), "route 'hub' hours 1: field 'closes'"),
        (lambda d: route(d, "hub")["hours"][0].update(days="fri-mon"), "route 'hub' hours 1: field 'days'"),
        (lambda d: route(d, "galop").update(who="cats"), "route 'galop': field 'who'"),
        (lambda d: route(d, "galop").update(id="emergency"), "route 'emergency': field 'id' is used twice"),
        (lambda d: route(d, "galop").update(id="Galop!"), "field 'id' 'Galop!'"),
        (lambda d: route(d, "emergency").update(always_open="yes"), "route 'emergency': field 'always_open'"),
        (lambda d: d["route"].remove(route(d, "relay-uk")), "route 'relay-uk': missing"),
        (lambda d: d.update(timezone="Europe/Kent"), "directory: field 'timezone'"),
        # Issue 12's new fields.
        (lambda d: route(d, "galop").pop("checked"), "route 'galop': missing field 'checked'"),
        (lambda d: route(d, "galop").update(checked="last week"), "route 'galop': field 'checked' must be a date"),
        (
            lambda d: route(d, "oasis").update(areas=["thanet", "atlantis"]),
            "route 'oasis': field 'areas' has 'atlantis'",
        ),
        (lambda d: route(d, "oasis").pop("areas"), "route 'oasis': a local service needs field 'areas'"),
        (lambda d: route(d, "galop").update(needs=["cats"]), "route 'galop': field 'needs' has 'cats'"),
        (lambda d: route(d, "oasis").update(offers=["spa"]), "route 'oasis': field 'offers' has 'spa'"),
        (lambda d: route(d, "oasis").update(way_in="carrier pigeon"), "route 'oasis': field 'way_in'"),
        (
            lambda d: route(d, "victim-support")["contacts"][1].pop("value"),
            "route 'victim-support' contact 2: missing field 'value'",
        ),
        (
            lambda d: route(d, "victim-support")["contacts"][1].update(value="victimsupport.org.uk"),
            "route 'victim-support' contact 2 field 'value'",
        ),
        (
            lambda d: route(d, "kent-das")["contacts"][0].update(always_open=True),
            "route 'kent-das' contact 1: only a chat states its own hours",
        ),
        (
            lambda d: route(d, "oasis").update(address="1 Secret Street"),
            "route 'oasis': field 'address' is for drop-ins only, never a refuge",
        ),
        (lambda d: route(d, "galop").pop("hours_stated"), "route 'galop': field 'hours_stated' is needed"),
        (lambda d: route(d, "galop").update(hours_stated="last year"), "route 'galop': field 'hours_stated'"),
        (
            lambda d: route(d, "national-helpline").update(point_men_to="nobody"),
            "route 'national-helpline': field 'point_men_to' names no route 'nobody'",
        ),
        (lambda d: route(d, "kent-sarc").update(through="nobody"), "route 'kent-sarc': field 'through'"),
        (lambda d: d.pop("bank_holidays"), "route 'stalking-helpline': closes on bank holidays"),
        (lambda d: d["bank_holidays"].update(until=date(2026, 12, 26)), "bank_holidays: a date is after 'until'"),
        (lambda d: d["support"].update(referral_line="nobody"), "support: names no route 'nobody'"),
        (lambda d: d["place"].append({"id": "medway", "name": "Medway"}), "a [[place]] id is used twice"),
        # The hub's sources for what a video call is like (issue 13).
        (
            lambda d: route(d, "hub")["video_sources"][0].update(url="http://example.org"),
            "route 'hub' video source 1 field 'url'",
        ),
        (
            lambda d: route(d, "hub")["video_sources"][1].pop("title"),
            "route 'hub' video source 2: missing field 'title'",
        ),
        (
            lambda d: route(d, "hub").update(video_sources="GoodSAM"),
            "route 'hub': field 'video_sources' must be a list",
        ),
        # Clare's Law's answer time (issue 14): a number the pages and the console rely on.
        (lambda d: d["clares_law"].update(answer_days="28"), "clares_law: field 'answer_days' must be a whole number"),
        (lambda d: d["clares_law"].update(answer_days=0), "clares_law: field 'answer_days'"),
        (lambda d: d["clares_law"].update(answer_days=280), "clares_law: field 'answer_days'"),
        (lambda d: d["clares_law"].pop("sources"), "clares_law: missing field 'source'"),
        (lambda d: d["clares_law"].pop("checked"), "clares_law: missing field 'checked'"),
    ],
)
def test_each_kind_of_mistake_names_the_entry_and_field(kent, change, message):
    broken = copy.deepcopy(kent)
    change(broken)
    with pytest.raises(DirectoryError) as caught:
        parse_directory(broken)
    assert message in str(caught.value)


def test_a_file_that_is_not_toml_is_named(tmp_path: Path):
    bad = tmp_path / "area.toml"
    bad.write_text("area = [unclosed")
    with pytest.raises(DirectoryError, match=r"area\.toml is not valid TOML"):
        load_directory(bad)
    with pytest.raises(DirectoryError, match="does not exist"):
        load_directory(tmp_path / "missing.toml")
