"""gunicorn as shipped (gunicorn.conf.py, wsgi:app) on a free loopback port, for tests that need the real server.

Its own log (gunicorn's and the app's) is written to a file the test can read.
The control socket is off, so several servers can run at once.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .apps import build_app
from .storage import free_port

REPO = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


class AppServer:
    def __init__(
        self, instance: Path, environ: dict[str, str] | None = None, workers: int = 2, host: str = "127.0.0.1"
    ) -> None:
        """`host` is what gunicorn binds: "[::]" listens on IPv6 and IPv4 alike (the client is then
        seen as ::ffff:127.0.0.1); the tests reach either kind at 127.0.0.1."""
        self.instance = instance
        self.port = free_port()
        self.bind = f"{host}:{self.port}"
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.environ = {
            "SAFEROUTE_SECRET_KEY_FILE": str(instance / "secret_key"),
            "SAFEROUTE_PUBLIC_KEY_FILE": str(instance / "hub_public.key"),
            "SAFEROUTE_DATABASE_URL": f"sqlite:///{instance / 'test.sqlite3'}",
            "SAFEROUTE_LANGUAGES": "en",
            **(environ or {}),
        }
        handle, name = tempfile.mkstemp(prefix="saferoute-gunicorn-", suffix=".log")
        os.close(handle)
        self.log_path = Path(name)
        self.process: subprocess.Popen | None = None

    def start(self) -> AppServer:
        build_app(self.instance, self.environ)  # migrates the database, as `flask db upgrade` would
        command = [
            str(GUNICORN),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            self.bind,
            "--workers",
            str(self.workers),
            "--no-control-socket",
            "wsgi:app",
        ]
        env = {key: value for key, value in os.environ.items() if not key.startswith(("SAFEROUTE_", "GUNICORN_"))}
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env={**env, **self.environ}, stdout=log, stderr=log)
        self._wait_until_up()
        return self

    def _wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.log}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not come up:\n{self.log}")

    def stop_gracefully(self) -> None:
        """Stop the server and wait, keeping its log to read."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        self.stop_gracefully()
        self.log_path.unlink(missing_ok=True)

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def raw(self, data: bytes, source: str = "127.0.0.1", timeout: float = 10) -> bytes:
        """Send bytes as they are (a bad request line, a chunked body) and read the whole answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout, source_address=(source, 0)) as sock:
            sock.sendall(data)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        return answer

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
