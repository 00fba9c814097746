"""The pages' reads: each view asks the store for just the rows it draws.

Filtering by districts, choosing the latest period, ranking, de-duplicating, counting and paging
all run in DuckDB over the store, so no page holds the indicator table in memory; the pure
transforms of ``components/transforms.py`` then act on these small results.

Every function is named after what a view needs and takes its parameters as Python values; they
are *bound* (``$name``), never formatted into the SQL.  The only SQL that varies is the number of
search terms (``$t0``, ``$t1`` …: placeholders, their values bound too).  The rules equal those of
the pandas transforms (``tests/test_queries.py`` compares both on the seeds and on the hand-built
districts):

* ``regions`` ``None`` or empty = all districts; a district list keeps rows whose ``region`` is in it;
* region-wide rows: ``subject`` empty; rows without a district are left out of district views;
* the order of rows is the store's (``article, start, sent_start, indicator``, then insertion order);
* corrections apply to every read and conflicts are settled by one rule (``store/corrections.py``): charts and
  pickers read the chart rows (no rows marked 有误, no conflict losers), the detail table and its downloads
  every row; each frame of indicator rows ends with ``reviewed`` and ``conflict`` (``EXTRA_COLUMNS``);
  :func:`conflict_pairs` lists the conflicts side by side.

No streamlit here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import pandas as pd

from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce
from store.corrections import CHART, CONFLICT_KEYS, KEY_JOIN, ROWS

if TYPE_CHECKING:  # pragma: no cover
    from store.db import Store

RANK_LIMIT = 5_000        # growth bars drawn at most (the largest growth rates first)
EXPORT_LIMIT = 100_000    # rows in a download of a filtered view
SEARCH_COLUMNS = ("indicator", "subject", "region", "sentence", "value_text", "yoy_text", "period", "article")

_IN_REGIONS = "($regions IS NULL OR list_contains($regions, region))"
_REGION_WIDE = "coalesce(subject, '') = ''"
_STORE_ORDER = "article, \"start\", sent_start, indicator, _rid"
# The row sources (store/corrections.py; the store binds the markers): CHART = corrected rows without the
# rows marked wrong and without conflict losers (what charts and pickers read), ROWS = every corrected row
# (the detail table and its downloads: wrong rows listed with their state, conflicts flagged).
_ROWS = f"SELECT * FROM {CHART}"
_ALL_ROWS = f"SELECT * FROM {ROWS}"
EXTRA_COLUMNS = ("reviewed", "conflict")   # after the contract's columns in every frame of indicator rows
KEY_COLUMNS = {"ind0": "indicator", "reg0": "region", "subj0": "subject"}   # a row as parsed (detail_page keys)
_KEY = ("coalesce(year, -1), coalesce(month_to, 12), coalesce(month_to, 12) - coalesce(month_from, 1)")


def _list(values) -> list[str] | None:
    """``None`` / "" / [] -> None (no filter); a string -> [it]; else the non-empty strings."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    out = [str(v) for v in values if v is not None]
    return out or None


def _run(store: "Store", *statements: tuple[str, dict | None]) -> list[pd.DataFrame]:
    return store._query(*statements)  # the store's one read path (read-only connection, no file access)


def _indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns, then ``reviewed`` ('' / 已核对 / 已修改 / 有误 / 补录) and ``conflict`` (the row's
    figure is contradicted by another article: store/corrections.py)."""
    out = coerce(frame[[c for c in INDICATOR_COLUMNS]], INDICATOR_COLUMNS).reset_index(drop=True)
    n = len(out)
    rev = frame["reviewed"] if "reviewed" in frame else pd.Series([""] * n)
    con = frame["conflict"] if "conflict" in frame else pd.Series([False] * n)
    out["reviewed"] = pd.array(rev.fillna("").astype(str).tolist(), dtype="string")
    out["conflict"] = pd.array(con.fillna(False).astype(bool).tolist(), dtype="boolean")
    return out


# ----------------------------------------------------------------------------------- compare
INDICATOR_OPTIONS_SQL = f"""
SELECT indicator, count(DISTINCT region) AS n_regions, count(*) AS n_rows FROM {CHART}
WHERE {_REGION_WIDE} AND coalesce(indicator, '') <> '' AND {_IN_REGIONS}
  AND (NOT $growth_only OR yoy_pct IS NOT NULL)
