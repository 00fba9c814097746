"""Genre cases for values (issue 9, class 3): index levels without a unit, absolute changes before a
growth rate, compound and rate units, shares, fiscal phrasings.  Own wording and numbers, not the seeds'.

Each case: an article text and the rows it must give (indicator, value, unit, yoy_pct), plus numbers
that must not appear as a level (absolute changes) or as a growth rate (shares).
"""
from __future__ import annotations

import math

import pytest

from parsers import numbers, parse_article


def parsed(text):
    return parse_article(text, article="g.txt", region="宁安市", published="2024-08").indicators


def _na(x):
    return x is None or x is __import__("pandas").NA or (isinstance(x, float) and math.isnan(x))


def _same(a, b):
    return (_na(a) and b is None) or (not _na(a) and b is not None and abs(float(a) - b) < 1e-9)


def find_row(df, indicator, value, unit, yoy):
    """The row with this indicator (a callable tests the name), value, unit and growth."""
    for r in df.itertuples():
        name_ok = indicator(r.indicator) if callable(indicator) else r.indicator == indicator
        if name_ok and _same(r.value, value) and (value is None or r.unit == unit) and _same(r.yoy_pct, yoy):
            return r
    return None


def show(df):
    return df[["indicator", "value", "unit", "yoy_pct", "value_text"]].to_string()


def check(text, expected, not_levels=(), not_growth=()):
    df = parsed(text)
    for ind, value, unit, yoy in expected:
        r = find_row(df, ind, value, unit, yoy)
        assert r is not None, f"missing {(ind, value, unit, yoy)}:\n{show(df)}"
        if value is not None:
            assert r.value_text and r.value_text in text[r.start:r.end], (r.value_text, text[r.start:r.end])
    for v in not_levels:
        assert not any(_same(x, v) for x in df.value), f"{v} is a change, not a level:\n{show(df)}"
    for v in not_growth:
        assert not any(_same(x, v) for x in df.yoy_pct), f"{v} is a share, not a growth:\n{show(df)}"


def ends(word):
    return lambda name: name.endswith(word)


def has(word):
    return lambda name: word in name


