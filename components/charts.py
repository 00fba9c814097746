"""Plotly chart builders: frame in, ``go.Figure`` out.  Never calls streamlit.

All figures use the single "dashboard" template from :mod:`components.theme`.
Every bar label and hover names the statistics period, and hovers show the
source article and sentence so a number can always be traced back.

Plotly renders a subset of HTML in every string it draws (tick labels, legend names, hover
text, bar text, annotations, titles), ``<a href>`` included.  Every string that comes from the
data -- district, indicator, period, unit, status and project names, article names, sentences --
goes through :func:`components.markup.plotly_text` (``_t`` below) before it reaches a figure,
category values of the axes included (so ``%{x}`` in a hover is safe too); only markup this
module adds itself (``<br>``, ``<b>``, ``<span style>``) stays markup.
"""
from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from components import theme
from components.markup import cell_text as _s
from components.markup import plotly_text as _t
from components.transforms import format_number

TEMPLATE = theme.register()

HOVER_WRAP = 28  # characters per hover line (CJK characters are wide)


def wrap_text(text, width: int = HOVER_WRAP, max_lines: int = 6) -> str:
    """Escape and wrap text for a plotly hover (lines joined by ``<br>``)."""
    s = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    s = " ".join(s.split())
    if not s:
        return ""
    lines = textwrap.wrap(s, width=width, break_long_words=True, break_on_hyphens=False) or [s]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)] + "…"
    return "<br>".join(_t(line) for line in lines)


def _fmt_pct(v) -> str:
    s = format_number(v, 1)
    if not s:
        return ""
    return f"+{s}%" if float(v) > 0 else f"{s}%"


def _base_layout(fig: go.Figure, title: str | None, **kw) -> go.Figure:
    fig.update_layout(template=TEMPLATE, title=dict(text=_t(title)), **kw)
    return fig


EMPTY_REASON = "empty_reason"   # layout.meta key of a figure with nothing to draw


def empty_figure(message: str = "没有可显示的数据", title: str | None = None) -> go.Figure:
    """Blank figure with a centred explanation (what to select / upload).  The explanation is also kept
    in ``layout.meta`` (:func:`empty_reason`): pages show it in full instead of the blank chart."""
    fig = go.Figure()
    _base_layout(fig, title, height=320)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(meta={EMPTY_REASON: _t(message)})   # escaped like all figure text (exports carry meta)
    fig.add_annotation(text=wrap_text(message, 40), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font=dict(size=16, color=theme.NEUTRAL))
    return fig


def empty_reason(fig) -> str | None:
    """Why ``fig`` has nothing to draw (made by :func:`empty_figure`), or None for a real chart."""
    meta = fig.layout.meta if isinstance(fig, go.Figure) else None
    reason = meta.get(EMPTY_REASON) if isinstance(meta, dict) else None
    return html.unescape(reason) if reason else None


def _only_the_other(frame: pd.DataFrame, what: str, other: str) -> str:
    """The full reason a comparison of ``what`` is empty while ``other`` is given."""
    indicator = next(iter(dict.fromkeys(_s(i) for i in _col(frame, "indicator") if _s(i))), "所选指标")
    regions = "、".join(dict.fromkeys(_s(r) for r in _col(frame, "region") if _s(r))) or "所选区县"
    return (f"“{indicator}”在{regions}的文章里只给出了{other}，没有{what}，"
            f"所以这里没有{what}对比图；{other}见旁边的图和下方的表。")


def _col(df: pd.DataFrame, name: str) -> list:
    return df[name].tolist() if name in df else [None] * len(df)


def _source_names(df: pd.DataFrame) -> list:
    """How each row names its article: its title and month (``article_label``, :mod:`components.titles`),
    the storage name only for a row without one."""
    return [_s(lab) or _s(a) for lab, a in zip(_col(df, "article_label"), _col(df, "article"))]


def _hover_block(df: pd.DataFrame) -> list[str]:
    """"来源：article title (month)<br>原文：wrapped sentence" for every row."""
    return ["来源：" + _t(a) + "<br>原文：" + wrap_text(snt)
            for a, snt in zip(_source_names(df), _col(df, "sentence"))]


CONFLICT_HOVER = "有冲突：其他文章给出不同数值（见“冲突”页）"   # = components.conflicts.HOVER_NOTE