GROUP BY indicator ORDER BY n_regions DESC, n_rows DESC, indicator
"""
# the same from the summary cells the store keeps (one row per district and indicator, with its row
# count), plus the region-wide rows whose district is "" (left out of the cells: a cheap filtered scan)
INDICATOR_OPTIONS_CELLS_SQL = f"""
WITH c AS (SELECT indicator, count(*) AS n_regions, sum(n_rows) AS n_rows FROM summary_cells
           WHERE {_IN_REGIONS} GROUP BY indicator),
e AS (SELECT indicator, count(DISTINCT region) AS n_regions, count(*) AS n_rows FROM {CHART}
      WHERE {_REGION_WIDE} AND coalesce(indicator, '') <> '' AND coalesce(region, '') = '' AND {_IN_REGIONS} GROUP BY indicator)
SELECT indicator, sum(n_regions) AS n_regions, sum(n_rows) AS n_rows FROM (SELECT * FROM c UNION ALL SELECT * FROM e)
GROUP BY indicator ORDER BY n_regions DESC, n_rows DESC, indicator
"""


def indicator_options(store: "Store", regions=None, *, growth_only: bool = False) -> list[str]:
    """Indicator names of the region-wide rows, most districts first (ties: more rows, then name);
    ``growth_only``: rows with a growth rate only.  = ``transforms.indicator_options``."""
    if growth_only:
        (out,) = _run(store, (INDICATOR_OPTIONS_SQL, {"regions": _list(regions), "growth_only": True}))
    else:
        (out,) = _run(store, (INDICATOR_OPTIONS_CELLS_SQL, {"regions": _list(regions)}))
    return [str(x) for x in out["indicator"]]


PERIOD_OPTIONS_SQL = f"""
SELECT period, count(DISTINCT region) AS n, max(coalesce(year, -1)) AS y, max(coalesce(month_to, 12)) AS m,
       max(coalesce(month_to, 12) - coalesce(month_from, 1)) AS span
FROM {CHART}
WHERE {_REGION_WIDE} AND coalesce(indicator, '') = $indicator AND coalesce(period, '') <> '' AND {_IN_REGIONS}
GROUP BY period ORDER BY n DESC, y DESC, m DESC, span DESC, period
"""


def period_options(store: "Store", indicator: str, regions=None) -> list[str]:
    """Period labels of ``indicator``: covering most districts first, ties latest first.
    = ``transforms.period_options``."""
    (out,) = _run(store, (PERIOD_OPTIONS_SQL, {"indicator": str(indicator or ""), "regions": _list(regions)}))
    return [str(x) for x in out["period"]]


_COMPARE_ROWS = f"""
SELECT * FROM ({_ROWS}) WHERE {_REGION_WIDE} AND coalesce(indicator, '') = $indicator
  AND coalesce(region, '') <> '' AND {_IN_REGIONS}
"""
COMPARE_PERIOD_SQL = f"""
SELECT * EXCLUDE (_rid) FROM ({_COMPARE_ROWS}) WHERE coalesce(period, '') = $period ORDER BY {_STORE_ORDER}
"""
# each district's latest period: the greatest (year, month_to, span, value+growth > value > growth), ties:
# the row last in the store's order -- then every row of that district and period label (for the note on
# disagreeing rows)
COMPARE_LATEST_SQL = f"""
WITH r AS (SELECT *, row_number() OVER (ORDER BY {_STORE_ORDER}) AS _ord FROM ({_COMPARE_ROWS})),
k AS (SELECT region, arg_max(coalesce(period, ''), ({_KEY},
             (value IS NOT NULL)::INT * 2 + (yoy_pct IS NOT NULL)::INT, _ord)) AS period
      FROM r GROUP BY region)
