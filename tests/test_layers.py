"""The layout stays true: imports run one way and never in a circle.

front doors (cli.py, app.py, app_pages/) → assistant's rooms (tables, checks, drafting, export, persistence,
library, review) → ingest/, vectorstore/ → assistant/core. assistant/messages_zh (every Chinese sentence a
user reads) is used by the front doors only and reads only the core. Function-local and TYPE_CHECKING
imports count too: every import statement anywhere in a module is an arrow.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("assistant", "ingest", "vectorstore", "app_pages")
FRONT_FILES = ("cli.py", "app.py")

ALLOWED = {
    "core": {"core"},
    "messages": {"core", "messages"},
    "ingest": {"core", "ingest"},
    "vectorstore": {"core", "vectorstore"},
    "room": {"core", "ingest", "vectorstore", "room"},
    "front": {"core", "ingest", "vectorstore", "room", "messages", "front"},
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def our_modules(root: Path) -> dict[str, Path]:
    files = [p for pkg in PACKAGES for p in (root / pkg).rglob("*.py")]
    files += [root / f for f in FRONT_FILES if (root / f).exists()]
    return {module_name(p, root): p for p in files}


def imported(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """Every module of ours that ``module`` imports, wherever the import statement stands."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                       for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != module:
                yield target


def graph(root: Path) -> dict[str, set[str]]:
    modules = our_modules(root)
    return {m: set(imported(m, p, modules)) for m, p in modules.items()}


def layer(module: str) -> str:
    if module.startswith("assistant.core"):
        return "core"
    if module.startswith("assistant.messages_zh"):
        return "messages"
    if module.split(".")[0] in ("ingest", "vectorstore"):
        return module.split(".")[0]
    if module.startswith("assistant"):
        return "room"
    return "front"


def violations(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{m} -> {d}" for m, deps in edges.items() for d in deps if layer(d) not in ALLOWED[layer(m)])


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_arrows_run_one_way() -> None:
    assert violations(graph(ROOT)) == []


def test_no_circles() -> None:
    assert circles(graph(ROOT)) == []


def test_no_streamlit_or_click_below_the_front_doors() -> None:
    for module, path in our_modules(ROOT).items():
        if layer(module) == "front":
            continue
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "import click" not in text, module


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for pkg in PACKAGES:
        (tmp_path / pkg).mkdir(exist_ok=True)
    return tmp_path


@pytest.mark.parametrize(("files", "expected"), [
    ({"assistant/core/model.py": "def f():\n    from vectorstore import store\n", "vectorstore/store.py": ""},
     ["assistant.core.model -> vectorstore.store"]),
    ({"assistant/core/model.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                 "    from assistant.checks.engine import x\n",
      "assistant/checks/engine.py": ""},
     ["assistant.core.model -> assistant.checks.engine"]),
    ({"ingest/parse.py": "from assistant.messages_zh import zh\n", "assistant/messages_zh/__init__.py": ""},
     ["ingest.parse -> assistant.messages_zh"]),
])
def test_the_layer_test_catches_a_wrong_arrow(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    assert violations(graph(_tree(tmp_path, files))) == expected


def test_the_layer_test_catches_a_circle(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"assistant/drafting/a.py": "def f():\n    from assistant.drafting import b\n",
                            "assistant/drafting/b.py": "from assistant.drafting.a import f\n",
                            "assistant/drafting/__init__.py": ""})
    assert circles(graph(root)) == [["assistant.drafting.a", "assistant.drafting.b"]]