def _conflict_line(r) -> str:
    """"<br>有冲突…" for a row whose figure another article contradicts (its ``conflict`` flag), else ""."""
    v = r.get("conflict") if hasattr(r, "get") else None
    try:
        hit = bool(v) and not pd.isna(v)
    except (TypeError, ValueError):
        hit = False
    return f"<br>{CONFLICT_HOVER}" if hit else ""


def comparison_bars(frame: pd.DataFrame, metric: str = "value", title: str | None = None,
                    note: str | None = None) -> go.Figure:
    """Vertical bars across districts for one indicator.

    ``metric="value"`` plots ``display_value`` (falls back to ``value``) in
    ``display_unit``; ``metric="yoy_pct"`` plots growth rates coloured by sign.
    The x labels are ``label`` ("区县｜统计期"), so the period is always visible.
    """
    if metric not in ("value", "yoy_pct"):
        raise ValueError(f"metric must be 'value' or 'yoy_pct', got {metric!r}")
    if frame is None or frame.empty:
        return empty_figure("没有可比较的数据：请选择其他指标、统计期或区县。", title)
    df = frame.copy()
    if "label" not in df:
        df["label"] = df["region"].astype(str) + "｜" + df["period"].astype(str)
    if metric == "value":
        col = "display_value" if "display_value" in df else "value"
        unit_col = "display_unit" if "display_unit" in df else "unit"
        keep = pd.to_numeric(df[col], errors="coerce").notna()
        dropped = df.loc[~keep, "label"].astype(str).tolist()
        df = df[keep]
        if df.empty:
            return empty_figure(_only_the_other(frame, "数值", "同比增速"), title)
        df["_y"] = pd.to_numeric(df[col], errors="coerce").astype(float)
        units = [_s(u) for u in df[unit_col]]
        unit = next((u for u in units if u), "")
        ytitle = f"数值（{unit}）" if unit else "数值"
    else:
        keep = pd.to_numeric(df["yoy_pct"], errors="coerce").notna()
        dropped = df.loc[~keep, "label"].astype(str).tolist()
        df = df[keep]
        if df.empty:
            return empty_figure(_only_the_other(frame, "同比增速", "数值"), title)
        df["_y"] = pd.to_numeric(df["yoy_pct"], errors="coerce").astype(float)
        ytitle = "同比增速（%）"
    df = df.sort_values("_y", ascending=False, kind="mergesort")
    y = df["_y"].tolist()
    if metric == "value":
        text = [format_number(v) for v in y]
        units = [_s(u) for u in df[unit_col]]
        colors = None
    else:
        text = [_fmt_pct(v) for v in y]
        units = ["%"] * len(df)
        colors = [theme.growth_color(v) for v in y]
    labels = [_t(v) for v in df["label"]]  # category values as plotly shows them (hover %{x} too)
    custom = []
    for (_, r), t, u, src in zip(df.iterrows(), text, units, _hover_block(df)):
        orig = ""
        if metric == "value" and _s(r.get("unit")) and _s(r.get("unit")) != u:
            orig = f"（原文：{_t(_s(r.get('value_text')) or format_number(r.get('value')) + _s(r.get('unit')))}）"
        extra = ""
        if metric == "value" and _s(r.get("yoy_pct")):
            extra = f"<br>同比：{_fmt_pct(r.get('yoy_pct'))}"
        elif metric == "yoy_pct" and _s(r.get("value")):
            extra = f"<br>数值：{format_number(r.get('value'))}{_t(r.get('unit'))}"
        custom.append([
            _t(r.get("region")),
            _t(r.get("period")),
            f"{_t(r.get('qualifier'))}{t}{'' if metric == 'yoy_pct' else _t(u)}{orig}{extra}{_conflict_line(r)}",
            src,
        ])
    hover = ("<b>%{customdata[0]}</b>｜统计期：%{customdata[1]}<br>"
             "%{customdata[2]}<br>%{customdata[3]}<extra></extra>")
    periods = list(dict.fromkeys(_s(p) for p in df["period"])) if "period" in df else [""]
    fig = go.Figure()
    if colors is None and len(periods) > 1:
        # Mixed periods: one colour per period with a legend, so the difference is visible.
        per = [_s(p) for p in df["period"]]
        for i, p in enumerate(periods):
            idx = [j for j, q in enumerate(per) if q == p]
            fig.add_trace(go.Bar(
                x=[labels[j] for j in idx], y=[y[j] for j in idx], text=[text[j] for j in idx],
                customdata=[custom[j] for j in idx], name=_t(p) or "统计期未知",
                marker=dict(color=theme.PALETTE[i % len(theme.PALETTE)]),
                textposition="outside", cliponaxis=False, hovertemplate=hover))
        showlegend = True
    else:
        marker = dict(color=colors) if colors is not None else dict(color=theme.PALETTE[0])
        fig.add_trace(go.Bar(
            x=labels, y=y, text=text, textposition="outside", cliponaxis=False,
            marker=marker, customdata=custom, name=ytitle, hovertemplate=hover))
        showlegend = False
    indicator = _s(df["indicator"].iloc[0]) if "indicator" in df and len(df) else ""
    if title is None:
        title = f"{indicator}：{'同比增速' if metric == 'yoy_pct' else '数值'}对比" if indicator else None
    _base_layout(fig, title, height=460, showlegend=showlegend, barmode="relative",
                 legend=dict(title_text="统计期", orientation="v", x=1.01, xanchor="left",
                             y=1, yanchor="top"))
    fig.update_yaxes(title_text=ytitle, rangemode="tozero" if metric == "value" else "normal")
    # tick text on two lines (district / period) so labels do not collide in narrow columns
    fig.update_xaxes(title_text="区县｜统计期", tickangle=0 if len(labels) <= 8 else -30,
                     categoryorder="array", categoryarray=labels, tickmode="array", tickvals=labels,
                     ticktext=[lab.replace("｜", "<br>", 1) for lab in labels])
    lines = []
    if note:
        lines.append(f'<span style="color:{theme.NEGATIVE}">{wrap_text(note, 36, 5)}</span>')
    if dropped:
        what = "数值" if metric == "value" else "同比增速"
        lines.append(wrap_text(f"未显示（原文没有{what}）：{'、'.join(dropped)}", 36, 3))
    if lines:
        text = "<br>".join(lines)
        fig.update_layout(title_subtitle=dict(text=text, font=dict(size=12, color=theme.NEUTRAL)),
                          margin=dict(t=70 + 18 * (text.count("<br>") + 1)))
    return fig


