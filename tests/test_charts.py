"""Tests of components.charts: data in traces, labels, hovers, colours, empty states."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import streamlit  # noqa: F401  - as in the app: streamlit's plotly theme sets the default first, ours then

from components import charts as C
from components import theme
from components import transforms as T
from store import summaries as S
from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce

LONG = ("今年1月至6月，双阳区规上工业增加值增长9%；固定资产投资增长13.4%；规上服务业重点行业营收增长17.1%；"
        "限上社零额增长31.9%，社零总额增长3.7%。")


def row(region, indicator, period, year, mf, mt, value, unit, yoy, subject="", sentence=None, vb=None):
    return dict(article=f"{region}_{period}.txt", region=region, subject=subject, indicator=indicator,
                period=period, year=year, month_from=mf, month_to=mt, value=value, unit=unit, yoy_pct=yoy,
                value_base=vb if vb is not None else (None if value is None else value * 1e8),
                unit_base="元" if unit else "", value_text=f"{value}{unit}" if value is not None else "",
                yoy_text=f"增长{yoy}%" if yoy is not None else "",
                sentence=sentence or f"{period}，{region}{indicator}同比增长{yoy}%。")


@pytest.fixture
def ind():
    return coerce(pd.DataFrame([
        row("双阳区", "规上工业产值", "2024年1-6月", 2024, 1, 6, 120.5, "亿元", 9.0, sentence=LONG),
        row("绿园区", "规上工业产值", "2024年1-6月", 2024, 1, 6, 3500000.0, "万元", -2.5, vb=3.5e10),
        row("二道区", "规上工业产值", "2024年1-7月", 2024, 1, 7, 80.0, "亿元", 5.1),
        row("双阳区", "社零总额", "2024年1-6月", 2024, 1, 6, None, "", 3.7),
        row("双阳区", "规上工业产值", "2024年1-7月", 2024, 1, 7, None, "", 0.0, subject="吉通公司"),
    ]), INDICATOR_COLUMNS)


@pytest.fixture
def proj():
    rows = [("双阳区", "汽车轻量化项目", 15.0, "开工"), ("双阳区", "梅花鹿深加工项目", 3.2, "投产"),
            ("双阳区", "新材料项目", 5.0, "开工"), ("绿园区", "智能制造产业园", 22.0, "在建"),
            ("二道区", "物流中心", None, "推进"), ("二道区", "文旅综合体", 8.5, "")]
    return coerce(pd.DataFrame([dict(article="p.txt", region=r, name=n, investment=i, status=s,
                                     sentence=f"{n}{s}。") for r, n, i, s in rows]), PROJECT_COLUMNS)


def _hovers(fig: go.Figure) -> str:
    parts = []
    for tr in fig.data:
        parts.append(str(tr.hovertemplate))
        parts.extend(str(c) for c in (tr.customdata if tr.customdata is not None else []))
    return "\n".join(parts)


def test_theme_registered_and_default():
    assert theme.TEMPLATE_NAME in pio.templates
    assert pio.templates.default == theme.TEMPLATE_NAME
    t = pio.templates[theme.TEMPLATE_NAME]
    assert t.layout.font.family.startswith("Noto Sans CJK SC")
    assert t.layout.hoverlabel.font.family == theme.FONT_FAMILY
    # growth up is green, down is red, zero / unknown grey
    assert (theme.POSITIVE, theme.NEGATIVE, theme.NEUTRAL) == ("#1B7F5B", "#C0392B", "#7F8C8D")


@pytest.mark.parametrize("metric, expected_y, expected_text", [
    pytest.param("value", [350.0, 120.5], ["350", "120.5"], id="value-in-yi-yuan-sorted"),
    pytest.param("yoy_pct", [9.0, -2.5], ["+9%", "-2.5%"], id="growth-sorted"),
])
def test_comparison_bars_data_and_labels(ind, metric, expected_y, expected_text):
    frame, note = T.comparison_frame(ind, "规上工业产值")
    fig = C.comparison_bars(frame, metric=metric)
    assert len(fig.data) == 1
    assert list(fig.data[0].y) == expected_y
    assert list(fig.data[0].text) == expected_text
    assert all("2024年1-6月" in x for x in fig.data[0].x)          # period in every label
    assert all("<br>2024年1-6月" in t for t in fig.layout.xaxis.ticktext)  # shown on a 2nd line
    assert fig.layout.template.layout.font.family == theme.FONT_FAMILY
    if metric == "value":
        assert "亿元" in fig.layout.yaxis.title.text


def test_comparison_hover_has_article_sentence_unit(ind):
    frame, _ = T.comparison_frame(ind, "规上工业产值")
    fig = C.comparison_bars(frame)
    hov = _hovers(fig)
    assert "双阳区_2024年1-6月.txt" in hov                  # article
    assert "限上社零额增长31.9%" in hov.replace("<br>", "")   # sentence (wrapped)
    assert "<br>" in str(fig.data[0].customdata[1][3])      # long sentence wrapped
    assert "统计期" in fig.data[0].hovertemplate
    assert "亿元" in hov and "原文：3500000.0万元" in hov     # converted value names the original


def test_comparison_growth_colours_by_sign(ind):
    frame, _ = T.comparison_frame(ind, "规上工业产值")
    fig = C.comparison_bars(frame, metric="yoy_pct")
    assert list(fig.data[0].marker.color) == [theme.POSITIVE, theme.NEGATIVE]


def test_comparison_mixed_periods_legend_and_note(ind):
    frame, note = T.comparison_frame(ind, "规上工业产值", allow_mixed=True)
    fig = C.comparison_bars(frame, note=note)
    assert {tr.name for tr in fig.data} == {"2024年1-6月", "2024年1-7月"}
    assert fig.layout.showlegend is True
    assert "统计期不同" in fig.layout.title.subtitle.text
    xs = [x for tr in fig.data for x in tr.x]
    assert sorted(xs) == sorted(frame["label"])


@pytest.mark.parametrize("frame_factory, metric, message", [
    pytest.param(lambda ind: ind.iloc[0:0], "value", "没有可比较的数据", id="empty-frame"),
    pytest.param(lambda ind: T.comparison_frame(ind, "社零总额")[0], "value", "同比增速", id="growth-only-value"),
    pytest.param(lambda ind: T.comparison_frame(ind, "规上工业产值")[0].assign(yoy_pct=pd.NA), "yoy_pct",
                 "没有同比增速", id="no-growth"),
])
def test_comparison_empty_states(ind, frame_factory, metric, message):
    fig = C.comparison_bars(frame_factory(ind), metric=metric)
    assert len(fig.data) == 0
    assert message in fig.layout.annotations[0].text


def test_comparison_bad_metric(ind):
    with pytest.raises(ValueError):
        C.comparison_bars(T.comparison_frame(ind, "规上工业产值")[0], metric="foo")


def test_growth_bars_sorted_horizontal_coloured(ind):
    fig = C.growth_bars(T.growth_ranking(ind, include_subjects=True))
    bar = fig.data[0]
    assert bar.orientation == "h"
    assert list(bar.x) == sorted(bar.x)            # ascending from bottom -> largest on top
    colours = dict(zip(bar.x, bar.marker.color))
    assert colours[-2.5] == theme.NEGATIVE and colours[9.0] == theme.POSITIVE and colours[0.0] == theme.NEUTRAL
    assert "-2.5%" in bar.text and "+9%" in bar.text
    assert all("｜2024年" in y for y in bar.y)    # period in every label
    assert "原文" in _hovers(fig)
    assert fig.layout.xaxis.range[0] < -2.5 < 9.0 < fig.layout.xaxis.range[1]


def test_growth_bars_empty():
    fig = C.growth_bars(T.growth_ranking(coerce(pd.DataFrame(), INDICATOR_COLUMNS)))
    assert len(fig.data) == 0 and "没有同比增速数据" in fig.layout.annotations[0].text


def test_project_investment_chart_stacks_by_status(proj):
    fig = C.project_investment_chart(proj)
    bars = [tr for tr in fig.data if tr.type == "bar"]
    by_status = {tr.name: dict(zip(tr.x, tr.y)) for tr in bars}
    assert by_status["开工"]["双阳区"] == pytest.approx(20.0)
    assert by_status["投产"]["双阳区"] == pytest.approx(3.2)
    assert by_status["状态未知"]["二道区"] == pytest.approx(8.5)
    assert fig.layout.barmode == "stack"
    assert list(fig.layout.xaxis.categoryarray) == ["双阳区", "绿园区", "二道区"]  # by total: 23.2 > 22 > 8.5
    # every bar lists its projects, largest first; 物流中心 has no stated investment -> not in the chart
    assert {(tr.name, x): list(c) for tr in bars for x, c in zip(tr.x, tr.customdata)} == {
        ("开工", "双阳区"): ["开工", 2, "汽车轻量化项目：15亿元<br>新材料项目：5亿元"],
        ("在建", "绿园区"): ["在建", 1, "智能制造产业园：22亿元"],
        ("投产", "双阳区"): ["投产", 1, "梅花鹿深加工项目：3.2亿元"],
        ("状态未知", "二道区"): ["状态未知", 1, "文旅综合体：8.5亿元"],
    }
    colours = {tr.name: tr.marker.color for tr in bars}
    assert colours["开工"] == theme.STATUS_COLORS["开工"]


@pytest.mark.parametrize("mutate, message", [
    pytest.param(lambda p: p.iloc[0:0], "没有项目数据", id="empty"),
    pytest.param(lambda p: p.assign(investment=pd.NA), "没有注明投资额", id="no-investment"),
])
def test_project_chart_empty_states(proj, mutate, message):
    fig = C.project_investment_chart(mutate(proj))
    assert len(fig.data) == 0 and message in fig.layout.annotations[0].text


def test_coverage_heatmap(ind):
    cov = S.coverage_matrix(ind)
    fig = C.coverage_heatmap(cov)
    hm = fig.data[0]
    assert list(hm.x) == list(cov.index) and list(hm.y) == list(cov.columns)  # indicators as rows
    assert hm.z[list(hm.y).index("社零总额")][list(hm.x).index("二道区")] == 0
    assert hm.text[list(hm.y).index("规上工业产值")][list(hm.x).index("双阳区")] == "2024年1-6月"
    assert not fig.layout.title.subtitle.text


@pytest.mark.parametrize("n, cap, rows", [
    pytest.param(30, 25, 25, id="capped"),
    pytest.param(5, 25, 5, id="under-cap"),
])
def test_coverage_heatmap_caps_indicators(n, cap, rows):
    cov = pd.DataFrame({f"指标{i}": ["2024年"] * 2 for i in range(n)}, index=["甲区", "乙区"])
    fig = C.coverage_heatmap(cov, max_indicators=cap)
    assert len(fig.data[0].y) == rows and list(fig.data[0].y)[0] == "指标0"
    assert (f"共 {n} 项指标" in (fig.layout.title.subtitle.text or "")) == (n > cap)


def test_empty_figure_message_and_theme():
    fig = C.empty_figure("请先上传文章")
    assert fig.layout.annotations[0].text == "请先上传文章"
    assert fig.layout.xaxis.visible is False
    assert fig.layout.template.layout.font.family == theme.FONT_FAMILY


@pytest.mark.parametrize("text, expected", [
    pytest.param("短句。", "短句。", id="short"),
    pytest.param("甲" * 60, "<br>".join(["甲" * 28, "甲" * 28, "甲" * 4]), id="wrapped"),
    pytest.param("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;", id="escaped"),
    pytest.param(None, "", id="none"),
    pytest.param(pd.NA, "", id="na"),
])
def test_wrap_text(text, expected):
    assert C.wrap_text(text) == expected


def test_figures_serialise(ind, proj):
    """Every builder's output is valid plotly JSON (what st.plotly_chart sends)."""
    figs = [C.comparison_bars(T.comparison_frame(ind, "规上工业产值")[0]),
            C.growth_bars(T.growth_ranking(ind)), C.project_investment_chart(proj),
            C.coverage_heatmap(S.coverage_matrix(ind)), C.empty_figure("x")]
    for f in figs:
        assert "Noto Sans CJK SC" in f.to_json()


