"""Conflicts (store/corrections.py): two articles, one region, subject, indicator and period, different
figures beyond rounding; the chart rule (latest published article wins, unless the user chose another);
the conflict list and the ``conflict`` flag of the views' rows."""
from __future__ import annotations

import pandas as pd
import pytest

from parsers import Parsed
from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce, empty_frame
from store import corrections as C
from store import queries as Q
from store.db import Store


def number(text: str) -> float:
    """The number of a stated figure as the parser reads it: full-width digits and points, thousands commas."""
    return float(str(text).translate(str.maketrans("０１２３４５６７８９．", "0123456789.")).replace(",", ""))


def article(name: str, published: str, figures, *, region: str = "双阳区", period: str = "2024年1-6月",
            months=(1, 6), qualifier: str = "") -> Parsed:
    """A Parsed article whose figures are (indicator, value text, unit, yoy) with correct spans; the value
    text keeps its stated digits ("9.0", "２０９．３０", "2,090,000"; a pair (surface, number) for a surface
    without digits, "二百零九"), the growth too (a number, or its text: "9.40", "-3" = 下降3%)."""
    year = int(published[:4])
    title = f"{region}经济{name}"
    text, rows = title + "\n", []
    for indicator, vtext, unit, yoy in figures:
        vsurf, value = (vtext if isinstance(vtext, tuple) else (vtext, None if vtext is None else number(vtext)))
        value_text = f"{vsurf}{unit}" if vsurf is not None else ""
        ytext = None if yoy is None else str(yoy)
        yoy_pct = None if ytext is None else number(ytext.lstrip("-")) * (-1 if ytext.startswith("-") else 1)
        yoy_text = "" if ytext is None else f"{'下降' if ytext.startswith('-') else '增长'}{ytext.lstrip('-')}%"
        sentence = f"上半年{region}{indicator}{'完成' + value_text if value_text else ''}{'，同比' + yoy_text if yoy_text else ''}。"
        s0 = len(text)
        fig = value_text or yoy_text
        v0 = s0 + sentence.index(fig)
        rows.append(dict(article=name, region=region, subject="", indicator=indicator, period=period, year=year,
                         month_from=months[0], month_to=months[1], value=value, unit=unit if value is not None else "",
                         yoy_pct=yoy_pct, qualifier=qualifier,
                         value_base=value * C.unit_scale(unit)[0] if value is not None else None,
                         unit_base=C.unit_scale(unit)[1] if value is not None else "",
                         value_text=value_text, yoy_text=yoy_text, sentence=sentence, start=v0, end=v0 + len(fig),
                         sent_start=s0, sent_end=s0 + len(sentence)))
        text += sentence + "\n"
    return Parsed(article=name, text=text, title=title, region=region, published=published, year=year,
                  indicators=coerce(pd.DataFrame(rows), INDICATOR_COLUMNS), projects=empty_frame(PROJECT_COLUMNS))


def store_of(tmp_path, *arts) -> Store:
    store = Store(tmp_path / "c.duckdb")
    store.rebuild(list(arts))
    return store


