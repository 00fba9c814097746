"""Named investment projects: "总投资209亿元的奥迪PPE项目实现样车下线", "吉通七期、海悦药业一期等重大项目主体封闭".

Each sentence yields candidate names in four shapes, each a small step:
  lists     A、B和C等(一批/N个/重点)项目|工程 + one status shared by every item
  named     <name>项目(一期), scanning back from 项目 to a clause edge or a split word
  phases    <name>N期 + a status word
  invested  总投资N亿元的<name> + a status word, for a name without a head word (…的光伏组件工厂正式投产)
then each candidate gets its investment (亿元): the amount stated as its attribute (总投资N亿元的X,
投资N亿元、占地M亩的X), else the first amount after it before another head word (X项目总投资N亿元;
X项目开工，总投资N亿元), else the sentence's when the sentence names one project only.  Progress is not a
total (完成投资).  Status: the first status word after the name (data/project_status.csv, most specific
first).  Region: a place at the head of the name, else a district heading its clause (南湖区：…;
在南湖区，…; 南湖区的X项目), else the article's.

Every word these rules use is data (data/project_words.csv by role, data/project_status.csv); the
patterns are built from it in ``_Rules``.

Names are bounded (MAX_NAME_BACK, MAX_NAME), and none is read in a run of text without punctuation
(MAX_UNPUNCTUATED): such text has no edge for a name to start at.  Every step per sentence is then
bounded, so the step is linear in the text whatever its shape.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .lexicon import alternation, get_lexicon, pos_tags, read_rows
from .normalize import QUOTES as _QUOTES
from .normalize import Normalized, sentences
from .numbers import cn_numeral_class, find_quantities
from .phrases import MEMO_PHRASE, MEMO_SIZE, memo_short
from .regions import generic_region, region_at_head

# Bounds on what can be a project name (the seeds' longest is 22 characters).  They keep every step
# per candidate bounded, and keep text that lost its punctuation from yielding "names" that are
# just the 40 characters before a 项目:
MAX_NAME_BACK = 40        # a name runs back from 项目 (or a list item from 、) at most this far, and
                          # a name that reaches this far without a clause edge or function word is none
MAX_NAME = 44             # longest name kept, with its 项目 and phase (…项目一期)
MAX_UNPUNCTUATED = 160    # a run of text longer than this without ，、。；：！？—… is not prose (the
                          # seeds' longest is 71): no name is read in it, it has no edge to start at
MAX_PROJECTS = 2000       # distinct projects per article; beyond this the text is a table, not news
MAX_STATUS_AFTER = 24     # a status word is read at most this far after a name
_STOPS = "，,；;：:。！？!?\n、—…"          # a name never runs across these
_CLAUSE_STOPS = "，,；;：:。！？!?\n"
_ITEM = r"[^，,；;：:。！？!?\n、]{2,%d}?" % MAX_NAME_BACK
_DIGITS = r"\d+"
_SPACES = re.compile(r"\s+")
_CLAUSE_RE = re.compile("[%s]" % _CLAUSE_STOPS)
# up to the last name stop / clause stop (one match, from the end, instead of a loop over every stop)
_NAME_STOP_LAST = re.compile("(?s).*[%s]" % _STOPS)
_CLAUSE_LAST = re.compile("(?s).*[%s]" % _CLAUSE_STOPS)
_PUNCT_FILLER = re.compile(r"[()（）\s、\d\-~—–]")     # 1-4月全市产业项目: the period's digits too
# a run of more than MAX_UNPUNCTUATED characters without a name stop: at the start of the text, or after
# a stop (so that the search skips from stop to stop instead of trying every position)
_LONG_HEAD = re.compile(r"[^%s]{%d,}" % (_STOPS, MAX_UNPUNCTUATED + 1))
_LONG_RUN = re.compile(r"[%s]([^%s]{%d,})" % (_STOPS, _STOPS, MAX_UNPUNCTUATED + 1))


class _Rules:
    """The patterns of this module, built from data/project_words.csv and data/project_status.csv.

    The regex structure is here; every word in it comes from the data, so a word added there changes
    what is read (``rules.cache_clear()`` after changing the files at run time).
    """

    def __init__(self) -> None:
        words: dict[str, list[str]] = {}
        for r in read_rows("project_words.csv"):
            words.setdefault(r["role"], []).append(r["word"])
        self.words = words
        alt = lambda role: alternation(words.get(role, ()))          # noqa: E731  longest first
        head, phase, measure = alt("head"), alt("phase"), alt("measure")
        self.generic = sorted(set(words.get("generic", ())), key=len, reverse=True)
        self.works = frozenset(words.get("works", ()))
        self.generic_re = re.compile(alt("generic"))
        self.lead_head = re.compile(alt("lead"))
        self.not_after = re.compile("^(?:" + alt("not_after") + ")")
        self.split = re.compile(alt("split"))
        self.cue = re.compile("(?:%s|%s)" % (head, phase))
        self.phase_cue = re.compile(phase)
        # a named mention is read back from these only (工程 alone heads too many words: 工程师, 民心工程)
        self.head_word = re.compile("(?:%s)(?:%s)?" % (alt("named_head"), phase))    # 项目, 项目一期
        self.head_tail = re.compile("(?:%s)(?:%s)?$" % (head, phase))
        self.phase_tail = re.compile("(?:%s)$" % phase)
        back = "".join(re.escape(w) for w in words.get("back_ref", ()) if len(w) == 1)
        back_alt = alt("back_ref")
        self.named_mention = re.compile("(?<![%s%s])(?:%s)" % (back, _CLAUSE_STOPS, alt("named_head")))
        approx = alt("count_approx")
        self.count_before = re.compile(r"(?:%s|%s+)(?:%s)?(?:%s)$" % (_DIGITS, cn_numeral_class(), approx, measure))
        self.count_after = re.compile(r"^%s(?:%s)?(?:%s)" % (_DIGITS, approx, measure))
        self.count_in_name = re.compile(r"%s(?:%s)" % (_DIGITS, measure))
        list_end = alt("list_end")
        self.list_end_chars = set("".join(words.get("list_end", ())))
        self.list_end_char = re.compile("[%s]" % re.escape("".join(sorted(self.list_end_chars)))
                                        if self.list_end_chars else "(?!)")     # any character of list_end
        self.list_re = re.compile(r"(?P<items>(?:%s、)*%s)(?:%s)(?P<mid>[^，,；;。、]{0,16}?)(?:%s)"
                                  % (_ITEM, _ITEM, list_end, head))
        self.list_no_deng = re.compile(r"(?P<items>(?:%s、)+%s(?:%s))" % (_ITEM, _ITEM, head))
        # what every match of the two list patterns ends with: a sentence without it has no list (a cheap gate)
        self.list_tail = re.compile(r"(?:%s)[^，,；;。、]{0,16}?(?:%s)" % (list_end, head))
        self.list_no_deng_tail = re.compile(r"、%s(?:%s)" % (_ITEM, head))
        # no part of a list match (items, 、, 等, what lies between 等 and 项目) holds these characters: the list
        # patterns need only look in the pieces of a sentence between them that hold a tail
        used = set("".join(words.get("list_end", ()) + words.get("head", ())))
        piece_stops = "".join(c for c in "，,；;。" if c not in used)
        clause_stops = "".join(c for c in _CLAUSE_STOPS if c not in used)
        self.list_pieces = (re.compile("[%s]" % piece_stops), re.compile("(?s).*[%s]" % piece_stops))
        self.list_no_deng_pieces = (re.compile("[%s]" % clause_stops), re.compile("(?s).*[%s]" % clause_stops))
        self.list_not = re.compile(alt("list_not"))
        self.join = re.compile(alt("join"))
        self.join_before_head = re.compile("(?:" + alt("join") + ")$")
        self.phase_re = re.compile(r"(?P<name>[^%s]{2,24}?(?:%s))(?!%s|%s)" % (_STOPS, phase, head, alt("phase_not_after")))
        self.phase_after = re.compile(alt("phase_cue"))
        singles = [w for w in words.get("split", ()) if len(w) == 1]
        self.filler = re.compile("(?:%s|%s|%s)" % (alt("join"), alt("list_end"), alternation(singles)))
        lex = get_lexicon()
        money = alternation(u for u, unit in lex.units.items() if unit.kind == "money")
        self.amount = re.compile(r"\d+(?:\.\d+)?(?:%s)?(?:%s)?" % (alternation(lex.scales), money))
        qual = alt("invest_qualifier")
        self.invested = re.compile("(?:%s)(?:%s)?$" % (alt("invest"), qual))
        self.invest_not = re.compile("(?:%s)$" % alt("invest_not"))
        self.invest_cue = re.compile(alt("invest"))
        # where an investment amount can start: right after an investment word (and its qualifier), where
        # ``invested`` ends ($ also before a final newline); a sentence without it states no amount
        self.invest_amount_gate = re.compile(r"(?:%s)(?:%s)?\n?[\d%s]"
                                             % (alt("invest"), qual, cn_numeral_class()[1:-1]))
        self.any_cue = re.compile("(?:%s|%s|%s)" % (alt("invest"), head, phase))    # invest_cue or cue: one search
        self.attribute = re.compile(alt("attribute"))
        # a clause that states the investment of the project before it: 总投资, 项目总投资, 该项目计划投资约
        self.invest_clause = re.compile("(?:%s)?(?:%s)?(?:%s)(?:%s)?"
                                        % (back_alt, alt("named_head"), alt("invest"), qual))
        self.attr_gap = re.compile(r"[^%s]{0,12}?(?:%s)" % (_CLAUSE_STOPS, alt("attribute")))
        self.region_head = re.compile(r"[\u4e00-\u9fff]{2,5}?(?:%s)" % alt("region_suffix"))
        # the first two characters of every place name region_at_head reads (full names and short names):
        # a phrase that starts otherwise has no place at its head, but for the article's known zones
        self.place_heads = frozenset(lex.places.lengths) | frozenset(lex.places.short_lengths)
        rules = [(r["pattern"], r["status"]) for r in read_rows("project_status.csv")]
        # an alternation in data order: the leftmost status word wins, the first listed on a tie
        self.status_re = re.compile("|".join(re.escape(pat) for pat, _ in rules))
        self.status_of = dict(reversed(rules))
        # after an investment amount: ...的X + status, where X has no head word (总投资30亿元的光伏组件
        # 工厂正式投产); the text between the amount and 的 stays in the clause (、占地200亩的)
        of = alt("attribute")
        self.invested_name = re.compile(
            r"[^%s]{0,12}?(?:%s)(?P<name>[^%s]{3,%d}?)(?=(?:%s)?(?:%s))"
            % (_CLAUSE_STOPS, of, _STOPS, MAX_NAME_BACK, alt("before_status"), self.status_re.pattern))


@lru_cache(maxsize=1)
def rules() -> _Rules:
    return _Rules()


class _Found:
    """Projects found so far, in order; a new mention is matched to the first project whose name
    contains it or is contained in it (奥迪PPE项目 / 一汽奥迪PPE项目).

    An article names a few dozen projects, which are simply scanned.  Past SCAN_LIMIT the match is
    indexed so that it costs O(len(name)^2), not a scan of every project found: names contained in
    the new one are its substrings (looked up), names containing it share its rarest trigram (a short
    posting list, scanned in order).  A name once matched keeps its match, since projects are only
    ever appended.
    """

    SCAN_LIMIT = 64

    def __init__(self) -> None:
        self.names: list[str] = []
        self.index: dict[str, int] = {}
        self.row: dict[str, dict] = {}
        self.grams: dict[str, list[int]] = {}
        self.matched: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.names)

    def match(self, name: str) -> dict | None:
        if name in self.row:
            return self.row[name]
        if name in self.matched:
            return self.row[self.matched[name]]
        if len(self.names) <= self.SCAN_LIMIT:
            other = next((o for o in self.names if name in o or o in name), None)
            if other is None:
                return None
            self.matched[name] = other
            return self.row[other]
        best = None
        n = len(name)
        for i in range(n - 2):                     # projects whose name is inside this one
            for j in range(i + 3, n + (i > 0)):
                k = self.index.get(name[i:j])
                if k is not None and (best is None or k < best):
                    best = k
        postings = [self.grams.get(name[i:i + 3], ()) for i in range(n - 2)]
        for k in min(postings, key=len, default=()):     # projects whose name contains this one
            if best is not None and k >= best:
                break
            if name in self.names[k]:
                best = k
                break
        if best is None:
            return None
        self.matched[name] = self.names[best]
        return self.row[self.names[best]]

    def add(self, name: str, row: dict) -> None:
        k = len(self.names)
        self.names.append(name)
        self.index[name] = k
        self.row[name] = row
        if k == self.SCAN_LIMIT:                      # from now on matches are indexed
            for j, other in enumerate(self.names):
                self._index_grams(j, other)
        elif k > self.SCAN_LIMIT:
            self._index_grams(k, name)

    def _index_grams(self, k: int, name: str) -> None:
        for g in {name[i:i + 3] for i in range(len(name) - 2)}:
            self.grams.setdefault(g, []).append(k)

    def rows(self) -> list[dict]:
        return list(self.row.values())


def _item_ends(base: int, items: str) -> list[int]:
    """End offsets of the 、-separated items of a list that starts at ``base``."""
    ends, pos = [], base
    for item in items.split("、"):
        pos += len(item)
        ends.append(pos)
        pos += 1
    return ends


class _Unpunctuated:
    """The runs of an article longer than MAX_UNPUNCTUATED characters without a name stop: text that
    lost its punctuation.  No name is read inside them: there is no edge for a name to start at."""

    def __init__(self, text: str) -> None:
        head = _LONG_HEAD.match(text)
        self.runs = ([head.span()] if head else []) + [m.span(1) for m in _LONG_RUN.finditer(text)]
        self.ends = [b for _, b in self.runs]

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self.ends, pos)
        return k < len(self.runs) and self.runs[k][0] <= pos

    def within(self, s: int, e: int) -> bool:
        """Whether a run has a position in text[s:e]."""
        k = bisect_right(self.ends, s)
        return k < len(self.runs) and self.runs[k][0] < e

    def prose(self, s: int, e: int) -> list[tuple[int, int]]:
        """text[s:e] without the inside of the runs, where the list and phase patterns need not look.

        They try every position, up to 40 characters ahead: on text without punctuation that was most
        of the parse.  Parts keep a margin of MAX_NAME_BACK + 24 characters into a run, so that a list
        that begins or ends at one is still seen.
        """
        k = bisect_right(self.ends, s)
        if k == len(self.runs) or self.runs[k][0] >= e:
            return [(s, e)]
        margin = MAX_NAME_BACK + 24
        parts, pos = [], s
        while k < len(self.runs) and self.runs[k][0] < e:
            a, b = self.runs[k]
            if a + margin > pos:
                parts.append((pos, min(a + margin, e)))
            pos = max(pos, b - margin)
            k += 1
        if pos < e:
            parts.append((pos, e))
        return parts


def _after_last(text: str, a: int, b: int, upto_last: re.Pattern) -> int:
    """Index just after the last stop character in text[a:b], or ``a`` when there is none (``upto_last``:
    (?s).*[stops])."""
    m = upto_last.match(text, a, b)
    return m.end() if m else a


def _last_stop(text: str, a: int, b: int, rx: re.Pattern) -> int:
    """Index just after the last ``rx`` match in text[a:b], or ``a`` when there is none."""
    pos = a
    for m in rx.finditer(text, a, b):
        pos = m.end()
    return pos



def _pieces(text: str, parts: list[tuple[int, int]], tail: re.Pattern, stops: tuple[re.Pattern, re.Pattern]
            ) -> list[tuple[int, int]]:
    """The pieces of the parts text[a:b] between stop characters (``stops``: a stop, (?s).*a stop) that hold
    a match of ``tail``, in order:
    where a pattern that ends with ``tail`` and never spans a ``stop`` can match (the same matches, fewer
    positions tried)."""
    stop, upto_last = stops
    out = []
    for a, b in parts:
        end = a
        for t in tail.finditer(text, a, b):
            if t.start() < end:
                continue                    # in the piece already taken
            start = _after_last(text, end, t.start(), upto_last)
            m = stop.search(text, t.end(), b)
            end = m.start() if m else b
            out.append((start, end))
    return out


def _status(text: str, pos: int, end: int) -> str:
    """The first status word within MAX_STATUS_AFTER characters after ``pos`` (data/project_status.csv)."""
    r = rules()
    m = r.status_re.search(text, pos, min(end, pos + MAX_STATUS_AFTER))
    return r.status_of[m.group(0)] if m else ""


def _after_split(raw: str) -> str:
    """The part of ``raw`` after its last split word (总投资5亿元的|X项目, 推动|X项目)."""
    return rules().split.split(raw)[-1]


def _memo(fn):
    """``fn(name)``, a pure function of a short name given the project rules and the lexicon, remembered."""
    return memo_short(lambda: (rules(), get_lexicon()))(fn)


@_memo
def _clean_name(name: str) -> str:
    lead = rules().lead_head
    name = _QUOTES.sub("", name).strip(" 　\t")
    for _ in range(4):
        m = lead.match(name)
        if not m or len(name) <= m.end() + 1:
            break
        name = name[m.end():]
    return name


@_memo
def _looks_named(name: str) -> bool:
    """A project's name ends in a noun and does not start with a verb or adverb (来自续建项目, 做实项目)."""
    r = rules()
    core = r.head_tail.sub("", _QUOTES.sub("", name))
    toks = [(w, f) for w, f in pos_tags(core) if w.strip()]
    if not toks:
        return False
    if toks[0][1][:1] in ("v", "d", "p", "c", "r", "u") and toks[0][1] != "vn":
        return False
    if all(f[:1] in ("v", "d", "a") for _, f in toks):
        return False
    return not (toks[-1][1] in ("v", "d", "ad") and len(toks) > 1 and toks[-1][0] not in r.works)


