"""Safe call-back requests: the form, windows, sealing, storage and withdrawal."""

from .views import bp

__all__ = ["bp"]
