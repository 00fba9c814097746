"""Review and corrections on 数据明细: the widgets (keyed, so AppTest can drive them) and their pure helpers.

The store does the work (``Store.add_correction`` / ``undo_correction`` / ``import_corrections``, see
:mod:`store.corrections`); here the user's input is read and checked, the store is written through
:func:`components.data.get_store`, then every cached answer is dropped (:func:`components.data.invalidate`)
and the page runs again with a message that says what was done (:func:`show_flash`).

* :func:`review_filter` -- the table's 核对 filter (已核对 / 有误 / 已修改 / 补录 / 冲突 / 未核对);
* :func:`row_controls` -- for the selected row: 已核对, 有误, the edit form, 补录 of a missed figure in its article;
* :func:`corrections_section` -- 撤销 (the last correction), the list of all corrections (orphans listed as
  未匹配, each correction undoable), CSV export and import.

Pure helpers (no ``st.*``): :func:`badge`, :func:`number_text`, :func:`parse_number`, :func:`read_period`,
:func:`edit_changes`, :func:`occurrences`, :func:`describe`, :func:`corrections_table`,
:func:`import_problem`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pandas as pd
import streamlit as st

from components import data, export, markup
from components.markup import cell_text as _s
from parsers.normalize import WIDTH_TABLE
from parsers.periods import find_periods
from store.corrections import KINDS, CorrectionError
from store.queries import REVIEW_STATES

# widget keys
FILTER_KEY = "review"          # also the URL parameter (?review=有误)
VERIFY_KEY = "review_verify"
WRONG_KEY = "review_wrong"
EDIT_FORM = "review_edit_form"
EDIT_SAVE = "review_edit_save"
EDIT_KEYS = {"value": "review_value", "yoy_pct": "review_yoy", "unit": "review_unit", "period": "review_period",
             "indicator": "review_indicator", "region": "review_region"}
ADD_KEYS = {"text": "review_add_text", "where": "review_add_where", "indicator": "review_add_indicator",
            "value": "review_add_value", "unit": "review_add_unit", "yoy_pct": "review_add_yoy",
            "period": "review_add_period", "region": "review_add_region"}
ADD_SAVE = "review_add_save"
REMOVE_ADDED = "review_remove_added"
UNDO_KEY = "review_undo"
UNDO_PICK = "review_undo_pick"
UNDO_ONE = "review_undo_one"
EXPORT_KEY = "review_export"
IMPORT_KEY = "review_import"
IMPORT_GO = "review_import_go"
_FLASH = "review_flash"
_EDIT_ROW = "review_edit_row"     # the row the edit form was filled from
_ADD_ROW = "review_add_row"       # the article the 补录 form was filled for
_WROTE = "review_wrote"           # set by a write, read by the next run's follow_selection

COLUMN = "核对"   # the tables' column of review badges
BADGES = {"已核对": "✔ 已核对", "已修改": "✎ 已修改", "有误": "✖ 有误", "补录": "＋ 补录"}
CONFLICT_MARK = "⚠ 冲突"
CARD_NOTES = {"已修改": "数字已由用户更正（原文数值见原句；数据明细中可撤销）",
              "补录": "数字由用户从原文补录",
              "已核对": "用户已核对：与原文一致"}
FIELD_NAMES = {"value": "数值", "yoy_pct": "同比%", "unit": "单位", "period": "统计期", "indicator": "指标",
               "region": "区县", "subject": "主体"}
KIND_NAMES = {"verified": "已核对", "wrong": "有误", "edit": "修改", "added": "补录", "choice": "选用（冲突）"}
CONTEXT = 12          # characters of context each side of a figure's occurrence
BEIJING = timezone(timedelta(hours=8))


# ----------------------------------------------------------------------------------- pure helpers
def _blank(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def badge(reviewed) -> str:
    """The table's 核对 cell: ``reviewed`` ('' / 已核对 / 已修改 / 有误 / 补录) as a plain-text badge."""
    return BADGES.get(_s(reviewed), _s(reviewed))


def badges(frame: pd.DataFrame) -> pd.Series:
    """The tables' 核对 column (:data:`COLUMN`): each row's ``reviewed`` state as its badge, "" when none."""
    if frame is None or "reviewed" not in frame:
        return pd.Series([""] * (0 if frame is None else len(frame)), dtype="string")
    return pd.Series([badge(v) for v in frame["reviewed"]], index=frame.index, dtype="string")