@_memo
def _is_generic(name: str) -> bool:
    """Nothing is left of the name without amounts, phases, generic words and fillers (亿元以上重点项目)."""
    r = rules()
    core = r.amount.sub("", name)
    core = r.phase_tail.sub("", core)
    core = r.generic_re.sub("", core)
    core = r.filler.sub("", core)
    core = _PUNCT_FILLER.sub("", core)
    return len(core) < 2


def _place_only(name: str, reg: str, n: int) -> bool:
    """The name is a place at its head (``reg``, ``n`` characters) and a generic rest: 长春市双阳区项目."""
    if not n:
        return False
    rest = name[n:]
    while rest and (k := region_at_head(rest)[1]):
        rest = rest[k:]
    return reg in get_lexicon().regions and _is_generic(rest)


@_memo
def _name_head(name: str) -> tuple[str, int, bool] | None:
    """None when a cleaned name is no project's (too short or long, a list word, generic, a count), else
    the gazetteer place at its head (region key, length) and whether it is only a place (_place_only)."""
    r = rules()
    if (len(name) < 3 or len(name) > MAX_NAME or r.list_end_chars & set(name) or _is_generic(name)
            or r.count_in_name.search(name)):
        return None
    reg, n = region_at_head(name)
    return reg, n, _place_only(name, reg, n)


