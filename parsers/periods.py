"""Period expressions: 今年1月至6月, 上半年, 前三季度, 1至10月, 一季度, 全年, 2022年, 年末...

Rules are data (``data/periods.yaml``), tried most specific first.  Relative years
resolve against a reference year passed in (the article's publication year),
never the clock.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import get_lexicon
from .normalize import MAX_SENTENCE

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_YEAR_PREFIX = r"(?:(?P<y>(?:19|20)\d{{2}})年(?:度)?|(?P<rel>今年|去年|本年|当年|上年|前年|明年))?"
# what may stand between a clause's start and its period (matched in place: the text before a period is
# not copied and stripped for every period of a long clause)
_CLAUSE_LEAD = re.compile(r"\s*(?:在|于|从|自|截至|截止|到|而|但|其中|同时|目前|如今)?\s*\Z")


@dataclass(frozen=True, slots=True)
class Period:
    year: int | None = None
    month_from: int | None = None
    month_to: int | None = None
    kind: str = "none"          # range | year | year_end | ytd | none
    surface: str = ""

    @property
    def label(self) -> str:
        y = f"{self.year}年" if self.year else ""
        if self.kind == "year_end":
            return f"{self.year}年末" if self.year else "年末"
        if self.month_from and self.month_to:
            if (self.month_from, self.month_to) == (1, 12):
                return f"{y}全年" if y else "全年"
            if self.month_from == self.month_to:
                return f"{y}{self.month_to}月"
            return f"{y}{self.month_from}-{self.month_to}月"
        if self.kind == "ytd":
            return f"{y}以来" if y else "年初以来"
        return y


@dataclass(frozen=True, slots=True)
class PeriodMatch:
    start: int
    end: int
    rule: str
    bare_year: bool
    clause_initial: bool
    year: int | None
    rel: int | None          # relative year offset when stated relatively
    months: tuple[int | None, int | None]
    kind: str


def _month(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    return _CN_MONTH.get(s)


@lru_cache(maxsize=1)
def _compiled():
    lex = get_lexicon()
    out = []
    for rule in lex.period_rules:
        rx = rule["regex"].replace("{Y}", _YEAR_PREFIX).replace("{M}", MONTH)
        rx = rx.replace("{{", "{").replace("}}", "}")
        out.append((rule, re.compile(rx)))
    names = [r["name"] for r, _ in out]
    combined = re.compile("|".join(f"(?P<r{i}>{rx.pattern})".replace("(?P<y>", f"(?P<y{i}>")
                                   .replace("(?P<rel>", f"(?P<rel{i}>").replace("(?P<m1>", f"(?P<m1_{i}>")
                                   .replace("(?P<m2>", f"(?P<m2_{i}>") for i, (_, rx) in enumerate(out)))
    return out, names, combined


@lru_cache(maxsize=None)
def _rule_groups(i: int) -> tuple[str | None, ...]:
    """Names of rule i's year / relative year / month groups in the combined pattern (None: absent)."""
    index = _compiled()[2].groupindex
    return tuple(g if g in index else None for g in (f"y{i}", f"rel{i}", f"m1_{i}", f"m2_{i}"))


# Where a period expression can start: the full rule set is only tried at these positions.
_START = re.compile(r"(?:19|20)\d{2}年|今年|去年|本年|当年|上年|前年|明年|年|上半年|下半年|前|第|全年|"
                    r"[一二三四]季度|截[至止]|\d{1,2}(?:月|至|到|-|—|–|~|～)|[一二三四五六七八九十]{1,2}月")


