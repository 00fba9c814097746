"""The parsing pipeline: a readable sequence of small named steps.

    normalize -> reference year -> article region -> indicators (prose + tables) -> merge -> projects -> frames
"""
from __future__ import annotations

import re

from .api import Parsed
from .extract import Context, Obs, extract
from .normalize import Normalized, normalize, sentences
from .periods import infer_year, start_period
from .projects import extract_projects
from .regions import region_counts

_PUBLISHED = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})(?:[-/.年](?P<m>\d{1,2})月?)?")


def reference_year(published: str | None, text: str) -> int | None:
    if published:
        m = _PUBLISHED.match(str(published))
        if m:
            return int(m.group("y"))
    return infer_year(text)


def title_of(text: str) -> str:
    for line in text.splitlines():
        t = line.strip()
        if len(t) >= 4 and not t.endswith("。"):
            return t[:80]
    return next((ln.strip()[:80] for ln in text.splitlines() if ln.strip()), "")


def merge_observations(obs: list[Obs]) -> list[Obs]:
    """A value and its growth stated apart for the same indicator and period become one row."""
    out: list[Obs] = []
    index: dict[tuple, Obs] = {}
    for ob in obs:
        key = (ob.region, ob.subject, ob.indicator, ob.period.year, ob.period.month_from, ob.period.month_to)
        prev = index.get(key)
        if prev is not None:
            if prev.value is None and ob.value is not None and ob.yoy is None:
                prev.value = ob.value
                continue
            if prev.yoy is None and ob.yoy is not None and ob.value is None:
                prev.yoy = ob.yoy
                continue
            if (prev.value and ob.value and prev.value.value == ob.value.value and prev.value.unit_text ==
                    ob.value.unit_text and (ob.yoy is None or (prev.yoy and prev.yoy.value == ob.yoy.value))):
                continue
        index[key] = ob
        out.append(ob)
    return out


def _sentence_text(text: str, s: int, e: int) -> str:
    return re.sub(r"\s+", " ", text[s:e]).strip()


def indicator_rows(article: str, norm: Normalized, obs: list[Obs]) -> list[dict]:
    rows = []
    t = norm.text
    for ob in obs:
        v, y = ob.value, ob.yoy
        qualifier = (v.qualifier if v else "") or ob.qualifier or (y.qualifier if y else "")
        start, end = norm.span_to_orig(min(x.start for x in (v, y) if x) if (v or y) else ob.start,
                                       max(x.end for x in (v, y) if x) if (v or y) else ob.end)
        ss, se = norm.span_to_orig(*ob.sent)
        rows.append({
            "article": article, "region": ob.region, "subject": ob.subject, "indicator": ob.indicator,
            "period": ob.period.label, "year": ob.period.year, "month_from": ob.period.month_from,
            "month_to": ob.period.month_to,
            "value": v.number if v else None, "unit": v.unit_text if v else "",
            "yoy_pct": y.value if y else None, "qualifier": qualifier,
            "value_base": v.number * v.factor if v else None, "unit_base": v.unit.base if v else "",
            "value_text": v.text if v else "", "yoy_text": t[y.verb_start:y.end] if y and y.verb_start >= 0 else (y.text if y else ""),
            "sentence": _sentence_text(t, *ob.sent), "start": start, "end": end, "sent_start": ss, "sent_end": se,
        })
    return rows


def run(text: str, *, article: str, region: str | None = None, published: str | None = None) -> Parsed:
    text = text or ""
    norm = normalize(text)
    ref_year = reference_year(published, norm.text)
    inferred, known = region_counts(norm.text)
    own_region = (region or "").strip() or inferred
    ctx = Context(own_region, ref_year, start_period(ref_year), known)
    spans = list(sentences(norm.text))
    obs = extract(norm.text, ctx, spans)
    obs = merge_observations(obs)
    indicators = indicator_rows(article, norm, obs)
    projects = extract_projects(article, norm, own_region, known, spans)
    pub = ""
    if published:
        m = _PUBLISHED.match(str(published))
        if m:
            pub = f"{m.group('y')}-{int(m.group('m')):02d}" if m.group("m") else m.group("y")
    return Parsed(article=article, text=text, title=title_of(text), region=own_region, published=pub,
                  year=ref_year, indicator_records=indicators, project_records=projects)
