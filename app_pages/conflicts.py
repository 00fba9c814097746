"""冲突: figures that articles state differently, side by side, and which one the charts use.

For the global district filter (and an optional indicator), each conflict is one block: district,
indicator, period, then the figures side by side -- value and growth, the article's title and month, the
sentence with the figure highlighted -- the one the charts use first ("图表采用", with why: 最新发布 / 用户选择).
"采用这一条" under another figure stores a ``choice`` correction (store/corrections.py: keyed by the
article's sha256 and the figure's span, so it survives rebuilds); "撤销选择" removes the choice again.
The list is paged (``queries.conflict_pairs``: one line per figure beside the one the charts use).
"""
from __future__ import annotations

import logging

import streamlit as st

from components import conflicts as cf
from components import data, filters, markup
from components.evidence import find_evidence, highlight_html
from store.corrections import CorrectionError

PAGE_LINES = 10          # lines of conflict_pairs per page (a line: one other figure beside the one used)
ALL = "全部指标"
IND_KEY = "conflict_indicator"   # widget keys (== URL query parameters)
PAGE_KEY = "conflict_page"
MESSAGE = "_conflict_message"


def indicator_filter(options: list[str]) -> str | None:
    """The optional indicator filter (sidebar, in the URL): None = every indicator."""
    opts = [ALL] + list(options)
    if st.session_state.get(IND_KEY) not in opts:
        st.session_state.pop(IND_KEY, None)
    with st.sidebar:
        got = st.selectbox("冲突指标", opts, key=IND_KEY, bind="query-params", persist_state="session")
    return None if got in (None, ALL) else str(got)


def page_number(pages: int) -> int:
    cur = st.session_state.get(PAGE_KEY)
    if cur is not None and (not isinstance(cur, (int, float)) or not 1 <= cur <= pages):
        st.session_state[PAGE_KEY] = 1 if not isinstance(cur, (int, float)) else min(max(1, int(cur)), pages)
    with st.sidebar:
        got = st.number_input(f"冲突列表页码（共 {pages:,} 页）", min_value=1, max_value=pages, value=1, step=1,
                              key=PAGE_KEY, bind="query-params", persist_state="session")
    return min(max(1, int(got or 1)), pages)


def _choose(row: dict) -> None:
    """采用这一条: a ``choice`` correction of ``row``'s figure (on_click: runs before the rerun)."""
    try:
        data.get_store().add_correction("choice", article=str(row["article"]), start=int(row["start"]),
                                        end=int(row["end"]), row_indicator=str(row.get("ind0") or ""),
                                        row_region=str(row.get("reg0") or ""), row_subject=str(row.get("subj0") or ""),
                                        note="冲突页：采用这一条")
        st.session_state[MESSAGE] = ("success", f"已采用：{cf.markdown_label(row)}。图表将显示这一条。")
    except (CorrectionError, ValueError, TypeError) as err:
        st.session_state[MESSAGE] = ("error", f"无法保存选择：{markup.md(err)}")
    except Exception as err:  # noqa: BLE001 - the store busy or unwritable: a message, never a traceback
        logging.getLogger(__name__).exception("choice failed")
        st.session_state[MESSAGE] = ("error", f"无法保存选择（数据库暂时不可写，请稍后再试）：{markup.md(type(err).__name__)}")
    data.invalidate()


def _undo(ids: list[str]) -> None:
    """撤销选择: remove the choices of the figure the charts use (the latest rule applies again)."""
    store = data.get_store()
    try:
        for i in ids:
            store.undo_correction(i)
        st.session_state[MESSAGE] = ("success", "已撤销选择：图表重新采用最新发布的文章。")
    except Exception as err:  # noqa: BLE001 - a message, never a traceback
        st.session_state[MESSAGE] = ("error", f"撤销失败：{markup.md(err)}")
    data.invalidate()


