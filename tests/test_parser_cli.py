"""`python -m parsers build` writes the scorer's CSV contract (and Parquet)."""
import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).parent.parent


def test_build_writes_csv_and_parquet(tmp_path):
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "parsers", "build", str(ROOT / "seeds"), "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(out / "indicators.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {"article", "region", "indicator", "year", "month_from", "month_to", "value", "unit", "yoy_pct",
            "sentence"} <= set(rows[0])
    assert {r["article"] for r in rows} == {p.name for p in (ROOT / "seeds").glob("*.txt")}
    assert len(pd.read_parquet(out / "projects.parquet")) == len(pd.read_csv(out / "projects.csv"))


def test_build_missing_source_is_a_clear_error(tmp_path):
    r = subprocess.run([sys.executable, "-m", "parsers", "build", str(tmp_path / "nope"), "--out", str(tmp_path)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "no such file" in r.stderr


def test_build_skips_unreadable_files_and_writes_store(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes((ROOT / "seeds" / "003_ef167e022457e2c2.txt").read_text(encoding="utf-8").encode("gb18030"))
    (src / "empty.txt").write_bytes(b"")
    (src / "bin.txt").write_bytes(bytes(range(256)) * 4)
    db = tmp_path / "s.duckdb"
    r = subprocess.run([sys.executable, "-m", "parsers", "build", str(src), "--out", str(tmp_path / "o"), "--db", str(db)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "skipped empty.txt" in r.stderr and "skipped bin.txt" in r.stderr
    from store.db import Store
    counts = Store(db).counts()
    assert counts["articles"] == 1 and counts["indicators"] > 10


def test_csv_written_from_records_equals_the_contract_frame_written_by_pandas(tmp_path):
    # tablefiles writes the CSV without pandas; it must be the bytes pandas wrote for the contract frame
    from parsers import combine, parse_paths
    from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS
    from parsers.tablefiles import write_parquet, write_records_csv

    parsed = parse_paths([ROOT / "seeds", ROOT / "tests" / "data" / "genre"])
    frames = combine(parsed)
    for frame, columns, name, attr in zip(frames, (INDICATOR_COLUMNS, PROJECT_COLUMNS), ("ind", "prj"),
                                          ("indicator_records", "project_records")):
        frame.to_csv(tmp_path / f"{name}_pandas.csv", index=False, encoding="utf-8")
        write_records_csv([r for p in parsed for r in getattr(p, attr)], columns, tmp_path / f"{name}.csv")
        assert (tmp_path / f"{name}.csv").read_bytes() == (tmp_path / f"{name}_pandas.csv").read_bytes()
        write_parquet(tmp_path / f"{name}.csv", columns, tmp_path / f"{name}.parquet")
        back = pd.read_parquet(tmp_path / f"{name}.parquet")
        assert list(back.columns) == list(columns) and len(back) == len(frame)
        for col, dtype in columns.items():      # the same cells, "" strings and missing numbers alike
            got, want = back[col].tolist(), frame[col].tolist()
            if dtype == "string":
                assert got == want, col
            else:
                assert [None if pd.isna(v) else v for v in got] == [None if pd.isna(v) else v for v in want], col


def test_importing_the_parser_does_not_import_pandas():
    r = subprocess.run([sys.executable, "-c", "import sys, parsers; parsers.parse_article('全市GDP增长5%。'); "
                        "print('pandas' in sys.modules)"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "False", r.stderr


def test_build_reads_traditional_articles_as_simplified_and_keeps_their_sentences(tmp_path):
    """The CLI takes the same path as uploads: the Big5-HKSCS-encoded Traditional twin of an article gives
    the Simplified twin's rows, names in Simplified, sentences in the original script."""
    pairs = ROOT / "tests" / "data" / "traditional_pairs"
    out = {}
    for script in ("hant", "hans"):
        src = tmp_path / script
        src.mkdir()
        text = (pairs / f"02_shunde_1_11.{script}.txt").read_text(encoding="utf-8")
        (src / "a.txt").write_bytes(text.encode("big5hkscs") if script == "hant" else text.encode("utf-8"))
        (src / "articles.csv").write_text("file,published,region\na.txt,2024-12,\n", encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "parsers", "build", str(src), "--out", str(tmp_path / f"o_{script}")],
                           cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        out[script] = pd.read_csv(tmp_path / f"o_{script}" / "indicators.csv", keep_default_na=False)
    t, s = out["hant"], out["hans"]
    assert len(t) > 3
    names = ["region", "subject", "indicator", "period", "value", "unit", "yoy_pct", "start", "end"]
    assert t[names].equals(s[names])
    assert (t["sentence"] != s["sentence"]).any() and "规" in "".join(t["indicator"])