def conflict_mark(conflict) -> str:
    return CONFLICT_MARK if not _blank(conflict) and bool(conflict) else ""


def number_text(v) -> str:
    """A number as the edit form shows it: exactly the stored float (``repr``), without a trailing ``.0``."""
    if _blank(v):
        return ""
    s = repr(float(v))
    return s[:-2] if s.endswith(".0") else s


def parse_number(text: str, what: str) -> float | None:
    """A number typed by the user (full-width digits, thousands separators and a trailing % allowed);
    None for an empty field; raises :class:`CorrectionError` with a message that says what to type."""
    s = "".join(str(text or "").translate(WIDTH_TABLE).split()).replace(",", "").replace("，", "")
    s = s.rstrip("%％")
    if not s:
        return None
    try:
        v = float(s)
    except ValueError:
        raise CorrectionError(f"{what}必须是数字（例如 52.3 或 -3.1），而不是“{str(text).strip()[:20]}”。") from None
    if v != v or v in (float("inf"), float("-inf")):
        raise CorrectionError(f"{what}必须是有限的数字。")
    return v


def read_period(label: str) -> tuple[int | None, int | None, int | None]:
    """(year, month_from, month_to) of a period label as the parser reads it (``parsers.periods``): the whole
    label must be one period (2024年1-6月, 2024年上半年, 2022年, 1-7月 …); a relative one (今年上半年) needs its
    year.  Raises :class:`CorrectionError` otherwise."""
    s = "".join(str(label or "").split())
    if not s:
        raise CorrectionError("统计期不能为空（例如 2024年1-6月）。")
    found = find_periods(s)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(s) or found[0].kind not in ("range", "year",
                                                                                                     "year_end"):
        raise CorrectionError(f"统计期“{s[:30]}”无法识别：请写成 2024年1-6月、2024年上半年、2024年全年 这样的形式。")
    m = found[0]
    if m.rel is not None:
        raise CorrectionError(f"统计期“{s}”是相对的：请写明年份，例如 2024年上半年。")
    return m.year, m.months[0], m.months[1]


def edit_changes(row, typed: dict[str, str]) -> dict:
    """The fields of an edit: only those the user changed (``typed``: the form's texts by field), checked.
    Numbers are read with :func:`parse_number`, a period with :func:`read_period` (its year and months go
    with it).  Raises :class:`CorrectionError` listing every problem."""
    get = row.get
    out: dict = {}
    errors: list[str] = []
    for f in ("value", "yoy_pct"):
        if f not in typed:
            continue
        try:
            v = parse_number(typed[f], FIELD_NAMES[f])
        except CorrectionError as e:
            errors.append(str(e))
            continue
        old = None if _blank(get(f)) else float(get(f))
        if v is None:
            if old is not None:
                errors.append(f"{FIELD_NAMES[f]}不能清空（整条数据不对时请点“有误”）。")
        elif old is None or v != old:
            out[f] = v
    for f in ("unit", "indicator", "region", "period"):
        if f not in typed:
            continue
        new = " ".join(str(typed[f] or "").split())
        if new == _s(get(f)).strip():
            continue
        if f in ("indicator", "region") and not new:
            errors.append(f"{FIELD_NAMES[f]}不能为空。")
            continue
        if f == "period":
            try:
                out["year"], out["month_from"], out["month_to"] = read_period(new)
            except CorrectionError as e:
                errors.append(str(e))
                continue
        out[f] = new
    if errors:
        raise CorrectionError(" ".join(errors))
    return out


def occurrences(text: str, figure: str) -> list[tuple[int, int, str]]:
    """Every place ``figure`` (as typed: surrounding blanks dropped) occurs in ``text``: (start, end, the
    occurrence in its context, for a picker)."""
    fig = str(figure or "").strip()
    if not fig or not text:
        return []
    out, at = [], text.find(fig)
    while at >= 0:
        end = at + len(fig)
        before = " ".join(text[max(0, at - CONTEXT):at].split())
        after = " ".join(text[end:end + CONTEXT].split())
        out.append((at, end, f"{len(out) + 1}. …{before}【{fig}】{after}…"))
        at = text.find(fig, at + 1)
    return out