SELECT r.* EXCLUDE (_rid, _ord) FROM r JOIN k ON r.region = k.region AND coalesce(r.period, '') = k.period
ORDER BY r._ord
"""
COMPARE_REGIONS_SQL = f"SELECT DISTINCT region FROM ({_COMPARE_ROWS}) ORDER BY region"


def comparison_rows(store: "Store", indicator: str, regions=None, period: str | None = None,
                    mixed: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """The rows :func:`transforms.comparison_frame` needs for one indicator, and the districts that
    have the indicator at all (for its note on districts without the chosen period).

    ``mixed``: per district, the rows of its latest period; else the rows of ``period``."""
    p = {"indicator": str(indicator or ""), "regions": _list(regions)}
    if mixed:
        rows_sql, rows_p = COMPARE_LATEST_SQL, p
    else:
        rows_sql, rows_p = COMPARE_PERIOD_SQL, {**p, "period": str(period or "")}
    rows, covered = _run(store, (rows_sql, rows_p), (COMPARE_REGIONS_SQL, p))
    return _indicators(rows), [str(r) for r in covered["region"]]


# ------------------------------------------------------------------------------------- trend
# One indicator (or a few, for the overview's sparklines) of the selected districts over every period.
#
# De-duplication (one row per district, indicator and period): rows of the same region, indicator and period
# (the period as year + months: "2024年" and "2024年全年" are one period, a missing month_from counts as 1, a
# missing month_to as 12) are the same figure stated twice -- by two articles, or twice in one.  The row kept
# is the store's existing rule, that of the comparison (transforms.comparison_frame): the most information
# (value and growth > value > growth), ties the row last in the store's order.  It lives in _TREND_PICK
# alone, so a conflict rule (e.g. the latest published article wins) can replace it in one place.
_TREND_PERIOD = "region, indicator, coalesce(year, -1), coalesce(month_from, 1), coalesce(month_to, 12)"
_TREND_PICK = ("(value IS NOT NULL)::INT * 2 + (yoy_pct IS NOT NULL)::INT DESC, _ord DESC")
# the districts drawn: those with the most periods of the indicator(s), from the summary cells (a small
# table: the indicator table is then read for these districts only), then by name
_TREND_CELLS = f"""
SELECT region, sum(len(list_filter(string_split(periods, '、'), lambda p: p <> ''))) AS np FROM summary_cells
WHERE list_contains($indicators, indicator) AND {_IN_REGIONS} GROUP BY region HAVING np >= 1
"""
TREND_ROWS_SQL = f"""
WITH cells AS ({_TREND_CELLS}),
top AS (SELECT region FROM cells ORDER BY np DESC, region LIMIT $max_regions),
r AS (
    SELECT * FROM ({_ROWS})
    WHERE {_REGION_WIDE} AND list_contains($indicators, indicator) AND region IN (SELECT region FROM top)
      AND coalesce(period, '') <> '' AND (value IS NOT NULL OR yoy_pct IS NOT NULL)),
o AS (SELECT *, row_number() OVER (ORDER BY {_STORE_ORDER}) AS _ord,
             count(*) OVER (PARTITION BY {_TREND_PERIOD}) AS n_stated
      FROM r),
d AS (SELECT * FROM o QUALIFY row_number() OVER (PARTITION BY {_TREND_PERIOD} ORDER BY {_TREND_PICK}) = 1)
SELECT d.* EXCLUDE (_rid, _ord), coalesce(nullif(a.title, ''), d.article) AS title,
       coalesce(a.published, '') AS published, (SELECT count(*) FROM cells) AS _n_regions
FROM d LEFT JOIN (SELECT article, title, published FROM articles WHERE article IN (SELECT article FROM d)) a
    ON a.article = d.article
ORDER BY d.region, d.indicator, coalesce(d.year, -1), coalesce(d.month_to, 12),
         coalesce(d.month_to, 12) - coalesce(d.month_from, 1), d._ord
