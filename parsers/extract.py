"""Step 3: link every figure to its indicator, subject, region and period.

Per sentence, per clause:
  periods      -> update the period state (carries forward until replaced)
  quantities   -> numbers with units, classified value / yoy growth / percentage points
  groups       -> quantities joined by 、/和 (分别 lists)
  phrase       -> the words before the group (or the counted noun after it) name the indicator (phrases.py)
  resolve      -> region / subject / canonical indicator from the lexicon (phrases.py)
  attach       -> a growth rate with no name of its own belongs to the figure before it
TAB-separated table rows are read as blocks by tables.py.
"""
from __future__ import annotations


from .lexicon import get_lexicon
from .model import Context, Obs
from .normalize import QUOTES as _QUOTES
from .normalize import clauses, sentences
from .numbers import Quantity, find_quantities, may_hold_figure_re
from .periods import Period, find_periods, resolve, sets_period
from .periods import gate as period_gate
from .phrases import MAX_PHRASE  # noqa: F401  (re-exported: the bounds test reads it here)
from .phrases import (Phrase, bound, clean_phrase, ends_with_verb, has_noun, is_sector_noun, memo_phrase,
                      names_indicator, resolve_item, right_noun, rules, split_items)
from .regions import region_at_head
from .tables import rows_from_block

COUNT_KINDS = ("count", "people", "livestock")     # units.csv kinds of figures that count things
LIVE_KINDS = frozenset(("value", "yoy", "pp"))      # the kinds of quantities read as figures


# ------------------------------------------------------------------ groups
def group_quantities(text: str, qs: list[Quantity]) -> list[list[Quantity]]:
    if len(qs) == 1:
        return [qs]             # a figure alone is its own group
    groups: list[list[Quantity]] = []
    for q in qs:
        if groups:
            prev = groups[-1][-1]
            between = text[prev.end:(q.verb_start if q.kind == "yoy" and q.verb_start >= 0 else q.start)]
            if q.kind == "yoy" and between.endswith("-"):
                between = between[:-1]      # 分别增长5.3%和-3.8%: the minus is the rate's sign
            if prev.kind == q.kind and rules().figure_joiner.match(between.strip()) and q.kind in ("value", "yoy"):
                if q.kind == "yoy" or prev.unit.kind == q.unit.kind:
                    groups[-1].append(q)
                    continue
        groups.append([q])
    return groups


# ------------------------------------------------------------------ sentences
TOPIC_SUFFIX_AT = 12        # a topic's suffix starts at most this far into its clause (2..12 characters of name)


def topic_of(text: str, a: int, b: int) -> str:
    """A subject named by a clause without figures (以吉通机械为主导的汽车轻量化产业发展迅猛)."""
    return _clause_topic(text[a:b])


@memo_phrase
def _clause_topic(clause: str) -> str:
    lex, rx = get_lexicon(), rules()
    p = _QUOTES.sub("", clause)
    possessive = rx.possessive
    if possessive in p:
        p = p[p.rindex(possessive) + len(possessive):]
    m = lex.subject_re.match(p)
    if m:
        return lex.subject_of[m.group(0)]
    if not rx.topic_suffix.search(p, 2, TOPIC_SUFFIX_AT + 1 + rx.topic_suffix_len):
        return ""                   # no suffix starts within reach: the loop below finds nothing
    stops = rx["topic_suffix_stop"]
    for suf in rx["topic_suffix"]:
        i = p.find(suf)
        if 2 <= i <= TOPIC_SUFFIX_AT and p[i + len(suf):i + len(suf) + 1] not in stops:
            name = p[:i + len(suf)]
            if not region_at_head(name)[1] and name[:2] not in lex.self_words:
                return name
    return ""


