"""The key rotation in docs/DEPLOY.md works exactly as written: this test reads its steps and follows them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from saferoute.callback.models import CallbackRequest
from saferoute.extensions import db
from saferoute.keys import write_once
from tests.apps import build_app
from tests.staff_support import make_request, make_user, sign_in

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "DEPLOY.md"
BIN = Path(sys.executable).parent
NOW = datetime.now(UTC).replace(second=0, microsecond=0)  # windows are sealed to the minute


def rotation_steps() -> list[tuple[str, list[str]]]:
    """Section 6's shell blocks in order, each as ("env" or "run", its lines)."""
    text = DEPLOY.read_text()
    section = text[text.index("## 6. Key rotation") :]
    section = section[: section.index("\n## ", 1)]
    blocks = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        settings = all(re.fullmatch(r"SAFEROUTE_[A-Z_]+=\S+", line) for line in lines)
        blocks.append(("env" if settings else "run", lines))
    return blocks


class Hosts:
    """The console host (keys in its own /etc/saferoute) and one public app server, on one database."""

    def __init__(self, root: Path) -> None:
        self.etc = root / "etc" / "saferoute"
        self.instance = root / "srv" / "saferoute" / "instance"
        self.database = f"sqlite:///{root / 'saferoute.sqlite3'}"
        write_once(self.instance / "secret_key", b"rotation-secret-" + b"x" * 40)
        self.console_env = {
            "SAFEROUTE_SECRET_KEY_FILE": str(self.instance / "secret_key"),
            "SAFEROUTE_DATABASE_URL": self.database,
            "SAFEROUTE_STAFF_ENABLED": "1",
            "SAFEROUTE_PRIVATE_KEY_FILE": "/etc/saferoute/hub_private.key",
            "SAFEROUTE_PUBLIC_KEY_FILE": "/etc/saferoute/hub_public.key",
        }

    def here(self, text: str) -> str:
        """The guide's paths on these hosts (only where a path starts, not inside our own temp paths)."""
        places = {"etc": str(self.etc), "srv": str(self.instance.parent)}
        return re.sub(r"(?<![\w/.-])/(etc|srv)/saferoute", lambda found: places[found.group(1)], text)

    def on_console(self, command: str) -> None:
        env = {"PATH": f"{BIN}:{os.environ['PATH']}", **{k: self.here(v) for k, v in self.console_env.items()}}
        done = subprocess.run(self.here(command), shell=True, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stderr)

    def console(self):
        return build_app(self.instance, {k: self.here(v) for k, v in self.console_env.items()})

    def public_site(self):
        return build_app(self.instance, {"SAFEROUTE_DATABASE_URL": self.database})


def opened(app, rid: int) -> bool:
    """The console opens the request, and finds its clear columns as they were sealed."""
    from saferoute.staff import casework, checking

    with app.app_context():
        request = db.session.get(CallbackRequest, rid)
        try:
            found = checking.open_request(request, casework.outcomes_of(request), timedelta(hours=2))
        except checking.CannotOpen:
            return False
        return found.facts.changed == ()


@pytest.fixture
def hosts(tmp_path) -> Hosts:
    hosts = Hosts(tmp_path)
    # Sections 1 and 3: the pair is made on the console host; the public site gets the public key.
    hosts.on_console("flask --app saferoute keys generate /etc/saferoute")
    shutil.copy(hosts.etc / "hub_public.key", hosts.instance / "hub_public.key")
    return hosts


def test_the_documented_rotation_works_as_written(hosts):
    steps = rotation_steps()
    assert [kind for kind, _lines in steps] == ["run", "env", "run", "env"], "the steps' shape changed: follow it here"
    generate, both_keys, retire, only_new = steps
    console = hosts.console()
    ana, ben = make_user(console, "ana"), make_user(console, "ben")
    before = make_request(hosts.public_site(), [(NOW + timedelta(hours=1), NOW + timedelta(hours=3))])

    # 1. The new pair, on the console host.
    for command in generate[1]:
        hosts.on_console(command)
    # 2. The console lists both keys and takes the new public key.
    hosts.console_env.update(line.split("=", 1) for line in both_keys[1])
    console = hosts.console()
    assert opened(console, before), "a request sealed with the old key still opens"
    assert sign_in(console.test_client(), "ana", ana).status_code == 303, "ana signs in during the rotation"
    # 3. Every public app server gets the new public key.
    shutil.copy(hosts.here("/etc/saferoute/new/hub_public.key"), hosts.here("/srv/saferoute/instance/hub_public.key"))
    after = make_request(hosts.public_site(), [(NOW + timedelta(hours=1), NOW + timedelta(hours=3))])
    assert opened(console, after)
    # 4. Once the old key's requests are purged, the console's seals move to the new key (staff
    # reseal, while both keys are listed) and the new pair is the only one.
    with console.app_context():
        db.session.delete(db.session.get(CallbackRequest, before))
        db.session.commit()
    for command in retire[1]:
        hosts.on_console(command)
    hosts.console_env.update(line.split("=", 1) for line in only_new[1])
    console = hosts.console()
    assert sorted(p.name for p in hosts.etc.iterdir()) == ["hub_private.key", "hub_public.key"]
    assert opened(console, after)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=2)):  # a code is good once: the next one
        assert sign_in(console.test_client(), "ana", ana).status_code == 303, "her code secret moved to the new key"
    assert sign_in(console.test_client(), "ben", ben).status_code == 303, (
        "ben did not sign in during the rotation: staff reseal moved his account and code secret"
    )


def test_the_guide_says_a_leaked_key_means_no_reseal_and_new_secrets_for_every_account():
    section = DEPLOY.read_text().split("## 6. Key rotation")[1].split("\n## ")[0]
    leaked = section[section.index("If the private key leaked") :]
    assert "**every** account" in leaked
    assert "staff reset-password NAME" in leaked and "staff reset-mfa NAME" in leaked
    assert "do **not** run `staff reseal`" in leaked, "whoever holds the old key can seal as the console does"
