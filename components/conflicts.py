"""Conflicting figures in the dashboard: the 冲突 page's blocks and the note under charts that draw one.

The store finds the conflicts and settles them by one rule (``store/corrections.py``): when several
articles give different figures for the same district, subject, indicator and period, the charts use the
most recently published article, unless the user chose another (a ``choice`` correction).

* :func:`blocks` (pure): the side-by-side lines of :func:`store.queries.conflict_pairs` (winner ``a_*``
  beside each other article's ``b_*``) as one block per conflict: the figure the charts use first, then
  the others.
* :func:`side_row` / :func:`figure_text` / :func:`reason` (pure): one side as a row, its figure as text,
  why the charts use it.
* :func:`count_drawn` (pure) and :func:`chart_note` (streamlit): under a chart whose rows include a
  conflicting figure, a caption saying how many and a link to the 冲突 page.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import markup
from components.markup import cell_text as _text
from components.transforms import format_number

PAGE = "app_pages/conflicts.py"   # the 冲突 page (app.py registers it)
RULE = ("同一区县、指标、统计期有多篇文章给出不同数字（超出四舍五入的误差）时，图表采用最新发布的文章，"
        "除非您选择了另一条。")
USED = "图表采用"
WHY_LATEST = "最新发布"
WHY_CHOSEN = "用户选择"
HOVER_NOTE = "有冲突：其他文章给出不同数值（见“冲突”页）"
FLAG = "有冲突"        # the value of the tables' 冲突 column
COLUMN = "冲突"
SIDE_FIELDS = ("article", "title", "published", "sha256", "value", "unit", "yoy_pct", "qualifier", "value_text",
               "yoy_text", "sentence", "start", "end", "sent_start", "sent_end", "ind0", "reg0", "subj0")


_ROW_KEY = ("article", "start", "end", "ind0", "reg0", "subj0")   # a row as parsed (a correction's key)


def side_row(line: dict, prefix: str) -> dict:
    """One side (``"a_"``: the figure the charts use, ``"b_"``: another article's) of a conflict line as a
    row: the ``SIDE_FIELDS`` without the prefix, plus ``region``, ``indicator`` and ``period`` of the line."""
    out = {f: line.get(prefix + f) for f in SIDE_FIELDS}
    for k in ("region", "subject", "indicator", "period"):
        out[k] = line.get(k)
    return out


def blocks(pairs: pd.DataFrame) -> list[dict]:
    """One block per conflict (``grp``) in the order of ``pairs``: ``region``, ``subject``, ``indicator``,
    ``period``, ``on_value`` / ``on_yoy`` (what disagrees), ``chosen`` (the user chose the winner),
    ``winner`` (the row the charts use) and ``others`` (the other articles' rows, each once)."""
    out: dict = {}
    if pairs is None or pairs.empty:
        return []
    for line in pairs.to_dict("records"):
        grp = line["grp"]
        if grp not in out:
            out[grp] = {"grp": grp, **{k: line.get(k) for k in ("region", "subject", "indicator", "period")},
                        "on_value": bool(line.get("on_value")), "on_yoy": bool(line.get("on_yoy")),
                        "chosen": bool(line.get("chosen")), "winner": side_row(line, "a_"), "others": []}
        other = side_row(line, "b_")
        key = tuple(other[k] for k in _ROW_KEY)
        if key not in {tuple(o[k] for k in _ROW_KEY) for o in out[grp]["others"]}:
            out[grp]["others"].append(other)
    return list(out.values())


def figure_text(row: dict) -> str:
    """The figure as the article states it: "120.5亿元 · 同比 +6.2%" (value text, else the number and unit)."""
    parts = []
    value = _text(row.get("value_text"))
    if not value and _text(row.get("value")):
        value = f"{_text(row.get('qualifier'))}{format_number(row.get('value'))}{_text(row.get('unit'))}"
    if value:
        parts.append(value)
    yoy = row.get("yoy_pct")
    if _text(yoy):
        parts.append(f"同比 {float(yoy):+.1f}%")
    return " · ".join(parts) or "—"


def reason(chosen: bool) -> str:
    """Why the charts use the winner: the user's choice, else the latest publication."""
    return WHY_CHOSEN if chosen else WHY_LATEST


def choice_ids(corrections: pd.DataFrame, row: dict) -> list[str]:
    """Ids of the ``choice`` corrections that chose ``row`` (its sha256, span and the row as parsed: indicator,
    district, subject; "" in a correction = any), latest first."""
    if corrections is None or corrections.empty or "kind" not in corrections:
        return []
    c = corrections
    start, end = row.get("start"), row.get("end")
    if not _text(start) or not _text(end):
        return []
    hit = ((c["kind"].astype(str) == "choice") & (c["sha256"].astype(str) == _text(row.get("sha256")))
           & (pd.to_numeric(c["start"], errors="coerce") == int(start))
           & (pd.to_numeric(c["end"], errors="coerce") == int(end))
           & c["row_indicator"].fillna("").astype(str).isin(["", _text(row.get("ind0"))])
           & c["row_region"].fillna("").astype(str).isin(["", _text(row.get("reg0"))])
           & c["row_subject"].fillna("").astype(str).isin(["", _text(row.get("subj0"))]))
    return [str(i) for i in c[hit].sort_values("seq", ascending=False)["id"]]


def flagged(row) -> bool:
    """Does this row (a dict or Series) carry a contradicted figure (``conflict`` True)?"""
    v = row.get("conflict") if hasattr(row, "get") else None
    return _text(v) != "" and bool(v)


def count_drawn(frame: pd.DataFrame) -> int:
    """How many of the rows a chart draws carry a figure another article contradicts (``conflict``)."""
    if frame is None or frame.empty or "conflict" not in frame:
        return 0
    return int(frame["conflict"].fillna(False).astype(bool).sum())


def flag_column(frame: pd.DataFrame) -> pd.Series:
    """The tables' 冲突 column: "有冲突" for a conflicting row, else ""."""
    if frame is None or "conflict" not in frame:
        return pd.Series([""] * (0 if frame is None else len(frame)), dtype="string")
    return pd.Series([FLAG if bool(v) else "" for v in frame["conflict"].fillna(False)], index=frame.index,
                     dtype="string")


def note_text(n: int, where: str = "图中") -> str:
    return f"{where} {n} 个数字有其他文章给出不同数值，按最新发布的文章显示（除非您在“冲突”页选择了另一条）。"


def chart_note(frame: pd.DataFrame, where: str = "图中") -> int:
    """Under a chart (or cards: ``where="卡片中"``): when its rows include conflicting figures, a caption
    saying how many and a link to the 冲突 page (nothing otherwise).  Returns the number of such figures."""
    n = count_drawn(frame)
    if n:
        st.caption(note_text(n, where))
        st.page_link(PAGE, label="查看冲突", icon=":material/compare_arrows:")
    return n


def markdown_label(row: dict) -> str:
    """The article of a side for Markdown: its title (the storage name when untitled) and month."""
    title = _text(row.get("title")) or _text(row.get("article"))
    month = _text(row.get("published"))
    return markup.md(title) + (f"（{markup.md(month)}）" if month else "")
