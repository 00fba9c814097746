"""Table-driven cases for each step of the parser, with readable ids."""
from __future__ import annotations

import math

import pytest

from parsers import parse_article
from parsers.normalize import normalize
from parsers.numbers import cn_to_number, find_quantities
from parsers.periods import find_periods, infer_year, resolve, start_period


def rows(text, **kw):
    kw.setdefault("region", "双阳区")
    kw.setdefault("published", "2024-07")
    return parse_article(text, article="t.txt", **kw).indicators


def one(text, **kw):
    df = rows(text, **kw)
    assert len(df) == 1, df[["indicator", "value", "unit", "yoy_pct"]].to_string()
    return df.iloc[0]


def na(x):
    return x is None or x is __import__("pandas").NA or (isinstance(x, float) and math.isnan(x))


# ------------------------------------------------------------------ numbers, units, qualifiers
QUANTITIES = [
    ("decimal-yiyuan", "完成2.95亿元", 2.95, "亿元", ""),
    ("wan-vehicles", "产销整车122.9万辆", 122.9, "万辆", ""),
    ("people-times-paren", "参会总人数超过7万人(次)", 7, "万人次", "超"),
    ("households", "新增市场主体9825户", 9825, "户", ""),
    ("hectare", "征供土地431公顷", 431, "公顷", ""),
    ("wan-mu", "新建高标准农田11万亩", 11, "万亩", ""),
    ("yi-jin", "粮食产量突破18亿斤", 18, "亿斤", "超"),
    ("yu-after-number", "数控加工中心300余台", 300, "台", "余"),
    ("yu-between-scale", "销售额提升5000余万元", 5000, "万元", "余"),
    ("duo", "20多个重点企业", 20, "个", "多"),
    ("jin-before", "撬动社会消费近2000万元", 2000, "万元", "近"),
    ("yue-before", "总占地面积约2平方公里", 2, "平方公里", "约"),
    ("yishang-lower-bound", "力争新增产值260亿元以上;", 260, "亿元", "以上"),
    ("fullwidth-digits", "完成２．９５亿元", 2.95, "亿元", ""),
    ("space-in-number", "总投资780 亿元", 780, "亿元", ""),
    ("thousands-comma", "营业收入1,234.5万元", 1234.5, "万元", ""),
    ("chinese-numeral", "建成二十三个", 23, "个", ""),
    ("percent-fullwidth", "优良率达到９１％", 91, "%", ""),
]


@pytest.mark.parametrize("text, number, unit, qualifier", [c[1:] for c in QUANTITIES], ids=[c[0] for c in QUANTITIES])
def test_quantity(text, number, unit, qualifier):
    t = normalize(text).text
    qs = [q for q in find_quantities(t) if q.kind in ("value", "yoy")]
    assert len(qs) == 1
    assert qs[0].number == pytest.approx(number)
    assert qs[0].unit_text == unit
    assert qs[0].qualifier == qualifier


NOT_FIGURES = [   # (id, text, the only figures that should be read)
    ("ordinal", "品牌价值蝉联行业第1位", []),
    ("ordinal-vehicle", "即第900万辆解放卡车下线", []),
    ("year", "2012年在双阳投资建厂", []),
    ("date", "6月18日至20日成功举办", []),
    ("duration", "仅用25天的时间", []),
    ("distance", "时速160公里满载运行", []),
    ("model-name", "奥迪Q6L e-tron等车型", []),
    ("one-char-chinese-numeral", "两个开发区", []),
    ("quoted-policy-name", "抓好“星光20条”落实", []),
    ("threshold-in-name", "10亿元以上产业项目", []),
    ("order-of-magnitude", "92户10亿级企业", [(92, "户")]),
]


@pytest.mark.parametrize("text, figures", [c[1:] for c in NOT_FIGURES], ids=[c[0] for c in NOT_FIGURES])
def test_not_a_figure(text, figures):
    qs = [q for q in find_quantities(normalize(text).text) if q.kind in ("value", "yoy")]
    assert [(q.number, q.unit_text) for q in qs] == figures