# (a's figure, b's figure, conflict): two figures agree when they differ by at most half a unit of the last
# stated digit of the coarser one, in base units
VALUE_PAIRS = {
    "9%/9.0% same figure": (("9", "%"), ("9.0", "%"), False),
    "9%/9.4% rounds to 9": (("9", "%"), ("9.4", "%"), False),
    "9%/9.6% beyond rounding": (("9", "%"), ("9.6", "%"), True),
    "9%/9.5% exactly half a step": (("9", "%"), ("9.5", "%"), False),
    "9.4%/9.45% tol 0.05": (("9.4", "%"), ("9.45", "%"), False),
    "9.4%/9.46% beyond": (("9.4", "%"), ("9.46", "%"), True),
    "209亿/209.3亿 tol 0.5亿": (("209", "亿元"), ("209.3", "亿元"), False),
    "209亿/2090000万 same figure": (("209", "亿元"), ("2090000", "万元"), False),
    "209亿/2090003万 within 0.5亿": (("209", "亿元"), ("2090003", "万元"), False),
    "2090000万/2090003万 integer zeros stated": (("2090000", "万元"), ("2090003", "万元"), True),
    "209亿/210亿 beyond": (("209", "亿元"), ("210", "亿元"), True),
    "209.30亿/209.3亿 same figure": (("209.30", "亿元"), ("209.3", "亿元"), False),
    "209.30亿/209.32亿 trailing zero stated": (("209.30", "亿元"), ("209.32", "亿元"), True),
    "1.2万亿/1.24万亿 tol 0.05万亿": (("1.2", "万亿元"), ("1.24", "万亿元"), False),
    "1.2万亿/1.26万亿 beyond": (("1.2", "万亿元"), ("1.26", "万亿元"), True),
    "2.3亿/23000万 binary fractions": (("2.3", "亿元"), ("23000", "万元"), False),
    "full-width ２０９．３０亿/209.32亿": (("２０９．３０", "亿元"), ("209.32", "亿元"), True),
    "full-width ２０９．３亿/209.32亿": (("２０９．３", "亿元"), ("209.32", "亿元"), False),
    "commas 1,234.50万/1234.54万": (("1,234.50", "万元"), ("1234.54", "万元"), True),
    "commas 2,090,000万/209亿": (("2,090,000", "万元"), ("209", "亿元"), False),
    "Chinese numerals 二百零九亿/209.3亿": ((("二百零九", 209.0), "亿元"), ("209.3", "亿元"), False),
    "Chinese numerals 二百零九亿/210亿": ((("二百零九", 209.0), "亿元"), ("210", "亿元"), True),
}


@pytest.mark.parametrize("a, b, conflict", list(VALUE_PAIRS.values()), ids=list(VALUE_PAIRS))
def test_values_conflict_only_beyond_rounding(tmp_path, a, b, conflict):
    store = store_of(tmp_path, article("a.txt", "2024-07", [("地区生产总值", a[0], a[1], None)]),
                     article("b.txt", "2024-08", [("地区生产总值", b[0], b[1], None)]))
    groups, pairs = Q.conflict_count(store)
    assert (groups, pairs) == ((1, 1) if conflict else (0, 0))
    rows = Q.detail_page(store)
    assert rows["conflict"].all() == conflict and rows["conflict"].any() == conflict
    if conflict:
        p = Q.conflict_pairs(store)[0].iloc[0]
        assert bool(p["on_value"]) and not bool(p["on_yoy"])


GROWTH_PAIRS = {
    "9%/9.0%": (9, "9.0", False),
    "9%/9.4% rounds to 9": (9, "9.4", False),
    "9%/9.6% beyond": (9, "9.6", True),
    "9.4%/9.45%": ("9.4", "9.45", False),
    "9.40%/9.45% trailing zero stated": ("9.40", "9.45", True),
    "full-width ９．４０%/9.45%": ("９．４０", "9.45", True),
    "full-width ９．４%/9.45%": ("９．４", "9.45", False),
    "下降3.1%/下降3.1%": ("-3.1", "-3.1", False),
    "下降3%/下降3.4%": ("-3", "-3.4", False),
    "下降3%/增长3%": ("-3", "3", True),
}


@pytest.mark.parametrize("ya, yb, conflict", list(GROWTH_PAIRS.values()), ids=list(GROWTH_PAIRS))
def test_growth_rates_conflict_alike(tmp_path, ya, yb, conflict):
    store = store_of(tmp_path, article("a.txt", "2024-07", [("社会消费品零售总额", "30.1", "亿元", ya)]),
                     article("b.txt", "2024-08", [("社会消费品零售总额", "30.1", "亿元", yb)]))
    pairs, n = Q.conflict_pairs(store)
    assert (n == 1) == conflict
    if conflict:
        assert bool(pairs["on_yoy"].iloc[0]) and not bool(pairs["on_value"].iloc[0])


