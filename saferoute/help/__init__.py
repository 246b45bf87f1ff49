"""Public pages: how to get help, report, and stay safe (the blueprint is in views.py)."""
