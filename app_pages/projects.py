"""项目库: the project table with filters, investment by district and status, source sentence per row."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts, data, evidence, filters, titles, transforms
from components.downloads import render_chart, render_table

TABLE_KEY = "projects_table"
PICK_KEY = "project_pick"

st.title("项目库")
regions = data.all_regions()
sel = filters.selected_districts()
in_scope = data.with_titles(data.project_rows(sel))  # the selected districts' projects (DuckDB), with titles
inv = pd.to_numeric(in_scope["investment"], errors="coerce")
statuses = transforms.unique_values(in_scope, "status")
chosen, rng, keyword = filters.project_filters(statuses, float(inv.max()) if inv.notna().any() else 0.0)

shown = transforms.filter_projects(in_scope, sel or None, statuses=chosen or None,
                                   inv_min=rng[0] if rng else None, inv_max=rng[1] if rng else None,
                                   keyword=keyword)
total = pd.to_numeric(shown["investment"], errors="coerce").sum()
st.caption(f"范围：{filters.scope_label(sel, regions)}　·　{len(shown)} 个项目　·　"
           f"注明投资额合计 {transforms.format_number(total)} 亿元")

if data.counts()["projects"] == 0:
    st.info("还没有项目数据。请到“导入文章”上传含有项目信息（如“总投资15亿元的××项目开工”）的报道。",
            icon=":material/info:")
    st.stop()
if shown.empty:
    st.info("没有符合条件的项目：请在侧边栏放宽区县、状态、投资额或关键词筛选。", icon=":material/info:")
    st.stop()

render_chart(charts.project_investment_chart(shown), key="projects_chart", filename="项目投资额_按区县状态")

st.subheader("项目清单")
st.caption("点击表头排序；选中一行可在下方查看它在原文中的句子。")
table = pd.DataFrame({
    "项目": shown["name"],
    "区县": shown["region"],
    "投资额（亿元）": pd.to_numeric(shown["investment"], errors="coerce"),
    "限定": shown["qualifier"],
    "状态": shown["status"],
    titles.TITLE_COLUMN: shown["title"],
    titles.MONTH_COLUMN: shown["published"],
    "原句": shown["sentence"],
    titles.STORAGE_COLUMN: shown["article"],   # the storage name: secondary, last
}).reset_index(drop=True)
render_table(table, key=TABLE_KEY, filename="项目库", placeholder="—", on_select="rerun", selection_mode="single-row",
             column_config={"投资额（亿元）": st.column_config.NumberColumn(format="%.2f 亿元"),
                            "原句": st.column_config.TextColumn(width="large")})

labels = [f"{i + 1}. {r.name}（{r.region}）｜{r.article_label}" for i, r in enumerate(shown.itertuples())]
picked = None
state = st.session_state.get(TABLE_KEY)
rows = list(getattr(getattr(state, "selection", None), "rows", []) or []) if state is not None else []
if rows and rows[0] < len(shown):
    picked = rows[0]
choice = st.selectbox("查看项目原文（也可在表格中选中一行）", labels, index=None, key=PICK_KEY, placeholder="选择一个项目……")
if choice is not None and picked is None:
    picked = labels.index(choice)
if picked is not None:
    row = shown.iloc[picked]
    evidence.show_evidence(row, data.article_text(str(row["article"])), title=str(row["name"]))