"""
TREND_COLUMNS = ("title", "published", "n_stated")
TREND_MAX_REGIONS = 8   # districts drawn at most (a colour each): the best covered (most period labels, then name)


def trend_rows(store: "Store", indicator, regions=None, *,
               max_regions: int | None = None) -> tuple[pd.DataFrame, int]:
    """Region-wide rows of ``indicator`` (a name, or a list of names) in the selected districts, one per
    district, indicator and period (de-duplicated as above), with ``title`` (the article's title, its
    storage name when it has none), ``published`` and ``n_stated`` (rows that state this figure); oldest
    period first.  At most ``max_regions`` districts (those with the most period labels in the summary
    cells, then by name); and how many districts have the indicator.  ``max_regions``: default ``TREND_MAX_REGIONS``."""
    names = _list(indicator) or []
    max_regions = TREND_MAX_REGIONS if max_regions is None else max_regions
    (out,) = _run(store, (TREND_ROWS_SQL, {"indicators": names, "regions": _list(regions),
                                           "max_regions": max(1, int(max_regions))}))
    total = int(out["_n_regions"].iloc[0]) if len(out) else 0
    rows = _indicators(out)
    for c in TREND_COLUMNS:
        rows[c] = out[c].reset_index(drop=True) if c in out else pd.Series(dtype="string")
    rows["title"] = rows["title"].astype("string")
    rows["published"] = rows["published"].astype("string")
    rows["n_stated"] = rows["n_stated"].astype("Int64")
    return rows, total


# indicators with a figure in at least one period, from the summary cells (one row per district and
# indicator, its period labels joined by "、"): first those some district has in two or more periods (a
# trend to draw), within each group the headline indicators in the given order, then the others by the
# most periods in one district, districts covered, rows, name
TREND_OPTIONS_SQL = f"""
WITH c AS (SELECT indicator, n_rows, len(list_filter(string_split(periods, '、'), lambda p: p <> '')) AS np
           FROM summary_cells WHERE {_IN_REGIONS})
SELECT indicator, max(np) AS max_periods, count(*) AS n_regions, sum(n_rows) AS n_rows FROM c WHERE np >= 1
GROUP BY indicator
ORDER BY max(np) < 2, coalesce(nullif(list_position(CAST($headline AS VARCHAR[]), indicator), 0), 1000000),
         max_periods DESC, n_regions DESC, n_rows DESC, indicator
"""


def trend_indicator_options(store: "Store", regions=None, headline: Sequence[str] = ()) -> list[str]:
    """Indicators of the selected districts with a figure in at least one period (region-wide rows);
    order: those with two or more periods in some district first; within each, ``headline`` names in
    their order, then the rest by most periods, most districts, most rows, name."""
    (out,) = _run(store, (TREND_OPTIONS_SQL, {"regions": _list(regions), "headline": [str(h) for h in headline]}))
    return [str(x) for x in out["indicator"]]


# ----------------------------------------------------------------------------------- ranking
GROWTH_REGIONS_SQL = f"""
SELECT DISTINCT region FROM {CHART}
WHERE yoy_pct IS NOT NULL AND coalesce(region, '') <> '' AND {_IN_REGIONS} ORDER BY region
"""


def growth_regions(store: "Store", regions=None) -> list[str]:
    """Districts with at least one growth rate (any subject), sorted."""
    (out,) = _run(store, (GROWTH_REGIONS_SQL, {"regions": _list(regions)}))
    return [str(r) for r in out["region"]]


# de-duplicated like transforms.growth_ranking (first row in the store's order of each
# region/subject/indicator/period/growth), the largest growth rates first up to $limit, then back
# in the store's order (the transform numbers repeated labels in that order)
GROWTH_ROWS_SQL = f"""
WITH r AS (
    SELECT * FROM ({_ROWS})
    WHERE yoy_pct IS NOT NULL AND {_IN_REGIONS}
      AND ($region IS NULL OR coalesce(region, '') = $region)
      AND ($indicator IS NULL OR coalesce(indicator, '') = $indicator)
      AND ($subjects OR {_REGION_WIDE})
    QUALIFY row_number() OVER (PARTITION BY region, subject, indicator, period, yoy_pct ORDER BY {_STORE_ORDER}) = 1),