@pytest.mark.parametrize("s, n", [("十二", 12), ("二十三", 23), ("一百零五", 105), ("三点五", 3.5), ("十", 10)],
                         ids=["12", "23", "105", "3.5", "10"])
def test_cn_numerals(s, n):
    assert cn_to_number(s) == n


# ------------------------------------------------------------------ growth vs percentage points
GROWTH = [
    ("growth", "规上工业增加值增长9%。", 9.0),
    ("yoy-decline", "社零总额同比下降1.2%。", -1.2),
    ("growth-rate-noun", "技改投资增速90.3%。", 90.3),
    ("growth-after-value", "规模以上工业产值完成277.4亿元，同比增长7.6%。", 7.6),
]


@pytest.mark.parametrize("text, yoy", [c[1:] for c in GROWTH], ids=[c[0] for c in GROWTH])
def test_growth(text, yoy):
    assert one(text).yoy_pct == pytest.approx(yoy)


PP = [  # (id, text, the only row: (subject, indicator, yoy_pct)) -- N个百分点 is neither growth nor a level
    ("pull-points", "汽车轻量化产业产值增长29.4%，拉动全区产值增速11个百分点。", ("汽车轻量化产业", "产值", 29.4)),
    ("higher-than", "规上工业增加值增长4%，高于全省工业1个百分点。", ("", "规上工业增加值", 4.0)),
    ("rate-up", "固定资产投资增长5%，增速比一季度提高1.2个百分点。", ("", "固定资产投资", 5.0)),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in PP], ids=[c[0] for c in PP])
def test_percentage_points_are_not_growth(text, expected):
    r = one(text)
    assert (r.subject, r.indicator, r.yoy_pct) == expected
    assert na(r.value) and r.unit == ""


def test_share_is_a_value_not_growth():
    r = one("全区空气质量优良率达到91%。")
    assert r.value == 91 and r.unit == "%" and na(r.yoy_pct)


def test_reduction_of_a_quantity_is_not_yoy():
    r = one("此设备可减少40%占地面积。")
    assert na(r.yoy_pct) and r.value == 40


# ------------------------------------------------------------------ 分别
def test_fenbie_growth_list():
    df = rows("1至10月，全市光电信息产业、生物医药和生命健康产业分别增长6.8%、9.8%。")
    got = dict(zip(df.subject, df.yoy_pct))
    assert got == {"光电信息产业": 6.8, "生物医药和生命健康产业": 9.8}


def test_fenbie_verb_pair_and_following_growth():
    df = rows("今年1至10月,全市分别产销整车122.9万辆和122.6万辆,分别产销新能源汽车12.8万辆和12.6万辆,"
              "分别同比增长40.4%和28%。")
    got = {r.indicator: (r.value, None if na(r.yoy_pct) else r.yoy_pct) for r in df.itertuples()}
    assert got == {"整车产量": (122.9, None), "整车销量": (122.6, None),
                   "新能源汽车产量": (12.8, 40.4), "新能源汽车销量": (12.6, 28.0)}


def test_fenbie_shared_prefix():
    df = rows("规上工业产值和增加值分别增长20.2%、22.9%。")
    assert dict(zip(df.indicator, df.yoy_pct)) == {"规上工业产值": 20.2, "规上工业增加值": 22.9}


def test_fenbie_with_subject_brand():
    df = rows("红旗品牌分别完成产销34.1万辆和34.8万辆,分别增长23.9%和21.8%。")
    assert set(df.subject) == {"红旗"}
    assert dict(zip(df.indicator, df.yoy_pct)) == {"产量": 23.9, "销量": 21.8}


# ------------------------------------------------------------------ value and growth in one row
def test_value_and_growth_stated_apart_merge():
    df = rows("今年1月至6月，双阳区限上社零额增长31.9%。1月至6月，双阳区限上社零额完成2.95亿元。")
    assert len(df) == 1
    r = df.iloc[0]
    assert (r.value, r.unit, r.yoy_pct) == (2.95, "亿元", 31.9)