def set_period(pm, ctx: Context, part: bool = False, text: str | None = None) -> None:
    """The period state moves to ``pm``'s period.  A stock's point in time (年末/6月末 before 余额, 人口…), or
    (``part``) the last month of the cumulative period in force marked as a part of it (其中5月份当月), holds to
    the end of its sentence only: the flows after it go on with the period in force before it
    (end_stock_period restores it), so 1-11月 figures after "11月末，贷款余额…" stay 1-11月."""
    new = resolve(pm, ctx.ref_year, ctx.period)
    if pm.stock or (part and _last_month_of(new, ctx.period)):
        if ctx.flow_period is None:
            ctx.flow_period = ctx.period
    else:
        ctx.flow_period = None
    ctx.period = new
    ctx.lag_end = None
    if text is not None and lags(new, ctx.article_period):
        end = text.find("\n", pm.end)
        ctx.lag_end = len(text) if end < 0 else end


def lags(new: Period, own: Period | None) -> bool:
    """服务业。1-7月，全区规上服务业营业收入… in a 1-8月 report: a section whose statistics come a month (or
    more) later states the shorter cumulative period of the same year.  It holds to the end of its
    paragraph; the next paragraph is the report's period again (end_lagging_period).  Only for a report of
    months (a year's report, or a title naming only its year, has no "report period" to go back to)."""
    return (own is not None and own.kind != "year" and own.month_from is not None and own.month_to is not None
            and new.year == own.year and new.month_from == own.month_from
            and new.month_to is not None and new.month_to < own.month_to)


def end_lagging_period(s: int, ctx: Context) -> None:
    """Before a sentence: a lagging section's period ends with its paragraph."""
    if ctx.lag_end is not None and s > ctx.lag_end:
        ctx.period, ctx.lag_end, ctx.flow_period = ctx.article_period, None, None


def _last_month_of(new: Period, cur: Period) -> bool:
    """1-5月…增长10.2%，其中5月份当月增长11.6%: the last month of the cumulative period in force is a part of
    it; like a stock's point in time it holds to the end of its sentence, the range goes on after it."""
    return (new.month_from is not None and new.month_from == new.month_to and cur.month_from is not None
            and cur.month_to is not None and cur.month_from < cur.month_to == new.month_to
            and new.year == cur.year)


def end_stock_period(text: str, s: int, e: int, ctx: Context, stock_words=None) -> None:
    """Before a sentence: a stock's point in time set earlier ends here unless this sentence states
    stocks too (年末常住人口…。城镇人口…。 stays 年末; 全年粮食产量… goes back to the year)."""
    if stock_words is None:
        stock_words = get_lexicon().period_data["stock_words"]
    if ctx.flow_period is not None and not any(w in text[s:e] for w in stock_words):
        ctx.period, ctx.flow_period = ctx.flow_period, None


def track_periods(text: str, s: int, e: int, ctx: Context) -> None:
    """A sentence without figures still moves the period state forward."""
    pms = find_periods(text, s, e)
    if not pms:
        return
    k, n = 0, len(pms)
    for cs, ce in clauses(text, s, e):      # each clause takes its run of periods (a cursor, leftmost first)
        while k < n and pms[k].start < cs:
            k += 1
        while k < n and pms[k].start < ce:
            pm = pms[k]
            if pm.end <= ce and sets_period(text, pm, cs):
                set_period(pm, ctx, text=text)
            k += 1
        if k == n:
            break                           # no period left: the other clauses move nothing


class _Sentence:
    """What carries from one figure group to the next inside a sentence."""
    __slots__ = ("s", "e", "out", "region", "topic", "prev_group")

    def __init__(self, s: int, e: int) -> None:
        self.s, self.e = s, e
        self.out: list[Obs] = []
        self.region = ""                # the region named last in the sentence
        self.topic = ""                 # the subject named last (or by a clause without figures)
        self.prev_group: list[Obs] = []


class _Clause:
    """A clause of the sentence: its bounds, period, period spans and figures (new_period: the clause
    names a period of its own)."""
    __slots__ = ("cs", "ce", "period", "new_period", "spans", "qs")

    def __init__(self, cs: int, ce: int, period: Period, new_period: bool, spans: list[tuple[int, int]],
                 qs: list[Quantity]) -> None:
        self.cs, self.ce, self.period, self.new_period, self.spans, self.qs = cs, ce, period, new_period, spans, qs


def _left_end(q: Quantity) -> int:
    """Where the words naming a figure end: before the growth verb of a rate (增长5%), else at the number."""
    return q.verb_start if q.kind == "yoy" and q.verb_start >= 0 else q.start


