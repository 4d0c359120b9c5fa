"""The phrase bank: formal wording as TOML data files next to this module, loaded by name.

``load_bank("overview")`` reads ``overview.toml``. ``Picker`` chooses one alternative per slot,
deterministically from (slot, seed, variant): the same input always gives the same text, another
``variant`` gives another wording wherever a slot has alternatives, and another unit (seed) starts
from another wording, so two townships' drafts do not read alike.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, Self

from assistant.core.report import AnnualReport
from assistant.core.unitname import self_names, short_name
from assistant.drafting.provenance import CellTrace, SentenceSource

BANK_DIR = Path(__file__).resolve().parent


@cache
def load_bank(name: str) -> dict[str, Any]:
    """The phrase bank file ``<name>.toml`` as a dict (cached; treat as read-only)."""
    with open(BANK_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


def stable_int(text: str) -> int:
    """A number derived from ``text`` alone (the same in every run and on every machine)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


class Said(str):
    """A composed sentence with the input cells written into it (provenance); ``source``, when set, is where
    the whole sentence comes from (e.g. topics from the unit's last report) and wins over the cells."""

    cells: list[tuple[str, object]]
    source: SentenceSource | None = None

    @classmethod
    def of(cls, text: str, cells: list[tuple[str, object]], source: SentenceSource | None = None) -> Said:
        out = cls(text)
        out.cells = cells
        out.source = source if source is not None else getattr(text, "source", None)
        return out


class Traced(list):
    """A builder's list of sentences: each appended sentence takes the cells recorded since the one before."""

    def __init__(self, picker: Picker, items: Iterable[str] = ()):
        super().__init__()
        self.picker = picker
        for item in items:
            self.append(item)

    def append(self, item: str) -> None:  # type: ignore[override]
        super().append(Said.of(item, self.picker.trace.take()))

    def __iadd__(self, other: Iterable[str]) -> Self:  # type: ignore[override]
        for item in other:
            self.append(item)
        return self

    def __add__(self, other: Iterable[str]) -> Traced:  # type: ignore[override]
        out = Traced(self.picker)
        list.extend(out, self)
        out += other
        return out


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

    def traced(self, items: Iterable[str] = ()) -> Traced:
        """A list for a builder's sentences that records each one's cells as it is appended."""
        return Traced(self, items)

    def cell(self, path: str, value: Any) -> Any:
        """Record that input cell ``path`` is written (provenance); returns ``value``."""
        return self.trace.cell(path, value)

    def options(self, slot: str) -> list[str]:
        """Every alternative of ``slot``."""
        value = self.bank[slot]
        return [value] if isinstance(value, str) else list(value)

    def index(self, slot: str, count: int) -> int:
        """This unit's (and variant's) choice among ``count`` alternatives of ``slot``."""
        return (stable_int(f"{slot}|{self.seed}") + self.variant) % count

    def _accepted(self, slot: str) -> list[str]:
        opts = self.options(slot)
        if self.accept is None:
            return opts
        return [o for o in opts if self.accept(o)] or opts

    def pick(self, slot: str, nth: int = 0, **values: Any) -> str:
        """One alternative of ``slot`` with the report context and ``values`` filled in.

        ``nth`` shifts the choice, so items of one list (一是…二是…) do not repeat a wording.
        """
        good = self._accepted(slot)
        return good[(self.index(slot, len(good)) + nth) % len(good)].format(**{**self.ctx, **values})

    def pick_many(self, slot: str, count: int, **values: Any) -> list[str]:
        """Up to ``count`` distinct alternatives of ``slot``, rotated by seed and variant."""
        opts = [o for o in self.options(slot) if self.accept is None or self.accept(o)]
        if not opts:
            return []
        start = self.index(slot, len(opts))
        chosen = [opts[(start + i) % len(opts)] for i in range(min(count, len(opts)))]
        return [c.format(**{**self.ctx, **values}) for c in chosen]

    def sample(self, slot: str, low: int, high: int) -> list[str]:
        """Between ``low`` and ``high`` distinct items of the list ``slot``, chosen for this unit and variant."""
        import random

        rng = random.Random(stable_int(f"{slot}|{self.seed}|{self.variant}"))
        items = list(self.bank[slot])
        return rng.sample(items, min(len(items), rng.randint(low, high)))

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
