"""Rate limits mean what they say: counted where every worker sees them, per IPv4 address or IPv6 /64."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from saferoute import config, ratelimit
from saferoute.callback import reference as references
from saferoute.extensions import db
from saferoute.limit_storage import DatabaseStorage, LimitHit
from tests.apps import build_app
from tests.callback_support import reference_in, send, withdraw

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def app(app_on_each_database):
    return app_on_each_database


def spend(app, limits: str, address: str = "192.0.2.10") -> bool:
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        return ratelimit.spend("test", limits)


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert [d for d in differences if "rate_limit" in str(d)] == []


def test_the_migration_goes_down_and_up_again(app):
    """rate_limit_hit comes after the console's seals (0004): down to there and up again."""
    migrations = str(config.PACKAGE_DIR / "migrations")
    with app.app_context():
        downgrade(directory=migrations, revision="0004")
        tables = set(inspect(db.engine).get_table_names())
        assert "rate_limit_hit" not in tables and "staff_sign_in_backoff" in tables
        upgrade(directory=migrations)
        assert "rate_limit_hit" in inspect(db.engine).get_table_names()
        assert spend(app, "1 per hour") and not spend(app, "1 per hour")


def test_the_default_store_is_the_database_and_holds_no_address(app):
    assert app.config["RATELIMIT_STORAGE_URI"] == "database://"
    assert spend(app, "2 per hour", "198.51.100.23")
    with app.app_context():
        keys = list(db.session.scalars(select(LimitHit.key)))
    assert len(keys) == 1 and "198.51.100" not in keys[0]


def test_a_limit_is_a_moving_window(app):
    with time_machine.travel(NOON, tick=False):
        assert spend(app, "3 per hour")
    with time_machine.travel(NOON + timedelta(minutes=30), tick=False):
        assert [spend(app, "3 per hour") for _ in range(3)] == [True, True, False]
    with time_machine.travel(NOON + timedelta(minutes=61), tick=False):
        # The try made at noon has left the hour; the two made at 12:30 have not. A fixed
        # window that began at noon would give all three back now.
        assert [spend(app, "3 per hour") for _ in range(2)] == [True, False]


def test_every_limit_of_a_list_holds_and_a_refused_try_spends_nothing_after_it(app):
    with time_machine.travel(NOON, tick=False):
        assert [spend(app, "2 per minute;3 per hour") for _ in range(3)] == [True, True, False]
    with time_machine.travel(NOON + timedelta(minutes=2), tick=False):
        assert [spend(app, "2 per minute;3 per hour") for _ in range(2)] == [True, False]
    with app.app_context():  # two a minute ago (gone), two this minute, three this hour
        assert db.session.scalar(select(func.count()).select_from(LimitHit)) == 2 + 3


def test_a_limit_of_n_lets_n_through_when_many_try_at_once(app):
    results: list[bool] = []
    barrier = threading.Barrier(12)

    def attempt() -> None:
        barrier.wait()
        results.append(spend(app, "5 per hour"))

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False] * 7 + [True] * 5


def test_the_store_also_keeps_a_fixed_window_and_can_be_cleared(app):
    store = DatabaseStorage()
    with app.app_context(), time_machine.travel(NOON, tick=False):
        assert store.check()
        assert store.incr("k", 60) == 1 and store.incr("k", 60, amount=2) == 3 and store.get("k") == 3
        assert store.get_expiry("k") == NOON.timestamp() + 60
        store.clear("k")
        assert store.get("k") == 0
        assert store.acquire_entry("m", 2, 60) and store.get_moving_window("m", 2, 60) == (NOON.timestamp(), 1)
        assert not store.acquire_entry("m", 2, 60, amount=3)
        assert store.reset() == 1


def test_flask_purge_deletes_counts_that_no_longer_count(app):
    with time_machine.travel(NOON, tick=False):
        assert spend(app, "2 per minute;5 per hour")
    runner = app.test_cli_runner()
    with time_machine.travel(NOON + timedelta(minutes=2), tick=False):
        assert "and 1 old rate-limit count(s)" in runner.invoke(args=["purge"]).output
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        assert "and 1 old rate-limit count(s)" in runner.invoke(args=["purge"]).output


# Who a client is ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("not an address", "unknown"),
        (None, "unknown"),
    ],
)
def test_a_client_is_its_ipv4_address_or_its_ipv6_64(address, counted_as):
    assert ratelimit.client_network(address) == counted_as


def test_rotating_addresses_inside_one_64_does_not_escape_a_limit(instance):
    client = build_app(instance, {"SAFEROUTE_WITHDRAW_RATE_LIMIT": "2 per hour"}).test_client()

    def attempt(address: str) -> int:
        client.environ_base["REMOTE_ADDR"] = address
        return withdraw(client, references.format(references.new())).status_code

    assert [attempt(f"2001:db8:7:9::{n:x}") for n in range(1, 4)] == [200, 200, 429]
    assert attempt("2001:db8:7:a::1") == 200, "the next /64 is another client"
    assert [attempt("198.51.100.4"), attempt("::ffff:198.51.100.4")] == [200, 200]
    assert attempt("::ffff:c633:6404") == 429, "an IPv4-mapped address counts as the IPv4 address"


def test_production_refuses_a_store_its_workers_do_not_share(tmp_path):
    from saferoute.keys import write_once

    write_once(tmp_path / "secret_key", b"s" * 64)
    env = {"SAFEROUTE_ENV": "production", "SAFEROUTE_BEHIND_TLS": "1"}
    config.check_production(config.from_environ(env, instance=tmp_path))  # database:// by default
    config.check_production(config.from_environ({**env, "SAFEROUTE_RATELIMIT_STORAGE_URI": "redis://r:6379"}, tmp_path))
    with pytest.raises(config.ConfigError, match="every worker shares"):
        config.check_production(config.from_environ({**env, "SAFEROUTE_RATELIMIT_STORAGE_URI": "memory://"}, tmp_path))
    with pytest.raises(config.ConfigError, match="SAFEROUTE_RATELIMIT_STORAGE_URI"):
        config.from_environ({"SAFEROUTE_RATELIMIT_STORAGE_URI": "carrier-pigeon://loft"}, instance=tmp_path)


@pytest.fixture
def unreachable_store(instance):
    return build_app(instance, {"SAFEROUTE_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9"})  # nothing listens there


def test_a_store_that_fails_lets_the_person_through(unreachable_store, captured_logs):
    client = unreachable_store.test_client()
    assert reference_in(send(client).get_data(as_text=True))
    assert "rate-limit store failed (ConnectionError): the try was allowed" in captured_logs.text