@pytest.mark.parametrize("n, max_bars, shown, subtitle", [
    pytest.param(10, 40, 10, False, id="under-cap"),
    pytest.param(50, 40, 40, True, id="capped-top-and-bottom"),
    pytest.param(7, 4, 4, True, id="small-cap"),
])
def test_growth_bars_cap(n, max_bars, shown, subtitle):
    frame = pd.DataFrame({"label": [f"区{i}｜2024年" for i in range(n)], "yoy_pct": [float(i - 5) for i in range(n)],
                          "period": ["2024年"] * n, "article": ["a"] * n, "sentence": ["s"] * n})
    fig = C.growth_bars(frame, max_bars=max_bars)
    xs = list(fig.data[0].x)
    assert len(xs) == shown
    assert max(xs) == n - 6 and min(xs) == -5        # extremes always shown
    assert xs == sorted(xs)
    sub = fig.layout.title.subtitle.text or ""
    assert (f"共 {n} 项" in sub) == subtitle


@pytest.mark.parametrize("metric, blank, shown_msg", [
    pytest.param("value", {"display_value": pd.NA, "value": pd.NA}, "原文没有数值", id="growth-only-row"),
    pytest.param("yoy_pct", {"yoy_pct": pd.NA}, "原文没有同比增速", id="value-only-row"),
])
def test_comparison_names_rows_it_cannot_draw(ind, metric, blank, shown_msg):
    frame, _ = T.comparison_frame(ind, "规上工业产值")
    i = frame.index[frame["region"] == "绿园区"][0]
    for c, v in blank.items():
        frame.loc[i, c] = v
    fig = C.comparison_bars(frame, metric=metric)
    assert list(fig.data[0].x) == ["双阳区｜2024年1-6月"]
    sub = fig.layout.title.subtitle.text
    assert shown_msg in sub and "绿园区｜2024年1-6月" in sub