class _PhraseMemo:
    """Results of a pure function of a short phrase and a few offsets into it (or the article's known zones),
    remembered like memo_short: only for a phrase of at most MEMO_PHRASE characters, at most MEMO_SIZE of
    them, while the project rules and the lexicon are the objects they were read with (``own``, which
    extract_projects calls for every memo before it reads an article)."""

    def __init__(self) -> None:
        self.cache: dict = {}
        self.owner: tuple = (None, None)

    def own(self, owner: tuple) -> None:
        """Forget what was read with other rules or another lexicon than ``owner``."""
        if owner[0] is not self.owner[0] or owner[1] is not self.owner[1]:
            self.cache.clear()
            self.owner = owner

    def __call__(self, fn, key: tuple):
        """fn(*key), remembered; key[0] is the phrase."""
        if len(key[0]) > MEMO_PHRASE:
            return fn(*key)
        got = self.cache.get(key, self)
        if got is self:
            if len(self.cache) >= MEMO_SIZE:
                self.cache.clear()
            got = self.cache[key] = fn(*key)
        return got


_HEAD_NAMES = _PhraseMemo()
_CLAUSE_REGIONS = _PhraseMemo()
_KNOWN_HEADS = _PhraseMemo()
_PHRASE_MEMOS = (_HEAD_NAMES, _CLAUSE_REGIONS, _KNOWN_HEADS)


