"""Article upload: pure analyse/save steps plus the Streamlit widget that drives them.

Flow: files -> ``analyse_file`` (decode, parse, check, duplicate lookup) ->
the user confirms region and publication month per file -> preview ->
``save_candidates`` writes every acceptable file in ONE store transaction.
Nothing is written when a file is rejected; duplicates are reported, not saved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import pandas as pd
import streamlit as st

from components import markup
from components.export import defuse_frame  # grids export their cells: formulas defused before display
from parsers import InputError, Parsed, decode_bytes
from parsers.textio import MAX_BYTES, is_article_file, suffix_list
from store.db import AddResult, Store, safe_article_name, text_sha256
from parsers.worker import ParseError

MONTH_RE = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")

Parser = Callable[[str, str, "str | None", "str | None"], Parsed]


def _default_parser(text: str, article: str, region: str | None, published: str | None) -> Parsed:
    import parsers
    return parsers.parse_article(text, article=article, region=region or None, published=published or None)


def normalise_month(value: str) -> str | None:
    """'2024-7', '2024/07', '2024年7月', '202407' -> '2024-07'; None if not a valid month."""
    s = (value or "").strip()
    m = re.fullmatch(r"((?:19|20)\d{2})\s*[-/.年]?\s*(\d{1,2})\s*月?", s)
    if not m:
        return None
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    out = f"{m.group(1)}-{month:02d}"
    return out if MONTH_RE.match(out) else None


@dataclass
class Candidate:
    """One uploaded file after analysis."""
    filename: str
    article: str = ""                 # id it would be stored under (before clash suffixes)
    text: str = ""
    parsed: Parsed | None = None
    region: str = ""
    published: str = ""
    errors: list[str] = field(default_factory=list)     # block saving this file (bad input)
    needs: list[str] = field(default_factory=list)      # block saving until the user fills them in
    duplicate_of: str | None = None   # stored article with the same text
    batch_duplicate_of: str | None = None   # an earlier file of the same upload with the same text
    month_from_text: bool = False     # the publication month was read from a date line in the text

    @property
    def ok(self) -> bool:
        return (not self.errors and not self.needs and self.duplicate_of is None
                and self.batch_duplicate_of is None and self.parsed is not None)

    @property
    def n_indicators(self) -> int:
        return 0 if self.parsed is None else len(self.parsed.indicators)

    @property
    def n_projects(self) -> int:
        return 0 if self.parsed is None else len(self.parsed.projects)


def decode_upload(filename: str, data: bytes) -> tuple[str | None, str | None]:
    """(text, None) or (None, Chinese error message)."""
    if not is_article_file(filename):
        return None, f"不支持的文件类型：“{filename}”。请上传 {suffix_list('、', ' 或 ')} 文件。"
    try:
        return decode_bytes(data, filename), None
    except InputError as e:
        return None, str(e)


def analyse_file(filename: str, data: bytes, *, store: Store | None = None, region: str | None = None,
                 published: str | None = None, parser: Parser = _default_parser,
                 known_shas: dict[str, str] | None = None) -> Candidate:
    """Decode, parse and check one file.  ``region``/``published`` are the user's values ("" = not given)."""
    cand = Candidate(filename=filename, article=safe_article_name(filename))
    text, err = decode_upload(filename, data)
    if err:
        cand.errors.append(err)
        return cand
    cand.text = text
    month = None
    if published:
        month = normalise_month(published)
        if month is None:
            cand.errors.append(f"发布月份格式不对：“{published}”。请按 YYYY-MM 填写，例如 2024-07。")
    try:
        parsed = parser(text, cand.article, (region or "").strip() or None, month)
    except ParseError as e:  # time limit hit, or the parser failed in its worker: the message says which
        cand.errors.append(str(e))
        return cand
    except Exception as e:  # noqa: BLE001 - a parser bug must not crash the page
        cand.errors.append(f"解析“{filename}”时出错：{type(e).__name__}: {e}。文件未保存。")
        return cand
    cand.parsed = parsed
    cand.region = (region or "").strip() or (parsed.region or "")
    cand.published = month or (parsed.published or "")
    cand.month_from_text = not month and bool(cand.published)
    if not cand.region:
        cand.needs.append(region_hint(parsed, filename) or f"没有识别出“{filename}”所属的区县，请在上方填写区县。")
    if not cand.published and not cand.errors:
        cand.needs.append(f"请填写“{filename}”的发布月份（YYYY-MM）：文中没有日期行，"
                          "而“今年”“上半年”等所指的年份要由它确定。")
    if len(parsed.indicators) == 0 and len(parsed.projects) == 0:
        cand.errors.append(
            f"没有从“{filename}”中识别出任何经济指标或项目，文件未保存。"
            "请确认这是一篇含有“增长×%”“完成×亿元”等数据的区域经济报道。")
    if known_shas is not None:
        cand.duplicate_of = known_shas.get(text_sha256(text))
    elif store is not None:
        cand.duplicate_of = store.find_duplicates([text])[0]
    return cand