top AS (SELECT *, count(*) OVER () AS _total FROM r
        ORDER BY yoy_pct DESC, region, subject, indicator, period, {_STORE_ORDER} LIMIT $limit)
SELECT * EXCLUDE (_rid) FROM top ORDER BY {_STORE_ORDER}
"""


def growth_rows(store: "Store", *, region: str | None = None, indicator: str | None = None,
                regions=None, include_subjects: bool = False, limit: int = RANK_LIMIT) -> tuple[pd.DataFrame, int]:
    """Rows with a growth rate for :func:`transforms.growth_ranking` (one district's indicators, or one
    indicator's districts), de-duplicated, the ``limit`` largest growth rates; and how many there are."""
    (out,) = _run(store, (GROWTH_ROWS_SQL, {
        "regions": _list(regions), "region": region or None, "indicator": indicator or None,
        "subjects": bool(include_subjects), "limit": int(limit)}))
    total = int(out["_total"].iloc[0]) if len(out) else 0
    return _indicators(out), total


# ---------------------------------------------------------------------------------- projects
PROJECT_ROWS_SQL = f"""
SELECT * EXCLUDE (_rid) FROM (SELECT *, rowid AS _rid FROM projects) WHERE {_IN_REGIONS}
ORDER BY article, "start", _rid
"""


def project_rows(store: "Store", regions=None) -> pd.DataFrame:
    """The projects of the selected districts (all columns of ``PROJECT_COLUMNS``), in the store's order."""
    (out,) = _run(store, (PROJECT_ROWS_SQL, {"regions": _list(regions)}))
    return coerce(out[list(PROJECT_COLUMNS)], PROJECT_COLUMNS).reset_index(drop=True)


# ------------------------------------------------------------------------------------ titles
TITLE_MAX = 30   # characters of a title in a label (picker, hover, evidence); tables show it whole
# How a view names an article: its title (the first non-empty line; the storage name when it has none),
# cut to TITLE_MAX characters, and its publication month: "双阳区上半年经济运行… (2025-07)".  When
# another article of the store gets the same label, a short id (the start of its content hash) tells
# them apart: "年中经济观察 (2024-07 · #565fb7)".  The duplicates are counted over the whole store, so
# an article has the same label in every view.  Only the articles asked for, and the titled ones that
# share their cut title, are read (two semi-joins, no whole-table frame): ~0.2 s for 100 ids among
# 720,000 articles (the 10M-row benchmark store), cached per store version by components/data.py.
ARTICLE_TITLES_SQL = """
WITH want AS (SELECT article, coalesce(title, '') AS title, coalesce(published, '') AS published,
                     coalesce(sha256, '') AS sha256 FROM articles WHERE article IN (SELECT unnest($ids))),
w AS (SELECT *, CASE WHEN title = '' THEN article WHEN length(title) > $cut THEN left(title, $cut - 1) || '…'
                     ELSE title END AS short FROM want),
peers AS (SELECT short, published, count(*) AS n_same FROM (
            SELECT CASE WHEN length(title) > $cut THEN left(title, $cut - 1) || '…' ELSE title END AS short,
                   coalesce(published, '') AS published FROM articles
            WHERE coalesce(title, '') <> ''
              AND left(title, $cut - 1) IN (SELECT left(title, $cut - 1) FROM want WHERE title <> ''))
          GROUP BY ALL)
SELECT w.article, w.title, w.published,
       w.short || CASE WHEN coalesce(p.n_same, 1) > 1
                       THEN ' (' || CASE WHEN w.published <> '' THEN w.published || ' · ' ELSE '' END
                            || '#' || coalesce(nullif(left(w.sha256, 6), ''), w.article) || ')'
                       WHEN w.published <> '' THEN ' (' || w.published || ')' ELSE '' END AS label
FROM w LEFT JOIN peers p ON w.title <> '' AND p.short = w.short AND p.published = w.published
ORDER BY w.article
"""


def article_titles(store: "Store", articles) -> pd.DataFrame:
    """``article, title, published, label`` of the given stored articles (ids not stored are left out):
    ``label`` names the article in views (see ``ARTICLE_TITLES_SQL``)."""
    ids = sorted({str(a) for a in ([] if articles is None else articles) if a is not None and not pd.isna(a) and str(a)})
    if not ids:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in ("article", "title", "published", "label")})
    (out,) = _run(store, (ARTICLE_TITLES_SQL, {"ids": ids, "cut": TITLE_MAX}))
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------------- details
DETAIL_FACETS_SQL = f"""
SELECT DISTINCT {{col}} AS v FROM {ROWS} WHERE coalesce({{col}}, '') <> '' AND {_IN_REGIONS} ORDER BY v
"""


