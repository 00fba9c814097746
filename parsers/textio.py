"""Bytes -> text for uploads and files (placeholder; full version: encoding detection, HTML)."""
from __future__ import annotations


class InputError(ValueError):
    """Bad input; ``str(err)`` is a clear message in Chinese for the user."""


def decode_bytes(data: bytes, filename: str = "") -> str:
    if not data:
        raise InputError("文件为空")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError("无法识别文件编码")
