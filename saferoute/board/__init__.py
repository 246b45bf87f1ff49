"""Figures for the hub's performance board: counts kept apart from requests, and what they add up to.

Nothing here opens a sealed request, or imports anything that could
(tests/unit/test_board_imports.py follows every import to prove it).
"""
