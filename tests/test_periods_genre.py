"""Periods in the genre (issue 9, failure class 2): the article's own period from its title or lead,
open periods (今年以来) ending at it or at the publication month, comparisons that never set the period,
year-end stocks against flows of the year, relative dates -- and no dead rule in periods.yaml.

The articles here are written for these tests (own wording and numbers).  A row is found by a number it
carries (its value or its growth), so the cases do not depend on how indicators are named.
"""
from __future__ import annotations

import pandas as pd
import pytest

from parsers import parse_article
from parsers.lexicon import get_lexicon
from parsers.periods import find_periods, gate, resolve, sets_period, start_period

REF = ("2024", "2024-08")      # the examples in periods.yaml resolve for an article published 2024-08


def _num(x):
    return None if pd.isna(x) else x


def period_of(df, number):
    """(year, month_from, month_to) of the row carrying ``number`` as its value or its growth."""
    hits = [r for r in df.itertuples() if number in (_num(r.value), _num(r.yoy_pct))]
    assert len(hits) == 1, f"{number}: {len(hits)} rows\n" + df[["indicator", "value", "yoy_pct", "period"]].to_string()
    r = hits[0]
    return (_num(r.year), _num(r.month_from), _num(r.month_to))


def rows(text, published, region="平山区"):
    return parse_article(text, article="g.txt", region=region, published=published).indicators


# ------------------------------------------------------------------ every rule in periods.yaml is alive
def _rule_examples():
    for rule in get_lexicon().period_rules:
        for text, year, m1, m2 in rule.get("examples", []):
            yield pytest.param(rule["name"], text, (year, m1, m2), id=f"{rule['name']}:{text}")


def test_every_rule_has_an_example():
    missing = [r["name"] for r in get_lexicon().period_rules if not r.get("examples")]
    assert not missing, f"rules without examples (possibly dead): {missing}"


@pytest.mark.parametrize("rule, text, expected", list(_rule_examples()))
def test_rule_example_resolves(rule, text, expected):
    """Each example is read by its own rule over its whole text and resolves to the period given next to it."""
    pms = find_periods(text)
    assert pms, f"nothing found in {text!r}: the gate or the regex misses it"
    pm = pms[0]
    assert (pm.rule, pm.start, pm.end) == (rule, 0, len(text)), pm
    p = resolve(pm, 2024, start_period(2024, "2024-08"))
    assert (p.year, p.month_from, p.month_to) == expected


def test_every_relative_year_word_is_used_by_an_example():
    texts = [t for r in get_lexicon().period_rules for t, *_ in r.get("examples", [])]
    unused = [w for w in get_lexicon().relative_years if not any(w in t for t in texts)]
    assert not unused, f"relative years no example uses: {unused}"


def test_gate_is_generated_from_the_rules():
    """The gate lets through the first character of every example (a new rule cannot be gated out)."""
    g = gate()
    for rule in get_lexicon().period_rules:
        for text, *_ in rule["examples"]:
            assert g.match(text), (rule["name"], text)
    assert not g.match("增"), "the gate should not be a catch-all"
    assert not g.search("34567 345.6亿元"), "digits that cannot start a period are passed over"


COMPARISONS = get_lexicon().period_data["comparison_examples"]


@pytest.mark.parametrize("clause, expr", COMPARISONS, ids=[c for c, _ in COMPARISONS])
def test_comparison_never_sets_the_period(clause, expr):
    pms = [pm for pm in find_periods(clause) if clause[pm.start:pm.end] == expr]
    assert pms, f"{expr!r} is not read as a period in {clause!r}"
    assert not sets_period(clause, pms[0], 0)


