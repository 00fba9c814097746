"""数据明细: the tidy indicator table with search and filters; a selected row shows its evidence."""
from __future__ import annotations

import streamlit as st

from components import data, evidence, filters, markup, transforms
from components.downloads import render_table

TABLE_KEY = "details_table"
PICK_KEY = "detail_pick"
ROW_KEY = "detail_row"
LARGE_TABLE = 5000  # above this many rows the table loads lazily (st.dataframe cannot select then)

st.title("数据明细")
ind = data.indicators()
regions = data.all_regions()
sel = filters.selected_districts()
in_scope = transforms.search_indicators(ind, "", sel or None)
text, inds, pers = filters.detail_filters(transforms.unique_values(in_scope, "indicator"),
                                          transforms.unique_values(in_scope, "period"))
shown = transforms.search_indicators(ind, text, sel or None, inds or None, pers or None)
st.caption(f"范围：{filters.scope_label(sel, regions)}　·　{len(shown)} / {len(ind)} 条")

if ind.empty:
    st.info("还没有指标数据。请到“导入文章”上传区域经济报道。", icon=":material/info:")
    st.stop()
if shown.empty:
    st.info("没有符合条件的数据：请修改侧边栏的搜索词或筛选条件。", icon=":material/info:")
    st.stop()

COLS = {"region": "区县", "subject": "主体", "indicator": "指标", "period": "统计期", "value": "数值",
        "unit": "单位", "yoy_pct": "同比%", "qualifier": "限定", "value_text": "原文数值", "yoy_text": "原文增速",
        "article": "来源文章", "sentence": "原句"}
table = shown[list(COLS)].rename(columns=COLS).reset_index(drop=True)
table.index = table.index + 1  # row numbers as shown to the user
picked = None
if len(table) > LARGE_TABLE:
    # large result: rows are loaded lazily (no row selection then); pick a row by its number
    st.caption(f"共 {len(table):,} 条，表格按需加载。输入行号查看原文，或用侧边栏搜索缩小到 "
               f"{LARGE_TABLE:,} 条以内后直接在表格中选中一行。")
    render_table(table, key=TABLE_KEY, filename="指标明细", placeholder="—", lazy=True, hide_index=False,
                 column_config={"原句": st.column_config.TextColumn(width="large")})
    number = st.number_input("行号", min_value=1, max_value=len(table), value=None, step=1, key=ROW_KEY,
                             placeholder="输入表格最左列的行号……")
    if number is not None:
        picked = int(number) - 1
else:
    st.caption("选中一行，在下方查看它在原文中的位置（原句高亮）。")
    render_table(table, key=TABLE_KEY, filename="指标明细", placeholder="—", on_select="rerun",
                 selection_mode="single-row", column_config={"原句": st.column_config.TextColumn(width="large")})
    labels = [f"{i + 1}. {r.region}·{(r.subject + '·') if r.subject else ''}{r.indicator}｜{r.period}"
              for i, r in enumerate(shown.itertuples())]
    state = st.session_state.get(TABLE_KEY)
    rows = list(getattr(getattr(state, "selection", None), "rows", []) or []) if state is not None else []
    picked = rows[0] if rows and rows[0] < len(shown) else None
    choice = st.selectbox("查看原文（也可在表格中选中一行）", labels, index=None, key=PICK_KEY,
                          placeholder="选择一条数据……")
    if choice is not None and picked is None:
        picked = labels.index(choice)
if picked is not None:
    row = shown.iloc[picked]
    value = f"{row['qualifier'] or ''}{row['value_text'] or ''}"
    st.markdown(f"**{markup.md(row['region'])}·{markup.md(row['indicator'])}**（{markup.md(row['period'])}）："
                f"{markup.md(value) or '—'}　{markup.md(row['yoy_text'])}")
    evidence.show_evidence(row, data.article_text(str(row["article"])))
