"""The one place of caching.

* ``get_store()``: the :class:`store.db.Store` for ``DASHBOARD_DB`` (or
  ``data/dashboard.duckdb``) as a ``st.cache_resource``; on first use it is built
  from ``seeds/`` automatically.
* the pages' queries (``indicator_options``, ``period_options``, ``comparison_rows``,
  ``trend_indicator_options``, ``trend_rows``,
  ``growth_regions``, ``growth_rows``, ``project_rows``, ``detail_facets``, ``detail_count``,
  ``detail_page`` (with ``ind0``, the key of a correction; both take the review filter ``review``),
  ``counts``): :mod:`store.queries` run in DuckDB, each answer (only the rows a view draws) cached
  with ``st.cache_data`` per store path, ``store.version()`` and parameters, so a write from any
  session (or the CLI) is seen on the next rerun.  No page loads the indicator table;
  ``detail_export`` reads a download's rows (up to 100,000) when the user clicks;
  ``article_text(id)``: one keyed query; ``with_titles(frame)``: the titles and months of a frame's
  articles beside its ``article`` column (``article_titles``: one query for just those articles);
  ``corrections()`` / ``corrections_csv()``: the review's list and its CSV (components/review.py writes
  through ``get_store()``, then calls ``invalidate()``).
* ``overview(sel)``: the overview page's summaries, computed by DuckDB inside the
  store (``store.summaries``: small tables the store keeps up to date on every write),
  cached per store version and selection;
  ``all_regions()``: one DISTINCT query.  Neither loads a whole table.
* ``parse_cached(...)``: parsing of uploaded text in a worker process with a time limit
  (``parsers.worker``), cached on the text, failures included.
* ``invalidate()``: call after every write.
"""
from __future__ import annotations

import logging
import os

import pandas as pd
import streamlit as st

from parsers.api import Parsed
from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, empty_frame
from components import places, titles
from store import queries
from store.db import DEFAULT_SEEDS, Store
from parsers.worker import ParseError, ParsePool

log = logging.getLogger(__name__)

PARSE_WORKERS = 1   # parse processes for uploads (one: 279 MB RSS after a seed parse; first parse 1.8 s incl. start)
IN_PROCESS_ENV = "DASHBOARD_PARSE_IN_PROCESS"   # "1": parse uploads in the server process (no time limit)
READ_ERROR = "读取数据库失败，请稍后刷新页面；如果问题持续，请用 `python -m parsers build` 重建数据库。"


@st.cache_resource(show_spinner="正在准备数据库（首次启动时从示例文章构建）…")
def _store(path: str) -> Store:
    store = Store(path)
    store.ensure_built(DEFAULT_SEEDS)
    return store


def get_store() -> Store:
    """The store for the current DASHBOARD_DB; built from seeds on first start
    (and again if the file was deleted while the app runs)."""
    store = _store(str(Store.default_path().expanduser().resolve()))
    if not store.path.exists():
        store.ensure_built(DEFAULT_SEEDS)
    return store


def _read(fn, fallback, *args):
    """``fn(path, version, *args)`` for the current store (a cached query below); on failure the page
    gets a message and ``fallback`` (an empty answer of the right shape), never a traceback."""
    try:
        store = get_store()
        return fn(str(store.path), store.version(), *args)
    except Exception:  # noqa: BLE001 - a broken store must not crash every page
        log.exception("reading the store failed: %s%r", getattr(fn, "__name__", fn), args)
        st.error(READ_ERROR)
        return fallback() if callable(fallback) else fallback


