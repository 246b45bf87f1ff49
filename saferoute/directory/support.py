"""Support by place and by need: the lookup the public page and the hub's console share.

Plain functions over a Directory, usable without a request, so staff can look
up the same services (by their stable ids) while on a call.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import GENERAL_WHO, Directory, Place, Route

# Needs a person may choose. Their words live in help/presenters.py.
NEED_IDS = (
    "men",
    "lgbt",
    "honour",
    "stalking",
    "children",
    "older",
    "deaf",
    "sexual-violence",
    "own-behaviour",
    "friends-family",
)
# What someone who would rather not name a place chooses: only services that cover everywhere.
ANY_PLACE = "any"


@dataclass(frozen=True)
class Support:
    """An answer, in the order a page shows it (after the emergency strip)."""

    place: Place | None
    need: str | None
    local: tuple[Route, ...]
    for_need: tuple[Route, ...]
    national: tuple[Route, ...]
    has_local_services: bool  # False where the area's directory lists none at all


def covers(route: Route, place_id: str | None, directory: Directory) -> bool:
    """A local route covers a place; with no place chosen, only a route that covers every place does."""
    if place_id is None or place_id == ANY_PLACE:
        return bool(directory.places) and set(route.areas) >= {p.id for p in directory.places}
    return place_id in route.areas


def services_for(directory: Directory, place_id: str | None, need: str | None) -> Support:
    """Local services for the place, then services for the need (national, or local here), then national lines."""
    if place_id not in (None, ANY_PLACE) and directory.place(place_id) is None:
        raise KeyError(place_id)
    if need is not None and need not in NEED_IDS:
        raise KeyError(need)
    local = tuple(r for r in directory.routes if r.areas and r.who in GENERAL_WHO and covers(r, place_id, directory))
    shown = {r.id for r in local}
    for_need: tuple[Route, ...] = ()
    if need is not None:
        for_need = tuple(
            r
            for r in directory.routes
            if need in r.needs and r.id not in shown and (r.national or covers(r, place_id, directory))
        )
    shown |= {r.id for r in for_need}
    national = tuple(directory[r] for r in directory.national if r not in shown)
    return Support(
        place=directory.place(place_id) if place_id else None,
        need=need,
        local=local,
        for_need=for_need,
        national=national,
        has_local_services=any(r.areas for r in directory.routes),
    )
