"""Shared by the benchmarks: a throwaway instance and gunicorn serving it on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = REPO / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_instance(database_url: str | None = None) -> tuple[Path, dict[str, str]]:
    """A temp instance with fresh secrets and a migrated database; returns (dir, environment)."""
    instance = Path(tempfile.mkdtemp(prefix="saferoute-bench-")) / "instance"
    flask = [str(VENV_BIN / "flask"), "--app", "saferoute"]
    subprocess.run([*flask, "keys", "secret", str(instance / "secret_key")], check=True, capture_output=True, cwd=REPO)
    subprocess.run([*flask, "keys", "generate", str(instance)], check=True, capture_output=True, cwd=REPO)
    env = {
        **os.environ,
        "SAFEROUTE_SECRET_KEY_FILE": str(instance / "secret_key"),
        "SAFEROUTE_PUBLIC_KEY_FILE": str(instance / "hub_public.key"),
        "SAFEROUTE_DATABASE_URL": database_url or f"sqlite:///{instance / 'saferoute.sqlite3'}",
    }
    subprocess.run([*flask, "db", "upgrade"], check=True, capture_output=True, cwd=REPO, env=env)
    return instance, env


def gunicorn_command(port: int, workers: int | None = None) -> list[str]:
    """The documented command (gunicorn.conf.py, wsgi:app) on a loopback port; run it from REPO."""
    args = [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    if workers:
        args += ["--workers", str(workers)]
    return [*args, "wsgi:app"]


@contextmanager
def gunicorn(env: dict[str, str], workers: int | None = None):
    """gunicorn as documented (gunicorn.conf.py), on a free loopback port; yields the base URL."""
    port = free_port()
    process = subprocess.Popen(
        gunicorn_command(port, workers), cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{base} did not come up")
