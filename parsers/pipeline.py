"""The parsing pipeline: a readable sequence of small named steps.

    script (Traditional -> Simplified, offsets kept) -> normalize -> publication month (given, or a
      date line) -> reference year -> article region -> indicators (prose + tables) -> merge -> projects
      -> frames
"""
from __future__ import annotations

import re

from .dateline import published_month
from .extract import extract
from .model import Context, Obs, Parsed
from .normalize import Normalized, normalize, sentences
from .periods import infer_year, published_re, start_period
from .phrases import bound
from .projects import extract_projects
from .regions import RegionGuess, canonical_region, guess_region, known_zones, qualify
from .script import simplified, to_simplified

def reference_year(published: str | None, text: str) -> int | None:
    if published:
        m = published_re().match(str(published))
        if m:
            return int(m.group("y"))
    return infer_year(text)


# a line from its first non-blank character (blank lines are skipped by the search, not one by one)
_CONTENT_LINE = re.compile(r"\S[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*")


def title_end(text: str) -> int:
    """Where the title (the first line of four characters or more) ends in ``text``."""
    for m in _CONTENT_LINE.finditer(text):
        if len(m.group().rstrip()) >= 4:
            return m.end()
    return 0


def title_of(text: str) -> str:
    first = None
    for m in _CONTENT_LINE.finditer(text):
        t = m.group().rstrip()
        if first is None:
            first = t
        if len(t) >= 4 and not t.endswith("。"):
            return t[:80]
    return (first or "")[:80]


def qualify_regions(obs: list[Obs], own_region: str) -> list[Obs]:
    """A clause's place that several units share (朝阳区) becomes the one near the article's own region."""
    for ob in obs:
        if ob.region and ob.region != own_region:
            ob.region = qualify(ob.region, own_region)
    return obs


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
                prev.sent = ob.sent   # a row's sentence is its value's (the growth keeps its own span)
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


_WHITESPACE = re.compile(r"\s+")


def _sentence_text(norm: Normalized, s: int, e: int) -> str:
    """The sentence as the article writes it (its script), on one line."""
    return _WHITESPACE.sub(" ", norm.surface(s, e)).strip()


def _figure_spans(norm: Normalized, ob: Obs) -> tuple[int, int, int | None, int | None]:
    """(start, end) of the row's figure inside its sentence and (start, end) of the growth, in the
    original text.  The figure covers value and growth when both stand in the row's sentence; a
    growth stated in another sentence (merged by :func:`merge_observations`) has only its own span."""
    v, y = ob.value, ob.yoy
    s0, s1 = ob.sent
    parts = [x for x in (v, y) if x and s0 <= x.start and x.end <= s1] or [x for x in (v, y) if x]
    if len(parts) == 1:
        start, end = norm.span_to_orig(parts[0].start, parts[0].end)
    elif parts:
        a, b = parts
        start, end = norm.span_to_orig(min(a.start, b.start), max(a.end, b.end))
    else:
        start, end = norm.span_to_orig(ob.start, ob.end)
    y_start, y_end = norm.span_to_orig(y.start, y.end) if y else (None, None)
    return start, end, y_start, y_end


def indicator_rows(article: str, norm: Normalized, obs: list[Obs]) -> list[dict]:
    rows = []
    sentence: dict[tuple[int, int], tuple] = {}   # rows of one sentence share its text and span (built once)
    for ob in obs:
        got = sentence.get(ob.sent)
        if got is None:
            got = sentence[ob.sent] = (_sentence_text(norm, *ob.sent), *norm.span_to_orig(*ob.sent))
        text_of_sentence, ss, se = got
        v, y = ob.value, ob.yoy
        qualifier = (v.qualifier if v else "") or ob.qualifier or (y.qualifier if y else "")
        start, end, y_start, y_end = _figure_spans(norm, ob)
        rows.append({
            "article": article, "region": ob.region, "subject": ob.subject, "indicator": ob.indicator,
            "period": ob.period.label, "year": ob.period.year, "month_from": ob.period.month_from,
            "month_to": ob.period.month_to,
            "value": v.number if v else None, "unit": v.unit_text if v else "",
            "yoy_pct": y.value if y else None, "qualifier": qualifier,
            "value_base": v.number * v.factor if v else None, "unit_base": v.unit.base if v else "",
            "value_text": norm.surface_of(v.text, v.start) if v else "",
            "yoy_text": (norm.surface(y.verb_start, y.end) if y.verb_start >= 0 else norm.surface_of(y.text, y.start))
            if y else "",
            "sentence": text_of_sentence, "start": start, "end": end, "sent_start": ss, "sent_end": se,
            "yoy_start": y_start, "yoy_end": y_end,
        })
    return rows


def run(text: str, *, article: str, region: str | None = None, published: str | None = None) -> Parsed:
    text = text or ""
    conv = to_simplified(text)          # a Traditional article is read as Simplified; spans map back
    norm = normalize(conv.text).onto(conv)
    published = published or published_month(conv.text)   # a date line ("时间：2019-06-25") when none is given
    ref_year = reference_year(published, norm.text)
    given = canonical_region(simplified(region) if region else region)     # 梅縣區 typed -> 梅县区
    guess = RegionGuess(given) if given else guess_region(norm.text, title_end(norm.text))   # given: no guessing
    known = known_zones(norm.text)
    own_region = guess.name
    note = guess.note
    ctx = Context(own_region, ref_year, start_period(ref_year, published, norm.text), known)
    spans = list(sentences(norm.text))
    obs = extract(norm.text, ctx, spans)
    obs = qualify_regions(obs, own_region)
    obs = merge_observations(obs)
    indicators = indicator_rows(article, norm, obs)
    with bound():       # remembered phrases checked against the lexicon once, not on every look-up
        projects = extract_projects(article, norm, own_region, known, spans)
    pub = ""
    if published:
        m = published_re().match(str(published))
        if m:
            pub = f"{m.group('y')}-{int(m.group('m')):02d}" if m.group("m") else m.group("y")
    return Parsed(article=article, text=text, title=title_of(text), region=own_region, published=pub,
                  year=ref_year, indicator_records=indicators, project_records=projects, region_note=note,
                  region_candidates=guess.candidates, script=conv.script.name)
