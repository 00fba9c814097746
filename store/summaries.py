"""Region-level summaries of the indicator table, written once as SQL.

The overview needs, per district, the latest figure of every indicator and which
periods exist (the coverage matrix).  Computing that in pandas means loading every
indicator row first; DuckDB computes it where the rows are.  The same SQL runs

* on a pandas frame: ``latest_by_region(frame)``, ``coverage_matrix(frame)`` (pure);
* in the store, at write time: :func:`materialize` keeps two small tables
  (``summary_latest``: one row per district and indicator; ``summary_cells``: the
  periods of each district and indicator) in the same transaction as the write, so
  reading the overview (:func:`overview`) does not rank or aggregate the indicator
  table again (only the row counts per article are counted on read).

The rules:

* region-wide rows only (``subject == ""``), districts with a name;
* latest = greatest (year, month_to, span); a missing year sorts first, a period
  without months is a full year (ends in month 12); ties prefer rows carrying a
  value and a growth rate, then a value only, then a growth rate only; then the later
  position (article, start, sent_start in the text; a missing one sorts first), then the
  later row (frame order / the row stored last);
* coverage cells list their periods oldest first (a label's order comes from all
  region-wide rows, whatever the selection); indicators are ordered by the number of
  districts covered, then rows, then name.

No streamlit here.
"""
from __future__ import annotations

from typing import Callable, Sequence

import duckdb
import pandas as pd

from . import corrections

# ``{src}`` is a SELECT yielding the indicator columns plus ``_rid``, a row id that grows
# with the row order (frame position / store insertion order): the very last tie-break.
FRAME_SOURCE = "SELECT * FROM frame"
# the store's chart rows: corrections applied, rows marked wrong and conflict losers left out
# (store/corrections.py; the marker is bound by the store to the plain or corrected source)
STORE_SOURCE = f"SELECT * EXCLUDE (_ind0, _reg0, _subj0, _hidden) FROM {corrections.CHART}"

_REGION_ROWS = """
    SELECT * FROM ({src})
    WHERE coalesce(subject, '') = '' AND coalesce(region, '') <> '' AND coalesce(indicator, '') <> ''
      AND ($regions IS NULL OR list_contains($regions, region))
"""

LATEST_SQL = """
WITH r AS ({rows}),
k AS (SELECT arg_max(_rid, (coalesce(year, -1), coalesce(month_to, 12),
                            coalesce(month_to, 12) - coalesce(month_from, 1),
                            (value IS NOT NULL)::INT * 2 + (yoy_pct IS NOT NULL)::INT,
                            coalesce(article, ''), coalesce("start", -1), coalesce(sent_start, -1), _rid)) AS _rid
      FROM r GROUP BY region, indicator)
SELECT * EXCLUDE (_rid) FROM r WHERE _rid IN (SELECT _rid FROM k)
ORDER BY region, indicator
"""

# All region-wide rows (any selection): a period label's sort key does not depend on the selection.
_ALL_ROWS = ("SELECT * FROM ({src}) "
             "WHERE coalesce(subject, '') = '' AND coalesce(region, '') <> '' AND coalesce(indicator, '') <> ''")

CELLS_SQL = """
WITH p AS (SELECT coalesce(period, '') AS period, max(coalesce(year, -1)) AS y, max(coalesce(month_to, 12)) AS m,
                  max(coalesce(month_to, 12) - coalesce(month_from, 1)) AS span
           FROM ({all_rows}) GROUP BY 1),
c AS (SELECT region, indicator, coalesce(period, '') AS period, count(*) AS n
      FROM ({rows}) GROUP BY ALL)
SELECT c.region, c.indicator, string_agg(c.period, '、' ORDER BY p.y, p.m, p.span, c.period) AS periods,
       sum(c.n) AS n_rows
FROM c JOIN p USING (period)
GROUP BY c.region, c.indicator
"""

# Reading the coverage from cells (live or materialized) for a selection.
CELLS_FOR = "SELECT region, indicator, periods, n_rows FROM ({cells}) WHERE $regions IS NULL OR list_contains($regions, region)"
ORDER_FOR = """
SELECT indicator, count(*) AS n_regions, sum(n_rows) AS n_rows FROM ({cells})
WHERE $regions IS NULL OR list_contains($regions, region)
GROUP BY indicator ORDER BY n_regions DESC, n_rows DESC, indicator
"""

# Materialized in the store (all regions); read with the selection applied.
SUMMARY_TABLES = ("summary_latest", "summary_cells") + corrections.DERIVED_TABLES
LATEST_FOR = "SELECT * FROM summary_latest WHERE $regions IS NULL OR list_contains($regions, region) ORDER BY region, indicator"

# Store-only summaries (they need the three tables).
REGIONS_SQL = """
SELECT DISTINCT region FROM (
    SELECT region FROM indicators UNION ALL SELECT region FROM projects UNION ALL SELECT region FROM articles
    UNION ALL SELECT region FROM corr_rows UNION ALL SELECT region FROM corr_added)   -- corrected districts too
WHERE coalesce(region, '') <> ''
"""

