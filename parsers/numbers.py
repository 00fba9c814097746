"""Step 2: numbers and quantities, a step of their own that values and growth reuse.

``find_quantities(text, start, end)`` yields every number that carries a unit
(2.95亿元, 5.7万头, 300余台, 31.9%, 11个百分点, 7万人(次)...) with its surface
span, scale, unit and bound qualifier (超/近/余/多/约/以上...).  Chinese numerals
are converted only as isolated spans (never whole sentences).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import is_
from typing import NamedTuple

from .lexicon import Unit, alternation, get_lexicon, read_yaml

# A Chinese numeral is short: 九千九百九十九 (7), 二〇二四 (4); 万/亿 are scales of their own.  A longer
# run of numeral characters is not a figure, and the bound keeps the quantity search linear on such
# runs (an unbounded run is rescanned from every position where a match may start).
MAX_CN_NUMERAL = 12
# The unit of an index level (居民消费价格指数为101.3): none, kept as "" with kind "index".
INDEX_UNIT = Unit("", "", 1.0, "index", True)


@lru_cache(maxsize=1)
def number_rules() -> dict:
    """The vocabulary of this module (``data/number_rules.yaml``)."""
    return read_yaml("number_rules.yaml")


def _chars(words) -> str:
    """A regex character class body of single characters."""
    return "".join(re.escape(c) for c in sorted(set(words)))


def _cn_digits() -> dict[str, int]:
    return number_rules()["numeral_digits"]


def _cn_multipliers() -> dict[str, int]:
    return number_rules()["numeral_multipliers"]


def calendar_word(kind: str) -> str:
    """The word after a year ("year") or a month ("month") number: 2024年, 7月."""
    return number_rules()["calendar_words"][kind]


def cn_numeral(n: int) -> str:
    """The usual spelling of 1 <= n <= 99 in Chinese numerals: 7 -> 七, 10 -> 十, 12 -> 十二, 25 -> 二十五
    (the first digit of numeral_digits with each value, the multiplier of 10)."""
    assert 1 <= n <= 99, n
    digit = {}
    for c, v in _cn_digits().items():
        digit.setdefault(v, c)
    ten = next(c for c, v in _cn_multipliers().items() if v == 10)
    tens, ones = divmod(n, 10)
    if not tens:
        return digit[ones]
    return (digit[tens] if tens > 1 else "") + ten + (digit[ones] if ones else "")


def cn_to_number(s: str) -> float | None:
    """Convert an isolated Chinese numeral (十二, 二十三, 一百零五, 三点五) to a number."""
    if not s:
        return None
    digits, mults, point = _cn_digits(), _cn_multipliers(), number_rules()["numeral_point"]
    if point in s:
        ip, fp = s.split(point, 1)
        i = cn_to_number(ip) if ip else 0
        if i is None or not fp or any(c not in digits for c in fp):
            return None
        return float(f"{int(i)}." + "".join(str(digits[c]) for c in fp))
    if all(c in digits for c in s) and len(s) > 1:      # 二〇二四 style
        return float("".join(str(digits[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in digits:
            digit = digits[c]
        elif c in mults:
            total += (1 if digit is None else digit) * mults[c]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return float(total)


def parse_number(s: str) -> float | None:
    s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return cn_to_number(s)


@dataclass(slots=True)      # many per article: slots make them cheaper to build
class Quantity:
    start: int            # span of the whole quantity (number..unit..post-qualifier) in the clean text
    end: int
    num_start: int
    number: float
    text: str             # surface text
    scale: str            # 万, 亿, ... or ""
    unit: Unit
    qualifier: str = ""
    bound: str = ""
    kind: str = "value"   # value | yoy | pp | skip
    sign: int = 1
    verb_start: int = -1  # start of the growth verb for yoy quantities

    @property
    def unit_text(self) -> str:
        return f"{self.scale}{self.unit.base}"

    @property
    def value(self) -> float:
        return self.number * self.sign

    @property
    def factor(self) -> float:
        return get_lexicon().scales.get(self.scale, 1.0) * self.unit.factor


@lru_cache(maxsize=1)
def cn_numeral_class() -> str:
    """A regex character class of the characters of Chinese numerals ([零〇一二…十百千])."""
    return "[" + _chars([*_cn_digits(), *_cn_multipliers()]) + "]"


@lru_cache(maxsize=1)
def may_hold_figure_re() -> re.Pattern:
    """The cheap gate of a sentence's figure search: a digit or a numeral multiplier (十/百/千)."""
    return re.compile(r"[\d" + _chars(_cn_multipliers()) + "]")