def clause_period(text: str, cs: int, ce: int, pms: list, ctx: Context) -> tuple[Period, bool]:
    """Step: the periods a clause names move the period state; the clause's period is the first it sets."""
    first = None
    for pm in pms:
        if sets_period(text, pm, cs):
            set_period(pm, ctx, _marked_part(text, cs, pm), text)
            if first is None:
                first = ctx.period
    return (first or ctx.period), first is not None


def _marked_part(text: str, cs: int, pm) -> bool:
    """其中，5月份当月…: a marker of a part (periods.yaml month_part_markers) before the period in its clause,
    in it or right after it."""
    markers = get_lexicon().period_data["month_part_markers"]
    near = text[cs:pm.end + 2]
    return any(w in near for w in markers)


def group_region(ph: Phrase, st: _Sentence, ctx: Context) -> str:
    """Step: a region named in the phrase holds for the rest of the sentence; 全区/全市 is the article's."""
    if ph.region:
        st.region = ph.region
    if ph.self_region and not ph.region:
        return ctx.article_region
    return ph.region or st.region or ctx.article_region


def counted_noun_row(text: str, g0: Quantity, ph: Phrase, region: str, cl: _Clause, st: _Sentence) -> Obs | None:
    """Step: a count named by the noun after it (78个5000万元以上项目, 91个重点项目集中签约)."""
    if g0.kind != "value" or g0.unit.kind not in COUNT_KINDS:
        return None
    nxt = text[g0.end:g0.end + 1]
    if not (nxt and ("\u4e00" <= nxt <= "\u9fff" or nxt.isdigit() or nxt in "“「\"")):
        return None
    stop = cl.ce
    for q in cl.qs:
        if q.start >= g0.end and q.kind != "skip":
            stop = q.start
            break
    noun = right_noun(text, g0.end, stop)
    if not noun:
        return None
    rx, p = rules(), ph.text
    if not (not p or p.endswith(rx["list_end"]) or not has_noun(p)
            or ((noun.endswith(rx["counted_head"]) or ends_with_verb(p)) and not names_indicator(p))):
        return None
    subj, ind = resolve_item(noun)
    if noun in rx["status_noun"]:
        verb = next((pat for pat, _ in get_lexicon().status_rules if text.startswith(pat, g0.end + len(noun))), "")
        ind = f"{verb}{noun}" if verb else ind
    return Obs(region, subj, ind or noun, cl.period, g0, None, g0.start, g0.end + len(noun), (st.s, st.e),
               ph.qualifier)


def verb_pair_items(ph: Phrase, n: int, topic: str) -> list[tuple[str, str]] | None:
    """Step: 分别产销整车…万辆和…万辆: a verb pair names the items of a list of n figures (mode suffix: the
    object, then each item: 整车产量, 整车销量; mode prefix: each item, then the object: 城镇居民人均…)."""
    lex = get_lexicon()
    pair = next((vp for vp in lex.verb_pairs if vp in ph.text), None) if n > 1 else None
    if not pair:
        return None
    k = ph.text.index(pair)
    before, obj = ph.text[:k], ph.text[k + len(pair):]
    subj = (resolve_item(before)[0] if before else "") or topic
    if lex.verb_pair_modes.get(pair) == "prefix":
        names = [it + obj for it in lex.verb_pairs[pair]]       # 城乡居民人均可支配收入 -> 城镇居民…, 农村居民…
    else:
        names = [obj + it if obj else it for it in lex.verb_pairs[pair]]
    items = [(subj, lex.indicator_of.get(nm, nm)) for nm in names[:n]]
    return items if len(items) == n else None


def list_items(ph: Phrase, n: int, item_regions: list[str], ctx: Context) -> list[tuple[str, str]] | None:
    """Step: 分别 lists: n names for n figures; a bare region in the list takes the indicator named before."""
    parts = split_items(ph.text.replace(rules().first("distributive"), ""), n)
    if not parts:
        return None
    items = []
    for k, x in enumerate(parts):
        reg, used = region_at_head(x, ctx.known_regions, ctx.article_region)
        if used and used == len(x) and ctx.last_indicator:
            item_regions[k] = reg          # 南关区、朝阳区分别增长5.1%和6.2%
            items.append(("", ctx.last_indicator))
        elif is_sector_noun(x) or _aggregate_part(x, parts[-1]):
            items.append((x, ""))          # 汽车制造业、医药制造业增加值分别…: the indicator is shared
        else:
            items.append(resolve_item(x))
    return items


