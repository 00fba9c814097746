"""``python -m parsers build``: parse many articles, in this process or on a Dask cluster, into the
Parquet dataset of ``parsers/dataset.py`` and the CSV files.

* The articles (``sources.expand_sources``) are cut into **batches** of consecutive articles, about
  ``batch_bytes`` of text each (a few hundred KB: a task parses for a few tenths of a second, so the
  scheduler's ~1 ms per task is lost in it).
* A batch is one task, :func:`parse_batch`: it reads its files itself (a local path the worker can see,
  or an fsspec URL), parses them, and writes its own part files and manifest part into the output
  folder (which must be a folder every worker can write: a local disk for ``--workers N``, a shared file
  system for a cluster).  It returns only a small summary.
* ``workers == 1`` (the default) runs the batches one after the other in this process: no Dask.
  ``workers > 1`` starts a ``dask.distributed.LocalCluster`` of that many worker processes (one thread
  each: parsing is pure Python); ``scheduler`` submits to a running cluster instead.
* **Resume**: an article whose (file name, sha256 of its text) is in the manifest is not parsed again (a
  worker reads it, hashes it and skips it); the driver cleans what a killed run left (uncommitted parts)
  first.
* **Failures**: an article that cannot be read (I/O error) or on which the parser raises is reported on
  stderr by name with the reason, listed in ``DIR/_failed.csv``, and the run goes on; the run then ends
  with exit code 1.  A file that is not a text article (empty, binary, undecodable: ``InputError``) is
  reported as ``skipped``, as before, and does not change the exit code.
* **CSV**: ``indicators.csv`` / ``projects.csv`` (+ their ``.parquet`` copies) hold the rows of this
  run's input in input order (SRC order, then each article's row order), whether the articles were
  parsed now or in an earlier run, by one process or many: the same bytes as the one-process build.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .dataset import ProvinceOf, batch_id, clean_orphans, read_manifest, text_sha256, write_batch
from .sources import Article, expand_sources, is_url, read_bytes

DEFAULT_BATCH_BYTES = 512 * 1024
ASSUMED_ARTICLE_BYTES = 10_000      # the size of an article whose size is unknown (some URLs)
FAILED_FILE = "_failed.csv"
# The LocalCluster of ``--workers N`` runs one long batch job, with no dashboard to feed: its processes
# wake up less often (dask's defaults: the statistical profiler samples every worker 100 times a second,
# the event loops tick every 20 ms, memory every 100 ms, system load every 500 ms).  On a machine whose
# cores all parse, those wake-ups take CPU from the parse: on the 20 MB corpus of benchmarks/bench_build.py
# with 2 workers on 2 cores, the workers' tasks took 8.2-8.6 s of CPU with dask's defaults and 7.6-7.8 s
# with these, the driver 1.4-1.6 s against 1.2 s.  A cluster given by --scheduler keeps its own config.
LOCAL_CLUSTER_SETTINGS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}

# one batch item: (seq, location, name, published, region, sha256s already done under this name)
Item = tuple[int, str, str, "str | None", "str | None", tuple[str, ...]]


# ------------------------------------------------------------------ the task (runs on a worker)
_PROVINCE_OF: ProvinceOf | None = None


def _province_of() -> ProvinceOf:
    global _PROVINCE_OF
    if _PROVINCE_OF is None:
        _PROVINCE_OF = ProvinceOf()
    return _PROVINCE_OF


def parse_batch(items: list[Item], out: str, csv_lines: bool = True) -> dict:
    """Read, parse and write one batch; return its summary: ``ok`` [(seq, name, sha256, parsed_now)],
    ``skipped`` / ``failed`` [(seq, name, reason)], ``bytes`` read, ``batch`` id (None if nothing new)."""
    res, written = parse_items(items)
    if written:
        res["batch"] = batch_id((a["article"], a["sha256"]) for a, _, _ in written)
        write_batch(Path(out), res["batch"], written, _province_of(), csv_lines)
    return res


def parse_items(items: list[Item], keep: list | None = None) -> tuple[dict, list[tuple[dict, list[dict], list[dict]]]]:
    """Read and parse ``items``: the summary of :func:`parse_batch` (without a batch) and, per article
    parsed now, (article row, indicator records, project records).  ``keep`` collects the ``Parsed``."""
    from .api import parse_article
    from .textio import InputError, decode_bytes

    res: dict = {"ok": [], "skipped": [], "failed": [], "bytes": 0, "batch": None}
    written: list[tuple[dict, list[dict], list[dict]]] = []
    seen: set[tuple[str, str]] = set()
    for seq, location, name, published, region, done in items:
        try:
            data = read_bytes(location)
        except Exception as err:             # noqa: BLE001 - any read error is reported, the run goes on
            res["failed"].append((seq, name, f"cannot read {location}: {type(err).__name__}: {err}"))
            continue
        res["bytes"] += len(data)
        try:
            text = decode_bytes(data, name)
        except InputError as err:
            res["skipped"].append((seq, name, str(err)))
            continue
        sha = text_sha256(text)
        if sha in done or (name, sha) in seen:
            res["ok"].append((seq, name, sha, False))
            continue
        try:
            p = parse_article(text, article=name, region=region, published=published)
            inds, prjs = p.indicator_records, p.project_records
        except Exception as err:             # noqa: BLE001 - a parser bug loses one article, not the run
            res["failed"].append((seq, name, f"parser error: {type(err).__name__}: {err}"))
            continue
        art = {"article": name, "sha256": sha, "location": location, "title": p.title, "region": p.region or "",
               "region_note": p.region_note, "script": p.script, "published": p.published or "",
               "year": p.year, "n_chars": len(text), "text": text, "n_bytes": len(data)}
        written.append((art, inds, prjs))
        if keep is not None:
            keep.append(p)
        seen.add((name, sha))
        res["ok"].append((seq, name, sha, True))
    return res, written


# ------------------------------------------------------------------ the driver
def make_batches(items: list[Item], sizes: list[int], batch_bytes: int) -> list[list[Item]]:
    """Consecutive items, about ``batch_bytes`` each (at least one item per batch)."""
    batches: list[list[Item]] = []
    cur: list[Item] = []
    size = 0
    for item, n in zip(items, sizes):
        if cur and size + n > batch_bytes:
            batches.append(cur)
            cur, size = [], 0
        cur.append(item)
        size += n
    if cur:
        batches.append(cur)
    return batches


@dataclass
class BuildResult:
    articles: int = 0                    # articles in the input
    parsed: int = 0                      # parsed in this run
    already_done: int = 0                # found in the output (resume)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (name, reason): not a text article
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (name, location, reason)
    keys: list[tuple[str, str]] = field(default_factory=list)      # (name, sha256) of the ok articles, input order
    n_bytes: int = 0
    indicator_rows: int | None = None
    project_rows: int | None = None
    orphans_removed: int = 0
    parsed_articles: list = field(default_factory=list)   # the Parsed of a build without the dataset

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


class _LazyBar:
    """The progress bar on stderr (tqdm), made on its first update, so that no tqdm thread exists when the
    LocalCluster forks its workers; messages are written above it."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.bar = total, enabled, None

    def _get(self):
        if self.bar is None:
            try:
                from tqdm import tqdm
            except ImportError:           # an environment without the requirements' tqdm: no bar, same build
                self.bar = _NoBar()
                return self.bar
            self.bar = tqdm(total=self.total, unit="art", file=sys.stderr, disable=not self.enabled,
                            mininterval=0.5, dynamic_ncols=True, desc="parse")
        return self.bar

    def update(self, n: int) -> None:
        self._get().update(n)

    def write(self, msg: str) -> None:
        self._get().write(msg, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _NoBar:
    """What the build uses of a tqdm bar, without one: messages still reach stderr."""

    def update(self, n: int) -> None:
        pass

    def write(self, msg: str, file=None) -> None:
        print(msg, file=file or sys.stderr)

    def close(self) -> None:
        pass


class _CsvInOrder:
    """The CSV files (and their Parquet copies) written while the run goes on, in input order: a finished
    batch is held until every batch before it has finished, then its articles' CSV lines -- from the
    ``_csv`` part its worker wrote, or, for an article done in an earlier run, from that run's part --
    are appended (``tablefiles.OrderedTableFiles``).  So the driver joins the CSV while the workers parse,
    instead of in a pass at the end on one core.  If some article has no CSV lines (its batch ran with
    --no-csv), the in-order files are dropped and :func:`write_csv_files` rewrites them from the dataset
    at the end (``ok`` is False)."""

    def __init__(self, out: Path, manifest) -> None:
        from .dataset import canonical_batches
        from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS
        from .tablefiles import OrderedTableFiles

        self.out = out
        self.files = OrderedTableFiles(out, (INDICATOR_COLUMNS, PROJECT_COLUMNS))
        self.canon = canonical_batches(manifest)      # the articles of earlier runs
        self.waiting: dict[int, dict] = {}
        self.next = 0
        self.ok = True
        self._older: tuple[str | None, dict] = (None, {})

    def add(self, i: int, res: dict) -> None:
        self.waiting[i] = res
        while self.next in self.waiting:
            res = self.waiting.pop(self.next)
            self.next += 1
            if self.ok:
                self._write(res)

    def _older_lines(self, key: tuple[str, str]) -> tuple[str, str] | None:
        from .dataset import csv_part_lines

        batch = self.canon.get(key)
        if batch is None:
            return None
        if self._older[0] != batch:           # an earlier run's articles come in runs of one batch
            self._older = (batch, csv_part_lines(self.out, batch) or {})
        return self._older[1].get(key)

    def _write(self, res: dict) -> None:
        from .dataset import csv_part_lines

        own = (csv_part_lines(self.out, res["batch"]) or {}) if res["batch"] else {}
        ind, prj = [], []
        for _seq, name, sha, _now in sorted(res["ok"]):
            lines = own.get((name, sha)) or self._older_lines((name, sha))
            if lines is None:
                self.ok = False
                self.files.abort()
                return
            ind.append(lines[0])
            prj.append(lines[1])
        self.files.append("".join(ind), "".join(prj))

    def close(self, complete: bool) -> tuple[int, int] | None:
        """Move the files into place and return their row counts; None if they were dropped or the run
        did not finish."""
        if not self.ok:
            return None
        if not complete:
            self.files.abort()
            return None
        return self.files.close()


def _run_local(batches: list[list[Item]], out: str, on_done, csv_lines: bool) -> None:
    for i, batch in enumerate(batches):
        try:
            res = parse_batch(batch, out, csv_lines)
        except Exception as err:          # noqa: BLE001 - e.g. the output folder is not writable
            res = _batch_failure(batch, err)
        on_done(i, res)


def _warm_up(item: Item | None) -> None:
    """Load everything the parser loads lazily, by parsing one article (its result is dropped)."""
    from .api import parse_article
    from .textio import decode_bytes

    _province_of()
    if item is None:
        return
    try:
        parse_article(decode_bytes(read_bytes(item[1]), item[2]), article=item[2], region=item[4],
                      published=item[3])
    except Exception:                     # noqa: BLE001 - the worker will report this article
        pass


def _batch_failure(batch: list[Item], err: BaseException) -> dict:
    reason = f"batch failed: {type(err).__name__}: {err}"
    return {"ok": [], "skipped": [], "failed": [(it[0], it[2], reason) for it in batch], "bytes": 0, "batch": None}


def _run_dask(batches: list[list[Item]], out: str, on_done, csv_lines: bool, workers: int,
              scheduler: str | None) -> None:
    import dask
    from distributed import Client, LocalCluster, as_completed

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        # The workers are forked from this process once it has loaded the parser's tables (lexicon,
        # gazetteer, compiled rules, the tagger's tables) by parsing the first article once: they start in
        # ~0.1 s, warm, instead of ~1 s each plus their own warm-up (spawn re-imports distributed and the
        # parser).  Where fork is not available (Windows, macOS' default) dask's spawn is kept.
        _warm_up(batches[0][0] if batches and batches[0] else None)
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux" else None
        settings = dict(LOCAL_CLUSTER_SETTINGS)
        if method:
            settings["distributed.worker.multiprocessing-method"] = method
        with warnings.catch_warnings(), dask.config.set(settings):
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = client.map(parse_batch, batches, out=out, csv_lines=csv_lines, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):
            i = index[fut.key]
            try:
                res = fut.result()
            except Exception as err:      # noqa: BLE001 - a lost worker, an unwritable output...
                res = _batch_failure(batches[i], err)
            fut.release()
            on_done(i, res)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_build(srcs: list[str], out: str | Path, *, workers: int = 1, scheduler: str | None = None,
              write_csv: bool = True, batch_bytes: int = DEFAULT_BATCH_BYTES, progress: bool = True,
              log=None, dataset: bool = True) -> BuildResult:
    """Parse the articles SRCs name into ``out`` (see the module docstring).  Raises ``FileNotFoundError``
    when a SRC names nothing.  ``log(message)`` reports skipped and failed articles (default: stderr).
    ``dataset=False`` (one process only): the build of a few articles, as before the dataset existed --
    parsed in this process, CSV and Parquet copies written from the records, no dataset, no resume;
    ``result.parsed_articles`` holds the ``Parsed`` (for ``--db``)."""
    out = Path(out).resolve()
    articles: list[Article] = expand_sources(srcs)
    out.mkdir(parents=True, exist_ok=True)
    result = BuildResult(articles=len(articles))
    if not dataset:
        if workers > 1 or scheduler or not write_csv:
            raise ValueError("--workers N, --scheduler and --no-csv write the Parquet dataset")
        return _run_plain(articles, out, result, progress, log)
    result.orphans_removed = clean_orphans(out)
    manifest = read_manifest(out)
    done_by_name: dict[str, set[str]] = {}
    for name, sha in zip(manifest.column("article").to_pylist(), manifest.column("sha256").to_pylist()):
        done_by_name.setdefault(name, set()).add(sha)
    items: list[Item] = [(a.seq, a.location if is_url(a.location) else os.path.abspath(a.location), a.name,
                          a.published, a.region, tuple(sorted(done_by_name.get(a.name, ())))) for a in articles]
    sizes = [a.size or ASSUMED_ARTICLE_BYTES for a in articles]
    batches = make_batches(items, sizes, batch_bytes)

    keys: dict[int, tuple[str, str]] = {}
    location = {a.seq: a.location for a in articles}
    bar = _LazyBar(len(articles), progress)      # made at the first result: no tqdm thread before the fork
    say = log or bar.write

    def on_done(i: int, res: dict) -> None:
        for seq, name, sha, now in res["ok"]:
            keys[seq] = (name, sha)
            if now:
                result.parsed += 1
            else:
                result.already_done += 1
        for seq, name, reason in res["skipped"]:
            result.skipped.append((name, reason))
            say(f"skipped {name}: {reason}")
        for seq, name, reason in res["failed"]:
            result.failed.append((name, location[seq], reason))
            say(f"failed {name}: {reason}")
        result.n_bytes += res["bytes"]
        bar.update(len(batches[i]))

    in_order = _CsvInOrder(out, manifest) if write_csv else None

    def on_batch(i: int, res: dict) -> None:
        on_done(i, res)
        if in_order is not None:
            in_order.add(i, res)

    try:
        if workers <= 1 and not scheduler:
            _run_local(batches, str(out), on_batch, write_csv)
        else:
            _run_dask(batches, str(out), on_batch, write_csv, workers, scheduler)
    except BaseException:
        bar.close()
        if in_order is not None:
            try:            # drop the unfinished files; the error the user sees is the run's, not this one's
                in_order.close(False)
            except Exception:  # noqa: BLE001
                pass
        raise
    bar.close()
    rows = in_order.close(in_order.next == len(batches)) if in_order is not None else None
    result.keys = [keys[s] for s in sorted(keys)]
    _write_failed(out, result.failed)
    if rows is not None:
        result.indicator_rows, result.project_rows = rows
    elif write_csv:
        write_csv_files(out, result)
    else:
        m = read_manifest(out)
        counts = {(a, s): (i, p) for a, s, i, p in zip(*(m.column(c).to_pylist() for c in
                                                        ("article", "sha256", "n_indicators", "n_projects")))}
        result.indicator_rows = sum(counts[k][0] for k in result.keys if k in counts)
        result.project_rows = sum(counts[k][1] for k in result.keys if k in counts)
    return result


def _run_plain(articles: list[Article], out: Path, result: BuildResult, progress: bool, log) -> BuildResult:
    """The one-process build without the dataset: parse, then write the CSV and Parquet files straight from
    the records (``tablefiles``), in input order."""
    from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS
    from .tablefiles import write_parquet, write_records_csv

    bar = _LazyBar(len(articles), progress)
    say = log or bar.write
    ind: list[dict] = []
    prj: list[dict] = []
    try:
        for a in articles:
            item = (a.seq, a.location if is_url(a.location) else os.path.abspath(a.location), a.name,
                    a.published, a.region, ())
            res, written = parse_items([item], result.parsed_articles)
            for _, name, sha, _now in res["ok"]:
                result.keys.append((name, sha))
                result.parsed += 1
            for _, name, reason in res["skipped"]:
                result.skipped.append((name, reason))
                say(f"skipped {name}: {reason}")
            for _, name, reason in res["failed"]:
                result.failed.append((name, a.location, reason))
                say(f"failed {name}: {reason}")
            for _, inds, prjs in written:
                ind.extend(inds)
                prj.extend(prjs)
            result.n_bytes += res["bytes"]
            bar.update(1)
    finally:
        bar.close()
    _write_failed(out, result.failed)
    for name, records, columns in (("indicators", ind, INDICATOR_COLUMNS), ("projects", prj, PROJECT_COLUMNS)):
        write_records_csv(records, columns, out / f"{name}.csv")
        write_parquet(out / f"{name}.csv", columns, out / f"{name}.parquet")
    result.indicator_rows, result.project_rows = len(ind), len(prj)
    return result


def _write_failed(out: Path, failed: list[tuple[str, str, str]]) -> None:
    import csv

    path = out / FAILED_FILE
    if not failed:
        path.unlink(missing_ok=True)
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["article", "location", "reason"])
        w.writerows(failed)