def _head_name(phrase: str, ns: int, hs: int, ne: int) -> tuple[str, str] | None:
    """The name (and its cleaned form) read back from a head word at ``hs`` in ``phrase`` (up to six characters
    before the clause edge ``ns``, the name and head word up to ``ne``, four characters after), or None when it
    names nothing: a bare head joined to another noun, a count before or after it, not a name."""
    return _HEAD_NAMES(_read_head_name, (phrase, ns, hs, ne))


def _read_head_name(phrase: str, ns: int, hs: int, ne: int) -> tuple[str, str] | None:
    r = rules()
    if r.join_before_head.search(phrase, max(ns, hs - 2), hs):
        return None                 # 抓好企业稳产和项目投产: a bare 项目 joined to another noun names nothing
    after = phrase[ne:ne + 4]
    if r.not_after.match(after) or r.count_after.match(after):
        return None
    name = _after_split(phrase[ns:ne])
    clean = _clean_name(name)
    if not _looks_named(clean) or r.count_before.search(phrase[:ne - len(name)]):
        return None
    return name, clean


def _known_head(name: str, known: frozenset[str]) -> tuple[str, int, bool]:
    """The place at the head of a name among the article's known zones too, and whether it is only a place."""
    reg, n = region_at_head(name, known)
    return reg, n, _place_only(name, reg, n)