def _fields_text(rec: dict) -> str:
    parts = []
    for f in ("indicator", "region", "period", "value", "unit", "yoy_pct"):
        v = rec.get(f)
        if not _blank(v) and str(v) != "":
            parts.append(f"{FIELD_NAMES[f]} {number_text(v) if f in ('value', 'yoy_pct') else v}")
    return "；".join(parts)


def describe(rec: dict, figure: str = "") -> str:
    """One line for a correction (a record of ``Store.corrections``): kind, the figure, the changed fields."""
    kind = KIND_NAMES.get(_s(rec.get("kind")), _s(rec.get("kind")))
    what = figure or _s(rec.get("row_indicator")) or _s(rec.get("indicator"))
    line = f"{kind}：{what}" if what else kind
    if _s(rec.get("kind")) in ("edit", "added"):
        fields = _fields_text(rec)
        if fields:
            line += f"（{fields}）"
    return line


def local_time(iso: str) -> str:
    """``created_at`` (UTC, ISO) as Beijing time ``YYYY-MM-DD HH:MM``; the text as it is when unreadable."""
    try:
        t = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso or "")
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _figure(rec: dict) -> str:
    """The corrected figure as its article read when it was corrected (``surface``), with the row's
    district and indicator as parsed."""
    span = _s(rec.get("surface"))
    name = "·".join(x for x in (_s(rec.get("row_region")), _s(rec.get("row_indicator")) or _s(rec.get("indicator")))
                    if x)
    if span:
        return f"{name}“{span}”" if name else f"“{span}”"
    s, e = rec.get("start"), rec.get("end")
    return f"{name}（位置 {int(s)}–{int(e)}）" if not _blank(s) and not _blank(e) else name


