"""Issue 9, failure class "places": the article's own place from anywhere in China.

Each case is a short article in the genre's own phrasing (written for this test, own places and
numbers), parsed WITHOUT a region, as an upload is before the user confirms one.
"""
from __future__ import annotations

import pytest

from parsers import parse_article

CASES = [
    # (id, text, expected region, expected note)
    ("city-named-only-in-title",
     "徐州市前三季度经济运行稳中有进\n前三季度，全市实现地区生产总值6512.3亿元，同比增长6.1%。"
     "全市规上工业增加值增长7.4%，社会消费品零售总额增长5.2%。", "徐州市", ""),
    ("city-short-form-in-body",
     "今年前8个月经济运行情况\n1-8月，佛山规上工业增加值增长4.8%。全市固定资产投资下降2.1%，"
     "全市社会消费品零售总额增长3.9%。", "佛山市", ""),
    ("district-with-its-city-named",
     "坪山区上半年主要经济指标\n上半年，深圳市坪山区地区生产总值增长8.3%。全区规上工业增加值增长11.2%，"
     "全区固定资产投资增长9.5%。", "坪山区", ""),
    ("county-in-title",
     "泗洪县一季度经济运行分析\n一季度，全县规上工业增加值增长10.6%，固定资产投资增长7.7%，"
     "一般公共预算收入完成6.3亿元。", "泗洪县", ""),
    ("county-level-city-via-statistics-bureau-line",
     "上半年全市经济运行简况\n来源：张家港市统计局\n上半年，全市规上工业总产值增长5.5%，"
     "进出口总额增长3.2%。", "张家港市", ""),
    ("bureau-named-in-the-body",
     "1-10月经济运行简析\n据齐齐哈尔市统计局数据，1-10月全市规上工业增加值增长6.9%，"
     "全市社会消费品零售总额增长4.4%。", "齐齐哈尔市", ""),
    ("shared-district-name-told-by-its-city",
     "鼓楼区经济运行情况\n福州市鼓楼区上半年地区生产总值增长5.9%，全区规上工业增加值增长6.4%，"
     "鼓楼区服务业增加值增长5.1%。", "福州市鼓楼区", ""),
    ("shared-district-name-told-by-its-province",
     "城关区前三季度经济运行\n甘肃省兰州市城关区前三季度地区生产总值增长6.2%，全区固定资产投资增长4.1%，"
     "城关区社零额增长5.5%。", "兰州市城关区", ""),
    ("shared-district-name-told-by-the-newspaper-of-its-city",
     "前三季度向阳区经济运行良好\n鹤岗日报讯（记者 刘某）记者从向阳区统计局获悉，1-9月，全区规上工业增加值增长4.6%，"
     "全区固定资产投资增长8.8%。", "鹤岗市向阳区", ""),
    ("city-beats-province-for-a-shared-name",
     "城关区上半年经济运行\n西藏自治区拉萨市城关区上半年地区生产总值增长7.1%，全区固定资产投资增长5.3%。",
     "拉萨市城关区", ""),
    ("two-character-county-in-title-and-source-line",
     "沛县1-9月经济运行简况\n信息来源：沛县统计局\n1-9月，全县规上工业增加值增长7.2%，一般公共预算收入完成31.6亿元。",
     "沛县", ""),
    ("shared-name-without-context-stays-bare-and-flagged",
     "鼓楼区经济运行情况\n上半年，鼓楼区地区生产总值增长5.9%，全区规上工业增加值增长6.4%。",
     "鼓楼区", "ambiguous"),
    ("only-self-references-leave-it-empty",
     "我市上半年经济运行总体平稳\n上半年，全市地区生产总值增长5.3%。市委市政府坚持稳中求进，"
     "我市规上工业增加值增长6.1%，全市固定资产投资增长4.0%。", "", "self-only"),
    ("newspaper-city-does-not-outweigh-the-district",
     "（盐城日报记者 陈某）上半年，亭湖区规上工业增加值增长8.8%，全区固定资产投资增长6.6%，"
     "亭湖区社会消费品零售总额增长4.2%。", "亭湖区", ""),
    ("zone-named-after-its-city",
     "苏州工业园区一季度经济数据\n一季度，园区实现地区生产总值980亿元，同比增长5.6%；"
     "苏州工业园区进出口总额增长7.1%。", "苏州工业园区", ""),
    ("ordinary-word-that-is-also-a-short-name",
     "我市一季度经济运行平稳\n一季度，全市地区生产总值增长5.0%，发展前景光明，东方风来满眼春。",
     "", "self-only"),
    ("province-report",
     "黑龙江省上半年经济运行情况\n上半年，全省地区生产总值增长4.2%，全省规上工业增加值增长3.6%，"
     "哈尔滨、大庆规上工业增加值分别增长5.1%和2.3%。", "黑龙江省", ""),
]


