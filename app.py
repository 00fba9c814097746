"""区域经济看板 -- entry point: `streamlit run app.py`.

Builds the store from seeds/ on first start, renders the global district filter
in the sidebar (bound to the URL) and runs the selected page.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

st.set_page_config(page_title="区域经济看板", page_icon=":material/bar_chart:", layout="wide")

from components import data, filters, markup  # noqa: E402

PAGES = [
    st.Page("app_pages/overview.py", title="概览", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("app_pages/compare.py", title="区县对比", icon=":material/bar_chart:", url_path="compare"),
    st.Page("app_pages/trend.py", title="趋势", icon=":material/show_chart:", url_path="trend"),
    st.Page("app_pages/ranking.py", title="增速排行", icon=":material/trending_up:", url_path="ranking"),
    st.Page("app_pages/projects.py", title="项目库", icon=":material/apartment:", url_path="projects"),
    st.Page("app_pages/details.py", title="数据明细", icon=":material/table_rows:", url_path="details"),
    st.Page("app_pages/conflicts.py", title="冲突", icon=":material/compare_arrows:", url_path="conflicts"),
    st.Page("app_pages/upload.py", title="导入文章", icon=":material/upload_file:", url_path="upload"),
]

page = st.navigation(PAGES)

try:
    data.get_store()
except Exception as exc:  # noqa: BLE001 - show a message instead of a traceback
    st.error(f"数据库无法打开或构建：{markup.md(f'{type(exc).__name__}: {exc}')}。"
             "请检查 data/ 目录的写权限，或运行 `python -m parsers build` 重建。")
    st.stop()

with st.sidebar:
    st.markdown("### 区域经济看板")
filters.district_filter(data.all_regions(), data.region_places())

page.run()
