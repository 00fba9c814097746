"""Step 3: link every figure to its indicator, subject, region and period.

Per sentence, per clause:
  periods      -> update the period state (carries forward until replaced)
  quantities   -> numbers with units, classified value / yoy growth / percentage points
  groups       -> quantities joined by 、/和 (分别 lists)
  phrase       -> the words before the group (or the counted noun after it) name the indicator
  resolve      -> region / subject / canonical indicator from the lexicon
  attach       -> a growth rate with no name of its own belongs to the figure before it
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .lexicon import get_lexicon, pos_tags
from .normalize import QUOTES as _QUOTES
from .normalize import clauses, sentences
from .numbers import Quantity, find_quantities
from .periods import Period, find_periods, resolve, sets_period
from .regions import region_at_head

_PROJECT_AFTER = re.compile(r"[^,，;；。、的]{2,30}?项目")
_PARENS = re.compile(r"\([^()]{0,12}\)")
_DIGIT_OR_CN = re.compile(r"[\d十百千]")
_LIST_SEP = re.compile(r"^(?:、|和|及|与|以及|或)$")
_NUM_MEASURE_HEAD = re.compile(r"^(?:\d+|[一二两三四五六七八九十]+)(?:个|家|户|大|项)")
_NOUN_STOPS = re.compile(
    r"(?:在|全部|集中|已经|已|正在|加快|加速|实现|进入|获得|获批|获评|等|的|将|均|陆续|全面|列入|入选|纳入|被|"
    r"开展|完成|成功|签约|开工|开复工|开\(复\)工|落地|建设|投产|启动|受益|实施|累计|发展|达到|通过|认定|申报|上半年|今年|"
    r"分别|共|参与|取得|形成|提供|用于|覆盖|带动|拉动|实施|进行|推动|作为|首次|持续|还|也|都|再|即将|新启动|新增|新签约|新开工|"
    r"新建|,|，|。)")
_MEMBERSHIP = re.compile(r"^(?:企业|家企业|户企业|项目|个项目)(?:列入|入选|纳入|获评|被评为|被认定为|认定为|进入)(?P<obj>.+)$")
_COUNTED_HEADS = ("项目", "企业", "工厂", "中心", "平台", "园区", "基地", "主体", "岗位", "村", "站", "学校", "医院")


@dataclass(slots=True)      # many per article: slots make them cheaper to build
class Obs:
    region: str
    subject: str
    indicator: str
    period: Period
    value: Quantity | None = None
    yoy: Quantity | None = None
    start: int = 0
    end: int = 0
    sent: tuple[int, int] = (0, 0)
    qualifier: str = ""


@dataclass
class Context:
    article_region: str
    ref_year: int | None
    period: Period
    known_regions: frozenset[str] = frozenset()
    last_indicator: str = ""     # the indicator most recently named, for 分区域看，A区增长x%


# ------------------------------------------------------------------ phrases
def _strip_re(p: str, rx: re.Pattern) -> tuple[str, bool]:
    m = rx.search(p)
    if not m:
        return p, False
    return p[:m.start()] + p[m.end():], True


def strip_head(p: str) -> tuple[str, bool]:
    return _strip_re(p, get_lexicon().fillers_head_re)


def strip_tail(p: str) -> tuple[str, bool]:
    return _strip_re(p, get_lexicon().fillers_tail_re)


def _remove_spans(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """text[a:b] without the given spans (sorted and not overlapping: only those inside are visited)."""
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
                 known: frozenset[str] = frozenset()) -> Phrase:
    if b <= a:
        return Phrase("")       # figures side by side: no words between them
    lex = get_lexicon()
    a = max(a, b - MAX_PHRASE)
    raw = _remove_spans(text, a, b, period_spans)
    p = _PARENS.sub("", _QUOTES.sub("", raw)).strip(" \t、")
    ph = Phrase(p)
    for w in ("预计", "力争", "计划"):
        if w in p:
            ph.qualifier = w
    if "的" in p:
        tail = p[p.rindex("的") + 1:]
        if len(tail) >= 2:
            p = tail
    for _ in range(6):
        changed = False
        if p[:1] in lex.self_first and p[:2] in lex.self_words:      # 全区/全市…
            p, changed, ph.self_region = p[2:], True, True
        reg, n = region_at_head(p, known)
        if n and p[n:n + 1] not in ("、", "和", "及", "与"):     # 绿园区、二道区分别…: a list, split later
            p, changed, ph.region = p[n:], True, reg
        p, c = strip_head(p)
        changed = changed or c
        if p.startswith(("并", "和", "及", "且", "而", "对", "为", "以", "内")) and len(p) > 2:
            p, changed = p[1:], True
        if not changed:
            break
    for _ in range(6):
        p, c = strip_tail(p)
        p, c2 = _strip_re(p, lex.qual_pre_tail_re)
        if not (c or c2):
            break
    ph.text = p.strip(" 、")
    return ph


def _pos(text: str):
    return list(pos_tags(text))


def has_noun(text: str) -> bool:
    return any(f.startswith("n") or f in ("nz", "eng", "j") for _, f in _pos(text))


def ends_with_verb(text: str) -> bool:
    """应用了, 规划建设: the words before a count are an action; the counted noun follows the number."""
    toks = _pos(text)
    return bool(toks) and (toks[-1][0] == "了" or toks[-1][1] in ("v", "vn"))


def tidy(text: str) -> str:
    """Open-vocabulary indicator phrase: drop leading function words; keep verb+object after a noun."""
    toks = _pos(text)
    while toks and toks[0][1][:1] in ("d", "p", "c", "u", "r") and len(toks) > 1:
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
    seg = text[pos:min(end, pos + MAX_PHRASE)]       # the counted noun is a phrase too
    m = _NOUN_STOPS.search(seg)
    noun = seg[:m.start()] if m else seg
    noun = _QUOTES.sub("", noun).split("、")[0]
    mm = _MEMBERSHIP.match(_QUOTES.sub("", seg))
    if mm:
        obj = _NOUN_STOPS.split(mm.group("obj"))[0]
        if len(obj) >= 2:
            return obj
    return noun if len(noun) >= 2 else ""


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
                name = _NUM_MEASURE_HEAD.sub("", p[:cut])
                rest = p[cut:]
                if len(name) >= len(suf) and not (rest and rest[0] in "链群"):
                    subject, p = name, rest
                    break
        if subject and subject in lex.subject_of:
            subject = lex.subject_of[subject]
    if subject:
        for _ in range(3):
            p, c = strip_head(p.removeprefix("分别") if len(p) > 2 else p)
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
    if len(parts) != n:
        parts = [x for x in re.split(r"、|和|及|与", p) if x]
    if len(parts) != n:
        return None
    # 规上工业产值和增加值: later bare heads share the first item's modifiers
    lex = get_lexicon()
    first = parts[0]
    for j in range(1, n):
        if parts[j] not in lex.indicator_of:
            continue
        for k in range(1, len(first) - 1):
            if first[k:] in lex.indicator_of and first[:k] + parts[j] in lex.indicator_of:
                parts[j] = first[:k] + parts[j]
                break
    return parts


# ------------------------------------------------------------------ groups
def group_quantities(text: str, qs: list[Quantity]) -> list[list[Quantity]]:
    groups: list[list[Quantity]] = []
    for q in qs:
        if groups:
            prev = groups[-1][-1]
            between = text[prev.end:(q.verb_start if q.kind == "yoy" and q.verb_start >= 0 else q.start)]
            if prev.kind == q.kind and _LIST_SEP.match(between.strip()) and q.kind in ("value", "yoy"):
                if q.kind == "yoy" or prev.unit.kind == q.unit.kind:
                    groups[-1].append(q)
                    continue
        groups.append([q])
    return groups


# ------------------------------------------------------------------ sentences
def topic_of(text: str, a: int, b: int) -> str:
    """A subject named by a clause without figures (以吉通机械为主导的汽车轻量化产业发展迅猛)."""
    lex = get_lexicon()
    p = _QUOTES.sub("", text[a:b])
    if "的" in p:
        p = p[p.rindex("的") + 1:]
    m = lex.subject_re.match(p)
    if m:
        return lex.subject_of[m.group(0)]
    for suf in ("产业集群", "产业", "集团", "品牌"):
        i = p.find(suf)
        if 2 <= i <= 12 and p[i + len(suf):i + len(suf) + 1] not in ("园", "链", "化", "基", "区"):
            name = p[:i + len(suf)]
            if not region_at_head(name)[1] and name[:2] not in lex.self_words:
                return name
    return ""


def track_periods(text: str, s: int, e: int, ctx: Context) -> None:
    """A sentence without figures still moves the period state forward."""
    pms = find_periods(text, s, e)
    if not pms:
        return
    starts = [pm.start for pm in pms]
    for cs, ce in clauses(text, s, e):
        for pm in pms[bisect_left(starts, cs):bisect_left(starts, ce)]:
            if pm.end <= ce and sets_period(text, pm, cs):
                ctx.period = resolve(pm, ctx.ref_year, ctx.period)


@dataclass
class _Sentence:
    """What carries from one figure group to the next inside a sentence."""
    s: int
    e: int
    out: list[Obs] = field(default_factory=list)
    region: str = ""                # the region named last in the sentence
    topic: str = ""                 # the subject named last (or by a clause without figures)
    prev_group: list[Obs] = field(default_factory=list)


@dataclass
class _Clause:
    """A clause of the sentence: its bounds, period, period spans and figures."""
    cs: int
    ce: int
    period: Period
    new_period: bool                # the clause names a period of its own
    spans: list[tuple[int, int]]
    qs: list[Quantity]


def _left_end(q: Quantity) -> int:
    """Where the words naming a figure end: before the growth verb of a rate (增长5%), else at the number."""
    return q.verb_start if q.kind == "yoy" and q.verb_start >= 0 else q.start


def clause_period(text: str, cs: int, ce: int, pms: list, ctx: Context) -> tuple[Period, bool]:
    """Step: the periods a clause names move the period state; the clause's period is the first it sets."""
    first = None
    for pm in pms:
        if sets_period(text, pm, cs):
            ctx.period = resolve(pm, ctx.ref_year, ctx.period)
            if first is None:
                first = ctx.period
    return (first or ctx.period), first is not None


