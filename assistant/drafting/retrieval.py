"""Comparable peers first, then step by step less comparable ones: retrieval for drafting never switches off
silently because one filter (a province the library's reports do not state) matches nothing.

A report that does not state its province, county or level is not a different one: blank counts as a match.
When nothing comes back, filters are dropped in this order: county, year band, province, level; the draft
records which were dropped (``Draft.relaxed``) so the app can say so.
"""

from __future__ import annotations

from typing import Any

from assistant.core.passages import Passage
from assistant.drafting.compose import Retrieve

YEAR_BAND = 3  # a peer's report from the report year or the three years before is comparable
STEPS = ((), ("county",), ("county", "year"), ("county", "year", "province"), ("county", "year", "province", "level"))


class RelaxingRetrieve:
    """Wraps a ``retrieve(query, filters)``: widens the filters step by step and remembers what it widened."""

    def __init__(self, retrieve: Retrieve, county: str = "", year: int | None = None):
        self.retrieve = retrieve
        self.county = county
        self.year = year
        self.relaxed: set[str] = set()

    def _filters(self, filters: dict[str, Any], dropped: tuple[str, ...]) -> dict[str, Any]:
        out = dict(filters)
        for key in ("province", "level"):
            if out.get(key):
                out[key] = (out[key], "")
        if self.county and "county" not in dropped and not out.get("unit"):
            out["county"] = (self.county, "")
        if self.year and "year" not in dropped and not out.get("unit"):
            out["year_from"], out["year_to"] = self.year - YEAR_BAND, self.year
        for key in dropped:
            out.pop(key, None)
        return out

    def __call__(self, query: str, filters: dict[str, Any]) -> list[Passage]:
        if filters.get("unit"):  # 参考某镇的写法: that unit or nothing
            return self.retrieve(query, filters)
        active = {"county": bool(self.county), "year": bool(self.year), "province": bool(filters.get("province")),
                  "level": bool(filters.get("level"))}
        tried: set[tuple[str, ...]] = set()
        for dropped in STEPS:
            effective = tuple(d for d in dropped if active[d])
            if effective in tried:
                continue
            tried.add(effective)
            found = self.retrieve(query, self._filters(filters, effective))
            if found:
                self.relaxed.update(effective)
                return found
        return []
