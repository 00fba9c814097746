"""Regions: the article's own region, and named regions that govern a clause.

The gazetteer (``data/gazetteer.csv``) lists administrative units with short
names and development zones; places not in it are still recognised by their
administrative suffix (XX区/XX县/XX市/XX旗), skipping look-alikes such as 园区 or
社区 (``data/region_suffix_stop.csv``).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .lexicon import alternation, get_lexicon

_SUFFIX_POS = re.compile(r"(?:区|县|市|旗)")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_NOT_AFTER_REGION = set("级场民委政直属辖域长")
_GENERIC = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治州|自治县|新区|市|区|县|旗|盟)")


@lru_cache(maxsize=4096)
def generic_region(name: str) -> bool:
    lex = get_lexicon()
    if name in lex.region_of:
        return True
    if len(name) < 3 or len(name) > 8:
        return False
    return not any(name.endswith(w) for w in lex.region_stop)


def region_at_head(phrase: str, known: frozenset[str] = frozenset()) -> tuple[str, int]:
    """(region name, length) when ``phrase`` starts with a named region, else ("", 0).

    ``known`` adds units outside the gazetteer that the article itself repeats.
    """
    lex = get_lexicon()
    m = lex.region_re.match(phrase)
    if m and phrase[m.end():m.end() + 1] not in _NOT_AFTER_REGION:
        return lex.region_of[m.group(0)], m.end()
    for name in known:
        if phrase.startswith(name) and phrase[len(name):len(name) + 1] not in _NOT_AFTER_REGION:
            return name, len(name)
    return "", 0


def infer_article_region(text: str) -> str:
    """The region an article is about: the most mentioned unit (full or short name), most specific on ties."""
    return region_counts(text)[0]


@lru_cache(maxsize=1)
def _short_re() -> re.Pattern:
    lex = get_lexicon()
    shorts = alternation(s for s in lex.region_short if len(s) >= 2)
    return re.compile("(?:" + shorts + ")(?!区|县|市|州)")   # 双阳 but not the 双阳 of 双阳区


def region_counts(text: str) -> tuple[str, frozenset[str]]:
    """(the article's region, units outside the gazetteer that the article repeats)."""
    lex = get_lexicon()
    counts: Counter[str] = Counter()
    for m in lex.region_re.finditer(text):
        counts[lex.region_of[m.group(0)]] += 2
    for m in _short_re().finditer(text):
        counts[lex.region_short[m.group(0)]] += 1      # 双阳 (full names are matched above, first)
    # units not in the gazetteer: the most repeated spelling ending in an admin suffix
    generic: Counter[str] = Counter()
    for m in _SUFFIX_POS.finditer(text):
        e = m.end()
        for k in range(2, 6):
            s = e - 1 - k
            if s < 0 or not _CJK.match(text[s:e - 1]):
                break
            generic[text[s:e]] += 1
    by_end: dict[str, tuple[int, str]] = {}
    for name, n in generic.items():
        if n < 2 or not generic_region(name) or name in lex.region_of or any(name in k for k in lex.region_of):
            continue
        # of the spellings sharing an ending, keep the longest that is as frequent as any
        tail = name[-3:]
        best = by_end.get(tail)
        if best is None or n > best[0] or (n == best[0] and len(name) > len(best[1])):
            by_end[tail] = (n, name)
    for n, name in by_end.values():
        counts[name] += 2 * n
    extra = frozenset(name for _, name in by_end.values())
    if not counts:
        return "", extra
    level_rank = {"district": 0, "county": 0, "zone": 1, "city": 2, "province": 3}

    def key(item):
        name, n = item
        reg = lex.regions.get(name)
        return (n, -level_rank.get(reg.level if reg else "district", 0))

    best, n = max(counts.items(), key=key)
    return (best if n >= 2 else ""), extra
