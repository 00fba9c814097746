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

from .lexicon import Unit, alternation, get_lexicon

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "[零〇一二两三四五六七八九十百千]"
# A Chinese numeral is short: 九千九百九十九 (7), 二〇二四 (4); 万/亿 are scales of their own.  A longer
# run of numeral characters is not a figure, and the bound keeps the quantity search linear on such
# runs (an unbounded run is rescanned from every position where a match may start).
MAX_CN_NUMERAL = 12


def cn_to_number(s: str) -> float | None:
    """Convert an isolated Chinese numeral (十二, 二十三, 一百零五, 三点五) to a number."""
    if not s:
        return None
    if "点" in s:
        ip, fp = s.split("点", 1)
        i = cn_to_number(ip) if ip else 0
        if i is None or not fp or any(c not in _CN_DIGIT for c in fp):
            return None
        return float(f"{int(i)}." + "".join(str(_CN_DIGIT[c]) for c in fp))
    if all(c in _CN_DIGIT for c in s) and len(s) > 1:      # 二〇二四 style
        return float("".join(str(_CN_DIGIT[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in _CN_DIGIT:
            digit = _CN_DIGIT[c]
        elif c in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[c]
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
def quantity_re() -> re.Pattern:
    lex = get_lexicon()
    num = r"(?P<num>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + CN_NUM + r"{1,%d}(?:点[零〇一二三四五六七八九]{1,%d})?)" % (MAX_CN_NUMERAL, MAX_CN_NUMERAL)
    post = r"(?P<post1>余|多)?"
    scale = r"(?P<scale>" + alternation(lex.scales) + r")?"
    post2 = r"(?P<post2>余|多)?"
    unit = r"(?P<unit>" + alternation(lex.units) + r")"
    post3 = r"(?P<post3>" + alternation(lex.qualifiers_post) + r")?"
    # what may follow a number (余/多, a scale, a unit), checked before the alternations are tried:
    # long digit or numeral runs are then rejected at a glance rather than unit by unit
    nxt = "(?=[" + "".join(re.escape(c) for c in sorted({"余", "多", *(w[0] for w in (*lex.scales, *lex.units))})) + "])"
    return re.compile(r"(?<![\dA-Za-z.第])" + num + nxt + post + scale + post2 + unit + post3)


_AFTER_GROWTH_OK = set("以左和及与、的是为位居排高低比较")
_LIST_JOIN = re.compile(r"^(?:、|和|及|与|以及)$")
_NOT_YOY_BEFORE = re.compile(r"(?:较|比)(?:年初|上月|上季度|一季度|上半年)|环比")
_CHANGE_BEFORE = re.compile(r"(?:比|较)(?:上年|去年|年初|上月|上季度|上一年)(?:同期)?(?:末|底)?"
                            r"(?:增加|减少|增长|下降|多|少|净增|净减)了?(?:近|约|超过?)?$")
_THRESHOLD_NEXT = re.compile(r"(?:项目|重点|企业|产业|工业|规模|大项目|工程|级|的项目)")


# A sentence of the genre carries a few figures (the seeds: at most 6; a dense communiqué sentence one or two
# dozen).  A span with more than MAX_FIGURES is a list of numbers, not prose: only its first MAX_FIGURES
# are read, which bounds the work per sentence however densely a text repeats "5%" or "5个".
MAX_FIGURES = 32


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Numbers with a unit in text[start:end] (the first MAX_FIGURES), leftmost first."""
    lex = get_lexicon()
    end = len(text) if end is None else end
    out: list[Quantity] = []
    for m in quantity_re().finditer(text, start, end):
        if len(out) == MAX_FIGURES:
            break
        raw = m.group("num")
        is_cn = not raw[0].isdigit()
        scale = m.group("scale") or ""
        if is_cn and not scale and (len(raw) < 2 or not re.search("[十百千]", raw)):
            continue                      # 两个开发区, 一批, 唯一一家: words, not figures
        if raw[0].isdigit() and m.end("num") < len(text) and text[m.end("num"):m.end("num") + 1] in "年月日":
            continue
        n = parse_number(raw)
        if n is None:
            continue
        if text[m.end():m.end() + 1] in ("”", "」", "』"):
            continue                      # “星光20条”: part of a quoted name
        unit = lex.units[m.group("unit")]
        q = Quantity(m.start(), m.end(), m.start(), n, m.group(0), scale, unit)
        post = m.group("post1") or m.group("post2") or ""
        if post:
            q.qualifier, q.bound = lex.qualifiers_post[post]
        p3 = m.group("post3")
        if p3:
            nxt = text[m.end():m.end() + 3]
            if p3 == "以上" and _THRESHOLD_NEXT.match(nxt):
                q.kind = "skip"           # 5000万元以上项目: a threshold inside a name
            q.qualifier, q.bound = lex.qualifiers_post[p3]
        if text[m.end():m.end() + 1] == "级":
            q.kind = "skip"               # 10亿级企业
        if not q.qualifier:
            pm = _pre_qualifier_re().search(text, max(start, m.start() - 4), m.start())
            if pm:
                q.qualifier, q.bound = lex.qualifiers_pre[pm.group(0)]
        if unit.kind != "percent" and _CHANGE_BEFORE.search(text[max(start, m.start() - 12):m.start()]):
            q.kind = "skip"                   # 比上年末减少2.1万人: a change, not a level
        if unit.kind == "pp":
            q.kind = "pp"
        elif not unit.extract:
            q.kind = "skip"
        elif unit.kind == "percent" and q.kind != "skip":
            verb = _growth_verb_before(text, m.start(), start)
            nxt = text[m.end():m.end() + 1]
            if verb and _NOT_YOY_BEFORE.search(text, max(start, verb[0] - 6), verb[0]):
                q.kind = "skip"               # 较年初增长, 环比增长: growth, but not year-on-year
            elif verb and not ("\u4e00" <= nxt <= "\u9fff" and nxt not in _AFTER_GROWTH_OK):
                q.kind, q.sign, q.verb_start = "yoy", verb[1], verb[0]
                if text[m.start() - 1:m.start()] == "-":
                    q.sign = -q.sign          # 增长-2.1%
            elif out and out[-1].kind == "yoy" and _LIST_JOIN.match(text[out[-1].end:m.start()]):
                q.kind, q.sign, q.verb_start = "yoy", out[-1].sign, -1   # 分别增长23.9%和21.8%
        out.append(q)
    return out


@lru_cache(maxsize=1)
def _pre_qualifier_re() -> re.Pattern:
    return re.compile("(?:" + alternation(get_lexicon().qualifiers_pre) + ")$")


@lru_cache(maxsize=1)
def _growth_re() -> re.Pattern:
    lex = get_lexicon()
    quals = alternation(lex.qualifiers_pre)
    return re.compile(r"(?P<verb>" + alternation(lex.growth_verbs) + r")(?:了)?(?:" + quals + r")?-?$")


def _growth_verb_before(text: str, pos: int, floor: int):
    window = text[max(floor, pos - 12):pos]
    m = _growth_re().search(window)
    if not m:
        return None
    verb = m.group("verb")
    return pos - len(window) + m.start(), get_lexicon().growth_verbs[verb]
