"""What the hub can record on a Clare's Law request, in the console's English.

The steps of the Domestic Violence Disclosure Scheme, not of a call: a request
stays in the queue while checks go on, and leaves it (its deletion clock
started) once a disclosure is arranged, there is nothing to disclose, or it is
passed on. Codes are unique across every kind of request, so the audit log
and the board can read an outcome without knowing its kind.
"""

from __future__ import annotations

from ..staff.casework import Kind

OUTCOMES = (
    Kind("checks-started", "Checks started", False),
    Kind("more-information", "More information needed", False),
    Kind("not-reached", "Tried - could not reach", False),
    Kind("disclosure-arranged", "Disclosure arranged", True),
    Kind("nothing-to-disclose", "Nothing to disclose", True),
    Kind("referred-on", "Referred on", True),
)