@lru_cache(maxsize=1)
def number_pattern() -> str:
    """A number: 1,234.5 | 12.5 | 三百二十 | 三点五 (a Chinese numeral is at most MAX_CN_NUMERAL long)."""
    r = number_rules()
    cn = cn_numeral_class()
    frac = "[" + _chars(_cn_digits()) + "]"
    return (r"(?P<num>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + cn + "{1,%d}" % MAX_CN_NUMERAL
            + "(?:" + re.escape(r["numeral_point"]) + frac + "{1,%d})?)" % MAX_CN_NUMERAL)


@lru_cache(maxsize=1)
def quantity_re() -> re.Pattern:
    lex, r = get_lexicon(), number_rules()
    inner = alternation(r["inner_qualifiers"])
    post = r"(?P<post1>" + inner + r")?"
    scale = r"(?P<scale>" + alternation(lex.scales) + r")?"
    post2 = r"(?P<post2>" + inner + r")?"
    unit = r"(?P<unit>" + alternation(lex.units) + r")"
    # a rate unit: 吨标准煤/万元, 万元/人, 元/平方米 (the denominator is any scale+unit of the lexicon)
    per = r"(?P<per>/(?:" + alternation(lex.scales) + r")?(?:" + alternation(lex.units) + r"))?"
    post3 = r"(?P<post3>" + alternation(lex.qualifiers_post) + r")?"
    # what may follow a number (余/多, a scale, a unit), checked before the alternations are tried:
    # long digit or numeral runs are then rejected at a glance rather than unit by unit
    nxt = "(?=[" + _chars({*(w[0] for w in r["inner_qualifiers"]), *(w[0] for w in (*lex.scales, *lex.units))}) + "])"
    return re.compile(_anchored_number(r["not_before_number"]) + nxt + post + scale + post2 + unit + per + post3)


def _anchored_number(not_before) -> str:
    """number_pattern() as the regex engine scans it fastest: it starts with a character class (a
    character that can begin a number, which the engine skips to without trying the pattern at every
    position).  Only past that character are the look-behinds checked: no number continues a digit run,
    a code or an ordinal, and the branch of number_pattern() that the first character can begin is
    taken (the same matches, tried in the same order)."""
    r = number_rules()
    digit, cn = "[" + _chars("0123456789") + "]", cn_numeral_class()
    frac = "[" + _chars(_cn_digits()) + "]"
    first = "[" + _chars("0123456789") + _chars([*_cn_digits(), *_cn_multipliers()]) + "]"
    behind = r"(?<![\dA-Za-z." + _chars(not_before) + "]" + first + ")"
    digits = r"(?<=" + digit + r")(?:\d*(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
    # a Chinese numeral starts where its run starts: inside a run of numeral characters no number begins
    # (a run is not retried at each of its characters, so long runs stay cheap)
    numeral = ("(?<=" + cn + ")(?<!" + cn + cn + ")" + cn + "{0,%d}" % (MAX_CN_NUMERAL - 1) + "(?:" + re.escape(r["numeral_point"])
               + frac + "{1,%d})?" % MAX_CN_NUMERAL)
    return "(?P<num>" + first + behind + "(?:" + digits + "|" + numeral + "))"


@lru_cache(maxsize=1)
def index_re() -> re.Pattern:
    """An index level without a unit: 价格指数为101.3, 总指数(上年=100)为100.4, 采购经理指数(PMI)50.2."""
    r = number_rules()
    return re.compile("(?:" + alternation(r["index_words"]) + r")(?:[(（][^()（）]{1,12}[)）])?(?:"
                      + alternation(r["index_links"]) + r")?(?P<num>\d+(?:\.\d+)?)(?![\d.%‰])")


