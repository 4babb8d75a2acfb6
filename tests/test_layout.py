"""The house rules of kb/ (ARCHITECTURE.md): every module imports on its own, in a fresh
interpreter, and a package imports only the packages before it in the pipeline."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

KB = Path(__file__).resolve().parents[1] / "kb"

# core -> vocab -> ingest -> store -> curate -> answer -> measure / evaluate -> faces
RANK = {
    "": 0,
    "__version__": 0,
    "settings": 0,
    "errors": 0,
    "records": 0,
    "files": 0,
    "vocab": 1,
    "ingest": 2,
    "store": 3,
    "curate": 4,
    "answer": 5,
    "measure": 6,
    "evaluate": 6,
    "api": 7,
    "cli": 8,
    "ui": 8,
}


def module_names() -> list[str]:
    names = []
    for path in sorted(KB.rglob("*.py")):
        parts = path.relative_to(KB.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def stage_of(module: str) -> str:
    """'kb.ingest.parse.pdf' -> 'ingest'; 'kb.settings' -> 'settings'; 'kb' -> ''."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _from(node: ast.ImportFrom, path: Path) -> str:
    """The absolute module of a `from … import`: `from .evaluate import x` in kb/cli/grid.py
    is kb.cli.evaluate (relative imports hide circles as well as absolute ones)."""
    if not node.level:
        return node.module or ""
    # The package of kb/cli/grid.py and of kb/cli/__init__.py alike is kb.cli.
    package = list(path.relative_to(KB.parent).parts[:-1])
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def kb_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _from(node, path)
            if module == "kb":
                found |= {f"kb.{a.name}" for a in node.names}
            elif module.startswith("kb."):
                found.add(module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kb"}
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the kb modules it imports anywhere (top level, in functions, for type checking):
    `from kb.x import y` counts as importing kb.x.y when that is a module, else kb.x."""
    paths = {
        name: path for name, path in zip(module_names(), sorted(KB.rglob("*.py")), strict=True)
    }
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (module := _from(node, path)):
                for alias in node.names:
                    sub = f"{module}.{alias.name}"
                    graph[name].add(sub if sub in paths else module)
            elif isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names}
        graph[name] = {m for m in graph[name] if m in paths and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle, as the modules along it, or [] (depth-first, colours)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_relative_imports_count_in_the_graph() -> None:
    grid = KB / "cli" / "grid.py"
    rel = ast.parse("from .eval_common import dump\nfrom . import common\n").body
    assert [_from(n, grid) for n in rel] == ["kb.cli.eval_common", "kb.cli"]  # type: ignore[arg-type]
    up = ast.parse("from ..settings import Settings").body[0]
    assert _from(up, KB / "cli" / "__init__.py") == "kb.settings"  # type: ignore[arg-type]
    assert "kb.cli.eval_common" in import_graph()["kb.cli.grid"]


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_no_import_cycles_even_hidden_in_functions() -> None:
    """A late import inside a function or under TYPE_CHECKING hides a circle from the
    fresh-interpreter test below; the house has none, hidden or not."""
    cycle = find_cycle(import_graph())
    assert not cycle, " -> ".join(cycle)


def test_every_stage_has_a_rank() -> None:
    stages = {stage_of(m) for m in module_names()}
    assert stages <= set(RANK), f"top-level module or package without a rank: {stages - set(RANK)}"


def test_packages_import_only_earlier_stages() -> None:
    bad = []
    for path in sorted(KB.rglob("*.py")):
        mod = ".".join(path.relative_to(KB.parent).with_suffix("").parts)
        here = stage_of(mod)
        for imp in kb_imports(path):
            there = stage_of(imp)
            if (
                there != here
                and RANK[there] >= RANK[here]
                and not (RANK[here] == 8 and there == "api")
            ):
                bad.append(f"{mod} imports {imp} ({there} is not before {here})")
    assert not bad, "\n".join(bad)


def test_no_except_importerror_around_kb_modules() -> None:
    """A broken kb module must fail loudly, never make a command or page vanish."""
    bad = []
    for path in sorted(KB.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            guarded = {
                n.module
                for n in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("kb")
            }
            catches = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
            if guarded and catches & {"ImportError", "ModuleNotFoundError"}:
                bad.append(f"{path.relative_to(KB.parent)}:{node.lineno} guards {guarded}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("module", module_names())
def test_module_imports_alone(module: str) -> None:
    """Each module in a fresh interpreter: catches import cycles and order-dependent imports."""
    proc = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=KB.parent,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
