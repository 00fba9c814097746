"""Bytes -> text for uploads and files.

``decode_bytes(data, filename)`` accepts UTF-8 (with or without BOM), UTF-16/32
(with BOM), GB18030/GBK and, as a last resort, whatever charset-normalizer
finds coherent.  It rejects empty, over-size, binary and undecodable input with
an :class:`InputError` whose message is a clear Chinese sentence for the user
and whose ``code`` names the reason (``empty``, ``too_large``, ``binary``,
``undecodable``, ``no_text``).

``.html``/``.htm`` files (or text that starts like an HTML document) are
reduced to their visible text with the stdlib ``html.parser``: scripts, styles
and other invisible elements are dropped, block elements become line breaks.
``.md``/``.markdown``/``.txt`` keep their text.  Line endings are normalised to ``\\n``; the
returned string is the article's "original text" that parser spans index into.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_BYTES = 2 * 1024 * 1024          # upload / file size limit
# The one list of accepted article files: the CLI's folder walk (api.iter_article_files), the upload
# page and the README use it (tests/test_accepted_files.py checks that they agree).
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


def is_article_file(name: str) -> bool:
    """Whether a file name has one of :data:`TEXT_SUFFIXES` (any case)."""
    return name.lower().endswith(TEXT_SUFFIXES)


def suffix_list(sep: str = " / ", last: str | None = None) -> str:
    """:data:`TEXT_SUFFIXES` for people: ``.txt / .md / ...``, or with ``last`` before the final one
    (``suffix_list("、", " 或 ")`` -> ``.txt、.md、.markdown、.html 或 .htm``)."""
    if last is None or len(TEXT_SUFFIXES) < 2:
        return sep.join(TEXT_SUFFIXES)
    return sep.join(TEXT_SUFFIXES[:-1]) + last + TEXT_SUFFIXES[-1]

# Share of control characters (other than tab/newline/CR/FF) above which a
# decoded text is considered binary garbage.
_MAX_CONTROL_RATIO = 0.02

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)

# Leading bytes of common binary formats users upload by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "Word/Excel/压缩包"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word/Excel"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x7fELF", "程序文件"),
    (b"MZ", "程序文件"),
)


class InputError(ValueError):
    """Bad input; ``str(err)`` is a clear message in Chinese for the user."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


def _label(filename: str) -> str:
    return f"“{filename}”" if filename else "该文件"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _binary_error(filename: str, kind: str = "") -> InputError:
    what = f"（{kind}）" if kind else "（如图片、PDF、Word 文档或压缩包）"
    return InputError(
        f"不是文本文件：{_label(filename)}看起来是二进制文件{what}。"
        f"请上传 {suffix_list('、', ' 或 ')} 格式的文章正文。", code="binary")


# Control characters other than tab, line feed, vertical tab, form feed and carriage return, the C1
# controls (DEL included) and the replacement character: what a decoded binary file is full of.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _control_ratio(text: str) -> float:
    """Share of :data:`_CONTROL` characters in ``text`` (one regex scan, no Python loop per character)."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, other, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) / len(zeros) > 0.5 and other.count(0) / len(other) < 0.05:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            return text if _plausible(text) else None
    return None


# Characters common in a real (Chinese or Western) article: printable ASCII, tab/LF/CR/FF, Latin-1,
# CJK ideographs (extension A too), CJK and general punctuation, full-width forms, circled numbers,
# Roman numerals.  _UNCOMMON is its complement.
_COMMON_CLASS = ("\x20-\x7e\t\n\r\f\xa0-\xff\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef"
                 "\u2000-\u206f\u2460-\u24ff\u2160-\u217f")
_COMMON = re.compile(f"[{_COMMON_CLASS}]")
_UNCOMMON = re.compile(f"[^{_COMMON_CLASS}]")


def _is_common(ch: str) -> bool:
    return _COMMON.match(ch) is not None


def _plausible(text: str, threshold: float = 0.85) -> bool:
    """Most characters of a real (Chinese or Western) article are common ones."""
    sample = text[:20000]
    if not sample:
        return True
    return (len(sample) - len(_UNCOMMON.findall(sample))) / len(sample) >= threshold


def _decode_text(data: bytes, filename: str) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(
                    f"无法识别文件编码：{_label(filename)}带有 {enc.upper()} 标记，但内容无法按该编码解码。"
                    "请用记事本等工具另存为 UTF-8 后再上传。", code="undecodable") from None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _binary_error(filename, kind)
    if b"\x00" in data:
        text = _guess_utf16_without_bom(data)
        if text is not None and _control_ratio(text) <= _MAX_CONTROL_RATIO:
            return text
        raise _binary_error(filename)
    try:
        return data.decode("utf-8")   # strict UTF-8 is practically never accidental
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text
    except UnicodeDecodeError:
        pass
    # Last resort: traditional-Chinese legacy encodings, if they read coherently.
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data, cp_isolation=["big5", "big5hkscs", "cp950"]).best()
    except Exception:  # pragma: no cover - library missing or crashing
        best = None
    if best is not None and best.chaos <= 0.1 and _plausible(str(best)):
        return str(best)
    raise InputError(
        f"无法识别文件编码：{_label(filename)}不是 UTF-8、UTF-16 或 GB18030/GBK 编码的文本。"
        "请用记事本等工具另存为 UTF-8 后再上传。", code="undecodable")


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset("""
address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure footer form
h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th ul
title caption
""".split())
_SKIP_TAGS = frozenset("script style noscript template svg canvas iframe object head".split())


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document; block elements become line breaks."""
    p = _TextExtractor()
    p.feed(html)
    p.close()
    body = "".join(p.parts)
    lines = [re.sub(r"[ \t\u00a0\u3000]+", " ", ln).strip() for ln in body.split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    title = " ".join("".join(p.title).split())
    if title and not text.startswith(title):
        text = f"{title}\n{text}" if text else title
    return text


_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:500]))


# --------------------------------------------------------------------------- public

def decode_bytes(data: bytes, filename: str = "", *, max_bytes: int = MAX_BYTES) -> str:
    """Decode an uploaded/read file to text; raise :class:`InputError` on bad input."""
    if data is None or len(data) == 0:
        raise InputError(f"文件为空：{_label(filename)}没有任何内容，请选择包含文章正文的文件。", code="empty")
    if len(data) > max_bytes:
        raise InputError(
            f"文件过大：{_label(filename)}有 {_mb(len(data))}，超过 {_mb(max_bytes)} 的上限。"
            "请只上传文章正文（纯文本通常不到 100 KB）。", code="too_large")
    text = _decode_text(bytes(data), filename)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise _binary_error(filename)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"文件为空：{_label(filename)}只有空白字符，没有文章正文。", code="empty")
    if filename.lower().endswith(HTML_SUFFIXES) or looks_like_html(text):
        text = html_to_text(text)
        if not text.strip():
            raise InputError(f"没有正文：{_label(filename)}是网页文件，但去掉标签后没有可读的文字。",
                             code="no_text")
    return text
