"""What abuse is: its forms, with everyday examples and the law's view, and the yes/no check.

Plain words, paraphrased from the guidance cited on the page (see sources.py).
The check's questions point to routes by name only; guidance.py turns them
into links and numbers from the directory, so nothing here holds a number.
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


# The check ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """A number from the directory, by route id (left out where the directory has none)."""

    route: str


@dataclass(frozen=True)
class Guide:
    """One of our pages, by slug, optionally at one of its sections."""

    slug: str
    section: str | None = None


@dataclass(frozen=True)
class Callback:
    """The hub's safe call-back (left out where it is not offered)."""


CALLBACK = Callback()
Route = Call | Guide | Callback


@dataclass(frozen=True)
class Question:
    key: str
    text: object  # a yes/no question about "them": a partner, an ex-partner or a family member
    topic: object  # the heading of what a "yes" may mean
    meaning: object
    routes: tuple[Route, ...]


QUESTIONS = (
    Question(
        "control",
        _l("Do they stop you seeing friends or family, or check where you go?"),
        _l("Stopping you seeing people, or checking on you"),
        _l("This is controlling behaviour. It is a crime, even if they never hit you."),
        (Guide("safety-plan"), CALLBACK),
    ),
    Question(
        "money",
        _l("Do they take or control your money, or stop you working?"),
        _l("Controlling your money"),
        _l("This is economic abuse. It is a form of domestic abuse."),
        (Guide("safety-plan", "money"),),
    ),
    Question(
        "put-down",
        _l("Do they put you down, call you names, or blame you for what they do?"),
        _l("Putting you down and blaming you"),
        _l("This is emotional abuse. It can wear you down. It is not your fault."),
        (Guide("helplines"),),
    ),
    Question(
        "afraid",
        _l("Are you afraid of them, or do you change what you do to keep them calm?"),
        _l("Feeling afraid"),
        _l("Being afraid of someone close to you is a warning sign. You deserve to feel safe at home."),
        (Guide("safety-plan"), CALLBACK),
    ),
    Question(
        "hurt",
        _l("Do they hit, push, kick or hurt you in any way?"),
        _l("Hurting you"),
        _l("This is physical abuse, and it is a crime. A doctor can check you and write down your injuries."),
        (Guide("keeping-evidence"), Guide("report")),
    ),
    Question(
        "breathing",
        _l("Have they ever held your neck or stopped you breathing, even for a moment?"),
        _l("Holding your neck or stopping you breathing"),
        _l(
            "This is very dangerous, even if it leaves no mark, and it is a crime. Please tell a "
            "doctor, a helpline or the police."
        ),
        (CALLBACK, Guide("report")),
    ),
    Question(
        "sexual",
        _l("Do they make you do sexual things you do not want to do?"),
        _l("Sexual things you do not want"),
        _l("This is sexual abuse. Sex you have not freely agreed to is rape, even with a partner."),
        (Guide("report"), Guide("helplines")),
    ),
    Question(
        "tech",
        _l("Do they read your messages, track your phone, or threaten to share private photos of you?"),
        _l("Watching your phone, or sharing photos"),
        _l("This is tech abuse. Sharing sexual photos of you, or threatening to, is a crime."),
        (Guide("staying-safe-online"), Guide("keeping-evidence")),
    ),
    Question(
        "stalking",
        _l("Do they follow you, wait for you, or keep contacting you when you do not want them to?"),
        _l("Following you, or contacting you again and again"),
        _l("This may be stalking. Stalking is a crime, and an ex-partner can be a stalker."),
        (Call("stalking-helpline"), Guide("keeping-evidence")),
    ),
    Question(
        "threats",
        _l("Do they threaten to hurt you, your children, your pets, or themselves?"),
        _l("Threats"),
        _l("Threats are used to scare and control you. Take them seriously, and make a plan to stay safe."),
        (Guide("safety-plan"), CALLBACK),
    ),
    Question(
        "honour",
        _l("Does your family push you to marry, or threaten you to protect the family's 'honour'?"),
        _l("Pressure to marry, or threats about 'honour'"),
        _l("This may be forced marriage or honour-based abuse. Forcing someone to marry is a crime."),
        (Call("karma-nirvana"),),
    ),
)

# What fits any "yes", after the emergency strip and the answers' own routes.
ANY_YES = (CALLBACK, Call("kent-das"), Call("national-helpline"), Guide("helplines"))
