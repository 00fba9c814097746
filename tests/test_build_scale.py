"""The scale build (`python -m parsers build … --workers N | --scheduler`): the same rows as one process, resumed
runs, SRC forms, failures reported by name, the Parquet dataset's layout.

The cluster tests share one module-scoped Dask LocalCluster of 2 worker processes (1 thread each) that
the test starts itself, and submit to it through ``run_build(scheduler=…)`` — the code path of
``--scheduler``; one CLI test runs ``--workers 2`` (its own LocalCluster) end to end.
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from parsers import parse_paths
from parsers.build import run_build
from parsers.dataset import (ProvinceOf, committed_parts, load_parsed, part_files, read_frames, read_manifest,
                             read_table, unknown_province)
from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS
from parsers.tablefiles import write_records_csv

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GENRE = ROOT / "tests" / "data" / "genre"
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as c:
        yield c.scheduler_address


def legacy_csv(srcs, tmp: Path) -> dict[str, bytes]:
    """The CSV bytes of the one-process build as it was before the dataset: parse_paths + write_records_csv."""
    parsed = parse_paths(srcs)
    out = {}
    for name, attr, columns in (("indicators", "indicator_records", INDICATOR_COLUMNS),
                                ("projects", "project_records", PROJECT_COLUMNS)):
        path = tmp / f"legacy_{name}.csv"
        write_records_csv([r for p in parsed for r in getattr(p, attr)], columns, path)
        out[name] = path.read_bytes()
    return out


def csv_bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in ("indicators", "projects")}


def build(srcs, out, **kw):
    kw.setdefault("progress", False)
    return run_build([str(s) for s in srcs], out, **kw)


# ------------------------------------------------------------------ same result
def test_two_workers_give_the_rows_of_one_process(cluster, tmp_path):
    srcs = [SEEDS, GENRE]
    one = build(srcs, tmp_path / "one")
    two = build(srcs, tmp_path / "two", scheduler=cluster, batch_bytes=20_000)   # several batches per worker
    assert one.exit_code == two.exit_code == 0
    assert two.parsed == one.parsed == 17 and one.keys == two.keys
    legacy = legacy_csv(srcs, tmp_path)
    assert csv_bytes(tmp_path / "one") == legacy          # --workers 1: the bytes of the old build
    assert csv_bytes(tmp_path / "two") == legacy          # 2 workers: the same, row for row
    assert len(legacy["indicators"].splitlines()) > 400
    # the datasets hold the same rows too, whatever the batches
    f1, f2 = read_frames(tmp_path / "one"), read_frames(tmp_path / "two")
    assert f1[0].equals(f2[0]) and f1[1].equals(f2[1])
    assert len(f1[0]) == one.indicator_rows and len(f1[1]) == one.project_rows
    assert len(committed_parts(tmp_path / "two", "indicators")) > len(committed_parts(tmp_path / "one", "indicators"))


def test_cli_workers_2_writes_the_same_csv_as_workers_1(tmp_path):
    outs = {}
    for w in (1, 2):
        out = tmp_path / f"w{w}"
        r = subprocess.run([sys.executable, "-m", "parsers", "build", str(SEEDS), "--out", str(out), "--workers",
                            str(w), "--batch-kb", "8"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(f"{len(SEED_FILES)} articles -> ")
        assert "parse: 100%" in r.stderr          # the progress bar
        outs[w] = out
    for f in ("indicators.csv", "projects.csv", "indicators.parquet"):
        assert (outs[1] / f).read_bytes() == (outs[2] / f).read_bytes(), f


# ------------------------------------------------------------------ resume
def test_resumed_run_parses_only_what_is_missing(cluster, tmp_path):
    lst = tmp_path / "first.lst"
    lst.write_text("".join(f"{SEEDS / n}\n" for n in SEED_FILES[:3]), encoding="utf-8")
    out = tmp_path / "out"
    first = build([f"@{lst}"], out, scheduler=cluster, batch_bytes=10_000)
    assert (first.parsed, first.already_done) == (3, 0)
    again = build([SEEDS], out, scheduler=cluster, batch_bytes=10_000)
    assert (again.parsed, again.already_done) == (2, 3)            # nothing parsed twice
    once = build([SEEDS], tmp_path / "once")
    assert csv_bytes(out) == csv_bytes(tmp_path / "once")           # complete, equal to a one-shot run
    m = read_manifest(out)
    assert sorted(m.column("article").to_pylist()) == SEED_FILES    # each article committed once
    assert read_frames(out)[0].equals(read_frames(tmp_path / "once")[0])
    third = build([SEEDS], out, scheduler=cluster)
    assert (third.parsed, third.already_done) == (0, 5) and csv_bytes(out) == csv_bytes(tmp_path / "once")


def test_an_uncommitted_batch_is_cleaned_and_parsed_again(tmp_path):
    """What kill -9 between a batch's parts and its manifest leaves: parts without a manifest part, a
    temporary file.  Readers ignore them; the next run deletes them and parses those articles again."""
    out = tmp_path / "out"
    build([SEEDS], out, batch_bytes=10_000)
    manifests = sorted((out / "_manifest").glob("part-*.parquet"))
    assert len(manifests) >= 3
    lost = pq.read_table(manifests[1]).column("article").to_pylist()
    manifests[1].unlink()                                           # the commit never happened
    (out / "indicators" / "province=x" / "year=2024").mkdir(parents=True)
    (out / "indicators" / "province=x" / "year=2024" / ".part-0123456789abcdef.parquet.tmp").write_bytes(b"half")
    assert len(committed_parts(out, "indicators")) < len(part_files(out, "indicators"))
    assert sorted(read_table(out, "articles").column("article").to_pylist()) == sorted(set(SEED_FILES) - set(lost))
    res = build([SEEDS], out, batch_bytes=10_000)
    assert res.orphans_removed >= 2 and res.parsed == len(lost) and res.already_done == 5 - len(lost)
    assert committed_parts(out, "indicators") == part_files(out, "indicators")
    build([SEEDS], tmp_path / "once")
    assert csv_bytes(out) == csv_bytes(tmp_path / "once")


def test_kill_9_mid_run_then_resume(tmp_path):
    """A real kill -9 of the build process while it writes batches; the rerun completes the output
    without parsing a committed article twice, and the CSV equals a one-shot run."""
    src = tmp_path / "src"
    src.mkdir()
    seeds = [(SEEDS / n).read_text(encoding="utf-8") for n in SEED_FILES]
    rows = ["file,published,region"]
    for k in range(60):
        (src / f"{k:03d}.txt").write_text(f"第{k}篇\n\n" + seeds[k % 5], encoding="utf-8")
        rows.append(f"{k:03d}.txt,2024-0{1 + k % 9},")
    (src / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "parsers", "build", str(src), "--out", str(out), "--batch-kb", "12", "--no-progress", "--dataset"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "_manifest").glob("part-*.parquet"))) < 2:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(read_manifest(out))
    assert 0 < done_before < 60, "the kill came too late to test anything"
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"parsed {60 - done_before}, already in the output {done_before}," in r.stderr
    m = read_manifest(out)
    assert len(m) == 60 and len(set(m.column("article").to_pylist())) == 60
    once = tmp_path / "once"
    subprocess.run(cmd[:6] + [str(once)] + cmd[7:], cwd=ROOT, check=True, capture_output=True, timeout=300)
    assert csv_bytes(out) == csv_bytes(once)


# ------------------------------------------------------------------ SRC forms
def test_glob_list_file_folder_and_url_name_the_same_articles(tmp_path):
    folder = build([SEEDS], tmp_path / "folder")
    glob = build([str(SEEDS / "*.txt")], tmp_path / "glob")
    lst = tmp_path / "sub" / "seeds.lst"
    lst.parent.mkdir()
    # relative to the list file's folder; comments and blank lines skipped; a folder and a glob inside
    rel = os.path.relpath(SEEDS, lst.parent)
    lst.write_text(f"# the seeds\n{rel}/{SEED_FILES[0]}\n\n{rel}/00[1-2]_*.txt\n{SEEDS}/003_*.txt\n"
                   f"{rel}/{SEED_FILES[4]}\n", encoding="utf-8")
    listed = build([f"@{lst}"], tmp_path / "list")
    url = build([SEEDS.as_uri() + "/*.txt"], tmp_path / "url")
    assert [k[0] for k in folder.keys] == SEED_FILES
    for res, name in ((glob, "glob"), (listed, "list"), (url, "url")):
        assert res.keys == folder.keys, name
        assert csv_bytes(tmp_path / name) == csv_bytes(tmp_path / "folder"), name   # metadata found alike
    # the input order is the SRC order
    rev = build([SEEDS / SEED_FILES[4], str(SEEDS / "00[0-1]_*.txt")], tmp_path / "rev")
    assert [k[0] for k in rev.keys] == [SEED_FILES[4], SEED_FILES[0], SEED_FILES[1]]


def test_missing_sources_are_clear_errors(tmp_path):
    for src in (str(tmp_path / "nope"), str(tmp_path / "*.txt"), f"@{tmp_path / 'none.lst'}"):
        r = subprocess.run([sys.executable, "-m", "parsers", "build", src, "--out", str(tmp_path / "o")],
                           cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 2 and r.stderr.startswith("error: no "), (src, r.stderr)


# ------------------------------------------------------------------ failures
def test_a_failing_article_is_reported_by_name_and_the_run_goes_on(cluster, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    (src / "gone.txt").symlink_to(tmp_path / "deleted.txt")        # listed, but unreadable
    (src / "empty.txt").write_bytes(b"")                            # not a text article: skipped, as before
    res = build([src], tmp_path / "out", scheduler=cluster)
    assert [f[0] for f in res.failed] == ["gone.txt"] and "FileNotFoundError" in res.failed[0][2]
    assert [s[0] for s in res.skipped] == ["empty.txt"]
    assert res.exit_code == 1 and [k[0] for k in res.keys] == SEED_FILES
    failed_csv = (tmp_path / "out" / "_failed.csv").read_text(encoding="utf-8")
    assert failed_csv.startswith("article,location,reason\ngone.txt,")
    r = subprocess.run([sys.executable, "-m", "parsers", "build", str(src), "--out", str(tmp_path / "cli")],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 1
    assert "failed gone.txt: cannot read" in r.stderr and "skipped empty.txt" in r.stderr
    assert csv_bytes(tmp_path / "cli") == csv_bytes(tmp_path / "out")   # the others are all there


def test_a_parser_error_loses_one_article(tmp_path, monkeypatch):
    import parsers.api

    real = parsers.api.parse_article

    def flaky(text, *, article, **kw):
        if article == SEED_FILES[2]:
            raise ZeroDivisionError("boom")
        return real(text, article=article, **kw)

    monkeypatch.setattr(parsers.api, "parse_article", flaky)
    msgs = []
    res = build([SEEDS], tmp_path / "out", log=msgs.append)
    assert res.exit_code == 1 and res.failed == [(SEED_FILES[2], str(SEEDS / SEED_FILES[2]),
                                                  "parser error: ZeroDivisionError: boom")]
    assert msgs == [f"failed {SEED_FILES[2]}: parser error: ZeroDivisionError: boom"]
    assert [k[0] for k in res.keys] == SEED_FILES[:2] + SEED_FILES[3:]
    monkeypatch.setattr(parsers.api, "parse_article", real)
    again = build([SEEDS], tmp_path / "out")                           # the rerun retries only the failed one
    assert (again.parsed, again.already_done, again.exit_code) == (1, 4, 0)
    assert not (tmp_path / "out" / "_failed.csv").exists()


# ------------------------------------------------------------------ layout and readers
def test_partition_layout_and_duckdb_reads_the_dataset(tmp_path):
    out = tmp_path / "out"
    res = build([SEEDS, GENRE], out)
    for table in ("indicators", "projects", "articles"):
        for f in part_files(out, table):
            rel = f.relative_to(out / table).parts
            assert rel[0].startswith("province=") and rel[1].startswith("year=") and rel[2].startswith("part-")
    provinces = {p.name for p in (out / "indicators").iterdir()}
    assert {"province=吉林省", "province=江苏省", "province=广东省", "province=黑龙江省"} <= provinces
    con = duckdb.connect()
    glob = str(out / "indicators" / "*" / "*" / "*.parquet")
    n, = con.sql(f"select count(*) from read_parquet('{glob}', hive_partitioning = true)").fetchall()[0]
    assert n == res.indicator_rows
    # every row sits in the partition of its region's province and its year
    bad = con.sql(f"""select count(*) from read_parquet('{glob}', hive_partitioning = true, filename = true)
                      where filename not like '%/year=' || coalesce(cast(year as varchar), '__HIVE_DEFAULT_PARTITION__')
                                               || '/%'""").fetchall()[0][0]
    assert bad == 0
    rows = con.sql(f"select distinct region, province from read_parquet('{glob}', hive_partitioning = true)").fetchall()
    assert ("徐州市鼓楼区", "江苏省") in rows and ("延吉市", "吉林省") in rows and ("绥化市", "黑龙江省") in rows
    prj = con.sql(f"""select province from read_parquet('{out}/projects/*/*/*.parquet', hive_partitioning = true)
                      where region = '两湖新区'""").fetchall()
    assert prj and {p for p, in prj} == {unknown_province()} == {"未知"}   # not a unit of the gazetteer


@pytest.mark.parametrize("region, article_region, province", [
    pytest.param("长春市朝阳区", "", "吉林省", id="unit-key"),
    pytest.param("双阳区", "", "吉林省", id="unique-name"),
    pytest.param("吉林省", "", "吉林省", id="a-province-itself"),
    pytest.param("朝阳区", "长春市", "吉林省", id="shared-name-settled-by-the-article"),
    pytest.param("朝阳区", "", "未知", id="shared-name-alone"),
    pytest.param("两湖新区", "长春市", "未知", id="not-a-unit"),
    pytest.param("", "长春市", "未知", id="empty"),
])
def test_province_of_a_row(region, article_region, province):
    assert ProvinceOf()(region, article_region) == province


def test_the_store_can_load_from_the_dataset(tmp_path):
    """load_parsed gives back what parse_paths gave: the Parsed objects the store's rebuild takes."""
    out = tmp_path / "out"
    res = build([SEEDS], out)
    got = load_parsed(out, res.keys)
    want = parse_paths([SEEDS])
    assert [p.article for p in got] == [p.article for p in want]
    for g, w in zip(got, want):
        assert (g.text, g.title, g.region, g.published or "", g.year) == (w.text, w.title, w.region,
                                                                          w.published or "", w.year)
        assert g.indicator_records == w.indicator_records and g.project_records == w.project_records