def script_note(parsed: Parsed | None, filename: str) -> str:
    """Says that a Traditional-script article was read as its Simplified conversion ("" otherwise)."""
    if parsed is None or getattr(parsed, "script", "") != "traditional":
        return ""
    return (f"“{filename}”是繁体字文章：已转换为简体后识别。表中的地区、指标、单位名称为简体，"
            "便于与简体文章比较；原文句子和证据高亮仍是上传的繁体原文。")


def region_hint(parsed: Parsed | None, filename: str) -> str:
    """Why the parser's region needs the user's eye ("" when it is sure): only 全市/我市 name the place,
    no place is named, or the name is shared by several units."""
    note = getattr(parsed, "region_note", "") if parsed is not None else ""
    if note == "self-only":
        return (f"“{filename}”只用“全市”“我市”“本区”等指代所报道的地区，没有写出地名。"
                "请在上方填写区县（例如 苏州市、光明区）。")
    if note == "none":
        return f"没有在“{filename}”中找到地名，请在上方填写区县。"
    if note == "ambiguous":
        cands = list(parsed.region_candidates)
        shown = "、".join(cands[:5]) + ("等" if len(cands) > 5 else "")
        return (f"“{parsed.region}”有{len(cands)}处同名（{shown}），文中没有写明所属城市。"
                f"如不是其中第一个，请在上方填写完整名称，例如“{cands[-1]}”。")
    return ""


def mark_batch_duplicates(cands: list[Candidate]) -> None:
    """Two files with the same text in one upload: the later one repeats the first (only one is saved).
    A text already stored is reported as that (``duplicate_of``), not as a repeat within the batch."""
    seen: dict[str, str] = {}
    for c in cands:
        if not c.text or c.duplicate_of:
            continue
        sha = text_sha256(c.text)
        if sha in seen:
            c.batch_duplicate_of = seen[sha]
        else:
            seen[sha] = c.filename


def batch_duplicate_message(c: Candidate) -> str:
    if c.batch_duplicate_of == c.filename:
        return f"“{c.filename}”在本次上传中出现了不止一次，只会保存一份。"
    return f"“{c.filename}”与本次上传的“{c.batch_duplicate_of}”内容相同，只会保存一份。"


def save_candidates(cands: list[Candidate], store: Store) -> AddResult:
    """Write every acceptable candidate in one transaction (nothing if none is acceptable)."""
    good = [c for c in cands if c.ok]
    if not good:
        return AddResult()
    return store.add([c.parsed for c in good], source="upload")


PREVIEW_COLUMNS = {
    "region": "区域", "subject": "主体", "indicator": "指标", "period": "统计期", "value": "数值",
    "unit": "单位", "yoy_pct": "同比%", "qualifier": "限定", "sentence": "原句",
}
PROJECT_PREVIEW_COLUMNS = {"region": "区域", "name": "项目", "investment": "投资额(亿元)", "status": "状态",
                           "sentence": "原句"}


def preview_frames(c: Candidate) -> tuple[pd.DataFrame, pd.DataFrame]:
    if c.parsed is None:
        return pd.DataFrame(), pd.DataFrame()
    ind = c.parsed.indicators
    prj = c.parsed.projects
    ind = ind[[k for k in PREVIEW_COLUMNS if k in ind]].rename(columns=PREVIEW_COLUMNS)
    prj = prj[[k for k in PROJECT_PREVIEW_COLUMNS if k in prj]].rename(columns=PROJECT_PREVIEW_COLUMNS)
    return ind, prj


