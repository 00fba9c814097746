"""Keyed sidebar widgets shared by the pages.

Every widget has a fixed key that is also its URL query parameter
(``bind="query-params"``), so a copied link reopens the same view, and
``persist_state="session"`` so a value survives switching to a page that does
not show the widget and back.  Widgets that appear on several pages (the
district filter, the indicator) use the same key everywhere.
"""
from __future__ import annotations

import math
from typing import Sequence

import streamlit as st

from components import markup

# Widget keys == URL query parameter names.
DISTRICT = "district"
INDICATOR = "indicator"
PERIOD = "period"
MIXED = "mixed"
RANK_MODE = "rank_mode"
RANK_REGION = "rank_region"
SUBJECTS = "subjects"
STATUS = "status"
INVEST = "invest"
KEYWORD = "q"
PROJECT_KEYWORD = "pq"
DETAIL_INDICATORS = "ind"
DETAIL_PERIODS = "per"
PAGE_SIZE = "page_size"
PAGE = "page"
DISTRICT_PROVINCE = "prov"
DISTRICT_CITY = "city"

PAGE_SIZES = (50, 100, 500)
DEFAULT_PAGE_SIZE = 100

RANK_BY_REGION = "一个区县的各项指标"
RANK_BY_INDICATOR = "一个指标的各区县"


def _keep_valid(key: str, options: Sequence, multi: bool) -> None:
    """Replace a stale value that is no longer among the options (data or filter changed).

    The value is *assigned* (not deleted): the browser re-sends a widget's last value on
    every rerun, so only a Session State assignment overrides it."""
    if key not in st.session_state:
        return
    cur = st.session_state[key]
    if multi:
        if isinstance(cur, (list, tuple)) and any(v not in options for v in cur):
            st.session_state[key] = [v for v in cur if v in options]
    elif cur is not None and cur not in options and options:
        st.session_state[key] = options[0]
        st.session_state[f"_user_{key}"] = False


def _mark_user(key: str) -> None:
    st.session_state[f"_user_{key}"] = True


def _follow_default(key: str, default) -> None:
    """Keep a widget the user never set equal to its current default.

    Streamlit writes a bound widget to the URL only when the user changes it.  A
    value that was merely the default of *earlier* options (e.g. the first period
    of the previously chosen indicator) would otherwise survive an option change
    without being in the URL, and a copied link would reopen a different view.
    """
    flag = f"_user_{key}"
    if key not in st.session_state:
        if key in st.query_params:  # seeded from a shared link: that is a user choice
            st.session_state[flag] = True
        return
    if st.session_state.get(flag):
        if st.session_state[key] == default:
            st.session_state[flag] = False  # equal to the default: absent from the URL, track it again
        return
    if st.session_state[key] != default:
        st.session_state[key] = default


ALL_PROVINCES = "全部省份"
ALL_CITIES = "全部城市"
GROUP_MIN = 20   # more districts than this: the filter is grouped by province and city


def district_filter(regions: Sequence[str], places=None) -> list[str]:
    """The global district filter (sidebar, in the URL as ``?district=A&district=B``).

    Returns the selected districts; an empty selection means all districts.  With more than
    ``GROUP_MIN`` districts and ``places`` (a frame of ``region``, ``province``, ``city``, see
    :func:`components.places.places`) two selectors above it narrow the list to one province and one
    city (both in the URL too, ``?prov=…&city=…``); the district list is searchable (substring), and its
    "select all" picks every listed district of that city or province.  The districts already chosen stay
    listed, whatever the province shown.
    """
    regions = list(regions)
    _keep_valid(DISTRICT, regions, multi=True)
    options = regions
    grouped = places is not None and len(regions) > GROUP_MIN and not places.empty
    with st.sidebar:
        if grouped:
            options = _narrowed(regions, places)
        # chosen districts stay listed (a district outside the province shown, or one from a shared link,
        # which seeds the widget on its first run: an option missing from the list would be dropped)
        cur = st.session_state.get(DISTRICT)
        if cur is None:
            cur = st.query_params.get_all(DISTRICT)
        shown = set(options)
        chosen = [r for r in dict.fromkeys(cur or []) if r in regions and r not in shown]
        sel = st.multiselect(
            "区县", chosen + list(options), key=DISTRICT, bind="query-params", persist_state="session",
            placeholder="全部区县（可多选，可输入搜索）" if grouped else "全部区县（可多选）",
            filter_mode="contains",
            help="所有页面都只显示所选区县；不选 = 全部。筛选条件保存在网址中，复制链接即可分享当前视图。"
                 + ("先选省份、城市可缩小列表，再用下拉框里的“全选”选中该市的全部区县。" if grouped else ""),
        )
    return list(sel)