def _key(values) -> tuple[str, ...]:
    """A selection (None / [] = all) as a cache key: sorted, without repeats."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(sorted({str(v) for v in values if v is not None}))


# The pages' queries (store.queries), each cached per store version and parameters.  st.cache_data: the
# answers are small (what one view draws), so a copy per caller costs little and no caller can change
# another's frame; the indicator table itself is never loaded.
_QUERY_CACHE = dict(show_spinner=False, max_entries=64)


@st.cache_data(**_QUERY_CACHE)
def _indicator_options(path: str, version: str, regions: tuple[str, ...], growth_only: bool) -> list[str]:
    return queries.indicator_options(_store(path), list(regions), growth_only=growth_only)


def indicator_options(regions=None, *, growth_only: bool = False) -> list[str]:
    """Indicators of the region-wide rows in the selection, most districts first."""
    return _read(_indicator_options, [], _key(regions), bool(growth_only))


@st.cache_data(**_QUERY_CACHE)
def _period_options(path: str, version: str, indicator: str, regions: tuple[str, ...]) -> list[str]:
    return queries.period_options(_store(path), indicator, list(regions))


def period_options(indicator: str, regions=None) -> list[str]:
    return _read(_period_options, [], str(indicator), _key(regions))


@st.cache_data(**_QUERY_CACHE)
def _comparison_rows(path: str, version: str, indicator: str, regions: tuple[str, ...], period: str | None,
                     mixed: bool) -> tuple[pd.DataFrame, list[str]]:
    return queries.comparison_rows(_store(path), indicator, list(regions), period, mixed)


def comparison_rows(indicator: str, regions=None, period: str | None = None,
                    mixed: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """(rows of one indicator for the comparison, districts that have it): :func:`queries.comparison_rows`."""
    return _read(_comparison_rows, lambda: (empty_frame(INDICATOR_COLUMNS), []), str(indicator), _key(regions),
                 None if mixed else (period or ""), bool(mixed))


def _empty_trend() -> pd.DataFrame:
    out = empty_frame(INDICATOR_COLUMNS)
    return out.assign(title=pd.Series(dtype="string"), published=pd.Series(dtype="string"),
                      n_stated=pd.Series(dtype="Int64"))


def trend_headline() -> list[str]:
    """Indicators the trend options list first: the overview's card order, then the lexicon's headline order."""
    from components.headline import headline_cards
    return list(dict.fromkeys(list(headline_cards()) + headline_indicators()))


@st.cache_data(**_QUERY_CACHE)
def _trend_indicator_options(path: str, version: str, regions: tuple[str, ...]) -> list[str]:
    return queries.trend_indicator_options(_store(path), list(regions), trend_headline())


def trend_indicator_options(regions=None) -> list[str]:
    """Indicators of the selected districts with a figure in at least one period (the 趋势 page's options)."""
    return _read(_trend_indicator_options, [], _key(regions))


@st.cache_data(**_QUERY_CACHE)
def _trend_rows(path: str, version: str, indicators: tuple[str, ...], regions: tuple[str, ...],
                max_regions: int) -> tuple[pd.DataFrame, int]:
    return queries.trend_rows(_store(path), list(indicators), list(regions), max_regions=max_regions)


def trend_rows(indicator, regions=None, *, max_regions: int | None = None) -> tuple[pd.DataFrame, int]:
    """(one row per district, indicator and period with article title and month, districts that have it):
    :func:`queries.trend_rows`; ``indicator``: a name or several (the overview's sparklines); ``max_regions``:
    default ``queries.TREND_MAX_REGIONS``."""
    limit = queries.TREND_MAX_REGIONS if max_regions is None else int(max_regions)
    return _read(_trend_rows, lambda: (_empty_trend(), 0), _key(indicator), _key(regions), limit)


@st.cache_data(**_QUERY_CACHE)
def _growth_regions(path: str, version: str, regions: tuple[str, ...]) -> list[str]:
    return queries.growth_regions(_store(path), list(regions))


def growth_regions(regions=None) -> list[str]:
    return _read(_growth_regions, [], _key(regions))


@st.cache_data(**_QUERY_CACHE)
def _growth_rows(path: str, version: str, region: str | None, indicator: str | None, regions: tuple[str, ...],
                 subjects: bool) -> tuple[pd.DataFrame, int]:
    return queries.growth_rows(_store(path), region=region, indicator=indicator, regions=list(regions),
                               include_subjects=subjects)


def growth_rows(*, region: str | None = None, indicator: str | None = None, regions=None,
                include_subjects: bool = False) -> tuple[pd.DataFrame, int]:
    """(growth rows to rank, how many there are; at most ``queries.RANK_LIMIT`` are returned)."""
    return _read(_growth_rows, lambda: (empty_frame(INDICATOR_COLUMNS), 0), region or None, indicator or None,
                 _key(regions), bool(include_subjects))


@st.cache_data(**_QUERY_CACHE)
def _project_rows(path: str, version: str, regions: tuple[str, ...]) -> pd.DataFrame:
    return queries.project_rows(_store(path), list(regions))


def project_rows(regions=None) -> pd.DataFrame:
    """The projects of the selected districts (all districts: every project)."""
    return _read(_project_rows, lambda: empty_frame(PROJECT_COLUMNS), _key(regions))


@st.cache_data(**_QUERY_CACHE)
def _article_titles(path: str, version: str, ids: tuple[str, ...]) -> pd.DataFrame:
    return queries.article_titles(_store(path), list(ids))


def article_titles(ids) -> pd.DataFrame:
    """``article, title, published, label`` of the given stored articles: :func:`queries.article_titles`."""
    return _read(_article_titles, lambda: pd.DataFrame(columns=["article", "title", "published", "label"]),
                 _key(ids))


def with_titles(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the ``title``, ``published`` and ``article_label`` of its articles beside ``article``
    (:func:`components.titles.add_titles`); only the articles of ``frame`` are looked up."""
    if frame is None or "article" not in frame.columns:
        return frame
    return titles.add_titles(frame, article_titles(frame["article"].dropna().unique()) if len(frame) else None)


@st.cache_data(**_QUERY_CACHE)
def _detail_facets(path: str, version: str, regions: tuple[str, ...]) -> tuple[list[str], list[str]]:
    return queries.detail_facets(_store(path), list(regions))


def detail_facets(regions=None) -> tuple[list[str], list[str]]:
    """(indicators, periods) of the selected districts: the options of the detail filters."""
    return _read(_detail_facets, ([], []), _key(regions))


@st.cache_data(**_QUERY_CACHE)
def _detail_count(path: str, version: str, text: str, regions: tuple[str, ...], indicators: tuple[str, ...],
                  periods: tuple[str, ...], review: tuple[str, ...] = ()) -> tuple[int, int]:
    return queries.detail_count(_store(path), text, list(regions), list(indicators), list(periods), list(review))


def detail_count(text: str = "", regions=None, indicators=None, periods=None, review=None) -> tuple[int, int]:
    """(rows matching the detail search, rows in the store); ``review``: states of ``queries.REVIEW_STATES``."""
    return _read(_detail_count, (0, 0), " ".join((text or "").split()), _key(regions), _key(indicators),
                 _key(periods), _key(review))


@st.cache_data(**_QUERY_CACHE)
def _detail_page(path: str, version: str, text: str, regions: tuple[str, ...], indicators: tuple[str, ...],
                 periods: tuple[str, ...], limit: int, offset: int, review: tuple[str, ...] = ()) -> pd.DataFrame:
    return queries.detail_page(_store(path), text, list(regions), list(indicators), list(periods),
                               limit=limit, offset=offset, review=list(review), keys=True)


def _empty_detail_page() -> pd.DataFrame:
    """A page read that failed: no rows, in the shape of a page (ind0, reviewed, conflict: the table's columns)."""
    out = empty_frame(INDICATOR_COLUMNS)
    for c in queries.KEY_COLUMNS:
        out.insert(len(out.columns), c, pd.Series(dtype="string"))
    for c, dtype in zip(queries.EXTRA_COLUMNS, ("string", "boolean")):
        out[c] = pd.Series(dtype=dtype)
    return out


def detail_page(text: str = "", regions=None, indicators=None, periods=None, *, limit: int = 100,
                offset: int = 0, review=None) -> pd.DataFrame:
    """One page of the detail search (``limit`` rows from ``offset``), with ``ind0`` (the key of a correction)."""
    return _read(_detail_page, _empty_detail_page, " ".join((text or "").split()),
                 _key(regions), _key(indicators), _key(periods), int(limit), int(offset), _key(review))


def detail_export(text: str = "", regions=None, indicators=None, periods=None, review=None) -> pd.DataFrame:
    """The rows of a detail search for a download (at most ``queries.EXPORT_LIMIT``), read when the user
    clicks (on the download's own thread: no st.* here, not cached -- up to 100,000 rows)."""
    store = get_store()
    rows, _ = queries.detail_rows(store, text, list(_key(regions)), list(_key(indicators)), list(_key(periods)),
                                  review=list(_key(review)))
    return titles.joined_titles(rows)      # titles joined in the query: no second query over 100,000 ids


@st.cache_data(**_QUERY_CACHE)
def _conflict_pairs(path: str, version: str, regions: tuple[str, ...], indicator: str | None, limit: int,
                    offset: int) -> tuple[pd.DataFrame, int]:
    return queries.conflict_pairs(_store(path), list(regions), indicator, limit=limit, offset=offset)


def conflict_pairs(regions=None, indicator: str | None = None, *, limit: int = 500,
                   offset: int = 0) -> tuple[pd.DataFrame, int]:
    """(conflicting figures side by side, number of lines): :func:`queries.conflict_pairs`."""
    return _read(_conflict_pairs, lambda: (pd.DataFrame(), 0), _key(regions), indicator or None, int(limit),
                 int(offset))


@st.cache_data(**_QUERY_CACHE)
def _conflict_count(path: str, version: str, regions: tuple[str, ...], indicator: str | None) -> tuple[int, int]:
    return queries.conflict_count(_store(path), list(regions), indicator)


def conflict_count(regions=None, indicator: str | None = None) -> tuple[int, int]:
    """(conflicting groups, lines of the conflict list) in the selection."""
    return _read(_conflict_count, (0, 0), _key(regions), indicator or None)


@st.cache_data(**_QUERY_CACHE)
def _conflict_indicators(path: str, version: str, regions: tuple[str, ...]) -> list[str]:
    return queries.conflict_indicator_options(_store(path), list(regions))


def conflict_indicators(regions=None) -> list[str]:
    """Indicators with a conflict in the selection (the 冲突 page's filter; from the small conflict table)."""
    return _read(_conflict_indicators, [], _key(regions))


@st.cache_data(show_spinner=False, max_entries=4)
def _corrections(path: str, version: str) -> pd.DataFrame:
    return _store(path).corrections()


def corrections() -> pd.DataFrame:
    """Every correction in the order made, with its article, title and status (已应用 / 未匹配):
    ``Store.corrections``.  Writes: ``get_store().add_correction(...)`` / ``undo_correction`` /
    ``import_corrections``, then :func:`invalidate`."""
    return _read(_corrections, pd.DataFrame)


@st.cache_data(show_spinner=False, max_entries=4)
def _corrections_csv(path: str, version: str) -> str:
    return _store(path).export_corrections()


def corrections_csv() -> str:
    """Every correction as CSV text (``Store.export_corrections``; the review's download)."""
    return _read(_corrections_csv, "")


@st.cache_data(show_spinner=False, max_entries=4)
def _counts(path: str, version: str) -> dict[str, int]:
    return _store(path).counts()


def counts() -> dict[str, int]:
    """Rows per table of the whole store."""
    return _read(_counts, {"articles": 0, "indicators": 0, "projects": 0})


@st.cache_resource(show_spinner=False, max_entries=16)
def _overview(path: str, version: str, regions: tuple[str, ...]) -> dict:
    return _store(path).overview(regions)


def overview(regions=None) -> dict:
    """The overview's summaries (:func:`summaries.overview`), computed by DuckDB in the store:
    the page never loads the indicator table.  Cached per store version and selection."""
    try:
        store = get_store()
        return _overview(str(store.path), store.version(), tuple(sorted(regions or ())))
    except Exception:  # noqa: BLE001 - same contract as the frames: a message, never a crash
        log.exception("overview summaries failed")
        st.error(READ_ERROR)
        return Store.empty_overview()


def article_text(article_id: str) -> str:
    """Original text of one stored article ("" when unknown): one keyed query, no table loaded."""
    try:
        return get_store().article_text(article_id)
    except Exception:  # noqa: BLE001
        log.exception("reading article %s failed", article_id)
        st.error(READ_ERROR)
        return ""


@st.cache_data(show_spinner=False, max_entries=4)
def _regions(path: str, version: str) -> list[str]:
    return _store(path).regions()  # one DISTINCT query; no table is loaded for the sidebar


def all_regions() -> list[str]:
    """Districts present in any table (sorted, non-empty)."""
    try:
        store = get_store()
        return _regions(str(store.path), store.version())
    except Exception:  # noqa: BLE001
        log.exception("loading regions failed")
        return []


@st.cache_data(show_spinner=False, max_entries=4)
def _region_places(path: str, version: str) -> pd.DataFrame:
    return places.places(_regions(path, version))


def region_places() -> pd.DataFrame:
    """Province and city of every district in the store (:func:`components.places.places`)."""
    try:
        store = get_store()
        return _region_places(str(store.path), store.version())
    except Exception:  # noqa: BLE001
        log.exception("grouping regions failed")
        return places.places([])


@st.cache_resource(show_spinner=False)
def parse_pool() -> ParsePool:
    """The upload parser's worker process (started on the first upload, shared by all sessions)."""
    return ParsePool(workers=PARSE_WORKERS)


@st.cache_data(show_spinner="正在解析文章…", max_entries=64)
def _parse(text: str, article: str, region: str | None, published: str | None) -> tuple[Parsed | None, ParseError | None]:
    """(parsed, None) or (None, error): failures are cached too, so a text that hit the time limit
    is not parsed again on every rerun."""
    import parsers
    kwargs = dict(article=article, region=region or None, published=published or None)
    if os.environ.get(IN_PROCESS_ENV) == "1":   # debugging, and tests that replace parsers.parse_article
        return parsers.parse_article(text, **kwargs), None
    try:
        return parse_pool().parse(text, **kwargs), None
    except ParseError as e:
        return None, e


def parse_cached(text: str, article: str, region: str | None, published: str | None) -> Parsed:
    """``parsers.parse_article`` in the parse worker (time-limited), cached on its inputs.

    Raises :class:`parsers.worker.ParseError` with a message for the user when the parse timed out or failed."""
    parsed, error = _parse(text, article, region, published)
    if error is not None:
        raise error
    return parsed


def invalidate() -> None:
    """Drop cached answers after a write (the version key would also change)."""
    for fn in (_overview, _regions, _region_places, _counts, _indicator_options, _period_options, _comparison_rows,
               _trend_indicator_options, _trend_rows, _growth_regions, _growth_rows, _project_rows, _article_titles,
               _detail_facets, _detail_count, _detail_page, _conflict_pairs, _conflict_count, _conflict_indicators,
               _corrections, _corrections_csv):
        fn.clear()


def headline_indicators() -> list[str]:
    """Region-wide headline statistics in the lexicon's curated order (GDP, industry, investment, retail…)."""
    from parsers.lexicon import headline_indicators as headline
    return list(headline())
