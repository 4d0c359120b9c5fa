"""Findings: what every rule, check and guard returns, rendered alike by the CLI and the UI."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    """One problem found in a report or draft.

    ``location`` is a dotted path into the report model the UI can point at
    (``t3.granted.total``, ``sections.problems``, ``closing.date``).
    """

    model_config = ConfigDict(extra="forbid")

    rule: str
    severity: Severity
    section: str = ""  # section key (overview … other, t2/t3/t4, title, preamble, closing)
    location: str = ""
    ctx: dict[str, Any] = Field(default_factory=dict)
    evidence: str = ""
    suggestion: str = ""


Check = Callable[..., Iterator[Finding]]


class RuleInfo(BaseModel):
    """A registered rule: id, default severity, family and its one-line meaning (docstring)."""

    rule: str
    severity: Severity
    doc: str
    needs_previous: bool = False


class Registry:
    """A flat registry of small rule functions, each yielding Findings."""

    def __init__(self) -> None:
        self.rules: dict[str, tuple[RuleInfo, Check]] = {}

    def rule(self, rule_id: str, severity: Severity, needs_previous: bool = False) -> Callable[[Check], Check]:
        def register(fn: Check) -> Check:
            if rule_id in self.rules:
                raise ValueError(f"rule {rule_id} registered twice")
            doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
            self.rules[rule_id] = (RuleInfo(rule=rule_id, severity=severity, doc=doc, needs_previous=needs_previous), fn)
            return fn

        return register

    def info(self) -> list[RuleInfo]:
        return [info for info, _ in self.rules.values()]


def has_error(findings: list[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)


def by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


def make(rule: str, severity: Severity, *, section: str = "", location: str = "", evidence: str = "",
         suggestion: str = "", **ctx: Any) -> Finding:
    """Shorthand used by rule functions."""
    return Finding(rule=rule, severity=severity, section=section, location=location, ctx=ctx,
                   evidence=evidence, suggestion=suggestion)