def _narrowed(regions: list[str], places) -> list[str]:
    """Province and city selectors; returns the districts they list (sorted by city, then name)."""
    known = places[places["region"].isin(regions)]
    provinces = list(dict.fromkeys(str(p) for p in known["province"]))
    _keep_valid(DISTRICT_PROVINCE, [ALL_PROVINCES] + provinces, multi=False)
    prov = st.selectbox("省份", [ALL_PROVINCES] + provinces, key=DISTRICT_PROVINCE, bind="query-params",
                        persist_state="session", help="缩小下面的区县列表（不改变筛选）；可输入搜索。")
    if prov and prov != ALL_PROVINCES:
        known = known[known["province"] == prov]
        cities = list(dict.fromkeys(str(c) for c in known["city"]))
        _keep_valid(DISTRICT_CITY, [ALL_CITIES] + cities, multi=False)
        city = st.selectbox("城市", [ALL_CITIES] + cities, key=DISTRICT_CITY, bind="query-params",
                            persist_state="session")
        if city and city != ALL_CITIES:
            known = known[known["city"] == city]
        st.caption(f"{markup.md(prov)}{'' if not city or city == ALL_CITIES else '·' + markup.md(city)}："
                   f"{len(known):,} 个区县")
    return [str(r) for r in known["region"]]


def selected_districts() -> list[str]:
    """Districts chosen in the sidebar (empty = all); for pages rendered after app.py."""
    return list(st.session_state.get(DISTRICT) or [])


def scope_label(selected: Sequence[str], regions: Sequence[str]) -> str:
    """The selection for a Markdown caption (district names escaped: they may be typed in on upload)."""
    if not selected or set(selected) >= set(regions):
        return "全部区县"
    return "、".join(markup.md(s) for s in selected)


def indicator_select(options: Sequence[str], *, label: str = "指标") -> str | None:
    options = list(options)
    if not options:
        return None
    _keep_valid(INDICATOR, options, multi=False)
    _follow_default(INDICATOR, options[0])
    with st.sidebar:
        return st.selectbox(label, options, key=INDICATOR, bind="query-params", persist_state="session",
                            on_change=_mark_user, args=(INDICATOR,), help="选项按覆盖的区县数排序。")


def indicator_or_stop(options: Sequence[str], what: str) -> str:
    """The sidebar's indicator (:func:`indicator_select`); with no indicator in the selection, a message that
    there is nothing ``what`` (可比较 / 可画趋势) and what to do, and the page stops there."""
    indicator = indicator_select(options)
    if not indicator:
        st.info(f"所选区县还没有{what}的指标。请在侧边栏放宽区县筛选，或到“导入文章”上传更多区域经济报道。",
                icon=":material/info:")
        st.stop()
    return indicator


def period_controls(options: Sequence[str]) -> tuple[str | None, bool]:
    """Period selector plus the explicit "mix periods" switch.  Returns (period, mixed)."""
    options = list(options)
    with st.sidebar:
        mixed = st.toggle(
            "允许混合统计期", key=MIXED, bind="query-params", persist_state="session",
            help="默认只比较同一统计期（如都为 1-6月）。打开后每个区县取最新一期，图上会注明统计期不同。")
        if not options:
            return None, mixed
        _keep_valid(PERIOD, options, multi=False)
        _follow_default(PERIOD, options[0])
        period = st.selectbox(
            "统计期", options, key=PERIOD, bind="query-params", persist_state="session", disabled=mixed,
            on_change=_mark_user, args=(PERIOD,),
            help="默认选覆盖区县最多（其次最新）的统计期。")
    return period, mixed


