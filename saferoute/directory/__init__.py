"""The directory of help routes: data file, loader, hours, and support by place and need."""

from .hours import Hours, spans
from .loader import load_directory, parse_directory
from .model import Availability, BankHolidays, ClaresLaw, Contact, Directory, DirectoryError, Place, Route, Source
from .status import HoursState, hours_state
from .support import ANY_PLACE, NEED_IDS, Support, services_for

__all__ = [
    "ANY_PLACE",
    "NEED_IDS",
    "Availability",
    "BankHolidays",
    "ClaresLaw",
    "Contact",
    "Directory",
    "DirectoryError",
    "Hours",
    "HoursState",
    "Place",
    "Route",
    "Source",
    "Support",
    "hours_state",
    "load_directory",
    "parse_directory",
    "services_for",
    "spans",
]