def _aggregate_part(x: str, last: str) -> bool:
    """采矿业、制造业和电力…业产值分别…: a region-wide sector (制造业) listed before a head the items share (the
    head ending the last item), or named alone after a figure of that head (…增加值增长6.3%，其中制造业增长7.2%),
    is a subject, unless sector and head make an indicator (工业增加值)."""
    lex, rx = get_lexicon(), rules()
    if x not in rx["aggregate_sector"] or x in lex.indicator_of:
        return False
    head = next((h for h in rx["sector_head"] if last.endswith(h)), "")
    return bool(head) and x + head not in lex.indicator_of


def name_items(ph: Phrase, n: int, item_regions: list[str], topic: str, prev_indicator: str,
               ctx: Context, period_only: bool = False) -> list[tuple[str, str]] | None:
    """Step: (subject, indicator) per figure of the group from the words before it; None when unnamed.
    A sector named alone takes the indicator of the figures before it in the sentence."""
    items = verb_pair_items(ph, n, topic) if n > 1 else None
    if not ph.text:
        # 南关区增长9.1%: a region (or 全市) alone takes the indicator named before it; so does a period
        # alone (其中，5月份当月增长11.6%)
        if (ph.region or period_only) and ctx.last_indicator:
            items = [("", ctx.last_indicator)] * n
    elif n > 1:
        items = list_items(ph, n, item_regions, ctx) or items
    elif prev_indicator and (is_sector_noun(ph.text) or _aggregate_part(ph.text, prev_indicator)):
        items = [(ph.text, prev_indicator)]     # …营业额增长6.3%，其中餐饮业增长8.0%: the same indicator, a part
    else:
        items = [resolve_item(ph.text)]
    return items


def share_last_indicator(items: list[tuple[str, str]] | None, g0: Quantity) -> list[tuple[str, str]] | None:
    """Step: 一汽集团、长客分别完成产值…: the indicator named once, after the last subject, is shared;
    subjects with a growth rate and no indicator at all grow by 增速."""
    if items and len(items) > 1 and items[-1][1] and not all(ind for _, ind in items):
        items = [(sj, ind or items[-1][1]) for sj, ind in items]
    if g0.kind == "yoy" and items is not None and all(not ind for _, ind in items) and any(sj for sj, _ in items):
        items = [(sj, rules().first("growth_indicator")) for sj, _ in items]
    return items


def _is_share(ob: Obs) -> bool:
    """A share or completion rate (占…比重21.5%, 完成年度目标的76.8%): a level in percent."""
    return ob.value is not None and ob.yoy is None and ob.value.unit.kind == "percent"


def attach_growth(group: list[Quantity], st: _Sentence) -> bool:
    """Step: a growth rate (or 分别 list of them) with no name of its own belongs to the figures just
    before it.  True when the group was attached."""
    g0, n = group[0], len(group)
    if g0.kind != "yoy":
        return False
    if n > 1 and len(st.prev_group) != n and len(st.out) >= n:
        st.prev_group = st.out[-n:]     # 接待游客…，旅游收入…，分别增长18.5%和21.3%
    if n == 1 and st.prev_group and all(_is_share(ob) for ob in st.prev_group):
        # 收入完成8.63亿元，占年度预算的62.4%，同比增长3.1%: the growth is the level's, not the share's
        level = next((ob for ob in reversed(st.out) if not _is_share(ob)), None)
        if level is None or level.yoy is not None:
            return True         # (a share's own growth is not read: the rate is dropped)
        st.prev_group = [level]
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
    possessive = rules().possessive
    if n == 1 and g0.kind == "value" and text.startswith(possessive, g0.end):
        pm = rules().project_after.match(text, g0.end + len(possessive), ce)
        if pm:
            return [(pm.group(0), ind) for _, ind in items]
    return items