@lru_cache(maxsize=1)
def _rules_re() -> dict[str, re.Pattern]:
    """The context tests of find_quantities, built from number_rules.yaml."""
    r = number_rules()
    quals = alternation(get_lexicon().qualifiers_pre)
    markers = "(?:" + alternation(r["comparison_markers"]) + ")"
    year_base = "(?:" + alternation(r["year_base_markers"]) + r")(?:19|20)\d{2}" + re.escape(calendar_word("year"))
    return {
        "paren_compare": re.compile(r"[(（](?:" + alternation(r["paren_comparison_heads"]) + r")[^()（）]{0,6}$"),
        "list_join": re.compile("^(?:" + alternation(r["list_joins"]) + ")-?$"),     # 和-3.8%: a signed item
        "not_yoy": re.compile(markers + "(?:" + alternation(r["not_yoy_bases"]) + ")|"
                              + alternation(r["not_yoy_words"])),
        "year_base": re.compile(year_base + r"(?![^，。；,;]*[，,])|" + year_base + r"[^。；;]{0,10}(?:"
                                + alternation(r["year_base_closers"]) + ")"),
        "change": re.compile(
            "(?:" + markers + "(?:" + alternation(r["change_bases"]) + ")(?:" + alternation(r["change_base_suffixes"])
            + ")?(?:" + alternation(r["change_verbs"]) + ")|(?:" + alternation(r["bare_change_verbs"]) + "))"
            + "(?:" + alternation(r["verb_particles"]) + ")?(?:" + quals + ")?$"),
        "threshold": re.compile("(?:" + alternation(r["threshold_next"]) + ")"),
        "cn_multiplier": re.compile("[" + _chars(_cn_multipliers()) + "]"),
        # the last character of any text "change" matches ("$" also matches before a final newline)
        "change_final": _final_chars(r["change_verbs"], r["bare_change_verbs"], r["verb_particles"],
                                     get_lexicon().qualifiers_pre),
    }


def _final_chars(*word_lists) -> frozenset[str]:
    """The characters a match of ``(?:words…)…$`` can end on: a word's last character, or the newline
    before which "$" also matches.  A window ending on none of them cannot match (the cheap gate of
    the look-backs of _unit_quantities)."""
    return frozenset({"\n", *(w[-1] for words in word_lists for w in words if w)})


_FINALS: dict[str, tuple] = {}      # name -> (the regex, its final characters), rebuilt with the regex


def _finals_of(name: str, rx: re.Pattern, *word_lists) -> frozenset[str]:
    """_final_chars of the words ``rx`` was built from, remembered while rx is the same object."""
    got = _FINALS.get(name)
    if got is None or got[0] is not rx:
        got = _FINALS[name] = (rx, _final_chars(*word_lists))
    return got[1]


@lru_cache(maxsize=1)
def _rule_sets() -> dict[str, frozenset[str]]:
    r = number_rules()
    return {k: frozenset(r[k]) for k in ("after_growth_ok", "date_after_digits", "closing_quotes", "size_class_after",
                                          "threshold_qualifiers")}


@lru_cache(maxsize=256)
def rate_unit(unit: Unit, per: str) -> Unit:
    """吨标准煤 + /万元 -> the rate unit 吨标准煤/万元 (the scale before the numerator stays the figure's)."""
    return Unit(unit.surface + per, unit.base + per, unit.factor, "rate", unit.extract)


