"""概览: KPI cards per district (latest period), coverage matrix, loaded articles.

Cards: the headline indicators in the fixed order of ``components/headline_cards.csv`` (GDP, 规上工业增加值,
固定资产投资, 社零额, 财政收入, 居民收入, …), at most ``MAX_KPIS`` per district; a card gets a sparkline
(``charts.sparkline``) when its district has two or more periods of the indicator.  Every other row of the
district sits behind a "更多" expander, whose cards are built only when it is opened.

The sections are laid out top to bottom (cards, coverage, articles) but filled in a
different order: the coverage chart is sent first, into its slot below the cards, so the
browser starts loading the chart library and drawing while the cards are still being built.
"""
from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from components import charts, conflicts, data, filters, markup, review, titles, transforms
from components.headline import headline_cards
from components.downloads import render_chart, render_table, table_downloads
from parsers.textio import suffix_list

MAX_KPIS = 9
KPI_COLUMNS = 3
SOURCES = {"seed": "示例", "upload": "上传", "cli": "命令行"}
MAX_KPI_DISTRICTS = 4  # without a district filter: the best-covered districts only (each card costs the browser ~8 ms)


def kpi_cards(latest: pd.DataFrame, cov: pd.DataFrame, sel: list[str]) -> None:
    st.subheader("各区县最新指标")
    if latest.empty:
        st.info("所选区县还没有全区指标数据。可以在侧边栏选择其他区县，或到“导入文章”上传该区县的报道。",
                icon=":material/info:")
        return
    districts = sorted(latest["region"].unique())
    if not sel and len(districts) > MAX_KPI_DISTRICTS:
        cover = latest.groupby("region").size().sort_values(ascending=False, kind="mergesort")
        districts = sorted(cover.index[:MAX_KPI_DISTRICTS])
        st.caption(f"共 {latest['region'].nunique()} 个区县，这里显示指标最全的 {MAX_KPI_DISTRICTS} 个；"
                   "在侧边栏选择区县可查看其他区县。")
    latest = latest[latest["region"].isin(districts)]
    # the headline indicators in their fixed order (components/headline_cards.csv) are the cards; the
    # district's other rows sit behind "更多" (in the coverage order)
    cards, more = transforms.card_split(latest, headline_cards(), max_cards=MAX_KPIS,
                                        rest_order=[str(c) for c in cov.columns])
    lines = _sparklines(cards, cov)
    for region in districts:
        grp, rest = cards[cards["region"] == region], more[more["region"] == region]
        periods = "、".join(dict.fromkeys(str(p) for p in (grp if len(grp) else rest)["period"] if str(p)))
        st.markdown(f"**{markup.md(region)}**　:gray[最新统计期：{markup.md(periods) or '未知'}]")
        if grp.empty:
            st.caption("该区县的文章中没有核心指标（地区生产总值、规上工业增加值、固定资产投资、社零额、财政收入、"
                       "居民收入……）；其他指标见“更多”。")
        _card_grid(grp, lines)
        conflicts.chart_note(grp, where="卡片中")
        if len(rest):
            # opened on demand: the cards behind it are built only when the user opens it
            box = st.expander(f"更多（{len(rest)} 项）", key=f"overview_more_{region}", on_change="rerun")
            if box.open:
                with box:
                    _card_grid(rest, {})
                    conflicts.chart_note(rest, where="卡片中")


def _card_grid(rows: pd.DataFrame, lines: dict) -> None:
    rows = list(rows.iterrows())
    for k in range(0, len(rows), KPI_COLUMNS):  # one st.columns per row: cards of a row line up
        cols = st.columns(KPI_COLUMNS)
        for col, (_, r) in zip(cols, rows[k:k + KPI_COLUMNS]):
            with col:
                fig = lines.get((str(r["region"]), str(r["indicator"])))
                if fig is None:
                    _metric(r)
                    continue
                with st.container(border=True, height="stretch"):
                    _metric(r, border=False)
                    _sparkline(fig, key=f"overview_spark_{r['region']}_{r['indicator']}")


def _sparklines(cards: pd.DataFrame, cov: pd.DataFrame) -> dict:
    """(district, indicator) -> sparkline figure, for the cards whose district has two or more periods of
    the indicator (the coverage cells list them): one query for all of them."""
    want = []
    for region, indicator in zip(cards["region"].astype(str), cards["indicator"].astype(str)):
        cell = cov.at[region, indicator] if region in cov.index and indicator in cov.columns else ""
        if len([p for p in str(cell or "").split("、") if p]) >= 2:
            want.append((region, indicator))
    if not want:
        return {}
    regions = sorted({r for r, _ in want})
    rows, _ = data.trend_rows(sorted({i for _, i in want}), regions, max_regions=len(regions))
    out = {}
    for (region, indicator), part in rows.groupby(["region", "indicator"], sort=False):
        if (str(region), str(indicator)) in want:
            fig = charts.sparkline(transforms.sparkline_points(part))
            if fig is not None:
                out[(str(region), str(indicator))] = fig
    return out


def _sparkline(fig, *, key: str) -> None:
    try:
        st.plotly_chart(fig, key=key, theme=None, config={"displayModeBar": False, "responsive": True})
    except Exception:  # noqa: BLE001 - a sparkline must not take the card down (the card shows the figure)
        logging.getLogger(__name__).exception("sparkline %s failed", key)


