"""Untrusted text (article titles and sentences, file names, region names typed in) made safe
for Streamlit's Markdown and HTML elements.  Pure functions, no ``st.*``.

* :func:`md` -- for every such string placed in Markdown (captions, headings, metric labels and
  help, messages): backslash-escapes what Markdown would act on, so ``![](url)`` stays text
  instead of becoming an image request, ``[x](url)`` a link, ``$x$`` math or ``**`` bold.
* :func:`article_list_html` -- the overview's article list for st.html; every piece of text
  goes through :func:`html.escape` (st.html additionally sanitises what it is given).

Why not a data grid: a grid (st.dataframe / st.table) makes the browser load and run the
Arrow and grid code before anything else in the same view is drawn, which on the overview
page delayed the first chart by ~0.5 s (benchmarks/bench_app.py).  A short list of the
latest articles is plain HTML; the full table stays one click away.
"""
from __future__ import annotations

import html
import re

import pandas as pd

# Markdown acts on these anywhere in a line ("!" only before "[", which is escaped already)
_INLINE = re.compile(r"([\\`*_\[\]<>~$|&])")
# ... and on these at the start of a line: headings, lists, quotes, rules, numbered lists
_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+(?=[.)]))")

MAX_ITEMS = 8  # articles listed on the overview without opening the table

_LIST = "list-style:none;margin:0;padding:0;"
_ITEM = "padding:0.35rem 0;border-bottom:1px solid rgba(49,51,63,0.1);line-height:1.5;"
_META = "color:rgba(49,51,63,0.6);font-size:0.875rem;"


def md(text) -> str:
    """``text`` as literal text inside Streamlit Markdown (one line: line breaks become spaces)."""
    s = _BREAKS.sub(" ", _text(text)).strip()
    s = _INLINE.sub(r"\\\1", s)
    m = _LINE_START.match(s)
    if m:
        lead, mark = m.groups()
        if mark.isdigit():  # "2024. ..." would start a numbered list: escape the dot
            end = m.end()
            s = s[:end] + "\\" + s[end:]
        else:
            s = lead + "\\" + s[len(lead):]
    return s


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def article_list_html(table: pd.DataFrame) -> str:
    """One list item per row of the overview's article table (columns 文章, 标题, 区县, 发布月份,
    来源, 指标数, 项目数): the title (the file name when there is none), then one grey line of facts."""
    items = []
    for r in table.to_dict("records"):
        title = _text(r.get("标题")) or _text(r.get("文章"))
        facts = [_text(r.get("区县")) or "区县未知", _text(r.get("发布月份")) or "月份未知",
                 _text(r.get("来源")), f"指标 {_text(r.get('指标数')) or 0} 条", f"项目 {_text(r.get('项目数')) or 0} 个",
                 _text(r.get("文章"))]
        meta = "　·　".join(html.escape(f) for f in facts if f)
        items.append(f'<li style="{_ITEM}"><strong>{html.escape(title)}</strong><br>'
                     f'<span style="{_META}">{meta}</span></li>')
    return f'<ul class="article-list" style="{_LIST}">{"".join(items)}</ul>'