def _invested_amounts(text: str, a: int, b: int) -> list:
    """Money amounts in text[a:b] stated as an investment (总投资/投资 N亿元), not as progress (完成投资)."""
    r = rules()
    out = []
    for q in find_quantities(text, a, b):
        if q.unit.kind != "money" or q.kind != "value":
            continue
        m = r.invested.search(text, max(a, q.start - 8), q.start)
        if m is None or r.invest_not.search(text, max(a, m.start() - 4), m.start()):
            continue
        out.append(q)
    return out


def _yi(q) -> tuple[float | None, str]:
    """An amount in 亿元 (the investment column), with its qualifier (超/约/近)."""
    return (None, "") if q is None else (q.number * q.factor / 1e8, q.qualifier)


def _attributed(text: str, amounts: list, lo: int, ns: int):
    """The amount stated as an attribute right before the name at ``ns``: 总投资5亿元的X, 投资5亿元、占地
    80亩的X (the last amount in text[lo:ns] followed by ...的 within the clause, with no head word between)."""
    r = rules()
    for q in reversed(amounts):
        if q.end <= ns and q.start >= lo:
            gap = text[q.end:ns]
            return q if r.attr_gap.fullmatch(gap) and not r.cue.search(gap) else None
    return None


def _stated_after(text: str, amounts: list, ne: int, e: int):
    """The first amount after the name and before another head word, in its clause (X项目总投资5亿元) or in
    a clause of its own right after it (X项目开工，总投资5亿元; X项目由某公司承建，项目总投资5亿元)."""
    r = rules()
    for q in amounts:
        if ne <= q.start < e:
            stop = _after_last(text, ne, q.start, _CLAUSE_LAST)
            if stop == ne:
                return None if r.cue.search(text, ne, q.start) else q
            ok = not r.cue.search(text, ne, stop) and r.invest_clause.fullmatch(text, stop, q.start)
            return q if ok else None
    return None


