"""The script step: detection, OpenCC's conversion, and an offset map that keeps every span true.

Traditional articles are parsed as their Simplified conversion; names in the frames come out
Simplified, surfaces and sentences in the article's own script, spans into the text as given.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.evidence import find_evidence
from parsers import parse_article, script
from parsers.normalize import half_width, normalize
from tests.conftest import SEEDS_DIR


def test_detector_characters_are_generated_from_the_pinned_converter():
    assert script.generate_chars() == script.CHARS_FILE.read_text(encoding="utf-8"), \
        "parsers/data/traditional_chars.txt is stale: run `python -m parsers traditional`"


DETECT_CASES = [
    pytest.param("1~7月,全區經濟平穩增長,規模以上工業總產值完成218498萬元,同比增長2.3%。", "traditional",
                 id="county-report-traditional"),
    pytest.param("1~7月,全区经济平稳增长,规模以上工业总产值完成218498万元,同比增长2.3%。", "simplified",
                 id="county-report-simplified"),
    pytest.param("上半年，全区实现地区生产总值86.4亿元，同比增长5.1%。香港長江實業集团投资的项目开工，"
                 "带动社会消费品零售总额增长4.2%，一般公共预算收入完成7.3亿元，城乡居民人均可支配收入稳步提高。",
                 "simplified", id="simplified-quoting-a-traditional-name"),
    pytest.param("乾隆年间的著名著作。", "simplified", id="simplified-characters-t2s-would-keep"),
    pytest.param("前三季度，本港經濟按年實質增長2.8%，進出口貨值上升12.1%。", "traditional", id="hong-kong"),
    pytest.param("Q3 GDP grew 5.2% year on year.", "simplified", id="no-han-characters"),
    pytest.param("", "simplified", id="empty"),
]


@pytest.mark.parametrize("text,expected", DETECT_CASES)
def test_detect_script(text, expected):
    assert script.detect_script(text).name == expected


CONVERT_CASES = [
    pytest.param("規模以上工業增加值", "规模以上工业增加值", id="indicator"),
    pytest.param("社會消費品零售總額", "社会消费品零售总额", id="retail"),
    pytest.param("萬元 億元 個百分點 萬噸 千瓦時 萬人次", "万元 亿元 个百分点 万吨 千瓦时 万人次", id="units"),
    pytest.param("金融機構本外幣存款餘額", "金融机构本外币存款余额", id="balance"),
    pytest.param("居民消費價格指數 食品煙酒 衣著 醫療保健 教育文化娛樂", "居民消费价格指数 食品烟酒 衣着 医疗保健 教育文化娱乐",
                 id="cpi-categories"),
    pytest.param("城裡 城裏 綫上 線上 衞生 衛生 羣眾 群眾", "城里 城里 线上 线上 卫生 卫生 群众 群众", id="variant-characters"),
    pytest.param("臺山市 台山市", "台山市 台山市", id="tai-variant"),
    pytest.param("一目瞭然", "一目了然", id="phrase-before-character"),
]


@pytest.mark.parametrize("traditional,simplified", CONVERT_CASES)
def test_traditional_becomes_simplified(traditional, simplified):
    conv = script.to_simplified(traditional, script.Script(script.TRADITIONAL, 1.0))
    assert conv.text == simplified
    assert conv.original is traditional


def test_simplified_text_is_returned_as_is_without_loading_the_converter(monkeypatch):
    def fail():
        raise AssertionError("the converter was loaded for a Simplified text")
    monkeypatch.setattr(script, "converter", fail)
    text = (SEEDS_DIR / "000_b603f38b2462cfdc.txt").read_text(encoding="utf-8")
    conv = script.to_simplified(text)
    assert conv.text is text and conv.same_offsets and not conv.script.traditional


# ---------------------------------------------------------------- offset map when a phrase changes length
class FakeConverter:
    """OpenCC's interface and way (longest phrase first, else the character) with phrases that change
    their length (OpenCC's own phrases keep it today; other configurations and future dictionaries need not)."""

    PHRASES = {"規模以上": "规上", "全區": "全区区", "固定資產投資": "固投", "總產值": "总值"}
    CHARS = dict(zip("區經濟穩長規業總產萬資縣運況達", "区经济稳长规业总产万资县运况达"))

    def convert(self, text: str) -> str:
        out, i = [], 0
        longest = max(map(len, self.PHRASES))
        while i < len(text):
            for k in range(longest, 1, -1):
                if text[i:i + k] in self.PHRASES:
                    out.append(self.PHRASES[text[i:i + k]])
                    i += k
                    break
            else:
                out.append(self.CHARS.get(text[i], text[i]))
                i += 1
        return "".join(out)


@pytest.fixture
def length_changing(monkeypatch):
    monkeypatch.setattr(script, "converter", lambda: FakeConverter())


def test_a_shorter_phrase_maps_back_to_the_whole_original_phrase(length_changing):
    text = "1~7月,全區經濟平穩增長。規模以上工業總產值完成218498萬元。"
    conv = script.to_simplified(text, script.Script(script.TRADITIONAL, 1.0))
    assert conv.text == "1~7月,全区区经济平稳增长。规上工业总值完成218498万元。"
    assert not conv.same_offsets
    i = conv.text.index("规上")
    s, e = conv.span_to_orig(i, i + 2)
    assert text[s:e] == "規模以上"
    i = conv.text.index("全区区")
    assert text.__getitem__(slice(*conv.span_to_orig(i, i + 3))) == "全區"
    i = conv.text.index("总值")
    assert text.__getitem__(slice(*conv.span_to_orig(i, i + 2))) == "總產值"
    i = conv.text.index("工业")
    assert text.__getitem__(slice(*conv.span_to_orig(i, i + 2))) == "工業"
    i = conv.text.index("218498万元")
    assert text.__getitem__(slice(*conv.span_to_orig(i, i + 8))) == "218498萬元"


def test_rows_of_a_length_changing_conversion_point_at_the_original(length_changing):
    text = ("2025年1~7月甲縣經濟運行情況\n1~7月,全區經濟平穩增長。規模以上工業總產值完成218498萬元,同比增長2.3%;"
            "固定資產投資增長6.1%。")
    parsed = parse_article(text, article="a.txt", region="甲县", published="2025-08")
    assert parsed.script == "traditional"
    rows = parsed.indicator_records
    assert rows, "no rows"
    for r in rows:
        assert find_evidence(r, text).problem == "", r
        if r["value_text"]:
            assert half_width(text[r["start"]:r["end"]]).startswith(r["value_text"]), r
        assert r["sentence"] in half_width(text).replace("\n", " ") or r["sentence"] in half_width(text), r
    by = {(r["indicator"], r["value"], r["yoy_pct"]) for r in rows}
    assert any(v == 218498 and y == 2.3 for _, v, y in by), by
    assert any(y == 6.1 for _, _, y in by), by


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["規模以上", "總產值", "萬元", "全區", "經濟", "工業", "2.3%", ",", "。", "\n", "ab",
                                 "固定資產投資", "增長", " ", "１２"]), max_size=40))
