"""Regions: the place an article is about, and named places that govern a clause.

The gazetteer (``data/gazetteer.csv``, generated from a national division table, see
:mod:`parsers.gazetteer`) lists every province, city, district, county and town with its parent and
short name, plus development zones.  Finding the article's place is a pipeline of small steps:

    mentions   every full name and alias (found by their final characters) and the short names of the
               head, the tail and the source lines
    weigh      a mention counts by where it stands: the title, a source line ("来源：…", "XX市统计局"),
               the body; short names that are also ordinary words (光明, 东方) and short names of
               counties and districts count only where their city or province is named too
    resolve    a name several units share (朝阳区, 城关区) goes to the one whose city or province the
               article names; with no such context it stays ambiguous
    choose     the best-scored place, preferring the level the article's self-references name
               (全市/我市 -> a 市, 全区/本区 -> a 区, 全县 -> a 县)

When nothing but 我市 / 全市 / 本区 names the place, the region is left empty and the guess says why;
the upload page then asks the user.  A place is never made up from a fragment of text.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import alternation, get_lexicon, read_rows

TITLE_WEIGHT = {False: 6, True: 4}       # full name, short name
BODY_WEIGHT = {False: 2, True: 1}
MIN_SCORE = 2


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    surface: str
    keys: tuple[str, ...]
    short: bool


@dataclass
class RegionGuess:
    """The article's place: ``name`` ("" when unknown) and, when it is not certain, a ``note`` saying why
    (for the upload page): "self-only" (only 我市/全区… name it), "ambiguous" (a name several units share,
    with no city or province to tell them apart; ``candidates`` lists them) or "none"."""
    name: str
    note: str = ""
    candidates: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)


# ------------------------------------------------------------------ mentions
# Short names have no suffix to anchor a scan on, so they are read where an article names its own
# place: the head (title, dateline, lead), the tail (source line, editor) and every source line.
SHORT_HEAD = 400
SHORT_TAIL = 200
# The place is read from the first MAX_REGION_TEXT characters (the seeds' longest article has 5,116, the
# genre sets' 2,000): an upload of 2 MB of place names then costs no more to place than a long article.
MAX_REGION_TEXT = 30_000


def _full_names(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, surface, False) of the longest full name or alias ending at each name-final character."""
    places = get_lexicon().places
    by_name, lengths = places.by_name, places.lengths_by_last2
    out = []
    for m in places.name_end_re.finditer(text, 1):
        e = m.end()
        for n in lengths.get(text[e - 2:e], ()):
            if n <= e and text[e - n:e] in by_name:
                out.append((e - n, e, text[e - n:e], False))
                break
    return out


def _short_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str, bool]]:
    """(start, end, surface, True) of short names in the spans, leftmost-longest: a window of a few hundred
    characters is cheaper to walk by its two-character prefixes than to run an automaton over."""
    places = get_lexicon().places
    by_short, lengths = places.by_short, places.short_lengths
    out, seen = [], set()
    for a, b in spans:
        i = a
        while i < b - 1:
            for n in lengths.get(text[i:i + 2], ()):
                if i + n <= b and text[i:i + n] in by_short:
                    if i not in seen:
                        seen.add(i)
                        out.append((i, i + n, text[i:i + n], True))
                    i += n
                    break
            else:
                i += 1
    return out


def _short_spans(text: str, sources: list[tuple[int, int]]) -> list[tuple[int, int]]:
    n = len(text)
    spans = [(0, min(n, SHORT_HEAD)), (max(SHORT_HEAD, n - SHORT_TAIL), n)] if n > SHORT_HEAD else [(0, n)]
    spans += [(a, b) for a, b in sources if a >= SHORT_HEAD and b <= n - SHORT_TAIL]
    return [(a, b) for a, b in spans if b > a]


