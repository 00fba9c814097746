"""The DuckDB store: articles, indicators and projects (no streamlit here; moved out of ``parsers``).

DuckDB lets only one process hold a database file open for writing, so every
operation opens a short-lived connection and closes it again.  Within a process
all operations on one file are serialised by a lock; across processes writes are
serialised by an ``flock`` on ``<db>.lock`` and a connection that finds the file
locked by another process is retried for a few seconds.

Every write runs in one transaction: a failure halfway leaves the store as it
was.  ``version()`` is a cheap token (a sidecar file ``<db>.version``) that
changes on every write; use it as a cache key.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from . import summaries
from parsers.schema import ARTICLE_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce, empty_frame

try:  # POSIX only; on other systems cross-process writes rely on DuckDB's own lock + retry
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO_ROOT / "data" / "dashboard.duckdb"
DEFAULT_SEEDS = REPO_ROOT / "seeds"

TABLES: dict[str, dict[str, str]] = {
    "articles": ARTICLE_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
    "projects": PROJECT_COLUMNS,
}
_ARROW_TYPES = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(), pa.string_view(): pd.StringDtype(),
                pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype()}
_SQL_TYPES = {"string": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE"}
_ORDER = {
    "articles": "added_at, article",
    "indicators": "article, start, sent_start, indicator, rowid",   # rowid: ties in insertion order
    "projects": "article, start, rowid",
}

_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()
_FLOCKS: dict[str, dict] = {}   # per db path: depth + open lock file (guarded by the path's RLock)

LOCK_TIMEOUT_S = 20.0
# Reads run on read-only connections that cannot touch files either (no COPY TO, ATTACH, read_csv):
# whatever SQL a read runs, it can change neither the store nor the file system.
READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True}


def _process_lock(path: Path) -> threading.RLock:
    key = str(path)
    with _LOCKS_GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = _LOCKS[key] = threading.RLock()
        return lock


def text_sha256(text: str) -> str:
    """sha256 of the whitespace-normalised text (runs of whitespace -> one space)."""
    norm = " ".join(str(text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _unique_id(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    i = 2
    while True:
        cand = f"{stem}_{i}.{ext}" if ext else f"{stem}_{i}"
        if cand not in taken:
            return cand
        i += 1


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)        # article ids written
    duplicates: list[str] = field(default_factory=list)   # ids of articles already stored (same text)
    renamed: dict[str, str] = field(default_factory=dict)  # requested name -> stored id, when it clashed
    stored_as: list[str] = field(default_factory=list)     # per input: the id it is stored under now


class StoreBusyError(RuntimeError):
    """The database file stayed locked by another process."""


class Store:
    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path is not None else self.default_path()
        self.path = self.path.expanduser().resolve()
        self._lock = _process_lock(self.path)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # ------------------------------------------------------------------ paths
    @staticmethod
    def default_path() -> Path:
        env = os.environ.get("DASHBOARD_DB", "").strip()
        return Path(env) if env else DEFAULT_DB

    @property
    def version_path(self) -> Path:
        return self.path.with_name(self.path.name + ".version")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    # ------------------------------------------------------------ connections
    def _connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        delay = 0.02
        while True:
            try:
                if read_only:
                    return duckdb.connect(str(self.path), read_only=True, config=READ_ONLY_CONFIG)
                return duckdb.connect(str(self.path))
            except duckdb.IOException as e:  # locked by another process
                if "lock" not in str(e).lower() or time.monotonic() > deadline:
                    raise StoreBusyError(f"数据库文件被其他程序占用：{self.path}") from e
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    @contextmanager
    def _conn(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection (``read_only``: for reads; see ``READ_ONLY_CONFIG``)."""
        with self._lock:
            con = self._connect(read_only)
            try:
                yield con
            finally:
                con.close()

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Process lock + cross-process file lock, held for a whole write (or build).

        Re-entrant within a thread (``ensure_built`` -> ``rebuild``)."""
        with self._lock:
            state = _FLOCKS.setdefault(str(self.path), {"depth": 0, "fh": None})
            if state["depth"] == 0:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fh = open(self.lock_path, "a+")
                if fcntl is not None:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
                state["fh"] = fh
            state["depth"] += 1
            try:
                yield
            finally:
                state["depth"] -= 1
                if state["depth"] == 0:
                    fh, state["fh"] = state["fh"], None
                    if fcntl is not None:
                        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
                    fh.close()

    @staticmethod
    def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
        for table, cols in TABLES.items():
            col_sql = ", ".join(f'"{c}" {_SQL_TYPES[t]}' for c, t in cols.items())
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({col_sql})")
            have = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            for c, t in cols.items():   # contract grew: add the new columns
                if c not in have:
                    con.execute(f'ALTER TABLE {table} ADD COLUMN "{c}" {_SQL_TYPES[t]}')
        if not set(summaries.SUMMARY_TABLES) <= Store._table_names(con):   # written before the summaries existed
            summaries.materialize(con)

    @staticmethod
    def _table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
        return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}

    @staticmethod
    def _frames(con: duckdb.DuckDBPyConnection, statements) -> list[pd.DataFrame]:
        """Each ``(sql, params)`` as a frame with the store's dtypes (Arrow -> pandas extension dtypes)."""
        return [con.sql(sql, params=params or None).to_arrow_table().to_pandas(types_mapper=_ARROW_TYPES.get)
                for sql, params in statements]

    @staticmethod
    def _table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
        return table in Store._table_names(con)

    def _write_frame(self, con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
        if df is None or not len(df):
            return
        cols = TABLES[table]
        df = coerce(df, cols)
        name = f"_incoming_{table}"
        con.register(name, df)
        try:
            quoted = ", ".join(f'"{c}"' for c in cols)
            con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM {name}")
        finally:
            con.unregister(name)

    def _bump_version(self) -> None:
        tmp = self.version_path.with_name(self.version_path.name + f".{uuid.uuid4().hex}.tmp")
        tmp.write_text(f"{time.time_ns()}-{uuid.uuid4().hex}", encoding="utf-8")
        os.replace(tmp, self.version_path)

    # ------------------------------------------------------------------ reads
    def version(self) -> str:
        """Cheap token that changes on every write (and when the file is replaced)."""
        try:
            token = self.version_path.read_text(encoding="utf-8").strip()
        except OSError:
            token = ""
        try:
            st = self.path.stat()
            return f"{token}|{st.st_size}"
        except OSError:
            return f"{token}|missing"

    def exists(self) -> bool:
        return self.path.exists()

    def _read(self, table: str, article: str | None = None) -> pd.DataFrame:
        """A whole table (or one article's rows of it) with the contract's dtypes."""
        cols = TABLES[table]
        if not self.path.exists():
            return empty_frame(cols)
        where, params = ("WHERE article = ?", [article]) if article is not None else ("", None)
        with self._conn(read_only=True) as con:
            if not self._table_exists(con, table):
                return empty_frame(cols)
            arrow = con.sql(f"SELECT * FROM {table} {where} ORDER BY {_ORDER[table]}", params=params).to_arrow_table()
        # Arrow -> pandas extension dtypes directly: 4x faster than .df() + casting at 100k rows
        return coerce(arrow.to_pandas(types_mapper=_ARROW_TYPES.get), cols)

    def _query(self, *statements: tuple[str, dict | None]) -> list[pd.DataFrame]:
        """Run the store's own read SQL (:mod:`store.summaries`) on one read-only connection.

        Each statement is ``(sql, params)``; the results come back as frames with the
        store's dtypes (string / Int64 / Float64).  A store without tables (never built)
        has empty tables of the right shape to query, so summaries need no special case.
        Private: callers use the typed reads below.
        """
        if not self.path.exists():
            return self._empty_query(*statements)
        with self._conn(read_only=True) as con:
            have = self._table_names(con)
            if not set(TABLES) <= have:
                return self._empty_query(*statements)
            if not set(summaries.SUMMARY_TABLES) <= have:  # written before the summaries: compute them for this read
                summaries.materialize(con, temp=True)
            return self._frames(con, statements)

    @staticmethod
    def _empty_query(*statements: tuple[str, dict | None]) -> list[pd.DataFrame]:
        """:meth:`_query` on empty tables (in memory): the shape of an answer when there is no data."""
        con = duckdb.connect(config=READ_ONLY_CONFIG)
        try:
            Store._ensure_schema(con)
            return Store._frames(con, statements)
        finally:
            con.close()

    # The typed reads: each returns frames of the contracts in parsers/schema.py (or plain values).
    def articles(self) -> pd.DataFrame:
        return self._read("articles")

    def indicators(self) -> pd.DataFrame:
        return self._read("indicators")

    def projects(self) -> pd.DataFrame:
        return self._read("projects")

    def article(self, article_id: str) -> pd.Series | None:
        df = self._read("articles", article=str(article_id))
        return df.iloc[0] if len(df) else None

    def article_text(self, article_id: str) -> str:
        """The original text of one article (spans index into it); "" when unknown."""
        if not self.path.exists():
            return ""
        with self._conn(read_only=True) as con:
            if not self._table_exists(con, "articles"):
                return ""
            hit = con.execute("SELECT text FROM articles WHERE article = ?", [str(article_id)]).fetchone()
        return str(hit[0] or "") if hit else ""

    def overview(self, regions: Iterable[str] | None = None, *, materialized: bool = True) -> dict:
        """The overview page's summaries for a selection of districts (:func:`summaries.overview`)."""
        regions = [regions] if isinstance(regions, str) else list(regions) if regions is not None else None
        return summaries.overview(self._query, regions or None, materialized=materialized)

    @staticmethod
    def empty_overview() -> dict:
        """:meth:`overview` of a store without data."""
        return summaries.overview(Store._empty_query, None)

    def regions(self) -> list[str]:
        """Districts named in any table, sorted (one DISTINCT query; no table is loaded)."""
        return summaries.regions(self._query)

    def counts(self) -> dict[str, int]:
        if not self.path.exists():
            return {t: 0 for t in TABLES}
        with self._conn(read_only=True) as con:
            return {t: (con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                        if self._table_exists(con, t) else 0) for t in TABLES}

    def find_duplicates(self, texts: Iterable[str]) -> list[str | None]:
        """For each text, the id of the stored article with the same normalised text (or None)."""
        shas = [text_sha256(t) for t in texts]
        if not self.path.exists():
            return [None] * len(shas)
        with self._conn(read_only=True) as con:
            if not self._table_exists(con, "articles"):
                return [None] * len(shas)
            known = dict(con.execute("SELECT sha256, article FROM articles").fetchall())
        return [known.get(s) for s in shas]

    # ----------------------------------------------------------------- writes
    def _prepare(self, parsed_list, source: str, known_sha: dict[str, str], taken: set[str]):
        """Turn Parsed objects into frames to insert; dedupe and make ids unique."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        result = AddResult()
        arts, inds, prjs = [], [], []
        for p in parsed_list:
            sha = text_sha256(p.text)
            if sha in known_sha:
                result.duplicates.append(known_sha[sha])
                result.stored_as.append(known_sha[sha])
                continue
            new_id = _unique_id(str(p.article), taken)
            taken.add(new_id)
            known_sha[sha] = new_id
            if new_id != p.article:
                result.renamed[str(p.article)] = new_id
            result.added.append(new_id)
            result.stored_as.append(new_id)
            arts.append({
                "article": new_id, "title": p.title, "region": p.region or "", "published": p.published or "",
                "year": p.year, "text": p.text, "sha256": sha, "source": source, "n_chars": len(p.text),
                "added_at": now,
            })
            for src, out in ((p.indicators, inds), (p.projects, prjs)):
                if src is not None and len(src):
                    df = src.copy()
                    df["article"] = new_id
                    out.append(df)
        art_df = coerce(pd.DataFrame(arts), ARTICLE_COLUMNS) if arts else empty_frame(ARTICLE_COLUMNS)
        ind_df = coerce(pd.concat(inds, ignore_index=True), INDICATOR_COLUMNS) if inds else None
        prj_df = coerce(pd.concat(prjs, ignore_index=True), PROJECT_COLUMNS) if prjs else None
        return result, art_df, ind_df, prj_df

    def add(self, parsed_list, source: str = "upload") -> AddResult:
        """Add parsed articles with their rows in ONE transaction.

        Articles whose whitespace-normalised text is already stored (or appears
        earlier in the same batch) are skipped and reported as duplicates.
        """
        parsed_list = list(parsed_list)
        with self._write_lock(), self._conn() as con:
            self._ensure_schema(con)
            rows = con.execute("SELECT sha256, article FROM articles").fetchall()
            known = {sha: art for sha, art in rows}
            taken = {art for _, art in rows}
            result, art_df, ind_df, prj_df = self._prepare(parsed_list, source, known, taken)
            if not result.added:
                return result
            self._write_all(con, art_df, ind_df, prj_df, replace=False)
        return result

    def rebuild(self, parsed_list, source: str = "cli") -> AddResult:
        """Replace the whole store with ``parsed_list`` (one transaction)."""
        parsed_list = list(parsed_list)
        with self._write_lock(), self._conn() as con:
            self._ensure_schema(con)
            result, art_df, ind_df, prj_df = self._prepare(parsed_list, source, {}, set())
            self._write_all(con, art_df, ind_df, prj_df, replace=True)
        return result

    def _write_all(self, con, art_df: pd.DataFrame, ind_df: pd.DataFrame, prj_df: pd.DataFrame, *,
                   replace: bool) -> None:
        """Write the three frames in one transaction (``replace``: empty the tables first)."""
        con.execute("BEGIN TRANSACTION")
        try:
            if replace:
                for table in TABLES:
                    con.execute(f"DELETE FROM {table}")
            self._write_frame(con, "articles", art_df)
            self._write_frame(con, "indicators", ind_df)
            self._write_frame(con, "projects", prj_df)
            summaries.materialize(con)   # the overview's summary tables, in the same transaction
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        self._bump_version()

    def delete(self, article_ids: Iterable[str]) -> int:
        """Remove articles and their rows; returns the number of articles removed."""
        ids = list(article_ids)
        if not ids or not self.path.exists():
            return 0
        with self._write_lock(), self._conn() as con:
            self._ensure_schema(con)
            marks = ", ".join("?" for _ in ids)
            n = con.execute(f"SELECT count(*) FROM articles WHERE article IN ({marks})", ids).fetchall()[0][0]
            con.execute("BEGIN TRANSACTION")
            try:
                for table in TABLES:
                    con.execute(f"DELETE FROM {table} WHERE article IN ({marks})", ids)
                summaries.materialize(con)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            self._bump_version()
        return int(n)

    def _state(self) -> tuple[int, bool]:
        """(number of articles, summary tables present) in one connection; (0, False) without a file."""
        if not self.path.exists():
            return 0, False
        with self._conn(read_only=True) as con:
            have = self._table_names(con)
            n = con.execute("SELECT count(*) FROM articles").fetchall()[0][0] if "articles" in have else 0
        return int(n), set(summaries.SUMMARY_TABLES) <= have

    def is_empty(self) -> bool:
        return self.counts()["articles"] == 0

    def ensure_built(self, seeds_dir: str | os.PathLike | None = None) -> bool:
        """Build the store from ``seeds_dir`` when the file is missing or holds no articles.

        Safe when several threads or processes call it at once: only the first
        one builds, the others wait and then see the built store.  Returns True
        when this call built it.
        """
        n_articles, has_summaries = self._state()
        if n_articles:
            if not has_summaries:  # a store written before the summary tables existed: add them (a write)
                with self._write_lock(), self._conn() as con:
                    self._ensure_schema(con)
                self._bump_version()
            return False
        from parsers.api import parse_paths
        seeds = Path(seeds_dir) if seeds_dir is not None else DEFAULT_SEEDS
        with self._write_lock():
            if self.path.exists() and not self.is_empty():
                return False
            parsed = parse_paths([seeds]) if seeds.is_dir() else []
            self.rebuild(parsed, source="seed")
        return True


_SAFE_NAME = re.compile(r"[^\w\u4e00-\u9fff.\-]+")


def safe_article_name(name: str) -> str:
    """A file name fit to be an article id (keeps Chinese, drops path parts and odd characters)."""
    base = Path(str(name).replace("\\", "/")).name.strip() or "article.txt"
    return _SAFE_NAME.sub("_", base)[:120]
