"""Durability: SIGKILL the app server while call-back submissions stream in; nothing acknowledged is lost.

For each database (SQLite and a real PostgreSQL started here): gunicorn as
documented (gunicorn.conf.py, its own process group) on a free loopback port,
against a temp instance with fresh keys. CLIENTS threads send call-back forms
continuously: fetch the form, post it with a phone number no other submission
uses, and keep the reference the answer shows. When a post gets no answer (the
server is down, or was killed while it worked), the thread sends the SAME form
again (same token, so the same idempotency key) until it is answered, as a
browser retry would. Meanwhile the whole process group (master and workers) is
killed with SIGKILL KILLS times, every 2-3 s, and started again.

Afterwards, with the server stopped, the database is opened with the staff
console's own code (casework.open_request, with the private key) and checked:
every reference a client was given is stored exactly once, each stored request
opens and carries the reference, windows and phone number sent for it, no form
and no phone number made two rows, and there is no row no client was given.
Answers lost in a kill after the commit are counted separately: each must have
been recovered by the retry showing the same reference (the "already sent" page).

Bounded by the kill count and a deadline per submission and per run; stops by itself.
Exits non-zero on any failure.

Usage: .venv/bin/python bench/durability.py [--kills 5] [--clients 4] [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs

from _server import REPO, free_port, gunicorn_command, make_instance, wait_until_up
from callback_load import POST_HEADERS, REFERENCE, TOKEN, Client, body_for

sys.path.insert(0, str(REPO))
from tests.storage import PostgresServer

SUBMISSION_DEADLINE = 60.0  # seconds one submission may keep retrying before it counts as given up
RUN_DEADLINE = 240.0  # seconds for the whole streaming phase of one database
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """Workers orphaned by killing their master come to us to be reaped (PID 1 here may not reap)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def group_members(pgid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[2]) == pgid:
                found.append(int(entry))
    return found