# ------------------------------------------------------------------ genre articles
# (id, text, published, [(number, (year, month_from, month_to)), ...])
GENRE = [
    ("lagging-section-ends-with-its-paragraph",
     "1-8月全区经济运行简况\n\n工业。全区规模以上工业增加值增长5.1%。\n\n服务业。1-7月，全区规模以上服务业营业收入"
     "32.6亿元，增长8.4%。\n\n财政。全区一般公共预算收入12.3亿元，增长2.2%。", "2024-09",
     [(5.1, (2024, 1, 8)), (8.4, (2024, 1, 7)), (12.3, (2024, 1, 8))]),
    ("lagging-section-in-a-quarter-report",
     "一季度全县经济运行情况\n\n服务业。1-2月，规模以上服务业营业收入增长9.9%，其中信息服务业增长12.1%。\n"
     "外贸。全县进出口总额18.2亿元，增长4.4%。", "2024-04",
     [(9.9, (2024, 1, 2)), (12.1, (2024, 1, 2)), (18.2, (2024, 1, 3))]),
    ("period-carries-on-when-the-title-names-only-a-year",
     "平山区统计月报（2024年第7期）\n\n1-7月，全区规上工业增加值增长6.1%。\n\n全区固定资产投资增长3.3%。", "2024-08",
     [(6.1, (2024, 1, 7)), (3.3, (2024, 1, 7))]),
    ("title-first-half",
     "上半年全县经济运行情况\n\n全县规模以上工业增加值同比增长6.8%，固定资产投资增长4.2%。", "2024-07",
     [(6.8, (2024, 1, 6)), (4.2, (2024, 1, 6))]),
    ("title-q1",
     "一季度全区经济运行稳中向好\n\n全区地区生产总值完成86.5亿元，同比增长5.9%。", "2024-04",
     [(86.5, (2024, 1, 3))]),
    ("title-months-fen",
     "1-8月份全市经济运行简况\n\n规模以上工业增加值增长7.1%。社会消费品零售总额212.4亿元，增长5.5%。", "2024-09",
     [(7.1, (2024, 1, 8)), (212.4, (2024, 1, 8))]),
    ("title-dateline-skipped",
     "上半年全市经济运行情况\n2024年07月19日 09:30 来源：平山日报\n全市规模以上工业增加值增长7.4%。", "2024-07",
     [(7.4, (2024, 1, 6))]),
    ("communique-year-from-title",
     "平山市2023年国民经济和社会发展统计公报\n\n全年全市地区生产总值1520.3亿元，比上年增长5.6%。", "2024-03",
     [(1520.3, (2023, 1, 12))]),
    ("ytd-ends-at-publication",
     "今年以来，全市实际利用外资3.2亿美元，增长12.5%。", "2024-06",
     [(12.5, (2024, 1, 6))]),
    ("ytd-ends-at-title-month",
     "前三季度全市经济运行情况\n\n今年以来，全市新签约项目132个，固定资产投资增长3.3%。", "2024-10",
     [(3.3, (2024, 1, 9))]),
    ("since-year-start-named-year",
     "2024年以来，全县社会消费品零售总额增长6.6%。", "2024-05",
     [(6.6, (2024, 1, 5))]),
    ("since-summer",
     "入夏以来，全市接待游客1250万人次，同比增长21.4%。", "2024-08",
     [(21.4, (2024, 6, 8))]),
    ("since-month",
     "5月以来，全区规模以上工业增加值增长8.8%。", "2024-09",
     [(8.8, (2024, 5, 9))]),
    ("compared-with-last-years-months",
     "1-9月，全市规模以上工业增加值增长5.8%，比2023年1-9月提高1.2个百分点。社会消费品零售总额增长4.4%。", "2024-10",
     [(5.8, (2024, 1, 9)), (4.4, (2024, 1, 9))]),
    ("same-period-last-year",
     "上半年，全县一般公共预算收入完成12.6亿元，与上年同期相比增长4.1%。", "2024-07",
     [(12.6, (2024, 1, 6))]),
    ("compared-with-a-list-of-periods",
     "前三季度，全区固定资产投资增长6.3%，增速比一季度、上半年分别加快2.1和0.9个百分点。"
     "社会消费品零售总额增长4.5%。", "2024-10",
     [(6.3, (2024, 1, 9)), (4.5, (2024, 1, 9))]),
    ("compared-with-last-month",
     "8月份，全市规模以上工业增加值增长4.7%，增速比上月回落0.6个百分点。社会消费品零售总额增长3.9%。", "2024-09",
     [(4.7, (2024, 8, 8)), (3.9, (2024, 8, 8))]),
    ("two-year-average-is-no-period",
     "上半年，全市规模以上工业增加值同比增长6.1%，两年平均增长5.3%。固定资产投资增长2.2%。", "2024-07",
     [(6.1, (2024, 1, 6)), (2.2, (2024, 1, 6))]),
    ("deadline-is-no-period",
     "1-10月，全区固定资产投资完成45.2亿元，一批新能源项目年底前建成投产。社会消费品零售总额增长3.1%。", "2024-11",
     [(45.2, (2024, 1, 10)), (3.1, (2024, 1, 10))]),
    ("year-end-stock-and-flows",
     "平山市2023年国民经济和社会发展统计公报\n\n全年全市地区生产总值1520.3亿元，比上年增长5.6%。"
     "年末全市常住人口532.1万人，比上年末减少1.3万人。全年全社会用电量96.4亿千瓦时，增长7.7%。", "2024-04",
     [(1520.3, (2023, 1, 12)), (532.1, (2023, 12, 12)), (96.4, (2023, 1, 12))]),
    ("month-end-stock-does-not-carry-to-later-flows",
     "河阳县1-9月经济运行简况\n1-9月，全县规上工业增加值增长6.4%。9月末，全县金融机构存款余额188.6亿元，"
     "同比增长9.1%。全县生猪出栏32.7万头，增长2.2%。", "2024-10",
     [(6.4, (2024, 1, 9)), (188.6, (2024, 9, 9)), (32.7, (2024, 1, 9))]),
    ("stock-sentences-in-a-row-keep-the-point-in-time",
     "平山市2023年国民经济和社会发展统计公报\n\n年末全市常住人口532.1万人。其中城镇人口301.4万人。"
     "全年粮食总产量86.2万吨，增长1.9%。", "2024-04",
     [(532.1, (2023, 12, 12)), (301.4, (2023, 12, 12)), (86.2, (2023, 1, 12))]),
    ("year-end-stock-mid-clause",
     "平山市2023年国民经济和社会发展统计公报\n\n全市年末金融机构本外币各项存款余额3150.6亿元，增长8.3%。", "2024-04",
     [(3150.6, (2023, 12, 12))]),
    ("month-end-stock",
     "6月末，全市金融机构本外币贷款余额2890.4亿元，同比增长7.6%。", "2024-07",
     [(2890.4, (2024, 6, 6))]),
    ("up-to-month-end-running-total",
     "截至7月底，全区累计完成固定资产投资82.3亿元。", "2024-08",
     [(82.3, (2024, 1, 7))]),
    ("up-to-month-end-stock-is-through-the-month",
     "截至8月底，全县实有市场主体5.6万户。", "2024-09",
     [(5.6, (2024, 1, 8))]),
    ("up-to-year-end-stock",
     "平山市2023年国民经济和社会发展统计公报\n\n截至2023年底，全市移动电话用户达到412.5万户。", "2024-04",
     [(412.5, (2023, 12, 12))]),
    ("calendar-date-is-an-event",
     "1-7月全区经济运行情况\n\n8月12日，区统计局发布数据显示，全区规模以上工业增加值增长6.4%。", "2024-08",
     [(6.4, (2024, 1, 7))]),
    ("last-month",
     "上月，全市新能源汽车产量1.2万辆，环比增长8.3%。", "2024-09",
     [(1.2, (2024, 8, 8))]),
    ("last-year-whole",
     "去年，全县粮食产量达到18.6亿斤。", "2024-03",
     [(18.6, (2023, 1, 12))]),
    ("this-year-keeps-year-to-date",
     "1-7月，全市规模以上工业增加值增长6.2%。今年，全市固定资产投资增长3.4%。", "2024-08",
     [(6.2, (2024, 1, 7)), (3.4, (2024, 1, 7))]),
    ("current-year-named-takes-title-period",
     "上半年全区经济运行分析\n\n2024年，全区规模以上工业增加值增长7.3%。", "2024-07",
     [(7.3, (2024, 1, 6))]),
    ("quarter-range",
     "一至三季度，全区规模以上工业产值完成560.8亿元。", "2024-10",
     [(560.8, (2024, 1, 9))]),
    ("first-n-months",
     "今年前两个月，全市外贸进出口总额86.2亿元，增长12.7%。", "2024-03",
     [(86.2, (2024, 1, 2))]),
    ("tilde-months-fen",
     "1~5月份，全县社会消费品零售总额45.8亿元。", "2024-06",
     [(45.8, (2024, 1, 5))]),
    ("second-half-last-year",
     "去年下半年，全区规模以上工业增加值增长9.2%。", "2024-02",
     [(9.2, (2023, 7, 12))]),
    ("q4-explicit",
     "2023年四季度，全市地区生产总值增长5.1%。", "2024-02",
     [(5.1, (2023, 10, 12))]),
]