# ------------------------------------------------------------------ periods
PERIODS = [
    ("month-range", "今年1月至6月", 2024, 1, 6),
    ("month-range-zhi", "1至10月", 2024, 1, 10),
    ("month-range-dash", "1-4月", 2024, 1, 4),
    ("first-half", "上半年", 2024, 1, 6),
    ("first-three-quarters", "前三季度", 2024, 1, 9),
    ("q1", "一季度", 2024, 1, 3),
    ("whole-year", "全年", 2024, 1, 12),
    ("explicit-year", "2022年", 2022, 1, 12),
    ("last-year", "去年", 2023, 1, 12),
    ("year-end", "年末", 2024, 12, 12),
    ("days-range", "今年3月22日至4月21日期间", 2024, 3, 4),
    ("explicit-year-half", "2023年上半年", 2023, 1, 6),
]


@pytest.mark.parametrize("expr, year, m1, m2", [c[1:] for c in PERIODS], ids=[c[0] for c in PERIODS])
def test_period_expression(expr, year, m1, m2):
    pms = find_periods(expr)
    assert pms, expr
    p = resolve(pms[0], 2024, start_period(2024))
    assert (p.year, p.month_from, p.month_to) == (year, m1, m2)


def test_period_carries_forward_across_sentences():
    df = rows("今年上半年，全区固定资产投资增长13.4%。社零总额增长3.7%。")
    assert set(df.period) == {"2024年1-6月"} and len(df) == 2


def test_period_replaced_by_next():
    df = rows("前三季度，规上工业增加值增长4%。1至10月，整车产量122.9万辆。")
    assert dict(zip(df.indicator, df.period)) == {"规上工业增加值": "2024年1-9月", "整车产量": "2024年1-10月"}


def test_period_after_figure_in_same_clause():
    df = rows("400个5000万元以上重点项目上半年全部实现开工建设,总投资2410亿元。")
    assert set(zip(df.month_from, df.month_to)) == {(1, 6)}


def test_comparison_and_target_years_do_not_set_period():
    df = rows("今年1月至7月，规上工业产值增长7.6%，增速比一季度提高1.2个百分点。力争到2025年末，本地配套产值突破5亿元。")
    assert df.iloc[0].period == "2024年1-7月"
    assert (df.year == 2024).all()


def test_relative_year_resolves_against_publication_not_clock():
    assert rows("今年上半年，全区固定资产投资增长13.4%。", published="2019-08").iloc[0].year == 2019


YEAR_CUES = [
    ("progress-bar", "2024年的“进度条”已然过半，这半年二道区实干笃行。", 2024),
    ("recognised-year", "今年上半年成功认定2025年市级专精特新企业10户。", 2025),
    ("opening-year", "2022年,长春市双阳区主动对接省委战略。", 2022),
    ("future-only", "力争到2025年末，本地配套产值突破5亿元。", None),
    ("no-year", "今年1月至7月规模以上工业产值完成277.4亿元。", None),
]


@pytest.mark.parametrize("text, year", [c[1:] for c in YEAR_CUES], ids=[c[0] for c in YEAR_CUES])
def test_infer_year_without_metadata(text, year):
    assert infer_year(text) == year
    parsed = parse_article(text, article="x.txt")
    assert parsed.year == year


# ------------------------------------------------------------------ regions and subjects
def test_self_region_words_mean_the_articles_region():
    assert one("全区规上工业累计完成产值46.1亿元。", region="双阳区").region == "双阳区"


def test_named_region_overrides():
    assert one("前三季度,长春市规模以上工业增加值增长4%。", region="双阳区").region == "长春市"


def test_article_region_inferred_from_text():
    p = parse_article("绿园区经济运行观察\n\n今年1月至7月，绿园区规模以上工业产值完成277.4亿元。绿园区作为工业之区。",
                      article="a.txt", published="2024-08")
    assert p.region == "绿园区"


def test_region_outside_gazetteer_recognised_when_repeated():
    p = parse_article("海淀区经济观察。今年上半年，海淀区规上工业增加值增长5%。海淀区固定资产投资增长3%。",
                      article="a.txt", published="2024-07")
    assert p.region == "海淀区" and set(p.indicators.region) == {"海淀区"}


