"""The real server as shipped (gunicorn.conf.py, several workers): limits across workers, and its own log."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from saferoute.callback import reference as references
from tests.app_server import AppServer
from tests.callback_support import FORM_URL, WITHDRAW_URL, answers, reference_in, token_in

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


def test_an_ipv4_client_is_one_client_whether_seen_as_ipv4_or_as_ipv4_mapped_ipv6(instance):
    # One server listens on IPv4 only; the other on IPv6 and IPv4 alike, where the same
    # client at 127.0.0.1 arrives as ::ffff:127.0.0.1. They share the database, and so the count.
    env = {"SAFEROUTE_WITHDRAW_RATE_LIMIT": f"{LIMIT} per hour"}
    with AppServer(instance, env) as ipv4, AppServer(instance, env, host="[::]") as dual_stack:
        statuses = withdraw_many([ipv4, dual_stack])
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


def chunked_post(server: AppServer, url: str, data: dict) -> str:
    """A form sent in 1,000-byte chunks with no length first, as a browser may; the whole answer."""
    body = urllib.parse.urlencode(data, doseq=True).encode()
    chunks = b"".join(
        f"{len(part):x}\r\n".encode() + part + b"\r\n"
        for part in (body[i : i + 1000] for i in range(0, len(body), 1000))
    )
    head = (
        f"POST {url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\n\r\n"
    )
    return server.raw(head.encode() + chunks + b"0\r\n\r\n").decode(errors="replace")


def test_gunicorn_passes_a_chunked_form_whole_and_one_over_the_limit_gets_413(instance):
    with AppServer(instance, workers=1) as server:
        with urllib.request.urlopen(server.url + FORM_URL, timeout=60) as response:
            html = response.read().decode()
        too_big = chunked_post(server, FORM_URL, {**answers(html), "note": "x" * 20_000})
        assert too_big.startswith("HTTP/1.1 413") and "too big" in too_big
        assert reference_in(chunked_post(server, FORM_URL, answers(html))), "a chunked form within the limit is sent"