CASES = [
    # ---- an index has no unit; its growth stands on the same row
    ("index-cpi-with-growth", "前三季度，全市居民消费价格指数为102.1，同比上涨2.1%。",
     [("居民消费价格指数", 102.1, "", 2.1)], (), ()),
    ("index-ppi-alone", "全年工业生产者出厂价格指数为97.4。", [("工业生产者出厂价格指数", 97.4, "", None)], (), ()),
    ("index-base-in-brackets", "1-9月，商品零售价格总指数(上年=100)为100.6。", [("商品零售价格指数", 100.6, "", None)], (), ()),
    ("index-open-vocabulary", "9月份，制造业采购经理指数为50.8。", [(ends("采购经理指数"), 50.8, "", None)], (), ()),
    ("index-cpi-total-index", "居民消费价格总指数为99.7，比上年下降0.3%。", [("居民消费价格指数", 99.7, "", -0.3)], (), ()),
    # ---- an absolute change is not a level; the growth after it belongs to the level before it
    ("change-then-growth", "全县固定资产投资完成84.2亿元，比上年同期增加6.3亿元，同比增长8.1%。",
     [("固定资产投资", 84.2, "亿元", 8.1)], (6.3,), ()),
    ("change-since-year-start", "年末金融机构贷款余额1203.6亿元，比年初增加88.4亿元，增长7.9%。",
     [("金融机构贷款余额", 1203.6, "亿元", 7.9)], (88.4,), ()),
    ("change-bare-verb", "全市规上工业企业达到412户，同比增加23户。", [(has("企业"), 412.0, "户", None)], (23.0,), ()),
    ("change-more-than-last-year", "城镇新增就业2.3万人，比上年多增0.3万人。", [("城镇新增就业", 2.3, "万人", None)], (0.3,), ()),
    ("change-decrease-then-decline", "外贸进出口总额78.6亿元，较上年减少4.1亿元，下降5.0%。",
     [("进出口总额", 78.6, "亿元", -5.0)], (4.1,), ()),
    # ---- compound and rate units
    ("unit-tons-standard-coal", "全年规上工业综合能源消费量412.7万吨标准煤，下降1.8%。",
     [(has("能源消费"), 412.7, "万吨标准煤", -1.8)], (), ()),
    ("unit-energy-intensity-rate", "万元地区生产总值能耗为0.46吨标准煤/万元。", [(has("能耗"), 0.46, "吨标准煤/万元", None)], (), ()),
    ("unit-per-person", "全员劳动生产率达到16.8万元/人。", [(has("劳动生产率"), 16.8, "万元/人", None)], (), ()),
    ("unit-passenger-km", "全年旅客周转量12.6亿人公里，增长15.3%。", [(has("旅客周转量"), 12.6, "亿人公里", 15.3)], (), ()),
    ("unit-ton-km", "货物周转量3580万吨公里。", [(has("货物周转量"), 3580.0, "万吨公里", None)], (), ()),
    ("unit-kwh", "全社会用电量74.2亿千瓦时，增长5.6%。", [("全社会用电量", 74.2, "亿千瓦时", 5.6)], (), ()),
    ("unit-kilolitre", "成品油销售量9.3万千升。", [(has("成品油"), 9.3, "万千升", None)], (), ()),
    ("unit-points", "地区综合指数报收2980点。", [(lambda n: True, 2980.0, "点", None)], (), ()),
    ("unit-thousand-hectares", "农作物播种面积452.3千公顷，增长0.6%。", [(has("播种面积"), 452.3, "千公顷", 0.6)], (), ()),
    ("unit-teu", "港口集装箱吞吐量86.4万标箱。", [(has("吞吐量"), 86.4, "万标箱", None)], (), ()),
    ("unit-cubic-metres", "天然气销售量5.8亿立方米。", [(has("天然气"), 5.8, "亿立方米", None)], (), ()),
    ("unit-head-of-livestock", "生猪出栏126.3万头，下降3.4%。", [(has("生猪"), 126.3, "万头", -3.4)], (), ()),
    ("unit-price-per-square-metre", "商品住宅销售均价7820元/平方米。", [(has("均价"), 7820.0, "元/平方米", None)], (), ()),
    # ---- shares: a share row, never a growth
    ("share-of-the-city", "开发区规上工业产值占全市的58%。", [(lambda n: True, 58.0, "%", None)], (), (58.0,)),
    ("share-weight-reaches", "装备制造业增加值占规上工业比重达27.4%。", [(has("比重"), 27.4, "%", None)], (), (27.4,)),
    ("share-zhanbi", "第三产业增加值占比达到52%。", [(has("占比"), 52.0, "%", None)], (), (52.0,)),
    ("share-after-growth", "税收收入11.6亿元，增长4.4%，占一般公共预算收入的比重为76.3%。",
     [("税收收入", 11.6, "亿元", 4.4), (lambda n: True, 76.3, "%", None)], (), (76.3,)),
    # ---- fiscal phrasings
    ("fiscal-complete-local-revenue", "上半年，完成地方财政收入25.7亿元，同比增长4.2%。",
     [("一般公共预算收入", 25.7, "亿元", 4.2)], (), ()),
    ("fiscal-revenue-completed", "一般公共预算收入完成18.2亿元，增长3.3%。", [("一般公共预算收入", 18.2, "亿元", 3.3)], (), ()),
    ("fiscal-local-level-realised", "地方级收入实现12.1亿元，下降2.1%。", [("一般公共预算收入", 12.1, "亿元", -2.1)], (), ()),
    ("fiscal-full-caliber", "全口径财政收入完成60.5亿元。", [("全口径财政收入", 60.5, "亿元", None)], (), ()),
    # ---- growth phrasings
    ("growth-compared-with-last-year", "全年居民消费价格比上年上涨0.8%。", [("居民消费价格指数", None, "", 0.8)], (), ()),
    ("growth-flat", "全年粮食总产量98.2万吨，与上年持平。", [("粮食产量", 98.2, "万吨", 0.0)], (), ()),
    ("growth-flat-bare-category", "居民消费价格上涨0.6%，其中交通通信类价格下降1.2%，衣着类价格持平。",
     [("居民消费价格指数", None, "", 0.6), ("交通通信类价格", None, "", -1.2), ("衣着类价格", None, "", 0.0)], (), ()),
    ("comparison-with-a-named-earlier-year-is-not-yoy", "全县规上工业营业收入完成88.1亿元，同比增长6.2%，比2021年同期增长19.5%。",
     [("规上工业营业收入", 88.1, "亿元", 6.2)], (), ()),
    ("leading-comparison-clause-with-an-earlier-year", "与2020年同期相比，全区固定资产投资增长22.4%，两年平均增长10.6%。"
     "全区社会消费品零售总额增长4.1%。", [("社零总额", None, "", 4.1)], (), ()),
    ("year-end-stock-against-last-year-end", "年末全县金融机构本外币贷款余额386.5亿元，比年初增加21.7亿元，比上年末增长5.9%。",
     [("金融机构贷款余额", 386.5, "亿元", 5.9)], (), ()),
    ("average-annual-growth-is-not-yoy", "五年来，全市地区生产总值年均增长6.4%。今年一季度，全市地区生产总值增长5.5%。",
     [("地区生产总值", None, "", 5.5)], (), ()),
    ("level-with-another-place-is-not-flat", "一般公共预算收入增长4.4%，增速与全市持平。",
     [("一般公共预算收入", None, "", 4.4)], (), ()),
]