def corrections_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The list of corrections as shown (newest first): 类型, 文章标题, 数据, 修改内容, 时间, 状态, 说明 (why an
    unmatched one does not apply, ``reason`` of ``Store.corrections``, else the note), and ``id``."""
    rows = []
    for rec in frame.astype(object).where(frame.notna(), None).to_dict("records")[::-1]:
        status = _s(rec.get("status"))
        reason = _s(rec.get("reason")) if status == "未匹配" else ""
        rows.append({"类型": KIND_NAMES.get(_s(rec.get("kind")), _s(rec.get("kind"))),
                     "文章标题": _s(rec.get("title")) or "（不在库中）",
                     "数据": _figure(rec),
                     "修改内容": _fields_text(rec) if _s(rec.get("kind")) in ("edit", "added") else "",
                     "时间": local_time(_s(rec.get("created_at"))),
                     "状态": status, "说明": reason or _s(rec.get("note")), "id": _s(rec.get("id"))})
    return pd.DataFrame(rows, columns=["类型", "文章标题", "数据", "修改内容", "时间", "状态", "说明", "id"])


def import_problem(raw: bytes) -> str:
    """A message for a file that cannot be a corrections CSV before it is parsed ("" = try it): empty,
    binary, or text in another encoding than UTF-8 (GBK: what Excel saves by default in China)."""
    if not raw or not raw.replace(b"\xef\xbb\xbf", b"").strip():
        return "文件是空的：请选择“导出更正”得到的 CSV 文件。未导入任何内容。"
    if b"\x00" in raw[:4096]:
        return "这不是文本文件（CSV）：请选择“导出更正”得到的 CSV 文件。未导入任何内容。"
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            raw.decode("gb18030")
            return ("文件不是 UTF-8 编码（看起来是 GBK/GB18030）：请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后"
                    "再导入。未导入任何内容。")
        except UnicodeDecodeError:
            return "文件不是 UTF-8 编码的 CSV：请选择“导出更正”得到的文件。未导入任何内容。"
    return ""


# ------------------------------------------------------------------------------------ writes
def _flash(message: str, kind: str = "success") -> None:
    st.session_state[_FLASH] = (kind, message)


def show_flash() -> None:
    """The message of the last write (kept over the rerun that follows it), as a message and a toast."""
    got = st.session_state.pop(_FLASH, None)
    if not got:
        return
    kind, message = got
    (st.success if kind == "success" else st.info)(markup.md(message), icon=":material/check_circle:")
    st.toast(markup.md(message))


def _done(message: str, kind: str = "success") -> None:
    """After a write: every cached answer dropped, the message kept, the page run again."""
    data.invalidate()
    for k in (_EDIT_ROW, _ADD_ROW):      # the forms are filled again from the rows as they are now
        st.session_state.pop(k, None)
    st.session_state[_WROTE] = True       # the selection follows its row (follow_selection)
    _flash(message, kind)
    st.rerun()


def _write(fn, message: str) -> bool:
    """Run one store write; a refusal (``CorrectionError``) or a failure is shown, nothing is changed."""
    try:
        fn(data.get_store())
    except CorrectionError as e:
        st.error(markup.md(str(e)), icon=":material/error:")
        return False
    except Exception:  # noqa: BLE001 - a message, never a traceback
        import logging
        logging.getLogger(__name__).exception("writing a correction failed")
        st.error("保存更正失败，数据没有改动。请稍后再试。", icon=":material/error:")
        return False
    _done(message)
    return True


# ------------------------------------------------------------------------------------ widgets
def review_filter() -> list[str]:
    """The 核对 filter of the table (no choice: every row)."""
    got = st.pills("核对状态", list(REVIEW_STATES), selection_mode="multi", key=FILTER_KEY,
                   bind="query-params", persist_state="session", help="只看已核对 / 已修改 / 有误 / 补录 / 有冲突 / 未核对的数据（可多选）")
    return [str(v) for v in (got or [])]


@dataclass(frozen=True)
class RowKey:
    """What a correction of a row needs: its article, its figure's span and the row as parsed (indicator,
    district, subject: rows that share a span, e.g. two districts given one figure, are told apart)."""
    article: str
    start: int
    end: int
    ind0: str
    reg0: str = ""
    subj0: str = ""

    @property
    def token(self) -> str:
        return "|".join((self.article, str(self.start), str(self.end), self.ind0, self.reg0, self.subj0))

    def fields(self) -> dict:
        """The keyword arguments of ``Store.add_correction`` that name this row."""
        return {"article": self.article, "start": self.start, "end": self.end, "row_indicator": self.ind0,
                "row_region": self.reg0, "row_subject": self.subj0}


def row_key(row) -> RowKey | None:
    get = row.get
    if _blank(get("start")) or _blank(get("end")) or not _s(get("article")):
        return None
    return RowKey(_s(get("article")), int(get("start")), int(get("end")), _s(get("ind0")) or _s(get("indicator")),
                  _s(get("reg0")), _s(get("subj0")))


def _row_name(row) -> str:
    subject = _s(row.get("subject"))
    return f"{_s(row.get('region'))}·{subject + '·' if subject else ''}{_s(row.get('indicator'))}（{_s(row.get('period'))}）"


def row_controls(row, text: str) -> None:
    """The review controls of the selected row (``row``: a row of ``data.detail_page`` with its titles;
    ``text``: its article)."""
    key = row_key(row)
    reviewed = _s(row.get("reviewed"))
    st.markdown("**核对与更正**" + (f"　当前：{badge(reviewed)}" if reviewed else "　当前：未核对")
                + (f"　{CONFLICT_MARK}（另一篇文章给出了不同的数字）" if conflict_mark(row.get("conflict")) else ""))
    if reviewed in ("已修改", "补录"):
        now = "，".join(x for x in (f"{number_text(row.get('value'))}{_s(row.get('unit'))}" if not _blank(row.get("value"))
                                    else "", f"同比 {number_text(row.get('yoy_pct'))}%" if not _blank(row.get("yoy_pct"))
                                    else "", _s(row.get("period"))) if x)
        st.caption(markup.md(f"表中是更正后的数据：{now}（原文数值见上方原句）"))
    if key is None:
        st.info("这条数据没有记录它在原文中的位置，无法标记或修改；可以在原文中“补录”它。", icon=":material/info:")
    elif reviewed == "补录":
        _added_row_controls(row, key)
    else:
        _mark_buttons(row, key)
        _edit_form(row, key)
    if text:
        _add_form(row, text)


def _mark_buttons(row, key: RowKey) -> None:
    name = _row_name(row)
    c1, c2, _ = st.columns([1, 1, 4])
    state = _s(row.get("reviewed"))
    if c1.button("已核对", key=VERIFY_KEY, icon=":material/check:", help="这条数据与原文一致",
                 disabled=state == "已核对"):
        _write(lambda s: s.add_correction("verified", **key.fields()), f"已标记为已核对：{name}")
    if c2.button("有误", key=WRONG_KEY, icon=":material/close:", help="这条数据有误：不再出现在图表中（明细表仍列出）",
                 disabled=state == "有误"):
        _write(lambda s: s.add_correction("wrong", **key.fields()), f"已标记为有误（图表中不再显示）：{name}")


def _fill(keys: dict[str, str], marker: str, token: str, values: dict[str, str]) -> None:
    """Fill a form's fields from the row when another row (``token``) is chosen."""
    if st.session_state.get(marker) != token:
        for f, k in keys.items():
            if f in values:
                st.session_state[k] = values[f]
        st.session_state[marker] = token


