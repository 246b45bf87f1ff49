"""The directory loader: the real file loads, and each kind of mistake is named."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from saferoute.config import PACKAGE_DIR
from saferoute.directory import DirectoryError, load_directory, parse_directory

KENT = PACKAGE_DIR / "directory" / "kent.toml"


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
    kdas = directory["kent-das"]
    assert not kdas.always_open and [sorted(h.days) for h in kdas.hours] == [[0, 1, 2, 3, 4]]
    assert all(r.source.url.startswith("https://") for r in directory.routes)


def test_a_directory_without_a_hub_has_no_callback(kent):
    kent["route"] = [r for r in kent["route"] if r["id"] != "hub"]
    assert parse_directory(kent).hub is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: route(d, "galop").pop("source"), "route 'galop': missing field 'source'"),
        (lambda d: route(d, "galop").update(kind="chat"), "route 'galop': field 'kind' is 'chat'"),
        (
            lambda d: route(d, "galop")["contacts"][0].update(value="0800 CALL"),
            "route 'galop' contact 1: field 'value'",
        ),
        (lambda d: route(d, "galop")["contacts"][0].update(type="pager"), "route 'galop' contact 1: field 'type'"),
        (lambda d: route(d, "galop")["source"].update(url="http://galop.org.uk"), "route 'galop' source field 'url'"),
        (lambda d: route(d, "hub")["hours"][0].update(opens="8am"), "route 'hub' hours 1: field 'opens'"),
        (lambda d: route(d, "hub")["hours"][0].update(closes="07:00"), "route 'hub' hours 1: field 'closes'"),
        (lambda d: route(d, "hub")["hours"][0].update(days="fri-mon"), "route 'hub' hours 1: field 'days'"),
        (lambda d: route(d, "galop").update(audience="cats"), "route 'galop': field 'audience'"),
        (lambda d: route(d, "galop").update(id="emergency"), "route 'emergency': field 'id' is used twice"),
        (lambda d: route(d, "galop").update(id="Galop!"), "route 14: field 'id'"),
        (lambda d: route(d, "emergency").update(always_open="yes"), "route 'emergency': field 'always_open'"),
        (lambda d: d["route"].remove(route(d, "relay-uk")), "route 'relay-uk': missing"),
        (lambda d: d.update(timezone="Europe/Kent"), "directory: field 'timezone'"),
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