def test_subject_enterprise_alias():
    r = one("1月至7月长客完成产值117.1亿元，增长10.3%。", region="绿园区")
    assert (r.subject, r.indicator, r.value, r.yoy_pct) == ("中车长客", "产值", 117.1, 10.3)


def test_subject_industry_topic_from_previous_clause():
    r = one("今年上半年，以吉通机械为主导的汽车轻量化产业发展迅猛，累计完成产值20.7亿元，同比增长29.4%。")
    assert r.subject == "汽车轻量化产业" and r.yoy_pct == 29.4


# ------------------------------------------------------------------ lexicon synonyms
SYNONYMS = [
    ("guishang", "规模以上工业增加值增长9%。", "规上工业增加值"),
    ("shelingzonge", "社会消费品零售总额增长3.7%。", "社零总额"),
    ("xianshang", "限额以上社会消费品零售额增长31.9%。", "限上社零额"),
    ("gdp", "地区生产总值增长5.2%。", "地区生产总值"),
]


@pytest.mark.parametrize("text, canonical", [c[1:] for c in SYNONYMS], ids=[c[0] for c in SYNONYMS])
def test_indicator_synonyms(text, canonical):
    assert one(text).indicator == canonical


# ------------------------------------------------------------------ reflow, spans, tables
def test_reflow_joins_line_broken_mid_sentence():
    text = "改革创新蹄疾步稳，全面深化改革，11大领域93\n\n项改革任务精准落地,15项自主创新改革初见成效。"
    df = rows(text)
    r = df[df.value == 93].iloc[0]
    assert r.unit == "项"
    assert "93项改革任务" in r.sentence


def test_headings_and_captions_are_not_joined():
    n = normalize("龙头引领澎湃新动能\n\n今年上半年，全区产值增长5%。")
    assert n.text == "龙头引领澎湃新动能\n\n今年上半年,全区产值增长5%。"   # only the comma made half-width


def test_spans_point_into_the_original_text():
    text = "标题\n\n今年１月至６月，双阳区限上社零额完成２．９５亿元，同比增长31.9%，增长较快的领域很多，继续\n\n保持。"
    p = parse_article(text, article="a.txt", region="双阳区", published="2025-09")
    r = p.indicators.iloc[0]
    assert text[r.start:r.end].startswith("２．９５亿元")
    assert text[r.start:r.end].endswith("31.9%")
    assert "限上社零额" in text[r.sent_start:r.sent_end]


TABLE = ("2023年国民经济和社会发展统计公报\n\n指标\t单位\t绝对数\t比上年增长(%)\n"
         "地区生产总值\t亿元\t2345.6\t5.2\n规模以上工业增加值\t亿元\t812.3\t-1.5\n"
         "社会消费品零售总额\t亿元\t901\t8.0\n")


def test_tab_table_rows():
    df = parse_article(TABLE, article="gb.txt", region="长春市").indicators
    got = {r.indicator: (r.value, r.unit, r.yoy_pct, r.period) for r in df.itertuples()}
    assert got == {"地区生产总值": (2345.6, "亿元", 5.2, "2023年全年"),
                   "规上工业增加值": (812.3, "亿元", -1.5, "2023年全年"),
                   "社零总额": (901.0, "亿元", 8.0, "2023年全年")}


def test_tab_table_without_header_units_in_cells():
    df = parse_article("2024年上半年主要指标\n\n固定资产投资\t120.5亿元\t6.1%\n", article="t.txt", region="双阳区").indicators
    r = df.iloc[0]
    assert (r.indicator, r.value, r.unit, r.yoy_pct) == ("固定资产投资", 120.5, "亿元", 6.1)


