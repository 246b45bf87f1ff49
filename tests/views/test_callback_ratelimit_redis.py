"""Rate limits shared through a real redis-server or the database, as several workers and app servers share them."""

from __future__ import annotations

import pytest
import redis

from saferoute.ratelimit import hashed_address
from tests.apps import build_app
from tests.callback_support import reference_in, send

pytestmark = pytest.mark.redis
CLIENT = {"REMOTE_ADDR": "198.51.100.23"}


def test_limits_are_counted_in_redis_across_app_servers_without_raw_addresses(instance, redis_server):
    store = redis.Redis.from_url(redis_server.url)
    store.flushall()
    env = {"SAFEROUTE_RATELIMIT_STORAGE_URI": redis_server.url, "SAFEROUTE_CALLBACK_RATE_LIMIT": "2 per hour"}
    first_server = build_app(instance, env).test_client()
    assert reference_in(send(first_server, environ_base=CLIENT).get_data(as_text=True))
    # A second app server (its own process in production; here its own app, which re-binds the
    # limiter to a fresh connection) sees the same count.
    second_server = build_app(instance, env).test_client()
    assert reference_in(send(second_server, environ_base=CLIENT).get_data(as_text=True))
    assert send(second_server, environ_base=CLIENT).status_code == 429
    assert send(build_app(instance, env).test_client(), environ_base=CLIENT).status_code == 429

    keys = [key.decode() for key in store.keys("*")]
    assert keys, "the counts are in redis"
    secret = (instance / "secret_key").read_bytes().strip() + b"/ratelimit"
    assert any(hashed_address("198.51.100.23", secret) in key for key in keys)
    assert not any("198.51.100.23" in key or "127.0.0.1" in key for key in keys), keys
    for key in keys:
        value = store.get(key) if store.type(key) == b"string" else b""
        assert b"198.51.100" not in (value or b"")


def test_with_the_default_store_another_worker_sees_the_same_count(instance):
    env = {"SAFEROUTE_CALLBACK_RATE_LIMIT": "1 per hour"}
    client = build_app(instance, env).test_client()
    assert reference_in(send(client, environ_base=CLIENT).get_data(as_text=True))
    assert send(client, environ_base=CLIENT).status_code == 429
    assert send(build_app(instance, env).test_client(), environ_base=CLIENT).status_code == 429


def test_with_memory_storage_each_worker_counts_apart(instance):
    env = {"SAFEROUTE_CALLBACK_RATE_LIMIT": "1 per hour", "SAFEROUTE_RATELIMIT_STORAGE_URI": "memory://"}
    client = build_app(instance, env).test_client()
    assert reference_in(send(client, environ_base=CLIENT).get_data(as_text=True))
    assert send(client, environ_base=CLIENT).status_code == 429
    assert reference_in(send(build_app(instance, env).test_client(), environ_base=CLIENT).get_data(as_text=True))
