"""Table-driven tests of components.transforms (pure pandas)."""
from __future__ import annotations

import pandas as pd
import pytest

from components import transforms as T
from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce

_SCALE = {"亿元": 1e8, "万元": 1e4, "元": 1.0, "万辆": 1e4, "辆": 1.0}
_BASE = {"亿元": "元", "万元": "元", "元": "元", "万辆": "辆", "辆": "辆"}
_PERIOD = {"H1": ("2024年1-6月", 2024, 1, 6), "M7": ("2024年1-7月", 2024, 1, 7),
           "Y23": ("2023年", 2023, None, None)}


def ind_row(region, indicator, period="H1", value=None, unit="", yoy=None, subject="", article=None):
    label, year, mf, mt = _PERIOD[period]
    vt = f"{value:g}{unit}" if value is not None else ""
    yt = "" if yoy is None else f"{'增长' if yoy >= 0 else '下降'}{abs(yoy):g}%"
    return dict(article=article or f"{region}.txt", region=region, subject=subject, indicator=indicator,
                period=label, year=year, month_from=mf, month_to=mt, value=value, unit=unit, yoy_pct=yoy,
                qualifier="", value_base=None if value is None else value * _SCALE.get(unit, 1.0),
                unit_base=_BASE.get(unit, unit), value_text=vt, yoy_text=yt,
                sentence=f"{label}，{subject or region}{indicator}{vt}，同比{yt}。")


def make_ind(rows) -> pd.DataFrame:
    return coerce(pd.DataFrame(rows), INDICATOR_COLUMNS)


def make_proj(rows) -> pd.DataFrame:
    return coerce(pd.DataFrame([dict(article=f"{r}.txt", region=r, name=n, investment=i, status=s,
                                     sentence=f"总投资{i}亿元的{n}{s}。") for r, n, i, s in rows]),
                  PROJECT_COLUMNS)


@pytest.fixture
def ind() -> pd.DataFrame:
    return make_ind([
        ind_row("双阳区", "规上工业产值", "H1", 120.5, "亿元", 9.0),
        ind_row("绿园区", "规上工业产值", "H1", 3500000, "万元", -2.5),   # 350 亿元 in 万元
        ind_row("二道区", "规上工业产值", "M7", 80, "亿元", 5.1),
        ind_row("二道区", "规上工业产值", "H1", 70, "亿元", 4.0),
        ind_row("朝阳区", "规上工业产值", "M7", 60, "亿元", 1.0),
        ind_row("双阳区", "社零总额", "H1", None, "", 3.7),
        ind_row("双阳区", "限上社零额", "H1", None, "", 31.9),
        ind_row("绿园区", "社零总额", "M7", 20, "亿元", -0.4),
        ind_row("双阳区", "规上工业产值", "M7", 18, "亿元", 10.0, subject="吉通公司"),
        ind_row("双阳区", "汽车产量", "Y23", 2.5, "万辆", 12.0),
        ind_row("绿园区", "汽车产量", "Y23", 8000, "辆", -8.0),
    ])


# ----------------------------------------------------------------- basics
def test_region_wide_drops_subject_rows(ind):
    out = T.region_wide(ind)
    assert len(out) == len(ind) - 1
    assert (out["subject"] == "").all()


@pytest.mark.parametrize("regions, expected", [
    pytest.param(None, ["规上工业产值", "汽车产量", "社零总额", "限上社零额"], id="all-regions"),
    pytest.param(["双阳区"], ["汽车产量", "社零总额", "规上工业产值", "限上社零额"], id="one-region-ties-by-name"),
    pytest.param([], ["规上工业产值", "汽车产量", "社零总额", "限上社零额"], id="empty-list-means-all"),
    pytest.param(["不存在区"], [], id="unknown-region"),
])
def test_indicator_options_ordered_by_district_count(ind, regions, expected):
    assert T.indicator_options(ind, regions) == expected