def shares(items: list[tuple[str, str]], prev_group: list[Obs]) -> list[tuple[str, str]]:
    """Step: 占工业投资比重31.6%: a share of the figure named before it."""
    share = rules()["share_prefix"]
    if not prev_group or prev_group[0].indicator.startswith(share):
        return items
    return [(sj, prev_group[0].indicator + ind if ind.startswith(share) else ind) for sj, ind in items]


def emit(items: list[tuple[str, str]], group: list[Quantity], item_regions: list[str], region: str,
         ph: Phrase, cl: _Clause, st: _Sentence, ctx: Context) -> None:
    """Step: one observation per figure; an unnamed subject is the sentence's topic."""
    new_group = []
    out, period, qualifier, sent = st.out, cl.period, ph.qualifier, (st.s, st.e)
    named_place = ph.self_region or ph.region
    for (subj, ind), q, reg in zip(items, group, item_regions):
        if not subj and not named_place and reg == region:
            subj = st.topic
        if q.kind == "yoy":
            ob = Obs(reg, subj, ind, period, None, q, q.start, q.end, sent, qualifier)
        else:
            ob = Obs(reg, subj, ind, period, q, None, q.start, q.end, sent, qualifier)
        ctx.last_indicator = ind
        out.append(ob)
        new_group.append(ob)
        if subj:
            st.topic = subj
    st.prev_group = new_group


def _has_unnamed(items: list[tuple[str, str]]) -> bool:
    for _, ind in items:
        if not ind:
            return True
    return False


def read_group(text: str, group: list[Quantity], cursor: int, cl: _Clause, st: _Sentence, ctx: Context) -> int:
    """The figures of one group (a figure, or a 分别 list) and the words before them; returns the new cursor."""
    g0, n = group[0], len(group)
    kind = g0.kind
    left_end = g0.verb_start if kind == "yoy" and g0.verb_start >= 0 else g0.start      # _left_end(g0)
    ph = clean_phrase(text, cursor, left_end, cl.spans, ctx.known_regions, ctx.article_region, True)
    cursor = group[-1].end
    if kind == "pp":
        return cursor
    region = group_region(ph, st, ctx)
    counted = kind == "value" and g0.unit.kind in COUNT_KINDS       # 12个产能项目: the noun is counted
    if n == 1 and counted:
        row = counted_noun_row(text, g0, ph, region, cl, st)
        if row is not None:
            st.out.append(row)
            st.prev_group = [row]
            return row.end
    item_regions = [region] * n
    prev_indicator = st.prev_group[0].indicator if st.prev_group and not counted else ""
    period_only = cl.new_period and not st.out and kind == "yoy"
    items = share_last_indicator(name_items(ph, n, item_regions, st.topic, prev_indicator, ctx, period_only), g0)
    if items is None or _has_unnamed(items):
        if attach_growth(group, st) or items is None:
            return cursor
        items = fill_from_previous(items, st)
        if items is None:
            return cursor
    if n == 1 and kind == "value":
        items = project_after(text, g0, n, cl.ce, items)
    if st.prev_group:
        items = shares(items, st.prev_group)
    emit(items, group, item_regions, region, ph, cl, st, ctx)
    return cursor


def extract_sentence(text: str, s: int, e: int, ctx: Context) -> list[Obs]:
    """clause periods -> figure groups -> (counted noun | names | growth attachment) -> observations."""
    sent_qs = find_quantities(text, s, e) if may_hold_figure_re().search(text, s, e) else []
    live_qs = [q for q in sent_qs if q.kind in LIVE_KINDS]
    if not live_qs:
        track_periods(text, s, e, ctx)
        return []
    return _read_clauses(text, s, e, sent_qs, live_qs[-1].start, ctx)