def _metric(r: pd.Series, *, border: bool = True) -> None:
    yoy = r["yoy_pct"]
    has_yoy = pd.notna(yoy)
    has_value = pd.notna(r["value"])
    if has_value:
        # st.metric renders its value as Markdown too
        value = f"{markup.md(r['qualifier'])}{transforms.format_number(r['value'])} {markup.md(r['unit'])}".strip()
        delta = f"{float(yoy):+.1f}%" if has_yoy else None
        label = f"{markup.md(r['indicator'])}（{markup.md(r['period'])}）"
    else:  # only a growth rate was given: show it as the value, say so in the label
        value = f"{float(yoy):+.1f}%" if has_yoy else "—"
        delta = None
        label = f"{markup.md(r['indicator'])}增速（{markup.md(r['period'])}）"
    state = str(r.get("reviewed") or "")
    if state:   # a corrected (or checked) figure says so on its card, as in every table
        label += f" {review.badge(state)}"
    st.metric(label, value, delta=delta, border=border, height="stretch" if border else "content",
              help=f"来源：{markup.md(titles.label_of(r))}\n\n原句：{markup.md(r['sentence'])}"
                   + ("" if has_value else "\n\n（文中只给出了同比增速）")
                   + (f"\n\n{review.CARD_NOTES[state]}" if state in review.CARD_NOTES else "")
                   + (f"\n\n{conflicts.HOVER_NOTE}" if conflicts.flagged(r) else ""))


def coverage(cov: pd.DataFrame, matrix_regions: dict | None = None) -> None:
    st.subheader("指标覆盖情况")
    st.caption("每格列出该区县该指标已有数据的统计期；空白表示文章中没有这个数字。")
    if matrix_regions and matrix_regions.get("shown"):
        st.caption(f"共 {matrix_regions['total']:,} 个区县，这里显示指标最全的 {matrix_regions['shown']} 个；"
                   "在侧边栏选择区县可查看其他区县。")
    render_chart(charts.coverage_heatmap(cov), key="overview_coverage", filename="指标覆盖情况")
    # the table (every period; and its downloads) only on request: a second grid on the default page
    # costs every visitor
    if not cov.empty and st.toggle("以表格查看覆盖矩阵", key="overview_coverage_as_table"):
        render_table(cov.reset_index().rename(columns={"region": "区县"}), key="overview_coverage_table",
                     filename="指标覆盖矩阵", placeholder="—")


def article_table(arts: pd.DataFrame) -> pd.DataFrame:
    title = arts["title"].astype("string").fillna("")
    return pd.DataFrame({
        "标题": title.where(title != "", arts["article"]),   # untitled: the storage name
        "区县": arts["region"],
        "发布月份": arts["published"],
        "来源": arts["source"].map(SOURCES).fillna(arts["source"]),
        "字数": arts["n_chars"],
        "指标数": arts["n_indicators"].astype("Int64"),
        "项目数": arts["n_projects"].astype("Int64"),
        "导入时间": arts["added_at"],
        titles.STORAGE_COLUMN: arts["article"],   # the storage name: secondary, last
    })


def article_list(arts: pd.DataFrame, total: int) -> None:
    """``arts``: the latest articles of the selection (at most ``summaries.ARTICLE_LIMIT``); ``total``: all of them."""
    st.subheader("已导入的文章")
    if arts.empty:
        st.info("所选区县没有对应的文章。", icon=":material/info:")
        return
    table = article_table(arts)
    # the latest imports as a light list; the whole table (a data grid) on request
    n = markup.MAX_ITEMS
    recent = table.sort_values(["导入时间", titles.STORAGE_COLUMN], ascending=[False, True], kind="mergesort").head(n)
    if total > len(table):
        st.caption(f"共 {total:,} 篇，这里列出最近导入的 {n} 篇；下方表格和下载包含最近导入的 {len(table):,} 篇。")
    elif len(table) > n:
        st.caption(f"共 {len(table)} 篇，这里列出最近导入的 {n} 篇；全部文章见下方表格或下载。")
    st.html(markup.article_list_html(recent))
    if st.toggle("以表格查看全部文章", key="overview_articles_as_table"):
        render_table(table, key="overview_articles", filename="已导入文章", placeholder="—", show_downloads=False)
    table_downloads(table, key="overview_articles", filename="已导入文章")


st.title("概览")
sel = filters.selected_districts()
summary = data.overview(sel)  # computed inside the store: this page loads no whole table
n, shown = summary["counts"], summary["shown"]
st.caption(f"范围：{filters.scope_label(sel, data.all_regions())}　·　文章 {shown['articles']} 篇　·　"
           f"指标 {shown['indicators']} 条　·　项目 {shown['projects']} 个"
           + (f"（全库：文章 {n['articles']} 篇，指标 {n['indicators']} 条，项目 {n['projects']} 个）" if sel else ""))

if n["indicators"] == 0 and n["articles"] == 0:
    st.info(f"数据库里还没有文章。请到“导入文章”页面上传区域经济报道（{suffix_list()}），"
            "或在命令行运行 `python -m parsers build` 从 seeds/ 重建。", icon=":material/info:")
    st.stop()

cards_slot, coverage_slot = st.container(), st.container()
with coverage_slot:
    coverage(summary["coverage"], summary.get("matrix_regions"))
with cards_slot:
    kpi_cards(data.with_titles(summary["latest"]), summary["coverage"], sel)
article_list(summary["articles"], shown["articles"])
