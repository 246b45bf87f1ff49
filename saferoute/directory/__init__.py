"""The directory of help routes: data file, loader and "open now"."""

from .hours import Hours, OpenStatus, open_status, spans
from .model import Contact, Directory, DirectoryError, Route, Source, load_directory, parse_directory

__all__ = [
    "Contact",
    "Directory",
    "DirectoryError",
    "Hours",
    "OpenStatus",
    "Route",
    "Source",
    "load_directory",
    "open_status",
    "parse_directory",
    "spans",
]