XFAIL: dict[str, str] = {}
XCASES = [
    ("share-weight-rises-to", "数字经济核心产业增加值占地区生产总值比重提升至9.8%。",
     [(lambda n: n.endswith("比重"), 9.8, "%", None)], (), (9.8,)),
    ("share-then-growth", "网络零售额占社零总额的比重为21.5%，同比增长3.1%。",
     [(has("比重"), 21.5, "%", None)], (), ()),
]


@pytest.mark.parametrize("text, expected, not_levels, not_growth", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_values_genre(text, expected, not_levels, not_growth):
    check(text, expected, not_levels, not_growth)


@pytest.mark.parametrize("text, expected, not_levels, not_growth", [
    pytest.param(*c[1:], id=c[0], marks=pytest.mark.xfail(strict=True, reason=XFAIL[c[0]])) if c[0] in XFAIL
    else pytest.param(*c[1:], id=c[0]) for c in XCASES])
def test_values_genre_phrases(text, expected, not_levels, not_growth):
    check(text, expected, not_levels, not_growth)


# ------------------------------------------------------------------ the vocabulary is data
@pytest.fixture
def rules(monkeypatch):
    """A private copy of number_rules.yaml; caches built from it are cleared before and after."""
    import copy

    data = copy.deepcopy(numbers.number_rules())
    cached = [numbers.number_rules, numbers.quantity_re, numbers.index_re, numbers._rules_re, numbers._rule_sets,
              numbers._growth_re, numbers.yoy_prefix_pattern, numbers.flat_re, numbers.number_pattern]

    def clear():
        for f in cached:
            f.cache_clear()
    clear()
    monkeypatch.setattr(numbers, "number_rules", lambda: data)
    yield data, clear
    monkeypatch.undo()
    clear()


def _kinds(text):
    return [(q.number, q.kind) for q in numbers.find_quantities(text)]


def test_a_change_verb_added_to_the_data_file_makes_a_change(rules):
    text = "市场主体净增1860户"
    assert _kinds(text) == [(1860.0, "value")]
    data, rebuild = rules
    data["bare_change_verbs"].append("净增")
    rebuild()
    assert _kinds(text) == [(1860.0, "skip")]


def test_an_index_word_added_to_the_data_file_reads_a_unitless_level(rules):
    text = "企业景气度为118.6"
    assert _kinds(text) == []
    data, rebuild = rules
    data["index_words"].append("景气度")
    rebuild()
    assert _kinds(text) == [(118.6, "value")]


def test_a_yoy_word_added_to_the_data_file_makes_a_growth(rules):
    text = "产值较上年度增长6.5%"
    assert [q.verb_start for q in numbers.find_quantities(text)] == [text.index("增长")]
    data, rebuild = rules
    data["yoy_bases"].append("上年度")
    rebuild()
    assert [q.verb_start for q in numbers.find_quantities(text)] == [text.index("较")]


QUANTITIES = [
    ("rate-unit-base", "0.46吨标准煤/万元", 0.46, "吨标准煤/万元", "rate"),
    ("rate-unit-scaled-numerator", "16.8万元/人", 16.8, "万元/人", "rate"),
    ("compound-before-part", "8.6亿人公里", 8.6, "亿人公里", "transport"),
    ("index-no-unit", "价格指数为101.3", 101.3, "", "index"),
    ("points", "报收2980点", 2980.0, "点", "index"),
]


@pytest.mark.parametrize("text, number, unit_text, kind", [c[1:] for c in QUANTITIES], ids=[c[0] for c in QUANTITIES])
def test_quantity_units(text, number, unit_text, kind):
    q = numbers.find_quantities(text)[0]
    assert (q.number, q.unit_text, q.unit.kind) == (number, unit_text, kind)
    assert text[q.start:q.end] == q.text


def test_a_chinese_numeral_starts_where_its_run_starts():
    # 两三个 is one figure (two or three); a number never begins inside a run of numeral characters
    rows = parse_article("全县新增规上企业两三个，年产值四十五亿元。", region="沛县", published="2025-07").indicator_records
    assert [(r["value"], r["unit"]) for r in rows if r["unit"] == "亿元"] == [(45.0, "亿元")]
    assert not parse_article("一二三四五六七八九十百千一二三四五六七八九十百千千瓦时", published="2025-07").indicator_records
