"""Seed-set accuracy against the hand-made gold annotation in tests/data (carried from the eval kit).

Implements the scoring contract of the eval kit's README: gold facts split into value and growth atoms;
a predicted atom matches when article, region and number (after unit scaling) agree and the indicator
names are compatible; tiers 1-2 count for recall, any unmatched predicted atom counts against precision.
Of the matched atoms: year, month range and subject accuracy; projects: recall, precision, investment and
region accuracy -- the numbers the eval kit's score.py prints (same gold files, same rules).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DATA = Path(__file__).parent / "data"
_SCALE = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3}
_COUNT = {"户", "家", "个", "项", "名", "座", "条", "台", "颗", "款", "场"}


def load_gold(name: str = "gold_seeds.jsonl") -> list[dict]:
    return [json.loads(x) for x in (DATA / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def _unit(u) -> tuple[float, str]:
    u = (u or "").strip().replace("％", "%")
    if u in ("个百分点", "百分点"):
        return 1.0, "个百分点"
    for p, f in _SCALE.items():
        if u.startswith(p) and len(u) > len(p):
            base = u[len(p):]
            return f, "count" if base in _COUNT else base
    return 1.0, "count" if u in _COUNT else u


def _num(x):
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _sq(s):
    return re.sub(r"\s+", "", "" if s is None or s is pd.NA else str(s))


def _region_ok(p, g):
    p, g = _sq(p), _sq(g)
    if g == "*":
        return True
    if not p:
        return False
    core = lambda s: re.sub(r"(市|区|县|旗)$", "", s)  # noqa: E731
    return p == g or g in p or core(p) == core(g) or (len(core(p)) >= 2 and core(p) in g)


def _indicator_ok(ind, subj, aliases):
    if aliases == ["*"]:
        return True
    pi, text = _sq(ind), _sq(subj) + _sq(ind)
    return any(_sq(a) in text or _sq(a) in pi or (len(pi) >= 2 and pi in _sq(a)) for a in aliases)


@dataclass
class Scores:
    recall_t1: float
    recall_t12: float
    precision: float
    f1: float
    year_acc: float
    month_acc: float
    project_recall: float
    project_precision: float
    misses: list
    subject_acc: float = 0.0            # of the matched atoms: the right subject (as the eval kit counts it)
    project_recall_t1: float = 0.0
    project_investment_acc: float = 0.0  # of the matched projects with a gold investment: the same amount
    project_region_acc: float = 0.0      # of the matched projects: a compatible region
    extras: list = None                  # predicted atoms / projects that match nothing (precision losses)


def score(indicators: pd.DataFrame, projects: pd.DataFrame, gold: list[dict] | None = None,
          project_gold: list[dict] | None = None) -> Scores:
    """Score against the seed gold, or against another gold set given as lists of records."""
    gold = load_gold() if gold is None else gold
    arts = {g["article"] for g in gold}
    preds = []
    for r in indicators.to_dict("records"):
        if r["article"] not in arts:
            continue
        v = _num(r.get("value"))
        if v is not None:
            f, base = _unit(r.get("unit"))
            preds.append([r, "value", v * f, base, False])
        y = _num(r.get("yoy_pct"))
        if y is not None:
            preds.append([r, "yoy", y, "%", False])
    atoms = []
    for g in gold:
        if g.get("value") is not None:
            f, base = _unit(g.get("unit"))
            atoms.append([g, "value", g["value"] * f, base, None])
        if g.get("yoy_pct") is not None:
            atoms.append([g, "yoy", float(g["yoy_pct"]), "%", None])
    atoms.sort(key=lambda a: a[0]["tier"])
    for a in atoms:
        g = a[0]
        for p in preds:
            r = p[0]
            if p[4] or r["article"] != g["article"] or p[1] != a[1] or not _close(p[2], a[2]):
                continue
            if a[1] == "value" and p[3] != a[3] and not (p[3] == "" and a[3] == "count"):
                continue
            if _region_ok(r["region"], g["region"]) and _indicator_ok(r["indicator"], r["subject"], g["aliases"]):
                p[4], a[4] = True, r
                break
    req = [a for a in atoms if a[0]["tier"] <= 2]
    t1 = [a for a in atoms if a[0]["tier"] == 1]
    hits = [a for a in req if a[4] is not None]
    recall_t12 = len(hits) / len(req)
    precision = sum(1 for p in preds if p[4]) / max(1, len(preds))
    f1 = 2 * recall_t12 * precision / (recall_t12 + precision) if recall_t12 + precision else 0.0
    yn = [a for a in hits if a[0].get("year")]
    mn = [a for a in hits if a[0].get("month_from") and a[0].get("month_to")]
    year_acc = sum(_num(a[4]["year"]) == a[0]["year"] for a in yn) / max(1, len(yn))
    month_acc = sum(_num(a[4]["month_from"]) == a[0]["month_from"] and _num(a[4]["month_to"]) == a[0]["month_to"]
                    for a in mn) / max(1, len(mn))
    subject_ok = 0
    for a in hits:
        ps, gs = _sq(a[4]["subject"]), _sq(a[0].get("subject"))
        subject_ok += (ps == gs) or (bool(ps) and bool(gs) and (ps in gs or gs in ps))
    extras = [(p[0]["article"][:3], p[0]["region"], p[0]["subject"], p[0]["indicator"], p[1], p[2])
              for p in preds if not p[4]]
    # projects
    pg = load_gold("gold_seeds_projects.jsonl") if project_gold is None else project_gold
    pp = [[r, False] for r in projects.to_dict("records") if r["article"] in arts]
    phits = []
    for g in sorted(pg, key=lambda g: g["tier"]):
        for p in pp:
            name = _sq(p[0]["name"])
            if not p[1] and p[0]["article"] == g["article"] and len(name) >= 2 and any(
                    _sq(k) in name or (len(name) >= 4 and name in _sq(k)) for k in g["keys"]):
                p[1] = True
                phits.append((g, p[0]))
                break
    preq = [g for g in pg if g["tier"] <= 2]
    inv = [(g, r) for g, r in phits if g.get("investment_yi") is not None]
    inv_ok = sum(1 for g, r in inv if _num(r["investment"]) is not None and _close(_num(r["investment"]), g["investment_yi"]))
    return Scores(
        recall_t1=sum(1 for a in t1 if a[4] is not None) / len(t1), recall_t12=recall_t12, precision=precision,
        f1=f1, year_acc=year_acc, month_acc=month_acc,
        project_recall=sum(1 for g, _ in phits if g["tier"] <= 2) / len(preq) if preq else float("nan"),
        project_precision=sum(1 for p in pp if p[1]) / max(1, len(pp)),
        misses=[(a[0]["article"][:3], a[0]["indicator"], a[1], a[2]) for a in req if a[4] is None],
        subject_acc=subject_ok / max(1, len(hits)),
        project_recall_t1=sum(1 for g, _ in phits if g["tier"] == 1) / max(1, sum(1 for g in pg if g["tier"] == 1)),
        project_investment_acc=inv_ok / max(1, len(inv)),
        project_region_acc=sum(1 for g, r in phits if _region_ok(r["region"], g["region"])) / max(1, len(phits)),
        extras=extras + [(p[0]["article"][:3], "project", p[0]["name"]) for p in pp if not p[1]])


# --- one gold record at a time (the rules of score() above, for table-driven tests of another gold set) ---

def load_jsonl(path: str | Path) -> list[dict]:
    return [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]


def gold_atoms(g: dict) -> list[tuple[str, float, str]]:
    """(kind, scaled number, base unit) of a gold fact: its value and its growth, as score() splits them."""
    out = []
    if g.get("value") is not None:
        f, base = _unit(g.get("unit"))
        out.append(("value", g["value"] * f, base))
    if g.get("yoy_pct") is not None:
        out.append(("yoy", float(g["yoy_pct"]), "%"))
    return out


def row_has_atom(r: dict, kind: str, n: float, base: str) -> bool:
    """The predicted row carries this number (after unit scaling) as a value or as a growth."""
    if kind == "yoy":
        y = _num(r.get("yoy_pct"))
        return y is not None and _close(y, n)
    v = _num(r.get("value"))
    if v is None:
        return False
    f, b = _unit(r.get("unit"))
    return _close(v * f, n) and (b == base or (b == "" and base == "count"))


def row_matches_atom(r: dict, g: dict, kind: str, n: float, base: str) -> bool:
    """score()'s match of one predicted row and one gold atom: article, number, region and indicator name."""
    return (r["article"] == g["article"] and row_has_atom(r, kind, n, base)
            and _region_ok(r.get("region"), g["region"]) and _indicator_ok(r.get("indicator"), r.get("subject"), g["aliases"]))


def period_ok(r: dict, g: dict) -> bool:
    """The row's year and last month are the gold fact's (where the gold states them)."""
    if g.get("year") and _num(r.get("year")) != g["year"]:
        return False
    return not g.get("month_to") or _num(r.get("month_to")) == g["month_to"]


def region_ok(pred, gold) -> bool:
    return _region_ok(pred, gold)


def indicator_ok(indicator, subject, aliases) -> bool:
    return _indicator_ok(indicator, subject, aliases)


def squash(s) -> str:
    return _sq(s)


def project_name_ok(name, keys) -> bool:
    """score()'s project match: a key inside the predicted name, or a name of 4+ characters inside a key."""
    n = _sq(name)
    return len(n) >= 2 and any(_sq(k) in n or (len(n) >= 4 and n in _sq(k)) for k in keys)


def investment_ok(r: dict, g: dict) -> bool:
    if g.get("investment_yi") is None:
        return True
    v = _num(r.get("investment"))
    return v is not None and _close(v, g["investment_yi"])
