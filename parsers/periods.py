"""Period expressions: 今年1月至6月, 上半年, 前三季度, 1至10月, 一季度, 全年, 2022年, 年末, 今年以来...

Rules are data (``data/periods.yaml``), tried most specific first; the gate that says where a period
can start is generated from those rules, so every rule is reachable.  Everything relative resolves
against the article's reference date (its publication month, given by the caller) and the article's
own period (read from its title, else the first sentence of its lead) -- never the clock.

How a period is recorded (the rules a careful annotator also applies):

* A flow (产值, 投资, 社零总额 ...) covers the months it was accumulated over: 1-7月 is 1..7,
  上半年 1..6, 一季度 1..3, 全年 and a year of a communiqué 1..12.
* A stock (a level at a point in time: 年末常住人口, 存款余额, 用户数 ...) stated at the end of the year
  is reported at month 12: 年末 / 年底 / 12月末 (and 截至年末 before a stock word) is
  ``month_from = month_to = 12`` with the label "2024年末".  6月末 before a stock word (6月末，全市贷款
  余额…) is 6..6.  截至M月底 is a running total through M, stock or flow: 1..M.
* Open periods (今年以来, 年初以来, 2024年以来, 5月以来, 入夏以来) end at the month of the article's own
  period (its title: "1-8月份全市经济运行简况" -> 8), else at the publication month; 今年以来 and
  年初以来 start at month 1.  An earlier year's 以来 (2021年以来) spans years: no months.
* 今年 / 本年 alone (and the current year named bare, "2024年，") keep the period in force for that
  year, else take the article's own period, else stay the year without months.  去年 / 上年 / 前年
  alone are that whole year.  本月 / 上月 are the publication month and the one before.
* Comparisons and targets never set the period: 比2019年1-9月, 与上年同期相比, 比一季度、上半年分别,
  较上年末, 比上月, 到2025年末, 年底前 (words before and after, in the data).
* A calendar date (8月15日) is an event, never the period of a statistic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from .lexicon import alternation, get_lexicon
from .normalize import MAX_SENTENCE, clauses
from .numbers import calendar_word, cn_numeral, cn_to_number, number_rules

_GROUPS = ("y", "rel", "m1", "m2", "q1", "q2")
HEAD_CHARS = 600        # the title and lead are read within the first HEAD_CHARS characters


@dataclass(frozen=True, slots=True)
class Reference:
    """What relative periods resolve against: the publication date and the article's own period."""
    year: int | None = None
    month: int | None = None          # publication month
    head: "Period | None" = None      # the period of the title (else of the lead)

    def end_month(self, year: int | None) -> int | None:
        """The last month an open period of ``year`` (今年以来) reaches, None when unknown."""
        h = self.head
        if h and h.year == year and h.month_to and not (
                (h.month_from, h.month_to) == (1, 12) and self.month and self.year == year):
            return h.month_to
        if self.month and self.year == year:
            return self.month
        return None


@dataclass(frozen=True, slots=True)
class Period:
    year: int | None = None
    month_from: int | None = None
    month_to: int | None = None
    kind: str = "none"          # range | year | year_end | ytd | none
    surface: str = ""
    ref: Reference | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        """2024年, 2024年7月, 2024年1-7月, 2024年全年, 2024年末, 2024年以来, 年初以来 (words: periods.yaml).
        Remembered per (year, months, kind) while the lexicon and number rules are the same objects."""
        lex, rules = get_lexicon(), number_rules()
        if _LABELS[0] is not lex or _LABELS[1] is not rules:
            _LABELS[:] = [lex, rules, {}]
        key = (self.year, self.month_from, self.month_to, self.kind)
        got = _LABELS[2].get(key)
        if got is None:
            got = _LABELS[2][key] = self._label(lex.period_data["labels"])
        return got

    def _label(self, words: dict) -> str:
        y = f"{self.year}{calendar_word('year')}" if self.year else ""
        if self.kind == "year_end":
            return (str(self.year) if self.year else "") + words["year_end"]
        if self.month_from and self.month_to:
            if (self.month_from, self.month_to) == (1, 12):
                return y + words["whole_year"]
            if self.month_from == self.month_to:
                return f"{y}{self.month_to}{calendar_word('month')}"
            return f"{y}{self.month_from}-{self.month_to}{calendar_word('month')}"
        if self.kind == "ytd":
            return y + words["since"] if y else words["since_year_start"]
        return y


