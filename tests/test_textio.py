"""decode_bytes: encodings, bad input (each with its own Chinese message), HTML to text."""
from __future__ import annotations

from pathlib import Path

import pytest

from parsers import InputError, decode_bytes
from parsers.textio import MAX_BYTES, html_to_text

SAMPLE = "今年1-6月，双阳区规上工业产值完成52.3亿元，同比增长12.5%。\n社会消费品零售总额下降3.1%。"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


GOOD = [
    pytest.param(SAMPLE.encode("utf-8"), "a.txt", SAMPLE, id="utf8"),
    pytest.param(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "a.txt", SAMPLE, id="utf8-bom"),
    pytest.param(SAMPLE.encode("gbk"), "a.txt", SAMPLE, id="gbk"),
    pytest.param(SAMPLE.encode("gb18030"), "a.txt", SAMPLE, id="gb18030"),
    pytest.param((SAMPLE + "𠀀€").encode("gb18030"), "a.txt", SAMPLE + "𠀀€", id="gb18030-4byte"),
    pytest.param(("長春市" + SAMPLE).encode("big5", "ignore"), "a.txt",
                 ("長春市" + SAMPLE).encode("big5", "ignore").decode("big5"), id="big5-fallback"),
    pytest.param(SAMPLE.encode("utf-16"), "a.txt", SAMPLE, id="utf16-bom-native"),
    pytest.param(b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "a.txt", SAMPLE, id="utf16le-bom"),
    pytest.param(b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "a.txt", SAMPLE, id="utf16be-bom"),
    pytest.param("GDP growth 5.2% in H1".encode("utf-16-le"), "a.txt", "GDP growth 5.2% in H1",
                 id="utf16le-ascii-no-bom"),
    pytest.param(SAMPLE.replace("\n", "\r\n").encode("utf-8"), "a.txt", SAMPLE, id="crlf-normalised"),
    pytest.param(("# 标题\n\n" + SAMPLE).encode("utf-8"), "a.md", "# 标题\n\n" + SAMPLE, id="markdown-kept"),
    pytest.param("plain ascii text".encode("ascii"), "a.txt", "plain ascii text", id="ascii"),
]


@pytest.mark.parametrize("data, name, expected", GOOD)
def test_decodes(data, name, expected):
    assert decode_bytes(data, name) == expected


BAD = [
    pytest.param(b"", "a.txt", "empty", "文件为空", id="empty"),
    pytest.param(b"  \n\r\n\t ", "a.txt", "empty", "文件为空", id="whitespace-only"),
    pytest.param(b"\xef\xbb\xbf", "a.txt", "empty", "文件为空", id="bom-only"),
    pytest.param(b"a" * (MAX_BYTES + 1), "big.txt", "too_large", "文件过大", id="over-size"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "x.txt", "binary", "不是文本文件", id="png"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "x.txt", "binary", "不是文本文件", id="pdf"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 50, "x.docx", "binary", "不是文本文件", id="docx-zip"),
    pytest.param(b"abc\x00\x01\x02\x03\xfe\xfa\x00\x00\x9c" * 30, "x.txt", "binary", "不是文本文件",
                 id="nul-bytes"),
    pytest.param(bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f]) * 30, "x.txt", "binary", "不是文本文件",
                 id="control-chars"),
    pytest.param(b"\x80\x81\x82\xff\xfe\xfd" * 40, "x.txt", "undecodable", "无法识别文件编码", id="undecodable"),
    pytest.param(b"\xff\xfe\x00\xd8", "x.txt", "undecodable", "无法识别文件编码", id="broken-utf16"),
    pytest.param(b"<html><head><script>var a=1;</script></head><body><img src=x></body></html>", "x.html",
                 "no_text", "没有正文", id="html-without-text"),
]


@pytest.mark.parametrize("data, name, code, phrase", BAD)
def test_rejects_with_clear_chinese_message(data, name, code, phrase):
    with pytest.raises(InputError) as exc:
        decode_bytes(data, name)
    assert exc.value.code == code
    msg = str(exc.value)
    assert msg.startswith(phrase)
    assert name in msg  # the message names the file


def test_each_reason_has_its_own_message():
    by_code: dict[str, set[str]] = {}
    for p in BAD:
        data, name, code, phrase = p.values
        with pytest.raises(InputError) as exc:
            decode_bytes(data, name)
        by_code.setdefault(exc.value.code, set()).add(str(exc.value).split("：")[0])
    assert set(by_code) == {"empty", "too_large", "binary", "undecodable", "no_text"}
    heads = [next(iter(v)) for v in by_code.values()]
    assert all(len(v) == 1 for v in by_code.values()) and len(set(heads)) == 5


def test_max_bytes_boundary():
    assert decode_bytes(b"a" * MAX_BYTES, "ok.txt") == "a" * MAX_BYTES
    with pytest.raises(InputError):
        decode_bytes(b"a" * 11, "x.txt", max_bytes=10)


