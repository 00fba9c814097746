"""区县对比: one indicator across districts -- value bars and growth bars, same period by default."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts, conflicts, data, filters, markup, review, transforms
from components.downloads import render_chart, render_table

st.title("区县对比")
regions = data.all_regions()
sel = filters.selected_districts()

options = data.indicator_options(sel)  # DuckDB: no page holds the indicator table
indicator = filters.indicator_or_stop(options, "可比较")

periods = data.period_options(indicator, sel)
period, mixed = filters.period_controls(periods)
# the rows of the chosen period (or each district's latest), and the districts that have the indicator
rows, covered = data.comparison_rows(indicator, sel, period, mixed)
rows = data.with_titles(rows)   # articles named by title and month
frame, note = transforms.comparison_frame(rows, indicator, sel or None, period=None if mixed else period,
                                          allow_mixed=mixed, covered=covered)
st.caption(f"范围：{filters.scope_label(sel, regions)}　·　指标：{markup.md(indicator)}　·　"
           + ("统计期：各区县最新一期（混合）" if mixed else f"统计期：{markup.md(period)}"))
if mixed:
    st.warning(markup.md(note) or "已允许混合统计期：各区县取最新一期。", icon=":material/warning:")
elif note:
    st.info(markup.md(note), icon=":material/info:")

if frame.empty:
    st.info("没有可显示的数据：请选择其他指标或统计期，或打开“允许混合统计期”。", icon=":material/info:")
    st.stop()

chart_note = note if mixed else None
by_value, n_value = transforms.chart_top(frame, "value")
by_growth, n_growth = transforms.chart_top(frame, "yoy_pct")
if n_value > transforms.CHART_MAX_BARS or n_growth > transforms.CHART_MAX_BARS:
    st.caption(f"区县较多：图中只画数值、增速最大的各 {transforms.CHART_MAX_BARS} 个区县（有数值的 {n_value} 个，"
               f"有增速的 {n_growth} 个），下表列出全部。在侧边栏选择区县可比较指定区县。")
c1, c2 = st.columns(2)
with c1:
    render_chart(charts.comparison_bars(by_value, "value", note=chart_note), key="compare_value",
                 filename=f"{indicator}_数值对比")
with c2:
    render_chart(charts.comparison_bars(by_growth, "yoy_pct", note=chart_note), key="compare_growth",
                 filename=f"{indicator}_增速对比")
conflicts.chart_note(pd.concat([by_value, by_growth])                      # the figures drawn, each once
                     .drop_duplicates(subset=[c for c in ("region", "article", "start", "end") if c in by_value]))

st.subheader("对比数据")
cols = {"region": "区县", "period": "统计期", "indicator": "指标", "display_value": "数值", "display_unit": "单位",
        "value_text": "原文数值", "yoy_pct": "同比%", "_conflict": conflicts.COLUMN, "_reviewed": review.COLUMN, "title": "文章标题",
        "published": "发布月份", "sentence": "原句", "article": "文件名"}
frame = frame.assign(_conflict=conflicts.flag_column(frame), _reviewed=review.badges(frame))
render_table(frame[[c for c in cols if c in frame]].rename(columns=cols), key="compare_table",
             filename=f"{indicator}_区县对比", placeholder="—")
