"""Region-level summaries of the indicator table, written once as SQL.

The overview needs, per district, the latest figure of every indicator and which
periods exist (the coverage matrix).  Computing that in pandas means loading every
indicator row first; DuckDB computes it where the rows are.  Each query here runs
either on a pandas frame (``latest_by_region(frame)``: pure, used by tests and
anywhere a frame is at hand) or straight on the store's ``indicators`` table
(``components.data``), with the same SQL text and the same rules:

* region-wide rows only (``subject == ""``), districts with a name;
* latest = greatest (year, month_to, span); a missing year sorts first, a period
  without months is a full year (ends in month 12); ties prefer rows carrying a
  value and a growth rate, then the later row (frame order / the row stored last);
* coverage cells list their periods oldest first; indicators are ordered by the
  number of districts covered, then rows, then name.

No streamlit here.
"""
from __future__ import annotations

from typing import Callable, Sequence

import duckdb
import pandas as pd

# ``{src}`` is a SELECT yielding the indicator columns plus ``_rid``, a row id that grows
# with the row order (frame position / store insertion order): the last tie-break.
FRAME_SOURCE = "SELECT * FROM frame"
STORE_SOURCE = "SELECT *, rowid AS _rid FROM indicators"

_REGION_ROWS = """
    SELECT * FROM ({src})
    WHERE coalesce(subject, '') = '' AND coalesce(region, '') <> ''
      AND ($regions IS NULL OR list_contains($regions, region))
"""

LATEST_SQL = """
WITH r AS ({rows}),
k AS (SELECT arg_max(_rid, (coalesce(year, -1), coalesce(month_to, 12),
                            coalesce(month_to, 12) - coalesce(month_from, 1),
                            (value IS NOT NULL)::INT * 2 + (yoy_pct IS NOT NULL)::INT, _rid)) AS _rid
      FROM r GROUP BY region, indicator)
SELECT * EXCLUDE (_rid) FROM r WHERE _rid IN (SELECT _rid FROM k)
ORDER BY region, indicator
"""

COVERAGE_CELLS_SQL = """
WITH r AS (
    SELECT region, indicator, coalesce(period, '') AS period, coalesce(year, -1) AS y,
           coalesce(month_to, 12) AS m, coalesce(month_to, 12) - coalesce(month_from, 1) AS span
    FROM ({rows}) WHERE coalesce(indicator, '') <> ''),
p AS (SELECT period, max(y) AS y, max(m) AS m, max(span) AS span FROM r GROUP BY period),
c AS (SELECT DISTINCT region, indicator, period FROM r)
SELECT c.region, c.indicator, string_agg(c.period, '、' ORDER BY p.y, p.m, p.span, c.period) AS periods
FROM c JOIN p USING (period)
GROUP BY c.region, c.indicator
"""

COVERAGE_ORDER_SQL = """
SELECT indicator, count(DISTINCT region) AS n_regions, count(*) AS n_rows
FROM ({rows}) WHERE coalesce(indicator, '') <> ''
GROUP BY indicator
ORDER BY n_regions DESC, n_rows DESC, indicator
"""

# Store-only summaries (they need the three tables).
REGIONS_SQL = """
SELECT DISTINCT region FROM (
    SELECT region FROM indicators UNION ALL SELECT region FROM projects UNION ALL SELECT region FROM articles)
WHERE coalesce(region, '') <> ''
"""

COUNTS_SQL = """
SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM indicators) AS indicators,
       (SELECT count(*) FROM projects) AS projects
"""

ARTICLES_SQL = """
WITH ni AS (SELECT article, count(*) AS n FROM indicators GROUP BY article),
np AS (SELECT article, count(*) AS n FROM projects GROUP BY article),
hit AS (SELECT DISTINCT article FROM indicators WHERE list_contains($regions, region))
SELECT a.article, a.title, a.region, a.published, a.source, a.n_chars, a.added_at,
       coalesce(ni.n, 0) AS n_indicators, coalesce(np.n, 0) AS n_projects
FROM articles a LEFT JOIN ni USING (article) LEFT JOIN np USING (article)
WHERE $regions IS NULL OR list_contains($regions, a.region) OR a.article IN (SELECT article FROM hit)
ORDER BY a.added_at, a.article
"""

Query = Callable[..., list[pd.DataFrame]]  # (sql, params), ... -> frames


def _params(regions) -> dict:
    if regions is None or isinstance(regions, str):
        regions = [regions] if regions else None
    regions = [str(r) for r in regions if r is not None] if regions is not None else None
    return {"regions": regions or None}


def _sql(template: str, src: str) -> str:
    return template.format(rows=_REGION_ROWS.format(src=src))


def frame_query(ind: pd.DataFrame) -> Query:
    """A ``Query`` over one indicator frame (registered in an in-memory DuckDB)."""
    def run(*statements):
        con = duckdb.connect()
        try:
            con.register("frame", ind.assign(_rid=range(len(ind))).reset_index(drop=True))
            return [con.sql(sql, params=params).df() for sql, params in statements]
        finally:
            con.close()
    return run


def latest_rows(query: Query, src: str, regions=None) -> pd.DataFrame:
    (out,) = query((_sql(LATEST_SQL, src), _params(regions)))
    return out.reset_index(drop=True)


def coverage_rows(query: Query, src: str, regions=None) -> pd.DataFrame:
    cells, order = query((_sql(COVERAGE_CELLS_SQL, src), _params(regions)),
                         (_sql(COVERAGE_ORDER_SQL, src), _params(regions)))
    return _matrix(cells, order)


def _matrix(cells: pd.DataFrame, order: pd.DataFrame) -> pd.DataFrame:
    if cells.empty:
        return pd.DataFrame(dtype="string")
    mat = (cells.astype({"region": str, "indicator": str, "periods": str})
           .pivot(index="region", columns="indicator", values="periods")
           .reindex(columns=[str(i) for i in order["indicator"]]).fillna("").sort_index())
    mat.index.name = "region"
    mat.columns.name = "indicator"
    return mat.astype("string")


def overview(query: Query, regions=None) -> dict:
    """Everything the overview page shows, from the store in one round trip:
    ``counts`` (dict), ``latest`` (frame), ``coverage`` (matrix), ``articles``
    (metadata with ``n_indicators`` / ``n_projects``; for a selection: the articles of
    those districts or with figures for them)."""
    p = _params(regions)
    latest, cells, order, articles, counts = query(
        (_sql(LATEST_SQL, STORE_SOURCE), p), (_sql(COVERAGE_CELLS_SQL, STORE_SOURCE), p),
        (_sql(COVERAGE_ORDER_SQL, STORE_SOURCE), p), (ARTICLES_SQL, p), (COUNTS_SQL, None))
    return {"latest": latest.reset_index(drop=True), "coverage": _matrix(cells, order),
            "articles": articles, "counts": {k: int(v) for k, v in counts.iloc[0].items()}}


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


__all__: Sequence[str] = ["latest_by_region", "coverage_matrix", "overview", "regions", "latest_rows",
                          "coverage_rows", "frame_query", "FRAME_SOURCE", "STORE_SOURCE"]
