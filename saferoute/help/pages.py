"""The guidance pages, in the order the site's navigation lists them."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Page:
    slug: str
    title: object  # a lazy string: translated when shown
    template: str


PAGES = (
    Page("report", _l("Ways to report abuse"), "help/report.html"),
    Page("cant-speak-or-hear", _l("If you can't speak or hear"), "help/cant_speak_or_hear.html"),
    Page("helplines", _l("Helplines"), "help/helplines.html"),
    Page("clares-law", _l("Clare's Law: ask about a partner"), "help/clares_law.html"),
    Page("staying-safe-online", _l("Staying safe online"), "help/staying_safe_online.html"),
    Page("worried-about-someone", _l("Worried about someone"), "help/worried_about_someone.html"),
    Page("privacy", _l("Privacy notice"), "help/privacy.html"),
    Page("accessibility", _l("Accessibility statement"), "help/accessibility.html"),
)
BY_SLUG = {page.slug: page for page in PAGES}