def group_region(ph: Phrase, st: _Sentence, ctx: Context) -> str:
    """Step: a region named in the phrase holds for the rest of the sentence; 全区/全市 is the article's."""
    if ph.region:
        st.region = ph.region
    if ph.self_region and not ph.region:
        return ctx.article_region
    return ph.region or st.region or ctx.article_region


def counted_noun_row(text: str, g0: Quantity, ph: Phrase, region: str, cl: _Clause, st: _Sentence) -> Obs | None:
    """Step: a count named by the noun after it (78个5000万元以上项目, 91个重点项目集中签约)."""
    if g0.kind != "value" or g0.unit.kind not in ("count", "people", "livestock"):
        return None
    nxt = text[g0.end:g0.end + 1]
    if not (nxt and ("\u4e00" <= nxt <= "\u9fff" or nxt.isdigit() or nxt in "“「\"")):
        return None
    stop = next((q.start for q in cl.qs if q.start >= g0.end and q.kind != "skip"), cl.ce)
    noun = right_noun(text, g0.end, stop)
    left_has_term = bool(ph.text) and bool(get_lexicon().indicator_re.search(ph.text))
    if not (noun and (ph.text.endswith("等") or not ph.text or not has_noun(ph.text)
                      or (not left_has_term and (noun.endswith(_COUNTED_HEADS) or ends_with_verb(ph.text))))):
        return None
    subj, ind = resolve_item(noun)
    if noun in ("项目", "企业"):
        verb = next((pat for pat, _ in get_lexicon().status_rules if text.startswith(pat, g0.end + len(noun))), "")
        ind = f"{verb}{noun}" if verb else ind
    return Obs(region, subj, ind or noun, cl.period, value=g0, start=g0.start,
               end=g0.end + len(noun), sent=(st.s, st.e), qualifier=ph.qualifier)


