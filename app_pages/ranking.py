"""增速排行: growth-rate bars for one district across indicators or one indicator across districts."""
from __future__ import annotations

import streamlit as st

from components import charts, conflicts, data, filters, review, transforms

from components.downloads import render_chart, render_table

st.title("增速排行")
regions = data.all_regions()
sel = filters.selected_districts()
rank_regions = data.growth_regions(sel)             # districts with growth rates (DuckDB)
options = data.indicator_options(sel, growth_only=True)

mode, region, indicator, subjects = filters.ranking_controls(rank_regions, options)
if mode == filters.RANK_BY_REGION:
    if not region:
        st.info("所选区县没有同比增速数据。请在侧边栏选择其他区县，或上传含“增长×%”的文章。", icon=":material/info:")
        st.stop()
    rows, total = data.growth_rows(region=region, include_subjects=subjects)
    rows = data.with_titles(rows)   # articles named by title and month
    frame = transforms.growth_ranking(rows, region=region, include_subjects=subjects)
    title = f"{region}：各项指标同比增速"
    fname = f"{region}_增速排行"
else:
    if not indicator:
        st.info("所选区县没有同比增速数据。请在侧边栏放宽区县筛选，或上传含“增长×%”的文章。", icon=":material/info:")
        st.stop()
    rows, total = data.growth_rows(indicator=indicator, regions=sel, include_subjects=subjects)
    rows = data.with_titles(rows)
    frame = transforms.growth_ranking(rows, indicator=indicator, include_subjects=subjects, regions=sel or None)
    title = f"{indicator}：各区县同比增速"
    fname = f"{indicator}_增速排行"

st.caption(f"范围：{filters.scope_label(sel, regions)}　·　{mode}"
           + ("　·　含企业/行业等主体" if subjects else "") + "　·　绿色为增长，红色为下降")
if total > len(rows):
    st.caption(f"共 {total:,} 条增速，图表只显示增速最高的 {len(rows):,} 条；请用侧边栏缩小范围。")
if not frame.empty and frame["period"].nunique() > 1:
    st.warning("注意：以下增速来自不同统计期（见每个标签中的统计期），不宜直接比较大小。", icon=":material/warning:")
render_chart(charts.growth_bars(frame, title=title), key="ranking_chart", filename=fname)
conflicts.chart_note(frame)
if not frame.empty:
    frame = frame.assign(_conflict=conflicts.flag_column(frame), _reviewed=review.badges(frame))
    cols = {"label": "项目", "region": "区县", "subject": "主体", "indicator": "指标", "period": "统计期",
            "yoy_pct": "同比%", "yoy_text": "原文", "_conflict": conflicts.COLUMN, "_reviewed": review.COLUMN, "title": "文章标题", "published": "发布月份",
            "sentence": "原句", "article": "文件名"}
    render_table(frame[[c for c in cols if c in frame]].rename(columns=cols), key="ranking_table", filename=fname, placeholder="—")
