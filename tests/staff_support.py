"""Helpers for the staff console tests: a console app, accounts, and signing in."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

import pyotp
from argon2 import profiles
from flask import Flask

from saferoute.extensions import db

from .apps import build_app

PASSWORD = "correct horse battery staple"
COOKIE = "__Host-saferoute-staff"
# Argon2 at its cheapest: the console's tests sign in hundreds of times. The production
# parameters are tested on their own (test_staff_sign_in.py, test_staff_cli.py).
CHEAP_PASSWORDS = {"STAFF_PASSWORD_PARAMETERS": profiles.CHEAPEST}


def staff_env(instance: Path) -> dict[str, str]:
    return {"SAFEROUTE_STAFF_ENABLED": "1", "SAFEROUTE_PRIVATE_KEY_FILE": str(instance / "hub_private.key")}


def build_staff_app(instance: Path, environ: dict[str, str] | None = None, overrides: dict | None = None) -> Flask:
    """A console host's app; its passwords are hashed cheaply unless `overrides` says otherwise."""
    return build_app(instance, {**staff_env(instance), **(environ or {})}, {**CHEAP_PASSWORDS, **(overrides or {})})


def make_user(app: Flask, name: str = "ana", admin: bool = False, password: str = PASSWORD) -> pyotp.TOTP:
    """An account; returns its one-time-code generator."""
    from saferoute.staff import accounts

    with app.app_context():
        _user, secret = accounts.create(name, password, admin=admin)
    return pyotp.TOTP(secret)


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1) or found.group(2)


def sign_in(
    client,
    name: str,
    totp: pyotp.TOTP,
    password: str = PASSWORD,
    code: str | None = None,
    at=None,
    address: str = "127.0.0.1",
):
    """Fetch the form, post it from `address`; returns the POST response."""
    where = {"REMOTE_ADDR": address}
    page = client.get("/staff/sign-in", environ_base=where)
    token = csrf_token(page.get_data(as_text=True))
    code = code if code is not None else (totp.at(at) if at is not None else totp.now())
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": token, "name": name, "password": password, "code": code},
        headers={"Sec-Fetch-Site": "same-origin"},
        environ_base=where,
    )


def post(client, url: str, data: dict | None = None, page_url: str | None = None, **kwargs):
    """POST with the CSRF token from `page_url` (default: the queue)."""
    page = client.get(page_url or "/staff/")
    token = csrf_token(page.get_data(as_text=True))
    return client.post(
        url, data={"csrf_token": token, **(data or {})}, headers={"Sec-Fetch-Site": "same-origin"}, **kwargs
    )


def audit_actions(app: Flask) -> list[tuple[str, str, str | None, str | None]]:
    from sqlalchemy import select

    from saferoute.staff.models import AuditEntry

    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        return [(e.actor, e.action, e.reference, e.detail) for e in entries]


PERSON = {
    "phone": "+447911123456",
    "name": "Sunflower",
    "note": "Only after the school run",
    "voicemail": False,
    "texts": True,
    "say_who": False,
    "someone_else": "wrong-number",
    "interpreter_other": "",
}


# What a Clare's Law request says about who it is about (clares_law/forms.py's about()).
CLARES_LAW_ANSWERS = {
    "way": "someone",
    "subject_name": "Orlando Quillfeather",
    "other_names": "",
    "age": "1990",
    "area": "Ashford",
    "relation": "partner",
    "at_risk_name": "Marigold",
    "knows_at_risk": "friend",
}


def make_request(
    app: Flask,
    windows,
    *,
    method: str = "phone",
    language: str | None = None,
    created=None,
    key: str | None = None,
    kind: str = "callback",
    **private,
) -> int:
    """Store a sealed request as the public site would; returns its id. `windows`: (start, end) pairs, UTC."""
    import secrets
    from datetime import datetime, timedelta

    from saferoute.callback import store
    from saferoute.callback.windows import Window

    with app.app_context():
        from saferoute.kinds import CLARES_LAW, REQUEST_KINDS

        about = CLARES_LAW_ANSWERS if kind == CLARES_LAW else {}
        saved = store.save(
            kind=REQUEST_KINDS[kind],
            key=key or secrets.token_hex(8),
            windows=[Window(start, end) for start, end in windows],
            contact_method=method,
            interpreter_language=language,
            private={**PERSON, **about, **private},
            public_key=app.extensions["saferoute.public_key"],
            now=created or datetime.now(UTC),
            retention=timedelta(days=app.config["SAFEROUTE"].retention_days),
        )
        return saved.request.id