COUNTS_SQL = """
SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM indicators) AS indicators,
       (SELECT count(*) FROM projects) AS projects,
       (SELECT count(*) FROM indicators WHERE $regions IS NULL OR list_contains($regions, region)) AS shown_indicators,
       (SELECT count(*) FROM projects WHERE $regions IS NULL OR list_contains($regions, region)) AS shown_projects
"""

# The selection's articles: the latest $article_limit of them (by import time) with their row counts, and
# how many there are (the overview lists the latest; a national store holds hundreds of thousands).
ARTICLES_SQL = """
WITH hit AS (SELECT DISTINCT article FROM indicators WHERE list_contains($regions, region)),
sel AS (SELECT * FROM articles a
        WHERE $regions IS NULL OR list_contains($regions, a.region) OR a.article IN (SELECT article FROM hit)),
top AS (SELECT * FROM sel ORDER BY added_at DESC, article LIMIT $article_limit),
ni AS (SELECT article, count(*) AS n FROM indicators WHERE article IN (SELECT article FROM top) GROUP BY article),
np AS (SELECT article, count(*) AS n FROM projects WHERE article IN (SELECT article FROM top) GROUP BY article)
SELECT a.article, a.title, a.region, a.published, a.source, a.n_chars, a.added_at,
       coalesce(ni.n, 0) AS n_indicators, coalesce(np.n, 0) AS n_projects, (SELECT count(*) FROM sel) AS n_total
FROM top a LEFT JOIN ni USING (article) LEFT JOIN np USING (article)
ORDER BY a.added_at, a.article
"""
ARTICLE_LIMIT = 1_000
# Without a selection, the cards and the coverage matrix show at most this many districts, the best
# covered (most indicators, then name): a national store has ~3,000, a matrix of 3,000 x 60 cells is
# neither readable nor quick to draw.  A selection is shown whole.
MATRIX_REGIONS = 60
TOP_REGIONS_SQL = """
SELECT region, count(*) OVER () AS n_total FROM ({cells}) GROUP BY region ORDER BY count(*) DESC, region LIMIT $n
"""

Query = Callable[..., list[pd.DataFrame]]  # (sql, params), ... -> frames


def _params(regions) -> dict:
    if regions is None or isinstance(regions, str):
        regions = [regions] if regions else None
    regions = [str(r) for r in regions if r is not None] if regions is not None else None
    return {"regions": regions or None}


def _sql(template: str, src: str, *, selected: bool = True) -> str:
    rows = _REGION_ROWS.format(src=src) if selected else _ALL_ROWS.format(src=src)
    return template.format(rows=rows, all_rows=_ALL_ROWS.format(src=src))


def _cells_sql(src: str) -> str:
    """Cells of every region (the selection is applied when reading them)."""
    return _sql(CELLS_SQL, src, selected=False)


def frame_query(ind: pd.DataFrame) -> Query:
    """A ``Query`` over one indicator frame (registered in an in-memory DuckDB)."""
    def run(*statements):
        con = duckdb.connect()
        try:
            # a deep copy: DuckDB cannot scan arrays with negative strides (a reversed view, df.iloc[::-1])
            con.register("frame", ind.assign(_rid=range(len(ind))).reset_index(drop=True).copy(deep=True))
            return [con.sql(sql, params=params).df() for sql, params in statements]
        finally:
            con.close()
    return run


def latest_rows(query: Query, src: str, regions=None) -> pd.DataFrame:
    (out,) = query((_sql(LATEST_SQL, src), _params(regions)))
    return out.reset_index(drop=True)


def coverage_rows(query: Query, src: str, regions=None) -> pd.DataFrame:
    cells = _cells_sql(src)
    got, order = query((CELLS_FOR.format(cells=cells), _params(regions)),
                       (ORDER_FOR.format(cells=cells), _params(regions)))
    return _matrix(got, order)


def materialize(con, *, temp: bool = False, regions: list[str] | None = None, corrections_ready: bool = False) -> None:
    """(Re)compute the summary tables from the store's ``indicators`` table on ``con`` (first the
    corrections and conflicts of :mod:`store.corrections`: the summaries read the chart rows).

    Called by :class:`store.db.Store` inside every write transaction; ``temp``:
    as temporary tables of this connection only (reading a store that lacks them); ``regions``: only the
    rows of these districts are derived again (a correction's write: it changes the rows of the districts
    it touches, before and after, and nothing else; a period label's place in the coverage cells still
    comes from all rows), ``corrections_ready``: the ``corr_*`` tables are current already."""
    kind = "TEMP TABLE" if temp else "TABLE"
    # corrections resolved, conflicts found: what the summaries read
    corrections.materialize(con, temp=temp, regions=regions, corrections_ready=corrections_ready)
    corrected = corrections.has_corrections(con)
    if regions is not None:   # a correction: the summary rows of the districts it touches, derived again
        p = {"regions": list(regions)}
        for table, sql in (("summary_latest", _sql(LATEST_SQL, STORE_SOURCE)),
                           ("summary_cells", _sql(CELLS_SQL, STORE_SOURCE))):
            con.execute(f"DELETE FROM {table} WHERE list_contains($regions, region)", p)
            con.execute(f"INSERT INTO {table} BY NAME {corrections.bind_sources(sql, corrected)}", p)
        return
    latest = LATEST_SQL.format(rows=_ALL_ROWS.format(src=STORE_SOURCE))
    con.execute(f"CREATE OR REPLACE {kind} summary_latest AS {corrections.bind_sources(latest, corrected)}")
    con.execute(f"CREATE OR REPLACE {kind} summary_cells AS "
                f"{corrections.bind_sources(_cells_sql(STORE_SOURCE), corrected)}")


