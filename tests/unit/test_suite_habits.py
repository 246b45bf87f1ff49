"""The suite's own habits: fixtures live in conftest.py once; helpers live in support modules.

A module that imports from a conftest.py runs that conftest twice (once as pytest
loads it, once as the import), and a fixture copied into several modules drifts.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sources() -> list[Path]:
    return sorted([*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")])


def test_nothing_imports_from_a_conftest():
    offenders = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name.split(".")[-1] == "conftest" for name in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "move what these import into a support module (e.g. tests/apps.py)"


def test_no_fixture_is_a_copy_of_another():
    """The same fixture written twice belongs once in a conftest.py (overriding one to differ is fine)."""
    bodies = defaultdict(list)
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any("fixture" in ast.unparse(d) for d in node.decorator_list):
                body = ast.dump(ast.Module(body=node.body, type_ignores=[]))
                bodies[(node.name, body)].append(f"{path.relative_to(ROOT)}:{node.lineno}")
    copies = {name: places for (name, _body), places in bodies.items() if len(places) > 1}
    assert copies == {}