def _row(store: Store, article_name: str) -> pd.Series:
    rows = Q.detail_page(store)
    return rows[rows["article"] == article_name].iloc[0]


def test_an_edited_figure_is_compared_at_its_own_digits(tmp_path):
    """An edit keeps the parser's surface text (209.3亿元): its digits no longer tell the new value's precision,
    so the value's own digits do (209 -> step 1亿; at the text's step 0.1亿 it would conflict with 209.30)."""
    store = store_of(tmp_path, article("a.txt", "2024-07", [("地区生产总值", "209.30", "亿元", "9.40")]),
                     article("b.txt", "2024-08", [("地区生产总值", "209.3", "亿元", "9.4")]))
    assert Q.conflict_count(store) == (0, 0)
    b = _row(store, "b.txt")
    store.add_correction("edit", article="b.txt", start=int(b["start"]), end=int(b["end"]), value=209.0, yoy_pct=9.0)
    assert _row(store, "b.txt")["value_text"] == "209.3亿元"          # the surface text stays
    assert Q.conflict_count(store) == (0, 0)                          # 209.30 vs 209 (±0.5), 9.40 vs 9 (±0.5)
    store.add_correction("edit", article="b.txt", start=int(b["start"]), end=int(b["end"]), value=209.2)
    pairs, n = Q.conflict_pairs(store)                                # 209.30 vs 209.2 (±0.05)
    assert n == 1 and bool(pairs["on_value"].iloc[0]) and not bool(pairs["on_yoy"].iloc[0])
    store.add_correction("edit", article="b.txt", start=int(b["start"]), end=int(b["end"]), value=209.3,
                         yoy_pct=9.6)
    pairs, n = Q.conflict_pairs(store)                                # 9.40 vs 9.6 (±0.05)
    assert n == 1 and bool(pairs["on_yoy"].iloc[0]) and not bool(pairs["on_value"].iloc[0])


def test_stated_step_reads_the_surface_text_else_the_number():
    import duckdb
    con = duckdb.connect()
    step = C.stated_step_sql("t", "v")
    cases = [("209.30亿元", 209.3, 0.01), ("209亿元", 209.0, 1), ("2090000万元", 2090000.0, 1), ("增长9.4%", 9.4, 0.1),
             ("下降3.25%", -3.25, 0.01), ("１２．５０亿元", 12.5, 0.01), ("1,234.5万元", 1234.5, 0.1),
             ("二百零九亿元", 209.0, 1), ("209.3亿元", 209.0, 1), ("209.3亿元", 209.25, 0.01), (None, 0.125, 0.001),
             ("", 12.0, 1)]
    got = [con.execute(f"SELECT {step} FROM (SELECT ?::VARCHAR AS t, ?::DOUBLE AS v)", [t, v]).fetchone()[0]
           for t, v, _ in cases]
    assert got == pytest.approx([s for *_, s in cases])


def test_an_article_that_agrees_with_the_winner_is_no_conflict(tmp_path):
    """Three articles: new (latest, 110亿元) wins; mid (110.0亿元, +5%) agrees with it; old (100亿元) does not.
    Only old is listed and counted; mid's rows carry no conflict flag and stay in the charts, like the rows
    of a group without conflict."""
    store = store_of(tmp_path, article("old.txt", "2024-07", [("地区生产总值", "100", "亿元", 5.0)]),
                     article("mid.txt", "2024-08", [("地区生产总值", "110.0", "亿元", "5.0")]),
                     article("new.txt", "2024-09", [("地区生产总值", "110", "亿元", 5)]))
    assert Q.conflict_count(store) == (1, 1)
    pairs, n = Q.conflict_pairs(store)
    assert n == 1 and list(pairs["a_article"]) == ["new.txt"] and list(pairs["b_article"]) == ["old.txt"]
    flags = Q.detail_page(store).set_index("article")["conflict"]
    assert flags.to_dict() == {"old.txt": True, "mid.txt": False, "new.txt": True}
    rows, _ = Q.comparison_rows(store, "地区生产总值", mixed=True)
    assert "old.txt" not in set(rows["article"])
    drawn = Q.growth_rows(store, indicator="地区生产总值")[0]
    assert "old.txt" not in set(drawn["article"]) and set(drawn["article"]) <= {"new.txt", "mid.txt"}
    assert Q.conflict_indicator_options(store) == ["地区生产总值"]


