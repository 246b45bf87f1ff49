"""The board's figures never open a sealed request: no module they import can decrypt.

Every import in the figures' own modules (inside functions too) is followed
through the project's modules (their module-level imports: what importing
them runs). A package's __init__ counts when a name is taken from it, not
merely because a module lives in it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import saferoute

ROOT = Path(saferoute.__file__).parent
FIGURES = ("saferoute.board", "saferoute.staff.board_views")
# What can open a sealed request or the console's seals: the private key and the code that uses it.
DECRYPTING = (
    "nacl",
    "saferoute.keys",
    "saferoute.callback.sealing",
    "saferoute.staff.keyfile",
    "saferoute.staff.casework",
    "saferoute.staff.checking",
    "saferoute.staff.integrity",
)


def _file(module: str) -> Path | None:
    parts = module.split(".")[1:]
    for candidate in (ROOT.joinpath(*parts).with_suffix(".py"), ROOT.joinpath(*parts, "__init__.py")):
        if candidate.exists():
            return candidate
    return None


def _top_level(tree: ast.Module):
    """What importing the module runs: its statements, and those in a top-level if or try
    (but not `if TYPE_CHECKING:`, which only a type checker reads)."""
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            continue
        yield node
        if isinstance(node, ast.If | ast.Try):
            yield from ast.walk(node)


def _imports(module: str, everywhere: bool = False) -> set[str]:
    path = _file(module)
    if path is None:
        return set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree) if everywhere else _top_level(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            modules = {f"{base}.{alias.name}" for alias in node.names if _file(f"{base}.{alias.name}")}
            found |= modules
            if len(modules) < len(node.names):  # a name taken from `base` itself
                found.add(base)
    return found


def reached(starts: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = [name for start in starts for name in _imports(start, everywhere=True)]
    seen.update(starts)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        if module.startswith("saferoute"):
            todo.extend(_imports(module))
    return seen


def _board_modules() -> list[str]:
    modules = [f"saferoute.board.{p.stem}" for p in (ROOT / "board").glob("*.py") if p.stem != "__init__"]
    return [*modules, "saferoute.board", "saferoute.staff.board_views"]


def test_the_figures_import_nothing_that_can_decrypt():
    found = reached(_board_modules())
    assert "saferoute.board.figures" in found and "saferoute.staff.models" in found  # the walk works
    assert not {m for m in found if m.startswith(DECRYPTING)}


def test_the_walk_would_see_a_decrypting_import():
    # The console's request page does open requests: the same walk finds it.
    assert {m for m in reached(["saferoute.staff.queue_views"]) if m.startswith(DECRYPTING)}
