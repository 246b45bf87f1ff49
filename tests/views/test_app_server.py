"""The real server as shipped (gunicorn.conf.py, several workers): limits, bodies and its own log."""

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
