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
    name: str
    short: str
    level: str
    parent: str


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
        self.status_rules = [(r["pattern"], r["status"]) for r in read_rows("project_status.csv")]
        fill = read_rows("fillers.csv")
        self.fillers_tail = sorted([r["word"] for r in fill if r["where"] in ("tail", "any")], key=len, reverse=True)
        self.fillers_head = sorted([r["word"] for r in fill if r["where"] in ("head", "any")], key=len, reverse=True)
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

        # regions
        self.regions: dict[str, Region] = {}
        self.region_of: dict[str, str] = {}      # full names and aliases -> name
        self.region_short: dict[str, str] = {}   # short names -> name
        for r in read_rows("gazetteer.csv"):
            reg = Region(r["name"], r["short"], r["level"], r["parent"])
            self.regions[reg.name] = reg
            self.region_of[reg.name] = reg.name
            for a in r["aliases"].split("|"):
                if a:
                    self.region_of.setdefault(a, reg.name)
            if reg.short:
                self.region_short.setdefault(reg.short, reg.name)
        self.region_re = re.compile(alternation(self.region_of))
        self.self_words = {r["surface"] for r in read_rows("region_words.csv") if r["meaning"] == "self"}
        assert all(len(w) == 2 for w in self.self_words), "region_words.csv: self words are two characters"
        self.self_first = {w[0] for w in self.self_words}
        self.region_stop = [r["word"] for r in read_rows("region_suffix_stop.csv")]

        import yaml  # here: the dashboard's pages import this module without needing YAML

        periods = yaml.safe_load((DATA / "periods.yaml").read_text(encoding="utf-8"))
        self.relative_years: dict[str, int] = periods["relative_years"]
        self.period_rules: list[dict] = periods["rules"]
        self.not_a_period_before: list[str] = sorted(periods["not_a_period_before"], key=len, reverse=True)
        self.year_cues = [re.compile(p, re.M) for p in periods["year_cues"]]
        self.future_words: list[str] = periods["future_words"]

    # -- jieba user dictionary -------------------------------------------------
    def userdict_lines(self) -> list[str]:
        """Lines of the jieba user dictionary generated from the lexicon files."""
        entries: dict[str, str] = {}
        for w in self.indicator_of:
            entries.setdefault(w, "n")
        for w in self.subject_of:
            entries.setdefault(w, "nt")
        for w in list(self.region_of) + list(self.region_short):
            entries.setdefault(w, "ns")
        return [f"{w} 100000 {tag}" for w, tag in sorted(entries.items())]


@lru_cache(maxsize=1)
def headline_indicators() -> tuple[str, ...]:
    """Region-wide headline statistics (every category but 企业), in the curated order of
    indicators.csv.  Reads that one file: the overview page needs the order, not the parser."""
    return tuple(r["canonical"] for r in read_rows("indicators.csv") if r["category"] not in ("企业",))


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