_LABELS: list = [None, None, {}]      # the lexicon and number rules, and the labels made with them


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
    kind: str                # range | year | year_end | open | ref_month | rel_year (the last three resolved later)
    sets: bool = True        # False: a calendar date, never a statistic's period
    stock: bool = False      # a stock word follows in the clause (年末常住人口)
    offset: int = 0          # ref_month: months from the publication month


def _small_number(s: str | None) -> int | None:
    """A month or quarter number: '7', '07', '七', '十二', '两' -> int; None when absent or not a numeral."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    n = cn_to_number(s)
    return None if n is None else int(n)


@lru_cache(maxsize=1)
def month_pattern() -> str:
    """{M}: a month, 1-12 in digits or in Chinese numerals (一 … 十二, from number_rules.yaml)."""
    return "(?:1[0-2]|0?[1-9]|" + alternation(cn_numeral(n) for n in range(1, 13)) + ")"


def _year_prefix(relative_years) -> str:
    rel = "|".join(sorted(relative_years, key=len, reverse=True))
    return get_lexicon().period_data["year_prefix"].replace("{REL}", rel)


def rule_pattern(rule: dict) -> str:
    """A rule's regex with {Y} and {M} expanded."""
    rx = rule["regex"].replace("{Y}", _year_prefix(get_lexicon().relative_years)).replace("{M}", month_pattern())
    return rx.replace("{{", "{").replace("}}", "}")


@lru_cache(maxsize=1)
def _clause_lead_re() -> re.Pattern:
    """What may stand between a clause's start and its period (matched in place: the text before a period is
    not copied and stripped for every period of a long clause)."""
    return re.compile(r"\s*(?:" + alternation(get_lexicon().period_data["clause_lead_words"]) + r")?\s*\Z")


@lru_cache(maxsize=1)
def published_re() -> re.Pattern:
    """A publication date: "2024-08", "2024-08-15", "2024/8", "2024年8月" (groups y and m)."""
    return re.compile(r"^\s*(?P<y>(?:19|20)\d{2})(?:[-/." + re.escape(calendar_word("year")) + r"](?P<m>\d{1,2}))?")


@lru_cache(maxsize=1)
def _compiled():
    lex = get_lexicon()
    out = [(rule, re.compile(rule_pattern(rule))) for rule in lex.period_rules]
    names = [r["name"] for r, _ in out]
    alts = [re.sub(r"\(\?P<(\w+)>", lambda g, i=i: f"(?P<{g.group(1)}_{i}>", rx.pattern) for i, (_, rx) in enumerate(out)]
    combined = re.compile("|".join(f"(?P<r{i}>{a})" for i, a in enumerate(alts)))
    return out, names, combined, tuple(_rule_facts(i, rule, combined.groupindex) for i, (rule, _) in enumerate(out))


class _RuleFacts(NamedTuple):
    """What find_periods reads of rule i for each match, read from the rule once."""
    rule: dict
    name: str
    bare_year: bool
    clause_initial: bool
    sets: bool
    offset: int
    stock_point: bool
    groups: tuple[str, ...]     # the names of _GROUPS in the combined pattern, for one m.group() call


def _rule_facts(i: int, rule: dict, index) -> _RuleFacts:
    # a group the rule lacks is read as a group of the alternative before or after it (r{j}), which takes no
    # part in a match of this rule: None, as for a group of its own that did not match
    other = f"r{i + 1}" if f"r{i + 1}" in index else f"r{i - 1}"
    groups = tuple(f"{g}_{i}" if f"{g}_{i}" in index else other for g in _GROUPS)
    return _RuleFacts(rule, rule["name"], bool(rule.get("bare_year")), bool(rule.get("clause_initial")),
                      rule.get("sets", True), int(rule.get("offset", 0)), bool(rule.get("stock_point")), groups)


# ------------------------------------------------------------------ the gate, generated from the rules
GATE_WIDTH = 3      # the gate knows the first three characters of every period expression


def _item_prefixes(op, av, k: int) -> set[str] | None:
    """Prefixes (at most k characters) of what one parsed regex item matches; None: not understood."""
    from re import _constants as C  # noqa: N812 -- the regex parser's opcodes
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                chars.add(chr(iav))
            elif iop is C.RANGE:
                chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
            elif iop is C.CATEGORY and iav is C.CATEGORY_DIGIT:
                chars.update("0123456789")
            else:
                return None
        return chars
    if op is C.SUBPATTERN:
        return _prefixes(av[-1], k)
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            sub = _prefixes(alt, k)
            if sub is None:
                return None
            out |= sub
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, hi, body = av
        one = _prefixes(body, k)
        if one is None:
            return None
        out, layer = set(), {""}
        for n in range(min(hi, k + lo) + 1):
            if n >= lo:
                out |= layer
            layer = {p if len(p) == k else (p + q)[:k] for p in layer for q in one}
        return out
    if op is C.AT:
        return {""}
    return None