# A sentence of the genre carries a few figures (the seeds: at most 6; a dense communiqué sentence one or two
# dozen).  A span with more than MAX_FIGURES is a list of numbers, not prose: only its first MAX_FIGURES
# are read, which bounds the work per sentence however densely a text repeats "5%" or "5个".
MAX_FIGURES = 32


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Numbers with a unit in text[start:end] (the first MAX_FIGURES), leftmost first; index levels
    (指数为101.3) count as quantities with the unit "" (INDEX_UNIT), flat growth (与上年持平) as a
    growth rate of 0."""
    end = len(text) if end is None else end
    ctx = _context()
    out = _unit_quantities(text, start, end, ctx)
    for word in ctx.unitless_words:
        if text.find(word, start, end) != -1:
            break
    else:
        return out                        # no index or flat word: neither kind of unitless figure
    more = _index_quantities(text, start, end, {q.num_start for q in out}) + _flat_quantities(text, start, end)
    if more:
        out = sorted(out + more, key=lambda q: q.start)[:MAX_FIGURES]
    return out


def _unitless_words() -> tuple[str, ...]:
    """Any index word or flat word: every index level and flat growth holds one (the cheap gate of
    find_quantities, read with index_re and flat_re in _context)."""
    r = number_rules()
    return tuple(dict.fromkeys([*r["index_words"], *r["flat_words"]]))


def _index_quantities(text: str, start: int, end: int, taken: set[int]) -> list[Quantity]:
    out = []
    for m in index_re().finditer(text, start, end):
        s = m.start("num")
        if s in taken:
            continue                      # 指数为101.3点: the unit regex already has it
        out.append(Quantity(s, m.end(), s, float(m.group("num")), m.group("num"), "", INDEX_UNIT))
    return out


class _Context(NamedTuple):
    """What find_quantities reads at every call, gathered once (rebuilt when a regex it holds is)."""
    built_from: tuple               # the lexicon and regexes it was built from
    quantity: re.Pattern
    unitless_words: tuple[str, ...]     # the index and flat words (str.find scans faster than a regex search)
    units: dict
    quals_post: dict
    quals_pre: dict
    pre_qualifier: re.Pattern
    pre_finals: frozenset
    change: re.Pattern
    change_finals: frozenset
    cn_multiplier: re.Pattern
    threshold: re.Pattern
    threshold_qualifiers: frozenset
    date_after: frozenset
    closing: frozenset
    size_class: frozenset
    growth: re.Pattern
    growth_finals: frozenset
    growth_verbs: dict
    not_yoy: re.Pattern
    year_base: re.Pattern
    year_base_window: int
    after_growth_ok: frozenset
    list_join: re.Pattern
    paren_compare: re.Pattern


_CONTEXT: list = [None]


def _context() -> _Context:
    """The _Context of the current lexicon and number rules (their caches are the ones tests clear)."""
    key = (get_lexicon(), quantity_re(), _rules_re(), index_re(), flat_re(), _growth_re())
    ctx = _CONTEXT[0]
    if ctx is None or not all(map(is_, ctx.built_from, key)):     # the very same objects, not equal ones
        lex, rx, sets, pre = key[0], key[2], _rule_sets(), _pre_qualifier_re()
        ctx = _CONTEXT[0] = _Context(
            key, key[1], _unitless_words(), lex.units, lex.qualifiers_post, lex.qualifiers_pre, pre,
            _finals_of("pre_qualifier", pre, lex.qualifiers_pre), rx["change"], rx["change_final"],
            rx["cn_multiplier"], rx["threshold"], sets["threshold_qualifiers"], sets["date_after_digits"],
            sets["closing_quotes"], sets["size_class_after"], key[5], _growth_finals(), lex.growth_verbs,
            rx["not_yoy"], rx["year_base"], number_rules()["year_base_window"], sets["after_growth_ok"],
            rx["list_join"], rx["paren_compare"])
    return ctx


def _unit_quantities(text: str, start: int, end: int, ctx: _Context | None = None) -> list[Quantity]:
    c = ctx or _context()
    out: list[Quantity] = []
    date_after, closing, size_class, units = c.date_after, c.closing, c.size_class, c.units
    pre_finals, change_finals, quals_post = c.pre_finals, c.change_finals, c.quals_post
    for m in c.quantity.finditer(text, start, end):
        if len(out) == MAX_FIGURES:
            break
        raw, post1, scale, post2, unit_word, per, p3 = m.groups()     # num, post1, scale, post2, unit, per, post3
        ms, me = m.span()
        if raw[0].isdigit():
            ne = ms + len(raw)
            if text[ne:ne + 1] in date_after:     # the number starts the match
                continue
            try:
                n = float(raw)            # parse_number without its comma and Chinese-numeral steps
            except ValueError:
                n = parse_number(raw)
                if n is None:
                    continue
        else:
            if not scale and (len(raw) < 2 or not c.cn_multiplier.search(raw)):
                continue                  # 两个开发区, 一批, 唯一一家: words, not figures
            n = parse_number(raw)
            if n is None:
                continue
        after = text[me:me + 1]
        if after in closing:
            continue                      # “星光20条”: part of a quoted name
        unit = units[unit_word]
        if per:
            unit = rate_unit(unit, per)
        # the fields of the Quantity, set in full before it is built (one constructor call)
        qualifier = bound = ""
        lo = max(start, ms - 10)
        kind = ("skip" if text.find("(", lo, ms) >= 0 and c.paren_compare.search(text, lo, ms)   # (全市7.1%)
                else "value")
        post = post1 or post2
        if post:
            qualifier, bound = quals_post[post]
        if p3:
            if p3 in c.threshold_qualifiers and c.threshold.match(text[me:me + 3]):
                kind = "skip"             # 5000万元以上项目: a threshold inside a name
            qualifier, bound = quals_post[p3]
        if after in size_class:
            kind = "skip"                 # 10亿级企业
        before = text[ms - 1:ms] if ms > start else ""
        if not qualifier and before in pre_finals:
            pm = c.pre_qualifier.search(text, max(start, ms - 4), ms)
            if pm:
                qualifier, bound = c.quals_pre[pm.group(0)]
        unit_kind = unit.kind
        if unit_kind == "pp":
            kind = "pp"
        elif unit_kind == "percent":
            if kind != "skip":
                if not unit.extract:
                    kind = "skip"
                else:
                    kind, sign, verb_start = _percent_kind(text, ms, start, before, after, out, c)
                    out.append(Quantity(ms, me, ms, n, text[ms:me], scale or "", unit, qualifier, bound, kind,
                                        sign, verb_start))
                    continue
        elif (not unit.extract or before in change_finals
              and c.change.search(text, max(start, ms - 14), ms)):
            kind = "skip"                 # 比上年末减少2.1万人, 增加12.4亿元: a change, not a level
        out.append(Quantity(ms, me, ms, n, text[ms:me], scale or "", unit, qualifier, bound, kind))
    return out


def _percent_kind(text: str, ms: int, start: int, before: str, after: str, out: list[Quantity], c: _Context):
    """(kind, sign, verb_start) of a percentage at ``ms``: a year-on-year growth rate after its growth verb
    (or listed after one: 分别增长23.9%和21.8%), else a value."""
    verb = _growth_verb_before(text, ms, start, c) if before in c.growth_finals else None
    if verb and (c.not_yoy.search(text, max(start, verb[0] - 6), verb[0]) or
                 c.year_base.search(text, max(start, verb[0] - c.year_base_window), verb[0])):
        return "skip", 1, -1              # 较年初增长, 环比增长, 比2019年增长: growth, but not year-on-year
    if verb and not ("\u4e00" <= after <= "\u9fff" and after not in c.after_growth_ok):
        return "yoy", (-verb[1] if before == "-" else verb[1]), verb[0]     # 增长-2.1%: the sign turns
    if out and out[-1].kind == "yoy" and c.list_join.match(text[out[-1].end:ms]):
        return "yoy", _list_verb_sign(text, out) * (-1 if before == "-" else 1), -1   # 分别增长23.9%和21.8%
    return "value", 1, -1


def _list_verb_sign(text: str, out: list[Quantity]) -> int:
    """The sign of the growth verb a list of rates hangs on (分别增长12.6%、-3.8%和5.3%): the first rate of
    the list stands after the verb; a rate written with a minus turns the verb's sign."""
    for q in reversed(out):
        if q.kind != "yoy":
            break
        if q.verb_start >= 0:
            return -q.sign if text[q.start - 1:q.start] == "-" else q.sign
    return out[-1].sign


