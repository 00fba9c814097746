"""parsers.summaries: the overview's SQL, on frames, live on the store and materialized by it (same answers)."""
from __future__ import annotations

import pandas as pd
import pytest

from parsers import summaries as S
from parsers.store import Store
from test_transforms import ind, ind_row, make_ind  # noqa: F401  (fixture + row builders)


def test_latest_by_region_picks_latest_period(ind):
    out = S.latest_by_region(ind)
    got = {(r, i): p for r, i, p in zip(out["region"], out["indicator"], out["period"])}
    assert got[("二道区", "规上工业产值")] == "2024年1-7月"
    assert got[("双阳区", "规上工业产值")] == "2024年1-6月"  # subject row (1-7月) not region-wide
    assert got[("双阳区", "汽车产量")] == "2023年"
    assert not out.duplicated(["region", "indicator"]).any()
    assert list(out.columns) == list(ind.columns) and out.dtypes.equals(ind.dtypes)
    assert list(zip(out["region"], out["indicator"])) == sorted(zip(out["region"], out["indicator"]))


@pytest.mark.parametrize("rows, expected", [
    pytest.param([ind_row("甲区", "产值", "H1", None, "", 3.0), ind_row("甲区", "产值", "H1", 5, "亿元", 3.0)],
                 5, id="same-period-row-with-value-wins"),
    pytest.param([ind_row("甲区", "产值", "H1", 5, "亿元", 3.0), ind_row("甲区", "产值", "H1", 6, "亿元", 4.0)],
                 6, id="full-tie-later-row-wins"),
    pytest.param([ind_row("甲区", "产值", "H1", 6, "亿元", 4.0, article="b.txt"),
                  ind_row("甲区", "产值", "H1", 5, "亿元", 3.0, article="a.txt")],
                 6, id="full-tie-later-article-wins-whatever-the-row-order"),
    pytest.param([ind_row("甲区", "产值", "M7", 7, "亿元", None), ind_row("甲区", "产值", "H1", 5, "亿元", 3.0)],
                 7, id="later-period-beats-more-information"),
    pytest.param([ind_row("甲区", "产值", "Y23", 9, "亿元", 1.0), ind_row("甲区", "产值", "H1", 5, "亿元", 3.0)],
                 5, id="full-year-2023-before-2024-h1"),
])
def test_latest_tie_breaks(rows, expected):
    assert S.latest_by_region(make_ind(rows))["value"].tolist() == [expected]


def test_rows_without_indicator_name_are_not_summarised():
    rows = [ind_row("甲区", "产值", "H1", 5, "亿元", 3.0), ind_row("甲区", "", "H1", 7, "亿元", 1.0)]
    assert S.latest_by_region(make_ind(rows))["indicator"].tolist() == ["产值"]
    assert list(S.coverage_matrix(make_ind(rows)).columns) == ["产值"]


def test_latest_regions_filter(ind):
    out = S.latest_by_region(ind, ["绿园区"])
    assert set(out["region"]) == {"绿园区"} and len(out) == 3
    assert S.latest_by_region(ind, "绿园区").equals(out)


def test_coverage_matrix_cells_list_periods(ind):
    m = S.coverage_matrix(ind)
    assert list(m.index) == sorted(["双阳区", "绿园区", "二道区", "朝阳区"])
    assert m.loc["二道区", "规上工业产值"] == "2024年1-6月、2024年1-7月"  # oldest first
    assert m.loc["朝阳区", "社零总额"] == ""
    assert m.columns[0] == "规上工业产值"  # most districts first
    assert list(S.coverage_matrix(ind, ["朝阳区"]).columns) == ["规上工业产值"]


@pytest.mark.parametrize("fn", [S.latest_by_region, S.coverage_matrix], ids=["latest", "coverage"])
def test_empty_frame(fn):
    assert fn(make_ind([])).empty


@pytest.mark.parametrize("regions", [None, ["双阳区"], ["二道区", "绿园区"], ["没有的区"]],
                         ids=["all", "one", "two", "unknown"])