def _matrix(cells: pd.DataFrame, order: pd.DataFrame) -> pd.DataFrame:
    if cells.empty:
        return pd.DataFrame(dtype="string")
    mat = (cells.astype({"region": str, "indicator": str, "periods": str})
           .pivot(index="region", columns="indicator", values="periods")
           .reindex(columns=[str(i) for i in order["indicator"]]).fillna("").sort_index())
    mat.index.name = "region"
    mat.columns.name = "indicator"
    return mat.astype("string")


def overview(query: Query, regions=None, *, materialized: bool = True, article_limit: int = ARTICLE_LIMIT,
             max_regions: int = MATRIX_REGIONS) -> dict:
    """Everything the overview page shows, from the store in one round trip:
    ``counts`` (whole store) and ``shown`` (the selection: its articles, and the indicator and project
    rows of its districts), ``latest`` (frame), ``coverage`` (matrix), ``articles``
    (metadata with ``n_indicators`` / ``n_projects``; for a selection: the articles of
    those districts or with figures for them; the latest ``article_limit`` of them, while
    ``shown["articles"]`` counts them all).

    ``materialized``: read the summary tables kept by the store (``False``: compute
    them from the indicator table, for stores written before they existed)."""
    p = _params(regions)
    if materialized:
        latest_sql, cells = LATEST_FOR, "SELECT * FROM summary_cells"
    else:
        latest_sql, cells = _sql(LATEST_SQL, STORE_SOURCE), _cells_sql(STORE_SOURCE)
    view, n_regions = p, None
    if p["regions"] is None:   # no selection: the best-covered districts only (see MATRIX_REGIONS)
        (top,) = query((TOP_REGIONS_SQL.format(cells=cells), {"n": int(max_regions)}))
        n_regions = int(top["n_total"].iloc[0]) if len(top) else 0
        if n_regions > max_regions:
            view = {"regions": [str(r) for r in top["region"]]}
    latest, got, order, articles, counts = query(
        (latest_sql, view), (CELLS_FOR.format(cells=cells), view), (ORDER_FOR.format(cells=cells), view),
        (ARTICLES_SQL, {**p, "article_limit": int(article_limit)}), (COUNTS_SQL, p))
    n = {k: int(v) for k, v in counts.iloc[0].items()}
    n_articles = int(articles["n_total"].iloc[0]) if len(articles) else 0
    articles = articles.drop(columns=["n_total"]).reset_index(drop=True)
    return {"latest": latest.reset_index(drop=True), "coverage": _matrix(got, order), "articles": articles,
            "counts": {k: n[k] for k in ("articles", "indicators", "projects")},
            "shown": {"articles": n_articles, "indicators": n["shown_indicators"],
                      "projects": n["shown_projects"]},
            "matrix_regions": {"shown": len(view["regions"]) if view is not p else None, "total": n_regions}}


def regions(query: Query) -> list[str]:
    """Districts named in any table, sorted."""
    (out,) = query((REGIONS_SQL, None))
    return sorted(str(r) for r in out["region"])


def latest_by_region(ind: pd.DataFrame, regions=None) -> pd.DataFrame:
    """Per (region, indicator) the region-wide row of the latest period; sorted by region, indicator.

    Same columns and dtypes as ``ind``."""
    if ind.empty:
        return ind.iloc[:0].reset_index(drop=True)
    out = latest_rows(frame_query(ind), FRAME_SOURCE, regions)
    return _like(out, ind)


def coverage_matrix(ind: pd.DataFrame, regions=None) -> pd.DataFrame:
    """Region x indicator matrix; each cell lists the period labels available ("" = none)."""
    if ind.empty:
        return pd.DataFrame(dtype="string")
    return coverage_rows(frame_query(ind), FRAME_SOURCE, regions)


def _like(out: pd.DataFrame, ind: pd.DataFrame) -> pd.DataFrame:
    """``out`` with the columns and dtypes of ``ind``."""
    out = out[[c for c in ind.columns if c in out.columns]]
    for c in out.columns:
        try:
            out[c] = out[c].astype(ind[c].dtype)
        except (TypeError, ValueError):
            pass
    return out.reset_index(drop=True)


__all__: Sequence[str] = ["latest_by_region", "coverage_matrix", "overview", "regions", "materialize",
                          "latest_rows", "coverage_rows", "frame_query", "SUMMARY_TABLES"]
