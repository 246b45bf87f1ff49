"""docs/TRANSLATIONS.md's steps for adding a language work as written: this test follows them
on a copy of the repository (Welsh, as in the document) and then asks the copy's app for it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from tests.apps import make_instance

ROOT = Path(__file__).resolve().parents[2]
STEPS = (ROOT / "docs" / "TRANSLATIONS.md").read_text(encoding="utf-8").split("## Adding a language", 1)[1]
NEW = 'Language("cy", "Cymraeg", _l("Welsh")),'
COMMANDS = [
    "make messages",
    ".venv/bin/pybabel init -l cy -i translations/messages.pot -d translations",
    "make catalogues",
]

# Asked of the copy's app, in a process of its own (so it imports the copy's code).
PROBE = """
import json, saferoute
from saferoute import config, create_app
app = create_app({"TESTING": True}, settings=config.from_environ())
client = app.test_client()
welsh = client.get("/cy/").get_data(as_text=True)
form = client.get("/en/callback").get_data(as_text=True)
print(json.dumps({"code": saferoute.__file__, "welsh": welsh, "form": form}))
"""


def copy_of_the_repository(target: Path) -> Path:
    for name in ("saferoute", "translations"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "babel.cfg", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)  # the same times: make sees the set-up as done
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


def run(command: str, where: Path) -> None:
    done = subprocess.run(command.split(), cwd=where, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command}: {done.stdout[-1500:]}{done.stderr[-1500:]}"


def translate(path: Path, header: str | None = None) -> None:
    """Stand in for a translator: every empty entry gets the English (placeholders intact)."""
    with open(path, "rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if not message.id or (message.string and all(message.string)):
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(message.id[min(i, 1)] for i in range(catalogue.num_plurals))
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalogue, width=0)
    if header:
        path.write_text(header + path.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_language_added_the_documented_way_is_served(tmp_path):
    assert NEW in STEPS and "saferoute/i18n.py" in STEPS
    for command in COMMANDS:
        assert f"`{command}`" in STEPS, f"the document no longer says `{command}`"
    repo = copy_of_the_repository(tmp_path / "repo")

    i18n = repo / "saferoute" / "i18n.py"
    source = i18n.read_text(encoding="utf-8")
    last = re.findall(r"^ +Language\(.*\),$", source, re.M)[-1]
    i18n.write_text(source.replace(last, f"{last}\n        {NEW}"), encoding="utf-8")
    run(COMMANDS[0], repo)
    run(COMMANDS[1], repo)
    pending = (ROOT / "translations" / "pl" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    review_pending = pending.split('msgid ""', 1)[0].replace("Polish", "Welsh")
    for catalogue in sorted((repo / "translations").glob("*/LC_MESSAGES/messages.po")):
        translate(catalogue, review_pending if catalogue.parts[-3] == "cy" else None)
    run(COMMANDS[2], repo)

    for path in (repo / "translations").glob("*/LC_MESSAGES/messages.po"):
        with open(path, "rb") as handle:
            catalogue = read_po(handle)
        assert "Welsh" in catalogue, f"{path.parts[-3]} lacks the new name"
        assert not [
            m.id for m in catalogue if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
        ]
        assert not list(catalogue.check())
    assert "REVIEW PENDING" in (repo / "translations" / "cy" / "LC_MESSAGES" / "messages.po").read_text()
    assert (repo / "translations" / "cy" / "LC_MESSAGES" / "messages.mo").is_file()

    instance = make_instance(tmp_path / "instance")
    env = {
        "PATH": os.environ["PATH"],
        "SAFEROUTE_SECRET_KEY_FILE": str(instance / "secret_key"),
        "SAFEROUTE_PUBLIC_KEY_FILE": str(instance / "hub_public.key"),
        "SAFEROUTE_DATABASE_URL": f"sqlite:///{instance / 'test.sqlite3'}",
    }
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert seen["code"].startswith(str(repo)), "the probe ran the copy's code"
    assert '<html lang="cy" dir="ltr">' in seen["welsh"]
    assert 'hreflang="cy" lang="cy" dir="ltr"' in seen["welsh"], "the language switcher offers it"
    assert '<option value="cy">Welsh (Cymraeg)</option>' in seen["form"], "an interpreter can be asked for"
