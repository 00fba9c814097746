"""The words naming a figure: clean a phrase, then resolve it to (subject, canonical indicator).

Used by prose extraction (extract.py) and table rows (tables.py) alike.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from contextlib import contextmanager
from functools import lru_cache, wraps

from .lexicon import alternation, get_lexicon, pos_tags, read_rows
from .normalize import QUOTES as _QUOTES
from .numbers import cn_numeral_class
from .regions import region_at_head

_PARENS = re.compile(r"\([^()]{0,12}\)")


@dataclass(frozen=True)
class PhraseRules:
    """The vocabulary of the phrase rules (parsers/data/phrase_words.csv) and the patterns built from it."""
    words: dict[str, tuple[str, ...]]            # role -> words, in file order
    noun_stops: re.Pattern                       # a counted noun ends before these
    membership: re.Pattern                       # 企业列入<obj>
    measure_head: re.Pattern                     # 3家 at the head of a subject
    name_joiner: re.Pattern                      # splits a list of names
    figure_joiner: re.Pattern                    # the whole text between two figures of a list
    project_after: re.Pattern                    # the project named right after 的
    head_particles: tuple[str, ...]
    topic_suffix: re.Pattern                     # any topic suffix (the cheap gate of extract.topic_of)
    topic_suffix_len: int                        # the longest topic suffix (0: none)
    possessive: str                              # the one possessive word (的)

    def __getitem__(self, role: str) -> tuple[str, ...]:
        return self.words.get(role, ())

    def first(self, role: str) -> str:
        return self[role][0]


def _group(words) -> str:
    return "(?:" + alternation(words) + ")"


@lru_cache(maxsize=1)
def rules() -> PhraseRules:
    """Built once from parsers/data/phrase_words.csv (``rules.cache_clear()`` after editing it)."""
    words: dict[str, list[str]] = {}
    for r in read_rows("phrase_words.csv"):
        words.setdefault(r["role"], []).append(r["word"])
    w = {k: tuple(v) for k, v in words.items()}
    names = w.get("name_joiner", ())
    (possessive,) = w["possessive"]
    return PhraseRules(
        words=w,
        noun_stops=re.compile(_group(w["noun_stop"])),
        membership=re.compile("^" + _group(w["member_noun"]) + _group(w["member_verb"]) + "(?P<obj>.+)$"),
        measure_head=re.compile(r"^(?:\d+|" + cn_numeral_class() + "+)" + _group(w["measure"])),
        name_joiner=re.compile(alternation(names)),
        figure_joiner=re.compile("^" + _group(names + w.get("figure_joiner", ())) + "$"),
        project_after=re.compile(r"[^,，;；。、" + re.escape(possessive) + "]{2,30}?" + _group(w["project_head"])),
        head_particles=w.get("head_particle", ()),
        topic_suffix=re.compile(_group(w.get("topic_suffix", ())) if w.get("topic_suffix") else "(?!)"),
        topic_suffix_len=max(map(len, w.get("topic_suffix", ())), default=0),
        possessive=possessive,
    )


# Short phrases (indicator names, counted nouns) recur across the sentences and articles of the genre: what
# is read from one is remembered, like pos_tags, but only for phrases of at most MEMO_PHRASE characters
# (never sentences) and only while the lexicon and the phrase rules are the objects it was read with.
MEMO_PHRASE = 40
MEMO_SIZE = 16384


def memo_short(owners):
    """A decorator: ``fn(p)``, a pure function of a short phrase given the two objects ``owners()`` returns
    (the lexicon, a rule set), remembered while ``owners()`` returns the same two objects.  Inside a
    ``bound()`` block the owners were checked once at its start and are not asked again."""
    def decorate(fn):
        cache: dict[str, object] = {}
        owner: list = [None, None]

        def check() -> None:
            a, b = owners()
            if a is not owner[0] or b is not owner[1]:
                cache.clear()
                owner[0], owner[1] = a, b

        _CHECKS.append(check)

        @wraps(fn)
        def remembered(p: str):
            if len(p) > MEMO_PHRASE:
                return fn(p)
            if not _BOUND[0]:           # (check(), inline: this is called a hundred thousand times)
                a, b = owners()
                if a is not owner[0] or b is not owner[1]:
                    cache.clear()
                    owner[0], owner[1] = a, b
            got = cache.get(p, cache)
            if got is cache:
                if len(cache) >= MEMO_SIZE:
                    cache.clear()
                got = cache[p] = fn(p)
            return got

        return remembered
    return decorate


# The remembered functions' owner checks, and the depth of the bound() blocks open now.
_CHECKS: list = []
_BOUND = [0]


@contextmanager
def bound():
    """A block (one article's reading) in which the lexicon and the rule sets stay the same objects: the
    remembered phrases are checked against them once, here, instead of on every call."""
    for check in _CHECKS:
        check()
    _check_cleaned()
    _BOUND[0] += 1
    try:
        yield
    finally:
        _BOUND[0] -= 1


def memo_phrase(fn):
    """``fn(p)``, a pure function of a short phrase given the lexicon and the phrase rules, remembered."""
    return memo_short(_lexicon_and_rules)(fn)


def _lexicon_and_rules():
    return get_lexicon(), rules()


def _strip_re(p: str, rx: re.Pattern) -> tuple[str, bool]:
    m = rx.search(p)
    if not m:
        return p, False
    return p[:m.start()] + p[m.end():], True


@memo_phrase
def strip_head(p: str) -> tuple[str, bool]:
    """``p`` without a filler word at its head (完成, 实现, 有 …).  A one-character filler is dropped only
    when it is a word of its own there: 有 in 有规上工业企业156家, not in 有色金属冶炼业."""
    m = get_lexicon().fillers_head_re.search(p)
    if not m:
        return p, False
    if m.end() == 1 and pos_tags(p[:6])[0][0] != m.group(0):
        return p, False
    return p[m.end():], True


def strip_head_verb(p: str) -> tuple[str, bool]:
    """``p`` without a verb at its head (完成, 实现) when an indicator or a region-wide sector follows it."""
    lex = get_lexicon()
    for w in lex.fillers_head_verb:
        if p.startswith(w):
            rest = p[len(w):]
            aggregate = rules()["aggregate_sector"]
            for k in range(2, min(len(rest), MAX_NAME_HEAD) + 1):
                if rest[:k] in lex.indicator_of or rest[:k] in aggregate:
                    return rest, True
    return p, False


MAX_NAME_HEAD = 12      # strip_head_verb looks for an indicator in the first characters after the verb


def strip_tail(p: str) -> tuple[str, bool]:
    return _strip_re(p, get_lexicon().fillers_tail_re)


def _remove_spans(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """text[a:b] without the given spans (sorted and not overlapping: only those inside are visited)."""
    if not spans:
        return text[a:b]
    out, pos = [], a
    for i in range(bisect_right(spans, a, key=lambda sp: sp[1]), len(spans)):
        s, e = spans[i]
        if s >= b:
            break
        s, e = max(s, a), min(e, b)
        if s >= e or s < pos:
            continue
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:b])
    return "".join(out)


@dataclass(slots=True)
class Phrase:
    text: str
    region: str = ""        # named region at its head
    self_region: bool = False   # 全区/全市...
    qualifier: str = ""


# The words naming a figure stand right before it: a phrase is read over at most MAX_PHRASE characters
# (the seeds' longest is 56).  Text without punctuation would otherwise hand every step below (filler
# regexes, jieba) everything since the previous figure.
MAX_PHRASE = 120


def clean_phrase(text: str, a: int, b: int, period_spans: list[tuple[int, int]],
                 known: frozenset[str] = frozenset(), near: str = "", shared: bool = False) -> Phrase:
    """The phrase naming the figure at ``b``, read from text[a:b] without the period spans.  ``shared``: the
    caller only reads it, so a remembered phrase is handed out as it is (no copy)."""
    if b <= a:
        return Phrase("")       # figures side by side: no words between them
    if a < b - MAX_PHRASE:
        a = b - MAX_PHRASE
    raw = _remove_spans(text, a, b, period_spans) if period_spans else text[a:b]
    if len(raw) > MEMO_PHRASE or len(known) > 1 or not isinstance(known, frozenset):
        return _clean(raw, known, near)     # (more than one known place: their order could matter)
    if not _BOUND[0]:
        _check_cleaned()
    key = (raw, known, near)
    got = _CLEANED.get(key)
    if got is None:
        if len(_CLEANED) >= MEMO_SIZE:
            _CLEANED.clear()
        got = _CLEANED[key] = _clean(raw, known, near)
    if shared:
        return got
    return Phrase(got.text, got.region, got.self_region, got.qualifier)     # a copy: callers own theirs


# clean_phrase's results for short phrases, while the lexicon and phrase rules are the same objects
_CLEANED: dict[tuple[str, frozenset[str], str], Phrase] = {}
_CLEANED_OWNER: list = [None, None]


def _check_cleaned() -> None:
    lex, rx = get_lexicon(), rules()
    if _CLEANED_OWNER[0] is not lex or _CLEANED_OWNER[1] is not rx:
        _CLEANED.clear()
        _CLEANED_OWNER[:] = [lex, rx]


def _clean(raw: str, known: frozenset[str], near: str) -> Phrase:
    """The phrase read from the words before a figure (periods already removed)."""
    lex = get_lexicon()
    p = _PARENS.sub("", _QUOTES.sub("", raw)).strip(" \t、")
    ph = Phrase(p)
    rx = rules()
    for w in rx["plan"]:
        if w in p:
            ph.qualifier = w
    possessive = rx.first("possessive")
    if possessive in p:
        tail = p[p.rindex(possessive) + len(possessive):]
        if len(tail) >= 2:
            p = tail
    for _ in range(6):
        changed = False
        if p[:1] in lex.self_first and p[:2] in lex.self_words:      # 全区/全市…
            p, changed, ph.self_region = p[2:], True, True
        reg, n = region_at_head(p, known, near)
        if n and p[n:n + 1] not in rx["name_joiner"]:     # 绿园区、二道区分别…: a list, split later
            p, changed, ph.region = p[n:], True, reg
        p, c = strip_head(p)
        changed = changed or c
        p, c = strip_head_verb(p)
        changed = changed or c
        if p.startswith(rx.head_particles) and len(p) > 2:
            p, changed = p[1:], True
        if not changed:
            break
    ph.text = _strip_tails(p)
    return ph


@memo_phrase
def _strip_tails(p: str) -> str:
    """A phrase without its filler and qualifier words at the tail (完成, 超过 …), repeatedly."""
    lex = get_lexicon()
    for _ in range(6):
        p, c = strip_tail(p)
        p, c2 = _strip_re(p, lex.qual_pre_tail_re)
        if not (c or c2):
            break
    return p.strip(" 、")


def _pos(text: str):
    return list(pos_tags(text))


@memo_phrase
def has_noun(text: str) -> bool:
    return any(f.startswith("n") or f in ("nz", "eng", "j") for _, f in _pos(text))


@memo_phrase
def ends_with_verb(text: str) -> bool:
    """应用了, 规划建设: the words before a count are an action; the counted noun follows the number."""
    toks = _pos(text)
    return bool(toks) and (toks[-1][0] in rules()["action_particle"] or toks[-1][1] in ("v", "vn"))


def tidy(text: str) -> str:
    """Open-vocabulary indicator phrase: drop leading function words; keep verb+object after a noun."""
    toks = _pos(text)
    kept = rules()["kept_lead"]
    while toks and toks[0][1][:1] in ("d", "p", "c", "u", "r") and len(toks) > 1 and toks[0][0] not in kept:
        toks = toks[1:]
    seen_noun = False
    for i, (w, f) in enumerate(toks):
        if f.startswith("n") and f != "nr":
            seen_noun = True
        elif f == "v" and seen_noun and i < len(toks) - 1:
            return "".join(w for w, _ in toks[i:])
    return "".join(w for w, _ in toks)


def _drop_leading_verbs(text: str) -> str:
    """申报市级 -> 市级, 成功认定市级 -> 市级: what is left once verbs and adverbs in front are gone."""
    toks = _pos(text)
    while toks and toks[0][1][:1] in ("v", "d", "p", "c", "u", "r", "a") and toks[0][1] != "vn":
        toks = toks[1:]
    return "".join(w for w, _ in toks)


def right_noun(text: str, pos: int, end: int) -> str:
    return _right_noun(text[pos:min(end, pos + MAX_PHRASE)])       # the counted noun is a phrase too


@memo_phrase
def _right_noun(seg: str) -> str:
    """The counted noun at the head of ``seg`` (the words after a count, up to the next figure)."""
    rx = rules()
    m = rx.noun_stops.search(seg)
    noun = seg[:m.start()] if m else seg
    noun = _QUOTES.sub("", noun).split("、")[0]
    mm = rx.membership.match(_QUOTES.sub("", seg))
    if mm:
        obj = rx.noun_stops.split(mm.group("obj"))[0]
        if len(obj) >= 2:
            return obj
    return noun if len(noun) >= 2 else ""


@memo_phrase
def names_indicator(p: str) -> bool:
    """A known indicator word stands somewhere in the phrase."""
    return bool(p) and bool(get_lexicon().indicator_re.search(p))


def sector_subject(p: str) -> tuple[str, str] | None:
    """汽车制造业增加值 -> (汽车制造业, 增加值), 产能项目完成投资 -> (产能项目, 投资): a sector, enterprise or
    project noun right before an indicator head is the subject and the head the indicator.  None when the
    phrase is not of that shape, or the noun is a region-wide aggregate (服务业增加值 stays one indicator)."""
    lex, rx = get_lexicon(), rules()
    for head in rx["sector_head"]:
        if not p.endswith(head) or len(p) == len(head):
            continue
        left = p[:-len(head)]
        for _ in range(3):
            left, c = strip_tail(left)
            if not c:
                break
        if left + head in lex.indicator_of or left in rx["aggregate_sector"]:
            return None
        if len(left) >= 2 and left.endswith(rx["sector_suffix"]):
            return lex.subject_of.get(left, left), lex.indicator_of.get(head, head)
        return None
    return None


def is_sector_noun(p: str) -> bool:
    """汽车制造业, 住宿餐饮业, 产能项目: a sector, enterprise or project noun that is neither an indicator
    nor a region-wide aggregate (a list names it before the indicator they share)."""
    rx = rules()
    return (len(p) >= 3 and p.endswith(rx["sector_suffix"]) and p not in get_lexicon().indicator_of
            and p not in rx["aggregate_sector"] and not any(h in p for h in rx["sector_head"]))


@memo_phrase
def resolve_item(p: str) -> tuple[str, str]:
    """(subject, indicator) of a cleaned phrase."""
    lex = get_lexicon()
    if not p:
        return "", ""
    if p in lex.indicator_of:
        return "", lex.indicator_of[p]
    subject = ""
    m = lex.subject_re.match(p)
    if m:
        subject, p = lex.subject_of[m.group(0)], p[m.end():]
    if not subject:
        for suf in lex.subject_suffixes:
            i = p.find(suf)
            if i >= 1:
                cut = i + len(suf)
                name = rules().measure_head.sub("", p[:cut])
                rest = p[cut:]
                if len(name) >= len(suf) and not (rest and rest[0] in rules()["subject_continuation"]):
                    subject, p = name, rest
                    break
        if subject and subject in lex.subject_of:
            subject = lex.subject_of[subject]
    if not subject:
        split = sector_subject(p)
        if split:
            return split
    if subject:
        for _ in range(3):
            p, c = strip_head(p.removeprefix(rules().first("distributive")) if len(p) > 2 else p)
            if not c:
                break
        for _ in range(3):
            p, c = strip_tail(p)
            if not c:
                break
    if not p:
        return subject, ""
    if p in lex.indicator_of:
        return subject, lex.indicator_of[p]
    last = None
    for m in lex.indicator_re.finditer(p):
        if m.end() == len(p):
            last = m
    if last is None:
        # a synonym found inside, e.g. 社零总额完成 -> handled by fillers; else search any
        for m in lex.indicator_re.finditer(p):
            last = m
        if last is not None and last.end() != len(p):
            last = None
    if last is not None:
        head = last.group(0)
        prefix = p[:last.start()]
        for _ in range(3):
            prefix, c = strip_tail(prefix)
            if not c:
                break
        if prefix + head in lex.indicator_of:
            return subject, lex.indicator_of[prefix + head]
        if not prefix:
            return subject, lex.indicator_of[head]
        mods = _drop_leading_verbs(prefix)
        if not mods:
            return subject, lex.indicator_of[head]
        return subject, mods + head
    return subject, tidy(p)


def split_items(p: str, n: int) -> list[str] | None:
    parts = [x for x in p.split("、") if x]
    if len(parts) == n - 1 > 0:
        # 采矿业、制造业和电力热力燃气及水生产和供应业: 、 between the items, the last joined by the first 和
        last = [x for x in rules().name_joiner.split(parts[-1], maxsplit=1) if x]
        parts = parts[:-1] + last
    if len(parts) != n:
        parts = [x for x in rules().name_joiner.split(p) if x]
    if len(parts) != n:
        return None
    # 规上工业产值和增加值: later bare heads share the first item's modifiers
    lex = get_lexicon()
    last = parts[-1]
    for j in range(n - 1):
        # 城镇、农村居民人均可支配收入: earlier bare modifiers share the last item's head
        if parts[j] in lex.indicator_of or len(parts[j]) > 4:
            continue
        for k in range(1, len(last) - 1):
            if parts[j] + last[k:] in lex.indicator_of:
                parts[j] = parts[j] + last[k:]
                break
    first = parts[0]
    for j in range(1, n):
        if parts[j] not in lex.indicator_of:
            continue
        for k in range(1, len(first) - 1):
            if first[k:] in lex.indicator_of and first[:k] + parts[j] in lex.indicator_of:
                parts[j] = first[:k] + parts[j]
                break
    return parts
