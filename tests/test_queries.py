"""store.queries: every view's read in DuckDB equals the pandas path it replaced (the whole indicator
table loaded, then ``components.transforms``), on the seed articles and on the hand-built districts.

The pandas path is the oracle: ``Store.indicators()`` / ``Store.projects()`` (whole tables, the store's
order) through the transforms the pages called before.
"""
from __future__ import annotations

import pandas as pd
import pytest

from components import transforms as T
from store import queries as Q
from store.db import Store

from tests.conftest import SEEDS_DIR


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("seeds") / "dashboard.duckdb")
    store.ensure_built(SEEDS_DIR)
    return store


@pytest.fixture(params=["seeds", "hand-built"])
def store(request, seed_store, filled_store) -> Store:
    return seed_store if request.param == "seeds" else filled_store


MAX_INDICATORS = 8   # per selection: the first (best-covered) indicators, to keep the test short


def selections(store: Store) -> list[list[str] | None]:
    regions = store.regions()
    return [None, regions[:1], regions[1:3], ["没有这个区"]]


def frames_equal(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Equal on the oracle's columns; the query's own ``reviewed`` / ``conflict`` columns (store/corrections.py)
    are '' and False here: these stores hold no correction and no conflict between articles."""
    extra = [c for c in Q.EXTRA_COLUMNS if c in got.columns and c not in want.columns]
    if extra:
        assert (got["reviewed"] == "").all() and not got["conflict"].any()
        got = got.drop(columns=extra)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)


def test_indicator_options_equal_the_pandas_path(store):
    ind = store.indicators()
    growth = ind[ind["yoy_pct"].notna()]
    for sel in selections(store):
        assert Q.indicator_options(store, sel) == T.indicator_options(ind, sel), sel
        assert Q.indicator_options(store, sel, growth_only=True) == T.indicator_options(growth, sel), sel
    assert Q.indicator_options(store)   # not vacuous


def test_period_options_equal_the_pandas_path(store):
    ind = store.indicators()
    checked = 0
    for sel in selections(store):
        for indicator in T.indicator_options(ind, sel)[:MAX_INDICATORS * 2]:
            assert Q.period_options(store, indicator, sel) == T.period_options(ind, indicator, sel), (sel, indicator)
            checked += 1
    assert checked > 5


def test_comparison_equals_the_pandas_path(store):
    """Both modes, every indicator and (same period) every period of every selection: the chart frame
    and its note built from the query's rows equal those built from the whole table."""
    ind = store.indicators()
    checked = 0
    for sel in selections(store):
        for indicator in T.indicator_options(ind, sel)[:MAX_INDICATORS]:
            rows, covered = Q.comparison_rows(store, indicator, sel, mixed=True)
            want = T.comparison_frame(ind, indicator, sel, allow_mixed=True)
            got = T.comparison_frame(rows, indicator, sel, allow_mixed=True, covered=covered)
            frames_equal(got[0], want[0])
            assert got[1] == want[1]
            for period in T.period_options(ind, indicator, sel)[:4]:
                rows, covered = Q.comparison_rows(store, indicator, sel, period)
                want = T.comparison_frame(ind, indicator, sel, period=period)
                got = T.comparison_frame(rows, indicator, sel, period=period, covered=covered)
                frames_equal(got[0], want[0])
                assert got[1] == want[1], (indicator, period)
                checked += 1
    assert checked > 10


def test_comparison_rows_are_only_what_the_chart_needs(seed_store):
    ind = seed_store.indicators()
    indicator = T.indicator_options(ind)[0]
    period = T.period_options(ind, indicator)[0]
    rows, covered = Q.comparison_rows(seed_store, indicator, None, period)
    assert len(rows) and set(rows["period"]) == {period} and set(rows["indicator"]) == {indicator}
    assert (rows["subject"].fillna("") == "").all() and len(rows) < len(ind) / 5
    assert set(rows["region"]) <= set(covered)


def test_growth_ranking_equals_the_pandas_path(store):
    ind = store.indicators()
    checked = 0
    for subjects in (False, True):
        for region in Q.growth_regions(store):
            rows, total = Q.growth_rows(store, region=region, include_subjects=subjects)
            want = T.growth_ranking(ind, region=region, include_subjects=subjects)
            frames_equal(T.growth_ranking(rows, region=region, include_subjects=subjects), want)
            assert total == len(want)
            checked += 1
        for sel in selections(store):
            for indicator in T.indicator_options(ind[ind["yoy_pct"].notna()], sel):
                rows, total = Q.growth_rows(store, indicator=indicator, regions=sel, include_subjects=subjects)
                want = T.growth_ranking(ind, indicator=indicator, include_subjects=subjects, regions=sel)
                frames_equal(T.growth_ranking(rows, indicator=indicator, include_subjects=subjects, regions=sel),
                             want)
                checked += 1
    assert checked > 10


def test_growth_rows_keep_the_largest_rates_when_capped(seed_store):
    region = Q.growth_regions(seed_store)[0]
    full, total = Q.growth_rows(seed_store, region=region, include_subjects=True)
    assert total == len(full) > 3
    top, total3 = Q.growth_rows(seed_store, region=region, include_subjects=True, limit=3)
    assert total3 == total and len(top) == 3
    assert sorted(top["yoy_pct"], reverse=True) == sorted(full["yoy_pct"], reverse=True)[:3]


def test_growth_regions_equal_the_pandas_path(store):
    ind = store.indicators()
    growth = ind[ind["yoy_pct"].notna()]
    for sel in selections(store):
        scope = sel or store.regions()
        assert Q.growth_regions(store, sel) == [r for r in T.unique_values(growth, "region") if r in scope]


def test_project_rows_equal_the_pandas_path(store):
    prj = store.projects()
    for sel in selections(store):
        frames_equal(Q.project_rows(store, sel), T.filter_projects(prj, sel))


@pytest.mark.parametrize("text", ["", "增长", "工业 增长", "规上 亿元", "GDP", "x' OR '1'='1", "%", "_", "\\"])
def test_detail_search_equals_the_pandas_path(store, text):
    ind = store.indicators()
    inds_all = T.unique_values(ind, "indicator")
    pers_all = T.unique_values(ind, "period")
    for sel in selections(store):
        for inds, pers in ((None, None), (inds_all[:3], None), (None, pers_all[-2:]), (inds_all[:5], pers_all[:4])):
            want = T.search_indicators(ind, text, sel, inds, pers)
            shown, total = Q.detail_count(store, text, sel, inds, pers)
            assert (shown, total) == (len(want), len(ind))
            frames_equal(Q.detail_page(store, text, sel, inds, pers, limit=len(want) + 1), want)
            if len(want) > 7:   # a page in the middle
                frames_equal(Q.detail_page(store, text, sel, inds, pers, limit=5, offset=2), want.iloc[2:7])


def test_detail_facets_equal_the_pandas_path(store):
    ind = store.indicators()
    for sel in selections(store):
        scope = T.search_indicators(ind, "", sel)
        assert Q.detail_facets(store, sel) == (T.unique_values(scope, "indicator"), T.unique_values(scope, "period"))


def test_detail_rows_are_capped_and_say_so(seed_store):
    n = seed_store.counts()["indicators"]
    rows, capped = Q.detail_rows(seed_store, limit=10)
    assert len(rows) == 10 and capped
    rows, capped = Q.detail_rows(seed_store, limit=n)
    assert len(rows) == n and not capped
    arts = seed_store.articles().set_index("article")
    assert list(rows["title"]) == [arts.at[a, "title"] for a in rows["article"]]        # joined per row
    assert list(rows["published"]) == [arts.at[a, "published"] for a in rows["article"]]
    frames_equal(rows.drop(columns=["title", "published"]), seed_store.indicators())


def test_a_search_term_is_a_value_not_sql(filled_store):
    v0, counts = filled_store.version(), filled_store.counts()
    for evil in ("'; DROP TABLE indicators; --", "x') OR 1=1 --", "$regions"):
        assert Q.detail_count(filled_store, evil) == (0, counts["indicators"])
        assert Q.indicator_options(filled_store, [evil]) == []
        assert Q.period_options(filled_store, evil) == []
        assert Q.growth_rows(filled_store, indicator=evil)[1] == 0
    assert filled_store.counts() == counts and filled_store.version() == v0


def test_queries_on_a_missing_store_are_empty_and_create_nothing(tmp_db):
    store = Store(tmp_db)
    assert Q.indicator_options(store) == [] and Q.period_options(store, "x") == []
    rows, covered = Q.comparison_rows(store, "x", mixed=True)
    assert rows.empty and covered == [] and list(rows.columns) == list(store.indicators().columns) + list(Q.EXTRA_COLUMNS)
    assert Q.growth_rows(store)[1] == 0 and Q.growth_regions(store) == []
    assert Q.project_rows(store).empty and Q.detail_facets(store) == ([], [])
    assert Q.detail_count(store) == (0, 0) and Q.detail_page(store).empty
    assert not tmp_db.exists()


def test_the_overview_lists_the_latest_articles_and_counts_them_all(filled_store):
    from store import summaries
    full = summaries.overview(filled_store._query, None)
    few = summaries.overview(filled_store._query, None, article_limit=2)
    assert few["shown"]["articles"] == full["shown"]["articles"] == 3
    latest = full["articles"].sort_values(["added_at", "article"], ascending=[False, True]).head(2)
    assert sorted(few["articles"]["article"]) == sorted(latest["article"])
    frames_equal(few["articles"].set_index("article").loc[sorted(latest["article"])].reset_index(),
                 full["articles"].set_index("article").loc[sorted(latest["article"])].reset_index())


def test_without_a_selection_the_overview_shows_the_best_covered_districts(filled_store):
    from store import summaries
    full = summaries.overview(filled_store._query, None)
    two = summaries.overview(filled_store._query, None, max_regions=2)
    assert full["matrix_regions"] == {"shown": None, "total": 3}
    assert two["matrix_regions"] == {"shown": 2, "total": 3}
    cells = full["coverage"].ne("").sum(axis=1)
    best = sorted(cells.sort_values(ascending=False, kind="mergesort").index[:2])   # ties: by name
    assert sorted(two["coverage"].index) == best and set(two["latest"]["region"]) == set(best)
    assert two["shown"] == full["shown"] and two["counts"] == full["counts"]
    sel = summaries.overview(filled_store._query, ["绿园区", "二道区", "双阳区"], max_regions=2)
    assert len(sel["coverage"]) == 3   # a selection is shown whole
