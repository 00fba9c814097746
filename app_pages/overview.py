"""概览: KPI cards per district (latest period), coverage matrix, loaded articles."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts, data, filters, transforms
from components.downloads import render_chart, render_table

MAX_KPIS = 9
MAX_KPI_DISTRICTS = 8  # without a district filter: the best-covered districts only
MAX_CELL_PERIODS = 6  # a cell listing dozens of periods makes the heatmap very slow to draw


def _latest_periods(cell: str) -> str:
    """Keep the most recent periods of a coverage cell (cells list periods oldest first)."""
    parts = [p for p in str(cell).split("、") if p]
    return "、".join(parts[-MAX_CELL_PERIODS:])

KPI_COLUMNS = 3

st.title("概览")
ind = data.indicators()
arts = data.articles()
prj = data.projects()
regions = data.all_regions()
sel = filters.selected_districts()
st.caption(f"范围：{filters.scope_label(sel, regions)}　·　文章 {len(arts)} 篇　·　指标 {len(ind)} 条　·　项目 {len(prj)} 个")

if ind.empty and arts.empty:
    st.info("数据库里还没有文章。请到“导入文章”页面上传区域经济报道（.txt / .md / .html），"
            "或在命令行运行 `python -m parsers build` 从 seeds/ 重建。", icon=":material/info:")
    st.stop()

st.subheader("各区县最新指标")
latest = transforms.latest_by_region(ind, sel or None)
if latest.empty:
    st.info("所选区县还没有全区指标数据。可以在侧边栏选择其他区县，或到“导入文章”上传该区县的报道。",
            icon=":material/info:")
else:
    # headline statistics first (the lexicon's curated order), then the rest by coverage
    order = list(dict.fromkeys(data.headline_indicators() + transforms.indicator_options(ind, sel or None)))
    rank = {name: i for i, name in enumerate(order)}
    districts = sorted(latest["region"].unique())
    if not sel and len(districts) > MAX_KPI_DISTRICTS:
        cover = latest.groupby("region").size().sort_values(ascending=False, kind="mergesort")
        districts = sorted(cover.index[:MAX_KPI_DISTRICTS])
        st.caption(f"共 {latest['region'].nunique()} 个区县，这里显示指标最全的 {MAX_KPI_DISTRICTS} 个；"
                   "在侧边栏选择区县可查看其他区县。")
    latest = latest[latest["region"].isin(districts)]
    for region, grp in latest.groupby("region", sort=True):
        grp = grp.assign(_r=grp["indicator"].map(rank).fillna(len(rank))).sort_values("_r").head(MAX_KPIS)
        periods = "、".join(dict.fromkeys(str(p) for p in grp["period"] if str(p)))
        st.markdown(f"**{region}**　:gray[最新统计期：{periods or '未知'}]")
        rows = list(grp.iterrows())
        for k in range(0, len(rows), KPI_COLUMNS):  # one st.columns per row: cards of a row line up
            cols = st.columns(KPI_COLUMNS)
            for col, (_, r) in zip(cols, rows[k:k + KPI_COLUMNS]):
                yoy = r["yoy_pct"]
                has_yoy = pd.notna(yoy)
                has_value = pd.notna(r["value"])
                if has_value:
                    value = f"{r['qualifier'] or ''}{transforms.format_number(r['value'])} {r['unit']}".strip()
                    delta = f"{float(yoy):+.1f}%" if has_yoy else None
                    label = f"{r['indicator']}（{r['period']}）"
                else:  # only a growth rate was given: show it as the value, say so in the label
                    value = f"{float(yoy):+.1f}%" if has_yoy else "—"
                    delta = None
                    label = f"{r['indicator']}增速（{r['period']}）"
                with col:
                    st.metric(label, value, delta=delta, border=True, height="stretch",
                              help=f"来源：{r['article']}\n\n原句：{r['sentence']}"
                                   + ("" if has_value else "\n\n（文中只给出了同比增速）"))

st.subheader("指标覆盖情况")
st.caption("每格列出该区县该指标已有数据的统计期；空白表示文章中没有这个数字。")
cov = transforms.coverage_matrix(ind, sel or None)
shown_cov = cov.map(_latest_periods) if not cov.empty else cov
if not cov.empty and (cov.map(lambda c: str(c).count("、") + 1) > MAX_CELL_PERIODS).any().any():
    st.caption(f"每格最多列出最近 {MAX_CELL_PERIODS} 个统计期；某个区县某项指标的全部数据可在“数据明细”页查看。")
render_chart(charts.coverage_heatmap(shown_cov), key="overview_coverage", filename="指标覆盖情况")
if not cov.empty:
    with st.expander("以表格查看覆盖矩阵"):
        render_table(shown_cov.reset_index().rename(columns={"region": "区县"}), key="overview_coverage_table",
                     filename="指标覆盖矩阵", placeholder="—")

st.subheader("已导入的文章")
shown = arts if not sel else arts[arts["region"].isin(sel) | arts["article"].isin(ind.loc[ind["region"].isin(sel), "article"])]
if shown.empty:
    st.info("所选区县没有对应的文章。", icon=":material/info:")
else:
    n_ind = ind.groupby("article").size()
    n_prj = prj.groupby("article").size()
    table = pd.DataFrame({
        "文章": shown["article"],
        "标题": shown["title"],
        "区县": shown["region"],
        "发布月份": shown["published"],
        "来源": shown["source"].map({"seed": "示例", "upload": "上传", "cli": "命令行"}).fillna(shown["source"]),
        "字数": shown["n_chars"],
        "指标数": shown["article"].map(n_ind).fillna(0).astype("Int64"),
        "项目数": shown["article"].map(n_prj).fillna(0).astype("Int64"),
        "导入时间": shown["added_at"],
    })
    render_table(table, key="overview_articles", filename="已导入文章", placeholder="—")