class Server:
    """gunicorn in its own process group, always on the same port, killed and started again."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                gunicorn_command(self.port),
                cwd=REPO,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        wait_until_up(self.base)

    def kill(self) -> None:
        """SIGKILL master and workers at once, reap them all, so the port is free again."""
        self._signal_group(signal.SIGKILL)

    def stop(self) -> None:
        self._signal_group(signal.SIGTERM)

    def _signal_group(self, sig: int) -> None:
        assert self.process is not None
        pgid = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, sig)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while (members := group_members(pgid)) and time.monotonic() < deadline:
            for pid in members:
                with contextlib.suppress(ChildProcessError):  # not reparented to us yet
                    os.waitpid(pid, os.WNOHANG)
            time.sleep(0.05)
        if members:
            raise RuntimeError(f"gunicorn process group {pgid} did not go away: {members}")
        self.process = None


@dataclass
class Submission:
    n: int
    phone: str  # as typed into the form
    reference: str | None = None  # as stored (no dashes), once answered
    attempts: int = 0  # posts sent
    unanswered: int = 0  # posts that got no answer, or were cut off (status 0), or a 5xx
    repeat: bool = False  # the answer was "you had already sent this form"
    outcome: str = "pending"  # acknowledged, refused, gave-up


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    submissions: list[Submission] = field(default_factory=list)
    form_retries: int = 0
    statuses: Counter = field(default_factory=Counter)  # of the posts that were not answered with a reference


def stream(client: Client, tally: Tally, stop: threading.Event, deadline: float, seed: int) -> None:
    """One client: forms one after another until told to stop; each post retried until answered."""
    rng = random.Random(seed)
    while not stop.is_set() and time.monotonic() < deadline:
        status, page, _ = client.request("GET", "/en/callback")
        if status != 200 or not TOKEN.search(page):
            with tally.lock:
                tally.form_retries += 1
            time.sleep(0.05)
            continue
        with tally.lock:
            n = len(tally.submissions)
            body = body_for(page, rng, n)
            sub = Submission(n, parse_qs(body.decode())["phone"][0])
            tally.submissions.append(sub)
        given_up_at = time.monotonic() + SUBMISSION_DEADLINE
        while True:
            sub.attempts += 1
            status, page, _ = client.request("POST", "/en/callback", body, POST_HEADERS)
            if status == 200 and (found := REFERENCE.search(page)):
                sub.reference = found.group(1).replace("-", "")
                sub.repeat = 'class="repeat"' in page
                sub.outcome = "acknowledged"
                break
            with tally.lock:
                tally.statuses[status or page] += 1
            if status and status < 500:  # answered, but not with a reference: a real failure
                sub.outcome = "refused"
                break
            sub.unanswered += 1
            if time.monotonic() > given_up_at:
                sub.outcome = "gave-up"
                break
            time.sleep(0.05 + rng.random() * 0.1)  # the same form again, as a browser retry would


def console_check(env: dict[str, str], instance: Path, submissions: list[Submission]) -> dict:
    """Open every stored request as the staff console does, and compare it with what was sent."""
    from sqlalchemy import select

    from saferoute import config, create_app
    from saferoute.callback.forms import e164
    from saferoute.callback.models import CallbackRequest
    from saferoute.extensions import db
    from saferoute.keys import PRIVATE_NAME
    from saferoute.services import settings
    from saferoute.staff import checking

    console = {**env, "SAFEROUTE_STAFF_ENABLED": "1", "SAFEROUTE_PRIVATE_KEY_FILE": str(instance / PRIVATE_NAME)}
    app = create_app(settings=config.from_environ(console))
    acked = [s for s in submissions if s.outcome == "acknowledged"]
    by_reference = {s.reference: s for s in acked}
    sent_phone = {e164(s.phone): s for s in submissions}
    found = Counter()
    with app.app_context():
        longest = timedelta(minutes=settings().callback_window_minutes)
        rows = db.session.scalars(select(CallbackRequest)).all()
        references = Counter(row.reference for row in rows)
        keys = Counter(row.idempotency_key for row in rows)
        phones: Counter = Counter()
        for row in rows:
            try:
                # Refuses a blob that is not this row's; compares the clear columns with the sealed copy.
                opened = checking.open_request(row, [], longest)
            except checking.CannotOpen:
                found["undecryptable"] += 1
                continue
            phones[opened.payload.phone] += 1
            sub = by_reference.get(row.reference)
            if sub is None:
                owner = sent_phone.get(opened.payload.phone)
                found["lost (never answered)" if owner and owner.outcome != "acknowledged" else "unexplained"] += 1
                continue
            if opened.payload.phone != e164(sub.phone) or opened.facts.changed:
                found["not intact"] += 1
        db.engine.dispose()
    return {
        "stored": len(rows),
        "missing": sum(1 for s in acked if references[s.reference] == 0),
        # a reference, a form key or a phone number (one per submission) on more than one row
        "duplicates": sum(c - 1 for counter in (references, keys, phones) for c in counter.values() if c > 1),
        "undecryptable": found["undecryptable"],
        "not intact": found["not intact"],
        "unacknowledged": found["lost (never answered)"] + found["unexplained"],
        "unexplained": found["unexplained"],
        # one reference handed to two different submissions
        "shared references": sum(c - 1 for c in Counter(s.reference for s in acked).values() if c > 1),
    }


def run(label: str, database_url: str | None, args) -> bool:
    instance, env = make_instance(database_url)
    env["SAFEROUTE_CALLBACK_RATE_LIMIT"] = "1000000 per hour"  # one client address sends everything
    log = instance / "gunicorn.log"
    print(f"\n{label}: {env['SAFEROUTE_DATABASE_URL'].split('@')[-1]}", flush=True)
    rng = random.Random(args.seed)
    server = Server(env, log)
    tally = Tally()
    stop = threading.Event()
    started = time.monotonic()
    server.start()
    client = Client(server.base)
    threads = [
        threading.Thread(target=stream, args=(client, tally, stop, started + RUN_DEADLINE, args.seed + i), daemon=True)
        for i in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    kills = 0
    try:
        for _ in range(args.kills):
            time.sleep(rng.uniform(2.0, 3.0))  # up, taking submissions
            server.kill()
            kills += 1
            time.sleep(rng.uniform(0.2, 1.0))  # down: posts are refused or cut off
            server.start()
        time.sleep(2.0)  # a last stretch up, so the retries in flight are answered
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=SUBMISSION_DEADLINE + 15)
        if server.process is not None:
            server.stop()
    elapsed = time.monotonic() - started
    if any(thread.is_alive() for thread in threads):
        print("  a client thread did not finish")
        return False

    subs = tally.submissions
    outcomes = Counter(s.outcome for s in subs)
    checked = console_check(env, instance, subs)
    retries = sum(s.attempts - 1 for s in subs)
    recovered = sum(1 for s in subs if s.outcome == "acknowledged" and s.repeat and s.unanswered)
    unexpected_repeat = sum(1 for s in subs if s.repeat and not s.unanswered)
    print(
        f"  submissions acknowledged      {outcomes['acknowledged']}  (of {len(subs)} sent; "
        f"refused {outcomes['refused']}, gave up {outcomes['gave-up']})"
    )
    print(f"  kills                         {kills}  (SIGKILL to master and workers, then restarted)")
    print(
        f"  retries                       {retries}  (the same form sent again after no answer; "
        f"{tally.form_retries} form fetches retried)"
    )
    print(f"  answer lost after the commit  {recovered}  (each retry showed the same reference)")
    print(f"  stored requests               {checked['stored']}")
    print(f"  duplicates                    {checked['duplicates']}")
    print(f"  missing                       {checked['missing']}")
    print(f"  undecryptable                 {checked['undecryptable']}")
    print(
        f"  not intact                    {checked['not intact']}  (phone, windows or method differ from what was sent)"
    )
    print(
        f"  stored, never acknowledged    {checked['unacknowledged']}  (of which no submission sent it: "
        f"{checked['unexplained']})"
    )
    print(f"  elapsed                       {elapsed:.1f} s")
    if tally.statuses:
        print(
            "  posts not answered with a reference: " + ", ".join(f"{k} x{v}" for k, v in tally.statuses.most_common())
        )
    ok = (
        outcomes["acknowledged"] > 0
        and outcomes["acknowledged"] == len(subs)
        and kills == args.kills
        and not unexpected_repeat
        and checked["stored"] == outcomes["acknowledged"]
        and not any(
            checked[k]
            for k in ("duplicates", "missing", "undecryptable", "not intact", "unacknowledged", "shared references")
        )
    )
    if unexpected_repeat or checked["shared references"]:
        print(
            f"  first posts answered as repeats: {unexpected_repeat}; "
            f"references given to two submissions: {checked['shared references']}"
        )
    print(f"  {'OK' if ok else 'FAILED'}" + ("" if ok else f"  (instance and server log kept: {log})"))
    if ok:
        shutil.rmtree(instance.parent, ignore_errors=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not 1 <= args.kills <= 50 or not 1 <= args.clients <= 32:
        raise SystemExit("--kills must be 1..50 and --clients 1..32")
    become_subreaper()
    results = {}
    for name in args.databases.split(","):
        if name == "sqlite":
            results["SQLite (WAL)"] = run("SQLite (WAL)", None, args)
        elif name == "postgres":
            server = PostgresServer().start()
            try:
                results["PostgreSQL"] = run("PostgreSQL", server.create_database("durability"), args)
            finally:
                server.stop()
        else:
            raise SystemExit(f"unknown database {name!r}")
    print()
    for label, ok in results.items():
        print(f"{label:14} {'OK' if ok else 'FAILED'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
