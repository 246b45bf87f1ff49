"""The Clare's Law page's rows, already resolved: the two ways in, each with its form's address
where the request is taken online here (the form is offered only where the directory says
how long an answer takes and the hub takes call-backs)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from ..services import directory
from .steps import next_steps
from .vocabulary import WAYS, Way

FORM = "clares_law.form"


@dataclass(frozen=True)
class WayIn:
    way: Way
    href: str | None  # None: not asked online in this area


def online() -> bool:
    return directory().clares_law_online is not None


def ways_in() -> list[WayIn]:
    here = online()
    return [WayIn(way, url_for(FORM, way=way.code) if here else None) for way in WAYS]


def page() -> dict:
    return {"next_steps": next_steps(directory().clares_law), "ways_in": ways_in()}
