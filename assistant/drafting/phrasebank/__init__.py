"""The phrase bank: formal wording as TOML data files next to this module, loaded by name.

``load_bank("overview")`` reads ``overview.toml``. ``Picker`` chooses one alternative per slot,
deterministically from (slot, seed, variant): the same input always gives the same text, another
``variant`` gives another wording wherever a slot has alternatives, and another unit (seed) starts
from another wording, so two townships' drafts do not read alike.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from assistant.core.report import AnnualReport
from assistant.core.unitname import self_names, short_name

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

    def __init__(self, bank: dict[str, Any], seed: str, variant: int = 0, ctx: dict[str, Any] | None = None):
        self.bank = bank
        self.seed = seed
        self.variant = variant
        self.ctx = dict(ctx or {})

    def options(self, slot: str) -> list[str]:
        value = self.bank[slot]
        return [value] if isinstance(value, str) else list(value)

    def index(self, slot: str, count: int) -> int:
        return (_stable_int(f"{slot}|{self.seed}") + self.variant) % count

    def pick(self, slot: str, nth: int = 0, **values: Any) -> str:
        """One alternative of ``slot`` with the report context and ``values`` filled in.

        ``nth`` shifts the choice, so items of one list (一是…二是…) do not repeat a wording.
        """
        opts = self.options(slot)
        return opts[(self.index(slot, len(opts)) + nth) % len(opts)].format(**{**self.ctx, **values})

    def pick_many(self, slot: str, count: int, **values: Any) -> list[str]:
        """Up to ``count`` distinct alternatives of ``slot``, rotated by seed and variant."""
        opts = self.options(slot)
        start = self.index(slot, len(opts))
        chosen = [opts[(start + i) % len(opts)] for i in range(min(count, len(opts)))]
        return [c.format(**{**self.ctx, **values}) for c in chosen]

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


def picker(name: str, report: AnnualReport, variant: int = 0) -> Picker:
    """A Picker over bank ``name`` seeded by the unit and year of ``report``."""
    ctx = report_context(report)
    return Picker(load_bank(name), seed=f"{ctx['organ']}|{ctx['year']}", variant=variant, ctx=ctx)