@pytest.mark.parametrize("text,region,note", [pytest.param(t, r, n, id=i) for i, t, r, n in CASES])
def test_article_region(text, region, note):
    p = parse_article(text, published="2025-07")
    assert (p.region, p.region_note) == (region, note)
    assert all(r["region"] == region for r in p.indicator_records if r["region"] in ("", region)), \
        "rows carry the article's region"


def test_ambiguous_name_lists_its_candidates():
    text = next(t for i, t, _, _ in CASES if i == "shared-name-without-context-stays-bare-and-flagged")
    p = parse_article(text, published="2025-07")
    assert set(p.region_candidates) >= {"福州市鼓楼区", "南京市鼓楼区", "徐州市鼓楼区", "开封市鼓楼区"}


@pytest.mark.parametrize("text", [
    pytest.param("市委市政府高度重视。全市规上工业增加值增长6%，市委市政府部署推进。", id="shi-wei-shi-zheng-fu"),
    pytest.param("园区内企业增长。社区服务中心增长5%。景区接待游客增长8%，园区产值增长6%。", id="park-community-scenic"),
    pytest.param("区委区政府。全区规上工业增加值增长6%。区委区政府召开会议，区直部门增长3%。", id="qu-wei-qu-zheng-fu"),
])
def test_no_region_is_made_of_a_fragment(text):
    p = parse_article(text, published="2025-07")
    assert p.region == ""
    assert {r["region"] for r in p.indicator_records} <= {""}


@pytest.mark.parametrize("given,expected", [
    pytest.param("苏州", "苏州市", id="city-short"),
    pytest.param("双阳", "双阳区", id="district-short"),
    pytest.param("昆山市", "昆山市", id="full-name"),
    pytest.param("某某新区", "某某新区", id="unknown-kept-as-typed"),
    pytest.param("朝阳区", "朝阳区", id="shared-name-kept"),
])
def test_a_given_region_is_named_as_the_gazetteer_names_it(given, expected):
    p = parse_article("上半年，全市规上工业增加值增长6%。", region=given, published="2025-07")
    assert p.region == expected and p.region_note == ""
    assert p.indicator_records[0]["region"] == expected


@pytest.mark.parametrize("text,region,rows", [
    pytest.param("1-5月，全市规上工业增加值增长6.0%。凤翔酒业公司产值增长9.1%，渭滨区规上工业增加值增长5.2%。", "宝鸡市",
                 {"宝鸡市": 9.1, "渭滨区": 5.2}, id="district-short-name-starts-a-company-name"),
    pytest.param("前三季度，全市规上工业增加值增长7.0%。其中，朝阳区增长8.1%，南关区增长6.2%。", "长春市",
                 {"长春市朝阳区": 8.1, "南关区": 6.2, "长春市": 7.0}, id="changchun-chaoyang"),
    pytest.param("前三季度，全市规上工业增加值增长4.0%。其中，朝阳区增长5.1%，海淀区增长6.2%。", "北京市",
                 {"北京市朝阳区": 5.1, "海淀区": 6.2, "北京市": 4.0}, id="beijing-chaoyang"),
])
def test_clause_regions_sharing_a_name_follow_the_article(text, region, rows):
    p = parse_article(text, region=region, published="2025-10")
    assert {r["region"]: r["yoy_pct"] for r in p.indicator_records} == rows


def test_the_place_is_read_from_the_head_of_a_huge_upload():
    from parsers.regions import MAX_REGION_TEXT, guess_region
    head = "徐州市经济运行情况\n全市地区生产总值增长5%。"
    text = head + "。" * MAX_REGION_TEXT + "南京市" * 1000
    assert guess_region(text, 9).name == "徐州市"      # the 南京市 past the window is not read
