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


def district_filter(regions: Sequence[str]) -> list[str]:
    """The global district filter (sidebar, in the URL as ``?district=A&district=B``).

    Returns the selected districts; an empty selection means all districts.
    """
    regions = list(regions)
    _keep_valid(DISTRICT, regions, multi=True)
    with st.sidebar:
        sel = st.multiselect(
            "区县", regions, key=DISTRICT, bind="query-params", persist_state="session",
            placeholder="全部区县（可多选）",
            help="所有页面都只显示所选区县；不选 = 全部。筛选条件保存在网址中，复制链接即可分享当前视图。",
        )
    return list(sel)


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