def _region_heading(text: str, s: int, ns: int, known: frozenset[str], known_heads: frozenset[str] | None = None
                    ) -> str:
    """A district that heads the clause holding a name, or a clause before it in the sentence, followed by a
    clause stop or an attribute word (南湖区：X项目开工; 在南湖区，…X项目; 南湖区的X项目): the last one.
    ``known_heads``: the first two characters of every known zone (_known_heads), which a zone starts with."""
    for c in reversed([s] + [m.end() for m in _CLAUSE_RE.finditer(text, s, ns)]):   # the last clause that has one
        reg = _CLAUSE_REGIONS(_clause_region, (text[c:ns], known, known_heads))
        if reg:
            return reg
    return ""


def _clause_region(clause: str, known: frozenset[str], known_heads: frozenset[str] | None) -> str:
    """The district at the head of ``clause`` (text from a clause start up to a name) after at most two lead
    words, followed by the end, a clause stop or an attribute word; else ""."""
    r = rules()
    ns, p = len(clause), 0
    for _ in range(2):
        m = r.lead_head.match(clause, p)
        if not m:
            break
        p = m.end()
    head = clause[p:p + 2]
    if head in r.place_heads or (known_heads is None or head in known_heads) and any(
            clause.startswith(k, p) for k in known):
        reg, n = region_at_head(clause[p:], known)
    else:
        reg, n = "", 0          # what region_at_head says, without its look-ups
    if not n:
        g = r.region_head.match(clause, p)
        if g and generic_region(g.group(0)):
            reg, n = g.group(0), g.end() - p
    end = p + n
    if n and (end == ns or _CLAUSE_RE.match(clause, end) or r.attribute.match(clause, end)):
        return reg
    return ""


def _known_heads(known: frozenset[str]) -> frozenset[str] | None:
    """The first two characters of the known zones, or None when one is shorter (then every zone is tried)."""
    return frozenset(k[:2] for k in known) if all(len(k) >= 2 for k in known) else None


def _list_items(text: str, base: int, items: str, amounts: list) -> list[tuple[str, int, int, object]]:
    """(name, start, end, attributed amount) of the 、-separated items of a list at ``base``.

    The first item starts after its last split word (推动|A、B); an item with an amount as its attribute
    starts after it (总投资5亿元的|A); the last two may share a join word (A、B项目和C项目)."""
    r = rules()
    out, pos = [], base
    for k, item in enumerate(items.split("、")):
        raw, end = pos, pos + len(item)
        pos = end + 1
        start = end - len(_after_split(item)) if k == 0 else raw
        if not amounts:                     # no amount to be an attribute of an item
            out.append([text[start:end], start, end, None])
            continue
        if k and r.attribute.search(item):
            cut = raw + _last_stop(item, 0, len(item), r.attribute)
            if _attributed(text, amounts, raw, cut) is not None:
                start = cut
        out.append([text[start:end], start, end, _attributed(text, amounts, raw, start)])
    name, start, end, q = out[-1]
    if len(out) > 1:
        m = None
        for m in r.join.finditer(name):
            pass
        if m and m.start() >= 3 and len(name) - m.end() >= 3:
            cut = start + m.end()
            out[-1:] = [[name[:m.start()], start, start + m.start(), q],
                        [name[m.end():], cut, end, _attributed(text, amounts, start + m.start(), cut) if amounts else None]]
    return [tuple(x) for x in out]