@pytest.mark.parametrize("n_districts, with_text", [
    pytest.param(3, True, id="few-districts-list-periods"),
    pytest.param(C.MAX_TEXT_DISTRICTS + 1, False, id="many-districts-colour-only"),
])
def test_coverage_heatmap_text_only_when_readable(n_districts, with_text):
    cov = pd.DataFrame({"规上工业产值": ["2024年1-6月、2024年1-7月"] * n_districts},
                       index=[f"区{i}" for i in range(n_districts)])
    fig = C.coverage_heatmap(cov)
    hm = fig.data[0]
    assert (hm.texttemplate == "%{text}") == with_text
    assert (hm.text is not None) == with_text and bool(hm.showscale) != with_text
    assert hm.customdata[0][0] == "2024年1-6月、2024年1-7月" and hm.z[0][0] == 2  # hover and colour either way
    assert ("悬停查看统计期" in (fig.layout.title.subtitle.text or "")) != with_text


def test_coverage_heatmap_lists_latest_periods_but_counts_all():
    periods = [f"{y}年" for y in range(2015, 2025)]  # 10 periods, oldest first
    cov = pd.DataFrame({"规上工业产值": ["、".join(periods), "2024年"]}, index=["甲区", "乙区"])
    hm = C.coverage_heatmap(cov, max_periods=3).data[0]
    assert list(hm.z[0]) == [10, 1]  # the colour counts every period
    assert hm.text[0][0] == "2022年<br>2023年<br>2024年"  # the cell lists the latest three
    assert hm.customdata[0][0].startswith("2022年、2023年、2024年") and "共 10 期" in hm.customdata[0][0]
    assert hm.customdata[0][1] == "2024年"