def _prefixes(items, k: int) -> set[str] | None:
    """Prefixes of at most k characters of a parsed regex sequence: a shorter one is a whole match."""
    out = {""}
    for op, av in items:
        nxt: set[str] = set()
        for p in out:
            if len(p) == k:
                nxt.add(p)
                continue
            sub = _item_prefixes(op, av, k - len(p))
            if sub is None:
                return None
            nxt |= {p + q for q in sub}
        out = nxt
    return out


@lru_cache(maxsize=1)
def gate() -> re.Pattern:
    """Where a period expression can start: the first GATE_WIDTH characters any rule can match,
    derived from the rules' regexes (a rule cannot be gated out; no hand-kept list to forget).
    A match is the first character only: its start is where to try the rules."""
    from re import _parser
    prefixes: set[str] = set()
    for _, rx in _compiled()[0]:
        got = _prefixes(_parser.parse(rx.pattern), GATE_WIDTH)
        if got is None or "" in got:
            return re.compile(r"(?s:.)")          # a construct the analysis does not know: no gate
        prefixes |= got
    # The search skips to a possible first character (a leading character class is what the regex engine
    # scans for quickly) and only there checks the trie, looking back over that one character.
    first = "[" + "".join(re.escape(c) for c in sorted({p[0] for p in prefixes})) + "]"
    return re.compile(first + "(?<=(?=" + _trie_pattern(prefixes) + ").)")


def _trie_pattern(strings: set[str]) -> str:
    """A regex matching any of ``strings``, as a character trie (one branch per first character)."""
    if "" in strings:
        return ""
    by_first: dict[str, set[str]] = {}
    for s in strings:
        by_first.setdefault(s[0], set()).add(s[1:])
    tails = {c: _trie_pattern(rest) for c, rest in by_first.items()}
    singles = sorted(c for c, t in tails.items() if t == "")
    alts = ["[" + "".join(re.escape(c) for c in singles) + "]"] if singles else []
    # first characters with the same tail share one branch: [12](?:...)
    same: dict[str, list[str]] = {}
    for c, t in tails.items():
        if t:
            same.setdefault(t, []).append(c)
    for t, cs in sorted(same.items(), key=lambda kv: sorted(kv[1])):
        head = re.escape(cs[0]) if len(cs) == 1 else "[" + "".join(re.escape(c) for c in sorted(cs)) + "]"
        alts.append(head + (t if t.startswith("[") and t.endswith("]") else f"(?:{t})"))
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


# A sentence of the genre states a few periods (the seeds: at most 3).  Past MAX_PERIODS in one span the
# text is a list of dates, not prose: the rest of the span is not searched, which bounds the work per
# sentence however densely a text repeats 6月 or 2024年.
MAX_PERIODS = 16
_CLAUSE_END = re.compile(r"[,;:，；：。！？!?\n]")


def _stock_follows(text: str, pos: int, end: int) -> bool:
    """Does a stock word (余额, 人口 ...) follow in the clause (within stock_window characters)?  A period
    standing alone in its clause ("6月末，全市贷款余额…") is read with the clause after it."""
    data = get_lexicon().period_data
    if text[pos:pos + 1] in (",", "，"):
        pos += 1
    hi = min(end, pos + int(data["stock_window"]))
    stop = _CLAUSE_END.search(text, pos, hi)
    window = text[pos:stop.start() if stop else hi]
    return any(w in window for w in data["stock_words"])


