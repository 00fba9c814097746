"""The Parquet dataset that ``python -m parsers build`` writes (by its workers) and reads back.

Layout of the output folder DIR (Hive-style partitions, readable by DuckDB's ``read_parquet(…,
hive_partitioning = true)``, pyarrow and Spark)::

    DIR/indicators/province=吉林省/year=2025/part-<batch>.parquet
    DIR/projects/province=吉林省/year=2024/part-<batch>.parquet
    DIR/articles/province=吉林省/year=2024/part-<batch>.parquet
    DIR/_manifest/part-<batch>.parquet          # the articles each committed batch holds
    DIR/_csv/part-<batch>.parquet               # their CSV lines (unless --no-csv): the CSV is these joined

* **province**: a row's ``region`` looked up in the gazetteer (``data/gazetteer.csv``; a unit's key such
  as 长春市朝阳区, else a full name or alias that names units of one province only, else the one of
  those in the article's own province); a region that names no unit (or units of several provinces
  with nothing to choose between them) goes to ``province=未知`` (``data/dataset.yaml``).  The
  articles table uses the article's own region.
* **year**: the row's ``year`` for indicators; the article's (reference) year for projects and
  articles; missing -> ``year=__HIVE_DEFAULT_PARTITION__`` (read back as NULL by DuckDB and pyarrow).
* The files hold every contract column (``year`` too, so a part file is complete alone) plus
  ``article_sha256`` (sha256 of the article's decoded text) and ``article_row`` (the row's position in
  its article), which order the rows and identify the article across runs.

**Commit protocol** (what makes a resumed run exact): a batch writes each part under a temporary name and
renames it into place, and only then writes its manifest part (also by rename).  A batch whose manifest
part is missing (a run killed mid-batch) is not committed: its parts are ignored by every reader here
and deleted at the start of the next build (:func:`clean_orphans`).  An article is *done* when the
manifest holds its (name, sha256); the next build skips it.
"""
from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from .model import Parsed

MANIFEST = "_manifest"
CSV_PARTS = "_csv"          # per batch: each article's CSV lines, formatted by the worker (see write_batch)
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
PART_RE = re.compile(r"^part-([0-9a-f]{16})\.parquet$")

# the articles table: what the store needs to rebuild itself from the dataset (spans index into `text`)
ARTICLE_TABLE_COLUMNS: dict[str, str] = {
    "article": "string",
    "sha256": "string",       # of the decoded text (the resume key with `article`)
    "location": "string",     # where it was read (path or URL)
    "title": "string",
    "region": "string",
    "region_note": "string",
    "script": "string",
    "published": "string",
    "year": "Int64",
    "n_chars": "Int64",
    "text": "string",
}
MANIFEST_COLUMNS: dict[str, str] = {
    "article": "string",
    "sha256": "string",
    "location": "string",
    "batch": "string",
    "n_indicators": "Int64",
    "n_projects": "Int64",
    "n_bytes": "Int64",
}
CSV_PART_COLUMNS: dict[str, str] = {"article": "string", "sha256": "string", "indicators_csv": "string",
                                     "projects_csv": "string"}
ROW_KEY_COLUMNS: dict[str, str] = {"article_sha256": "string", "article_row": "Int64"}
TABLES: dict[str, dict[str, str]] = {
    "indicators": {**INDICATOR_COLUMNS, **ROW_KEY_COLUMNS},
    "projects": {**PROJECT_COLUMNS, **ROW_KEY_COLUMNS},
    "articles": ARTICLE_TABLE_COLUMNS,
}


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def batch_id(keys: Iterable[tuple[str, str]]) -> str:
    """A batch's id from the (name, sha256) of its articles: a rerun of the same batch writes the same
    file names (and so replaces, never doubles, what a killed run left)."""
    h = hashlib.sha256()
    for name, sha in keys:
        h.update(f"{name}\x00{sha}\n".encode("utf-8"))
    return h.hexdigest()[:16]


# ------------------------------------------------------------------ partitions
@lru_cache(maxsize=1)
def unknown_province() -> str:
    from .lexicon import read_yaml
    return str(read_yaml("dataset.yaml")["unknown_province"])


class ProvinceOf:
    """region (+ the article's region) -> province name, memoised; see the module docstring."""

    def __init__(self) -> None:
        from .lexicon import get_lexicon

        self.places = get_lexicon().places
        self.unknown = unknown_province()
        self._memo: dict[tuple[str, str], str] = {}

    def _candidates(self, region: str) -> set[str]:
        reg = self.places.regions.get(region)
        if reg is not None:
            return {reg.province or region}
        return {self.places.regions[k].province for k in self.places.by_name.get(region, ())
                if k in self.places.regions and self.places.regions[k].province}

    def __call__(self, region: str | None, article_region: str | None = None) -> str:
        key = (region or "", article_region or "")
        got = self._memo.get(key)
        if got is None:
            cands = self._candidates(key[0]) if key[0] else set()
            if len(cands) == 1:
                got = next(iter(cands))
            elif cands and key[1]:
                own = self._candidates(key[1])
                got = next(iter(own)) if len(own) == 1 and own <= cands else self.unknown
            else:
                got = self.unknown
            self._memo[key] = got
        return got


