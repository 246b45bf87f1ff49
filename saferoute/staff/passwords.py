"""Staff passwords: one Argon2id hasher per console app, bound by staff.init_app.

The parameters are the app's STAFF_PASSWORD_PARAMETERS (argon2-cffi's RFC 9106
low-memory profile unless the factory is told otherwise), so tests can choose a
cheap profile through create_app's overrides instead of patching a module.
Production refuses anything weaker. Nothing is hashed at import: the public
site never imports this module.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import Parameters, PasswordHasher, Type, profiles
from flask import Flask, current_app

from .. import services
from ..config import ConfigError

EXTENSION = "saferoute.staff.passwords"
PRODUCTION = profiles.RFC_9106_LOW_MEMORY


@dataclass(frozen=True)
class Passwords:
    hasher: PasswordHasher
    # Verified against when the name matches no account, so timing does not tell.
    dummy_hash: str


def weaker_than(parameters: Parameters, floor: Parameters) -> bool:
    return parameters.type is not Type.ID or any(
        getattr(parameters, name) < getattr(floor, name)
        for name in ("time_cost", "memory_cost", "salt_len", "hash_len")
    )


def init_app(app: Flask) -> None:
    parameters = app.config.setdefault("STAFF_PASSWORD_PARAMETERS", PRODUCTION)
    if services.settings(app).production and weaker_than(parameters, PRODUCTION):
        raise ConfigError("STAFF_PASSWORD_PARAMETERS is weaker than Argon2id's RFC 9106 profile")
    hasher = PasswordHasher.from_parameters(parameters)
    app.extensions[EXTENSION] = Passwords(hasher, hasher.hash(secrets.token_urlsafe(24)))


def current() -> Passwords:
    return current_app.extensions[EXTENSION]
