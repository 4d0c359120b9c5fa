"""Docs and messages stay honest: every command documented, every error code and rule has Chinese text."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from assistant.core import errors
from assistant.messages_zh import MESSAGES
from cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=""):
    for name, cmd in group.commands.items():
        yield prefix + name, cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + name + " ")


@pytest.mark.parametrize("name,cmd", list(_commands(cli)))
def test_every_command_has_help_and_is_in_readme(name: str, cmd) -> None:
    assert cmd.help, name
    assert f"nianbao {name.split()[0]}" in README, name


def test_every_error_code_has_a_chinese_message() -> None:
    codes = [cls.code for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, errors.ReportError)]
    missing = [c for c in codes if c not in MESSAGES]
    assert not missing


def test_every_rule_has_a_message() -> None:
    from assistant.review import batch as review

    missing = [info.rule for info in review.rule_infos() if info.rule not in MESSAGES]
    assert not missing


def test_no_message_key_is_defined_twice() -> None:
    import importlib
    import pkgutil

    import assistant.messages_zh as package

    seen: dict[str, str] = {}
    clashes = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        table = getattr(module, "MESSAGES", None) or {**getattr(module, "ERRORS", {}), **getattr(module, "RULES", {})}
        for key in table:
            if key in seen:
                clashes.append((key, seen[key], info.name))
            seen[key] = info.name
    assert not clashes


def _our_modules() -> list[str]:
    root = Path(__file__).resolve().parents[1]
    names = []
    for pkg in ("assistant", "ingest", "vectorstore"):
        for path in (root / pkg).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _all_subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_all_subclasses(sub)]
    return out


def test_every_error_class_lives_in_the_one_errors_module() -> None:
    import importlib

    for name in _our_modules():
        importlib.import_module(name)
    strays = [f"{c.__module__}.{c.__name__}" for c in _all_subclasses(errors.ReportError)
              if c.__module__ != "assistant.core.errors"]
    assert strays == []


def _used_keys_and_prefixes() -> tuple[str, set[str]]:
    """All source text outside messages_zh, and the literal prefixes of message keys built at run time."""
    import ast

    root = Path(__file__).resolve().parents[1]
    files = [p for d in ("assistant", "ingest", "vectorstore", "app_pages") for p in (root / d).rglob("*.py")]
    files += [root / "cli.py", root / "app.py"]
    files = [p for p in files if "messages_zh" not in p.parts or p.name in ("__init__.py", "review_render.py",
                                                                              "render_draft.py", "render_chat.py")]
    texts, prefixes = [], set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(str(node.values[0].value))
            if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                prefixes.add(node.left.value)
    prefixes = {p for p in prefixes if len(p) >= 3 and p[-1] in ".:_"}
    return "\n".join(texts), prefixes


def test_every_message_key_is_used() -> None:
    from assistant.review import batch as review

    source, prefixes = _used_keys_and_prefixes()
    codes = {cls.code for cls in [errors.ReportError, *_all_subclasses(errors.ReportError)]}
    rules = {info.rule for info in review.rule_infos()}
    unused = [key for key in MESSAGES
              if key not in codes and key not in rules and f'"{key}"' not in source and f"'{key}'" not in source
              and not any(key.startswith(p) for p in prefixes)]
    assert unused == []


@pytest.mark.parametrize("name,cmd", list(_commands(cli)))
def test_every_option_has_help(name: str, cmd) -> None:
    import click

    assert [p.opts for p in cmd.params if isinstance(p, click.Option) and not p.help] == []