def detail_facets(store: "Store", regions=None) -> tuple[list[str], list[str]]:
    """(indicators, periods) present in the selected districts, sorted: the options of the detail filters."""
    p = {"regions": _list(regions)}
    inds, pers = _run(store, (DETAIL_FACETS_SQL.format(col="indicator"), p),
                      (DETAIL_FACETS_SQL.format(col="period"), p))
    return [str(v) for v in inds["v"]], [str(v) for v in pers["v"]]


_PAGE_KEY = KEY_JOIN.format(a="pg", b="f")


def _search_terms(text: str) -> list[str]:
    return [t for t in (text or "").split() if t]


# the review filter of the detail table: the states of ``reviewed`` ("" = 未核对) and 冲突 (the row's figure is
# in a conflict); a row matches when it has one of the chosen states (no choice: every row)
REVIEW_STATES = ("未核对", "已核对", "已修改", "有误", "补录", "冲突")
_CONFLICT_EXISTS = f"EXISTS (SELECT 1 FROM conflict_rows f WHERE {KEY_JOIN.format(a='r', b='f')})"


def _review_clause(review) -> tuple[str | None, list[str] | None]:
    """(SQL condition on the row alias ``r``, bound ``$reviewed`` list) of a review filter; (None, None) = no
    filter.  The conflict test is part of the SQL only when 冲突 is chosen (no join on the default path)."""
    chosen = [str(v) for v in (_list(review) or []) if str(v) in REVIEW_STATES]
    if not chosen:
        return None, None
    labels = ["" if v == "未核对" else v for v in chosen if v != "冲突"]
    parts = ["list_contains($reviewed, coalesce(r.reviewed, ''))"] if labels else []
    if "冲突" in chosen:
        parts.append(_CONFLICT_EXISTS)
    return "(" + " OR ".join(parts) + ")", (labels or None)


def _detail_where(text: str, regions, indicators, periods, review=None) -> tuple[str, dict]:
    """The WHERE clause of a detail search (rows aliased ``r``) and its parameters.  Every
    whitespace-separated term must occur (case-insensitive, literally) in one of ``SEARCH_COLUMNS``;
    ``review``: states of :data:`REVIEW_STATES` (see :func:`_review_clause`)."""
    terms = _search_terms(text)
    hay = " || chr(1) || ".join(f"coalesce({c}, '')" for c in SEARCH_COLUMNS)
    conds = [_IN_REGIONS, "($indicators IS NULL OR list_contains($indicators, coalesce(indicator, '')))",
             "($periods IS NULL OR list_contains($periods, coalesce(period, '')))"]
    conds += [f"contains(lower({hay}), lower($t{i}))" for i in range(len(terms))]   # placeholders only
    params = {"regions": _list(regions), "indicators": _list(indicators), "periods": _list(periods)}
    params.update({f"t{i}": t for i, t in enumerate(terms)})
    clause, labels = _review_clause(review)
    if clause is not None:
        conds.append(clause)
        if labels is not None:
            params["reviewed"] = labels
    return " AND ".join(conds), params