MAX_GROWTH_BARS = 40


def growth_bars(frame: pd.DataFrame, title: str | None = None,
                max_bars: int = MAX_GROWTH_BARS) -> go.Figure:
    """Horizontal growth-rate bars, largest on top, negatives in red, labels in %.

    More than ``max_bars`` rows would be unreadable: the highest and lowest
    ``max_bars // 2`` are shown and the subtitle says so (the table has all).
    """
    if frame is None or frame.empty or "yoy_pct" not in frame:
        return empty_figure("没有同比增速数据：请放宽筛选条件或上传包含“增长×%”的文章。", title)
    df = frame[pd.to_numeric(frame["yoy_pct"], errors="coerce").notna()].copy()
    if df.empty:
        return empty_figure("没有同比增速数据：请放宽筛选条件或上传包含“增长×%”的文章。", title)
    df["_y"] = pd.to_numeric(df["yoy_pct"], errors="coerce").astype(float)
    if "label" not in df:
        df["label"] = (df["region"].astype(str) + "·" + df["indicator"].astype(str)
                       + "｜" + df["period"].astype(str))
    total = len(df)
    subtitle = ""
    df = df.sort_values("_y", ascending=False, kind="mergesort")
    if max_bars and total > max_bars:
        half = max(1, max_bars // 2)
        df = pd.concat([df.head(half), df.tail(half)])
        subtitle = f"共 {total} 项，图中仅显示增速最高和最低的各 {half} 项；完整排行见下方表格。"
    # plotly draws the first category at the bottom: reverse so the largest is on top.
    df = df.iloc[::-1]
    y = df["_y"].tolist()
    labels = [_t(v) for v in df["label"]]  # category values as plotly shows them
    texts = [_fmt_pct(v) for v in y]
    yoy_texts = [_s(v) for v in _col(df, "yoy_text")]
    flags = [_conflict_line({"conflict": c}) for c in _col(df, "conflict")]
    custom = [[lab, _t(per), t + (f"（{_t(yt)}）" if yt else "") + flag, src]
              for lab, per, t, yt, src, flag in zip(labels, _col(df, "period"), texts, yoy_texts,
                                                    _hover_block(df), flags)]
    fig = go.Figure(go.Bar(
        y=labels, x=y, orientation="h",
        text=texts, textposition="outside", cliponaxis=False,
        marker=dict(color=[theme.growth_color(v) for v in y]),
        customdata=custom,
        hovertemplate="<b>%{customdata[0]}</b><br>统计期：%{customdata[1]}<br>同比：%{customdata[2]}"
                      "<br>%{customdata[3]}<extra></extra>",
    ))
    _base_layout(fig, title if title is not None else "同比增速排行",
                 height=max(320, 90 + 28 * len(df)), showlegend=False)
    if subtitle:
        fig.update_layout(title_subtitle=dict(text=subtitle, font=dict(size=12, color=theme.NEUTRAL)),
                          margin=dict(t=90))
    fig.update_xaxes(title_text="同比增速（%）", zeroline=True, zerolinewidth=1.5)
    fig.update_yaxes(title_text=None, type="category")
    lo, hi = min(y + [0.0]), max(y + [0.0])
    pad = (hi - lo) * 0.18 or 1.0
    fig.update_xaxes(range=[lo - (pad if lo < 0 else 0), hi + pad])
    return fig


def project_investment_chart(proj: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Stated project investment (亿元) per district, stacked by project status."""
    if proj is None or proj.empty:
        return empty_figure("没有项目数据：请放宽筛选条件或上传包含项目信息的文章。", title)
    df = proj.copy()
    df["_inv"] = pd.to_numeric(df["investment"], errors="coerce")
    df = df[df["_inv"].notna() & (df["region"].astype("string").fillna("") != "")]
    if df.empty:
        return empty_figure("所选项目都没有注明投资额，无法绘制投资图；可在表格中查看项目清单。", title)
    df["status"] = df["status"].astype("string").fillna("")
    regions = (df.groupby("region")["_inv"].sum().sort_values(ascending=False).index.astype(str).tolist())
    statuses = [s for s in theme.STATUS_COLORS if s in set(df["status"])] + \
        sorted(set(df["status"]) - set(theme.STATUS_COLORS))
    df["region"] = df["region"].astype(str)
    df["_q"] = df["qualifier"].astype("string").fillna("") if "qualifier" in df else ""
    df["_name"] = df["name"].astype("string").fillna("")
    df = df.sort_values("_inv", ascending=False, kind="mergesort")
    groups = {k: g for k, g in df.groupby(["status", "region"], sort=False)}
    fig = go.Figure()
    for i, st_ in enumerate(statuses):
        xs, ys, custom = [], [], []
        for reg in regions:
            part = groups.get((st_, reg))
            if part is None or part.empty:
                continue
            head = part.head(12)
            names = [f"{_t(n)}：{_t(q)}{format_number(v)}亿元"
                     for n, q, v in zip(head["_name"], head["_q"], head["_inv"])]
            if len(part) > 12:
                names.append(f"……等 {len(part)} 个项目")
            xs.append(_t(reg))
            ys.append(float(part["_inv"].sum()))
            custom.append([_t(st_) or "状态未知", len(part), "<br>".join(names)])
        fig.add_trace(go.Bar(
            x=xs, y=ys, name=_t(st_) or "状态未知", customdata=custom,
            marker=dict(color=theme.status_color(st_, i)),
            hovertemplate="<b>%{x}</b>｜%{customdata[0]}<br>合计：%{y:,.2f} 亿元（%{customdata[1]} 个项目）"
                          "<br>%{customdata[2]}<extra></extra>",
        ))
    totals = df.groupby("region")["_inv"].sum().reindex(regions)
    fig.add_trace(go.Scatter(
        x=[_t(r) for r in regions], y=totals.tolist(), mode="text", text=[format_number(v) for v in totals],
        textposition="top center", showlegend=False, hoverinfo="skip"))
    _base_layout(fig, title if title is not None else "项目投资额（按区县、状态）", barmode="stack",
                 height=460, legend_title_text="状态")
    fig.update_yaxes(title_text="投资额（亿元）", rangemode="tozero")
    fig.update_xaxes(title_text=None, categoryorder="array", categoryarray=[_t(r) for r in regions])
    return fig


MAX_COVERAGE_INDICATORS = 25
MAX_TEXT_DISTRICTS = 12  # wider matrices: cells too narrow to read, and slow to draw (1000 text cells ~ 1 s)
MAX_CELL_PERIODS = 6  # a cell lists its latest periods only (the colour counts them all)


def coverage_heatmap(coverage: pd.DataFrame, title: str | None = None,
                     max_indicators: int = MAX_COVERAGE_INDICATORS,
                     max_text_districts: int = MAX_TEXT_DISTRICTS,
                     max_periods: int = MAX_CELL_PERIODS) -> go.Figure:
    """Visual of a coverage matrix (``store.summaries.coverage_matrix``): one row per
    indicator, one column per district; darker = more periods.

    Up to ``max_text_districts`` districts each filled cell lists its latest
    ``max_periods`` periods; with more districts the cells carry colour only (periods on
    hover, count on the colour bar).  Only the ``max_indicators`` indicators covering most
    districts are drawn (the matrix columns are already in that order); the subtitle says
    what was left out.
    """
    if coverage is None or coverage.empty or coverage.shape[1] == 0:
        return empty_figure("还没有指标数据：请先导入示例文章或上传文章。", title)
    cells = coverage.astype("string").fillna("")
    total = cells.shape[1]
    if max_indicators and total > max_indicators:
        cells = cells.iloc[:, :max_indicators]
    districts, indicators = [str(c) for c in cells.index], [str(i) for i in cells.columns]
    # rows = indicators, columns = districts (numpy: no frame transpose); cells list periods oldest first
    parts = [[[p for p in c.split("、") if p] for c in row] for row in cells.to_numpy(dtype=object).T.tolist()]
    z = [[len(c) for c in row] for row in parts]
    latest = [[c[-max_periods:] for c in row] for row in parts]
    hover = [[_t("、".join(s)) + (f"（共 {len(c)} 期，列出最近 {len(s)} 期）" if len(c) > len(s) else "")
              if c else "无数据" for c, s in zip(row, srow)] for row, srow in zip(parts, latest)]
    zmax = max(2, max(max(r) for r in z))
    with_text = len(districts) <= max_text_districts
    text = [["<br>".join(_t(p) for p in s) for s in row] for row in latest] if with_text else None
    fig = go.Figure(go.Heatmap(
        z=z, x=[_t(d) for d in districts], y=[_t(i) for i in indicators], text=text,
        customdata=hover, texttemplate="%{text}" if with_text else None, textfont=dict(size=11),
        colorscale=[[0, "#F5F7FA"], [0.001, "#D9E8F5"], [1, "#5B9BD5"]], zmin=0, zmax=zmax,
        showscale=not with_text, xgap=2, ygap=2,
        colorbar=dict(title=dict(text="统计期数"), thickness=12, len=0.6),
        hovertemplate="%{x}｜%{y}<br>统计期：%{customdata}<extra></extra>",
    ))
    n_rows = len(indicators)
    max_lines = max((len(s) for r in latest for s in r), default=1) if with_text else 1
    label_room = 0 if with_text else 12 * max((len(d) for d in districts), default=0)  # slanted labels on top
    _base_layout(fig, title if title is not None else "指标覆盖情况（指标 × 区县）",
                 height=max(300, 140 + label_room + n_rows * (14 + 14 * max(1, max_lines))))
    notes = []
    if total > n_rows:
        notes.append(f"共 {total} 项指标，图中显示覆盖区县最多的 {n_rows} 项；完整矩阵见表格。")
    if not with_text:
        notes.append(f"{len(districts)} 个区县：颜色越深统计期越多，悬停查看统计期；"
                     f"选择不超过 {max_text_districts} 个区县可在格内列出。")
    elif any(len(c) > max_periods for r in parts for c in r):
        notes.append(f"每格最多列出最近 {max_periods} 个统计期（颜色按全部统计期计）；全部数据见“数据明细”页。")
    if notes:
        fig.update_layout(title_subtitle=dict(text="<br>".join(notes), font=dict(size=12, color=theme.NEUTRAL)),
                          margin=dict(t=100 + 15 * len(notes) + label_room))
    else:
        fig.update_layout(margin=dict(t=95 + label_room))
    if label_room:  # keep the title at the top edge, above the slanted labels
        fig.update_layout(title=dict(y=1, yref="container", yanchor="top", pad=dict(t=12)))
    # many districts: slanted labels so neighbours do not overlap
    fig.update_xaxes(side="top", showgrid=False, tickangle=0 if with_text else -60)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


# ----------------------------------------------------------------------------------- trend
YEAR_DASHES = ("solid", "dash", "longdash", "dashdot", "longdashdot")   # latest year solid; "dot": non-cumulative


def _source_line(r: dict) -> str:
    """"来源：title（month）<br>原文：sentence" -- the article by its title (storage name when untitled)."""
    title = _s(r.get("title")) or _s(r.get("article"))
    month = _s(r.get("published"))
    return ("来源：" + _t(title) + (f"（{_t(month)}）" if month else "")
            + "<br>原文：" + wrap_text(r.get("sentence")))


AXIS_ALIGNED, AXIS_TIME = "aligned", "time"


def trend_lines(frame: pd.DataFrame, metric: str = "value", title: str | None = None,
                note: str | None = None, axis: str = AXIS_ALIGNED) -> go.Figure:
    """One indicator over the periods (frame from :func:`transforms.trend_frame`): one line per series
    (district × year; non-cumulative periods in series of their own), x = the position of the period
    (the month it ends in: like periods of different years line up), colour per district, dash per year
    (the latest year solid).  ``metric="value"`` draws ``display_value`` (in ``display_unit``),
    ``"yoy_pct"`` the growth rates.  Hover: period, value with unit (and growth), article title and month,
    the sentence.  ``axis="time"``: x = the month each period ends in (``period_end``; rows without a year
    are left out and the subtitle says so), the series as above."""
    if metric not in ("value", "yoy_pct"):
        raise ValueError(f"metric must be 'value' or 'yoy_pct', got {metric!r}")
    if axis not in (AXIS_ALIGNED, AXIS_TIME):
        raise ValueError(f"axis must be {AXIS_ALIGNED!r} or {AXIS_TIME!r}, got {axis!r}")
    what = "数值" if metric == "value" else "同比增速"
    undated: list[str] = []
    if axis == AXIS_TIME and frame is not None and not frame.empty:
        dated = frame["period_end"].astype("string").fillna("") != ""
        undated = list(dict.fromkeys(_s(p) for p in frame.loc[~dated, "period"]))
        frame = frame[dated]
        if frame.empty:
            return empty_figure(f"统计期 {'、'.join(undated)} 没有年份，无法按时间排列；请改用“同期对齐”。", title)
    if frame is None or frame.empty:
        return empty_figure("没有可显示的趋势数据：请选择其他指标或区县。", title)
    col = "display_value" if metric == "value" else "yoy_pct"
    y_all = pd.to_numeric(frame[col], errors="coerce")
    df = frame[y_all.notna()]
    if df.empty:
        other = "同比增速" if metric == "value" else "数值"
        return empty_figure(_only_the_other(frame, what, other).replace("对比图", "趋势图"), title)
    unit = next((u for u in (_s(v) for v in _col(df, "display_unit")) if u), "") if metric == "value" else "%"
    regions = list(dict.fromkeys(_s(r) for r in frame["region"]))
    years = sorted({_s(y) for y in frame["year_label"]}, reverse=True)   # "2025年" > "2024年" > "年份未知"
    fig = go.Figure()
    for series, part in df.groupby("series", sort=False):
        recs = part.to_dict("records")
        first = recs[0]
        region, cumulative = _s(first["region"]), bool(first["cumulative"])
        custom = []
        for r in recs:
            if metric == "value":
                shown = f"{_t(r.get('qualifier'))}{format_number(r.get('display_value'))}{_t(r.get('display_unit'))}"
                if _s(r.get("unit")) and _s(r.get("unit")) != _s(r.get("display_unit")):
                    shown += f"（原文：{_t(_s(r.get('value_text')) or format_number(r.get('value')) + _s(r.get('unit')))}）"
                if _s(r.get("yoy_pct")):
                    shown += f"<br>同比：{_fmt_pct(r.get('yoy_pct'))}"
            else:
                shown = _fmt_pct(r.get("yoy_pct"))
                if _s(r.get("value")):
                    shown += f"<br>数值：{_t(r.get('qualifier'))}{format_number(r.get('value'))}{_t(r.get('unit'))}"
            n = r.get("n_stated")
            dup = (f"<br>同一统计期共有 {int(n)} 条记录，图中取信息最完整的一条（全部见“数据明细”）"
                   if _s(n) and int(n) > 1 else "")
            custom.append([_t(series), _t(r.get("period")), shown + _conflict_line(r), _source_line(r) + dup])
        xs = ([int(p) for p in part["pos"]] if axis == AXIS_ALIGNED else [_s(d) for d in part["period_end"]])
        fig.add_trace(go.Scatter(
            x=xs, y=pd.to_numeric(part[col], errors="coerce").astype(float).tolist(),
            mode="lines+markers", name=_t(series), legendgroup=_t(region),
            line=dict(color=theme.PALETTE[regions.index(region) % len(theme.PALETTE)],
                      dash="dot" if not cumulative else
                      YEAR_DASHES[years.index(_s(first["year_label"])) % len(YEAR_DASHES)], width=2.5),
            marker=dict(size=8, symbol="circle" if cumulative else "diamond"),
            customdata=custom,
            hovertemplate="<b>%{customdata[0]}</b><br>统计期：%{customdata[1]}<br>" + what
                          + "：%{customdata[2]}<br>%{customdata[3]}<extra></extra>"))
    # ticks: the positions drawn, named by their cumulative span (1-6月, 全年) where there is one
    ticks: dict[int, str] = {}
    for p, lab, cum in sorted(zip(frame["pos"], frame["pos_label"], frame["cumulative"]),
                              key=lambda t: (int(t[0]), not bool(t[2]))):
        ticks.setdefault(int(p), _t(lab))
    indicator = _s(frame["indicator"].iloc[0]) if "indicator" in frame and len(frame) else ""
    if title is None:
        how = "各年同期对齐" if axis == AXIS_ALIGNED else "按时间"
        title = f"{indicator}：{what}走势（{how}）" if indicator else None
    _base_layout(fig, title, height=440, showlegend=True,
                 legend=dict(title_text="区县 · 年份", orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"))
    if axis == AXIS_ALIGNED:
        fig.update_xaxes(title_text="统计期（累计至当月；各年同期上下对齐）", tickmode="array",
                         tickvals=list(ticks), ticktext=list(ticks.values()),
                         range=[min(ticks) - 0.5, max(ticks) + 0.5])
    else:
        fig.update_xaxes(title_text="统计期截至月份（每年的累计数各成一条线）", type="date", tickformat="%Y年%-m月")
        if undated:
            extra = f"未画出（没有年份）：{'、'.join(undated)}"
            note = f"{note}　{extra}" if note else extra
    ytitle = f"{what}（{unit}）" if unit else what
    fig.update_yaxes(title_text=ytitle, rangemode="tozero" if metric == "value" else "normal",
                     zeroline=metric == "yoy_pct")
    if note:
        fig.update_layout(title_subtitle=dict(text=wrap_text(note, 48, 4), font=dict(size=12, color=theme.NEUTRAL)),
                          margin=dict(t=70 + 18 * (wrap_text(note, 48, 4).count("<br>") + 1)))
    return fig


def sparkline(points: pd.DataFrame) -> go.Figure | None:
    """A tiny line for an overview card (points from :func:`transforms.sparkline_points`), no axes; hover:
    period, value, article title, sentence.  None when there are fewer than two points."""
    if points is None or len(points) < 2:
        return None
    pct = _s(points["metric"].iloc[0]) == "yoy_pct"
    ys = pd.to_numeric(points["y"], errors="coerce").astype(float).tolist()
    quals = points["qualifier"] if "qualifier" in points else [""] * len(points)
    shown = [(_fmt_pct(v) if pct else _t(q) + format_number(v) + _t(u)) for v, u, q in zip(ys, points["unit"], quals)]
    custom = [[_t(p), ("同比 " if pct else "") + s, "来源：" + _t(t) + "<br>原文：" + wrap_text(snt, 24, 3)]
              for p, s, t, snt in zip(points["period"], shown, points["title"], points["sentence"])]
    fig = go.Figure(go.Scatter(
        x=list(range(len(ys))), y=ys, mode="lines+markers", line=dict(color=theme.PALETTE[0], width=2),
        marker=dict(size=4), customdata=custom, showlegend=False,
        hovertemplate="%{customdata[0]}：%{customdata[1]}<br>%{customdata[2]}<extra></extra>"))
    _base_layout(fig, None, height=56, margin=dict(l=2, r=2, t=2, b=2), showlegend=False,
                 hoverlabel=dict(font=dict(size=11)))
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, fixedrange=True)
    if pct:
        fig.add_hline(y=0, line=dict(color=theme.GRID, width=1))
    return fig
