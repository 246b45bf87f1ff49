"""Start or stop with one clear line: a bad setting is not a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable

from flask import Flask

from .config import ConfigError
from .directory import DirectoryError


def app_or_exit(factory: Callable[[], Flask]) -> Flask:
    try:
        return factory()
    except (ConfigError, DirectoryError) as exc:
        print(f"saferoute: cannot start: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