@pytest.mark.parametrize("indicator, regions, expected", [
    pytest.param("规上工业产值", None, ["2024年1-6月", "2024年1-7月"], id="most-districts-first"),
    pytest.param("规上工业产值", ["二道区", "朝阳区"], ["2024年1-7月", "2024年1-6月"], id="filter-changes-order"),
    pytest.param("社零总额", None, ["2024年1-7月", "2024年1-6月"], id="tie-latest-first"),
    pytest.param("无此指标", None, [], id="unknown-indicator"),
])
def test_period_options(ind, indicator, regions, expected):
    assert T.period_options(ind, indicator, regions) == expected


# ----------------------------------------------------------------- comparison
@pytest.mark.parametrize("kwargs, labels, note_has", [
    pytest.param({}, ["绿园区｜2024年1-6月", "双阳区｜2024年1-6月", "二道区｜2024年1-6月"],
                 ["2024年1-6月", "朝阳区"], id="default-most-common-period"),
    pytest.param({"period": "2024年1-7月"}, ["二道区｜2024年1-7月", "朝阳区｜2024年1-7月"],
                 ["双阳区", "绿园区"], id="explicit-period"),
    pytest.param({"allow_mixed": True},
                 ["绿园区｜2024年1-6月", "双阳区｜2024年1-6月", "二道区｜2024年1-7月", "朝阳区｜2024年1-7月"],
                 ["统计期不同", "二道区：2024年1-7月", "双阳区：2024年1-6月"], id="mixed-latest-with-note"),
    pytest.param({"regions": ["双阳区", "绿园区"]}, ["绿园区｜2024年1-6月", "双阳区｜2024年1-6月"],
                 [], id="regions-filter-same-period-no-note"),
])
def test_comparison_frame(ind, kwargs, labels, note_has):
    frame, note = T.comparison_frame(ind, "规上工业产值", **kwargs)
    assert frame["label"].tolist() == labels
    for piece in note_has:
        assert piece in note
    if not note_has:
        assert note == ""
    if not kwargs.get("allow_mixed"):
        assert frame["period"].nunique() == 1  # never silently mixed


def test_comparison_converts_units_to_yi_yuan(ind):
    frame, _ = T.comparison_frame(ind, "规上工业产值", period="2024年1-6月")
    got = dict(zip(frame["region"], frame["display_value"]))
    assert got["绿园区"] == pytest.approx(350.0)   # 3,500,000 万元
    assert got["双阳区"] == pytest.approx(120.5)
    assert set(frame["display_unit"]) == {"亿元"}


@pytest.mark.parametrize("extra_rows, unit, expected", [
    pytest.param([], "万辆", {"双阳区": 2.5, "绿园区": 0.8}, id="tie-picks-larger-unit"),
    pytest.param([ind_row("二道区", "汽车产量", "Y23", 5000, "辆", 3.0),
                  ind_row("朝阳区", "汽车产量", "Y23", 1200, "辆", 3.0)],
                 "辆", {"双阳区": 25000.0, "绿园区": 8000.0, "二道区": 5000.0}, id="majority-unit"),
])
def test_comparison_converts_non_money_units(ind, extra_rows, unit, expected):
    data = make_ind(ind.to_dict("records") + extra_rows)
    frame, _ = T.comparison_frame(data, "汽车产量")
    got = dict(zip(frame["region"], frame["display_value"]))
    assert set(frame["display_unit"]) == {unit}
    for region, v in expected.items():
        assert got[region] == pytest.approx(v)


def test_comparison_unconvertible_unit_is_reported():
    rows = [ind_row("双阳区", "接待游客", "H1", 120, "万人次", 5.0),
            ind_row("绿园区", "接待游客", "H1", 80, "万人次", 2.0),
            ind_row("二道区", "接待游客", "H1", 3, "亿元", 1.0)]
    for r in rows[:2]:
        r.update(value_base=r["value"] * 1e4, unit_base="人次")
    frame, note = T.comparison_frame(make_ind(rows), "接待游客")
    got = dict(zip(frame["region"], frame["display_value"]))
    assert got["双阳区"] == pytest.approx(120) and pd.isna(got["二道区"])
    assert "亿元" in note and "万人次" in note


