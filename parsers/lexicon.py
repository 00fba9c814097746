"""Vocabularies kept as data files in ``parsers/data``, loaded once.

Rules and vocabularies live in CSV/YAML; code loops over them.  Every list is
ordered most specific (longest) first where the order matters.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
USERDICT = DATA / "userdict.txt"


def read_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV data file; lines starting with '#' are comments."""
    text = (DATA / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(io.StringIO("\n".join(lines)))]


def read_yaml(name: str):
    """A YAML data file, read with libyaml's C loader when PyYAML has it (the same result as
    ``yaml.safe_load``, ten times faster; periods.yaml alone took 0.07 s)."""
    import yaml  # here: the dashboard's pages import this module without needing YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=loader)


def alternation(words) -> str:
    """Regex alternation, longest first so the most specific word wins."""
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in ws)


@dataclass(frozen=True)
class Unit:
    surface: str
    base: str
    factor: float
    kind: str
    extract: bool


@dataclass(frozen=True)
class Region:
    key: str          # unique display name: the name, or parent + name when several units share it
    name: str         # official name (朝阳区)
    short: str
    level: str        # province | city | district | county | town | zone
    parent: str       # key of the unit above ("" for provinces and municipalities)
    province: str
    short_context: bool = True   # the short name counts only where its city or province is named too


class Places:
    """The gazetteer compiled for lookups: surface -> region keys (full names and aliases, zones named
    after their unit; short names apart), the lengths of the surfaces per first two characters (a
    phrase head, a walk over a window) and per last two characters (full names end in 区县市旗州盟省…:
    a scan finds those characters and looks back), and each unit's ancestors."""

    def __init__(self, rows: list[dict[str, str]], zone_suffixes: list[dict[str, str]]) -> None:
        from collections import Counter

        count = Counter((r["name"]) for r in rows)
        self.regions: dict[str, Region] = {}
        key_of: dict[tuple[str, str], str] = {}
        for r in rows:
            key = r["name"] if count[r["name"]] == 1 else r["parent"] + r["name"]
            key_of[(r["name"], r["parent"])] = key
        for r in rows:
            parent = r["parent"]
            parent_key = next((k for (n, p), k in key_of.items() if n == parent), parent) if parent and \
                count.get(parent, 0) > 1 else parent
            key = key_of[(r["name"], r["parent"])]
            if key in self.regions:
                continue
            self.regions[key] = Region(key, r["name"], r["short"], r["level"], parent_key, r["province"],
                                       r.get("short_context", "1") != "0")
        self.by_name: dict[str, tuple[str, ...]] = {}     # full names and aliases
        self.by_short: dict[str, tuple[str, ...]] = {}
        self.listed: set[str] = set()     # names and aliases of the gazetteer's rows (not derived zones)
        for r in rows:
            key = key_of[(r["name"], r["parent"])]
            for surface in [r["name"], *[a for a in r["aliases"].split("|") if a]]:
                self._add(self.by_name, surface, key)
                self.listed.add(surface)
            if r["short"]:
                self._add(self.by_short, r["short"], key)
        # 苏州工业园区, 昆山开发区: a zone named after a city or county (one that its short name names alone)
        suffixes = sorted(((z["suffix"], z["canonical"]) for z in zone_suffixes), key=lambda x: -len(x[0]))
        for key, reg in list(self.regions.items()):
            if reg.level not in ("city", "county") or not reg.short or len(self.by_short.get(reg.short, ())) != 1:
                continue
            for suffix, canonical in suffixes:
                zkey = reg.short + canonical
                if zkey not in self.regions:
                    self.regions[zkey] = Region(zkey, zkey, "", "zone", key, reg.province, True)
                for surface in (reg.short + suffix, reg.name + suffix):
                    self.by_name.setdefault(surface, (zkey,))
        self.lengths = self._lengths(self.by_name)
        self.short_lengths = self._lengths(self.by_short)
        # full names end in one of a few characters (区县市旗州盟省…): a scan finds those and looks back
        # and looks back only as far as the names ending in the same two characters reach
        by_last2: dict[str, set[int]] = {}
        for surface in self.by_name:
            by_last2.setdefault(surface[-2:], set()).add(len(surface))
        self.lengths_by_last2 = {c: sorted(ls, reverse=True) for c, ls in by_last2.items()}
        self.name_end_re = re.compile("[" + "".join(re.escape(c) for c in sorted({k[-1] for k in by_last2})) + "]")
        self._ancestors: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def _lengths(index: dict[str, tuple[str, ...]]) -> dict[str, list[int]]:
        """First two characters -> the lengths of the surfaces starting with them, longest first."""
        out: dict[str, set[int]] = {}
        for surface in index:
            out.setdefault(surface[:2], set()).add(len(surface))
        return {c: sorted(ls, reverse=True) for c, ls in out.items()}

    @staticmethod
    def _add(index: dict[str, tuple[str, ...]], surface: str, key: str) -> None:
        keys = index.get(surface, ())
        if key not in keys:
            index[surface] = keys + (key,)

    def at_head(self, phrase: str) -> tuple[str, tuple[str, ...]]:
        """(surface, keys) of the longest full name or alias that ``phrase`` starts with, else ("", ())."""
        for n in self.lengths.get(phrase[:2], ()):
            keys = self.by_name.get(phrase[:n])
            if keys:
                return phrase[:n], keys
        return "", ()

    def short_at_head(self, phrase: str) -> tuple[str, tuple[str, ...]]:
        """(surface, keys) of the longest short name that ``phrase`` starts with, else ("", ())."""
        for n in self.short_lengths.get(phrase[:2], ()):
            keys = self.by_short.get(phrase[:n])
            if keys:
                return phrase[:n], keys
        return "", ()

    def ancestors(self, key: str) -> tuple[str, ...]:
        """The units above ``key``, nearest first (parent city, then province)."""
        got = self._ancestors.get(key)
        if got is None:
            out, reg = [], self.regions.get(key)
            while reg is not None and reg.parent and reg.parent not in out:
                out.append(reg.parent)
                reg = self.regions.get(reg.parent)
            if reg is not None and reg.province and reg.province not in out and reg.province != key:
                out.append(reg.province)
            got = self._ancestors[key] = tuple(out)
        return got