def detail_count(store: "Store", text: str = "", regions=None, indicators=None, periods=None,
                 review=None) -> tuple[int, int]:
    """(rows matching a detail search, rows in the store)."""
    where, p = _detail_where(text, regions, indicators, periods, review)
    (n,) = _run(store, (f"SELECT (SELECT count(*) FROM {ROWS} r WHERE {where}) AS shown, "
                        "(SELECT count(*) FROM indicators) + (SELECT count(*) FROM corr_added) AS total", p))
    return int(n["shown"].iloc[0]), int(n["total"].iloc[0])


def detail_page(store: "Store", text: str = "", regions=None, indicators=None, periods=None, *,
                limit: int = 100, offset: int = 0, review=None, keys: bool = False,
                titles: bool = False) -> pd.DataFrame:
    """Rows ``offset`` .. ``offset + limit`` (in the store's order) of a detail search: one page of the table.
    ``keys``: also the columns ``ind0``, ``reg0``, ``subj0`` (the row's indicator, district and subject as parsed:
    with the article and span, the key a correction of the row needs), before ``reviewed``.  ``titles``: also ``title`` and ``published`` of each
    row's article, last (joined here: a download names the articles of up to 100,000 rows)."""
    where, p = _detail_where(text, regions, indicators, periods, review)
    # the conflict flag (and the titles) are joined to the page only, after the paging
    art = (", a.title AS _title, a.published AS _published FROM pg LEFT JOIN " + CONFLICT_KEYS + " f ON {k} "
           "LEFT JOIN (SELECT article, title, published FROM articles) a ON a.article = pg.article") if titles else \
        " FROM pg LEFT JOIN " + CONFLICT_KEYS + " f ON {k}"
    (rows,) = _run(store, (
        f"WITH pg AS (SELECT * FROM ({_ALL_ROWS}) r WHERE {where} ORDER BY {_STORE_ORDER} LIMIT $limit OFFSET $offset) "
        f"SELECT * FROM (SELECT pg.*, f.article IS NOT NULL AS conflict{art.format(k=_PAGE_KEY)}) "
        f"ORDER BY {_STORE_ORDER}",
        {**p, "limit": max(0, int(limit)), "offset": max(0, int(offset))}))
    out = _indicators(rows)
    if keys:
        for name, col in KEY_COLUMNS.items():
            got = rows[f"_{name}"] if f"_{name}" in rows else rows[col]
            out.insert(len(out.columns) - len(EXTRA_COLUMNS), name,
                       pd.array(got.fillna("").astype(str).tolist(), dtype="string"))
    if titles:
        for c in ("title", "published"):
            col = rows[f"_{c}"] if f"_{c}" in rows else pd.Series([None] * len(rows))
            out[c] = pd.array(col.fillna("").astype(str).tolist(), dtype="string")
    return out


def detail_rows(store: "Store", text: str = "", regions=None, indicators=None, periods=None, *,
                limit: int | None = None, review=None) -> tuple[pd.DataFrame, bool]:
    """The first ``limit`` rows (default ``EXPORT_LIMIT``) of a detail search (for a download), with their
    articles' ``title`` and ``published``, and whether there were more."""
    limit = EXPORT_LIMIT if limit is None else int(limit)
    rows = detail_page(store, text, regions, indicators, periods, limit=limit + 1, offset=0, review=review,
                       titles=True)
    return rows.iloc[:limit].reset_index(drop=True), len(rows) > limit


# --------------------------------------------------------------------------------- conflicts
# one line per row of another article in a conflicting group, beside the winner's row (the winner's
# fullest row: value and growth first, then the earlier in the text); read from the small table the store
# derives on every write (store/corrections.py), never from the indicator table
_SIDE = ("article", "title", "published", "sha256", "value", "unit", "yoy_pct", "qualifier", "value_text",
         "yoy_text", "sentence", "start", "end", "sent_start", "sent_end", "_ind0", "_reg0", "_subj0")
