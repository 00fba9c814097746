"""The DuckDB store: contracts, dedupe, unique ids, transactions, concurrency, seeding."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest

from parsers import Parsed
from parsers.schema import ARTICLE_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS
from store.db import Store, text_sha256

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "seeds"
CONFTEST = Path(__file__).resolve().parent / "conftest.py"


@pytest.fixture
def make_parsed(parsed_factory):
    return parsed_factory


def _plain(article: str, text: str, region: str = "双阳区") -> Parsed:
    return Parsed(article=article, text=text, title=text[:10], region=region, published="2024-07", year=2024)


def _snapshot(store: Store):
    return (store.articles().drop(columns=["added_at"]), store.indicators(), store.projects())


def test_default_path_env(monkeypatch, tmp_path):
    monkeypatch.delenv("DASHBOARD_DB", raising=False)
    assert Store.default_path() == ROOT / "data" / "dashboard.duckdb"
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "x.duckdb"))
    assert Store().path == (tmp_path / "x.duckdb").resolve()


def test_missing_store_reads_empty_frames(tmp_db):
    store = Store(tmp_db)
    for df, cols in ((store.articles(), ARTICLE_COLUMNS), (store.indicators(), INDICATOR_COLUMNS),
                     (store.projects(), PROJECT_COLUMNS)):
        assert list(df.columns) == list(cols) and len(df) == 0
    assert not tmp_db.exists()  # reading never creates the file


def test_rebuild_roundtrip_keeps_contracts_and_spans(filled_store, sample_parsed):
    arts, inds, prjs = filled_store.articles(), filled_store.indicators(), filled_store.projects()
    for df, cols in ((arts, ARTICLE_COLUMNS), (inds, INDICATOR_COLUMNS), (prjs, PROJECT_COLUMNS)):
        assert list(df.columns) == list(cols)
        assert {c: str(t) for c, t in df.dtypes.items()} == cols
    assert sorted(arts["article"]) == sorted(p.article for p in sample_parsed)
    assert len(inds) == sum(len(p.indicators) for p in sample_parsed)
    assert len(prjs) == sum(len(p.projects) for p in sample_parsed)
    assert set(arts["source"]) == {"seed"}
    texts = dict(zip(arts["article"], arts["text"]))
    for r in inds.itertuples():
        assert texts[r.article][r.sent_start:r.sent_end] == r.sentence
    sy = inds[(inds.region == "双阳区") & (inds.indicator == "规上工业产值")].iloc[0]
    assert sy.value == 52.3 and sy.yoy_pct == 12.5 and sy.period == "2024年1-6月"
    assert pd.isna(inds[(inds.region == "绿园区") & (inds.indicator == "固定资产投资")].iloc[0].value)


def test_add_and_dedupe(filled_store, make_parsed):
    new = make_parsed("双阳区", article="new.txt", extra="另有新内容。")
    v0 = filled_store.version()
    res = filled_store.add([new])
    assert res.added == ["new.txt"] and res.duplicates == []
    assert filled_store.version() != v0
    assert (filled_store.indicators()["article"] == "new.txt").sum() == len(new.indicators)
    # same text again, also with different whitespace/line endings and another name: duplicate
    again = _plain("again.txt", "  " + new.text.replace("\n", "\r\n  ") + "\n\n")
    v1 = filled_store.version()
    res = filled_store.add([again, new])
    assert res.added == [] and res.duplicates == ["new.txt", "new.txt"]
    assert filled_store.version() == v1  # nothing written
    assert len(filled_store.articles()) == 4


def test_duplicates_inside_one_batch(tmp_db):
    store = Store(tmp_db)
    res = store.add([_plain("a.txt", "同一篇文章"), _plain("b.txt", "同一篇 文章"),
                     _plain("c.txt", "\n同一篇文章 "), _plain("d.txt", "同一篇   文章")])
    assert res.added == ["a.txt", "b.txt"]
    assert res.duplicates == ["a.txt", "b.txt"]
    assert res.stored_as == ["a.txt", "b.txt", "a.txt", "b.txt"]
    assert list(store.articles()["article"]) == ["a.txt", "b.txt"]


def test_name_clash_gets_suffix_and_rows_follow(filled_store, make_parsed):
    clash = make_parsed("二道区", article="erdao_2024h1.txt", extra="不同的正文。")
    res = filled_store.add([clash, _plain("erdao_2024h1.txt", "第三篇不同的文章")])
    assert res.added == ["erdao_2024h1_2.txt", "erdao_2024h1_3.txt"]
    assert res.stored_as == res.added
    inds = filled_store.indicators()
    assert (inds["article"] == "erdao_2024h1_2.txt").sum() == len(clash.indicators)
    assert filled_store.articles()["article"].is_unique


@pytest.mark.parametrize("fail_on", ["articles", "indicators", "projects"])
def test_failed_add_leaves_store_unchanged(filled_store, make_parsed, monkeypatch, fail_on):
    before, v0 = _snapshot(filled_store), filled_store.version()
    real = Store._write_frame

    def flaky(self, con, table, df):
        real(self, con, table, df)
        if table == fail_on:
            raise RuntimeError("disk full (injected)")

    monkeypatch.setattr(Store, "_write_frame", flaky)
    with pytest.raises(RuntimeError, match="injected"):
        filled_store.add([make_parsed("绿园区", article="x.txt", extra="新的一篇。")])
    monkeypatch.undo()
    after = _snapshot(filled_store)
    for a, b in zip(before, after):
        pd.testing.assert_frame_equal(a, b)
    assert filled_store.version() == v0
    # and the store still works afterwards
    assert filled_store.add([_plain("ok.txt", "之后可以继续写入")]).added == ["ok.txt"]


def test_failed_rebuild_keeps_old_content(filled_store, monkeypatch):
    before = _snapshot(filled_store)

    def boom(self, con, table, df):
        raise RuntimeError("injected")

    monkeypatch.setattr(Store, "_write_frame", boom)
    with pytest.raises(RuntimeError):
        filled_store.rebuild([_plain("only.txt", "唯一")])
    monkeypatch.undo()
    for a, b in zip(before, _snapshot(filled_store)):
        pd.testing.assert_frame_equal(a, b)


def test_rebuild_replaces_everything(filled_store):
    res = filled_store.rebuild([_plain("only.txt", "唯一的文章")], source="cli")
    assert res.added == ["only.txt"]
    assert list(filled_store.articles()["article"]) == ["only.txt"]
    assert len(filled_store.indicators()) == 0 and len(filled_store.projects()) == 0


def test_concurrent_adds_from_threads_all_kept(filled_store, make_parsed):
    n = 8
    results, errors = [], []
    barrier = threading.Barrier(n)

    def worker(i):
        try:
            barrier.wait()
            s = Store(filled_store.path)  # each "session" has its own Store object
            results.append(s.add([make_parsed("双阳区", article=f"t{i}.txt", extra=f"第{i}篇")]))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    arts = set(filled_store.articles()["article"])
    assert {f"t{i}.txt" for i in range(n)} <= arts
    assert (filled_store.indicators()["article"].str.startswith("t")).sum() == n * 4


def test_concurrent_adds_from_processes_all_kept(filled_store):
    script = textwrap.dedent(f"""
        import sys
        import importlib.util
        sys.path.insert(0, {str(ROOT)!r})
        spec = importlib.util.spec_from_file_location("sample_conftest", {str(CONFTEST)!r})
        mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
        make_parsed = mod.make_parsed
        from store.db import Store
        i = int(sys.argv[1])
        s = Store({str(filled_store.path)!r})
        for k in range(3):
            s.add([make_parsed("绿园区", article=f"p{{i}}_{{k}}.txt", extra=f"进程{{i}}第{{k}}篇")])
            s.indicators()
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(i)], stderr=subprocess.PIPE) for i in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    arts = set(filled_store.articles()["article"])
    assert {f"p{i}_{k}.txt" for i in range(2) for k in range(3)} <= arts