class Lexicon:
    """All vocabularies, compiled.  Build with ``get_lexicon()`` (cached)."""

    def __init__(self) -> None:
        self.units = {r["unit"]: Unit(r["unit"], r["base"], float(r["factor"]), r["kind"], r["extract"] == "1")
                      for r in read_rows("units.csv")}
        self.scales = {r["scale"]: float(r["factor"]) for r in read_rows("scales.csv")}
        self.qualifiers_pre = {r["surface"]: (r["qualifier"], r["bound"]) for r in read_rows("qualifiers.csv")
                               if r["position"] == "pre"}
        self.qualifiers_post = {r["surface"]: (r["qualifier"], r["bound"]) for r in read_rows("qualifiers.csv")
                                if r["position"] == "post"}
        self.growth_verbs = {r["surface"]: int(r["sign"]) for r in read_rows("growth_verbs.csv")}
        self.verb_pairs = {r["surface"]: r["items"].split("|") for r in read_rows("verb_pairs.csv")}
        self.verb_pair_modes = {r["surface"]: r["mode"] for r in read_rows("verb_pairs.csv")}
        self.status_rules = [(r["pattern"], r["status"]) for r in read_rows("project_status.csv")]
        fill = read_rows("fillers.csv")
        self.fillers_tail = sorted([r["word"] for r in fill if r["where"] in ("tail", "any")], key=len, reverse=True)
        self.fillers_head = sorted([r["word"] for r in fill if r["where"] in ("head", "any")], key=len, reverse=True)
        self.fillers_head_verb = sorted([r["word"] for r in fill if r["where"] == "head_verb"], key=len, reverse=True)
        self.fillers_head_re = re.compile("^(?:" + alternation(self.fillers_head) + ")(?=.)")
        self.fillers_tail_re = re.compile("(?<=.)(?:" + alternation(self.fillers_tail) + ")$")
        self.qual_pre_tail_re = re.compile("(?<=.)(?:" + alternation(self.qualifiers_pre) + ")$")

        # indicators: synonym -> canonical
        self.indicator_of: dict[str, str] = {}
        self.indicator_category: dict[str, str] = {}
        for r in read_rows("indicators.csv"):
            self.indicator_category[r["canonical"]] = r["category"]
            for s in [r["canonical"], *r["synonyms"].split("|")]:
                if s:
                    self.indicator_of.setdefault(s, r["canonical"])
        self.indicator_re = re.compile(alternation(self.indicator_of))
        self.headline = list(headline_indicators())

        # subjects
        self.subject_of: dict[str, str] = {}
        for r in read_rows("subjects.csv"):
            for s in [r["canonical"], *[a for a in r["aliases"].split("|") if a]]:
                self.subject_of.setdefault(s, r["canonical"])
        self.subject_re = re.compile(alternation(self.subject_of))
        self.subject_suffixes = sorted([r["suffix"] for r in read_rows("subject_suffixes.csv")], key=len, reverse=True)

        # regions: the national division table (generated, see parsers/gazetteer.py) and zones
        self.places = Places(read_rows("gazetteer.csv"), read_rows("zone_suffixes.csv"))
        self.regions = self.places.regions
        self.zone_suffixes = [r["suffix"] for r in read_rows("zone_suffixes.csv")]
        self.region_cues = [(r["cue"], r["where"], int(r["weight"])) for r in read_rows("region_cues.csv")]
        self.self_words = {r["surface"] for r in read_rows("region_words.csv") if r["meaning"] == "self"}
        assert all(len(w) == 2 for w in self.self_words), "region_words.csv: self words are two characters"
        self.self_first = {w[0] for w in self.self_words}
        self.word_like_suffixes = tuple(r["surface"] for r in read_rows("region_words.csv")
                                        if r["meaning"] == "word_like_suffix")
        self.region_stop = [r["word"] for r in read_rows("region_suffix_stop.csv")]

        periods = read_yaml("periods.yaml")
        self.relative_years: dict[str, int] = periods["relative_years"]
        self.period_rules: list[dict] = periods["rules"]
        self.not_a_period_before: list[str] = sorted(periods["not_a_period_before"], key=len, reverse=True)
        self.year_cues = [re.compile(p, re.M) for p in periods["year_cues"]]
        self.future_words: list[str] = periods["future_words"]
        self.period_data: dict = periods     # the rest (comparison words, stock words, head) is read by periods.py

    # -- jieba user dictionary -------------------------------------------------
    def userdict_lines(self) -> list[str]:
        """Lines of the jieba user dictionary generated from the lexicon files."""
        entries: dict[str, str] = {}
        for w in self.indicator_of:
            entries.setdefault(w, "n")
        for w in self.subject_of:
            entries.setdefault(w, "nt")
        # places: listed names (two-character 区 names such as 城区 are words as often as places) and every
        # short name, so a name starting with one (来安汊河…, 陈仓水泥…) is tagged a place, not a verb (来)
        for w in sorted(self.places.listed):
            if len(w) >= 3 or not w.endswith(self.word_like_suffixes):
                entries.setdefault(w, "ns")
        for w in self.places.by_short:
            entries.setdefault(w, "ns")
        return [f"{w} 100000 {tag}" for w, tag in sorted(entries.items())]