def find_mentions(text: str, sources: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Place names in ``text``, leftmost-longest: full names and aliases everywhere, short names in the
    head, the tail and the source lines (``sources``, found when not given)."""
    places = get_lexicon().places
    if sources is None:
        sources = _source_lines(text)
    found = _full_names(text) + _short_names(text, _short_spans(text, sources))
    found.sort(key=lambda c: (c[0], c[0] - c[1]))
    out, last = [], 0
    for s, e, surface, short in found:
        if s >= last:
            keys = places.by_short[surface] if short else places.by_name[surface]
            out.append(Mention(s, e, surface, keys, short))
            last = e
    return out


@lru_cache(maxsize=1)
def _self_re() -> re.Pattern:
    return re.compile(alternation(get_lexicon().self_words))


def _self_suffix(text: str) -> str:
    """The administrative character the article's self-references use most (全市 -> 市), or ""."""
    counts: Counter[str] = Counter(m.group()[-1] for m in _self_re().finditer(text))
    if not counts:
        return ""
    (best, n), *rest = counts.most_common(2) + [("", 0)]
    return best if n > rest[0][1] else ""


@lru_cache(maxsize=1)
def _source_line_re() -> re.Pattern:
    cues = [c for c, where, _ in get_lexicon().region_cues if where == "line"]
    return re.compile(r"^[ \t\u3000【\[（(]*(?:" + alternation(cues) + r")[^\n]{0,80}$", re.M)


def _source_lines(text: str) -> list[tuple[int, int]]:
    """Spans of (short) lines that start with a source cue (来源：…)."""
    return [(m.start(), m.end()) for m in _source_line_re().finditer(text)]


@lru_cache(maxsize=1)
def _cue_weights() -> tuple[re.Pattern, dict[str, int], int]:
    cues = get_lexicon().region_cues
    after = {c: w for c, where, w in cues if where == "after"}
    line = max(w for _, where, w in cues if where == "line")
    return re.compile(alternation(after)), after, line


def _weigh(text: str, title_end: int, mentions: list[Mention],
           sources: list[tuple[int, int]]) -> list[tuple[Mention, float]]:
    """Each mention with its weight: in the title, in a source line, right before a cue ("苏州市统计局"),
    or in the body."""
    cue_re, after, line_weight = _cue_weights()
    out = []
    for m in mentions:
        if m.start < title_end:
            w = TITLE_WEIGHT[m.short]
        elif any(s <= m.start < e for s, e in sources):
            w = line_weight
        else:
            cue = cue_re.match(text, m.end)
            w = after[cue.group()] if cue else BODY_WEIGHT[m.short]
        out.append((m, float(w)))
    return out


# ------------------------------------------------------------------ resolution
def _needs_context(m: Mention, key: str) -> bool:
    reg = get_lexicon().regions[key]
    return reg.short_context if m.short else _word_like(m.surface)


def _word_like(name: str) -> bool:
    """A two-character 区 name (城区, 郊区, 矿区, 东区) is an ordinary word as often as a place; two-character
    counties and cities (攸县, 沛县, 芒市) are places."""
    return len(name) <= 2 and name.endswith(get_lexicon().word_like_suffixes)


def _closest(keys: tuple[str, ...], direct: set[str]) -> tuple[str, ...]:
    """Of units sharing a name, those whose nearest named ancestor is closest (a named city beats a
    named province: 徐州 + 江苏 -> 徐州市鼓楼区, not also 南京市鼓楼区); () when none has one."""
    places = get_lexicon().places
    best: list[str] = []
    best_depth = None
    for k in keys:
        depth = next((i for i, a in enumerate(places.ancestors(k)) if a in direct), None)
        if k in direct:
            depth = -1
        if depth is None:
            continue
        if best_depth is None or depth < best_depth:
            best, best_depth = [k], depth
        elif depth == best_depth:
            best.append(k)
    return tuple(best)


def _resolve(weighted: list[tuple[Mention, float]]) -> tuple[dict[str, float], dict[str, tuple[str, ...]]]:
    """Scores per region key; names left ambiguous (surface -> candidate keys)."""
    places = get_lexicon().places
    # places named unambiguously and without needing context are the context for the others
    direct: set[str] = set()
    open_: list[Mention] = []     # mentions that a context may settle: shared names, context-bound names
    seen: set[str] = set()
    for m, _ in weighted:
        if len(m.keys) == 1 and not _needs_context(m, m.keys[0]):
            direct.add(m.keys[0])
        elif m.surface not in seen:
            seen.add(m.surface)
            open_.append(m)
    for _ in range(2):     # 吉林 + 长春 -> 吉林省; then 朝阳区 under 长春市
        for m in open_:
            fits = _closest(m.keys, direct)
            if len(fits) == 1 and (not _needs_context(m, fits[0]) or m.surface == places.regions[fits[0]].name):
                direct.add(fits[0])
    named = set(direct)
    for k in direct:
        named.update(places.ancestors(k))
    scores: dict[str, float] = defaultdict(float)
    ambiguous: dict[str, tuple[str, ...]] = {}
    # the same name said many times is judged once: mentions grouped by name, weights summed in order
    grouped: dict[tuple[str, bool], list] = {}
    for m, w in weighted:
        g = grouped.get((m.surface, m.short))
        if g is None:
            grouped[(m.surface, m.short)] = [m, [w]]
        else:
            g[1].append(w)
    for m, ws in grouped.values():
        keys = m.keys
        if len(keys) > 1:
            fits = _closest(keys, direct)
            if len(fits) == 1:
                keys = fits
            else:
                ambiguous[m.surface] = fits or keys
                if m.short or _word_like(m.surface):
                    continue      # 吉林, 朝阳 with nothing to tell which: no evidence either way
                keys = fits or keys
                ws = [w / len(keys) for w in ws]
        k = keys[0] if len(keys) == 1 else None
        if k is not None and _needs_context(m, k) and not (set(places.ancestors(k)) & named):
            continue     # 光明 alone, 东区 alone: an ordinary word until its city is named
        for key in keys:
            for w in ws:
                scores[key] += w
    return scores, ambiguous


_LEVEL_RANK = {"town": 0, "district": 1, "county": 1, "zone": 2, "city": 3, "province": 4}


def _choose(scores: dict[str, float], suffix: str) -> str:
    regions = get_lexicon().regions
    good = {k: s for k, s in scores.items() if s >= MIN_SCORE}
    if not good and suffix:
        # 苏州 once, and 全市 throughout: the one place named whose level the self-references confirm
        fitting = [k for k, s in scores.items() if s > 0 and regions[k].name.endswith(suffix)]
        if len(fitting) == 1:
            return fitting[0]
    if not good:
        return ""
    if suffix:
        fitting = {k: s for k, s in good.items() if regions[k].name.endswith(suffix)}
        if fitting:
            good = fitting

    def rank(k: str) -> tuple:
        return (good[k], -_LEVEL_RANK.get(regions[k].level, 1))

    return max(good, key=rank)


def guess_region(text: str, title_end: int = 0) -> RegionGuess:
    """The place the article is about.  ``title_end``: where the title ends in ``text`` (its mentions
    weigh most)."""
    text = text[:MAX_REGION_TEXT]        # an article names its place early; a huge upload is not read whole
    sources = _source_lines(text)
    mentions = find_mentions(text, sources)
    scores, ambiguous = _resolve(_weigh(text, title_end, mentions, sources))
    suffix = _self_suffix(text)
    best = _choose(scores, suffix)
    regions = get_lexicon().regions
    if best:
        name = regions[best].name
        cands = next((c for c in ambiguous.values() if best in c and len(c) > 1), ())
        if cands and len(cands) > 1 and sum(1 for c in cands if scores.get(c, 0) == scores[best]) > 1:
            return RegionGuess(name, "ambiguous", cands, dict(scores))   # 朝阳区: which one, nothing says
        return RegionGuess(best, "", (), dict(scores))
    full = {surface: c for surface, c in ambiguous.items() if surface in get_lexicon().places.by_name
            and len(surface) >= 3}
    if full:
        surface, cands = max(full.items(), key=lambda kv: len(kv[0]))
        return RegionGuess(regions[cands[0]].name, "ambiguous", cands, dict(scores))
    return RegionGuess("", "self-only" if suffix else "none", (), dict(scores))


# ------------------------------------------------------------------ clause heads
def region_at_head(phrase: str, known: frozenset[str] = frozenset(), near: str = "") -> tuple[str, int]:
    """(region key, length) when ``phrase`` starts with a named place, else ("", 0).

    ``known`` adds places outside the gazetteer that the article itself repeats; ``near`` (the article's
    region) tells apart units that share a name (朝阳区 in 长春市 or in 北京市).
    """
    places = get_lexicon().places
    surface, keys = places.at_head(phrase)
    short, skeys = places.short_at_head(phrase)
    from_short = False
    if len(short) > len(surface):
        # 苏州规上工业增加值 in an article about 苏州市: a short name at the head is the article's own unit
        # or a city inside it (哈尔滨、大庆… in a report on 黑龙江省); a county's or district's short name,
        # and any other, starts a brand, company or project name (吉林一号, 山东水发…, 陈仓水泥公司)
        fits = [k for k in skeys if k == near or (near and near in places.ancestors(k)
                                                  and not places.regions[k].short_context)]
        if fits:
            surface, keys, from_short = short, tuple(fits), True
    not_after = _not_after_region()
    if surface and phrase[len(surface):len(surface) + 1] not in not_after:
        key = pick_near(keys, near)
        if key and (from_short or not _word_like(surface) or _close(key, near)):     # 东区 only inside the article's own city
            return key, len(surface)
    for name in known:
        if phrase.startswith(name) and phrase[len(name):len(name) + 1] not in not_after:
            return name, len(name)
    return "", 0


@lru_cache(maxsize=1)
def _not_after_region() -> frozenset[str]:
    """Characters that, right after a place name at a phrase head, make it part of a longer word
    (data/region_not_after.csv)."""
    return frozenset(r["char"] for r in read_rows("region_not_after.csv"))


def _close(key: str, near: str) -> bool:
    places = get_lexicon().places
    if not near or key not in places.regions or near not in places.regions:
        return False
    return near in places.ancestors(key) or places.regions[key].parent == places.regions[near].parent


def qualify(region: str, near: str) -> str:
    """A name several units share (朝阳区), as the unit in ``near``'s city or province (长春市朝阳区)."""
    keys = get_lexicon().places.by_name.get(region, ())
    return pick_near(keys, near) if len(keys) > 1 else region


def pick_near(keys: tuple[str, ...], near: str) -> str:
    """Of the units sharing a name, the one in ``near``'s city or province (or the only one); else the
    shared name itself (朝阳区) -- never a guess between them."""
    if len(keys) == 1:
        return keys[0]
    places = get_lexicon().places
    if near:
        around = {near, *places.ancestors(near)}
        reg = places.regions.get(near)
        fits = [k for k in keys if around & set(places.ancestors(k))]
        if len(fits) > 1 and reg is not None:
            fits = [k for k in fits if places.regions[k].parent in (near, reg.parent)] or fits
        if len(fits) == 1:
            return fits[0]
    return places.regions[keys[0]].name


# ------------------------------------------------------------------ zones the gazetteer lacks
def known_zones(text: str) -> frozenset[str]:
    """Development zones outside the gazetteer that the article repeats (XX高新区 twice or more)."""
    lex = get_lexicon()
    suffixes = sorted({s for s in lex.zone_suffixes}, key=len, reverse=True)
    found: Counter[str] = Counter()
    stop = tuple(lex.region_stop)
    for suf in suffixes:
        start = 0
        while True:
            i = text.find(suf, start)
            if i < 0:
                break
            start = i + len(suf)
            for k in range(2, 7):
                s = i - k
                if s < 0 or not ("\u4e00" <= text[s] <= "\u9fff"):
                    break
                name = text[s:i + len(suf)]
                if not name.endswith(stop):
                    found[name] += 1
    best: dict[str, tuple[int, str]] = {}
    for name, n in found.items():
        if n < 2 or name in lex.places.by_name:
            continue
        tail = name[-4:]
        b = best.get(tail)
        if b is None or n > b[0] or (n == b[0] and len(name) > len(b[1])):
            best[tail] = (n, name)
    return frozenset(name for _, name in best.values())


def generic_region(name: str) -> bool:
    """Whether ``name`` can be a place: a unit of the gazetteer, or a development zone it lacks (XX高新区,
    not 园区/社区/景区).  Nothing else ending in 区/县/市 is taken for a place (市委市, 城区内…)."""
    lex = get_lexicon()
    if name in lex.places.by_name:
        return True
    return (3 <= len(name) <= 10 and name.endswith(tuple(lex.zone_suffixes))
            and not any(name.endswith(w) for w in lex.region_stop))


def canonical_region(given: str | None) -> str:
    """A region the user typed, as the gazetteer names it when that is certain (苏州 -> 苏州市, 双阳 ->
    双阳区); anything else is kept as typed."""
    given = (given or "").strip()
    if not given:
        return ""
    places = get_lexicon().places
    keys = places.by_name.get(given) or places.by_short.get(given) or ()
    return keys[0] if len(keys) == 1 else given