def verb_pair_items(ph: Phrase, n: int, topic: str) -> list[tuple[str, str]] | None:
    """Step: 分别产销整车…万辆和…万辆: a verb pair names the items of a list of n figures."""
    lex = get_lexicon()
    pair = next((vp for vp in lex.verb_pairs if vp in ph.text), None) if n > 1 else None
    if not pair:
        return None
    k = ph.text.index(pair)
    before, obj = ph.text[:k], ph.text[k + len(pair):]
    subj = (resolve_item(before)[0] if before else "") or topic
    names = [obj + it if obj else it for it in lex.verb_pairs[pair]]
    items = [(subj, lex.indicator_of.get(nm, nm)) for nm in names[:n]]
    return items if len(items) == n else None


def list_items(ph: Phrase, n: int, item_regions: list[str], ctx: Context) -> list[tuple[str, str]] | None:
    """Step: 分别 lists: n names for n figures; a bare region in the list takes the indicator named before."""
    parts = split_items(ph.text.replace("分别", ""), n)
    if not parts:
        return None
    items = []
    for k, x in enumerate(parts):
        reg, used = region_at_head(x, ctx.known_regions)
        if used and used == len(x) and ctx.last_indicator:
            item_regions[k] = reg          # 南关区、朝阳区分别增长5.1%和6.2%
            items.append(("", ctx.last_indicator))
        else:
            items.append(resolve_item(x))
    return items


