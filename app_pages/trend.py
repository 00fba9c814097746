"""趋势: one indicator of the selected districts over time -- values and growth rates, like periods aligned.

How periods line up (``transforms.trend_frame``): most figures are cumulative from January (1-3月, 1-6月,
1-9月, 全年).  The x axis is the cumulative period, placed at the month it ends in, and each line is one
district's periods of one year: 2024年1-6月 and 2025年1-6月 sit one above the other (H1 against H1), and a
year's 1-3月 … 全年 form one line.  Colour = district, dash = year (the latest solid).  Periods that do not
start in January (a single month, 3-4月) are drawn as separate dotted "非累计" lines and named in a note.
The sidebar's 横轴 switch (``?trend_axis=按时间``) lays the same lines out on a time axis instead (the month each
period ends in), which reads better when the years hold different periods.
One row per district and period: figures stated twice are de-duplicated in ``store.queries.trend_rows``.
Without a district selection the best-covered ``queries.TREND_MAX_REGIONS`` districts are drawn.
"""
from __future__ import annotations

import streamlit as st

from components import charts, conflicts, data, filters, markup, review, titles, transforms
from components.downloads import render_chart, render_table

AXIS = "trend_axis"          # widget key == URL query parameter
AXES = {"同期对齐": charts.AXIS_ALIGNED, "按时间": charts.AXIS_TIME}


def axis_control() -> str:
    """The x axis of both charts (sidebar, in the URL): like periods aligned (default) or a time axis."""
    with st.sidebar:
        label = st.radio("横轴", list(AXES), key=AXIS, horizontal=True, bind="query-params", persist_state="session",
                         help="同期对齐：横轴为累计统计期（1-3月 … 全年），各年同期上下对齐；"
                              "按时间：横轴为统计期截至的月份，每年的累计数仍各成一条线。")
    return AXES.get(label, charts.AXIS_ALIGNED)


st.title("趋势")
regions = data.all_regions()
sel = filters.selected_districts()

options = data.trend_indicator_options(sel)  # DuckDB: indicators with figures in the selection
indicator = filters.indicator_or_stop(options, "可画趋势")

axis = axis_control()
rows, total = data.trend_rows(indicator, sel)
frame, note = transforms.trend_frame(rows)
shown = list(dict.fromkeys(str(r) for r in rows["region"]))
st.caption(f"范围：{filters.scope_label(sel, regions)}　·　指标：{markup.md(indicator)}　·　"
           + ("横轴为累计统计期（1-3月、1-6月 … 全年），每条线是一个区县一年的数据，各年同期上下对齐。"
              if axis == charts.AXIS_ALIGNED else "横轴为统计期截至的月份，每条线是一个区县一年的数据。"))
if total > len(shown):
    st.caption(f"共 {total:,} 个区县有该指标，图中显示统计期最多的 {len(shown)} 个："
               f"{markup.md('、'.join(shown))}；在侧边栏选择区县可查看其他区县。")
if note:
    st.info(markup.md(note), icon=":material/info:")
if frame.empty:
    st.info("没有可显示的趋势数据：请选择其他指标或区县。", icon=":material/info:")
    st.stop()
if frame["period"].nunique() < 2:
    st.caption(f"所选区县的“{markup.md(indicator)}”目前只有一个统计期；导入更多期的文章后即可看到走势。")

render_chart(charts.trend_lines(frame, "value", note=note or None, axis=axis), key="trend_value",
             filename=f"{indicator}_趋势_数值")
render_chart(charts.trend_lines(frame, "yoy_pct", note=note or None, axis=axis), key="trend_growth",
             filename=f"{indicator}_趋势_增速")
conflicts.chart_note(frame)

st.subheader("趋势数据")
table = frame.assign(_title=frame["title"], _storage=frame["article"], _conflict=conflicts.flag_column(frame),
                     _reviewed=review.badges(frame))
cols = {"region": "区县", "year_label": "年份", "period": "统计期", "display_value": "数值", "display_unit": "单位",
        "value_text": "原文数值", "yoy_pct": "同比%", "_conflict": conflicts.COLUMN, "_reviewed": review.COLUMN, "_title": titles.TITLE_COLUMN, "published": titles.MONTH_COLUMN,
        "sentence": "原句", "_storage": titles.STORAGE_COLUMN}
render_table(table[[c for c in cols if c in table]].rename(columns=cols), key="trend_table",
             filename=f"{indicator}_趋势", placeholder="—")
