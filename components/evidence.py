"""Show where a number came from: the article with the evidence sentence highlighted.

``highlight_html`` is pure (no streamlit) and escapes every character of the
article; the only markup in its output is our own ``<mark>``/``<b>``/``<div>``.
Raw HTML from an article is never rendered.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import markup, titles
from parsers.normalize import QUOTES, WIDTH_TABLE
from parsers.script import simplified

CONTEXT_CHARS = 260
GROWTH_CONTEXT_CHARS = 80

_STYLE = ("font-family:'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei',"
          "'PingFang SC',sans-serif;line-height:1.8;white-space:pre-wrap;word-break:break-all;"
          "padding:0.8rem 1rem;border:1px solid #E4E7EB;border-radius:0.5rem;background:#FAFBFC;")
_MARK = "background:#FFE58F;padding:0 2px;border-radius:2px;"


def _int(v) -> int | None:
    try:
        if v is None or pd.isna(v):
            return None
        return int(v)
    except (TypeError, ValueError):
        return None


def locate(text: str, sent_start=None, sent_end=None, start=None, end=None
           ) -> tuple[int, int, int | None, int | None] | None:
    """The stored spans, checked against ``text``: (sentence start, end, figure start, end), or None.

    The spans index the article's original text (the parser maps them back through its
    normalisation), so they are used as they are: the text is never searched.  A figure span
    outside its sentence is dropped (the sentence is still shown); a row without a sentence span
    shows its figure span as the sentence.  None when no usable span is left."""
    s0, s1, f0, f1 = _int(sent_start), _int(sent_end), _int(start), _int(end)
    n = len(text)
    fig_ok = f0 is not None and f1 is not None and 0 <= f0 < f1 <= n
    if s0 is None or s1 is None or not 0 <= s0 < s1 <= n:
        return (f0, f1, f0, f1) if fig_ok else None
    if not fig_ok or not s0 <= f0 < f1 <= s1:
        f0 = f1 = None
    return s0, s1, f0, f1


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _fold(s: str) -> str:
    """Compare surface texts the way the parser reads them: half-width, no spaces, no quotes, Simplified
    (a Traditional article's names are Simplified in the tables, its text is not)."""
    return simplified(QUOTES.sub("", "".join(str(s).translate(WIDTH_TABLE).split())))


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _growth_number(row) -> str:
    m = _NUMBER.search(_text(row.get("yoy_text")))
    return m.group() if m else ""


def expected_surface(row) -> str:
    """What the highlighted figure must contain: the value's surface text, else the growth's number,
    else (projects) the name; "" when the row records none."""
    return _text(row.get("value_text")) or _growth_number(row) or _text(row.get("name"))


def _shows(span_text: str, row) -> bool:
    """Do the highlighted characters show the figure the row records?"""
    want, got = _fold(expected_surface(row)), _fold(span_text)
    if not want:
        return True
    if _text(row.get("name")) and not _text(row.get("value_text")):   # a project: its name, maybe cut short
        return bool(got) and (got in want or want in got)
    return want in got


@dataclass(frozen=True)
class Evidence:
    """Where a row's figure is in its article: the spans, and whether the highlighted characters
    are the figure the row records (``problem`` says why not).  ``growth``: the span of a growth
    rate stated in another sentence than the value (shown as a second excerpt)."""
    sent: tuple[int, int] | None
    fig: tuple[int | None, int | None] = (None, None)
    problem: str = ""
    growth: tuple[int, int] | None = None


def _growth_elsewhere(row, text: str, sent: tuple[int, int]) -> tuple[int, int] | None:
    y = locate(text, None, None, row.get("yoy_start"), row.get("yoy_end"))
    if y is None or (sent[0] <= y[0] and y[1] <= sent[1]):
        return None
    return y[0], y[1]


def find_evidence(row, text: str) -> Evidence:
    """Validate a row's stored spans against its article text (pure; used by :func:`show_evidence`)."""
    get = row.get
    loc = locate(text, get("sent_start"), get("sent_end"), get("start"), get("end"))
    if loc is None:
        return Evidence(None, problem="这条数据没有记录它在原文中的位置（或位置超出了原文）。")
    s0, s1, f0, f1 = loc
    growth = _growth_elsewhere(row, text, (s0, s1))
    if growth is not None and _growth_number(row) and _fold(_growth_number(row)) not in _fold(text[growth[0]:growth[1]]):
        growth = None
    if f0 is None:
        return Evidence((s0, s1), problem="数字在原句中的位置无法确定，下面只高亮原句。", growth=growth)
    if not _shows(text[f0:f1], row):
        return Evidence((s0, s1), (f0, f1), problem=f"高亮处的文字与记录的数值“{expected_surface(row)}”不一致，"
                        "原文可能已被修改。", growth=growth)
    return Evidence((s0, s1), (f0, f1), growth=growth)


def highlight_html(text: str, sent: tuple[int, int], fig: tuple[int | None, int | None] = (None, None),
                   context: int | None = CONTEXT_CHARS) -> str:
    """Escaped excerpt (or full text with ``context=None``) with the sentence marked."""
    s0, s1 = sent
    f0, f1 = fig
    a = 0 if context is None else max(0, s0 - context)
    b = len(text) if context is None else min(len(text), s1 + context)
    esc = html.escape
    if f0 is not None and f1 is not None:
        inner = esc(text[s0:f0]) + "<b><u>" + esc(text[f0:f1]) + "</u></b>" + esc(text[f1:s1])
    else:
        inner = esc(text[s0:s1])
    body = (("…" if a > 0 else "") + esc(text[a:s0]) + f'<mark style="{_MARK}">' + inner + "</mark>"
            + esc(text[s1:b]) + ("…" if b < len(text) else ""))
    return f'<div class="evidence" style="{_STYLE}">{body}</div>'


def show_evidence(row: pd.Series | dict, text: str, *, title: str | None = None) -> None:
    """Render one row's source: the article by its title and month (``article_label``, see
    :mod:`components.titles`; its storage name in grey), the highlighted excerpt, the full article on demand."""
    get = row.get
    article = _text(get("article"))
    label = titles.label_of(row)
    sentence = _text(get("sentence"))
    st.markdown(f"**来源文章：** {markup.md(label)}" + (f"　{markup.md(title)}" if title else "")
                + (f"　:gray[文件名：{markup.md(article)}]" if article and article != label else ""))
    if not text:
        st.warning("找不到这篇文章的原文（可能已被删除）。下面只显示识别出的原句。")
        st.text(sentence or "（无原句）")
        return
    ev = find_evidence(row, text)
    if ev.problem:
        st.warning(markup.md(ev.problem))
    if ev.sent is None:
        st.text(sentence or "（无原句）")
        return
    st.html(highlight_html(text, ev.sent, ev.fig))
    if ev.growth is not None:
        st.caption("同比增速出自文中另一处：")
        st.html(highlight_html(text, ev.growth, ev.growth, context=GROWTH_CONTEXT_CHARS))
    with st.expander("查看全文（原句已高亮）"):
        st.html(highlight_html(text, ev.sent, ev.fig, context=None))
