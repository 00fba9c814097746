"""Named investment projects: "总投资209亿元的奥迪PPE项目实现样车下线", "吉通七期、海悦药业一期等重大项目主体封闭".

Three shapes, each a small step:
  lists   A、B、C等(一批/N个/重点)项目|工程 + status
  named   <name>项目(一期), scanning back from 项目 to a clause edge or a function word
  phases  <name>N期 + a status word
Investment (亿元) comes from 总投资/投资 N亿元 in the same clause, else the same sentence when it names
one project only; status from the first status word after the name (data/project_status.csv).

Names are bounded (MAX_NAME_BACK, MAX_NAME), and none is read in a run of text without punctuation
(MAX_UNPUNCTUATED): such text has no edge for a name to start at.  Every step per sentence is then
bounded, so the step is linear in the text whatever its shape.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from .lexicon import alternation, get_lexicon, pos_tags, read_rows
from .normalize import QUOTES as _QUOTES
from .normalize import Normalized, sentences
from .numbers import find_quantities
from .regions import region_at_head

_WORDS = read_rows("project_words.csv")
GENERIC = sorted({r["word"] for r in _WORDS if r["role"] == "generic"}, key=len, reverse=True)
WORKS = frozenset(r["word"] for r in _WORDS if r["role"] == "works")
LEAD = sorted({r["word"] for r in _WORDS if r["role"] == "lead"}, key=len, reverse=True)
NOT_AFTER = re.compile("^(?:" + alternation(r["word"] for r in _WORDS if r["role"] == "not_after") + ")")
_GENERIC_RE = re.compile(alternation(GENERIC))
_LEAD_HEAD = re.compile(alternation(LEAD))
# Bounds on what can be a project name (the seeds' longest is 22 characters).  They keep every step
# per candidate bounded, and keep text that lost its punctuation from yielding "names" that are
# just the 40 characters before a 项目:
MAX_NAME_BACK = 40        # a name runs back from 项目 (or a list item from 、) at most this far, and
                          # a name that reaches this far without a clause edge or function word is none
MAX_NAME = 44             # longest name kept, with its 项目 and phase (…项目一期)
MAX_UNPUNCTUATED = 160    # a run of text longer than this without ，、。；：！？—… is not prose (the
                          # seeds' longest is 71): no name is read in it, it has no edge to start at
MAX_PROJECTS = 2000       # distinct projects per article; beyond this the text is a table, not news
_ITEM = r"[^，,；;：:。！？!?\n、]{2,%d}?" % MAX_NAME_BACK
LIST_RE = re.compile(r"(?P<items>(?:" + _ITEM + r"、)*" + _ITEM + r")等(?P<mid>[^，,；;。、]{0,16}?)(?:项目|工程)")
LIST_NO_DENG_RE = re.compile(r"(?P<items>(?:" + _ITEM + r"、)+" + _ITEM + r"项目)")
PHASE_RE = re.compile(r"(?P<name>[^，,；;：:。！？!?\n、]{2,24}?[一二三四五六七八九]期)(?!项目|工程|工作)")
_COUNT_BEFORE = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)(?:余|多)?(?:个|项|批)$")
_COUNT_AFTER = re.compile(r"^(?:\d+)(?:余|多)?(?:个|项)")
_LEAD_RE = re.compile(r"(?:的|随着|推动|推进|实施|启动|打造|服务|围绕|引进|支持|位于|包括|与|在|为|对|把|让|将|确保|以)")
_CUE = re.compile(r"项目|工程|[一二三四五六七八九]期")
_PHASE_CUE = re.compile(r"[一二三四五六七八九]期")
_NAMED_MENTION = re.compile(r"(?<![该此本这各等])项目")      # 该项目 refers back, it names nothing new
_PROJECT_WORD = re.compile(r"项目(?:[一二三四五六七八九]期)?")
_NAME_STOP_RE = re.compile(r"[，,；;：:。！？!?\n、—…]")
_CLAUSE_RE = re.compile(r"[，,；;：:。！？!?\n]")
_PROJECT_TAIL = re.compile(r"项目(?:[一二三四五六七八九]期)?$")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?(?:元)?")
_PHASE_TAIL = re.compile(r"[一二三四五六七八九]期$")
_FILLER_CHARS = re.compile(r"[()（）\s、和及与的等]")
_INVESTED = re.compile(r"(?:总投资|投资|投入)(?:约|近|超过?|达)?$")
_COUNT_IN_NAME = re.compile(r"\d+(?:个|项|户)")
_SPACES = re.compile(r"\s+")
# a run of more than MAX_UNPUNCTUATED characters without a name stop: at the start of the text, or after
# a stop (so that the search skips from stop to stop instead of trying every position)
_LONG_HEAD = re.compile(r"[^，,；;：:。！？!?\n、—…]{%d,}" % (MAX_UNPUNCTUATED + 1))
_LONG_RUN = re.compile(r"[，,；;：:。！？!?\n、—…]([^，,；;：:。！？!?\n、—…]{%d,})" % (MAX_UNPUNCTUATED + 1))


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


def _last_stop(text: str, a: int, b: int, rx: re.Pattern) -> int:
    """Index just after the last ``rx`` match in text[a:b], or ``a`` when there is none."""
    pos = a
    for m in rx.finditer(text, a, b):
        pos = m.end()
    return pos



@lru_cache(maxsize=1)
def _status_re() -> tuple[re.Pattern, dict[str, str]]:
    rules = get_lexicon().status_rules
    # an alternation in data order: the leftmost status word wins, the first listed on a tie
    return re.compile("|".join(re.escape(pat) for pat, _ in rules)), dict(reversed(rules))


def _status(text: str, pos: int, end: int) -> str:
    """The first status word within 24 characters after ``pos`` (data/project_status.csv)."""
    rx, status_of = _status_re()
    m = rx.search(text, pos, min(end, pos + 24))
    return status_of[m.group(0)] if m else ""


def _clean_name(name: str) -> str:
    name = _QUOTES.sub("", name).strip(" 　\t")
    for _ in range(4):
        m = _LEAD_HEAD.match(name)
        if not m or len(name) <= m.end() + 1:
            break
        name = name[m.end():]
    return name


def _looks_named(name: str) -> bool:
    """A project's name ends in a noun and does not start with a verb or adverb (来自续建项目, 做实项目)."""
    core = _PROJECT_TAIL.sub("", _QUOTES.sub("", name))
    toks = [(w, f) for w, f in pos_tags(core) if w.strip()]
    if not toks:
        return False
    if toks[0][1][:1] in ("v", "d", "p", "c", "r", "u") and toks[0][1] != "vn":
        return False
    if all(f[:1] in ("v", "d", "a") for _, f in toks):
        return False
    return not (toks[-1][1] in ("v", "d", "ad") and len(toks) > 1 and toks[-1][0] not in WORKS)