def _edit_form(row, key: RowKey) -> None:
    get = row.get
    _fill(EDIT_KEYS, _EDIT_ROW, key.token,
          {"value": number_text(get("value")), "yoy_pct": number_text(get("yoy_pct")), "unit": _s(get("unit")),
           "period": _s(get("period")), "indicator": _s(get("indicator")), "region": _s(get("region"))})
    with st.form(EDIT_FORM, border=True):
        st.markdown("**修改这条数据**　:gray[只保存改动过的字段]")
        a, b, c = st.columns(3)
        typed = {"value": a.text_input("数值", key=EDIT_KEYS["value"]),
                 "unit": b.text_input("单位", key=EDIT_KEYS["unit"]),
                 "yoy_pct": c.text_input("同比增速（%）", key=EDIT_KEYS["yoy_pct"])}
        a, b, c = st.columns(3)
        typed.update(period=a.text_input("统计期", key=EDIT_KEYS["period"], help="例如 2024年1-6月、2024年上半年、2024年全年"),
                     indicator=b.text_input("指标", key=EDIT_KEYS["indicator"]),
                     region=c.text_input("区县", key=EDIT_KEYS["region"]))
        submitted = st.form_submit_button("保存修改", key=EDIT_SAVE, icon=":material/save:")
    if not submitted:
        return
    try:
        changes = edit_changes(row, typed)
    except CorrectionError as e:
        st.error(markup.md(str(e)), icon=":material/error:")
        return
    if not changes:
        st.info("没有改动：请先修改某个字段再保存。", icon=":material/info:")
        return
    shown = {f: v for f, v in changes.items() if f in FIELD_NAMES}
    what = "；".join(f"{FIELD_NAMES[f]} {_old(row, f)} → {number_text(v) if f in ('value', 'yoy_pct') else v}"
                    for f, v in shown.items())
    _write(lambda s: s.add_correction("edit", **key.fields(), **changes), f"已保存修改：{_row_name(row)}：{what}")


def _old(row, f: str) -> str:
    v = row.get(f)
    return (number_text(v) if f in ("value", "yoy_pct") else _s(v)) or "（空）"


def _added_of(key: RowKey, row) -> str | None:
    """The id of the 补录 correction that made ``row``."""
    frame = data.corrections()
    if frame is None or frame.empty:
        return None
    hit = frame[(frame["kind"] == "added") & (frame["article"] == key.article) & (frame["start"] == key.start)
                & (frame["end"] == key.end) & (frame["indicator"].fillna("") == _s(row.get("indicator")))]
    if hit.empty:
        hit = frame[(frame["kind"] == "added") & (frame["article"] == key.article) & (frame["start"] == key.start)
                    & (frame["end"] == key.end)]
    return None if hit.empty else str(hit["id"].iloc[-1])


def _added_row_controls(row, key: RowKey) -> None:
    st.caption("这是手工补录的数据；要改动它，请删除后重新补录。")
    cid = _added_of(key, row)
    if cid is not None and st.button("删除这条补录", key=REMOVE_ADDED, icon=":material/delete:"):
        _write(lambda s: s.undo_correction(cid), f"已删除补录：{_row_name(row)}")


