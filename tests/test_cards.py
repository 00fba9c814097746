"""概览 cards: the headline indicators in their fixed order, the other rows behind "更多", a sparkline on a card
only when its district has two or more periods of the indicator."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import transforms as T
from components.headline import headline_cards
from parsers.lexicon import read_rows
from parsers.schema import INDICATOR_COLUMNS, coerce
from store.db import Store

from tests.test_app import APP, TIMEOUT, district_widget
from tests.test_trend import _parsed, trow

pytestmark = pytest.mark.usefixtures("fresh_st_caches")


# --------------------------------------------------------------------------- the order (data)
def test_card_order_is_the_documented_one_and_uses_the_parsers_names():
    cards = headline_cards()
    assert cards[:6] == ("地区生产总值", "规上工业增加值", "固定资产投资", "社零总额", "一般公共预算收入",
                         "居民人均可支配收入")
    canonical = {r["canonical"] for r in read_rows("indicators.csv")}
    assert set(cards) <= canonical, set(cards) - canonical
    assert len(cards) == len(set(cards))
    assert not {"公司年产值", "保持两位数增长...", "营业收入", "产值"} & set(cards)   # side figures are no cards


# --------------------------------------------------------------------------- the split (pure)
def latest(rows) -> pd.DataFrame:
    return coerce(pd.DataFrame([dict(region=r, indicator=i, period="2024年1-6月", value=1.0, subject="")
                                for r, i in rows]), INDICATOR_COLUMNS)


@pytest.mark.parametrize("rows, max_cards, cards, more", [
    # headline order, whatever the input order; side figures behind 更多 (coverage order, then name)
    ([("甲区", "公司年产值"), ("甲区", "社零总额"), ("甲区", "地区生产总值"), ("甲区", "保持两位数增长..."),
      ("甲区", "固定资产投资")], 9,
     {"甲区": ["地区生产总值", "固定资产投资", "社零总额"]}, {"甲区": ["保持两位数增长...", "公司年产值"]}),
    # more headline rows than cards: the overflow is first in 更多
    ([("甲区", "规上工业增加值"), ("甲区", "地区生产总值"), ("甲区", "固定资产投资"), ("甲区", "公司年产值")], 2,
     {"甲区": ["地区生产总值", "规上工业增加值"]}, {"甲区": ["固定资产投资", "公司年产值"]}),
    # per district; a district without headline rows has no card
    ([("乙区", "社零总额"), ("甲区", "公司年产值"), ("乙区", "一般公共预算收入")], 9,
     {"乙区": ["社零总额", "一般公共预算收入"]}, {"甲区": ["公司年产值"]}),
    ([], 9, {}, {}),
])
def test_card_split(rows, max_cards, cards, more):
    got_cards, got_more = T.card_split(latest(rows), headline_cards(), max_cards=max_cards)

    def by_region(df):
        return {str(r): [str(i) for i in g["indicator"]] for r, g in df.groupby("region", sort=False)} if len(df) else {}
    assert by_region(got_cards) == cards
    assert by_region(got_more) == more


def test_card_split_rest_order():
    rows = latest([("甲区", "乙指标"), ("甲区", "甲指标"), ("甲区", "丙指标")])
    _, more = T.card_split(rows, headline_cards(), rest_order=["丙指标", "乙指标"])
    assert more["indicator"].tolist() == ["丙指标", "乙指标", "甲指标"]
    assert list(more.columns) == list(rows.columns)


# --------------------------------------------------------------------------- the page (AppTest)
def _app(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _card_names(at) -> list[str]:
    return [m.label.split("（")[0].removesuffix("增速") for m in at.metric]


def sparklines(at) -> dict[str, dict]:
    return {str(c.key): json.loads(c.proto.spec) for c in at.get("plotly_chart")
            if str(getattr(c, "key", "") or "").startswith("overview_spark_")}


def test_seed_cards_in_headline_order_minor_rows_behind_more(tmp_db, monkeypatch):
    at = _app(monkeypatch, tmp_db)      # first start: the store is built from seeds/
    district_widget(at).set_value(["二道区"]).run()
    assert not at.exception
    names = _card_names(at)
    order = {n: i for i, n in enumerate(headline_cards())}
    assert names and all(n in order for n in names), names
    assert [order[n] for n in names] == sorted(order[n] for n in names)
    assert "公司年产值" not in names and not any(n.startswith("保持两位数增长") for n in names)
    (more,) = at.expander
    assert more.label.startswith("更多（") and len(more.children) == 0     # built when opened
    at.session_state["overview_more_二道区"] = True
    at.run()
    assert not at.exception
    inside = _card_names(at)[len(names):]
    assert "公司年产值" in inside and any(n.startswith("保持两位数增长") for n in inside)
    assert f"更多（{len(inside)} 项）" == at.expander[0].label


def test_sparkline_only_on_cards_with_two_or_more_periods(tmp_db, monkeypatch):
    at = _app(monkeypatch, tmp_db)
    district_widget(at).set_value(["双阳区"]).run()
    # 双阳区: 限上社零额 has 2022年全年 and 2025年1-6月, every other card one period
    lines = sparklines(at)
    assert list(lines) == ["overview_spark_双阳区_限上社零额"]
    (tr,) = lines["overview_spark_双阳区_限上社零额"]["data"]
    assert [c[0] for c in tr["customdata"]] == ["2022年全年", "2025年1-6月"]
    assert all("来源：" in c[2] and ".txt" not in c[2] for c in tr["customdata"])   # titles, not file names


def test_no_sparkline_with_one_period_each(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception and at.metric
    assert sparklines(at) == {}


def test_sparkline_follows_the_periods_of_each_card(tmp_db, monkeypatch):
    a = _parsed("a.txt", "双阳区", "双阳区2024年上半年", "2024-07", [
        trow("双阳区", "24H1", 50, 6.0, indicator="规上工业增加值", sentence="上半年，双阳区规上工业增加值50亿元，增长6%。"),
        trow("双阳区", "24H1", 30, 2.0, indicator="固定资产投资", sentence="上半年，双阳区固定资产投资30亿元，增长2%。"),
        trow("绿园区", "24H1", 40, 3.0, indicator="规上工业增加值", sentence="上半年，绿园区规上工业增加值40亿元，增长3%。"),
    ])
    b = _parsed("b.txt", "双阳区", "双阳区2025年上半年", "2025-07", [
        trow("双阳区", "25H1", 55, 8.0, indicator="规上工业增加值", sentence="上半年，双阳区规上工业增加值55亿元，增长8%。"),
    ])
    Store(tmp_db).rebuild([a, b], source="seed")
    at = _app(monkeypatch, tmp_db)
    lines = sparklines(at)
    assert list(lines) == ["overview_spark_双阳区_规上工业增加值"]
    (tr,) = lines["overview_spark_双阳区_规上工业增加值"]["data"]
    assert tr["y"] == [6.0, 8.0]
    assert _card_names(at) == ["规上工业增加值", "固定资产投资", "规上工业增加值"]   # 双阳区, then 绿园区


def test_a_corrected_figure_says_so_on_its_card(app_env):
    """概览 cards read the corrected rows; a card whose figure was edited or checked carries the same badge as
    the tables, and its help says what it means."""
    from components import review as R
    from store import queries as Q
    rows = Q.detail_page(app_env, "", ["双阳区"], ["规上工业产值"], keys=True)
    app_env.add_correction("edit", **R.row_key(rows.iloc[0]).fields(), value=61.5)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    district_widget(at).set_value(["双阳区"]).run()
    assert not at.exception
    card = [m for m in at.metric if m.label.startswith("规上工业产值")]
    assert len(card) == 1 and card[0].label.endswith(R.badge("已修改")) and "61.5" in card[0].value
    assert R.CARD_NOTES["已修改"] in card[0].help
    others = [m for m in at.metric if not m.label.startswith("规上工业产值")]
    assert others and not any(b in m.label for m in others for b in R.BADGES.values())
