"""The optional yes/no check on "Is this abuse?": its questions, what a yes may mean, and where to go.

Each question points to routes by name only; guidance.py turns them into links
and numbers from the directory, so nothing here holds a number. The answers
never leave the page (see the template and docs/SECURITY.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


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
