"""The real server as shipped (gunicorn.conf.py, several workers): limits across workers, and its own log."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from saferoute.callback import reference as references
from tests.app_server import AppServer
from tests.callback_support import WITHDRAW_URL, token_in

LIMIT = 10
TRIES = 40


def post(url: str, data: dict) -> int:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers={"Sec-Fetch-Site": "same-origin"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def withdraw_many(servers: list[AppServer], tries: int = TRIES) -> list[int]:
    """Withdrawals of unknown references, all at once, spread over every server (and so every worker)."""
    with urllib.request.urlopen(servers[0].url + WITHDRAW_URL, timeout=60) as response:
        token = token_in(response.read().decode())

    def one(n: int) -> int:
        data = {"token": token, "reference": references.format(references.new()), "leave_blank": ""}
        return post(servers[n % len(servers)].url + WITHDRAW_URL, data)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(tries)))


def test_a_limit_holds_across_four_workers_with_the_default_store(tmp_path, instance):
    env = {"SAFEROUTE_WITHDRAW_RATE_LIMIT": f"{LIMIT} per hour"}
    with AppServer(instance, env, workers=4) as server:
        statuses = withdraw_many([server])
    assert statuses.count(200) == LIMIT and statuses.count(429) == TRIES - LIMIT, statuses


@pytest.mark.redis
def test_a_limit_holds_across_app_servers_sharing_redis(instance, redis_server):
    import redis

    redis.Redis.from_url(redis_server.url).flushall()
    env = {"SAFEROUTE_WITHDRAW_RATE_LIMIT": f"{LIMIT} per hour", "SAFEROUTE_RATELIMIT_STORAGE_URI": redis_server.url}
    with AppServer(instance, env, workers=2) as first, AppServer(instance, env, workers=2) as second:
        statuses = withdraw_many([first, second])
    assert statuses.count(200) == LIMIT and statuses.count(429) == TRIES - LIMIT, statuses


# From a second loopback address, so the client's address is not also the one we listen on.
CLIENT = "127.0.0.2"
SECRET = "Quokka-7731"
BAD_REQUESTS = [
    f"GET /en/?q={SECRET} HTTP/1.1 junk\r\nHost: x\r\n\r\n".encode(),  # a bad request line
    f"GET /en/?q={SECRET}\x01 HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
    f"G=T /en/?q={SECRET} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),  # a bad method
    f"GET /en/?q={SECRET} HTTP/9.9\r\nHost: x\r\n\r\n".encode(),  # a bad version
    f"GET /en/?q={SECRET}{'x' * 5000} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),  # too long
    f"GET /en/?q={SECRET} HTTP/1.1\r\nHost: x\r\n{SECRET} header\r\n\r\n".encode(),  # a bad header
    f"POST /en/callback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz{SECRET}\r\n".encode(),
]


def test_gunicorn_logs_nothing_personal_about_bad_requests(instance):
    with AppServer(instance, workers=1) as server:
        for bad in BAD_REQUESTS:
            assert server.raw(bad, source=CLIENT).startswith(b"HTTP/1.1 4")
        # Good requests too: one with a query string, one with a form.
        assert server.raw(f"GET /en/?q={SECRET} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), CLIENT)
        body = f"token=x&reference={SECRET}".encode()
        head = f"POST {WITHDRAW_URL} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
        form = head + "Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\n\r\n"
        assert server.raw(form.encode() + body, CLIENT).startswith(b"HTTP/1.1 200")
        server.stop_gracefully()
        log = server.log
    assert "Booting worker with pid" in log and "Worker exiting" in log, "lifecycle lines are kept"
    assert "GET help.home 200" in log and "POST callback.withdraw 200" in log, "the app's own lines are kept"
    assert "gunicorn.error withheld a warning message: it may hold request data" in log
    for leak in (SECRET, CLIENT, "ip=", "q=", "/en/?"):
        assert leak not in log, leak
