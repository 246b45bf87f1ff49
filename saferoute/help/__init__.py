"""Public pages: how to get help, report, and stay safe."""

from .views import bp

__all__ = ["bp"]
