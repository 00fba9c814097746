"""The 趋势 page: year-to-date alignment (pure transform), the trend chart, the trend queries and the page
(AppTest).  Stores are built from hand-made articles whose spans point into their text."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import streamlit  # noqa: F401  - as in the app: streamlit's plotly theme first, ours then
from streamlit.testing.v1 import AppTest

from components import charts as C
from components import transforms as T
from parsers import Parsed
from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce, empty_frame
from store import queries as Q
from store.db import Store

from tests.test_app import APP, TIMEOUT, district_widget

pytestmark = pytest.mark.usefixtures("fresh_st_caches")

# period spec -> (label, year, month_from, month_to)
P = {
    "24Q1": ("2024年1-3月", 2024, 1, 3), "24H1": ("2024年1-6月", 2024, 1, 6), "24Q3": ("2024年1-9月", 2024, 1, 9),
    "24Y": ("2024年全年", 2024, 1, 12), "24": ("2024年", 2024, None, None), "24M6": ("2024年6月", 2024, 6, 6),
    "25Q1": ("2025年1-3月", 2025, 1, 3), "25H1": ("2025年1-6月", 2025, 1, 6), "25M34": ("2025年3-4月", 2025, 3, 4),
    "23Q1": ("2023年1-3月", 2023, 1, 3), "23Q3": ("2023年1-9月", 2023, 1, 9),
    "H1": ("1-6月", None, 1, 6),
}


def trow(region, period, value=None, yoy=None, *, indicator="规上工业产值", unit="亿元", article="a.txt",
         title="", sentence=None, n_stated=1):
    label, year, mf, mt = P[period]
    vt = f"{value:g}{unit}" if value is not None else ""
    return dict(article=article, region=region, subject="", indicator=indicator, period=label, year=year,
                month_from=mf, month_to=mt, value=value, unit=unit if value is not None else "", yoy_pct=yoy,
                qualifier="", value_base=None if value is None else value * {"亿元": 1e8, "万元": 1e4}.get(unit, 1),
                unit_base="元" if unit in ("亿元", "万元") else unit, value_text=vt,
                yoy_text="" if yoy is None else f"增长{yoy:g}%",
                sentence=sentence or f"{label}，{region}{indicator}{vt}，增长{yoy}%。",
                start=None, end=None, sent_start=None, sent_end=None, yoy_start=None, yoy_end=None, title=title or f"{region}经济运行{label}", published="", n_stated=n_stated)


def trend_rows(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    out = coerce(df[list(INDICATOR_COLUMNS)].copy(), INDICATOR_COLUMNS)
    return out.assign(title=df["title"].astype("string"), published=df["published"].astype("string"),
                      n_stated=df["n_stated"].astype("Int64"))


def points(frame: pd.DataFrame) -> dict[str, list[tuple[int, str]]]:
    """series -> [(pos, period label)] in frame order."""
    out: dict[str, list] = {}
    for s, p, lab in zip(frame["series"], frame["pos"], frame["period"]):
        out.setdefault(str(s), []).append((int(p), str(lab)))
    return out


# --------------------------------------------------------------------------- pure: alignment
@pytest.mark.parametrize("mf, mt, expected", [
    (1, 3, (3, "1-3月", True)), (1, 6, (6, "1-6月", True)), (1, 9, (9, "1-9月", True)),
    (1, 12, (12, "全年", True)), (None, None, (12, "全年", True)), (1, 1, (1, "1月", True)),
    (6, 6, (6, "6月", False)), (3, 4, (4, "3-4月", False)), (None, 6, (6, "1-6月", True)),
    (pd.NA, pd.NA, (12, "全年", True)),
])
def test_period_position(mf, mt, expected):
    assert T.period_position(mf, mt) == expected


def test_ytd_periods_of_two_years_form_one_series_each_and_like_periods_line_up():
    rows = trend_rows([trow("双阳区", p, v, y) for p, v, y in [
        ("25H1", 60, 8.0), ("24Q1", 20, 5.0), ("24Y", 130, 7.0), ("24H1", 55, 6.0), ("24Q3", 90, 6.5),
        ("25Q1", 22, 10.0)]])
    frame, note = T.trend_frame(rows)
    assert note == ""
    assert points(frame) == {
        "双阳区 · 2024年": [(3, "2024年1-3月"), (6, "2024年1-6月"), (9, "2024年1-9月"), (12, "2024年全年")],
        "双阳区 · 2025年": [(3, "2025年1-3月"), (6, "2025年1-6月")],
    }
    # H1 against H1: both years' 1-6月 at the same position, with their own values
    h1 = frame[frame["pos_label"] == "1-6月"]
    assert sorted(zip(h1["year_label"], h1["display_value"])) == [("2024年", 55.0), ("2025年", 60.0)]
    assert set(frame["display_unit"]) == {"亿元"}


@pytest.mark.parametrize("periods, expected", [
    # a single-month period is not cumulative: a series of its own, at its month
    (["24H1", "24M6", "24Q3"], {"双阳区 · 2024年": [(6, "2024年1-6月"), (9, "2024年1-9月")],
                                "双阳区 · 2024年（非累计）": [(6, "2024年6月")]}),
    # a year with a gap (no 1-6月 in 2023): no point invented, the others keep their positions
    (["23Q1", "23Q3", "24Q1", "24H1", "24Q3"], {"双阳区 · 2023年": [(3, "2023年1-3月"), (9, "2023年1-9月")],
                                                "双阳区 · 2024年": [(3, "2024年1-3月"), (6, "2024年1-6月"),
                                                                   (9, "2024年1-9月")]}),
    # a bare year is the full year; a period without a year is its own series
    (["24", "H1", "25M34"], {"双阳区 · 年份未知": [(6, "1-6月")], "双阳区 · 2024年": [(12, "2024年")],
                             "双阳区 · 2025年（非累计）": [(4, "2025年3-4月")]}),
])
def test_ytd_alignment_table(periods, expected):
    frame, note = T.trend_frame(trend_rows([trow("双阳区", p, 10.0 + i, 1.0) for i, p in enumerate(periods)]))
    assert points(frame) == expected
    odd = [p for p in periods if p in ("24M6", "25M34")]
    assert ("非累计" in note) == bool(odd)
    for p in odd:
        assert P[p][0] in note


def test_trend_frame_one_series_per_district_and_year_and_units_converted():
    rows = trend_rows([trow("双阳区", "24H1", 50, 1.0), trow("双阳区", "25H1", 55, 2.0),
                       trow("绿园区", "24H1", 400000, 3.0, unit="万元"), trow("绿园区", "25H1", 42, 4.0)])
    frame, _ = T.trend_frame(rows)
    assert list(dict.fromkeys(frame["series"])) == ["双阳区 · 2024年", "双阳区 · 2025年", "绿园区 · 2024年",
                                                    "绿园区 · 2025年"]
    lv = frame[frame["region"] == "绿园区"]
    assert lv["display_value"].tolist() == [40.0, 42.0] and set(lv["display_unit"]) == {"亿元"}


def test_trend_frame_keeps_the_latest_years_and_says_so():
    rows = trend_rows([trow("双阳区", p, 1.0, 1.0) for p in ("23Q1", "24Q1", "25Q1")])
    frame, note = T.trend_frame(rows, max_years=2)
    assert sorted(set(frame["year_label"])) == ["2024年", "2025年"]
    assert "共 3 个年份" in note and "2024—2025年" in note
    assert len(T.trend_frame(rows, max_years=None)[0]) == 3


def test_trend_frame_empty_and_subject_rows():
    frame, note = T.trend_frame(empty_frame(INDICATOR_COLUMNS))
    assert frame.empty and note == "" and {"series", "pos", "display_value"} <= set(frame.columns)
    rows = trend_rows([trow("双阳区", "24H1", 1.0, 1.0)])
    rows.loc[0, "subject"] = "某公司"
    assert T.trend_frame(rows)[0].empty


# --------------------------------------------------------------------------- pure: sparkline points
def test_sparkline_prefers_growth_rates_over_all_periods():
    pts = T.sparkline_points(trend_rows([trow("双阳区", p, v, y) for p, v, y in [
        ("24Q3", 90, 6.5), ("24H1", 55, 6.0), ("25H1", 60, 8.0)]]))
    assert pts["metric"].unique().tolist() == ["yoy_pct"]
    assert pts["period"].tolist() == ["2024年1-6月", "2024年1-9月", "2025年1-6月"]   # oldest first
    assert pts["y"].tolist() == [6.0, 6.5, 8.0]


def test_sparkline_leaves_single_months_out_of_cumulative_figures():
    pts = T.sparkline_points(trend_rows([trow("双阳区", p, 1.0, y) for p, y in [
        ("24H1", 6.0), ("24M6", 3.0), ("25H1", 8.0)]]))
    assert pts["period"].tolist() == ["2024年1-6月", "2025年1-6月"]
    pts = T.sparkline_points(trend_rows([trow("双阳区", p, 1.0, y) for p, y in [("24H1", 6.0), ("24M6", 3.0)]]))
    assert pts["period"].tolist() == ["2024年6月", "2024年1-6月"]   # one cumulative period: all (shorter span first)


def test_sparkline_values_of_like_periods_when_no_growth():
    pts = T.sparkline_points(trend_rows([trow("双阳区", p, v, None) for p, v in [
        ("24H1", 55), ("24Q3", 90), ("25H1", 60)]]))
    assert pts["metric"].unique().tolist() == ["value"]
    assert pts["period"].tolist() == ["2024年1-6月", "2025年1-6月"]   # the months of the latest period
    assert pts["unit"].unique().tolist() == ["亿元"]


@pytest.mark.parametrize("rows", [[], [("24H1", 1.0, 2.0)], [("24H1", 1.0, None), ("25H1", None, 2.0)]])
def test_no_sparkline_below_two_points(rows):
    pts = T.sparkline_points(trend_rows([trow("双阳区", p, v, y) for p, v, y in rows]) if rows
                             else empty_frame(INDICATOR_COLUMNS))
    assert pts.empty
    assert C.sparkline(pts) is None


def test_sparkline_figure_hover_names_period_and_title():
    pts = T.sparkline_points(trend_rows([trow("双阳区", "24H1", 55, 6.0, title="上半年<b>经济</b>"),
                                         trow("双阳区", "25H1", 60, 8.0)]))
    fig = C.sparkline(pts)
    (tr,) = fig.data
    assert list(tr.y) == [6.0, 8.0] and fig.layout.height <= 80
    assert tr.customdata[0][0] == "2024年1-6月" and "上半年&lt;b&gt;经济&lt;/b&gt;" in tr.customdata[0][2]
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


# --------------------------------------------------------------------------- chart builder
def test_trend_lines_one_trace_per_district_and_year_aligned():
    rows = trend_rows([trow("双阳区", "24H1", 50, 1.0, title="双阳区2024上半年"),
                       trow("双阳区", "24Q3", 80, 1.5), trow("双阳区", "25H1", 55, 2.0),
                       trow("绿园区", "25H1", 42, 4.0, n_stated=2)])
    frame, _ = T.trend_frame(rows)
    fig = C.trend_lines(frame, "value")
    names = [t.name for t in fig.data]
    assert names == ["双阳区 · 2024年", "双阳区 · 2025年", "绿园区 · 2025年"]
    xs = {t.name: list(t.x) for t in fig.data}
    assert xs == {"双阳区 · 2024年": [6, 9], "双阳区 · 2025年": [6], "绿园区 · 2025年": [6]}
    assert dict(zip(fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext)) == {6: "1-6月", 9: "1-9月"}
    # colour per district, dash per year (latest solid)
    c = {t.name: (t.line.color, t.line.dash) for t in fig.data}
    assert c["双阳区 · 2024年"][0] == c["双阳区 · 2025年"][0] != c["绿园区 · 2025年"][0]
    assert c["双阳区 · 2025年"][1] == "solid" and c["双阳区 · 2024年"][1] != "solid"
    hover = fig.data[0].customdata[0]
    assert hover[1] == "2024年1-6月" and "50亿元" in hover[2] and "+1%" in hover[2]
    assert "来源：双阳区2024上半年" in hover[3] and "原文：" in hover[3]
    assert "共有 2 条记录" in fig.data[2].customdata[0][3]
    assert "亿元" in fig.layout.yaxis.title.text


def test_trend_lines_growth_panel_and_empty_reasons():
    rows = trend_rows([trow("双阳区", "24H1", None, 5.0), trow("双阳区", "25H1", None, -1.5)])
    frame, _ = T.trend_frame(rows)
    growth = C.trend_lines(frame, "yoy_pct")
    assert C.empty_reason(growth) is None
    assert [list(t.y) for t in growth.data] == [[5.0], [-1.5]]
    value = C.trend_lines(frame, "value")
    reason = C.empty_reason(value)
    assert reason and "只给出了同比增速" in reason and "趋势图" in reason
    assert C.empty_reason(C.trend_lines(frame.iloc[:0], "value"))
    with pytest.raises(ValueError):
        C.trend_lines(frame, "other")


def test_trend_lines_escape_data_text():
    rows = trend_rows([trow("双阳区", "24H1", 50, 1.0, title='<a href="http://x">点我</a>',
                            sentence="<img src=x onerror=alert(1)>")])
    fig = C.trend_lines(T.trend_frame(rows)[0], "value")
    text = json.dumps(fig.to_plotly_json()["data"], ensure_ascii=False)
    assert "<a href" not in text and "<img" not in text and "&lt;a href" in text


# --------------------------------------------------------------------------- queries (DuckDB)
def _parsed(article, region, title, published, rows) -> Parsed:
    """An article whose text holds one sentence per row (spans point into it)."""
    parts, pos, recs = [title, ""], len(title) + 2, []
    for r in rows:
        r = dict(r)
        sentence = r["sentence"]
        r.update(article=article, start=pos, end=pos + len(sentence), sent_start=pos, sent_end=pos + len(sentence),
                 yoy_start=None, yoy_end=None)
        for k in ("title", "published", "n_stated"):
            r.pop(k, None)
        recs.append(r)
        parts.append(sentence)
        pos += len(sentence) + 1
    text = "\n".join(parts)
    return Parsed(article=article, text=text, title=title, region=region, published=published,
                  year=int(published[:4]), indicators=coerce(pd.DataFrame(recs), INDICATOR_COLUMNS),
                  projects=empty_frame(PROJECT_COLUMNS))


@pytest.fixture
def trend_store(tmp_db):
    """双阳区: 2024 1-3/1-6/1-9 and 2025 1-6 of 规上工业产值 (2025 H1 stated by two articles); 绿园区: 2024 H1
    and 2025 H1; 二道区: one period.  One article without a title."""
    a = _parsed("a_2024q3.txt", "双阳区", "双阳区前三季度经济运行", "2024-10", [
        trow("双阳区", "24Q1", 20, 5.0, sentence="一季度，双阳区规上工业产值20亿元，增长5%。"),
        trow("双阳区", "24H1", 50, 6.0, sentence="上半年，双阳区规上工业产值50亿元，增长6%。"),
        trow("双阳区", "24Q3", 80, 6.5, sentence="前三季度，双阳区规上工业产值80亿元，增长6.5%。"),
        trow("双阳区", "24Y", None, 7.0, indicator="固定资产投资", sentence="全年，双阳区固定资产投资增长7%。"),
    ])
    b = _parsed("b_2025h1.txt", "双阳区", "双阳区2025年上半年经济运行", "2025-07", [
        trow("双阳区", "25H1", 55, 8.0, sentence="上半年，双阳区规上工业产值55亿元，增长8%。"),
        trow("绿园区", "25H1", 42, 3.0, sentence="上半年，绿园区规上工业产值42亿元，增长3%。"),
    ])
    c = _parsed("c_note.txt", "双阳区", "", "2025-08", [   # untitled, restates 双阳区 2025 H1 without growth
        trow("双阳区", "25H1", 55, None, sentence="双阳区规上工业产值上半年达55亿元。"),
        trow("绿园区", "24H1", 40, 2.0, sentence="去年上半年，绿园区规上工业产值40亿元，增长2%。"),
        trow("二道区", "24H1", 30, 1.0, sentence="二道区规上工业产值30亿元，增长1%。"),
    ])
    store = Store(tmp_db)
    store.rebuild([a, b, c], source="seed")
    return store


def test_trend_rows_one_row_per_district_and_period_with_titles(trend_store):
    rows, total = Q.trend_rows(trend_store, "规上工业产值", ["双阳区", "绿园区"])
    assert total == 2
    got = list(zip(rows["region"], rows["period"], rows["value"], rows["title"], rows["n_stated"]))
    assert got == [
        ("双阳区", "2024年1-3月", 20.0, "双阳区前三季度经济运行", 1),
        ("双阳区", "2024年1-6月", 50.0, "双阳区前三季度经济运行", 1),
        ("双阳区", "2024年1-9月", 80.0, "双阳区前三季度经济运行", 1),
        # stated twice: the row with value and growth wins (the store's de-duplication rule)
        ("双阳区", "2025年1-6月", 55.0, "双阳区2025年上半年经济运行", 2),
        ("绿园区", "2024年1-6月", 40.0, "c_note.txt", 1),    # untitled: the storage name
        ("绿园区", "2025年1-6月", 42.0, "双阳区2025年上半年经济运行", 1),
    ]
    assert rows["published"].tolist()[0] == "2024-10"
    assert list(rows.columns[:len(INDICATOR_COLUMNS)]) == list(INDICATOR_COLUMNS)


def test_trend_rows_limits_the_districts_and_counts_them(trend_store):
    rows, total = Q.trend_rows(trend_store, "规上工业产值", None, max_regions=2)
    assert total == 3 and sorted(set(rows["region"])) == ["双阳区", "绿园区"]   # the most periods first
    rows, total = Q.trend_rows(trend_store, ["规上工业产值", "固定资产投资"], ["双阳区"])
    assert sorted(set(rows["indicator"])) == ["固定资产投资", "规上工业产值"] and total == 1
    rows, total = Q.trend_rows(trend_store, "不存在", None)
    assert rows.empty and total == 0 and "title" in rows


def test_trend_rows_same_period_by_two_labels_is_one_row(tmp_db):
    a = _parsed("a.txt", "双阳区", "甲", "2024-12", [trow("双阳区", "24", 100, None, sentence="2024年双阳区产值100亿元。")])
    b = _parsed("b.txt", "双阳区", "乙", "2025-01", [trow("双阳区", "24Y", 100, 5.0, sentence="全年双阳区产值100亿元，增长5%。")])
    store = Store(tmp_db)
    store.rebuild([a, b])
    rows, _ = Q.trend_rows(store, "规上工业产值", None)
    assert rows["period"].tolist() == ["2024年全年"] and rows["n_stated"].tolist() == [2]


def test_trend_indicator_options_order(trend_store):
    # 规上工业产值 has several periods in 双阳区, 固定资产投资 one: the trends first, then headline order
    assert Q.trend_indicator_options(trend_store, None, ["固定资产投资", "规上工业产值"]) == ["规上工业产值", "固定资产投资"]
    assert Q.trend_indicator_options(trend_store, ["二道区"], ["固定资产投资"]) == ["规上工业产值"]
    assert Q.trend_indicator_options(trend_store, ["没有的区"], []) == []


# --------------------------------------------------------------------------- the page (AppTest)
def _trend_page(monkeypatch, tmp_db) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("app_pages/trend.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_trend_page_draws_one_series_per_district_and_year(trend_store, tmp_db, monkeypatch):
    at = _trend_page(monkeypatch, tmp_db)
    assert at.title[0].value == "趋势"
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值").run()
    district_widget(at).set_value(["双阳区", "绿园区"]).run()
    assert not at.exception and not at.error
    value, growth = _specs(at)
    traces = {t["name"]: t for t in value["data"]}
    assert sorted(traces) == ["双阳区 · 2024年", "双阳区 · 2025年", "绿园区 · 2024年", "绿园区 · 2025年"]
    assert traces["双阳区 · 2024年"]["x"] == [3, 6, 9] and traces["双阳区 · 2025年"]["x"] == [6]
    # like periods aligned: every year's 1-6月 at the same x
    h1 = {n: t["y"][t["x"].index(6)] for n, t in traces.items()}
    assert h1 == {"双阳区 · 2024年": 50.0, "双阳区 · 2025年": 55.0, "绿园区 · 2024年": 40.0, "绿园区 · 2025年": 42.0}
    hover = {n: t["customdata"] for n, t in traces.items()}
    assert "来源：双阳区2025年上半年经济运行（2025-07）" in hover["双阳区 · 2025年"][0][3]
    assert "上半年，双阳区规上工业产值55亿元" in hover["双阳区 · 2025年"][0][3]
    assert "来源：c_note.txt" in hover["绿园区 · 2024年"][0][3]     # untitled: its storage name
    assert all(".txt" not in c[3] for n, t in hover.items() if n != "绿园区 · 2024年" for c in t)
    assert [t["name"] for t in growth["data"]] == [t["name"] for t in value["data"]]
    assert growth["data"][0]["y"] == [5.0, 6.0, 6.5]
    # downloads as for every chart; the table's CSV/Excel hold the chart's rows
    keys = {b.key for b in at.get("download_button")}
    assert {"trend_value__html", "trend_growth__html", "trend_table__csv", "trend_table__xlsx"} <= keys
    table = at.dataframe[0].value
    assert len(table) == 6 and {"文章标题", "发布月份", "文件名", "统计期", "数值", "同比%"} <= set(table.columns)


def test_trend_page_follows_the_district_filter(trend_store, tmp_db, monkeypatch):
    at = _trend_page(monkeypatch, tmp_db)
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值").run()
    district_widget(at).set_value(["二道区"]).run()
    (value, _) = _specs(at)
    assert [t["name"] for t in value["data"]] == ["二道区 · 2024年"]
    assert any("只有一个统计期" in c.value for c in at.caption)


def test_trend_page_says_when_districts_are_left_out(trend_store, tmp_db, monkeypatch):
    monkeypatch.setattr("store.queries.TREND_MAX_REGIONS", 2)
    at = _trend_page(monkeypatch, tmp_db)
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值").run()
    assert any("共 3 个区县有该指标" in c.value for c in at.caption)
    (value, _) = _specs(at)
    assert {t["name"].split(" · ")[0] for t in value["data"]} == {"双阳区", "绿园区"}


# --------------------------------------------------------------------------- escaping (crafted payloads)
from test_escaping import _app as _crafted_app, _check_page, _payload_indicator, _shows_markdown  # noqa: E402
from test_escaping import crafted_env  # noqa: E402,F401  - the fixture: a store of hostile names and texts


@pytest.mark.parametrize("payload_indicator", [False, True], ids=["first-indicator", "payload-indicator"])
def test_trend_page_escapes_payloads(crafted_env, payload_indicator):
    at = _crafted_app("app_pages/trend.py")
    if payload_indicator:
        at.sidebar.selectbox(key="indicator").set_value(_payload_indicator("md-link")).run()
    shown = _check_page(at)        # no Markdown hazard, no foreign plotly tag, no formula cell
    assert shown["charts"] and shown["tables"]
    if payload_indicator:
        assert _shows_markdown(shown, _payload_indicator("md-link"))


# --------------------------------------------------------------------------- the time axis
def test_trend_lines_on_a_time_axis_keep_one_line_per_year():
    rows = trend_rows([trow("双阳区", p, v, 1.0) for p, v in [("24H1", 50), ("24Y", 110), ("25Q1", 22), ("H1", 9)]])
    frame, _ = T.trend_frame(rows)
    fig = C.trend_lines(frame, "value", axis=C.AXIS_TIME)
    xs = {t.name: list(t.x) for t in fig.data}
    assert xs == {"双阳区 · 2024年": ["2024-06-01", "2024-12-01"], "双阳区 · 2025年": ["2025-03-01"]}
    assert fig.layout.xaxis.type == "date" and "按时间" in fig.layout.title.text
    assert "未画出（没有年份）：1-6月" in fig.layout.title.subtitle.text
    only_undated = T.trend_frame(trend_rows([trow("双阳区", "H1", 1.0, 1.0)]))[0]
    assert "没有年份" in C.empty_reason(C.trend_lines(only_undated, "value", axis=C.AXIS_TIME))
    with pytest.raises(ValueError):
        C.trend_lines(frame, "value", axis="log")


def test_trend_page_time_axis_switch(trend_store, tmp_db, monkeypatch):
    at = _trend_page(monkeypatch, tmp_db)
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值").run()
    district_widget(at).set_value(["双阳区"]).run()
    assert _specs(at)[0]["data"][0]["x"] == [3, 6, 9]
    at.sidebar.radio(key="trend_axis").set_value("按时间").run()
    assert not at.exception
    value, growth = _specs(at)
    assert value["data"][0]["x"] == ["2024-03-01", "2024-06-01", "2024-09-01"]
    assert value["layout"]["xaxis"]["type"] == "date" and growth["layout"]["xaxis"]["type"] == "date"
