"""What happens after someone asks under Clare's Law, said the same way everywhere it is said.

The guidance page says it to everyone; the request form and the page after
sending say it to the person asking, for the way they asked. The sources are
help/sources.py's CLARES_LAW, and the answer time is the directory's.
"""

from __future__ import annotations

from flask_babel import gettext, ngettext

from ..directory import ClaresLaw
from .vocabulary import OWN, SOMEONE


def next_steps(clares_law: ClaresLaw | None, asking: str | None = None) -> list[str]:
    """The steps in order, for `asking` OWN or SOMEONE, or (None) for anyone reading about it."""
    steps = [gettext("The police check their records.")]
    if clares_law is not None:  # an area that has not said how long it takes says nothing about it
        steps.append(
            ngettext(
                "They aim to give an answer within %(num)d day.",
                "They aim to give an answer within %(num)d days.",
                clares_law.answer_days,
            )
        )
    steps.append(gettext("If they think someone is in danger, they act straight away."))
    steps.append(gettext("If there is something to tell, they tell it in person. They never put it in writing."))
    if asking == SOMEONE:
        steps.append(gettext("They usually tell the person at risk, not you."))
    elif asking is None:
        steps.append(gettext("If you ask about someone else's partner, they usually tell the person at risk, not you."))
    if asking == OWN:
        steps.append(gettext("If they have nothing to tell you, it does not mean you are safe. Trust your feelings."))
    else:
        steps.append(gettext("If they have nothing to tell, it does not mean the person is safe. Trust your feelings."))
    steps.append(gettext("They do not tell the person you ask about who asked."))
    return steps
