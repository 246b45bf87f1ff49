"""What the app holds for every request: its settings, the directory, the hub's public key.

create_app loads them once (init_app); everything else reads them here, so no
module needs to know where the app keeps them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app

from .config import Settings
from .directory import Directory, load_directory

if TYPE_CHECKING:
    from nacl.public import PublicKey

_DIRECTORY = "saferoute.directory"
_PUBLIC_KEY = "saferoute.public_key"


def init_app(app: Flask, settings: Settings) -> None:
    """Load the directory and the public key, or raise the error that stops start-up."""
    # Imported here, not above: reading a setting or the directory never imports the sealing
    # code (the board's figures prove they cannot decrypt by what they import).
    from .callback.sealing import load_public_key

    app.config["SAFEROUTE"] = settings
    app.extensions[_DIRECTORY] = load_directory(settings.directory)
    # Requests are sealed with the hub's public key; the web site never holds the private one.
    app.extensions[_PUBLIC_KEY] = load_public_key(settings.public_key_file)


def settings(app: Flask | None = None) -> Settings:
    return (app or current_app).config["SAFEROUTE"]


def directory(app: Flask | None = None) -> Directory:
    return (app or current_app).extensions[_DIRECTORY]


def public_key(app: Flask | None = None) -> PublicKey:
    return (app or current_app).extensions[_PUBLIC_KEY]


def exit_url(lang: str) -> str:
    """Where the quick exit leads for a page in `lang` (SAFEROUTE_EXIT_URL)."""
    urls = settings().exit_urls
    return urls.get(lang, urls[""])
