"""数据明细: the tidy indicator table, searched and paged in DuckDB; a selected row shows its evidence and
its review controls (已核对 / 有误 / 修改 / 补录: components/review.py); the list of every correction below.

Only the page on screen is read from the store and sent to the browser (page size and number in the
sidebar, both in the URL); the CSV / Excel downloads hold the whole filtered view, read when clicked
(at most ``store.queries.EXPORT_LIMIT`` rows, and the page says so when there are more).  The table's
核对 column is the row's ``reviewed`` state (a badge on screen, the plain label in the downloads), 冲突
marks a figure another article contradicts; values are shown as corrected.
"""
from __future__ import annotations

import streamlit as st

from components import data, evidence, filters, markup, review, titles
from components.downloads import query_downloads, render_table
from store.queries import EXPORT_LIMIT

TABLE_KEY = "details_table"
PICK_KEY = "detail_pick"
EXPORT_KEY = "details_export"

COLS = {"reviewed": "核对", "conflict": "冲突",
        "region": "区县", "subject": "主体", "indicator": "指标", "period": "统计期", "value": "数值",
        "unit": "单位", "yoy_pct": "同比%", "qualifier": "限定", "value_text": "原文数值", "yoy_text": "原文增速",
        "title": titles.TITLE_COLUMN, "published": titles.MONTH_COLUMN, "sentence": "原句",
        "article": titles.STORAGE_COLUMN}   # the storage name: a secondary column, last


def export_table(frame, *, badges: bool = False):
    """A table of detail rows: the shown columns under their Chinese names (the frame has its titles:
    :func:`components.data.with_titles`).  核对: the state (``badges``: as the screen's badge); 冲突: 冲突 / ""."""
    out = frame[list(COLS)].copy()
    out["reviewed"] = out["reviewed"].map(review.badge if badges else (lambda v: "" if v is None else str(v)))
    out["conflict"] = out["conflict"].map(review.conflict_mark if badges else
                                          (lambda v: "冲突" if review.conflict_mark(v) else ""))
    return out.rename(columns=COLS).reset_index(drop=True)


st.title("数据明细")
review.show_flash()
regions = data.all_regions()
sel = filters.selected_districts()
facet_inds, facet_pers = data.detail_facets(sel)
text, inds, pers = filters.detail_filters(facet_inds, facet_pers)
states = review.review_filter()
n_shown, n_total = data.detail_count(text, sel, inds, pers, states)
limit, offset, page_no, pages = filters.page_controls(n_shown)
shown = data.with_titles(data.detail_page(text, sel, inds, pers, limit=limit, offset=offset, review=states))
st.caption(f"范围：{filters.scope_label(sel, regions)}　·　{n_shown:,} / {n_total:,} 条"
           + (f"　·　第 {page_no:,} / {pages:,} 页（每页 {limit} 条，第 {offset + 1:,}–{offset + len(shown):,} 条）"
              if n_shown else ""))

if n_total == 0:
    st.info("还没有指标数据。请到“导入文章”上传区域经济报道。", icon=":material/info:")
elif n_shown == 0:
    st.info("没有符合条件的数据：请修改侧边栏的搜索词、筛选条件或上方的核对状态。", icon=":material/info:")
else:
    table = export_table(shown, badges=True)
    table.index = range(offset + 1, offset + len(table) + 1)  # row numbers in the whole result
    st.caption("选中一行，在下方查看它在原文中的位置（原句高亮），并标记已核对、有误或修改它。翻页见侧边栏。")
    render_table(table, key=TABLE_KEY, filename="指标明细", placeholder="—", on_select="rerun", hide_index=False,
                 selection_mode="single-row", show_downloads=False,
                 column_config={"原句": st.column_config.TextColumn(width="large"),
                                "核对": st.column_config.TextColumn(width="small"),
                                "冲突": st.column_config.TextColumn(width="small")})
    if n_shown > EXPORT_LIMIT:
        st.caption(f"下载只含前 {EXPORT_LIMIT:,} 条（共 {n_shown:,} 条符合条件）；请用侧边栏缩小范围后再下载。")
    query_downloads(lambda: export_table(data.detail_export(text, sel, inds, pers, states)), key=EXPORT_KEY,
                    filename="指标明细", what=f"全部 {min(n_shown, EXPORT_LIMIT):,} 条符合条件的数据")

    labels = [f"{offset + i + 1}. {r.region}·{(r.subject + '·') if r.subject else ''}{r.indicator}｜{r.period}"
              f"｜{r.article_label}" for i, r in enumerate(shown.itertuples())]
    state = st.session_state.get(TABLE_KEY)
    rows = list(getattr(getattr(state, "selection", None), "rows", []) or []) if state is not None else []
    choice = st.selectbox("查看原文（也可在表格中选中一行）", labels, index=None, key=PICK_KEY,
                          placeholder="选择本页的一条数据……")
    picked = review.follow_selection(shown, rows[0] if rows else None, choice, labels)
    if picked is not None:
        row = shown.iloc[picked]
        article_text = data.article_text(str(row["article"]))
        value = f"{row['qualifier'] or ''}{row['value_text'] or ''}"
        st.markdown(f"**{markup.md(row['region'])}·{markup.md(row['indicator'])}**（{markup.md(row['period'])}）："
                    f"{markup.md(value) or '—'}　{markup.md(row['yoy_text'])}")
        evidence.show_evidence(row, article_text)
        review.row_controls(row, article_text)

st.divider()
review.corrections_section()
