"""Correction-write benchmark (prints figures; not a timed test).

    python benchmarks/bench_corrections.py [--rows 1000000] [--db STORE] [--repeat 3]

A store of --rows indicator rows (``build_sql_store`` of bench_app.py: ~3,000 districts, 1 % of the rows
stated again by another article, so the conflict table is not empty), or a copy of the store --db.  Then
times what a user waits for on 数据明细 and 冲突 (each one write transaction: the correction stored, the
correction tables derived again, the conflicts and summaries of the touched districts derived again):

* 已核对 of a row; an edit of its value; an edit that moves it to another district; undo of each;
* 采用这一条 (a choice) on a conflicting row, and its undo;
* for comparison, the full derivation of corrections, conflicts and summaries (what an upload pays).

Best and median of --repeat for each.  The machine may be shared: the load average is printed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _row(store, where: str) -> dict:
    from store import queries as Q

    rows = Q.detail_page(store, "", limit=200, keys=True)
    rows = rows[rows["start"].notna() & (rows["value"].notna())]
    if where == "conflict":
        rows = rows[rows["conflict"].fillna(False).astype(bool)]
    if rows.empty:
        raise SystemExit(f"no {where} row in the first page of the store")
    r = rows.iloc[0]
    return {"article": str(r["article"]), "start": int(r["start"]), "end": int(r["end"]),
            "row_indicator": str(r["ind0"]), "row_region": str(r["reg0"]), "row_subject": str(r["subj0"]),
            "_region": str(r["region"]), "_value": float(r["value"])}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="time on a copy of this store instead of building one")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    import duckdb

    from store import summaries
    from store.db import Store

    tmp = Path(tempfile.mkdtemp(prefix="bench_corr_"))
    try:
        path = tmp / "store.duckdb"
        if args.db:
            shutil.copy(args.db, path)
            made = f"copy of {args.db}"
        else:
            from bench_app import build_sql_store
            info = build_sql_store(path, args.rows)
            made = f"built: {info['counts']}, {info['mb']:.0f} MB"
        store = Store(path)
        store.ensure_built()
        n = store.counts()
        print(f"store: {made}; {n['indicators']:,} indicator rows, {n['articles']:,} articles; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        plain = _row(store, "plain")
        conflict = _row(store, "conflict")
        key = {k: v for k, v in plain.items() if not k.startswith("_")}
        ckey = {k: v for k, v in conflict.items() if not k.startswith("_")}
        steps = [
            ("已核对", lambda: store.add_correction("verified", **key, note=f"bench {time.time_ns()}")),
            ("edit value", lambda: store.add_correction("edit", **key, value=plain["_value"] + 1.5)),
            ("edit district", lambda: store.add_correction("edit", **key, region="基准测试区")),
            ("采用这一条 (choice)", lambda: store.add_correction("choice", **ckey, note=f"bench {time.time_ns()}")),
        ]
        times: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            for name, fn in steps:
                t, cid = _timed(fn)
                times.setdefault(name, []).append(t)
                t, _ = _timed(lambda: store.undo_correction(cid))
                times.setdefault(f"undo {name}", []).append(t)

        def full():
            con = duckdb.connect(str(path))
            try:
                con.execute("BEGIN TRANSACTION")
                summaries.materialize(con)
                con.execute("ROLLBACK")
            finally:
                con.close()
        for _ in range(max(1, min(args.repeat, 2))):
            times.setdefault("full derivation (an upload)", []).append(_timed(full)[0])
        print(f"{'step':<32}{'best':>10}{'median':>10}   (s, {args.repeat} runs)")
        for name, ts in times.items():
            print(f"{name:<32}{min(ts):>10.2f}{statistics.median(ts):>10.2f}")
        print(f"load average at the end {os.getloadavg()[0]:.1f}; corrections left: {len(store.corrections())}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