def test_coverage_heatmap_many_districts_slanted_labels():
    cov = pd.DataFrame({"产值": ["2024年"] * 20}, index=[f"区{i}" for i in range(20)])
    assert C.coverage_heatmap(cov).layout.xaxis.tickangle == -60
    assert C.coverage_heatmap(cov.iloc[:3]).layout.xaxis.tickangle == 0


# --------------------------------------------------------------------------- untrusted text in Markdown / HTML
MD_CASES = [
    # a WORD JOINER (U+2060) after ":" breaks autolinks and :shortcodes: (components.markup.NO_LINK)
    ("image", "![图](http://example.com/x.png)", "!\\[图\\](http:\u2060//example.com/x.png)"),
    ("link", "[点我](http://example.com)", "\\[点我\\](http:\u2060//example.com)"),
    ("bold", "**粗体**", r"\*\*粗体\*\*"),
    ("math", "$x$", r"\$x\$"),
    ("raw-html", "<b>x</b>", r"\<b\>x\</b\>"),
    ("colour-directive", ":red[红]", ":\u2060red\\[红\\]"),
    ("heading-at-start", "# 标题", r"\# 标题"),
    ("list-at-start", "- 项", r"\- 项"),
    ("numbered-at-start", "2024. 年", r"2024\. 年"),
    ("line-breaks-joined", "第一行\n# 第二行", r"第一行 # 第二行"),
    ("plain-chinese-unchanged", "规上工业增加值（2024年1-6月）增长9.5%", "规上工业增加值（2024年1-6月）增长9.5%"),
    ("full-width-space-kept", "双阳区　绿园区", "双阳区　绿园区"),
    ("none", None, ""),
    ("missing-value", pd.NA, ""),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in MD_CASES], ids=[c[0] for c in MD_CASES])