def test_the_winner_without_a_value_leaves_the_comparison_to_the_next_article(tmp_path):
    """new (latest) states only the growth; the values are compared with the next article by the same order
    (mid): old's value disagrees with mid's, so old loses; mid is listed beside it, not as a loser."""
    store = store_of(tmp_path, article("old.txt", "2024-07", [("地区生产总值", "120", "亿元", 5.0)]),
                     article("mid.txt", "2024-08", [("地区生产总值", "100", "亿元", 5.0)]),
                     article("new.txt", "2024-09", [("地区生产总值", None, "亿元", 5.0)]))
    pairs, n = Q.conflict_pairs(store)
    assert n == 1 and list(pairs["b_article"]) == ["old.txt"] and list(pairs["a_article"]) == ["mid.txt"]
    assert bool(pairs["on_value"].iloc[0]) and not bool(pairs["on_yoy"].iloc[0])
    rows, _ = Q.comparison_rows(store, "地区生产总值", mixed=True)
    assert "old.txt" not in set(rows["article"])


def test_no_conflict_across_periods_regions_units_or_within_one_article(tmp_path):
    store = store_of(
        tmp_path,
        article("a.txt", "2024-07", [("投资", "2.3", "亿元", None), ("投资", "12.7", "亿元", None)]),   # one article
        article("b.txt", "2024-08", [("地区生产总值", "100", "亿元", None)]),
        article("c.txt", "2024-10", [("地区生产总值", "150", "亿元", None)], period="2024年1-9月", months=(1, 9)),
        article("d.txt", "2024-08", [("地区生产总值", "120", "亿元", None)], region="绿园区"),
        article("e.txt", "2024-08", [("地区生产总值", "50", "万辆", None)], qualifier=""),          # another unit family
        article("f.txt", "2024-09", [("地区生产总值", "130", "亿元", None)], qualifier="约"),        # an estimate
    )
    # b (100亿元) and e (50万辆) share region, indicator and period but not the unit family; f is an estimate
    assert Q.conflict_count(store) == (0, 0)
    assert not Q.detail_page(store)["conflict"].any()


@pytest.fixture
def conflicting(tmp_path):
    """双阳区 GDP 2024年1-6月: 100亿元 (older article) against 110亿元 (published later); 绿园区 without conflict."""
    old = article("old.txt", "2024-07", [("地区生产总值", "100", "亿元", 5.0), ("固定资产投资", "20", "亿元", None)])
    new = article("new.txt", "2024-09", [("地区生产总值", "110", "亿元", 5.0)])
    other = article("lv.txt", "2024-08", [("地区生产总值", "80", "亿元", 3.0)], region="绿园区")
    return store_of(tmp_path, old, new, other)


def _gdp(rows: pd.DataFrame, region: str = "双阳区") -> pd.DataFrame:
    return rows[(rows["region"] == region) & (rows["indicator"] == "地区生产总值")]