def _months_of(rule: dict, m1: int | None, m2: int | None, q: tuple, stock: bool):
    """(months, kind) a rule's match stands for, None when it cannot be a period (7-3月)."""
    spec = rule["months"]
    if spec == "range":
        return ((m1, m2), "range") if not (m1 and m2 and m1 > m2) else None
    if spec == "single":
        return (m1, m1), "range"
    if spec == "quarters":
        q1, q2 = (_small_number(x) for x in q)
        return ((3 * q1 - 2, 3 * q2), "range") if q1 and q2 and q1 <= q2 else None
    if spec == "ytd_to":
        return ((m2, m2) if stock else (1, m2)), ("year_end" if stock and m2 == 12 else "range")
    if spec == "year_end":
        return (12, 12), "year_end"
    if spec == "open":
        return (rule.get("from", m1), None), "open"
    if spec == "ref_month":
        return (None, None), "ref_month"
    if spec == "year":
        return (None, None), "rel_year"
    a, b = spec
    if stock and rule.get("stock_point"):
        return (b, b), ("year_end" if b == 12 else "range")
    return (a, b), ("year" if (a, b) == (1, 12) else "range")


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[PeriodMatch]:
    """The period expressions in text[start:end] (the first MAX_PERIODS), leftmost first, rules in data order."""
    end = len(text) if end is None else end
    starts = gate()
    sm = starts.search(text, start, end)
    if not sm:
        return []                   # most sentences name no period: one search says so
    rules, _, combined, facts = _compiled()
    relative_years = get_lexicon().relative_years
    out = []
    pos = start
    while len(out) < MAX_PERIODS:
        if sm is None:              # the first start is the gate's own match
            sm = starts.search(text, pos, end)
            if not sm:
                break
        at, sm = sm.start(), None
        m = combined.match(text, at, end)
        if not m or m.end() == at:
            pos = at + 1
            continue
        pos = m.end()
        f = facts[int(m.lastgroup[1:])]
        y, rel, m1, m2, q1, q2 = m.group(*f.groups)
        stock = f.stock_point and _stock_follows(text, pos, end)
        got = _months_of(f.rule, _small_number(m1), _small_number(m2), (q1, q2), stock)
        if got is None:
            continue
        months, kind = got
        out.append(PeriodMatch(at, pos, f.name, f.bare_year, f.clause_initial, int(y) if y else None,
                               relative_years.get(rel) if rel else None, months, kind, f.sets, stock, f.offset))
    return out


# ------------------------------------------------------------------ does it state the clause's period?
def _previous_period(text: str, end: int, clause_start: int) -> PeriodMatch | None:
    """The period expression ending right at ``end`` in its clause (比一季度、上半年: 一季度)."""
    lo = max(clause_start, end - 24)
    found = [pm for pm in find_periods(text, lo, end) if pm.end == end]
    return found[-1] if found else None


class _ComparisonWords(NamedTuple):
    before: tuple[str, ...]         # not_a_period_before
    after: tuple[str, ...]          # not_a_period_after
    list_joiners: tuple[str, ...]   # period_list_joiners, longest first


@lru_cache(maxsize=1)
def _comparison_words(lex) -> _ComparisonWords:
    """The words of is_comparison as tuples, built once per lexicon (str.endswith takes a tuple)."""
    data = lex.period_data
    return _ComparisonWords(tuple(lex.not_a_period_before), tuple(data["not_a_period_after"]),
                            tuple(sorted(data["period_list_joiners"], key=len, reverse=True)))


def is_comparison(text: str, pm: PeriodMatch, clause_start: int, depth: int = 0) -> bool:
    """A period named as a comparison base or a target: 比一季度, 与上年同期相比, 到2025年末, 年底前;
    also each period listed after one (比一季度、上半年分别提高)."""
    words = _comparison_words(get_lexicon())
    before = text[max(clause_start, pm.start - 4):pm.start]
    if before.endswith(words.before):
        return True
    if text.startswith(words.after, pm.end):
        return True
    if depth < 4 and before.endswith(words.list_joiners):
        for j in words.list_joiners:
            if before.endswith(j):
                prev = _previous_period(text, pm.start - len(j), clause_start)
                return prev is not None and is_comparison(text, prev, clause_start, depth + 1)
    return False


def sets_period(text: str, pm: PeriodMatch, clause_start: int) -> bool:
    """Does this expression state the period of its clause (not a comparison, target, date or modifier)?"""
    if not pm.sets or is_comparison(text, pm, clause_start):
        return False
    at_head = bool(_clause_lead_re().match(text, clause_start, pm.start))
    if pm.clause_initial:
        return at_head or pm.stock
    if pm.bare_year:
        after = text[pm.end:pm.end + 1]
        return at_head or not after or after in get_lexicon().period_data["bare_year_followers"]
    return True


# ------------------------------------------------------------------ resolution
def _open_months(year: int | None, start: int | None, ref: Reference | None) -> tuple[int | None, int | None]:
    """今年以来 / 5月以来: from ``start`` to the article's end month (None, None when unknown or empty)."""
    end = ref.end_month(year) if ref else None
    if start and end and start <= end:
        return start, end
    return None, None