def _read_clauses(text: str, s: int, e: int, sent_qs: list[Quantity], last_live: int, ctx: Context) -> list[Obs]:
    """The clauses of a sentence with figures, in order.  Quantities and periods are leftmost first: each
    clause takes its own run of them (two cursors, not a rescan).  A clause without figures names the topic
    of the figures after it: only the last such clause before a clause with figures is read (topic_of),
    and none after the last figure; every clause still moves the period state."""
    st = _Sentence(s, e)
    sent_pms = find_periods(text, s, e) if period_gate().search(text, s, e) else []
    n_qs, n_pms = len(sent_qs), len(sent_pms)
    qi = pi = 0
    pending = None                  # the last clause without figures since the last clause with figures
    subjects = None
    for cs, ce in clauses(text, s, e):
        if pi < n_pms and sent_pms[pi].start < ce:        # the clause holds (or passes) a period
            while pi < n_pms and sent_pms[pi].start < cs:
                pi += 1
            pj = pi
            while pj < n_pms and sent_pms[pj].start < ce:
                pj += 1
            pms = [pm for pm in sent_pms[pi:pj] if pm.end <= ce] if pj > pi else ()
            pi = pj
            if pms:
                period, new_period = clause_period(text, cs, ce, pms, ctx)
            else:
                period, new_period = ctx.period, False
        else:
            pms, period, new_period = (), ctx.period, False     # what clause_period says without periods
        if cs > last_live:
            if pi >= n_pms:
                break               # past the last figure and the last period: nothing left to read
            continue                # past the last figure: only the period state is left to move
        while qi < n_qs and sent_qs[qi].start < cs:
            qi += 1
        if qi == n_qs or sent_qs[qi].start >= ce:
            pending = (cs, ce)      # a clause about something else ends the topic
            continue
        q = sent_qs[qi]
        qj = qi + 1
        if qj < n_qs and sent_qs[qj].start < ce:
            while qj < n_qs and sent_qs[qj].start < ce:
                qj += 1
            qs = [q for q in sent_qs[qi:qj] if q.end <= ce]
            live = [q for q in qs if q.kind in LIVE_KINDS]
        else:
            qs = [q] if q.end <= ce else []     # (one figure in the clause: the common case)
            live = qs if qs and q.kind in LIVE_KINDS else []
        qi = qj
        if not live:
            pending = (cs, ce)
            continue
        if pending is not None:
            st.topic = topic_of(text, *pending)
            pending = None
        if new_period:
            if subjects is None:
                subjects = tuple(get_lexicon().subject_of)
            if not text.startswith(subjects, cs, ce):
                st.topic = ""
        cl = _Clause(cs, ce, period, new_period, [(pm.start, pm.end) for pm in pms] if pms else [], qs)
        cursor = cs
        for group in group_quantities(text, live):
            cursor = read_group(text, group, cursor, cl, st, ctx)
    return st.out


def extract(text: str, ctx: Context, spans: list[tuple[int, int]] | None = None) -> list[Obs]:
    with bound():               # the lexicon and rules stay the same objects while an article is read
        return _extract(text, ctx, spans)


def _extract(text: str, ctx: Context, spans: list[tuple[int, int]] | None) -> list[Obs]:
    obs: list[Obs] = []
    block: list[tuple[int, int]] = []
    stock_words = get_lexicon().period_data["stock_words"]
    may_hold_figure = may_hold_figure_re().search
    may_hold_period = period_gate().search          # (find_periods finds nothing where its gate does not)
    tabs = "\t" in text                             # (an article without table rows skips the look per sentence)
    if ctx.article_period is None:
        ctx.article_period = ctx.period
    for s, e in (spans if spans is not None else sentences(text)):
        if ctx.lag_end is not None:
            end_lagging_period(s, ctx)
        if tabs and text.find("\t", s, e) >= 0:
            block.append((s, e))      # table rows are read together, as a block
            continue
        if block:
            obs.extend(rows_from_block(text, block, ctx))
            block = []
        if ctx.flow_period is not None:
            end_stock_period(text, s, e, ctx, stock_words)
        sent_qs = find_quantities(text, s, e) if may_hold_figure(text, s, e) else None
        last_live = -1
        if sent_qs:
            for q in reversed(sent_qs):
                if q.kind in LIVE_KINDS:
                    last_live = q.start
                    break
        if last_live >= 0:
            obs.extend(_read_clauses(text, s, e, sent_qs, last_live, ctx))
        elif may_hold_period(text, s, e):
            track_periods(text, s, e, ctx)
    if block:
        obs.extend(rows_from_block(text, block, ctx))
    return obs
