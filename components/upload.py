"""Article upload: pure analyse/save steps plus the Streamlit widget that drives them.

Flow: files -> ``analyse_file`` (decode, parse, check, duplicate lookup) ->
the user confirms title, region and publication month per file -> preview ->
``save_candidates`` writes every acceptable file in ONE store transaction.
Nothing is written when a file is rejected; duplicates are reported, not saved.

Pasted text takes the same path: :func:`paste_item` makes it an uploaded file (a name from its title,
its UTF-8 bytes, ``pasted=True`` for the wording of the messages), and from there on it is one more
item of the upload -- the same checks (empty, too short, binary-like, no figures, duplicate of a stored
article), the same preview, the same save.  The title the user confirms (prefilled with the article's
first non-empty line, :func:`first_line_title`) is what the store keeps.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import pandas as pd
import streamlit as st

from components import markup
from components.export import defuse_frame  # grids export their cells: formulas defused before display
from parsers import InputError, Parsed, decode_bytes
from parsers.pipeline import title_of
from parsers.textio import MAX_BYTES, is_article_file, suffix_list
from store.db import AddResult, Store, safe_article_name, text_sha256
from parsers.worker import ParseError

MONTH_RE = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")
MIN_TEXT_CHARS = 12        # fewer non-blank characters than this is no article (a title alone, a stray word)
TITLE_MAX_CHARS = 120      # a title typed on upload is cut here
PASTE_LABEL = "粘贴的文章"   # how messages name a pasted text

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
    title: str = ""                   # the title the store keeps (the user's, else the first line)
    pasted: bool = False              # a pasted text, not a file
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


_PASTE_ERRORS = {
    "empty": "粘贴的内容只有空白字符，没有文章正文。请把文章正文粘贴到文本框中。",
    "binary": "粘贴的内容不像文章：其中有大量控制字符或乱码。请从网页或文档中重新复制文章正文。",
    "too_large": f"粘贴的内容超过 {MAX_BYTES // (1024 * 1024)} MB 的上限。请只粘贴文章正文。",
}


def decode_upload(filename: str, data: bytes, *, pasted: bool = False) -> tuple[str | None, str | None]:
    """(text, None) or (None, Chinese error message).  ``pasted``: the text came from the text area
    (the messages speak of pasted text, not of a file)."""
    if not pasted and not is_article_file(filename):
        return None, f"不支持的文件类型：“{filename}”。请上传 {suffix_list('、', ' 或 ')} 文件。"
    try:
        text = decode_bytes(data, filename)
    except InputError as e:
        return None, (_PASTE_ERRORS.get(getattr(e, "code", ""), str(e)) if pasted else str(e))
    n = len("".join(text.split()))
    if n < MIN_TEXT_CHARS:
        what = "粘贴的内容" if pasted else f"“{filename}”"
        return None, (f"{what}太短（只有 {n} 个字），不像一篇文章。"
                      f"请{'粘贴' if pasted else '上传'}完整的文章正文（至少 {MIN_TEXT_CHARS} 个字）。")
    return text, None


def first_line_title(text: str) -> str:
    """The title an article gets unless the user types another: its first non-empty line (the parser's
    rule, :func:`parsers.pipeline.title_of`: a line of four characters or more that is no sentence, so an
    upload and a command-line build give the same title)."""
    return title_of(text or "").strip()


def paste_item(text: str, title: str = "") -> tuple[str, bytes]:
    """A pasted text as an uploaded file: (a file name made from its title, its UTF-8 bytes).  From
    here on it goes through :func:`analyse_file` like any file (with ``pasted=True``)."""
    stem = ((title or "").strip() or first_line_title(text) or PASTE_LABEL)[:40]
    stem = stem.replace("/", "_").replace("\\", "_")   # a title's slash is no folder
    return safe_article_name(f"{stem}.txt"), (text or "").encode("utf-8")


def analyse_file(filename: str, data: bytes, *, store: Store | None = None, region: str | None = None,
                 published: str | None = None, parser: Parser = _default_parser,
                 known_shas: dict[str, str] | None = None, title: str | None = None,
                 pasted: bool = False) -> Candidate:
    """Decode, parse and check one file (or pasted text: ``pasted``).  ``region``/``published``/``title``
    are the user's values ("" or None = not given: the parser's region and month, the first line)."""
    cand = Candidate(filename=filename, article=safe_article_name(filename), pasted=pasted)
    text, err = decode_upload(filename, data, pasted=pasted)
    if err:
        cand.errors.append(err)
        return cand
    cand.text = text
    name = PASTE_LABEL if pasted else filename   # how the messages name it
    unsaved = "未保存" if pasted else "文件未保存"
    cand.title = " ".join((title or "").split())[:TITLE_MAX_CHARS] or first_line_title(text)
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
        cand.errors.append(f"解析“{name}”时出错：{type(e).__name__}: {e}。{unsaved}。")
        return cand
    if parsed.title != cand.title:   # the title the user confirmed is the one stored (a copy: the parse is cached)
        parsed = copy.copy(parsed)
        parsed.title = cand.title
    cand.parsed = parsed
    cand.region = (region or "").strip() or (parsed.region or "")
    cand.published = month or (parsed.published or "")
    cand.month_from_text = not month and bool(cand.published)
    if not cand.region:
        cand.needs.append(region_hint(parsed, name) or f"没有识别出“{name}”所属的区县，请在上方填写区县。")
    if not cand.published and not cand.errors:
        cand.needs.append(f"请填写“{name}”的发布月份（YYYY-MM）：文中没有日期行，"
                          "而“今年”“上半年”等所指的年份要由它确定。")
    if len(parsed.indicators) == 0 and len(parsed.projects) == 0:
        cand.errors.append(
            f"没有从“{name}”中识别出任何经济指标或项目，{unsaved}。"
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
            seen[sha] = _display(c)


def batch_duplicate_message(c: Candidate) -> str:
    if c.batch_duplicate_of == _display(c):
        return f"“{_display(c)}”在本次上传中出现了不止一次，只会保存一份。"
    return f"“{_display(c)}”与本次上传的“{c.batch_duplicate_of}”内容相同，只会保存一份。"


def _display(c: Candidate) -> str:
    """How messages name a candidate: its file name, or 粘贴的文章."""
    return PASTE_LABEL if c.pasted else c.filename


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


def _paste_key() -> str:
    return f"{PASTE_KEY}_{st.session_state.get('upload_round', 0)}"


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


PASTE_KEY = "upload_paste"   # the text area: upload_paste_<round> (a new one after each save: emptied); its title
                             # field: upload_paste_title_<hash of the first line> (a new first line prefills it)


@dataclass
class Item:
    """One thing to import: an uploaded file, or the pasted text as if it were one."""
    name: str
    data: bytes
    key: str                    # widget keys of this item
    pasted: bool = False
    title: str | None = None    # pasted: the title typed beside the text area (files get theirs in the item)


def stored_label(article_id: str) -> str:
    """A stored article as the views name it (title and month, :mod:`components.titles`)."""
    from components import data

    got = data.article_titles([article_id])
    hit = got[got["article"].astype(str) == str(article_id)] if len(got) else got
    return str(hit["label"].iloc[0]) if len(hit) else str(article_id)


def _paste_section() -> Item | None:
    """The text area for an article copied from a web page, with its title field (prefilled with the first
    non-empty line; a new first line prefills it again).  None while nothing is pasted."""
    text = st.text_area("或者粘贴文章正文", key=_paste_key(), height=160,
                        placeholder="从网页或文档中复制文章（标题在第一行），粘贴到这里……",
                        help="粘贴的文章与上传的文件经过同样的检查、预览和保存。标题默认取第一行，可以修改。")
    if not text:
        return None
    first = first_line_title(text)
    title = st.text_input("标题", value=first, key=f"{PASTE_KEY}_title_{text_sha256(first)[:8]}",
                          max_chars=TITLE_MAX_CHARS, help="保存后各页面用这个标题称呼这篇文章；默认是正文的第一行。")
    name, data_bytes = paste_item(text, title)
    return Item(name=name, data=data_bytes, key=f"paste_{text_sha256(text)[:8]}", pasted=True, title=title)


def render(store: Store, parser: Parser | None = None, on_saved: Callable[[], None] | None = None) -> None:
    """The upload page body: files and pasted text, one list of items, one save."""
    from components import data

    parser = parser or data.parse_cached
    _show_last_result()
    st.html(UPLOADER_CSS)
    files = st.file_uploader(
        "选择文章文件（可多选）", accept_multiple_files=True, key=_uploader_key(),
        max_upload_size=UPLOAD_LIMIT_MB,
        help=f"支持 {suffix_list()}；编码自动识别（UTF-8、带 BOM 的 UTF-8、GB18030/GBK、UTF-16）。{LIMIT_TEXT}。",
    )
    items = []
    for i, f in enumerate(files or []):
        data_bytes = f.getvalue()
        items.append(Item(f.name, data_bytes, f"{i}_{text_sha256(f.name + str(len(data_bytes)))[:8]}"))
    pasted = _paste_section()
    if pasted is not None:
        items.append(pasted)
    if not items:
        st.info(f"请先选择一个或多个文章文件（{suffix_list()}，{LIMIT_TEXT}；标红的文件超过上限，没有上传），"
                "或把文章正文粘贴到上面的文本框。之后可以确认每篇文章的标题、区县和发布月份，预览识别出的数据，再保存。",
                icon=":material/upload_file:")
        return

    cands: list[Candidate] = []
    slots = []
    for i, item in enumerate(items):
        fkey = item.key
        with st.container(border=True):
            if item.pasted:
                st.markdown(f"**{i + 1}\\. {PASTE_LABEL}**　（{len(item.data) / 1024:.1f} KB）")
            else:
                st.markdown(f"**{i + 1}\\. {markup.md(item.name)}**　（{len(item.data) / 1024:.1f} KB）")
            text, err = decode_upload(item.name, item.data, pasted=item.pasted)
            if err:
                cand = Candidate(filename=item.name, article=safe_article_name(item.name), errors=[err],
                                 pasted=item.pasted)
                st.error(markup.md(err), icon=":material/error:")
                cands.append(cand)
                continue
            # first pass without overrides: what the parser infers by itself
            guess = analyse_file(item.name, item.data, parser=parser, pasted=item.pasted)
            g_region = guess.parsed.region if guess.parsed is not None else ""
            g_month = guess.parsed.published if guess.parsed is not None else ""
            title = item.title
            if not item.pasted:   # a pasted text has its title field beside the text area
                title = st.text_input("标题", value=first_line_title(text), key=f"up_title_{fkey}",
                                      max_chars=TITLE_MAX_CHARS,
                                      help="保存后各页面用这个标题称呼这篇文章；默认是正文的第一行。")
            col1, col2 = st.columns(2)
            region = col1.text_input("区县", value=g_region, key=f"up_region_{fkey}",
                                     placeholder="例如 双阳区", help="文章报道的区县；默认是自动识别的结果。")
            month = col2.text_input("发布月份（YYYY-MM）", value=g_month, key=f"up_month_{fkey}",
                                    placeholder=f"例如 {date.today():%Y-%m}",
                                    help="用于确定文中“今年”“上半年”等所指的年份；文中有日期行（如“时间：2024-07-15”）时已自动填好。")
            if guess.parsed is not None and region == g_region and guess.parsed.region_note == "ambiguous":
                st.info(markup.md(region_hint(guess.parsed, PASTE_LABEL if item.pasted else item.name)),
                        icon=":material/help:")
            cand = analyse_file(item.name, item.data, store=store, region=region, published=month, parser=parser,
                                title=title, pasted=item.pasted)
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
                st.warning(markup.md(f"“{_display(c)}”与已有文章“{stored_label(c.duplicate_of)}”"
                                     f"（文件名 {c.duplicate_of}）内容相同，不会重复保存。"),
                           icon=":material/content_copy:")
            if c.batch_duplicate_of:
                st.warning(markup.md(batch_duplicate_message(c)), icon=":material/content_copy:")
            if note := script_note(c.parsed, _display(c)):
                st.info(markup.md(note), icon=":material/translate:")
            if c.month_from_text and not c.errors:
                st.caption(markup.md(f"发布月份 {c.published} 取自文中的日期。"))
            if c.ok:
                st.success(f"可以保存：识别出 {c.n_indicators} 条指标、{c.n_projects} 个项目。",
                           icon=":material/check:")

    for c in cands:
        if c.parsed is None:
            continue
        with st.expander(f"预览：{markup.md(_display(c))}（“{markup.md(c.title)}”，{c.n_indicators} 条指标，"
                         f"{c.n_projects} 个项目）",
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
    n_files = sum(not c.pasted for c in cands)
    what = "和".join(([f"{n_files} 个文件"] if n_files else []) + (["1 篇粘贴的文章"] if len(cands) > n_files else []))
    summary = f"共 {what}：可保存 {len(good)} 个"
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
        notes = [f"“{_display(c)}”与已有文章“{stored_label(c.duplicate_of)}”（文件名 {c.duplicate_of}）内容相同，"
                 "未重复保存。" for c in dup if c.duplicate_of]
        notes += [batch_duplicate_message(c) for c in dup if c.batch_duplicate_of]
        notes += [f"“{stored_label(a)}”在保存时发现已存在相同内容的文章，未重复保存。" for a in result.duplicates]
        for old, new in result.renamed.items():
            notes.append(f"已有同名文件，“{old}”保存为“{new}”。")
        added = [stored_label(a) for a in result.added]
        st.session_state[RESULT_KEY] = (added, notes)
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # clears uploader and text area
        st.rerun()