# A sentence of the genre states a few periods (the seeds: at most 3).  Past MAX_PERIODS in one span the
# text is a list of dates, not prose: the rest of the span is not searched, which bounds the work per
# sentence however densely a text repeats 6月 or 2024年.
MAX_PERIODS = 16


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[PeriodMatch]:
    """The period expressions in text[start:end] (the first MAX_PERIODS), leftmost first, rules in data order."""
    rules, _, combined = _compiled()
    lex = get_lexicon()
    end = len(text) if end is None else end
    out = []
    pos = start
    while len(out) < MAX_PERIODS:
        sm = _START.search(text, pos, end)
        if not sm:
            break
        m = combined.match(text, sm.start(), end)
        if not m or m.end() == m.start():
            pos = sm.start() + 1
            continue
        pos = m.end()
        i = int(m.lastgroup[1:])
        rule = rules[i][0]
        y, rel, m1, m2 = (m.group(g) if g else None for g in _rule_groups(i))
        m1, m2 = _month(m1), _month(m2)
        spec = rule["months"]
        if spec == "range":
            months, kind = (m1, m2), "range"
            if m1 and m2 and m1 > m2:
                continue
        elif spec == "single":
            months, kind = (m1, m1), "range"
        elif spec == "ytd_to":
            months, kind = (1, m2), "range"
        elif spec == "year_end":
            months, kind = (12, 12), "year_end"
        elif spec == "none":
            months, kind = (None, None), ("ytd" if "以来" in m.group(0) or "至今" in m.group(0) else "year")
        else:
            months, kind = (spec[0], spec[1]), ("year" if tuple(spec) == (1, 12) else "range")
        out.append(PeriodMatch(m.start(), m.end(), rule["name"], bool(rule.get("bare_year")),
                               bool(rule.get("clause_initial")),
                               int(y) if y else None, lex.relative_years.get(rel) if rel else None,
                               months, kind))
    return out


def sets_period(text: str, pm: PeriodMatch, clause_start: int) -> bool:
    """Does this expression state the period of its clause (not a comparison, target or modifier)?"""
    lex = get_lexicon()
    before = text[max(clause_start, pm.start - 4):pm.start]
    for w in lex.not_a_period_before:
        if before.endswith(w):
            return False
    if pm.clause_initial:
        return bool(_CLAUSE_LEAD.match(text, clause_start, pm.start))
    if pm.bare_year:
        after = text[pm.end:pm.end + 1]
        return bool(_CLAUSE_LEAD.match(text, clause_start, pm.start)) or after in (",", "，", "的", "")
    return True


def resolve(pm: PeriodMatch, ref_year: int | None, current: Period) -> Period:
    if pm.year:
        year = pm.year
    elif pm.rel is not None:
        year = ref_year + pm.rel if ref_year else None
    else:
        year = current.year or ref_year
    m1, m2 = pm.months
    kind = pm.kind
    if pm.rule == "relative_year" and pm.rel not in (0, None):
        m1, m2, kind = 1, 12, "year"   # 去年 = last year as a whole
    return Period(year, m1, m2, kind, "")


def start_period(ref_year: int | None) -> Period:
    return Period(ref_year, None, None, "none" if ref_year is None else "year")


def infer_year(text: str) -> int | None:
    """The article's own year from clues in its text (None when it cannot be inferred)."""
    lex = get_lexicon()
    found = []
    for rx in lex.year_cues:
        for m in rx.finditer(text):
            if found and int(m.group("y")) <= max(found):
                continue                  # cannot change the answer: no need to read its clause
            # the cue's clause, looked for within MAX_SENTENCE characters (not back to the start of a
            # text without punctuation for every cue)
            lo, hi = max(0, m.start() - MAX_SENTENCE), min(len(text), m.end() + MAX_SENTENCE)
            cs = max(max(text.rfind(c, lo, m.start()) for c in ",，。;；\n"), lo - 1)
            ce_c = [text.find(c, m.end(), hi) for c in ",，。;；\n"]
            ce = min([c for c in ce_c if c >= 0], default=hi)
            clause = text[cs + 1:ce]
            if any(w in clause for w in lex.future_words):
                continue
            found.append(int(m.group("y")))
    return max(found) if found else None


__all__ = ["Period", "PeriodMatch", "find_periods", "sets_period", "resolve", "start_period", "infer_year"]
