"""Why a request cannot be opened: the codes and their words, for the page, the queue and the audit log.

Plain data, apart from the code that opens requests (checking.py), so the audit
log can word them without importing anything that decrypts (the board's
figures audit, and must not: tests/unit/test_board_imports.py).
"""

from __future__ import annotations

from enum import StrEnum


class Problem(StrEnum):
    DAMAGED = "damaged"  # no key the console holds opens it
    MALFORMED = "malformed"  # it opens, but a field is missing or wrong
    MOVED = "moved"  # it opens, but belongs to another request


# Why, in the words the console shows and the audit log uses.
REASONS = {
    Problem.DAMAGED: "damaged, or sealed with a key the console does not hold",
    Problem.MALFORMED: "something in it is missing or wrong",
    Problem.MOVED: "it belongs to another request",
}
