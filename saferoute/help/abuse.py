"""What abuse is: the forms it takes, each with everyday examples and the law's view in one line.

Plain words, paraphrased from the guidance cited on the page (see sources.py).
The yes/no check that follows them on the page is in check.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from . import sources
from .sources import Law


@dataclass(frozen=True)
class Form:
    """One form abuse takes: what it is, what it can look like, and what the law says."""

    key: str
    name: object  # lazy strings throughout: translated when shown
    about: object
    examples: tuple[object, ...]
    law_text: object  # has a %(law)s placeholder for the law's name
    law: Law


# Coercive control first: it is the pattern the others often sit in, and the hardest to see.
FORMS = (
    Form(
        "coercive-control",
        _l("Coercive control"),
        _l(
            "A pattern of things someone does to scare you and take away your freedom. It builds "
            "up slowly, so it can be hard to see."
        ),
        (
            _l("Stopping you from seeing friends or family."),
            _l("Checking where you go, who you see, what you wear or when you sleep."),
            _l("Putting you down, or telling you that you are worthless."),
            _l("Threatening you, your children or your pets."),
        ),
        _l(
            "Controlling or coercive behaviour by a partner, ex-partner or family member is a "
            "crime in England and Wales (%(law)s)."
        ),
        sources.COERCIVE_CONTROL_LAW,
    ),
    Form(
        "physical",
        _l("Physical abuse"),
        _l("Hurting your body, or threatening to."),
        (
            _l("Hitting, pushing, kicking, biting or burning you."),
            _l("Holding your neck, or stopping you breathing, even for a moment."),
            _l("Throwing or breaking things to scare you."),
        ),
        _l(
            "Hurting someone is a crime. Strangling or choking someone is a crime on its own, "
            "even if it leaves no mark (%(law)s)."
        ),
        sources.STRANGULATION_LAW,
    ),
    Form(
        "sexual",
        _l("Sexual abuse"),
        _l("Any sexual act you have not freely agreed to."),
        (
            _l("Forcing or pressuring you to have sex or do sexual things."),
            _l("Touching you in a sexual way when you do not want it."),
            _l("Making you watch or take part in sexual photos or videos."),
        ),
        _l("Sex you have not freely agreed to is rape, even with a husband, wife or partner (%(law)s)."),
        sources.SEXUAL_OFFENCES_LAW,
    ),
    Form(
        "economic",
        _l("Economic abuse"),
        _l("Controlling your money, your things or your work."),
        (
            _l("Taking your money or bank cards, or making you explain every penny you spend."),
            _l("Stopping you from working or studying."),
            _l("Putting debts or bills in your name."),
        ),
        _l("The law says economic abuse is domestic abuse (%(law)s)."),
        sources.DOMESTIC_ABUSE_LAW,
    ),
    Form(
        "emotional",
        _l("Emotional abuse"),
        _l("Words and actions that make you feel scared, small or confused."),
        (
            _l("Shouting at you, calling you names or making fun of you."),
            _l("Blaming you for the abuse, or saying it did not happen."),
            _l("Threatening to hurt themselves if you leave."),
        ),
        _l("The law says emotional abuse is domestic abuse (%(law)s)."),
        sources.DOMESTIC_ABUSE_LAW,
    ),
    Form(
        "tech",
        _l("Tech and online abuse"),
        _l("Using phones, computers or the internet to watch, scare or control you."),
        (
            _l("Reading your messages, or making you tell them your passwords."),
            _l("Tracking where you are with your phone, an app or a hidden tag."),
            _l("Sharing sexual photos or videos of you, or threatening to."),
        ),
        _l(
            "Sharing sexual photos or videos of someone without their agreement, or threatening "
            "to, is a crime (%(law)s)."
        ),
        sources.INTIMATE_IMAGES_LAW,
    ),
    Form(
        "stalking",
        _l("Stalking"),
        _l("Unwanted attention, again and again, that makes you feel scared or upset. An ex-partner can be a stalker."),
        (
            _l("Following you, or waiting near your home or work."),
            _l("Calling, messaging or sending you things again and again."),
            _l("Watching what you do online."),
        ),
        _l("Stalking is a crime (%(law)s)."),
        sources.STALKING_LAW,
    ),
    Form(
        "honour",
        _l("Honour-based abuse and forced marriage"),
        _l("Abuse by family or community members who say they are protecting the family's 'honour'."),
        (
            _l("Being threatened or hurt because of who you see, what you wear or who you love."),
            _l("Being pushed or forced to marry, here or abroad."),
            _l("Being kept at home, or watched by your family."),
        ),
        _l("Forcing someone to marry is a crime, even if the marriage would be abroad (%(law)s)."),
        sources.FORCED_MARRIAGE_LAW,
    ),
)