class _Candidate:
    """A name read in a sentence, before its investment is resolved."""

    __slots__ = ("name", "start", "end", "status", "kind", "amount", "clean")

    def __init__(self, name: str, start: int, end: int, status: str, kind: str, amount=None,
                 clean: str | None = None) -> None:
        self.name, self.start, self.end, self.status, self.kind, self.amount = name, start, end, status, kind, amount
        self.clean = _clean_name(name) if clean is None else clean       # the name as kept (_clean_name)


def extract_projects(article: str, norm: Normalized, own_region: str, known: frozenset[str] = frozenset(),
                     spans: list[tuple[int, int]] | None = None) -> list[dict]:
    r = rules()
    for memo in _PHRASE_MEMOS:
        memo.own((r, get_lexicon()))
    text = norm.text
    found = _Found()
    unpunctuated = _Unpunctuated(text)
    sentence_text: dict[tuple[int, int], str] = {}          # built once per sentence, shared by its rows
    known_heads = _known_heads(known)

    def punctuated(pos: int) -> bool:
        return pos not in unpunctuated

    def add(c: _Candidate, sent: tuple[int, int], inv=None, qual="") -> None:
        name = c.clean
        head = _name_head(name)
        if head is None:
            return
        reg, n, place_only = head
        if not n and known:
            reg, n, place_only = _KNOWN_HEADS(_known_head, (name, known))     # a zone the article repeats
        if place_only:
            return              # 长春市双阳区项目: a place, not a project
        old = found.match(name)
        if old is None:
            if len(found) >= MAX_PROJECTS:
                return
            ns = text.find(name, c.start, c.end + 2)
            ns = c.start if ns < 0 else ns
            region = reg if n else (_region_heading(text, sent[0], ns, known, known_heads) or own_region)
            start, end = norm.span_to_orig(ns, ns + len(name))
            ss, se = norm.span_to_orig(*sent)
            if sent not in sentence_text:
                sentence_text[sent] = _SPACES.sub(" ", norm.surface(*sent)).strip()   # the article's script
            found.add(name, {"article": article, "region": region, "name": name, "investment": inv,
                             "qualifier": qual, "status": c.status, "sentence": sentence_text[sent],
                             "start": start, "end": end, "sent_start": ss, "sent_end": se})
        else:
            if old["investment"] is None and inv is not None:
                old["investment"], old["qualifier"] = inv, qual
            if not old["status"] and c.status:
                old["status"] = c.status

    # the next cue at or after ``cue_from`` (an unbounded search): a sentence that ends before it has none, and
    # is skipped without a search of its own (a cue within a sentence is also one in the open text)
    cue_from, cue_next = -1, -1
    for s, e in (spans if spans is not None else sentences(text)):
        if s < cue_from or cue_next < s:
            m = r.any_cue.search(text, s)
            cue_from, cue_next = s, (m.start() if m else len(text))
        if cue_next >= e or not r.any_cue.search(text, s, e):
            continue                # most sentences name no project: one search says so
        invested = r.invest_cue.search(text, s, e)
        if not invested and not r.cue.search(text, s, e):
            continue
        sent = (s, e)
        touched = unpunctuated.within(s, e)        # else every position of the sentence is punctuated
        prose = unpunctuated.prose(s, e) if touched else [(s, e)]
        amounts = _invested_amounts(text, s, e) if invested and r.invest_amount_gate.search(text, s, e) else []
        cands = _sentence_candidates(text, s, e, prose, amounts, punctuated if touched else None)
        if not cands:
            continue
        single = (amounts and len({c.clean for c in cands}) == 1
                  and len(r.named_mention.findall(text, s, e)) <= 1)
        for c in cands:
            q = c.amount
            if q is None and c.kind == "named" and amounts:        # no amount in the sentence: none to read
                cs = _after_last(text, s, c.start, _CLAUSE_LAST)     # the start of its clause
                q = _attributed(text, amounts, cs, c.start) or _stated_after(text, amounts, c.end, e)
                if q is None and single:
                    after = [a for a in amounts if a.start >= c.end]
                    q = after[0] if after else amounts[-1]      # the sentence names one project only
            add(c, sent, *_yi(q))
    return found.rows()