def _add_form(row, text: str) -> None:
    article = _s(row.get("article"))
    with st.expander("补录：这篇文章中漏提的数字", expanded=bool(st.session_state.get(ADD_KEYS["text"]))):
        _fill(ADD_KEYS, _ADD_ROW, article, {"text": "", "indicator": "", "value": "", "unit": "", "yoy_pct": "",
                                            "period": _s(row.get("period")), "region": _s(row.get("region"))})
        fig = st.text_input("原文中的数字（照原文输入，例如 12.5亿元 或 12.5%）", key=ADD_KEYS["text"])
        where: tuple[int, int, str] | None = None
        if fig.strip():
            found = occurrences(text, fig)
            if not found:
                st.warning(markup.md(f"原文中找不到“{fig.strip()}”：请照原文输入（数字、单位、全角/半角都要一致）。"),
                           icon=":material/search_off:")
            elif len(found) == 1:
                where = found[0]
                st.caption(markup.md(f"原文位置：{found[0][2][3:]}"))
            else:
                labels = [f[2] for f in found]
                if st.session_state.get(ADD_KEYS["where"]) not in labels:
                    st.session_state.pop(ADD_KEYS["where"], None)
                pick = st.selectbox(f"“{fig.strip()}”在原文中出现了 {len(found)} 次，请按上下文选择", labels,
                                    key=ADD_KEYS["where"], index=None, placeholder="选择出现的位置……")
                where = found[labels.index(pick)] if pick in labels else None
        a, b, c = st.columns(3)
        ind = a.text_input("指标", key=ADD_KEYS["indicator"])
        value = b.text_input("数值", key=ADD_KEYS["value"])
        unit = c.text_input("单位", key=ADD_KEYS["unit"])
        a, b, c = st.columns(3)
        yoy = a.text_input("同比增速（%）", key=ADD_KEYS["yoy_pct"])
        period = b.text_input("统计期", key=ADD_KEYS["period"])
        region = c.text_input("区县", key=ADD_KEYS["region"])
        if not st.button("补录这条数据", key=ADD_SAVE, icon=":material/add:"):
            return
        errors: list[str] = []
        if not fig.strip():
            errors.append("请填写原文中的数字。")
        elif where is None:
            errors.append("请先确定数字在原文中的位置（见上方提示）。")
        if not ind.strip():
            errors.append("请填写指标。")
        if not region.strip():
            errors.append("请填写区县。")
        nums = {}
        for f, t in (("value", value), ("yoy_pct", yoy)):
            try:
                nums[f] = parse_number(t, FIELD_NAMES[f])
            except CorrectionError as e:
                errors.append(str(e))
        if not errors and nums.get("value") is None and nums.get("yoy_pct") is None:
            errors.append("请填写数值或同比增速（至少一项）。")
        fields: dict = {}
        try:
            fields["year"], fields["month_from"], fields["month_to"] = read_period(period)
        except CorrectionError as e:
            errors.append(str(e))
        if errors:
            st.error(markup.md(" ".join(errors)), icon=":material/error:")
            return
        fields.update(indicator=" ".join(ind.split()), region=" ".join(region.split()),
                      period="".join(period.split()), unit=unit.strip(), subject="",
                      **{k: v for k, v in nums.items() if v is not None})
        s0, s1, _ = where
        _write(lambda s: s.add_correction("added", article=article, start=s0, end=s1, **fields),
               f"已补录：{fields['region']}·{fields['indicator']}（{fields['period']}）“{text[s0:s1]}”")


