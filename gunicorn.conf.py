"""gunicorn settings for SafeRoute (see docs/DEPLOY.md)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# No access log: a request line carries the client address and the query string.
accesslog = None
errorlog = "-"
loglevel = "info"
# gunicorn's own error lines can carry a bad request's line and the client's address:
# this logger lets through only its lifecycle lines and the app's own (saferoute/serverlog.py).
logger_class = "saferoute.serverlog.PrivateLogger"
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server) -> None:
    """Refuse to start, with the app's one-line reason, before any worker is forked.

    A worker that cannot build the app exits, and gunicorn would start another for
    ever; so the master builds the app once first and stops with exit status 1 if
    it refuses (a bad key, a missing secret, an unsafe setting). The master keeps
    nothing from it: each worker builds its own app from wsgi.py.
    """
    from saferoute import create_app
    from saferoute.startup import app_or_exit

    app_or_exit(create_app)