# ------------------------------------------------------------------ projects
PROJECTS = [
    ("investment-before-name", "总投资209亿元的奥迪PPE项目实现样车下线。", "奥迪PPE项目", 209, "下线"),
    ("investment-later-in-sentence", "位于经济开发区的吉高科技检验检测基地项目建设现场一派繁忙，总投资2.85亿元。",
     "吉高科技检验检测基地项目", 2.85, "在建"),
    ("investment-after-back-reference", "位于开发区的吉高科技检验检测基地项目建设现场一派繁忙，该项目主要建设综合楼，总投资2.85亿元。",
     "吉高科技检验检测基地项目", 2.85, "在建"),
    ("list-with-deng", "吉通七期、海悦药业一期、高新创业孵化基地等重大项目主体封闭。", "海悦药业一期", None, "主体封闭"),
    ("signing", "积极推动市政府与旭阳程力专用车制造项目签约落地。", "旭阳程力专用车制造项目", None, "签约"),
]


@pytest.mark.parametrize("text, name, inv, status", [c[1:] for c in PROJECTS], ids=[c[0] for c in PROJECTS])
def test_projects(text, name, inv, status):
    prj = parse_article(text, article="p.txt", region="长春市", published="2024-12").projects
    row = prj[prj.name == name]
    assert len(row) == 1, prj[["name", "investment", "status"]].to_string()
    r = row.iloc[0]
    assert (None if na(r.investment) else r.investment) == inv
    assert r.status == status


GENERIC_PROJECTS = [
    ("count-category", "申报专项债券项目11个。"),
    ("verb-led", "全力护航项目建设行稳致远。"),
    ("category-with-count", "19个生物医药和生命健康领域标志性重点项目在大会上签约。"),
    ("place-only", "金秋9月，长春市双阳区项目建设热潮涌动。"),
]


@pytest.mark.parametrize("text", [c[1] for c in GENERIC_PROJECTS], ids=[c[0] for c in GENERIC_PROJECTS])
def test_generic_mentions_are_not_projects(text):
    assert parse_article(text, article="p.txt", region="双阳区").projects.empty


# ------------------------------------------------------------------ known failures (strict: fix -> remove)
KNOWN_FAILURES = [
    pytest.param("依托1个市级群、9大行业群、17个属地群，打造政策直达路径。", id="org-structure-counts",
                 marks=pytest.mark.xfail(strict=True, reason="counts of committees/groups are read as figures")),
]


@pytest.mark.parametrize("text", KNOWN_FAILURES)
def test_known_failures_no_figures(text):
    assert rows(text).empty


@pytest.mark.xfail(strict=True, reason="'黄山路、杏树河西桥改扩建' is one project in the gold, two for the list rule")
def test_known_failure_list_sharing_one_verb():
    prj = parse_article("黄山路、杏树河西桥改扩建等工程开工建设。", article="p.txt", region="双阳区").projects
    assert len(prj) == 1


# ------------------------------------------------------------------ the genre elsewhere (not the seed texts)
ELSEWHERE = """城关区前三季度经济运行稳中向好

今年前三季度，全区实现地区生产总值（GDP）125.6亿元，同比增长5.8%；规模以上工业增加值同比增长8.2%；固定资产投资同比下降3.1%；社会消费品零售总额42.3亿元，增长6.5%。

截至9月底，全区市场主体总量达到18.6万户，较年初增长7.9%。居民消费价格指数同比上涨2.1%。

全区接待游客1200万人次，实现旅游收入98亿元，分别增长18.5%和21.3%。

总投资12亿元的城关区智慧物流园项目开工建设，新希望乳业扩建项目竣工投产。"""


@pytest.fixture(scope="module")
def elsewhere():
    return parse_article(ELSEWHERE, article="elsewhere.txt", published="2023-10")


def test_elsewhere_region_outside_gazetteer(elsewhere):
    assert elsewhere.region == "城关区"
    assert set(elsewhere.indicators.region) == {"城关区"}


def test_elsewhere_headline_figures(elsewhere):
    ind = elsewhere.indicators
    got = {r.indicator: (None if na(r.value) else r.value, r.yoy_pct) for r in ind.itertuples() if not r.subject}
    assert got["地区生产总值"] == (125.6, 5.8)
    assert got["固定资产投资"] == (None, -3.1)
    assert got["居民消费价格指数"] == (None, 2.1)
    assert set(ind.period) == {"2023年1-9月"}