def test_store_and_frame_give_the_same_answers(filled_store, parsed_factory, regions):
    """The summary tables the store keeps, the same SQL run live on the store, and on the frame read from it."""
    # same figures again, stored later under a name that sorts first: the tie-break is by position
    # (article, start), not by storage order, on both paths
    filled_store.add([parsed_factory("二道区", article="erdao_0.txt", extra="又一篇。")])
    ind = filled_store.indicators()
    kept = S.overview(filled_store.query, regions)
    live = S.overview(filled_store.query, regions, materialized=False)
    frame_cov, frame_latest = S.coverage_matrix(ind, regions), S.latest_by_region(ind, regions)
    for got in (kept, live):
        pd.testing.assert_frame_equal(got["coverage"], frame_cov)
        pd.testing.assert_frame_equal(got["latest"][frame_latest.columns].reset_index(drop=True), frame_latest,
                                      check_dtype=False)


def test_summaries_follow_every_write(filled_store, parsed_factory):
    before = S.overview(filled_store.query)["coverage"]
    filled_store.add([parsed_factory("绿园区", article="lvyuan_h1.txt", extra="上半年。")])
    assert S.overview(filled_store.query)["counts"]["articles"] == 4
    filled_store.delete(["lvyuan_h1.txt", "erdao_2024h1.txt"])
    after = S.overview(filled_store.query)
    assert "二道区" in before.index and "二道区" not in after["coverage"].index
    assert "二道区" not in set(after["latest"]["region"])
    filled_store.rebuild([], source="cli")
    assert S.overview(filled_store.query)["latest"].empty


def test_failed_write_leaves_the_summaries_as_they_were(filled_store, parsed_factory, monkeypatch):
    before = S.overview(filled_store.query)

    def broken(con, **kw):
        raise RuntimeError("disk full")
    monkeypatch.setattr(S, "materialize", broken)
    with pytest.raises(RuntimeError):
        filled_store.add([parsed_factory("绿园区", article="lvyuan_new.txt", extra="新的一篇。")])
    monkeypatch.undo()
    after = S.overview(filled_store.query)
    assert after["counts"] == before["counts"]
    pd.testing.assert_frame_equal(after["latest"], before["latest"])
    pd.testing.assert_frame_equal(after["coverage"], before["coverage"])


def test_store_written_before_the_summaries_gets_them(filled_store):
    import duckdb
    con = duckdb.connect(str(filled_store.path))
    con.execute("DROP TABLE summary_latest")
    con.execute("DROP TABLE summary_cells")
    con.close()
    # read as it is: the summaries are computed for the read, nothing is written
    v0 = filled_store.version()
    read = S.overview(filled_store.query)
    assert read["counts"]["articles"] == 3 and len(read["latest"]) == len(S.latest_by_region(filled_store.indicators()))
    assert S.regions(filled_store.query) and filled_store.version() == v0
    assert filled_store.ensure_built() is False  # not rebuilt from seeds ...
    assert filled_store.version() != v0          # ... but upgraded: caches see the change
    assert len(S.overview(filled_store.query)["latest"]) == len(S.latest_by_region(filled_store.indicators()))


def test_overview_counts_and_articles(filled_store, parsed_factory):
    city = parsed_factory("双阳区", article="city_report.txt", extra="全市经济运行情况。")
    city.region = ""  # a city-wide article with figures for 双阳区
    filled_store.add([city])
    arts, ind, prj = filled_store.articles(), filled_store.indicators(), filled_store.projects()
    out = S.overview(filled_store.query)
    assert out["counts"] == {"articles": len(arts), "indicators": len(ind), "projects": len(prj)}
    got = out["articles"].set_index("article")
    assert got["n_indicators"].to_dict() == ind.groupby("article").size().to_dict()
    assert got["n_projects"].to_dict() == prj.groupby("article").size().to_dict()
    assert "text" not in got.columns  # metadata only
    # for a selection: the articles about those districts or with figures for them
    assert arts.set_index("article").loc["city_report.txt", "region"] == ""
    assert set(S.overview(filled_store.query, ["双阳区"])["articles"]["article"]) == \
        {"shuangyang_2024h1.txt", "city_report.txt"}
    assert set(S.overview(filled_store.query, ["绿园区"])["articles"]["article"]) == {"lvyuan_2024m7.txt"}


def test_regions_lists_every_table(filled_store):
    expected = sorted({r for t in (filled_store.indicators(), filled_store.projects(), filled_store.articles())
                       for r in t["region"] if r})
    assert S.regions(filled_store.query) == expected


def test_missing_store_answers_empty(tmp_db):
    store = Store(tmp_db)
    out = S.overview(store.query)
    assert out["counts"] == {"articles": 0, "indicators": 0, "projects": 0}
    assert out["latest"].empty and out["coverage"].empty and out["articles"].empty
    assert S.regions(store.query) == [] and not tmp_db.exists()  # reading never creates the file
