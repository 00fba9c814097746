"""The one place of caching.

* ``get_store()``: the :class:`store.db.Store` for ``DASHBOARD_DB`` (or
  ``data/dashboard.duckdb``) as a ``st.cache_resource``; on first use it is built
  from ``seeds/`` automatically.
* ``articles()``, ``indicators()``, ``projects()``, ``article_text(id)``:
  shared read-only frames (``st.cache_resource``, no per-run copy) keyed on the
  store path and ``store.version()``, so a write from any session (or the CLI)
  is seen on the next rerun.
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
from parsers.schema import ARTICLE_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS, empty_frame
from store.db import DEFAULT_SEEDS, Store
from parsers.worker import ParseError, ParsePool

log = logging.getLogger(__name__)

PARSE_WORKERS = 1   # parse processes for uploads (one: 279 MB RSS after a seed parse; first parse 1.8 s incl. start)
IN_PROCESS_ENV = "DASHBOARD_PARSE_IN_PROCESS"   # "1": parse uploads in the server process (no time limit)
READ_ERROR = "读取数据库失败，请稍后刷新页面；如果问题持续，请用 `python -m parsers build` 重建数据库。"
_COLUMNS = {"articles": ARTICLE_COLUMNS, "indicators": INDICATOR_COLUMNS, "projects": PROJECT_COLUMNS}


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


@st.cache_resource(show_spinner=False, max_entries=12)
def _load(path: str, version: str, table: str) -> pd.DataFrame:
    """One shared, read-only frame per table and store version.

    ``st.cache_resource`` rather than ``st.cache_data``: cache_data hands every caller its own
    unpickled copy, which at 100,000 rows is ~35 MB per session run (measured by benchmarks/bench_app.py
    as memory per session).  Pages and transforms never modify these frames (transforms copy first).
    """
    store = _store(path)
    return getattr(store, table)()


def _table(table: str) -> pd.DataFrame:
    try:
        store = get_store()
        return _load(str(store.path), store.version(), table)
    except Exception:  # noqa: BLE001 - a broken store must not crash every page
        log.exception("loading %s failed", table)
        st.error(READ_ERROR)
        return empty_frame(_COLUMNS[table])


def articles() -> pd.DataFrame:
    return _table("articles")


def indicators() -> pd.DataFrame:
    return _table("indicators")


def projects() -> pd.DataFrame:
    return _table("projects")


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
    """Drop cached frames after a write (the version key would also change)."""
    _load.clear()
    _overview.clear()
    _regions.clear()


def headline_indicators() -> list[str]:
    """Region-wide headline statistics in the lexicon's curated order (GDP, industry, investment, retail…)."""
    from parsers.lexicon import headline_indicators as headline
    return list(headline())