def ranking_controls(regions: Sequence[str], indicators: Sequence[str]) -> tuple[str, str | None, str | None, bool]:
    """Controls of the growth ranking.  Returns (mode, region, indicator, include_subjects)."""
    regions, indicators = list(regions), list(indicators)
    with st.sidebar:
        mode = st.radio("排行方式", [RANK_BY_REGION, RANK_BY_INDICATOR], key=RANK_MODE,
                        bind="query-params", persist_state="session")
    region = indicator = None
    if mode == RANK_BY_REGION:
        if regions:
            _keep_valid(RANK_REGION, regions, multi=False)
            _follow_default(RANK_REGION, regions[0])
            with st.sidebar:
                region = st.selectbox("区县", regions, key=RANK_REGION, bind="query-params",
                                      persist_state="session", on_change=_mark_user, args=(RANK_REGION,))
    else:
        indicator = indicator_select(indicators)
    with st.sidebar:
        subjects = st.toggle("包含企业、行业等主体", key=SUBJECTS, bind="query-params", persist_state="session",
                             help="默认只比较全区数据；打开后也列出企业、行业、园区等主体的增速。")
    return mode, region, indicator, subjects


def project_filters(statuses: Sequence[str], max_investment: float) -> tuple[list[str], tuple[float, float] | None, str]:
    """Status, investment range (亿元) and keyword for the project table."""
    statuses = list(statuses)
    _keep_valid(STATUS, statuses, multi=True)
    with st.sidebar:
        st.markdown("**项目筛选**")
        chosen = st.multiselect("状态", statuses, key=STATUS, bind="query-params", persist_state="session",
                                placeholder="全部状态")
        rng = None
        top = float(max(1.0, math.ceil(max_investment)))
        if max_investment > 0:
            if INVEST in st.session_state:
                lo, hi = st.session_state[INVEST]
                if hi > top or lo > top:
                    st.session_state[INVEST] = (0.0, top)
                    st.session_state[f"_user_{INVEST}"] = False
            _follow_default(INVEST, (0.0, top))
            rng = st.slider("投资额（亿元）", 0.0, top, (0.0, top), step=0.5, key=INVEST,
                            bind="query-params", persist_state="session", on_change=_mark_user, args=(INVEST,),
                            help="设置范围后，未注明投资额的项目不再显示。")
            if rng is not None and tuple(rng) == (0.0, top):
                rng = None  # full range: keep projects without a stated investment
        keyword = st.text_input("关键词", key=PROJECT_KEYWORD, bind="query-params", persist_state="session",
                                placeholder="项目名称或原文中的词")
    return chosen, (tuple(rng) if rng is not None else None), keyword


def detail_filters(indicators: Sequence[str], periods: Sequence[str]) -> tuple[str, list[str], list[str]]:
    """Search text, indicators and periods for the detail table."""
    indicators, periods = list(indicators), list(periods)
    _keep_valid(DETAIL_INDICATORS, indicators, multi=True)
    _keep_valid(DETAIL_PERIODS, periods, multi=True)
    with st.sidebar:
        st.markdown("**明细筛选**")
        text = st.text_input("搜索", key=KEYWORD, bind="query-params", persist_state="session",
                             placeholder="指标、企业、原文……（空格分隔多个词）")
        inds = st.multiselect("指标", indicators, key=DETAIL_INDICATORS, bind="query-params",
                              persist_state="session", placeholder="全部指标")
        pers = st.multiselect("统计期", periods, key=DETAIL_PERIODS, bind="query-params",
                              persist_state="session", placeholder="全部统计期")
    return text, list(inds), list(pers)


def page_controls(n_rows: int) -> tuple[int, int, int, int]:
    """Page size and page number of a paged table (sidebar; both in the URL).

    Returns (limit, offset, page, pages); a page beyond the last one (the filters changed) becomes the last."""
    with st.sidebar:
        size = st.selectbox("每页行数", PAGE_SIZES, index=PAGE_SIZES.index(DEFAULT_PAGE_SIZE), key=PAGE_SIZE,
                            bind="query-params", persist_state="session")
    size = int(size or DEFAULT_PAGE_SIZE)
    pages = max(1, -(-int(n_rows) // size))
    cur = st.session_state.get(PAGE)
    if cur is not None and (not isinstance(cur, (int, float)) or cur > pages or cur < 1):
        st.session_state[PAGE] = min(max(1, int(cur) if isinstance(cur, (int, float)) else 1), pages)
    with st.sidebar:
        page = st.number_input(f"页码（共 {pages:,} 页）", min_value=1, max_value=pages, value=1, step=1, key=PAGE,
                               bind="query-params", persist_state="session")
    page = min(max(1, int(page or 1)), pages)
    return size, (page - 1) * size, page, pages