def _is_generic(name: str) -> bool:
    core = _AMOUNT.sub("", name)
    core = _PHASE_TAIL.sub("", core)
    core = _GENERIC_RE.sub("", core)
    core = _FILLER_CHARS.sub("", core)
    return len(core) < 2


def _investment(text: str, a: int, b: int) -> tuple[float | None, str]:
    """总投资/投资 N亿元 between a and b, in 亿元."""
    for q in find_quantities(text, a, b):
        if q.unit.kind == "money" and q.kind == "value" and _INVESTED.search(text[max(a, q.start - 6):q.start]):
            return q.number * q.factor / 1e8, q.qualifier
    return None, ""


def extract_projects(article: str, norm: Normalized, own_region: str, known: frozenset[str] = frozenset(),
                     spans: list[tuple[int, int]] | None = None) -> list[dict]:
    text = norm.text
    found = _Found()
    unpunctuated = _Unpunctuated(text)
    sentence_text: dict[tuple[int, int], str] = {}          # built once per sentence, shared by its rows
    investment: dict[tuple[int, int], tuple[float | None, str]] = {}

    def punctuated(pos: int) -> bool:
        return pos not in unpunctuated

    def clause_investment(a: int, b: int) -> tuple[float | None, str]:
        """_investment of a clause (or sentence), read once however many names it holds."""
        if (a, b) not in investment:
            investment[a, b] = _investment(text, a, b)
        return investment[a, b]

    def add(name: str, s: int, e: int, sent: tuple[int, int], status: str, inv=None, qual=""):
        name = _clean_name(name)
        if (len(name) < 3 or len(name) > MAX_NAME or "等" in name or _is_generic(name)
                or _COUNT_IN_NAME.search(name)):
            return
        reg, n = region_at_head(name, known)
        rest = name[n:]
        while rest and region_at_head(rest)[1]:
            rest = rest[region_at_head(rest)[1]:]
        if n and reg in get_lexicon().regions and _is_generic(rest):
            return              # 长春市双阳区项目: a place, not a project
        old = found.match(name)
        if old is None:
            if len(found) >= MAX_PROJECTS:
                return
            region = reg if n else own_region
            ns = text.find(name, s, e + 2)
            ns = s if ns < 0 else ns
            start, end = norm.span_to_orig(ns, ns + len(name))
            ss, se = norm.span_to_orig(*sent)
            if sent not in sentence_text:
                sentence_text[sent] = _SPACES.sub(" ", text[sent[0]:sent[1]]).strip()
            found.add(name, {"article": article, "region": region, "name": name, "investment": inv,
                             "qualifier": qual, "status": status, "sentence": sentence_text[sent],
                             "start": start, "end": end, "sent_start": ss, "sent_end": se})
        else:
            if old["investment"] is None and inv is not None:
                old["investment"], old["qualifier"] = inv, qual
            if not old["status"] and status:
                old["status"] = status

    for s, e in (spans if spans is not None else sentences(text)):
        if not _CUE.search(text, s, e):
            continue
        taken: list[tuple[int, int]] = []
        # per sentence, computed once when needed: clause edges, named mentions
        clause_stops: list[int] | None = None
        named_mentions = None
        prose = unpunctuated.prose(s, e)
        for m in (m for a, b in prose for m in LIST_RE.finditer(text, a, b)) if "等" in text[s:e] else ():
            if ("企业" in m.group("mid") or _COUNT_BEFORE.search(m.group("items"))
                    or NOT_AFTER.match(text[m.end():m.end() + 4])):
                continue
            status = _status(text, m.end(), e)
            items = m.group("items")
            base = m.start("items")
            first = _LEAD_RE.split(items.split("、")[0])[-1]
            parts = [first] + items.split("、")[1:]
            off = base
            ends = _item_ends(base, items)
            for p, item_end in zip(parts, ends):
                if punctuated(item_end - 1):
                    add(p, off, e, (s, e), status)
                off += len(p) + 1
            taken.append((m.start(), m.end()))
        for m in (m for a, b in prose for m in LIST_NO_DENG_RE.finditer(text, a, b)) if "、" in text[s:e] else ():
            if any(a <= m.start() < b for a, b in taken):
                continue
            parts = m.group("items").split("、")
            if ("的" in parts[-1] or any("等" in p for p in parts) or NOT_AFTER.match(text[m.end():m.end() + 4])
                    or not all(_looks_named(_clean_name(p)) for p in parts[1:])
                    or not _looks_named(_clean_name(_LEAD_RE.split(parts[0])[-1]))):
                continue
            status = _status(text, m.end(), e)
            parts[0] = _LEAD_RE.split(parts[0])[-1]
            for p, item_end in zip(parts, _item_ends(m.start("items"), m.group("items"))):
                if punctuated(item_end - 1):
                    add(p, m.start(), e, (s, e), status)
            taken.append((m.start(), m.end()))
        last_end = s
        for pm in _PROJECT_WORD.finditer(text, s, e):
            # the name runs back from 项目 to the clause edge (at most MAX_NAME_BACK characters)
            lo = max(last_end, pm.start() - MAX_NAME_BACK)
            ns = _last_stop(text, lo, pm.start(), _NAME_STOP_RE)
            ne = last_end = pm.end()
            if pm.start() - ns < 2 or any(a <= ns < b or a < ne <= b for a, b in taken):
                continue
            if not punctuated(pm.start()):
                continue                # text without its punctuation: no edge to start a name at
            after = text[ne:ne + 4]
            if NOT_AFTER.match(after) or _COUNT_AFTER.match(after):
                continue
            raw = text[ns:ne]
            name = _LEAD_RE.split(raw)[-1]
            if ns == lo > s and lo == pm.start() - MAX_NAME_BACK and name == raw:
                continue                # no clause edge, function word or earlier project within reach
            if not _looks_named(name) or _COUNT_BEFORE.search(text[max(s, ns - 6):ne - len(name)]):
                continue
            if clause_stops is None:
                clause_stops = [m.start() for m in _CLAUSE_RE.finditer(text, s, e)]
            k = bisect_left(clause_stops, ns)
            cs = clause_stops[k - 1] + 1 if k and clause_stops[k - 1] >= s else s
            k = bisect_left(clause_stops, ne)
            ce = clause_stops[k] if k < len(clause_stops) and clause_stops[k] < e else e
            inv, qual = clause_investment(cs, ce)
            if inv is None:
                if named_mentions is None:
                    named_mentions = len(_NAMED_MENTION.findall(text, s, e))
                if named_mentions == 1:
                    inv, qual = clause_investment(s, e)      # the sentence names one project only
            add(name, ns, ne, (s, e), _status(text, ne, e), inv, qual)
        for m in ((m for a, b in prose for m in PHASE_RE.finditer(text, a, b))
                  if _PHASE_CUE.search(text, s, e) else ()):
            if any(a <= m.start() < b for a, b in taken) or not punctuated(m.end() - 1):
                continue
            status = _status(text, m.end(), e)
            if status or "土地" in text[m.end():m.end() + 6]:
                name = _LEAD_RE.split(m.group("name"))[-1]
                add(name, m.start(), m.end(), (s, e), status)
    return found.rows()
