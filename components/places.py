"""Which province and city a district of the store belongs to (for the grouped district filter).

Read from the parser's gazetteer (``parsers/data/gazetteer.csv``: every province, city, district,
county, zone and town with its parent and province) as data; pure, no streamlit.

A district name is looked up

* as a full gazetteer name (双阳区, 长春市, 长春新区);
* as a city or province name followed by one of its units, the way the parser writes a name that
  several units share (长春市朝阳区);
* a name that several units share and that stands alone (朝阳区, 鼓楼区) goes to the unit whose city
  holds the most of the other districts in the list (then the first in the gazetteer).

A district of a province-level city (上海市嘉定区) has that city as both province and city; a
county-level unit directly under a province (仙桃市) has the city ``DIRECT``.  Names the gazetteer
does not know go to ``OTHER`` / ``OTHER``.
"""
from __future__ import annotations

import csv
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

GAZETTEER: Path = Path(__file__).resolve().parents[1] / "parsers" / "data" / "gazetteer.csv"
OTHER = "其他"
DIRECT = "省直辖"
_UNIT_LEVELS = ("district", "county", "zone", "city", "town", "province")


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, list[dict]], dict[tuple[str, str], dict]]:
    """name -> gazetteer rows with that name; (name, parent) -> row."""
    by_name: dict[str, list[dict]] = {}
    by_parent: dict[tuple[str, str], dict] = {}
    with open(GAZETTEER, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    head = rows[0]
    for values in rows[1:]:
        r = dict(zip(head, values))
        by_name.setdefault(r["name"], []).append(r)
        by_parent.setdefault((r["name"], r["parent"]), r)
    return by_name, by_parent


def _city_of(row: dict) -> str:
    """The city (地级) a gazetteer unit lies in; ``DIRECT`` when a county-level unit has none."""
    by_name, by_parent = _units()
    level, parent = row["level"], row["parent"]
    if level == "province":
        return ""
    if level == "city":
        return row["name"]
    seen = 0
    while parent and seen < 4:   # district/county/zone -> city; town -> county -> city
        up = by_parent.get((parent, "")) or next(
            (u for u in by_name.get(parent, []) if u["province"] == row["province"]), None)
        if up is None:
            return parent
        if up["level"] == "city":
            return up["name"]
        if up["level"] == "province":
            return DIRECT
        parent, seen = up["parent"], seen + 1
    return DIRECT


def _candidates(name: str) -> list[tuple[str, str]]:
    """(province, city) of every gazetteer unit ``name`` may be."""
    by_name, _ = _units()
    rows = [r for r in by_name.get(name, []) if r["level"] in _UNIT_LEVELS]
    if rows:
        return [(r["province"], _city_of(r) or "") for r in rows]
    out = []
    for i in range(2, len(name) - 1):   # 长春市朝阳区: an ancestor's name, then one of its units
        head, tail = name[:i], name[i:]
        heads = [r for r in by_name.get(head, []) if r["level"] in ("city", "province")]
        for h in heads:
            for r in by_name.get(tail, []):
                city = _city_of(r)
                if (h["level"] == "city" and city == h["name"]) or (
                        h["level"] == "province" and r["province"] == h["name"]):
                    out.append((r["province"], city))
        if out:
            return out
    return out


def places(regions: Iterable[str]) -> pd.DataFrame:
    """``region``, ``province``, ``city`` for each district (sorted by province, city, region)."""
    regions = sorted({str(r) for r in regions if r})
    cands = {r: _candidates(r) for r in regions}
    # the cities of the names that are certain: context for the shared ones
    context = Counter(c[0][1] for c in cands.values() if len(c) == 1)
    rows = []
    for r in regions:
        c = cands[r]
        if not c:
            prov, city = OTHER, OTHER
        elif len(c) == 1:
            prov, city = c[0]
        else:
            prov, city = max(c, key=lambda pc: context.get(pc[1], 0))   # ties: the first in the gazetteer
        rows.append((r, prov, city or r))
    out = pd.DataFrame(rows, columns=["region", "province", "city"], dtype="string")
    last = out["province"] == OTHER
    return pd.concat([out[~last].sort_values(["province", "city", "region"], kind="mergesort"),
                      out[last]]).reset_index(drop=True)