def corrections_section() -> None:
    """撤销, the list of every correction (orphans clearly listed), export and import."""
    frame = data.corrections()
    n = 0 if frame is None else len(frame)
    st.subheader("核对与更正记录")
    if n:
        last = frame.astype(object).where(frame.notna(), None).to_dict("records")[-1]
        label = describe(last, _figure(last))
        if st.button("撤销上一次更正", key=UNDO_KEY, icon=":material/undo:", help=markup.md(label)):
            # the correction this button names, not whatever is newest when it is clicked (a teammate's)
            _write(lambda s, cid=_s(last.get("id")): s.undo_correction(cid or None), f"已撤销：{label}")
        st.caption(markup.md(f"上一次更正：{label}（{local_time(_s(last.get('created_at')))}）"))
        table = corrections_table(frame)
        orphans = table[table["状态"] == "未匹配"]
        if len(orphans):
            st.warning(f"{len(orphans)} 条更正未匹配：它们的文章不在库中，或原文在该位置上的文字或数据已不同。"
                       "这些更正仍然保留（文章重新导入后会自动生效），可以在下面撤销。", icon=":material/link_off:")
            st.dataframe(export.defuse_frame(orphans.drop(columns=["id"])), hide_index=True, key="review_orphans")
        with st.expander(f"全部更正（{n} 条，其中未匹配 {len(orphans)} 条）", expanded=bool(len(orphans))):
            st.dataframe(export.defuse_frame(table.drop(columns=["id"])), hide_index=True, key="review_list")
            labels = {r["id"]: f"{r['时间']}　{r['类型']}：{r['数据']}（{r['文章标题']}）【{r['状态']}】"
                      for _, r in table.iterrows()}
            if st.session_state.get(UNDO_PICK) not in labels:
                st.session_state.pop(UNDO_PICK, None)
            pick = st.selectbox("撤销其中一条更正", list(labels), format_func=labels.get, index=None,
                                key=UNDO_PICK, placeholder="选择要撤销的更正……")
            if st.button("撤销所选更正", key=UNDO_ONE, icon=":material/undo:", disabled=pick is None) and pick in labels:
                what = labels[pick].split("　", 1)[-1]
                _write(lambda s: s.undo_correction(pick), f"已撤销：{what}")
    else:
        st.caption("还没有任何更正。选中表格中的一行即可标记已核对、有误，或修改、补录。")
    a, b = st.columns([1, 2])
    with a:
        st.download_button("导出更正（CSV）", data=("\ufeff" + data.corrections_csv()).encode("utf-8"),
                           file_name="更正记录.csv", mime="text/csv", key=EXPORT_KEY, disabled=not n,
                           icon=":material/download:", on_click="ignore",
                           help="全部更正，可在另一台电脑上导入，与团队共享核对结果")
    with b:
        up = st.file_uploader("导入更正（CSV，由“导出更正”生成）", key=IMPORT_KEY,
                              help="文件有误时不会导入任何内容；已有的更正不会重复导入")
        if up is not None and st.button("导入", key=IMPORT_GO, icon=":material/upload:"):
            _import(up.getvalue(), up.name)


def _import(raw: bytes, name: str) -> None:
    problem = import_problem(raw)
    if problem:
        st.error(markup.md(f"{name}：{problem}"), icon=":material/error:")
        return
    got: dict = {}

    def run(store):
        got.update(store.import_corrections(raw))

    try:
        run(data.get_store())
    except CorrectionError as e:
        msg = str(e) if "未导入任何内容" in str(e) else f"{e}。未导入任何内容。"
        st.error(markup.md(f"{name}：{msg}"), icon=":material/error:")
        return
    except Exception:  # noqa: BLE001
        import logging
        logging.getLogger(__name__).exception("importing corrections failed")
        st.error("导入更正失败，数据没有改动。", icon=":material/error:")
        return
    added, skipped = got.get("added", 0), got.get("skipped", 0)
    if added:
        _done(f"已导入 {added} 条更正" + (f"（另有 {skipped} 条已存在，未重复导入）" if skipped else "") + f"：{name}")
    else:
        _done(f"没有新的更正：{name} 中的 {skipped} 条更正都已存在，未重复导入。", kind="info")


PICKED_KEY = "details_picked"      # the selected row: the selection that chose it and the row's key


def follow_selection(shown, grid_row: int | None, choice: str | None, labels: list[str]) -> int | None:
    """The position in ``shown`` of the selected row.  The grid's selection and the picker are positions on
    the page; after a correction the page changes under them (a row leaves the 核对状态 filter, an edited
    indicator moves, a 补录 row comes in), so while the selection stays as it was, the row is followed by its
    key (article, span, indicator as parsed) and shown nowhere when it has left the page; a new selection
    is read as a position again."""
    sel = (grid_row, choice)
    saved = st.session_state.get(PICKED_KEY)
    wrote = st.session_state.pop(_WROTE, False)    # a write just changed the page (and maybe the picker's labels)
    if saved is not None and (saved[0] == sel or wrote):
        st.session_state[PICKED_KEY] = (sel, saved[1])
        for i in range(len(shown)):
            key = row_key(shown.iloc[i])
            if key is not None and key.token == saved[1]:
                return i
        return None
    picked = grid_row if grid_row is not None and grid_row < len(shown) else None
    if picked is None and choice is not None and choice in labels:
        picked = labels.index(choice)
    key = row_key(shown.iloc[picked]) if picked is not None else None
    st.session_state[PICKED_KEY] = (sel, key.token) if key is not None else None
    return picked