def _sentence(row: dict, texts: dict[str, str]) -> None:
    """The row's sentence with its figure highlighted (escaped; the stored sentence when the text is gone)."""
    art = str(row.get("article") or "")
    if art not in texts:
        texts[art] = data.article_text(art)
    text = texts[art]
    ev = find_evidence(row, text) if text else None
    if ev is None or ev.sent is None:
        st.html(f'<div class="evidence">{markup.html_text(row.get("sentence") or "（无原句）")}</div>')
        return
    st.html(highlight_html(text, ev.sent, ev.fig, context=0))


def _side(row: dict, *, used: bool, chosen: bool, key: str, texts: dict, corrections) -> None:
    with st.container(border=True):
        if used:
            st.badge(f"{cf.USED}（{cf.reason(chosen)}）", icon=":material/check_circle:", color="green")
        else:
            st.badge("其他文章", icon=":material/article:", color="gray")
        st.markdown(f"**{markup.md(cf.figure_text(row))}**")
        st.markdown(f"来源：{cf.markdown_label(row)}")
        _sentence(row, texts)
        if used:
            ids = cf.choice_ids(corrections, row) if chosen else []
            if ids:
                st.button("撤销选择", key=f"conflict_undo_{key}", on_click=_undo, args=(ids,),
                          icon=":material/undo:", help="删除这一选择：图表重新采用最新发布的文章。")
        else:
            ok = cf._text(row.get("start")) != "" and cf._text(row.get("end")) != ""
            st.button("采用这一条", key=f"conflict_choose_{key}", on_click=_choose, args=(row,), disabled=not ok,
                      icon=":material/done:", help="图表改用这一条（保存为更正，重建数据库后仍然有效）"
                      if ok else "这条数据没有原文位置，无法选择。")


def conflict_block(block: dict, texts: dict, corrections) -> None:
    head = f"{markup.md(block['region'])} · {markup.md(block['indicator'])} · {markup.md(block['period'])}"
    if cf._text(block.get("subject")):
        head += f" · 主体：{markup.md(block['subject'])}"
    what = "、".join(w for w, on in (("数值", block["on_value"]), ("增速", block["on_yoy"])) if on)
    st.markdown(f"#### {head}")
    st.caption(f"{len(block['others']) + 1} 篇文章给出的{what or '数字'}不一致。")
    sides = [block["winner"]] + block["others"]
    cols = st.columns(len(sides) if len(sides) <= 3 else 3)
    for i, row in enumerate(sides):
        with cols[i % len(cols)]:
            _side(row, used=i == 0, chosen=block["chosen"], key=f"{block['grp']}_{i}", texts=texts, corrections=corrections)


st.title("冲突")
st.caption(cf.RULE)
sel = filters.selected_districts()
message = st.session_state.pop(MESSAGE, None)
if message:
    (st.success if message[0] == "success" else st.error)(message[1])

indicator = indicator_filter(data.conflict_indicators(sel))
groups, lines = data.conflict_count(sel, indicator)
if not groups:
    st.info("所选范围内没有冲突：同一区县、指标、统计期的数字在各篇文章中一致。"
            "导入更多文章后，如有不一致会列在这里。", icon=":material/check_circle:")
    st.stop()

pages = max(1, -(-lines // PAGE_LINES))
page = page_number(pages) if pages > 1 else 1
pairs, total = data.conflict_pairs(sel, indicator, limit=PAGE_LINES, offset=(page - 1) * PAGE_LINES)
st.caption(f"范围：{filters.scope_label(sel, data.all_regions())}"
           + (f"　·　指标：{markup.md(indicator)}" if indicator else "")
           + f"　·　共 {groups:,} 处冲突（其他文章给出的不同数字 {lines:,} 个）"
           + (f"　·　第 {page} / {pages} 页" if pages > 1 else ""))
texts: dict[str, str] = {}
corrections = data.corrections()
for block in cf.blocks(pairs):
    conflict_block(block, texts, corrections)
