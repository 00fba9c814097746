"""Named investment projects: "总投资209亿元的奥迪PPE项目实现样车下线", "吉通七期、海悦药业一期等重大项目主体封闭".

Three shapes, each a small step:
  lists   A、B、C等(一批/N个/重点)项目|工程 + status
  named   <name>项目(一期), scanning back from 项目 to a clause edge or a function word
  phases  <name>N期 + a status word
Investment (亿元) comes from 总投资/投资 N亿元 in the same clause, else the same sentence when it names
one project only; status from the first status word after the name (data/project_status.csv).
"""
from __future__ import annotations

import re

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
_ITEM = r"[^，,；;：:。！？!?\n、]{2,40}?"
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


def _last_stop(text: str, a: int, b: int, rx: re.Pattern) -> int:
    """Index just after the last ``rx`` match in text[a:b], or ``a`` when there is none."""
    pos = a
    for m in rx.finditer(text, a, b):
        pos = m.end()
    return pos



def _status(text: str, pos: int, end: int) -> str:
    window = text[pos:min(end, pos + 24)]
    best = None
    for pat, status in get_lexicon().status_rules:
        i = window.find(pat)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, status)
    return best[1] if best else ""


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
    core = re.sub(r"项目(?:[一二三四五六七八九]期)?$", "", _QUOTES.sub("", name))
    toks = [(w, f) for w, f in pos_tags(core) if w.strip()]
    if not toks:
        return False
    if toks[0][1][:1] in ("v", "d", "p", "c", "r", "u") and toks[0][1] != "vn":
        return False
    if all(f[:1] in ("v", "d", "a") for _, f in toks):
        return False
    return not (toks[-1][1] in ("v", "d", "ad") and len(toks) > 1 and toks[-1][0] not in WORKS)


def _is_generic(name: str) -> bool:
    core = re.sub(r"\d+(?:\.\d+)?(?:万|亿)?(?:元)?", "", name)
    core = re.sub(r"[一二三四五六七八九]期$", "", core)
    core = _GENERIC_RE.sub("", core)
    core = re.sub(r"[()（）\s、和及与的等]", "", core)
    return len(core) < 2


def _investment(text: str, a: int, b: int) -> tuple[float | None, str]:
    """总投资/投资 N亿元 between a and b, in 亿元."""
    for q in find_quantities(text, a, b):
        if q.unit.kind == "money" and q.kind == "value" and re.search(r"(?:总投资|投资|投入)(?:约|近|超过?|达)?$", text[max(a, q.start - 6):q.start]):
            return q.number * q.factor / 1e8, q.qualifier
    return None, ""


def extract_projects(article: str, norm: Normalized, own_region: str, known: frozenset[str] = frozenset(),
                     spans: list[tuple[int, int]] | None = None) -> list[dict]:
    text = norm.text
    found: dict[str, dict] = {}

    def add(name: str, s: int, e: int, sent: tuple[int, int], status: str, inv=None, qual=""):
        name = _clean_name(name)
        if len(name) < 3 or "等" in name or _is_generic(name) or re.search(r"\d+(?:个|项|户)", name):
            return
        reg, n = region_at_head(name, known)
        rest = name[n:]
        while rest and region_at_head(rest)[1]:
            rest = rest[region_at_head(rest)[1]:]
        if n and reg in get_lexicon().regions and _is_generic(rest):
            return              # 长春市双阳区项目: a place, not a project
        region = reg if n else own_region
        ns = text.find(name, s, e + 2)
        ns = s if ns < 0 else ns
        start, end = norm.span_to_orig(ns, ns + len(name))
        ss, se = norm.span_to_orig(*sent)
        row = {"article": article, "region": region, "name": name, "investment": inv, "qualifier": qual,
               "status": status, "sentence": re.sub(r"\s+", " ", text[sent[0]:sent[1]]).strip(),
               "start": start, "end": end, "sent_start": ss, "sent_end": se}
        old = found.get(name)
        if old is None:
            for other in list(found):
                if name in other or other in name:
                    if len(name) > len(other) and found[other]["investment"] is None:
                        pass
                    old = found[other]
                    break
        if old is None:
            found[name] = row
        else:
            if old["investment"] is None and inv is not None:
                old["investment"], old["qualifier"] = inv, qual
            if not old["status"] and status:
                old["status"] = status

    for s, e in (spans if spans is not None else sentences(text)):
        if not _CUE.search(text, s, e):
            continue
        taken: list[tuple[int, int]] = []
        for m in (LIST_RE.finditer(text, s, e) if "等" in text[s:e] else ()):
            if ("企业" in m.group("mid") or _COUNT_BEFORE.search(m.group("items"))
                    or NOT_AFTER.match(text[m.end():m.end() + 4])):
                continue
            status = _status(text, m.end(), e)
            items = m.group("items")
            base = m.start("items")
            first = _LEAD_RE.split(items.split("、")[0])[-1]
            parts = [first] + items.split("、")[1:]
            off = base
            for p in parts:
                add(p, off, e, (s, e), status)
                off += len(p) + 1
            taken.append((m.start(), m.end()))
        for m in (LIST_NO_DENG_RE.finditer(text, s, e) if "、" in text[s:e] else ()):
            if any(a <= m.start() < b for a, b in taken):
                continue
            parts = m.group("items").split("、")
            if ("的" in parts[-1] or any("等" in p for p in parts) or NOT_AFTER.match(text[m.end():m.end() + 4])
                    or not all(_looks_named(_clean_name(p)) for p in parts[1:])
                    or not _looks_named(_clean_name(_LEAD_RE.split(parts[0])[-1]))):
                continue
            status = _status(text, m.end(), e)
            parts[0] = _LEAD_RE.split(parts[0])[-1]
            for p in parts:
                add(p, m.start(), e, (s, e), status)
            taken.append((m.start(), m.end()))
        last_end = s
        for pm in _PROJECT_WORD.finditer(text, s, e):
            # the name runs back from 项目 to the clause edge (at most 40 characters)
            ns = _last_stop(text, max(last_end, pm.start() - 40), pm.start(), _NAME_STOP_RE)
            ne = last_end = pm.end()
            if pm.start() - ns < 2 or any(a <= ns < b or a < ne <= b for a, b in taken):
                continue
            after = text[ne:ne + 4]
            if NOT_AFTER.match(after) or _COUNT_AFTER.match(after):
                continue
            raw = text[ns:ne]
            name = _LEAD_RE.split(raw)[-1]
            if not _looks_named(name) or _COUNT_BEFORE.search(text[max(s, ns - 6):ne - len(name)]):
                continue
            cs = _last_stop(text, s, ns, _CLAUSE_RE)
            cm = _CLAUSE_RE.search(text, ne, e)
            ce = cm.start() if cm else e
            inv, qual = _investment(text, cs, ce)
            if inv is None and len(_NAMED_MENTION.findall(text, s, e)) == 1:
                inv, qual = _investment(text, s, e)      # the sentence names one project only
            add(name, ns, ne, (s, e), _status(text, ne, e), inv, qual)
        for m in (PHASE_RE.finditer(text, s, e) if _PHASE_CUE.search(text, s, e) else ()):
            if any(a <= m.start() < b for a, b in taken):
                continue
            status = _status(text, m.end(), e)
            if status or "土地" in text[m.end():m.end() + 6]:
                name = _LEAD_RE.split(m.group("name"))[-1]
                add(name, m.start(), m.end(), (s, e), status)
    return list(found.values())