@pytest.mark.parametrize("text, published, expected", [c[1:] for c in GENRE], ids=[c[0] for c in GENRE])
def test_genre_article_periods(text, published, expected):
    df = rows(text, published)
    for number, period in expected:
        assert period_of(df, number) == period, number


def test_this_year_after_an_event_month_is_not_that_month():
    """今年5月 names an event's month: a later 今年 is the year so far, not May."""
    df = rows("今年5月，第十届平山博览会成功举办。今年，全市接待游客2100万人次。", "2024-08")
    y, m1, m2 = period_of(df, 2100)
    assert y == 2024 and (m1, m2) != (5, 5)


def test_open_period_needs_no_clock():
    """Without a publication month an open period has no end: the year stays, no months are invented."""
    p = resolve(find_periods("今年以来")[0], 2019, start_period(2019))
    assert (p.year, p.month_from, p.month_to) == (2019, None, None)


def test_year_end_label():
    df = rows("平山市2023年国民经济和社会发展统计公报\n\n年末全市常住人口532.1万人。", "2024-04")
    assert set(df.period) == {"2023年末"}


def test_sub_period_after_qizhong_is_clause_local():
    df = rows("1-8月，全市规模以上工业增加值增长6.2%，其中8月份增长7.1%。固定资产投资增长3.5%。", "2024-09")
    assert period_of(df, 3.5) == (2024, 1, 8)
    assert period_of(df, 7.1) == (2024, 8, 8)