def test_md_escapes_what_markdown_would_act_on(text, expected):
    from components.markup import md

    assert md(text) == expected
LISTING_ROWS = pd.DataFrame({
    "文章": ["a.txt", "b.txt"],
    "标题": ["<script>alert(1)</script>![图](http://example.com/x.png)", ""],
    "区县": ["双阳区", None],
    "发布月份": ["2024-07", ""],
    "来源": ["上传", "示例"],
    "指标数": pd.array([12, 0], dtype="Int64"),
    "项目数": pd.array([3, pd.NA], dtype="Int64"),
})


def test_article_list_html_escapes_titles():
    from components.markup import article_list_html

    html = article_list_html(LISTING_ROWS)
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html  # Markdown is not interpreted either
    assert html.count("<li") == 2


def test_article_list_html_facts_and_fallbacks():
    from components.markup import article_list_html

    items = article_list_html(LISTING_ROWS).split("<li")[1:]
    assert "双阳区" in items[0] and "2024-07" in items[0] and "指标 12 条" in items[0] and "项目 3 个" in items[0]
    # no title: the file name stands in; unknown region / month are said, not left blank
    assert "<strong>b.txt</strong>" in items[1]
    assert "区县未知" in items[1] and "月份未知" in items[1] and "项目 0 个" in items[1]
    assert article_list_html(LISTING_ROWS.iloc[:0]).count("<li") == 0


def test_scope_label_escapes_district_names():
    """District names can be typed in on upload; the captions render them as Markdown."""
    from components.filters import scope_label

    assert scope_label(["双阳区", "[点我](http://example.com)"], ["双阳区", "绿园区", "x"]) == \
        "双阳区、\\[点我\\](http:\u2060//example.com)"
    assert scope_label([], ["双阳区"]) == "全部区县"
