"""The guidance pages, in the order the site's navigation lists them, with what each cites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from . import sources
from .sources import Citation


@dataclass(frozen=True)
class Page:
    slug: str
    title: object  # a lazy string: translated when shown
    template: str
    sources: tuple[Citation, ...] = ()  # the guidance the page paraphrases, shown at its foot

    @property
    def checked(self) -> date | None:
        """When the page was last compared with its sources: the oldest check counts."""
        return min((source.checked for source in self.sources), default=None)


PAGES = (
    Page("report", _l("Ways to report abuse"), "help/report.html"),
    Page("cant-speak-or-hear", _l("If you can't speak or hear"), "help/cant_speak_or_hear.html"),
    Page("helplines", _l("Helplines"), "help/helplines.html"),
    Page(
        "is-this-abuse",
        _l("Is this abuse?"),
        "help/is_this_abuse.html",
        (
            sources.WOMENS_AID_COERCIVE_CONTROL,
            sources.REFUGE_COERCIVE_CONTROL,
            sources.REFUGE_ECONOMIC_ABUSE,
            sources.REFUGE_TECH_ABUSE,
            sources.GOV_UK_GET_HELP,
            sources.CONSENT_IN_RELATIONSHIPS,
            sources.COLLEGE_OF_POLICING_IMAGES,
            sources.HMICFRS_STALKING,
            sources.COLLEGE_OF_POLICING_HBA,
        ),
    ),
    Page(
        "safety-plan",
        _l("Staying safe while you decide"),
        "help/safety_plan.html",
        (
            sources.WOMENS_AID_LEAVING,
            sources.WEST_MERCIA_WOMENS_AID,
            sources.SAFELIVES_IDVA,
            sources.GOV_UK_INJUNCTION,
            sources.DOGS_TRUST_FREEDOM,
            sources.KENT_DAS_ADULTS,
            sources.KENT_COUNTY_COUNCIL,
        ),
    ),
    Page(
        "keeping-evidence",
        _l("Keeping evidence safely"),
        "help/keeping_evidence.html",
        (
            sources.WEST_MERCIA_WOMENS_AID,
            sources.REFUGE_TECH_ABUSE,
            sources.SAFETY_NET_CLOUD,
            sources.GOV_UK_INJUNCTION,
            sources.KENT_POLICE_HUB,
        ),
    ),
    Page("clares-law", _l("Clare's Law: ask about a partner"), "help/clares_law.html", sources.CLARES_LAW),
    Page("staying-safe-online", _l("Staying safe online"), "help/staying_safe_online.html"),
    Page(
        "worried-about-someone",
        _l("Worried about someone"),
        "help/worried_about_someone.html",
        (
            sources.GOV_UK_GET_HELP,
            sources.KENT_DAS_CONCERNED,
            sources.RISING_SUN,
            sources.WOMENS_AID_LEAVING,
            sources.GOV_UK_CLARES_LAW,
        ),
    ),
    Page("privacy", _l("Privacy notice"), "help/privacy.html"),
    Page("accessibility", _l("Accessibility statement"), "help/accessibility.html"),
)
BY_SLUG = {page.slug: page for page in PAGES}