HTML = """<!DOCTYPE html><html><head><title>双阳区经济运行观察</title>
<style>p{color:red}</style><script>alert('x<p>')</script></head>
<body><h1>双阳区经济运行观察</h1><div>今年1-6月，规上工业产值<b>增长</b>12.5%。</div>
<p>社零总额&nbsp;下降3.1%&lt;注&gt;</p><ul><li>项目一</li><li>项目二</li></ul><br>结束</body></html>"""


def test_html_to_text_blocks_and_invisible_content():
    text = decode_bytes(HTML.encode("utf-8"), "a.html")
    assert text.splitlines() == [
        "双阳区经济运行观察",
        "今年1-6月，规上工业产值增长12.5%。",
        "社零总额 下降3.1%<注>",
        "项目一", "项目二", "结束",
    ]
    assert "alert" not in text and "color" not in text


@pytest.mark.parametrize("enc", ["utf-8", "gbk", "utf-16"])
def test_html_in_any_encoding(enc):
    html = "<html><body><p>绿园区固定资产投资增长8%</p><p>第二段</p></body></html>"
    assert decode_bytes(html.encode(enc), "b.htm") == "绿园区固定资产投资增长8%\n第二段"


def test_html_detected_by_content_even_with_txt_suffix():
    assert decode_bytes(b"<!doctype html><html><body><p>x</p></body></html>", "a.txt") == "x"


def test_title_prepended_when_body_lacks_it():
    assert html_to_text("<html><head><title>T</title></head><body><p>body</p></body></html>") == "T\nbody"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_articles_decode(path):
    text = decode_bytes(path.read_bytes(), path.name)
    assert text == path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    assert len(text) > 1000 and "\r" not in text
    # the same article in GBK and UTF-16 decodes to the same text
    assert decode_bytes(text.encode("gb18030"), path.name) == text
    assert decode_bytes(text.encode("utf-16"), path.name) == text


# ------------------------------------------------------------------ the regex scans give the old loops' answers
def _control_by_loop(ch: str) -> bool:
    """The per-character definition the regex replaced (binary-garbage characters)."""
    return (ord(ch) < 32 and ch not in "\t\n\r\f\v") or 0x7f <= ord(ch) < 0xa0 or ch == "\ufffd"


def _common_by_loop(ch: str) -> bool:
    """The per-character definition the regex replaced (characters of a real article)."""
    o = ord(ch)
    return (0x20 <= o < 0x7f or ch in "\t\n\r\f" or 0x4e00 <= o <= 0x9fff or 0x3400 <= o <= 0x4dbf
            or 0x3000 <= o <= 0x303f or 0xff00 <= o <= 0xffef or 0x2000 <= o <= 0x206f
            or 0xa0 <= o <= 0xff or 0x2460 <= o <= 0x24ff or 0x2160 <= o <= 0x217f)


# every BMP character and every 97th beyond it
_CODE_POINTS = "".join(chr(o) for o in [*range(0x10000), *range(0x10000, 0x110000, 97)])


def test_control_class_is_the_per_character_definition():
    from parsers.textio import _CONTROL
    assert set(_CONTROL.findall(_CODE_POINTS)) == {c for c in _CODE_POINTS if _control_by_loop(c)}


def test_common_class_is_the_per_character_definition():
    from parsers.textio import _UNCOMMON, _is_common
    uncommon = set(_UNCOMMON.findall(_CODE_POINTS))
    assert uncommon == {c for c in _CODE_POINTS if not _common_by_loop(c)}
    assert all(_is_common(c) == _common_by_loop(c) for c in _CODE_POINTS)


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("全区规上工业产值增长7.5%。\n", id="clean-prose"),
    pytest.param("表\x01\x02格\x0b\x0c\x7f\x85\ufffd数据\t\r\n", id="controls-mixed"),
    pytest.param("\x00" * 5 + "a" * 245, id="two-percent-boundary"),
    pytest.param("\ufffd" * 300, id="all-replacement"),
], )
def test_control_ratio_and_plausible_agree_with_the_loops(text):
    from parsers.textio import _control_ratio, _plausible
    expected = sum(map(_control_by_loop, text)) / len(text) if text else 0.0
    assert _control_ratio(text) == expected
    sample = text[:20000]
    assert _plausible(text) == (not sample or sum(map(_common_by_loop, sample)) / len(sample) >= 0.85)


def test_text_with_just_over_two_percent_controls_is_binary():
    ok = "数" * 98 + "\x01" * 2                      # exactly 2%: still text
    assert decode_bytes(ok.encode("utf-8"), "ok.txt") == ok
    with pytest.raises(InputError) as exc:
        decode_bytes(("数" * 97 + "\x01" * 3).encode("utf-8"), "bad.txt")
    assert exc.value.code == "binary"