def _current_year_period(year: int | None, current: Period, ref: Reference | None) -> Period | None:
    """今年 (or the current year named bare): this year so far -- the year-to-date period in force
    (1-7月, 上半年), else the article's own one; None when neither is known (今年6月 is an event's month,
    not the year so far)."""
    for p in (current, ref.head if ref else None):
        if p is not None and p.year == year and p.month_from == 1 and p.month_to and p.kind != "year_end":
            return replace(p, ref=ref)
    return None


def resolve(pm: PeriodMatch, ref_year: int | None, current: Period) -> Period:
    """The period a match states, in the article's frame (``current`` carries the article's reference)."""
    ref = current.ref
    if pm.year:
        year = pm.year
    elif pm.rel is not None:
        year = ref_year + pm.rel if ref_year else None
    else:
        year = current.year or ref_year
    (m1, m2), kind = pm.months, pm.kind
    if kind == "rel_year":                   # 今年 / 去年 alone
        if pm.rel:
            return Period(year, 1, 12, "year", ref=ref)
        return _current_year_period(year, current, ref) or Period(year, None, None, "year", ref=ref)
    if kind == "open":
        m1, m2 = _open_months(year, m1, ref)
        return Period(year, m1, m2, "range" if m1 else "ytd", ref=ref)
    if kind == "ref_month":
        if not (ref and ref.month and ref.year):
            return current
        month, year = ref.month + pm.offset, ref.year
        if month < 1:
            month, year = month + 12, year - 1
        return Period(year, month, month, "range", ref=ref)
    if pm.rule == "explicit_year" and year == ref_year and ref and ref.month != 12:
        kept = _current_year_period(year, current, ref)
        if kept is not None and (kept.month_from, kept.month_to) != (1, 12):
            return kept
    return Period(year, m1, m2, kind, ref=ref)


# ------------------------------------------------------------------ the article's frame
def published_month(published: str | None) -> tuple[int | None, int | None]:
    """(year, month) of a publication date "2024-08", "2024-08-15", "2024年8月" (None where absent)."""
    m = published_re().match(str(published)) if published else None
    if not m:
        return None, None
    month = int(m.group("m")) if m.group("m") else None
    return int(m.group("y")), (month if month and 1 <= month <= 12 else None)


def _head_segments(text: str):
    """The title and the lead's first sentence: the first head_lines non-blank lines of the head,
    date lines (来源：…, 时间：…) skipped, each up to its first full stop."""
    data = get_lexicon().period_data
    label = re.compile(data["head_label"])
    lines = [ln.strip() for ln in text[:HEAD_CHARS].splitlines() if ln.strip()][:int(data["head_lines"])]
    for ln in lines:
        if label.match(ln):
            continue
        yield re.split(r"[。！？!?]", ln, maxsplit=1)[0]


def head_period(text: str, ref: Reference) -> Period | None:
    """The article's own period: the first period its title states, else its lead's first sentence.
    A year named anywhere in the title is the article's year ("XX区2023年经济运行分析"); a lead's bare
    year is not (2024年的"进度条"已然过半)."""
    for k, seg in enumerate(_head_segments(text)):
        current = Period(ref.year, None, None, "year", ref=ref)
        for cs, ce in clauses(seg, 0, len(seg)):
            for pm in find_periods(seg, cs, ce):
                if pm.bare_year and k > 0:
                    continue          # a lead's "2024年的进度条" is no period of the article
                title_year = pm.bare_year and pm.sets and not is_comparison(seg, pm, cs)
                if not (title_year or sets_period(seg, pm, cs)):
                    continue
                p = resolve(pm, ref.year, current)
                if p.year and p.month_from and p.month_to:
                    return p
    return None


def start_period(ref_year: int | None, published: str | None = None, text: str = "") -> Period:
    """The period in force before the body states one: the article's own period (title, lead), else its
    reference year without months.  ``published`` gives the month open periods (今年以来) end at."""
    pub_year, month = published_month(published)
    ref = Reference(ref_year, month if pub_year == ref_year else None)
    head = head_period(text[:MAX_SENTENCE], ref) if text else None
    ref = replace(ref, head=head)
    if head is not None:
        return replace(head, ref=ref)
    return Period(ref_year, None, None, "none" if ref_year is None else "year", ref=ref)


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


__all__ = ["Period", "PeriodMatch", "Reference", "find_periods", "sets_period", "is_comparison", "resolve",
           "start_period", "head_period", "published_month", "infer_year", "gate", "rule_pattern"]