def write_csv_files(out: Path, result: BuildResult) -> None:
    """indicators.csv / projects.csv (+ .parquet copies) of the run's input: the CSV lines the workers
    formatted, joined in input order; from the dataset's rows when some batch ran with --no-csv."""
    from .dataset import ordered_rows, read_csv_lines, read_table, write_csv
    from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS
    from .tablefiles import write_parquet

    m = read_manifest(out)
    lines = read_csv_lines(out, result.keys, m)
    if lines is not None:
        counts = {(a, s): (i, p) for a, s, i, p in zip(*(m.column(c).to_pylist() for c in
                                                        ("article", "sha256", "n_indicators", "n_projects")))}
        for j, (name, columns) in enumerate((("indicators", INDICATOR_COLUMNS), ("projects", PROJECT_COLUMNS))):
            with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
                fh.write(",".join(columns) + "\n")
                fh.writelines(lines[k][j] for k in result.keys)
            write_parquet(out / f"{name}.csv", columns, out / f"{name}.parquet")
        result.indicator_rows = sum(counts[k][0] for k in result.keys)
        result.project_rows = sum(counts[k][1] for k in result.keys)
        return
    for name, columns in (("indicators", INDICATOR_COLUMNS), ("projects", PROJECT_COLUMNS)):
        rows = ordered_rows(read_table(out, name, m), result.keys)
        write_csv(rows, columns, out / f"{name}.csv")
        write_parquet(out / f"{name}.csv", columns, out / f"{name}.parquet")
        if name == "indicators":
            result.indicator_rows = len(rows)
        else:
            result.project_rows = len(rows)