def test_growth_since_year_start_is_not_yoy(elsewhere):
    r = elsewhere.indicators.query("indicator == '市场主体'").iloc[0]
    assert r.value == 18.6 and na(r.yoy_pct)


def test_fenbie_after_separate_clauses(elsewhere):
    ind = elsewhere.indicators.set_index("indicator")
    assert ind.loc["接待游客", "yoy_pct"] == 18.5 and ind.loc["旅游收入", "yoy_pct"] == 21.3


def test_project_figures_belong_to_the_project(elsewhere):
    r = elsewhere.indicators.query("value == 12").iloc[0]
    assert r.subject == "城关区智慧物流园项目"
    names = dict(zip(elsewhere.projects.name, elsewhere.projects.status))
    assert names == {"城关区智慧物流园项目": "开工", "新希望乳业扩建项目": "投产"}


def test_negative_growth_written_with_minus():
    assert one("社零总额增长-2.1%。").yoy_pct == -2.1


def test_communique_prose():
    """A statistical communiqué in prose: year from its title, 其中 breakdowns, changes that are not levels."""
    from pathlib import Path
    text = (Path(__file__).parent / "data" / "communique_prose.txt").read_text(encoding="utf-8")
    p = parse_article(text, article="gb.txt", region="长春市")
    assert p.year == 2023
    got = [(r.region, r.subject, r.indicator, None if na(r.value) else r.value, r.unit,
            None if na(r.yoy_pct) else r.yoy_pct, r.period) for r in p.indicators.itertuples()]
    year = "2023年全年"
    assert got == [   # every figure of the text, in text order (read sentence by sentence)
        ("长春市", "", "地区生产总值", 2345.67, "亿元", 5.2, year),
        ("长春市", "", "第一产业增加值", 123.4, "亿元", 3.1, year),
        ("长春市", "", "第二产业增加值", 987.6, "亿元", 4.8, year),
        ("长春市", "", "第三产业增加值", 1234.6, "亿元", 6.0, year),
        # 三次产业结构为5.3:42.1:52.6 is a ratio, not figures; 比上年末减少2.1万人 is a change, not a level
        ("长春市", "", "户籍总人口", 435.6, "万人", None, "2023年末"),
        ("长春市", "", "城镇新增就业", 5.6, "万人", None, year),
        ("长春市", "", "规上工业增加值", None, "", 6.3, year),
        ("长春市", "", "规上工业利润", 12.3, "亿元", -4.5, year),
        ("长春市", "", "全社会用电量", 156.7, "亿千瓦时", 8.1, year),
        ("长春市", "", "城镇居民人均可支配收入", 42356.0, "元", 5.1, year),
        ("长春市", "", "农村居民人均可支配收入", 18623.0, "元", 7.2, year),
    ]


def test_regions_taking_the_indicator_named_before():
    df = rows("前三季度，全市规上工业增加值增长8.2%。分区域看，南关区增长9.1%，朝阳区增长7.3%。"
              "绿园区、二道区分别增长5.1%和6.2%。其中，固定资产投资增长3%。", region="长春市", published="2024-10")
    got = {(r.region, r.indicator): r.yoy_pct for r in df.itertuples()}
    # 朝阳区 is also a district of 北京市: the article's city tells which one
    assert got == {("长春市", "规上工业增加值"): 8.2, ("南关区", "规上工业增加值"): 9.1, ("长春市朝阳区", "规上工业增加值"): 7.3,
                   ("绿园区", "规上工业增加值"): 5.1, ("二道区", "规上工业增加值"): 6.2, ("长春市", "固定资产投资"): 3.0}


def test_fenbie_subjects_share_the_indicator_named_once():
    df = rows("1至9月，一汽集团、长客分别完成产值1234.5亿元和160.2亿元，分别增长5.1%和12.2%。", region="长春市")
    got = {r.subject: (r.indicator, r.value, r.yoy_pct) for r in df.itertuples()}
    assert got == {"中国一汽": ("产值", 1234.5, 5.1), "中车长客": ("产值", 160.2, 12.2)}