@lru_cache(maxsize=1)
def _pre_qualifier_re() -> re.Pattern:
    return re.compile("(?:" + alternation(get_lexicon().qualifiers_pre) + ")$")


@lru_cache(maxsize=1)
def yoy_prefix_pattern() -> str:
    """The year-on-year comparison in front of a growth verb: 同比 | 比上年同期 | 较去年 (分别 may lead or follow)."""
    r = number_rules()
    base = ("(?:" + alternation(r["comparison_markers"]) + ")(?:" + alternation(r["yoy_bases"]) + ")(?:"
            + alternation(r["yoy_base_suffixes"]) + ")?")
    lead = "(?:" + alternation(r["yoy_lead"]) + ")?"
    return lead + "(?:" + alternation(r["yoy_words"]) + "|" + base + ")?" + lead     # 同比分别增长 too


@lru_cache(maxsize=1)
def _growth_re() -> re.Pattern:
    lex = get_lexicon()
    quals = alternation(lex.qualifiers_pre)
    particles = alternation(number_rules()["verb_particles"])
    return re.compile(yoy_prefix_pattern() + r"(?P<verb>" + alternation(lex.growth_verbs) + r")(?:" + particles
                      + r")?(?:" + quals + r")?-?$")


def _growth_finals() -> frozenset[str]:
    """The characters a growth verb's window can end on (_growth_re: a verb, particle, qualifier or -)."""
    lex = get_lexicon()
    return _finals_of("growth", _growth_re(), lex.growth_verbs, number_rules()["verb_particles"],
                      lex.qualifiers_pre, "-")


