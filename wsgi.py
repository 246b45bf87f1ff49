"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from saferoute import create_app
from saferoute.startup import app_or_exit

app = app_or_exit(create_app)
