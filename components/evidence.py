"""Show where a number came from: the article with the evidence sentence highlighted.

``highlight_html`` is pure (no streamlit) and escapes every character of the
article; the only markup in its output is our own ``<mark>``/``<b>``/``<div>``.
Raw HTML from an article is never rendered.
"""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components import markup

CONTEXT_CHARS = 260

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


def locate(text: str, sentence: str, sent_start=None, sent_end=None, start=None, end=None
           ) -> tuple[int, int, int | None, int | None] | None:
    """Validated spans (sentence start/end, figure start/end) in ``text``, or None.

    Trusts the stored spans when they point at the sentence; otherwise searches
    the sentence in the text (the spans may be off after an edit)."""
    s0, s1, f0, f1 = _int(sent_start), _int(sent_end), _int(start), _int(end)
    n = len(text)
    sentence = sentence or ""
    ok = s0 is not None and s1 is not None and 0 <= s0 < s1 <= n
    if ok and sentence and " ".join(text[s0:s1].split()) != " ".join(sentence.split()):
        ok = False
    if not ok:
        if not sentence:
            if f0 is not None and f1 is not None and 0 <= f0 < f1 <= n:
                return f0, f1, f0, f1
            return None
        i = text.find(sentence)
        if i < 0:
            return None
        if s0 is not None and f0 is not None:
            shift = i - s0
            f0, f1 = f0 + shift, (f1 + shift) if f1 is not None else None
        s0, s1 = i, i + len(sentence)
    if f0 is None or f1 is None or not (s0 <= f0 < f1 <= s1):
        f0 = f1 = None
    return s0, s1, f0, f1


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
    """Render one row's source: article name, the highlighted excerpt, the full article on demand."""
    get = row.get
    article = str(get("article") or "")
    sentence = str(get("sentence") or "")
    st.markdown(f"**来源文章：** {markup.md(article)}" + (f"　{markup.md(title)}" if title else ""))
    if not text:
        st.warning("找不到这篇文章的原文（可能已被删除）。下面只显示识别出的原句。")
        st.text(sentence or "（无原句）")
        return
    loc = locate(text, sentence, get("sent_start"), get("sent_end"), get("start"), get("end"))
    if loc is None:
        st.warning("原句在文章中的位置无法确定，下面只显示识别出的原句。")
        st.text(sentence or "（无原句）")
        return
    s0, s1, f0, f1 = loc
    st.html(highlight_html(text, (s0, s1), (f0, f1)))
    with st.expander("查看全文（原句已高亮）"):
        st.html(highlight_html(text, (s0, s1), (f0, f1), context=None))