def test_the_latest_published_article_wins_in_every_chart_query(conflicting):
    store = conflicting
    pairs, n = Q.conflict_pairs(store)
    assert n == 1
    p = pairs.iloc[0]
    assert (p["a_article"], p["b_article"]) == ("new.txt", "old.txt") and p["a_value"] == 110 and p["b_value"] == 100
    assert p["a_title"] == "双阳区经济new.txt" and p["a_published"] == "2024-09" and p["b_published"] == "2024-07"
    text = store.article_text("old.txt")
    assert text[int(p["b_start"]):int(p["b_end"])] == "100亿元" and "100亿元" in p["b_sentence"]
    assert bool(p["on_value"]) and not bool(p["on_yoy"]) and not bool(p["chosen"])
    # charts: the winner only, flagged
    for rows in (Q.comparison_rows(store, "地区生产总值", mixed=True)[0],
                 Q.comparison_rows(store, "地区生产总值", period="2024年1-6月")[0],
                 Q.growth_rows(store, indicator="地区生产总值")[0]):
        g = _gdp(rows)
        assert list(g["article"]) == ["new.txt"] and g["conflict"].all()
        assert not _gdp(rows, "绿园区")["conflict"].any()
    latest = store.overview()["latest"]
    g = _gdp(latest)
    assert list(g["value"]) == [110] and g["conflict"].all()
    # tables: both rows, flagged; the rest not
    detail = Q.detail_page(store)
    assert sorted(_gdp(detail)["article"]) == ["new.txt", "old.txt"] and _gdp(detail)["conflict"].all()
    assert not detail[detail["indicator"] == "固定资产投资"]["conflict"].any()
    # the loser's other figures stay in the charts
    assert "old.txt" in set(Q.comparison_rows(store, "固定资产投资", mixed=True)[0]["article"])


def test_ties_in_the_month_go_to_the_article_stored_last(tmp_path):
    a = article("z_first.txt", "2024-08", [("地区生产总值", "100", "亿元", None)])
    b = article("a_second.txt", "2024-08", [("地区生产总值", "110", "亿元", None)])
    store = Store(tmp_path / "t.duckdb")
    store.rebuild([a])
    store.add([b])    # stored later (added_at), although its name sorts first
    pairs, _ = Q.conflict_pairs(store)
    assert pairs["a_article"].iloc[0] == "a_second.txt"


def test_a_user_choice_makes_another_article_win_and_undo_restores_the_rule(conflicting):
    store = conflicting
    pairs, _ = Q.conflict_pairs(store)
    p = pairs.iloc[0]
    cid = store.add_correction("choice", article=p["b_article"], start=int(p["b_start"]), end=int(p["b_end"]),
                               row_indicator=p["b_ind0"], note="统计公报为准")
    pairs, n = Q.conflict_pairs(store)
    assert n == 1 and pairs["a_article"].iloc[0] == "old.txt" and bool(pairs["chosen"].iloc[0])
    rows, _ = Q.comparison_rows(store, "地区生产总值", mixed=True)
    assert list(_gdp(rows)["value"]) == [100]
    assert list(_gdp(store.overview()["latest"])["value"]) == [100]
    assert _gdp(Q.detail_page(store)).set_index("article").loc["old.txt", "reviewed"] == ""   # choosing between articles is not checking the figure
    store.undo_correction(cid)
    assert Q.conflict_pairs(store)[0]["a_article"].iloc[0] == "new.txt"
    assert list(_gdp(store.overview()["latest"])["value"]) == [110]


def test_an_edit_can_resolve_a_conflict(conflicting):
    store = conflicting
    old = _gdp(Q.detail_page(store)).set_index("article").loc["old.txt"]
    store.add_correction("edit", article="old.txt", start=int(old["start"]), end=int(old["end"]), value=110)
    assert Q.conflict_count(store) == (0, 0)
    assert not Q.detail_page(store)["conflict"].any()


def test_a_row_marked_wrong_takes_no_part_in_conflicts(conflicting):
    store = conflicting
    new = _gdp(Q.detail_page(store)).set_index("article").loc["new.txt"]
    store.add_correction("wrong", article="new.txt", start=int(new["start"]), end=int(new["end"]))
    assert Q.conflict_count(store) == (0, 0)
    rows, _ = Q.comparison_rows(store, "地区生产总值", mixed=True)
    assert list(_gdp(rows)["article"]) == ["old.txt"]


