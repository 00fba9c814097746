"""导入文章: upload articles or paste one, confirm title, region and month, preview the extracted rows, save."""
from __future__ import annotations

import streamlit as st

from components import data, upload
from parsers.textio import suffix_list

st.title("导入文章")
st.caption(f"上传区域经济报道（{suffix_list()}）或粘贴文章正文，确认标题、区县和发布月份，预览识别出的指标和项目后保存。"
           "保存后所有页面立即更新；相同内容的文章不会重复保存。")
upload.render(data.get_store(), on_saved=data.invalidate)