# the words between a growth rate and the growth verb before it: 分别比上年同期增长了超过 (16)
GROWTH_WINDOW = 16


def _growth_verb_before(text: str, pos: int, floor: int, c: _Context):
    """(start, sign) of the growth verb before a rate at ``pos`` (searched in place, within GROWTH_WINDOW)."""
    m = c.growth.search(text, max(floor, pos - GROWTH_WINDOW), pos)
    if not m:
        return None
    return m.start(), c.growth_verbs[m.group("verb")]


@lru_cache(maxsize=1)
def flat_re() -> re.Pattern:
    """与上年持平, 同比基本持平: a growth rate of 0 stated in words."""
    r = number_rules()
    return re.compile("(?:" + alternation(r["flat_prefixes"]) + ")(?:" + alternation(r["flat_qualifiers"])
                      + ")?(?:" + alternation(r["flat_words"]) + ")")


@lru_cache(maxsize=1)
def _percent_unit() -> Unit:
    return next(u for u in get_lexicon().units.values() if u.kind == "percent")


def flat_growth(start: int, end: int, text: str, verb_start: int = -1) -> Quantity:
    """A year-on-year growth of 0 (持平) over text[start:end]."""
    return Quantity(start, end, start, 0.0, text, "", _percent_unit(), kind="yoy", verb_start=verb_start)


@lru_cache(maxsize=1)
def _bare_flat_re() -> re.Pattern:
    r = number_rules()
    return re.compile("(?:" + alternation(r["flat_words"]) + r")(?=[，。；,;：:）)\s]|$)")


def _flat_quantities(text: str, start: int, end: int) -> list[Quantity]:
    r = number_rules()
    flat = r["flat_words"]
    out = []
    taken = set()
    for m in flat_re().finditer(text, start, end):
        w = next(f for f in flat if m.group(0).endswith(f))
        out.append(flat_growth(m.end() - len(w), m.end(), w, verb_start=m.start()))
        taken.add(m.end())
    blockers = r["flat_bare_blockers"]
    for m in _bare_flat_re().finditer(text, start, end):
        before = text[max(start, m.start() - r["flat_bare_window"]):m.start()]
        if m.end() in taken or m.start() == start or any(b in before for b in blockers):
            continue
        if not ("\u4e00" <= text[m.start() - 1] <= "\u9fff"):
            continue
        out.append(flat_growth(m.start(), m.end(), m.group(0), verb_start=m.start()))
    out.sort(key=lambda q: q.start)
    return out