def test_comparison_growth_only_indicator_keeps_rows(ind):
    frame, note = T.comparison_frame(ind, "限上社零额")
    assert frame["label"].tolist() == ["双阳区｜2024年1-6月"]
    assert frame["display_value"].isna().all()
    assert frame["yoy_pct"].tolist() == [31.9]


@pytest.mark.parametrize("indicator", [pytest.param("无此指标", id="unknown"), pytest.param("", id="blank")])
def test_comparison_empty_gives_note(ind, indicator):
    frame, note = T.comparison_frame(ind, indicator)
    assert frame.empty and note
    assert {"label", "display_value", "display_unit"} <= set(frame.columns)


_H1_NOTE = "仅比较统计期“2024年1-6月”；以下区县没有该统计期的数据：朝阳区。"
_CONFLICT = "以下区县在同一统计期有多条不一致的记录，图中取信息最完整的一条：双阳区（取自 {}）。全部记录可在“数据明细”中查看。"


@pytest.mark.parametrize("second, shown, note_end", [
    # value and growth on both: the later article (另一篇 sorts after 双阳区) is shown
    pytest.param(dict(value=121.0, yoy=9.0), (121.0, 9.0), _CONFLICT.format("另一篇.txt"), id="different-value"),
    # the row with a value is more complete than a growth-only row
    pytest.param(dict(value=None, yoy=9.5), (120.5, 9.0), _CONFLICT.format("双阳区.txt"),
                 id="different-growth-growth-only"),
    pytest.param(dict(value=120.5, yoy=9.0), (120.5, 9.0), "", id="same-numbers-two-articles"),
    pytest.param(dict(value=None, yoy=9.0), (120.5, 9.0), "", id="growth-only-row-agrees"),
])
def test_comparison_reports_disagreeing_sources(ind, second, shown, note_end):
    extra = ind_row("双阳区", "规上工业产值", "H1", second["value"], "亿元" if second["value"] else "",
                    second["yoy"], article="另一篇.txt")
    frame, note = T.comparison_frame(make_ind(ind.to_dict("records") + [extra]), "规上工业产值")
    row = frame[frame["region"] == "双阳区"]
    assert len(row) == 1 and (row["display_value"].iloc[0], row["yoy_pct"].iloc[0]) == pytest.approx(shown)
    assert note == _H1_NOTE + note_end


def test_comparison_does_not_mutate_input(ind):
    before = ind.copy()
    T.comparison_frame(ind, "规上工业产值", allow_mixed=True)
    pd.testing.assert_frame_equal(ind, before)


# ----------------------------------------------------------------- growth
@pytest.mark.parametrize("kwargs, first, last, n", [
    pytest.param({}, "双阳区·限上社零额｜2024年1-6月", "绿园区·汽车产量｜2023年", 10, id="all-region-wide"),
    pytest.param({"include_subjects": True}, "双阳区·限上社零额｜2024年1-6月", "绿园区·汽车产量｜2023年", 11,
                 id="with-subjects"),
    pytest.param({"region": "双阳区"}, "限上社零额｜2024年1-6月", "社零总额｜2024年1-6月", 4, id="one-region"),
    pytest.param({"indicator": "规上工业产值"}, "双阳区｜2024年1-6月", "绿园区｜2024年1-6月", 5,
                 id="one-indicator"),
    pytest.param({"indicator": "规上工业产值", "regions": ["朝阳区"]}, "朝阳区｜2024年1-7月",
                 "朝阳区｜2024年1-7月", 1, id="regions-filter"),
])
def test_growth_ranking_sorted_with_labels(ind, kwargs, first, last, n):
    out = T.growth_ranking(ind, **kwargs)
    assert len(out) == n
    assert out["label"].iloc[0] == first
    assert out["label"].iloc[-1] == last
    assert out["yoy_pct"].is_monotonic_decreasing
    assert out["label"].is_unique
    assert {"article", "sentence", "sign", "yoy_pct", "period"} <= set(out.columns)


def test_growth_ranking_subject_in_label(ind):
    out = T.growth_ranking(ind, include_subjects=True, region="双阳区")
    assert "规上工业产值·吉通公司｜2024年1-7月" in out["label"].tolist()