def name_items(ph: Phrase, n: int, item_regions: list[str], topic: str, ctx: Context) -> list[tuple[str, str]] | None:
    """Step: (subject, indicator) per figure of the group from the words before it; None when unnamed."""
    items = verb_pair_items(ph, n, topic)
    if not ph.text:
        # 南关区增长9.1%: a region (or 全市) alone takes the indicator named before it
        if ph.region and ctx.last_indicator:
            items = [("", ctx.last_indicator)] * n
    elif n > 1:
        items = list_items(ph, n, item_regions, ctx) or items
    else:
        items = [resolve_item(ph.text)]
    return items


def share_last_indicator(items: list[tuple[str, str]] | None, g0: Quantity) -> list[tuple[str, str]] | None:
    """Step: 一汽集团、长客分别完成产值…: the indicator named once, after the last subject, is shared;
    subjects with a growth rate and no indicator at all grow by 增速."""
    if items and len(items) > 1 and items[-1][1] and not all(ind for _, ind in items):
        items = [(sj, ind or items[-1][1]) for sj, ind in items]
    if items is not None and all(not ind for _, ind in items) and g0.kind == "yoy" and any(sj for sj, _ in items):
        items = [(sj, "增速") for sj, _ in items]
    return items


def attach_growth(group: list[Quantity], st: _Sentence) -> bool:
    """Step: a growth rate (or 分别 list of them) with no name of its own belongs to the figures just
    before it.  True when the group was attached."""
    g0, n = group[0], len(group)
    if g0.kind != "yoy":
        return False
    if n > 1 and len(st.prev_group) != n and len(st.out) >= n:
        st.prev_group = st.out[-n:]     # 接待游客…，旅游收入…，分别增长18.5%和21.3%
    if not (st.prev_group and len(st.prev_group) in (n, 1)):
        return False
    targets = st.prev_group if len(st.prev_group) == n else st.prev_group * n
    for ob, q in zip(targets, group):
        if ob.yoy is None:
            ob.yoy = q
            ob.end = max(ob.end, q.end)
    return True


def fill_from_previous(items: list[tuple[str, str]], st: _Sentence) -> list[tuple[str, str]] | None:
    """Step: items without an indicator take the one of the figures before; None when there is none."""
    items = [(sj, ind or (st.prev_group[0].indicator if st.prev_group else "")) for sj, ind in items]
    return None if any(not ind for _, ind in items) else items