def test_no_csv_writes_only_the_dataset_and_a_later_csv_run_rebuilds_the_same_csv(tmp_path):
    out = tmp_path / "out"
    first = build([SEEDS], out, write_csv=False, batch_bytes=10_000)
    assert not (out / "indicators.csv").exists() and not (out / "_csv").exists()
    assert first.indicator_rows == len(read_table(out, "indicators")) > 100
    again = build([SEEDS], out)          # nothing to parse: the CSV comes from the dataset's rows
    assert (again.parsed, again.already_done) == (0, 5)
    build([SEEDS], tmp_path / "once")
    assert csv_bytes(out) == csv_bytes(tmp_path / "once")
    assert (again.indicator_rows, again.project_rows) == (first.indicator_rows, first.project_rows)


def test_the_default_build_writes_no_dataset_and_the_same_csv(tmp_path):
    """Without --dataset (and one worker) the build is today's: the CSV and Parquet files only, the same
    bytes as with the dataset."""
    outs = {}
    for name, extra in (("plain", []), ("dataset", ["--dataset"])):
        out = tmp_path / name
        r = subprocess.run([sys.executable, "-m", "parsers", "build", str(SEEDS), "--out", str(out), "--no-progress",
                            *extra], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        outs[name] = out
    assert not (outs["plain"] / "_manifest").exists() and not (outs["plain"] / "indicators").exists()
    assert (outs["dataset"] / "_manifest").is_dir() and list((outs["dataset"] / "indicators").glob("province=*"))
    for f in ("indicators.csv", "projects.csv"):
        assert (outs["plain"] / f).read_bytes() == (outs["dataset"] / f).read_bytes(), f


def test_without_tqdm_the_build_has_no_bar_but_reports_the_same(tmp_path, monkeypatch, capsys):
    """The progress bar is cosmetic: where tqdm cannot be imported the build runs the same and still
    reports skipped files on stderr."""
    from parsers import build

    monkeypatch.setitem(sys.modules, "tqdm", None)          # import tqdm -> ImportError
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text((SEEDS / "000_b603f38b2462cfdc.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    res = build.run_build([str(src)], tmp_path / "out", dataset=False)
    assert res.parsed == 1 and res.indicator_rows > 0 and [n for n, _ in res.skipped] == ["empty.txt"]
    assert "skipped empty.txt" in capsys.readouterr().err


# ------------------------------------------------------------------ the CSV written while the run goes on
def test_batches_finishing_out_of_order_still_give_the_csv_in_input_order(tmp_path, monkeypatch):
    import parsers.build as b

    def backwards(batches, out, on_done, csv_lines):       # the last batch finishes first, and so on
        results = [b.parse_batch(batch, out, csv_lines) for batch in batches]
        for i in reversed(range(len(batches))):
            on_done(i, results[i])

    monkeypatch.setattr(b, "_run_local", backwards)
    r = build([SEEDS], tmp_path / "out", batch_bytes=10_000)
    assert r.parsed == 5
    assert csv_bytes(tmp_path / "out") == legacy_csv([SEEDS], tmp_path)
    assert pq.read_table(tmp_path / "out" / "indicators.parquet").num_rows == r.indicator_rows


def test_an_interrupted_run_leaves_no_half_csv_and_keeps_the_last_one(tmp_path, monkeypatch):
    import parsers.build as b

    out = tmp_path / "out"
    first = build(sorted(SEEDS.glob("*.txt"))[:2], out)
    before = csv_bytes(out)
    real = b.parse_batch
    calls = []

    def interrupted(batch, out_, csv_lines=True):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(batch, out_, csv_lines)

    monkeypatch.setattr(b, "parse_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([SEEDS], out, batch_bytes=10_000)
    assert csv_bytes(out) == before and first.indicator_rows > 0       # the last complete CSV, untouched
    assert not list(out.glob(".*.tmp"))
    monkeypatch.setattr(b, "parse_batch", real)
    again = build([SEEDS], out)                                         # resumes, then writes the whole CSV
    assert again.already_done >= 1 and csv_bytes(out) == legacy_csv([SEEDS], tmp_path)


def test_ordered_table_files_write_row_groups_with_the_rows_of_one_file(tmp_path):
    from parsers.tablefiles import OrderedTableFiles, records_csv_text, write_parquet

    parsed = parse_paths([SEEDS])
    legacy = legacy_csv([SEEDS], tmp_path)
    f = OrderedTableFiles(tmp_path, (INDICATOR_COLUMNS, PROJECT_COLUMNS), group_bytes=20_000)
    for p in parsed:
        f.append(records_csv_text(p.indicator_records, INDICATOR_COLUMNS),
                 records_csv_text(p.project_records, PROJECT_COLUMNS))
    rows = f.close()
    assert csv_bytes(tmp_path) == legacy
    write_parquet(tmp_path / "indicators.csv", INDICATOR_COLUMNS, tmp_path / "whole.parquet")
    streamed = pq.ParquetFile(tmp_path / "indicators.parquet")
    assert streamed.metadata.num_row_groups > 1
    assert streamed.read().equals(pq.read_table(tmp_path / "whole.parquet"))
    assert rows == (sum(len(p.indicator_records) for p in parsed), sum(len(p.project_records) for p in parsed))