CONFLICT_SEL = f"""
SELECT * FROM conflict_rows
WHERE ($regions IS NULL OR list_contains($regions, region)) AND ($indicator IS NULL OR indicator = $indicator)
"""
CONFLICT_PAIRS_SQL = f"""
WITH c AS ({CONFLICT_SEL}),
w AS (SELECT * FROM c WHERE NOT lose
      QUALIFY row_number() OVER (PARTITION BY grp ORDER BY (value IS NOT NULL)::INT * 2 + (yoy_pct IS NOT NULL)::INT DESC,
                                 "start", _rid) = 1),
l AS (SELECT * FROM c WHERE lose)
SELECT w.grp, w.region, w.subject, w.indicator, w.period, w.on_value, w.on_yoy, w.chosen,
       {", ".join(f'w."{c}" AS "a_{c.lstrip("_")}"' for c in _SIDE)},
       {", ".join(f'l."{c}" AS "b_{c.lstrip("_")}"' for c in _SIDE)},
       count(*) OVER () AS _total
FROM w JOIN l USING (grp)
ORDER BY w.region, w.indicator, w.period, w.grp, l.article, l."start"
LIMIT $limit OFFSET $offset
"""
CONFLICT_COUNT_SQL = f"SELECT count(DISTINCT grp) AS groups, count(*) FILTER (WHERE lose) AS pairs FROM ({CONFLICT_SEL})"


def conflict_pairs(store: "Store", regions=None, indicator: str | None = None, *, limit: int = 500,
                   offset: int = 0) -> tuple[pd.DataFrame, int]:
    """The conflicts (store/corrections.py: two articles, one region, subject, indicator and period,
    different figures beyond rounding), one line per pair: ``a_*`` the winner's row (the one the charts
    show), ``b_*`` a row of another article; each side with article, title, published (month), sha256,
    value, unit, yoy_pct, qualifier, value_text, yoy_text, sentence, start, end, sent_start, sent_end and
    ind0, reg0, subj0 (the row as parsed: with sha256 and the span, the key of a correction, e.g. the
    ``choice`` that makes ``b`` the winner).  Plus grp (group number), region, subject, indicator,
    period, on_value / on_yoy (what disagrees), chosen (the winner was chosen by the user).
    Returns (lines ``offset`` .. ``offset + limit``, number of lines)."""
    (out,) = _run(store, (CONFLICT_PAIRS_SQL, {"regions": _list(regions), "indicator": indicator or None,
                                               "limit": max(0, int(limit)), "offset": max(0, int(offset))}))
    total = int(out["_total"].iloc[0]) if len(out) else 0
    return out.drop(columns=["_total"]).reset_index(drop=True), total


# the indicators of the conflict list (the 冲突 page's filter): every indicator with a row of another article
# beside its winner in the selection, from the small conflict table (all of them, however long the list)
CONFLICT_INDICATORS_SQL = """
SELECT DISTINCT indicator FROM conflict_rows
WHERE lose AND ($regions IS NULL OR list_contains($regions, region))
ORDER BY indicator
"""


def conflict_indicator_options(store: "Store", regions=None) -> list[str]:
    """The indicators that have a conflict in the selected districts, sorted (the 冲突 page's filter)."""
    (out,) = _run(store, (CONFLICT_INDICATORS_SQL, {"regions": _list(regions)}))
    return [str(v) for v in out["indicator"]]


def conflict_count(store: "Store", regions=None, indicator: str | None = None) -> tuple[int, int]:
    """(conflicting groups, rows of other articles beside their winner) in the selection."""
    (out,) = _run(store, (CONFLICT_COUNT_SQL, {"regions": _list(regions), "indicator": indicator or None}))
    return int(out["groups"].iloc[0]), int(out["pairs"].iloc[0])


__all__: Sequence[str] = [
    "indicator_options", "period_options", "comparison_rows", "trend_rows", "trend_indicator_options",
    "TREND_MAX_REGIONS", "growth_regions", "growth_rows",
    "project_rows", "article_titles", "detail_facets", "detail_count", "detail_page", "detail_rows", "RANK_LIMIT",
    "EXPORT_LIMIT", "conflict_pairs", "conflict_count", "conflict_indicator_options", "EXTRA_COLUMNS", "KEY_COLUMNS",
    "REVIEW_STATES",
]