def test_delete(filled_store, sample_parsed):
    kept = [p for p in sample_parsed if p.article != "lvyuan_2024m7.txt"]
    assert filled_store.delete(["lvyuan_2024m7.txt", "never_stored.txt"]) == 1
    assert sorted(filled_store.articles()["article"]) == ["erdao_2024h1.txt", "shuangyang_2024h1.txt"]
    for got, frames, cols in ((filled_store.indicators(), [p.indicators for p in kept], INDICATOR_COLUMNS),
                              (filled_store.projects(), [p.projects for p in kept], PROJECT_COLUMNS)):
        expected = pd.concat(frames, ignore_index=True).astype(cols)   # the rows of the two other articles, as given
        pd.testing.assert_frame_equal(got.sort_values(["article", "start"], ignore_index=True),
                                      expected.sort_values(["article", "start"], ignore_index=True))
    assert filled_store.delete(["lvyuan_2024m7.txt"]) == 0


def test_find_duplicates(filled_store, sample_parsed):
    assert filled_store.find_duplicates([sample_parsed[0].text + "\n", "全新"]) == [sample_parsed[0].article, None]


def test_sha_ignores_whitespace_only():
    assert text_sha256("a b\r\nc") == text_sha256(" a  b\nc ")
    assert text_sha256("a b c") != text_sha256("a b d")


def test_ensure_built_from_seeds(tmp_db):
    store = Store(tmp_db)
    assert store.ensure_built(SEEDS_DIR) is True
    arts = store.articles()
    assert len(arts) == len(list(SEEDS_DIR.glob("*.txt")))
    assert set(arts["source"]) == {"seed"}
    meta = pd.read_csv(SEEDS_DIR / "articles.csv", dtype=str)
    assert dict(zip(arts["article"], arts["published"])) == dict(zip(meta["file"], meta["published"]))
    v = store.version()
    assert store.ensure_built(SEEDS_DIR) is False and store.version() == v


def test_ensure_built_rebuilds_an_empty_store(tmp_db):
    store = Store(tmp_db)
    store.rebuild([])
    assert tmp_db.exists() and store.is_empty()
    assert store.ensure_built(SEEDS_DIR) is True and not store.is_empty()


def test_ensure_built_concurrently_builds_once(tmp_db):
    built, errors = [], []

    def worker():
        try:
            built.append(Store(tmp_db).ensure_built(SEEDS_DIR))
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and built.count(True) == 1
    assert len(Store(tmp_db).articles()) == len(list(SEEDS_DIR.glob("*.txt")))
