"""gunicorn's own log, kept free of anything personal (gunicorn.conf.py names PrivateLogger).

Left to itself, gunicorn writes a bad request's line (query string and all) and
the client's address into its error log, at levels the shipped configuration
enables. Here every line gunicorn's process writes, its own and the app's, goes
through one filter that lets through only gunicorn's lifecycle lines (starting,
listening, workers booting and exiting, signals, time-outs: process ids and our
own address) and the app's own loggers (method, route name, status and time:
see request_log.py). Anything else becomes one line saying which logger
withheld a message at which level, and an exception becomes its type alone.
"""

from __future__ import annotations

import logging

from gunicorn.glogging import Logger

# gunicorn's messages that carry no request data, as written in its source (gunicorn 27).
LIFECYCLE = frozenset(
    {
        "Starting gunicorn %s",
        "Listening at: %s (%s)",
        "Listening at: %s",
        "Using worker: %s",
        "Booting worker with pid: %s",
        "Worker exiting (pid: %s)",
        "Handling signal: %s",
        "Hang up: %s",
        "graceful stop of workers",
        "Quick shutdown requested",
        "Shutting down: %s",
        "Reason: %s",
        "WORKER TIMEOUT (pid:%s)",
        "Worker (pid:%s) was sent %s!",
        "Worker (pid:%s) was sent %s! Perhaps out of memory?",
        "Worker (pid:%s) exited with code %s.",
        "Autorestarting worker after current request.",
        "Parent changed, shutting down: %s",
        "Master has been promoted.",
        "Control socket listening at %s",
    }
)


class KeepPrivate(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        ours = record.name.startswith("saferoute.")
        if not ours and not (record.name == "gunicorn.error" and record.msg in LIFECYCLE):
            record.msg = "%s withheld a %s message: it may hold request data"
            record.args = (record.name, record.levelname.lower())
        if record.exc_info and record.exc_info[1] is not None:
            # A traceback's exception message can carry what a visitor sent: the type alone.
            record.msg = f"{record.getMessage()} ({type(record.exc_info[1]).__name__})".replace("%", "%%")
            record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


class PrivateLogger(Logger):
    """gunicorn's logger, with every line its process writes passed through KeepPrivate."""

    def setup(self, cfg) -> None:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "_gunicorn", False):  # ours, from a previous setup (a reload)
                root.removeHandler(handler)
        super().setup(cfg)
        keep_private = KeepPrivate()
        for handler in self.error_log.handlers:
            handler.addFilter(keep_private)
        # The app's loggers and gunicorn's other modules reach the root logger: send them
        # through the same handler, filter and level instead of Python's unfiltered fallback.
        gunicorn_handler = self._get_gunicorn_handler(self.error_log)
        if gunicorn_handler is not None:
            root.addHandler(gunicorn_handler)
        root.setLevel(self.loglevel)
