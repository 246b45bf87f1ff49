"""Safe call-back requests: the form, windows, sealing, storage and withdrawal (the blueprint is in views.py)."""