@pytest.mark.parametrize("yoy, sign", [
    pytest.param(3.0, "positive", id="positive"),
    pytest.param(-2.5, "negative", id="negative"),
    pytest.param(0.0, "zero", id="flat"),
])
def test_growth_sign(yoy, sign):
    out = T.growth_ranking(make_ind([ind_row("双阳区", "固定资产投资", "H1", None, "", yoy)]))
    assert out["sign"].tolist() == [sign]


def test_growth_duplicate_labels_made_unique():
    rows = [ind_row("双阳区", "固定资产投资", "H1", None, "", 5.0, article="a.txt"),
            ind_row("双阳区", "固定资产投资", "H1", None, "", 6.0, article="b.txt"),
            ind_row("双阳区", "固定资产投资", "H1", None, "", 6.0, article="c.txt")]  # exact duplicate of b
    out = T.growth_ranking(make_ind(rows))
    assert len(out) == 2
    assert out["label"].is_unique
    assert all("〔" in lab for lab in out["label"])


def test_growth_empty():
    out = T.growth_ranking(make_ind([]))
    assert out.empty and {"label", "sign"} <= set(out.columns)


# ----------------------------------------------------------------- projects / search
@pytest.fixture
def proj() -> pd.DataFrame:
    return make_proj([("双阳区", "汽车轻量化项目", 15.0, "开工"), ("双阳区", "梅花鹿深加工项目", 3.2, "投产"),
                      ("绿园区", "智能制造产业园", 22.0, "在建"), ("二道区", "文旅综合体", 8.5, "签约"),
                      ("二道区", "物流中心", None, "推进")])


@pytest.mark.parametrize("kwargs, names", [
    pytest.param({}, ["汽车轻量化项目", "梅花鹿深加工项目", "智能制造产业园", "文旅综合体", "物流中心"], id="no-filter"),
    pytest.param({"regions": ["二道区"]}, ["文旅综合体", "物流中心"], id="region"),
    pytest.param({"statuses": ["开工", "在建"]}, ["汽车轻量化项目", "智能制造产业园"], id="status"),
    pytest.param({"inv_min": 8.5}, ["汽车轻量化项目", "智能制造产业园", "文旅综合体"], id="min-inclusive-drops-unknown"),
    pytest.param({"inv_min": 3, "inv_max": 15}, ["汽车轻量化项目", "梅花鹿深加工项目", "文旅综合体"], id="range"),
    pytest.param({"keyword": "产业"}, ["智能制造产业园"], id="keyword-name"),
    pytest.param({"keyword": "22"}, ["智能制造产业园"], id="keyword-sentence"),
    pytest.param({"keyword": "  "}, ["汽车轻量化项目", "梅花鹿深加工项目", "智能制造产业园", "文旅综合体", "物流中心"],
                 id="blank-keyword"),
    pytest.param({"regions": ["双阳区"], "keyword": "物流"}, [], id="no-match"),
])
def test_filter_projects(proj, kwargs, names):
    assert T.filter_projects(proj, **kwargs)["name"].tolist() == names


@pytest.mark.parametrize("kwargs, n", [
    pytest.param({}, 11, id="everything"),
    pytest.param({"text": "社零"}, 3, id="text-indicator"),
    pytest.param({"text": "绿园区 汽车"}, 1, id="all-terms-must-match"),
    pytest.param({"text": "吉通"}, 1, id="text-subject"),
    pytest.param({"periods": ["2023年"]}, 2, id="period-facet"),
    pytest.param({"indicators": ["规上工业产值"], "regions": ["二道区"]}, 2, id="indicator-and-region"),
    pytest.param({"text": "(("}, 0, id="regex-chars-literal"),
])
def test_search_indicators(ind, kwargs, n):
    assert len(T.search_indicators(ind, **kwargs)) == n


@pytest.mark.parametrize("v, expected", [
    pytest.param(1234.5, "1,234.5", id="thousands"), pytest.param(80.0, "80", id="integer"),
    pytest.param(None, "", id="none"), pytest.param(pd.NA, "", id="na"), pytest.param(-2.456, "-2.46", id="round"),
])
def test_format_number(v, expected):
    assert T.format_number(v) == expected