# --------------------------------------------------------------------------- widget
UPLOADER_KEY = "upload_files"
UPLOAD_LIMIT_MB = MAX_BYTES // (1024 * 1024)   # the browser refuses larger files before they are sent
LIMIT_TEXT = f"单个文件不超过 {UPLOAD_LIMIT_MB} MB"
OVER_LIMIT_TEXT = f"文件超过 {UPLOAD_LIMIT_MB} MB 的上限，没有上传。请只上传文章正文（纯文本通常不到 100 KB）。"
# Streamlit's uploader has no text parameters: its button, size line and the browser's refusal of a
# file over the limit are in English.  This CSS shows Chinese in their place (selectors are Streamlit's
# data-testids; tests/browser/test_dashboard.py checks the result).  The uploader takes any file type
# (type=None) so that the only refusal in the browser is the size; a wrong type gets our own message.
UPLOADER_CSS = f"""<style>
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {{font-size: 0;}}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {{
  content: "选择文件"; font-size: 0.875rem;}}
[data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0;}}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{LIMIT_TEXT} · {suffix_list()} · 也可拖放到这里"; font-size: 0.875rem;}}
[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"] + div {{font-size: 0;}}
[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"] + div::after {{
  content: "超过 {UPLOAD_LIMIT_MB} MB，未上传"; font-size: 0.75rem;}}
[data-testid="stTooltipErrorContent"] {{font-size: 0;}}
[data-testid="stTooltipErrorContent"]::after {{
  content: "{OVER_LIMIT_TEXT}"; font-size: 0.875rem;}}
</style>"""
RESULT_KEY = "upload_result"


def _uploader_key() -> str:
    return f"{UPLOADER_KEY}_{st.session_state.get('upload_round', 0)}"


def _show_last_result() -> None:
    res = st.session_state.pop(RESULT_KEY, None)
    if not res:
        return
    added, dups = res
    if added:
        st.success(f"已保存 {len(added)} 篇文章：{markup.md('、'.join(added))}。所有页面已更新。",
                   icon=":material/check_circle:")
    for d in dups:
        st.info(markup.md(d))