def test_the_offset_map_is_monotone_and_keeps_unchanged_characters(parts):
    text = "".join(parts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(script, "converter", lambda: FakeConverter())
        conv = script.to_simplified(text, script.Script(script.TRADITIONAL, 1.0))
    assert conv.text == FakeConverter().convert(text)
    prev = 0
    for i, c in enumerate(conv.text):
        o = conv.to_orig(i)
        assert prev <= o < len(text)
        prev = o
        if not "\u4e00" <= c <= "\u9fff":
            assert text[o] == c            # digits, punctuation, Latin: never converted, mapped exactly
    norm = normalize(conv.text).onto(conv)
    for i in range(len(norm.text)):
        s, e = norm.span_to_orig(i, i + 1)
        assert 0 <= s < e <= len(text)


# ---------------------------------------------------------------- real conversion through the pipeline
def test_a_traditional_seed_gives_the_simplified_rows_with_spans_into_its_own_text():
    import opencc

    simp = (SEEDS_DIR / "003_ef167e022457e2c2.txt").read_text(encoding="utf-8")
    trad = opencc.OpenCC("s2t").convert(simp)
    a = parse_article(simp, article="x.txt", published="2024-08")
    b = parse_article(trad, article="x.txt", published="2024-08")
    assert (a.script, b.script) == ("simplified", "traditional")
    assert b.region == a.region == "绿园区"
    assert b.title != a.title and script.converter().convert(b.title) == a.title   # as the user wrote it
    keys = ("region", "subject", "indicator", "period", "value", "unit", "yoy_pct", "start", "end")
    assert [tuple(r[k] for k in keys) for r in b.indicator_records] == \
        [tuple(r[k] for k in keys) for r in a.indicator_records]
    t2s = script.converter()
    for ra, rb in zip(a.indicator_records, b.indicator_records):
        assert find_evidence(rb, trad).problem == "", rb
        for k in ("sentence", "value_text", "yoy_text"):      # the article's own script, same text
            assert t2s.convert(rb[k]) == ra[k], k
    assert any(ra["sentence"] != rb["sentence"] for ra, rb in zip(a.indicator_records, b.indicator_records))
    for p in b.project_records:
        assert find_evidence(p, trad).problem == "", p


def test_a_region_typed_in_traditional_script_is_named_in_simplified():
    text = "1~7月,梅縣區規模以上工業總產值完成218498萬元,同比增長2.3%。"
    parsed = parse_article(text, article="a.txt", region="梅縣區", published="2025-08")
    assert parsed.region.endswith("梅县区")
    assert {r["region"] for r in parsed.indicator_records} == {parsed.region}
