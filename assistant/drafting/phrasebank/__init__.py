"""The phrase bank: formal wording as TOML data files next to this module, loaded by name.

``load_bank("overview")`` reads ``overview.toml``. ``Picker`` chooses one alternative per slot,
deterministically from (slot, seed, variant): the same input always gives the same text, another
``variant`` gives another wording wherever a slot has alternatives, and another unit (seed) starts
from another wording, so two townships' drafts do not read alike.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from assistant.core.report import AnnualReport
from assistant.core.unitname import self_names, short_name
from assistant.drafting.provenance import CellTrace

BANK_DIR = Path(__file__).resolve().parent


@cache
def load_bank(name: str) -> dict[str, Any]:
    """The phrase bank file ``<name>.toml`` as a dict (cached; treat as read-only)."""
    with open(BANK_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


def _stable_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


class Picker:
    """Chooses wording from one bank for one report and variant."""

    def __init__(self, bank: dict[str, Any], seed: str, variant: int = 0, ctx: dict[str, Any] | None = None,
                 accept: Callable[[str], bool] | None = None):
        self.bank = bank
        self.seed = seed
        self.variant = variant
        self.ctx = dict(ctx or {})
        self.accept = accept  # alternatives it rejects (unconfirmed practices) are passed over when others exist
        self.trace = CellTrace()

    def cell(self, path: str, value: Any) -> Any:
        """Record that input cell ``path`` is written (provenance); returns ``value``."""
        return self.trace.cell(path, value)

    def _rotation(self, slot: str, opts: list[str]) -> list[str]:
        start = self.index(slot, len(opts))
        ordered = [opts[(start + i) % len(opts)] for i in range(len(opts))]
        if self.accept is None:
            return ordered
        good = [o for o in ordered if self.accept(o)]
        return good + [o for o in ordered if o not in good]

    def options(self, slot: str) -> list[str]:
        value = self.bank[slot]
        return [value] if isinstance(value, str) else list(value)

    def index(self, slot: str, count: int) -> int:
        return (_stable_int(f"{slot}|{self.seed}") + self.variant) % count

    def pick(self, slot: str, nth: int = 0, **values: Any) -> str:
        """One alternative of ``slot`` with the report context and ``values`` filled in.

        ``nth`` shifts the choice, so items of one list (一是…二是…) do not repeat a wording.
        """
        opts = self._rotation(slot, self.options(slot))
        good = [o for o in opts if self.accept is None or self.accept(o)] or opts
        return good[nth % len(good)].format(**{**self.ctx, **values})

    def pick_many(self, slot: str, count: int, **values: Any) -> list[str]:
        """Up to ``count`` distinct alternatives of ``slot``, rotated by seed and variant."""
        opts = [o for o in self._rotation(slot, self.options(slot)) if self.accept is None or self.accept(o)]
        return [c.format(**{**self.ctx, **values}) for c in opts[:count]]

    def text(self, key: str, table: str | None = None, **values: Any) -> str:
        """A single (non-alternative) string, optionally from a sub-table."""
        source = self.bank[table] if table else self.bank
        return str(source[key]).format(**{**self.ctx, **values})


def unit_short(report: AnnualReport) -> str:
    """The unit's short name (简称), derived from the organ name when not given."""
    p = report.profile
    return p.short_name or short_name(p.organ_name)


def report_context(report: AnnualReport) -> dict[str, Any]:
    """Placeholders shared by every bank: {self} {this} {all} {unit} {organ} {year} {next_year} {grassroots}."""
    p = report.profile
    short = unit_short(report)
    mine, this = self_names(p.level, short or p.organ_name)
    year = p.report_year or 0
    return {
        "self": mine,
        "this": this,
        "all": "全" + mine[1:],
        "unit": short,
        "organ": p.organ_name or short,
        "year": year,
        "next_year": year + 1,
        "grassroots": "各社区" if mine.endswith("街道") else "各村（社区）",
    }


def picker(name: str, report: AnnualReport, variant: int = 0,
           accept: Callable[[str], bool] | None = None) -> Picker:
    """A Picker over bank ``name`` seeded by the unit and year of ``report``; ``accept`` filters alternatives."""
    ctx = report_context(report)
    return Picker(load_bank(name), seed=f"{ctx['organ']}|{ctx['year']}", variant=variant, ctx=ctx, accept=accept)