@lru_cache(maxsize=1)
def headline_indicators() -> tuple[str, ...]:
    """Region-wide headline statistics (every category but those of indicator_categories.csv with headline=0:
    企业), in the curated order of indicators.csv.  Reads those two files: the overview page needs the order,
    not the parser."""
    other = {r["category"] for r in read_rows("indicator_categories.csv") if r["headline"] == "0"}
    return tuple(r["canonical"] for r in read_rows("indicators.csv") if r["category"] not in other)


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    return Lexicon()


def write_userdict(path: Path = USERDICT) -> Path:
    path.write_text("\n".join(get_lexicon().userdict_lines()) + "\n", encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def get_tokenizer():
    """A private jieba tagger with our user dictionary, loaded once per process.

    A :class:`parsers.tagger.DictTagger`: the (word, flag) pairs of ``jieba.posseg.POSTokenizer(tk).cut(
    text, HMM=False)`` over jieba's dictionary plus ours, read per first character when a phrase needs
    it instead of jieba's whole prefix dictionary and tag table at start-up (see parsers/tagger.py).
    """
    from .tagger import DictTagger, PrefixDict

    words = PrefixDict.load()
    words.load_userdict(USERDICT)
    return DictTagger(words, userdict=USERDICT)


@lru_cache(maxsize=8192)
def _pos_cached(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((w, f) for w, f in get_tokenizer().cut(text, HMM=False))


def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, POS flag) pairs of a short phrase from the private jieba tokenizer.

    Phrases (indicator names, project names) recur across articles of the genre, so results are kept
    in an LRU cache of 8192 phrases; ``pos_tags.cache_enabled = False`` turns it off (the benchmark
    reports both).
    """
    if pos_tags.cache_enabled:
        return _pos_cached(text)
    return tuple((w, f) for w, f in get_tokenizer().cut(text, HMM=False))


pos_tags.cache_enabled = True
pos_tags.cache_clear = _pos_cached.cache_clear
pos_tags.cache_info = _pos_cached.cache_info
