"""Untrusted text (article titles and sentences, file names, region, indicator and project names,
exception messages) made safe for the three places the dashboard shows text.  Pure functions, no
``st.*``.  One function per sink, applied wherever such text is shown:

* :func:`md` -- Streamlit Markdown: every element that renders Markdown (st.markdown, captions,
  headings, messages, expander labels, metric labels, values, deltas and help).  Backslash-escapes
  what Markdown would act on, so ``![](url)`` stays text instead of becoming an image request,
  ``[x](url)`` a link, ``$x$`` math or ``**`` bold; and puts an invisible WORD JOINER (U+2060)
  where a backslash escape does not help (see :data:`NO_LINK`).
* :func:`plotly_text` -- Plotly strings (tick labels, legend names, hover text, bar text,
  annotations, titles): Plotly renders a subset of HTML there (``<a href>``, ``<b>``, ``<br>``,
  ``<span style>``), so ``&``, ``<`` and ``>`` become entities, which Plotly shows as the characters.
* :func:`html_text` -- st.html: :func:`html.escape`; :func:`article_list_html` builds the
  overview's article list with it (st.html additionally sanitises what it is given).

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

# GitHub-flavoured Markdown turns bare URLs and e-mail addresses into links ("autolink literals":
# http://x, https://x, www.x, a@b.c).  Streamlit's Markdown finds them in the parsed text, after
# backslash escapes are resolved, so ``http\://x`` still becomes a link; its own shortcodes
# (``:red[..]``, ``:smile:``, ``:material/icon:``) are found the same way.  An invisible WORD JOINER
# after every ":" and "@" and between "www" and "." breaks all of these patterns; the text reads the same.
NO_LINK = "\u2060"
_AUTOLINK = re.compile(r"([:@])|(?<=www)(?=\.)", re.IGNORECASE)

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
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + NO_LINK, s)


def plotly_text(text) -> str:
    """``text`` as literal text in a Plotly string (tick label, legend, hover, annotation, title).

    Plotly draws ``<br>``, ``<b>``, ``<a href=..>``, ``<span style=..>`` etc. as markup and decodes
    ``&amp;`` ``&lt;`` ``&gt;`` (and numeric references) back to the characters, so escaping those
    three shows the text as it is.  (``&quot;`` would be shown literally: quotes are left alone,
    they cannot open a tag once ``<`` is escaped.)  Markup added around the result stays markup."""
    return html.escape(_text(text), quote=False)


def html_text(text) -> str:
    """``text`` as literal text inside st.html (or any HTML attribute value)."""
    return html.escape(_text(text), quote=True)


def cell_text(v) -> str:
    """A table cell as text: "" for None / NaN / NA, else ``str(v)`` (the one such helper of components/)."""
    if v is None:
        return ""
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):   # a list-like cell: pd.isna gives an array
        pass
    return str(v)


_text = cell_text


def article_list_html(table: pd.DataFrame) -> str:
    """One list item per row of the overview's article table (columns 标题, 区县, 发布月份, 来源, 指标数,
    项目数, 文件名 -- or 文章 before issue 11): the title (the file name when there is none), then one grey
    line of facts ending with the file name."""
    items = []
    for r in table.to_dict("records"):
        name = _text(r.get("文件名")) or _text(r.get("文章"))   # the storage name
        title = _text(r.get("标题")) or name
        facts = [_text(r.get("区县")) or "区县未知", _text(r.get("发布月份")) or "月份未知",
                 _text(r.get("来源")), f"指标 {_text(r.get('指标数')) or 0} 条", f"项目 {_text(r.get('项目数')) or 0} 个",
                 name]
        meta = "　·　".join(html_text(f) for f in facts if f)
        items.append(f'<li style="{_ITEM}"><strong>{html_text(title)}</strong><br>'
                     f'<span style="{_META}">{meta}</span></li>')
    return f'<ul class="article-list" style="{_LIST}">{"".join(items)}</ul>'
