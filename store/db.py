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

from . import corrections as C
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


CorrectionError = C.CorrectionError


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
        con.execute(C.create_table_sql())   # user data: never emptied by a rebuild
        C.migrate(con)
        # written before the summaries existed, or by a version whose derived tables lack today's columns
        if not set(summaries.SUMMARY_TABLES) <= Store._table_names(con) or not C.is_current(con):
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
            corrected = con.execute(C.HAS_CORRECTIONS_SQL).fetchall()[0][0] > 0
            return self._frames(con, [(C.bind_sources(sql, corrected), p) for sql, p in statements])

    @staticmethod
    def _empty_query(*statements: tuple[str, dict | None]) -> list[pd.DataFrame]:
        """:meth:`_query` on empty tables (in memory): the shape of an answer when there is no data."""
        con = duckdb.connect(config=READ_ONLY_CONFIG)
        try:
            Store._ensure_schema(con)
            return Store._frames(con, [(C.bind_sources(sql, False), p) for sql, p in statements])
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

    # ------------------------------------------------------------ corrections
    # (store/corrections.py: the kinds, the key, how they apply; here: writes under the write lock, one
    # transaction each, the summaries and conflicts derived again, the version bumped)
    def _write_corrections(self, change, removing=None) -> object:
        """Run ``change(con)`` in one write transaction, then derive the summaries again.  ``change`` returns
        ``(result, ids of the corrections it added)``; ``removing(con)``: the ids of those it will remove."""
        with self._write_lock(), self._conn() as con:
            self._ensure_schema(con)
            con.execute("BEGIN TRANSACTION")
            try:
                # only the districts of the rows these corrections apply to change (as parsed, as corrected before
                # and after): their conflicts and summary rows are derived again, the others stay
                C.start_touched(con)
                regions = C.note_touched(con, removing(con) if removing is not None else [])
                out, changed = change(con)
                regions |= C.note_touched(con, changed)
                regions |= C.touched_regions(con)
                C.materialize_corrections(con)
                regions |= C.touched_regions(con)
                summaries.materialize(con, regions=sorted(regions), corrections_ready=True)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            self._bump_version()
        return out

    @staticmethod
    def _insert_corrections(con, records: list[dict]) -> list[str]:
        """Insert ``records`` (ids from their content) after the last ``seq``; skip ids already stored
        (or repeated); returns the ids inserted."""
        have = {r[0] for r in con.execute("SELECT id FROM corrections").fetchall()}
        seq = con.execute("SELECT coalesce(max(seq), 0) FROM corrections").fetchall()[0][0]
        cols = [c for c in C.CORRECTION_COLUMNS]
        added = []
        for rec in records:
            rec = dict(rec)
            for k in (*C.KEY_FIELDS, "note", "created_at"):   # "" and missing are one thing
                rec[k] = "" if rec.get(k) is None else str(rec[k])
            # the corrected unit's scale: always from the unit itself (never trusted from a file)
            rec["unit_factor"], rec["unit_base"] = C.unit_scale(rec["unit"]) if rec.get("unit") is not None else (None, None)
            rec["id"] = C.correction_id(rec)
            if rec["id"] in have:
                continue
            have.add(rec["id"])
            seq += 1
            rec["seq"] = seq
            con.execute(f"INSERT INTO corrections ({', '.join(chr(34) + c + chr(34) for c in cols)}) "
                        f"VALUES ({', '.join('?' for _ in cols)})", [rec.get(c) for c in cols])
            added.append(rec["id"])
        return added

    def _figure_rows(self, con, article: str, start: int, end: int, key: dict) -> pd.DataFrame:
        """The rows (corrected) of one article at one span (and indicator, region, subject as parsed, when given)."""
        corrected = con.execute(C.HAS_CORRECTIONS_SQL).fetchall()[0][0] > 0
        rows, _ = C.rows_source(corrected)
        sql = (f'SELECT * FROM ({rows}) WHERE article = $a AND "start" = $s AND "end" = $e '
               "AND ($ind = '' OR _ind0 = $ind) AND ($reg = '' OR _reg0 = $reg) AND ($subj = '' OR _subj0 = $subj) "
               "AND reviewed <> '补录' ORDER BY _rid")
        return self._frames(con, [(sql, {"a": article, "s": int(start), "e": int(end), "ind": key["row_indicator"],
                                         "reg": key["row_region"], "subj": key["row_subject"]})])[0]

    def add_correction(self, kind: str, *, article: str, start: int, end: int, row_indicator: str = "",
                       row_region: str = "", row_subject: str = "", note: str = "", **fields) -> str:
        """Store one correction of the figure at ``[start, end)`` of stored article ``article``; returns its id.

        ``kind``: verified / wrong / edit / added / choice (:data:`store.corrections.KINDS`).
        ``row_indicator``, ``row_region``, ``row_subject``: the row as parsed (``ind0``, ``reg0``, ``subj0`` of a
        detail page), which picks it among rows that share the span ("" = any: all of them).  The figure's
        text at the span is recorded with it (``surface``): the correction applies only where it still reads so.
        ``fields`` (edit: any subset of ``EDIT_FIELDS``; added: ``ADDED_FIELDS``, with indicator, region and a
        value or growth; the sentence span defaults to the sentence around the figure).  A period given
        as a label only gets its year and months from the label.  Raises :class:`CorrectionError` with a
        message for the user (nothing is stored then)."""
        kind = str(kind)
        if kind not in C.KINDS:
            raise C.CorrectionError(f"类型“{kind}”无效（应为 {'/'.join(C.KINDS)}）")
        allowed = C.ADDED_FIELDS if kind == "added" else C.EDIT_FIELDS if kind == "edit" else ()
        unknown = sorted(set(fields) - set(allowed))
        if unknown:
            raise C.CorrectionError(f"{C.KINDS[kind]}不接受字段：{'、'.join(unknown)}")
        fields = {k: v for k, v in fields.items() if v is not None and not (isinstance(v, float) and v != v)}
        now = datetime.now(timezone.utc).isoformat(timespec="microseconds")

        def change(con):
            got = con.execute("SELECT sha256, text FROM articles WHERE article = ?", [str(article)]).fetchall()
            hit = got[0] if got else None
            if hit is None:
                raise C.CorrectionError(f"文章“{article}”不在库中")
            sha, text = hit[0], str(hit[1] or "")
            s, e = int(start), int(end)
            if not 0 <= s < e <= len(text):
                raise C.CorrectionError(f"位置 {s}–{e} 不在文章范围内（全文 {len(text)} 字）")
            key = {"row_indicator": str(row_indicator or ""), "row_region": str(row_region or ""),
                   "row_subject": str(row_subject or "")}
            rec = {"kind": kind, "sha256": sha, "start": s, "end": e, "surface": text[s:e], **key,
                   "created_at": now, "note": str(note or "")}
            if kind == "added":
                rec.update(self._added_fields(text, s, e, fields))
            else:
                rows = self._figure_rows(con, str(article), s, e, key)
                if rows.empty:
                    raise C.CorrectionError(f"文章“{article}”的位置 {s}–{e} 没有数据行")
                if kind == "edit":
                    rec.update(self._edit_fields(rows.iloc[0], fields))
            errs = C.check_record(rec)
            if errs:
                raise C.CorrectionError("；".join(errs))
            ids = self._insert_corrections(con, [rec])
            return (ids[0] if ids else C.correction_id(rec)), ids

        return self._write_corrections(change)

    @staticmethod
    def _period(fields: dict, out: dict) -> None:
        if "period" in fields:
            out["period"] = str(fields["period"]).strip()
            y, mf, mt = C.period_fields(out["period"])
            for k, v in (("year", y), ("month_from", mf), ("month_to", mt)):
                out[k] = int(fields[k]) if fields.get(k) is not None else v
        else:
            for k in ("year", "month_from", "month_to"):
                if fields.get(k) is not None:
                    out[k] = int(fields[k])

    @staticmethod
    def _number(fields: dict, key: str):
        if fields.get(key) is None:
            return None
        try:
            v = float(fields[key])
        except (TypeError, ValueError) as err:
            raise C.CorrectionError(f"{key} 不是数字：{fields[key]}") from err
        if v != v or v in (float("inf"), float("-inf")):
            raise C.CorrectionError(f"{key} 不是数字：{fields[key]}")
        return v

    def _edit_fields(self, row: pd.Series, fields: dict) -> dict:
        out: dict = {}
        for k in ("indicator", "region"):
            if k in fields:
                out[k] = str(fields[k]).strip()
        for k in ("value", "yoy_pct"):
            if k in fields:
                out[k] = self._number(fields, k)
        if "unit" in fields:
            out["unit"] = str(fields["unit"]).strip()
        self._period(fields, out)
        return out   # the base value is derived when rows are read (store.corrections: _VALUE_BASE)

    def _added_fields(self, text: str, s: int, e: int, fields: dict) -> dict:
        out: dict = {k: str(fields[k]).strip() for k in ("indicator", "region", "subject", "unit") if k in fields}
        for k in ("value", "yoy_pct"):
            out[k] = self._number(fields, k)
        self._period(fields, out)
        ss, se = fields.get("sent_start"), fields.get("sent_end")
        if ss is None or se is None:   # the sentence around the figure
            ends = "。！？!?\n"
            ss = max(text.rfind(ch, 0, s) for ch in ends) + 1
            nxt = [i for i in (text.find(ch, e) for ch in ends) if i >= 0]
            se = min(nxt) + 1 if nxt else len(text)
        ss, se = int(ss), int(se)
        if not 0 <= ss <= s < e <= se <= len(text):
            raise C.CorrectionError("句子位置 sent_start/sent_end 应包含数据位置")
        out.update(sent_start=ss, sent_end=se,
                   sentence=str(fields.get("sentence") or " ".join(text[ss:se].split())))
        out.setdefault("unit", "")
        return out

    def undo_correction(self, correction_id: str | None = None) -> dict | None:
        """Remove one correction (by id; None: the last one made); returns it, or None when there was none."""
        def change(con):
            sql = ("SELECT * FROM corrections ORDER BY seq DESC LIMIT 1" if correction_id is None
                   else "SELECT * FROM corrections WHERE id = ?")
            got = self._frames(con, [(sql, None if correction_id is None else [str(correction_id)])])[0]
            if got.empty:
                return None, []
            cid = str(got["id"].iloc[0])
            con.execute("DELETE FROM corrections WHERE id = ?", [cid])
            return {k: (None if pd.isna(v) else v) for k, v in got.iloc[0].items()}, []

        def removing(con):
            sql = ("SELECT id FROM corrections ORDER BY seq DESC LIMIT 1" if correction_id is None
                   else "SELECT id FROM corrections WHERE id = ?")
            return [r[0] for r in con.execute(sql, None if correction_id is None else [str(correction_id)]).fetchall()]

        if not self.path.exists():
            return None
        return self._write_corrections(change, removing=removing)

    def corrections(self) -> pd.DataFrame:
        """All corrections in the order made, with the stored article they belong to (``article``, ``title``;
        "" when the text is not in the store) and ``status``: 已应用 / 未匹配 (orphaned: listed, never dropped)."""
        (out,) = self._query((
            "SELECT * REPLACE (coalesce(article, '') AS article, coalesce(title, '') AS title), "
            f"CASE WHEN reason IS NULL THEN '已应用' ELSE '未匹配' END AS status FROM ({C.STATUS_SQL}) ORDER BY seq",
            None))
        return out.reset_index(drop=True)

    def orphaned_corrections(self) -> pd.DataFrame:
        """Corrections whose article is not stored or whose span matches no row any more, with ``reason``."""
        (out,) = self._query((C.ORPHANS_SQL, None))
        return out.reset_index(drop=True)

    def export_corrections(self) -> str:
        """All corrections as CSV text (UTF-8; import it with :meth:`import_corrections`)."""
        recs = self.corrections().astype(object).where(lambda d: d.notna(), None).to_dict("records")
        return C.write_csv(recs)

    def import_corrections(self, data) -> dict:
        """Add the corrections of a CSV (text, bytes or a path) made by :meth:`export_corrections`.

        Checked first: a bad file raises :class:`CorrectionError` and changes nothing.  A correction
        already stored (same content) is skipped, so importing a file twice adds nothing the second
        time.  Returns ``{"added": n, "skipped": n}``."""
        if isinstance(data, (os.PathLike, Path)):
            data = Path(data).read_bytes()
        recs = C.read_csv_records(data)

        def change(con):
            ids = self._insert_corrections(con, recs)
            return ids, ids

        added = self._write_corrections(change)
        return {"added": len(added), "skipped": len(recs) - len(added)}

    def _state(self) -> tuple[int, bool]:
        """(number of articles, summary and correction tables present and of this version) in one connection;
        (0, False) without a file."""
        if not self.path.exists():
            return 0, False
        with self._conn(read_only=True) as con:
            have = self._table_names(con)
            n = con.execute("SELECT count(*) FROM articles").fetchall()[0][0] if "articles" in have else 0
            current = set(summaries.SUMMARY_TABLES) <= have and C.is_current(con)
        return int(n), current

    def is_empty(self) -> bool:
        return self.counts()["articles"] == 0

    def ensure_built(self, seeds_dir: str | os.PathLike | None = None) -> bool:
        """Build the store from ``seeds_dir`` when the file is missing or holds no articles.

        Safe when several threads or processes call it at once: only the first
        one builds, the others wait and then see the built store.  Returns True
        when this call built it.
        """
        n_articles, current = self._state()
        if n_articles:
            if not current:   # written by an older version: add the tables and columns it lacks (a write)
                with self._write_lock(), self._conn() as con:
                    con.execute("BEGIN TRANSACTION")
                    try:
                        self._ensure_schema(con)
                        summaries.materialize(con)
                        con.execute("COMMIT")
                    except BaseException:
                        con.execute("ROLLBACK")
                        raise
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