def project_after(text: str, g0: Quantity, n: int, ce: int, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Step: 总投资209亿元的奥迪PPE项目: the figure is about the project named right after it."""
    if n == 1 and g0.kind == "value" and text.startswith("的", g0.end):
        pm = _PROJECT_AFTER.match(text, g0.end + 1, ce)
        if pm:
            return [(pm.group(0), ind) for _, ind in items]
    return items


def shares(items: list[tuple[str, str]], prev_group: list[Obs]) -> list[tuple[str, str]]:
    """Step: 占工业投资比重31.6%: a share of the figure named before it."""
    if not prev_group or prev_group[0].indicator.startswith("占"):
        return items
    return [(sj, prev_group[0].indicator + ind if ind.startswith("占") else ind) for sj, ind in items]


def emit(items: list[tuple[str, str]], group: list[Quantity], item_regions: list[str], region: str,
         ph: Phrase, cl: _Clause, st: _Sentence, ctx: Context) -> None:
    """Step: one observation per figure; an unnamed subject is the sentence's topic."""
    new_group = []
    for (subj, ind), q, reg in zip(items, group, item_regions):
        if not subj and not ph.self_region and not ph.region and reg == region:
            subj = st.topic
        ob = Obs(reg, subj, ind, cl.period, start=q.start, end=q.end, sent=(st.s, st.e), qualifier=ph.qualifier)
        ctx.last_indicator = ind
        if q.kind == "yoy":
            ob.yoy = q
        else:
            ob.value = q
        st.out.append(ob)
        new_group.append(ob)
        if subj:
            st.topic = subj
    st.prev_group = new_group


def read_group(text: str, group: list[Quantity], cursor: int, cl: _Clause, st: _Sentence, ctx: Context) -> int:
    """The figures of one group (a figure, or a 分别 list) and the words before them; returns the new cursor."""
    g0, n = group[0], len(group)
    ph = clean_phrase(text, cursor, _left_end(g0), cl.spans, ctx.known_regions)
    cursor = group[-1].end
    if g0.kind == "pp":
        return cursor
    region = group_region(ph, st, ctx)
    if n == 1:
        row = counted_noun_row(text, g0, ph, region, cl, st)
        if row is not None:
            st.out.append(row)
            st.prev_group = [row]
            return row.end
    item_regions = [region] * n
    items = share_last_indicator(name_items(ph, n, item_regions, st.topic, ctx), g0)
    if items is None or any(not ind for _, ind in items):
        if attach_growth(group, st) or items is None:
            return cursor
        items = fill_from_previous(items, st)
        if items is None:
            return cursor
    items = shares(project_after(text, g0, n, cl.ce, items), st.prev_group)
    emit(items, group, item_regions, region, ph, cl, st, ctx)
    return cursor


def extract_sentence(text: str, s: int, e: int, ctx: Context) -> list[Obs]:
    """clause periods -> figure groups -> (counted noun | names | growth attachment) -> observations."""
    sent_qs = find_quantities(text, s, e) if _DIGIT_OR_CN.search(text, s, e) else []
    if not any(q.kind != "skip" for q in sent_qs):
        track_periods(text, s, e, ctx)
        return []
    st = _Sentence(s, e)
    sent_pms = find_periods(text, s, e)
    # quantities and periods are leftmost first: each clause takes its own slice (not a rescan)
    q_starts = [q.start for q in sent_qs]
    pm_starts = [pm.start for pm in sent_pms]
    subject_heads = tuple(get_lexicon().subject_of)
    for cs, ce in clauses(text, s, e):
        pms = [pm for pm in sent_pms[bisect_left(pm_starts, cs):bisect_left(pm_starts, ce)] if pm.end <= ce]
        period, new_period = clause_period(text, cs, ce, pms, ctx)
        qs = [q for q in sent_qs[bisect_left(q_starts, cs):bisect_left(q_starts, ce)] if q.end <= ce]
        live = [q for q in qs if q.kind in ("value", "yoy", "pp")]
        if not live:
            st.topic = topic_of(text, cs, ce)     # a clause about something else ends the topic
            continue
        if new_period and not text[cs:ce].startswith(subject_heads):
            st.topic = ""
        cl = _Clause(cs, ce, period, new_period, [(pm.start, pm.end) for pm in pms], qs)
        cursor = cs
        for group in group_quantities(text, live):
            cursor = read_group(text, group, cursor, cl, st, ctx)
    return st.out


def extract(text: str, ctx: Context, spans: list[tuple[int, int]] | None = None) -> list[Obs]:
    from .tables import rows_from_block
    obs: list[Obs] = []
    block: list[tuple[int, int]] = []
    for s, e in (spans if spans is not None else sentences(text)):
        if "\t" in text[s:e]:
            block.append((s, e))      # table rows are read together, as a block
            continue
        if block:
            obs.extend(rows_from_block(text, block, ctx))
            block = []
        obs.extend(extract_sentence(text, s, e, ctx))
    if block:
        obs.extend(rows_from_block(text, block, ctx))
    return obs
