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