def render(store: Store, parser: Parser | None = None, on_saved: Callable[[], None] | None = None) -> None:
    """The upload page body."""
    from components import data

    parser = parser or data.parse_cached
    _show_last_result()
    st.html(UPLOADER_CSS)
    files = st.file_uploader(
        "选择文章文件（可多选）", accept_multiple_files=True, key=_uploader_key(),
        max_upload_size=UPLOAD_LIMIT_MB,
        help=f"支持 {suffix_list()}；编码自动识别（UTF-8、带 BOM 的 UTF-8、GB18030/GBK、UTF-16）。{LIMIT_TEXT}。",
    )
    if not files:
        st.info(f"请先选择一个或多个文章文件（{suffix_list()}，{LIMIT_TEXT}；标红的文件超过上限，没有上传）。"
                "上传后可以确认每篇文章的区县和发布月份，预览识别出的数据，再保存。", icon=":material/upload_file:")
        return

    cands: list[Candidate] = []
    slots = []
    for i, f in enumerate(files):
        data_bytes = f.getvalue()
        fkey = f"{i}_{text_sha256(f.name + str(len(data_bytes)))[:8]}"
        with st.container(border=True):
            st.markdown(f"**{i + 1}\\. {markup.md(f.name)}**　（{len(data_bytes) / 1024:.1f} KB）")
            text, err = decode_upload(f.name, data_bytes)
            if err:
                cand = Candidate(filename=f.name, article=safe_article_name(f.name), errors=[err])
                st.error(markup.md(err), icon=":material/error:")
                cands.append(cand)
                continue
            # first pass without overrides: what the parser infers by itself
            guess = analyse_file(f.name, data_bytes, parser=parser)
            g_region = guess.parsed.region if guess.parsed is not None else ""
            g_month = guess.parsed.published if guess.parsed is not None else ""
            col1, col2 = st.columns(2)
            region = col1.text_input("区县", value=g_region, key=f"up_region_{fkey}",
                                     placeholder="例如 双阳区", help="文章报道的区县；默认是自动识别的结果。")
            month = col2.text_input("发布月份（YYYY-MM）", value=g_month, key=f"up_month_{fkey}",
                                    placeholder=f"例如 {date.today():%Y-%m}",
                                    help="用于确定文中“今年”“上半年”等所指的年份；文中有日期行（如“时间：2024-07-15”）时已自动填好。")
            if guess.parsed is not None and region == g_region and guess.parsed.region_note == "ambiguous":
                st.info(markup.md(region_hint(guess.parsed, f.name)), icon=":material/help:")
            cand = analyse_file(f.name, data_bytes, store=store, region=region, published=month, parser=parser)
            cand.month_from_text = bool(g_month) and cand.published == g_month   # prefilled, kept as it was
            cands.append(cand)
            slots.append(st.empty())  # messages for this file, filled once batch duplicates are known
    mark_batch_duplicates(cands)

    for c, slot in zip((c for c in cands if c.parsed is not None or c.text), slots):
        with slot.container():
            for e in c.errors:
                st.error(markup.md(e), icon=":material/error:")
            for n in c.needs:
                st.warning(markup.md(n), icon=":material/edit:")
            if c.duplicate_of:
                st.warning(markup.md(f"“{c.filename}”与已有文章“{c.duplicate_of}”内容相同，不会重复保存。"),
                           icon=":material/content_copy:")
            if c.batch_duplicate_of:
                st.warning(markup.md(batch_duplicate_message(c)), icon=":material/content_copy:")
            if note := script_note(c.parsed, c.filename):
                st.info(markup.md(note), icon=":material/translate:")
            if c.month_from_text and not c.errors:
                st.caption(markup.md(f"发布月份 {c.published} 取自文中的日期。"))
            if c.ok:
                st.success(f"可以保存：识别出 {c.n_indicators} 条指标、{c.n_projects} 个项目。",
                           icon=":material/check:")

    for c in cands:
        if c.parsed is None:
            continue
        with st.expander(f"预览：{markup.md(c.filename)}（{c.n_indicators} 条指标，{c.n_projects} 个项目）",
                         expanded=len(cands) == 1):
            ind, prj = preview_frames(c)
            if not len(ind) and not len(prj):
                st.caption("没有识别出数据。")
            if len(ind):
                st.dataframe(defuse_frame(ind), hide_index=True, key=f"up_prev_ind_{c.article}", placeholder="—")
            if len(prj):
                st.dataframe(defuse_frame(prj), hide_index=True, key=f"up_prev_prj_{c.article}", placeholder="—")

    good = [c for c in cands if c.ok]
    bad = [c for c in cands if c.errors]
    dup = [c for c in cands if not c.errors and (c.duplicate_of or c.batch_duplicate_of)]
    todo = [c for c in cands if not c.errors and c.needs and not (c.duplicate_of or c.batch_duplicate_of)]
    summary = f"共 {len(cands)} 个文件：可保存 {len(good)} 个"
    if todo:
        summary += f"，待补充信息 {len(todo)} 个"
    if dup:
        summary += f"，重复 {len(dup)} 个"
    if bad:
        summary += f"，有问题 {len(bad)} 个（不会保存）"
    st.markdown(summary + "。")
    if st.button("保存到数据库", type="primary", key="upload_save", disabled=not good,
                 icon=":material/save:"):
        try:
            result = save_candidates(cands, store)
        except Exception as e:  # noqa: BLE001 - transaction rolled back: nothing written
            st.error(markup.md(f"保存失败，数据库没有任何改动：{type(e).__name__}: {e}"), icon=":material/error:")
            return
        if on_saved is not None:
            on_saved()
        notes = [f"“{c.filename}”与已有文章“{c.duplicate_of}”内容相同，未重复保存。" for c in dup if c.duplicate_of]
        notes += [batch_duplicate_message(c) for c in dup if c.batch_duplicate_of]
        notes += [f"“{a}”在保存时发现已存在相同内容的文章，未重复保存。" for a in result.duplicates]
        for old, new in result.renamed.items():
            notes.append(f"已有同名文章，“{old}”保存为“{new}”。")
        st.session_state[RESULT_KEY] = (result.added, notes)
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # clears the uploader
        st.rerun()