def _sentence_candidates(text: str, s: int, e: int, prose: list[tuple[int, int]], amounts: list,
                         punctuated) -> list[_Candidate]:
    """The names of one sentence, in the order of the shapes: lists, named mentions, phases, invested.
    ``punctuated(pos)``: whether a name may end at pos; None when every position of the sentence is."""
    r = rules()
    cands: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    pieces = _pieces(text, prose, r.list_tail, r.list_pieces) if r.list_end_char.search(text, s, e) else ()
    for m in (m for a, b in pieces for m in r.list_re.finditer(text, a, b)):
        if (r.list_not.search(m.group("mid")) or r.count_before.search(m.group("items"))
                or r.not_after.match(text[m.end():m.end() + 4])):
            continue
        status = _status(text, m.end(), e)
        for name, a, b, q in _list_items(text, m.start("items"), m.group("items"), amounts):
            if punctuated is None or punctuated(b - 1):
                cands.append(_Candidate(name, a, b, status, "list", q))
        taken.append((m.start(), m.end()))
    pieces = _pieces(text, prose, r.list_no_deng_tail, r.list_no_deng_pieces) if text.find("、", s, e) >= 0 else ()
    for m in (m for a, b in pieces for m in r.list_no_deng.finditer(text, a, b)):
        if taken and any(a <= m.start() < b for a, b in taken):
            continue
        if r.not_after.match(text[m.end():m.end() + 4]):
            continue
        items = _list_items(text, m.start("items"), m.group("items"), amounts)
        if (any(r.list_end_chars & set(n) or r.attribute.search(n) for n, _, _, _ in items)
                or not all(_looks_named(_clean_name(n)) for n, _, _, _ in items)):
            continue
        status = _status(text, m.end(), e)
        for name, a, b, q in items:
            if punctuated is None or punctuated(b - 1):
                cands.append(_Candidate(name, a, b, status, "list", q))
        taken.append((m.start(), m.end()))
    last_end = s
    for pm in r.head_word.finditer(text, s, e):
        # the name runs back from 项目 to the clause edge (at most MAX_NAME_BACK characters)
        lo = max(last_end, pm.start() - MAX_NAME_BACK)
        ns = _after_last(text, lo, pm.start(), _NAME_STOP_LAST)
        ne = last_end = pm.end()
        if pm.start() - ns < 2 or taken and any(a <= ns < b or a < ne <= b for a, b in taken):
            continue
        if punctuated is not None and not punctuated(pm.start()):
            continue                # text without its punctuation: no edge to start a name at
        ps = max(s, ns - 6)
        got = _head_name(text[ps:ne + 4], ns - ps, pm.start() - ps, ne - ps)
        if got is None:
            continue
        name, clean = got
        if ns == lo > s and lo == pm.start() - MAX_NAME_BACK and len(name) == ne - ns:
            continue                # no clause edge, function word or earlier project within reach
        cands.append(_Candidate(name, ne - len(name), ne, _status(text, ne, e), "named", clean=clean))
    for m in ((m for a, b in prose for m in r.phase_re.finditer(text, a, b))
              if r.phase_cue.search(text, s, e) else ()):
        if (taken and any(a <= m.start() < b for a, b in taken)
                or punctuated is not None and not punctuated(m.end() - 1)):
            continue
        status = _status(text, m.end(), e)
        if status or r.phase_after.search(text, m.end(), min(e, m.end() + 6)):
            name = _after_split(m.group("name"))
            cands.append(_Candidate(name, m.end() - len(name), m.end(), status, "phase"))
    for q in amounts:
        # 总投资30亿元的光伏组件工厂正式投产: a name without a head word, bound by its amount and status
        m = r.invested_name.match(text, q.end, e)
        if (m is None or punctuated is not None and not punctuated(m.end("name") - 1)
                or r.cue.search(m.group("name")) or taken and any(a <= m.start("name") < b for a, b in taken)):
            continue
        ce = _CLAUSE_RE.search(text, q.end, e)
        if r.cue.search(text, q.end, ce.start() if ce else e):
            continue                # the clause names the project with its head word: read above
        name = _clean_name(m.group("name"))
        if _looks_named(name):
            cands.append(_Candidate(name, m.end("name") - len(name), m.end("name"),
                                    _status(text, m.end("name"), e), "invested", q))
    return cands