def test_conflict_list_filters_by_region_and_indicator(conflicting):
    assert Q.conflict_count(conflicting, ["绿园区"]) == (0, 0)
    assert Q.conflict_count(conflicting, ["双阳区"], "地区生产总值") == (1, 1)
    assert Q.conflict_count(conflicting, None, "固定资产投资") == (0, 0)
    assert Q.conflict_pairs(conflicting, limit=0)[0].empty


def test_conflicts_follow_every_write(conflicting):
    assert Q.conflict_count(conflicting) == (1, 1)
    conflicting.delete(["new.txt"])
    assert Q.conflict_count(conflicting) == (0, 0)
    rows, _ = Q.comparison_rows(conflicting, "地区生产总值", mixed=True)
    assert list(_gdp(rows)["article"]) == ["old.txt"] and not rows["conflict"].any()


def test_conflict_sql_is_derived_in_the_write_transaction():
    # the conflict rows are a derived table of the store, listed with the summaries
    assert "conflict_rows" in C.DERIVED_TABLES


def test_rows_without_a_span_do_not_stand_in_for_each_other(tmp_path):
    """Rows of one article without spans (e.g. from a table) are told apart by region, subject and period:
    a loser of one period does not take the article's other rows out of the charts."""
    def spanless(p: Parsed, more: Parsed | None = None) -> Parsed:
        ind = p.indicators if more is None else pd.concat([p.indicators, more.indicators.assign(article=p.article)])
        return Parsed(article=p.article, text=p.text, title=p.title, region=p.region, published=p.published,
                      year=p.year, indicators=coerce(ind.assign(start=pd.NA, end=pd.NA), INDICATOR_COLUMNS),
                      projects=empty_frame(PROJECT_COLUMNS))
    a = spanless(article("a.txt", "2024-07", [("产值", "1", "亿元", None)], period="2024年4-6月", months=(4, 6)),
                 article("a_h1.txt", "2024-07", [("产值", None, "亿元", 2.0)]))
    b = spanless(article("b.txt", "2024-08", [("产值", "2.5", "亿元", None)], period="2024年4-6月", months=(4, 6)))
    store = store_of(tmp_path, a, b)
    assert Q.conflict_count(store) == (1, 1)
    rows, _ = Q.comparison_rows(store, "产值", period="2024年1-6月")
    assert list(rows["article"]) == ["a.txt"] and not rows["conflict"].any()
    rows, _ = Q.comparison_rows(store, "产值", period="2024年4-6月")
    assert list(rows["article"]) == ["b.txt"] and rows["conflict"].all()


def test_rows_without_spans_that_share_a_key_are_not_multiplied_by_the_conflict_join(tmp_path):
    """Rows of one article without spans and with one region, subject, indicator and period share a key in
    the conflict table: joining it must not repeat them (once per copy) in tables, charts or cards."""
    a = article("a.txt", "2024-09", [("地区生产总值", None, "", 9.5)])
    extra = pd.concat([a.indicators] * 4, ignore_index=True)
    extra[["start", "end"]] = None                            # no spans: four rows of one key
    extra.loc[1:, "yoy_pct"] = None                            # the first with its growth rate, three without
    a = Parsed(article=a.article, text=a.text, title=a.title, region=a.region, published=a.published, year=a.year,
               indicators=coerce(extra, INDICATOR_COLUMNS), projects=a.projects)
    b = article("b.txt", "2024-07", [("地区生产总值", None, "", -3.0)])
    store = store_of(tmp_path, a, b)
    assert Q.conflict_count(store) == (1, 1)                   # b disagrees with the winner a
    shown, _ = Q.detail_count(store)
    page = Q.detail_page(store, limit=100)
    assert len(page) == shown == 5 and page["conflict"].all()
    latest = store.overview()["latest"]
    assert list(latest.loc[latest["indicator"] == "地区生产总值", "yoy_pct"]) == [9.5]
    assert Q.growth_rows(store, region="双阳区")[0]["yoy_pct"].tolist() == [9.5]
