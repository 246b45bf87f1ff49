"""The shipped gunicorn.conf.py: an app that refuses to start stops the server, saying why."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.apps import make_instance

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    """gunicorn as shipped (gunicorn.conf.py, wsgi:app) on a loopback port, two workers."""
    return subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


PRODUCTION = {"SAFEROUTE_ENV": "production", "SAFEROUTE_BEHIND_TLS": "1"}


def environment(instance: Path) -> dict[str, str]:
    return {
        "SAFEROUTE_SECRET_KEY_FILE": str(instance / "secret_key"),
        "SAFEROUTE_PUBLIC_KEY_FILE": str(instance / "hub_public.key"),
        "SAFEROUTE_DATABASE_URL": f"sqlite:///{instance / 'test.sqlite3'}",
        "SAFEROUTE_LANGUAGES": "en",
    }


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"SAFEROUTE_SECRET_KEY_FILE": "/nonexistent/secret"}, "no secret key at /nonexistent/secret"),
        ({"SAFEROUTE_RETENTION_DAYS": "0"}, "SAFEROUTE_RETENTION_DAYS must be between 1 and 365 days"),
        (
            {"SAFEROUTE_STAFF_ENABLED": "1", "SAFEROUTE_PRIVATE_KEY_FILE": "/nonexistent/hub_private.key"},
            "no hub private key at /nonexistent/hub_private.key",
        ),
        (
            {**PRODUCTION, "SAFEROUTE_RATELIMIT_STORAGE_URI": "memory://"},
            "production needs a rate-limit store every worker shares",
        ),
        (PRODUCTION, "the public site must not hold the hub's private key"),  # make_instance makes both keys
    ],
)
def test_a_refusal_stops_the_server_with_its_one_line_reason(tmp_path, change, reason):
    instance = make_instance(tmp_path / "instance")
    server = gunicorn({**environment(instance), **change}, free_port())
    try:
        _out, err = server.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        server.kill()
        server.communicate()
        pytest.fail("gunicorn kept running (restarting workers?) instead of stopping")
    lines = err.strip().splitlines()
    assert server.returncode == 1
    assert lines[-1].startswith(f"saferoute: cannot start: {reason}"), lines[-3:]
    assert not any("Booting worker" in line for line in lines), "no worker was started"
    assert not any("Traceback" in line for line in lines)


def test_a_good_configuration_still_serves(tmp_path):
    instance = make_instance(tmp_path / "instance")
    port = free_port()
    env = environment(instance)
    migrate = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "saferoute", "db", "upgrade"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    server = gunicorn(env, port)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    assert response.read() == b"ok\n"
                    break
            except OSError:
                assert server.poll() is None, server.communicate()[1][-2000:]
                assert time.monotonic() < deadline, "gunicorn did not come up"
                time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=60)
    assert server.returncode == 0