def year_value(year) -> str:
    return NULL_PARTITION if year is None else str(int(year))


# ------------------------------------------------------------------ writing
def _arrow_type(dtype: str):
    import pyarrow as pa
    return {"string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64()}[dtype]


def arrow_table(records: list[dict], columns: dict[str, str]) -> pa.Table:
    """Records -> an Arrow table with the contract's types; strings are never null ("" instead).  Built by
    Arrow's CSV reader from the records' CSV text (``tablefiles.records_csv_text``): building arrays from
    Python lists makes pyarrow import pandas (0.4-0.5 s of every build) and is slower."""
    import io

    import pyarrow.csv as pcsv

    from .tablefiles import records_csv_text

    text = ",".join(columns) + "\n" + records_csv_text(records, columns)
    table = pcsv.read_csv(io.BytesIO(text.encode("utf-8")),
                          read_options=pcsv.ReadOptions(use_threads=False),
                          parse_options=pcsv.ParseOptions(newlines_in_values=True),
                          convert_options=pcsv.ConvertOptions(
                              column_types={c: _arrow_type(t) for c, t in columns.items()},
                              strings_can_be_null=False, quoted_strings_can_be_null=False))
    return table.select(list(columns))


def _write_atomic(table: pa.Table, path: Path) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def part_path(out: Path, table: str, province: str, year: str, batch: str) -> Path:
    return out / table / f"province={province}" / f"year={year}" / f"part-{batch}.parquet"


def write_batch(out: Path, batch: str, done: list[tuple[dict, list[dict], list[dict]]],
                province_of: ProvinceOf, csv_lines: bool = True) -> None:
    """Write one batch's parts, then its manifest part (the commit).  ``done``: per parsed article, its
    article row (ARTICLE_TABLE_COLUMNS + n_bytes) and its indicator and project records.  With
    ``csv_lines`` the worker also formats each article's CSV lines (``tablefiles.records_csv_text``), so
    that the driver's CSV is a concatenation, not a second pass over every row on one core."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for art, inds, prjs in done:
        sha, a_region, a_year = art["sha256"], art["region"], year_value(art["year"])
        for i, r in enumerate(inds):
            key = ("indicators", province_of(r.get("region"), a_region), year_value(r.get("year")))
            groups.setdefault(key, []).append({**r, "article_sha256": sha, "article_row": i})
        for i, r in enumerate(prjs):
            key = ("projects", province_of(r.get("region"), a_region), a_year)
            groups.setdefault(key, []).append({**r, "article_sha256": sha, "article_row": i})
        groups.setdefault(("articles", province_of(a_region), a_year), []).append(art)
    for (table, province, year), rows in groups.items():
        _write_atomic(arrow_table(rows, TABLES[table]), part_path(out, table, province, year, batch))
    if csv_lines:
        from .tablefiles import records_csv_text

        lines = [{"article": art["article"], "sha256": art["sha256"],
                  "indicators_csv": records_csv_text(inds, INDICATOR_COLUMNS),
                  "projects_csv": records_csv_text(prjs, PROJECT_COLUMNS)} for art, inds, prjs in done]
        _write_atomic(arrow_table(lines, CSV_PART_COLUMNS), out / CSV_PARTS / f"part-{batch}.parquet")
    manifest = [{**art, "batch": batch, "n_indicators": len(inds), "n_projects": len(prjs)}
                for art, inds, prjs in done]
    _write_atomic(arrow_table(manifest, MANIFEST_COLUMNS), out / MANIFEST / f"part-{batch}.parquet")


# ------------------------------------------------------------------ reading
def read_file(f: Path, schema: pa.Schema | None = None) -> pa.Table:
    """One part file as written (no partition columns from its path), in ``schema``'s columns.  Read with
    ``ParquetFile``: ``pq.read_table`` imports pandas for its metadata (0.5 s of a build's start-up)."""
    import pyarrow.parquet as pq

    t = pq.ParquetFile(f).read(use_pandas_metadata=False)
    return t if schema is None else t.select(schema.names).cast(schema)


def read_manifest(out: str | Path) -> pa.Table:
    """Every committed article: (article, sha256, location, batch, n_indicators, n_projects, n_bytes)."""
    import pyarrow as pa

    files = sorted((Path(out) / MANIFEST).glob("part-*.parquet"))
    schema = pa.schema([(c, _arrow_type(t)) for c, t in MANIFEST_COLUMNS.items()])
    if not files:
        return arrow_table([], MANIFEST_COLUMNS)       # (schema.empty_table() imports pandas)
    return pa.concat_tables([read_file(f, schema) for f in files])


def canonical_batches(manifest: pa.Table) -> dict[tuple[str, str], str]:
    """(article, sha256) -> the one batch whose rows count for it (the first by id, should two batches
    of one run have parsed the same file twice)."""
    out: dict[tuple[str, str], str] = {}
    for a, s, b in zip(*(manifest.column(c).to_pylist() for c in ("article", "sha256", "batch"))):
        if (a, s) not in out or b < out[(a, s)]:
            out[(a, s)] = b
    return out


def part_files(out: str | Path, table: str) -> list[Path]:
    """Every part file of a table (committed or not), in path order."""
    return sorted((Path(out) / table).glob("province=*/year=*/part-*.parquet"))


def committed_parts(out: str | Path, table: str, manifest: pa.Table | None = None) -> list[Path]:
    """The part files of committed batches: the list to hand to DuckDB's ``read_parquet([...],
    hive_partitioning = true)`` when a killed run may have left parts behind."""
    m = read_manifest(out) if manifest is None else manifest
    batches = set(m.column("batch").to_pylist())
    return [f for f in part_files(out, table) if PART_RE.match(f.name) and PART_RE.match(f.name)[1] in batches]


def clean_orphans(out: str | Path) -> int:
    """Delete parts of uncommitted batches and temporary files a killed run left; return how many."""
    out = Path(out)
    batches = set(read_manifest(out).column("batch").to_pylist())
    n = 0
    for table in TABLES:
        for f in (out / table).glob("province=*/year=*/*"):
            m = PART_RE.match(f.name)
            if (m is None and f.name.endswith(".tmp")) or (m is not None and m[1] not in batches):
                f.unlink()
                n += 1
    for f in (out / MANIFEST).glob(".*.tmp"):
        f.unlink()
        n += 1
    for f in (out / CSV_PARTS).glob("*"):
        m = PART_RE.match(f.name)
        if m is None or m[1] not in batches:
            f.unlink()
            n += 1
    return n


def read_csv_lines(out: str | Path, keys: list[tuple[str, str]], manifest: pa.Table | None = None
                   ) -> dict[tuple[str, str], tuple[str, str]] | None:
    """(name, sha256) -> (indicator CSV lines, project CSV lines) for ``keys``, from the committed batches'
    ``_csv`` parts; None when some key has none (its batch ran with --no-csv)."""
    m = read_manifest(out) if manifest is None else manifest
    canon = canonical_batches(m)
    if any(k not in canon for k in keys):
        return None
    want = {canon[k] for k in keys}
    got: dict[tuple[str, str], tuple[str, str]] = {}
    for b in sorted(want):
        lines = csv_part_lines(out, b)
        if lines is None:
            return None
        for k, v in lines.items():
            got.setdefault(k, v)
    return got if all(k in got for k in keys) else None


def csv_part_lines(out: str | Path, batch: str) -> dict[tuple[str, str], tuple[str, str]] | None:
    """One batch's ``_csv`` part: (name, sha256) -> (indicator CSV lines, project CSV lines); None when the
    batch has none (it ran with --no-csv)."""
    f = Path(out) / CSV_PARTS / f"part-{batch}.parquet"
    if not f.exists():
        return None
    t = read_file(f)
    got: dict[tuple[str, str], tuple[str, str]] = {}
    for a, s, i, p in zip(*(t.column(c).to_pylist() for c in CSV_PART_COLUMNS)):
        got.setdefault((a, s), (i, p))
    return got


def read_table(out: str | Path, table: str, manifest: pa.Table | None = None) -> pa.Table:
    """One table of the dataset as Arrow, committed rows only, each (article, sha256) once, with the
    ``province`` partition column added; rows in no particular order."""
    import pyarrow as pa

    m = read_manifest(out) if manifest is None else manifest
    canon = canonical_batches(m)
    columns = TABLES[table]
    schema = pa.schema([(c, _arrow_type(t)) for c, t in columns.items()])
    sha_col = "sha256" if table == "articles" else "article_sha256"
    parts = []
    for f in committed_parts(out, table, m):
        t = read_file(f, schema)
        batch = PART_RE.match(f.name)[1]
        keys = zip(t.column("article").to_pylist(), t.column(sha_col).to_pylist())
        keep = [canon.get(k) == batch for k in keys]
        if not all(keep):
            t = t.filter(pa.array(keep))
        province = f.parent.parent.name.split("=", 1)[1]
        parts.append(t.append_column("province", pa.array([province] * len(t), pa.string())))
    if not parts:
        return arrow_table([], {**columns, "province": "string"})   # (empty_table() imports pandas)
    out_t = pa.concat_tables(parts)
    if table == "articles":      # a file parsed twice in one batch has one article row per copy
        seen, keep = set(), []
        for k in zip(out_t.column("article").to_pylist(), out_t.column("sha256").to_pylist()):
            keep.append(k not in seen)
            seen.add(k)
        out_t = out_t.filter(pa.array(keep))
    return out_t


def ordered_rows(table: pa.Table, keys: list[tuple[str, str]]) -> pa.Table:
    """The rows of ``table`` (indicators or projects) for the articles ``keys`` = [(name, sha256)] in that
    order, each article's rows in their order in the article; a key listed twice gives its rows twice."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pos_of: dict[tuple[str, str], int] = {}
    for k in keys:
        pos_of.setdefault(k, len(pos_of))
    art, sha = table.column("article").to_pylist(), table.column("article_sha256").to_pylist()
    pos = pa.array([pos_of.get(k, -1) for k in zip(art, sha)], pa.int64())
    t = table.append_column("_pos", pos).filter(pc.greater_equal(pos, 0))
    t = t.sort_by([("_pos", "ascending"), ("article_row", "ascending")])
    if len(pos_of) == len(keys):
        return t.drop_columns(["_pos"])
    # a key given twice: gather its row block once per occurrence
    p = t.column("_pos").to_pylist()
    start: dict[int, int] = {}
    for i, v in enumerate(p):
        start.setdefault(v, i)
    counts: dict[int, int] = {}
    for v in p:
        counts[v] = counts.get(v, 0) + 1
    idx = [i for k in keys for i in range(start.get(pos_of[k], 0), start.get(pos_of[k], 0) + counts.get(pos_of[k], 0))]
    return t.take(pa.array(idx, pa.int64())).drop_columns(["_pos"])


def write_csv(table: pa.Table, columns: dict[str, str], path: Path) -> None:
    """Rows of an Arrow table to the build's CSV: the bytes ``tablefiles.write_records_csv`` writes for
    the same records (cells go back to Python str/int/float/None)."""
    import csv

    cols = list(columns)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for batch in table.select(cols).to_batches(max_chunksize=65536):
            w.writerows(zip(*(batch.column(i).to_pylist() for i in range(len(cols)))))


# ------------------------------------------------------------------ the store's view
def read_frames(out: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy frames (parsers/schema.py contracts) of every committed article of the dataset: indicators
    and projects, rows ordered by article name, then content hash, then position in the article."""
    from .schema import coerce

    m = read_manifest(out)
    frames = []
    for table, columns in (("indicators", INDICATOR_COLUMNS), ("projects", PROJECT_COLUMNS)):
        t = read_table(out, table, m).sort_by([("article", "ascending"), ("article_sha256", "ascending"),
                                               ("article_row", "ascending")])
        frames.append(coerce(t.select(list(columns)).to_pandas(), columns))
    return frames[0], frames[1]


def load_parsed(out: str | Path, keys: list[tuple[str, str]] | None = None) -> list[Parsed]:
    """The committed articles of the dataset as ``Parsed`` objects (text, title, region, rows): what
    ``Store.rebuild`` / ``Store.add`` take.  All of them ordered by article name, then content hash; or
    those of ``keys`` [(name, sha256)] in that order (a build's ``BuildResult.keys``)."""
    from .model import Parsed

    m = read_manifest(out)
    arts = read_table(out, "articles", m).sort_by([("article", "ascending"), ("sha256", "ascending")])
    rows: dict[str, dict[tuple[str, str], list[tuple[int, dict]]]] = {}
    for table, columns in (("indicators", INDICATOR_COLUMNS), ("projects", PROJECT_COLUMNS)):
        got: dict[tuple[str, str], list[tuple[int, dict]]] = {}
        for r in read_table(out, table, m).to_pylist():
            got.setdefault((r["article"], r["article_sha256"]), []).append(
                (r["article_row"], {c: r[c] for c in columns}))
        rows[table] = got
    by_key = {(a["article"], a["sha256"]): a for a in arts.to_pylist()}
    out_list = []
    for k in (list(by_key) if keys is None else [k for k in keys if k in by_key]):
        a = by_key[k]
        ind = [r for _, r in sorted(rows["indicators"].get(k, []), key=lambda x: x[0])]
        prj = [r for _, r in sorted(rows["projects"].get(k, []), key=lambda x: x[0])]
        out_list.append(Parsed(a["article"], a["text"], a["title"], a["region"], a["published"], a["year"],
                               indicator_records=ind, project_records=prj, region_note=a["region_note"],
                               script=a["script"] or "simplified"))
    return out_list
