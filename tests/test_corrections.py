"""Corrections (store/corrections.py, Store.add_correction …): each kind applied in the views' queries, the
``reviewed`` column in exports, undo, the CSV round trip and a broken CSV, orphans, and a correction that
survives a real ``python -m parsers build seeds --db`` rebuild."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from store import corrections as C
from store import queries as Q
from store.db import CorrectionError, Store, text_sha256

from tests.conftest import ROOT, SEEDS_DIR


def row_of(store: Store, region: str, indicator: str) -> pd.Series:
    rows = Q.detail_page(store, "", [region], [indicator], limit=10)
    assert len(rows) == 1, rows
    return rows.iloc[0]


def key(r: pd.Series) -> dict:
    return dict(article=str(r["article"]), start=int(r["start"]), end=int(r["end"]))


def chart_values(store: Store, indicator: str) -> dict:
    rows, _ = Q.comparison_rows(store, indicator, mixed=True)
    return dict(zip(rows["region"], rows["value"]))


def test_verified_marks_the_row_and_changes_nothing_else(filled_store):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    v0 = filled_store.version()
    cid = filled_store.add_correction("verified", **key(r), note="与统计公报一致")
    assert filled_store.version() != v0           # caches keyed by version see it
    after = row_of(filled_store, "双阳区", "规上工业产值")
    assert after["reviewed"] == "已核对" and after["value"] == r["value"]
    assert chart_values(filled_store, "规上工业产值")["双阳区"] == 52.3
    listed = filled_store.corrections()
    assert list(listed["id"]) == [cid] and listed["note"].iloc[0] == "与统计公报一致"
    assert listed["status"].iloc[0] == "已应用" and listed["article"].iloc[0] == r["article"]
    assert listed["sha256"].iloc[0] == text_sha256(filled_store.article_text(r["article"]))


def test_wrong_hides_the_row_from_charts_but_the_table_lists_it(filled_store):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("wrong", **key(r))
    assert "双阳区" not in chart_values(filled_store, "规上工业产值")
    latest = filled_store.overview()["latest"]
    assert latest[(latest["region"] == "双阳区") & (latest["indicator"] == "规上工业产值")].empty
    growth, _ = Q.growth_rows(filled_store, region="双阳区")
    assert "规上工业产值" not in set(growth["indicator"])
    assert row_of(filled_store, "双阳区", "规上工业产值")["reviewed"] == "有误"   # still listed, with its state
    assert Q.detail_count(filled_store)[0] == 10


def test_edit_changes_the_fields_in_every_view(filled_store):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("edit", **key(r), value=5.23, unit="亿元", yoy_pct=1.5)
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["value"], e["yoy_pct"], e["reviewed"]) == (5.23, 1.5, "已修改")
    assert e["value_base"] == pytest.approx(5.23e8) and e["unit_base"] == "元"
    assert chart_values(filled_store, "规上工业产值")["双阳区"] == 5.23
    growth, _ = Q.growth_rows(filled_store, indicator="规上工业产值")
    assert growth.set_index("region").loc["双阳区", "yoy_pct"] == 1.5
    latest = filled_store.overview()["latest"].set_index(["region", "indicator"])
    assert latest.loc[("双阳区", "规上工业产值"), "value"] == 5.23
    # a unit edit alone rescales the base value
    filled_store.add_correction("edit", **key(r), unit="万元")
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["value"], e["unit"], e["value_base"]) == (5.23, "万元", pytest.approx(5.23e4))


def test_edit_of_region_indicator_and_period_moves_the_row(filled_store):
    r = row_of(filled_store, "双阳区", "社会消费品零售总额")
    filled_store.add_correction("edit", **key(r), region="九台区", indicator="社零额", period="2024年1-9月")
    rows = Q.detail_page(filled_store, "", ["九台区"])
    assert len(rows) == 1
    e = rows.iloc[0]
    assert (e["indicator"], e["period"], e["year"], e["month_from"], e["month_to"]) == ("社零额", "2024年1-9月", 2024, 1, 9)
    assert "九台区" in filled_store.regions()
    assert Q.indicator_options(filled_store, ["九台区"]) == ["社零额"]
    assert Q.period_options(filled_store, "社零额") == ["2024年1-9月"]
    assert Q.detail_page(filled_store, "", ["双阳区"], ["社会消费品零售总额"]).empty


def test_added_figure_is_a_row_of_its_own(filled_store):
    art = "shuangyang_2024h1.txt"
    text = filled_store.article_text(art)
    s = text.index("同比增长12.5%")
    filled_store.add_correction("added", article=art, start=s + 2, end=s + 9, indicator="规上工业产值增速",
                                region="双阳区", yoy_pct=12.5, period="2024年1-6月", note="漏提")
    rows = Q.detail_page(filled_store, "", ["双阳区"], ["规上工业产值增速"])
    assert len(rows) == 1
    a = rows.iloc[0]
    assert (a["reviewed"], a["yoy_pct"], a["month_to"]) == ("补录", 12.5, 6)
    assert text[int(a["sent_start"]):int(a["sent_end"])].strip("\n") .startswith("6月份以来")
    assert "12.5" in a["sentence"] and a["yoy_text"] == "增长12.5%"
    growth, _ = Q.growth_rows(filled_store, region="双阳区")
    assert "规上工业产值增速" in set(growth["indicator"])
    assert Q.detail_count(filled_store) == (11, 11)


def test_reviewed_is_in_every_export(filled_store):
    r = row_of(filled_store, "二道区", "固定资产投资")
    filled_store.add_correction("verified", **key(r))
    rows, capped = Q.detail_rows(filled_store)
    assert not capped and list(rows.columns[-4:]) == ["reviewed", "conflict", "title", "published"]   # + titles
    assert rows["reviewed"].tolist().count("已核对") == 1 and (rows["reviewed"] != "").sum() == 1


def test_bad_corrections_are_refused_and_change_nothing(filled_store):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    v0 = filled_store.version()
    cases = [
        dict(kind="nonsense", **key(r)),
        dict(kind="verified", article="nope.txt", start=1, end=2),
        dict(kind="verified", article=r["article"], start=0, end=10**6),
        dict(kind="verified", article=r["article"], start=0, end=1),          # no row at this span
        dict(kind="edit", **key(r)),                                          # no field
        dict(kind="edit", **key(r), value="abc"),
        dict(kind="edit", **key(r), colour="red"),
        dict(kind="added", article=r["article"], start=int(r["start"]), end=int(r["end"]), region="双阳区"),
    ]
    for case in cases:
        with pytest.raises(CorrectionError):
            filled_store.add_correction(case.pop("kind"), **case)
    assert filled_store.corrections().empty and filled_store.version() == v0


def test_undo_the_last_or_a_given_correction(filled_store):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    first = filled_store.add_correction("edit", **key(r), value=1.0)
    filled_store.add_correction("wrong", **key(r))
    assert row_of(filled_store, "双阳区", "规上工业产值")["reviewed"] == "有误"
    undone = filled_store.undo_correction()
    assert undone["kind"] == "wrong"
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["reviewed"], e["value"]) == ("已修改", 1.0)
    filled_store.undo_correction(first)
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["reviewed"], e["value"]) == ("", 52.3)
    assert filled_store.undo_correction() is None and filled_store.corrections().empty


def test_later_corrections_of_a_row_apply_in_order(filled_store):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("wrong", **key(r))
    filled_store.add_correction("edit", **key(r), value=50.0)   # fixed: shown again, edited
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["reviewed"], e["value"]) == ("已修改", 50.0)
    assert chart_values(filled_store, "规上工业产值")["双阳区"] == 50.0
    filled_store.add_correction("edit", **key(r), yoy_pct=2.0)
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["value"], e["yoy_pct"]) == (50.0, 2.0)            # each field: its latest edit


def test_csv_round_trip_and_import_twice(filled_store, tmp_path, sample_parsed):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("edit", **key(r), value=50.5, note="含逗号,和\"引号\"")
    filled_store.add_correction("verified", **key(row_of(filled_store, "绿园区", "固定资产投资")))
    text = filled_store.export_corrections()
    (tmp_path / "c.csv").write_text(text, encoding="utf-8-sig")
    other = Store(tmp_path / "other.duckdb")
    other.rebuild(sample_parsed)
    assert other.import_corrections(tmp_path / "c.csv") == {"added": 2, "skipped": 0}
    assert other.import_corrections(text) == {"added": 0, "skipped": 2}     # the same file again: nothing new
    mine, theirs = filled_store.corrections(), other.corrections()
    pd.testing.assert_frame_equal(mine.drop(columns=["seq"]), theirs.drop(columns=["seq"]))
    assert row_of(other, "双阳区", "规上工业产值")["value"] == 50.5
    assert filled_store.import_corrections(text) == {"added": 0, "skipped": 2}


@pytest.mark.parametrize("bad, says", [
    ("kind,sha256\nverified,abc\n", "缺少列"),   # columns missing
    ("kind,sha256,start,end\nverified,{sha},10,12\n", "surface"),   # no surface: an older file
    ("kind,sha256,start,end,surface\nverified,{sha},10,x,ab\n", "不是数字"),   # not a number
    ("kind,sha256,start,end,surface\nmaybe,{sha},10,12,ab\n", "类型"),   # unknown kind
    ("kind,sha256,start,end,surface\nverified,{sha},10,12,ab\nverified,nothex,10,12,ab\n", "sha256"),   # one bad line: nothing
    ("kind,sha256,start,end,surface,value\nedit,{sha},10,12,ab,\n", "修改未给出"),   # edit without fields
    ("kind,sha256,start,end,surface\nverified,{sha},10,12,abc\n", "surface"),   # surface not the span's length
    (b"\xff\xfe\x00k\x00i", "UTF-8"),   # not UTF-8
], ids=["columns", "no-surface", "not-a-number", "kind", "one-bad-line", "empty-edit", "surface-length", "not-utf8"])
def test_a_broken_csv_is_refused_and_changes_nothing(filled_store, bad, says):
    sha = "a" * 64
    data = bad.format(sha=sha) if isinstance(bad, str) else bad
    v0 = filled_store.version()
    with pytest.raises(CorrectionError) as err:
        filled_store.import_corrections(data)
    assert says in str(err.value)   # a message for the user that says what is wrong
    assert filled_store.corrections().empty and filled_store.version() == v0


def test_orphaned_corrections_are_listed_not_dropped(filled_store):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("edit", **key(r), value=1.0)
    other = row_of(filled_store, "二道区", "规上工业产值")
    filled_store.add_correction("verified", **key(other))
    assert filled_store.orphaned_corrections().empty
    # the article goes (as after a rebuild without it), then the parser "moves" the other figure
    filled_store.delete([r["article"]])
    orphans = filled_store.orphaned_corrections()
    assert list(orphans["kind"]) == ["edit"] and orphans["reason"].iloc[0] == "文章不在库中"
    assert list(filled_store.corrections()["status"]) == ["未匹配", "已应用"]
    import duckdb
    con = duckdb.connect(str(filled_store.path))
    con.execute('UPDATE indicators SET "start" = "start" + 1 WHERE region = \'二道区\'')
    from store import summaries
    summaries.materialize(con)
    con.close()
    orphans = filled_store.orphaned_corrections()
    assert sorted(orphans["reason"]) == ["原文位置已无对应数据", "文章不在库中"]
    assert len(filled_store.corrections()) == 2


def test_corrections_survive_a_re_upload_under_another_name(filled_store, sample_parsed):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("edit", **key(r), value=7.0)
    filled_store.delete([r["article"]])
    again = [p for p in sample_parsed if p.article == r["article"]][0]
    again.article = "重新上传.txt"
    assert filled_store.add([again]).added == ["重新上传.txt"]
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["article"], e["value"], e["reviewed"]) == ("重新上传.txt", 7.0, "已修改")


def test_a_correction_survives_a_real_cli_rebuild(tmp_path):
    db = tmp_path / "dashboard.duckdb"

    def build():
        r = subprocess.run([sys.executable, "-m", "parsers", "build", str(SEEDS_DIR), "--out", str(tmp_path / "out"),
                            "--db", str(db), "--no-progress"], cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert "rebuilt with" in r.stdout
        last_stdout[:] = [r.stdout]

    last_stdout: list[str] = []
    build()
    store = Store(db)
    rows = Q.detail_page(store, "", limit=1000)
    gdp = rows[rows["value"].notna()].iloc[0]
    drawn = rows[rows["value"].notna() & (rows["subject"].fillna("") == "") & (rows["region"].fillna("") != "")]
    wrong = drawn.iloc[-1]        # a region-wide row: one that 区县对比 draws (checked below)
    store.add_correction("edit", article=gdp["article"], start=int(gdp["start"]), end=int(gdp["end"]),
                         row_indicator=gdp["indicator"], value=12345.0)
    store.add_correction("wrong", article=wrong["article"], start=int(wrong["start"]), end=int(wrong["end"]),
                         row_indicator=wrong["indicator"])
    before = store.version()
    build()                                  # the real rebuild: every article and row written again
    assert store.version() != before and len(store.corrections()) == 2
    assert last_stdout[0].splitlines()[-1] == "corrections: 2 applied, 0 unmatched (kept and listed: Store.orphaned_corrections)"
    assert store.orphaned_corrections().empty
    after = Q.detail_page(store, "", limit=1000)
    e = after[(after["article"] == gdp["article"]) & (after["start"] == gdp["start"])]
    assert list(e["value"]) == [12345.0] and list(e["reviewed"]) == ["已修改"]
    w = after[(after["article"] == wrong["article"]) & (after["start"] == wrong["start"])]
    assert list(w["reviewed"]) == ["有误"]
    chart, _ = Q.comparison_rows(store, wrong["indicator"], mixed=True)
    assert not ((chart["article"] == wrong["article"]) & (chart["start"] == wrong["start"])).any()


def test_helpers():
    assert C.unit_scale("亿元") == (1e8, "元") and C.unit_scale("万辆") == (1e4, "辆") and C.unit_scale("%") == (1, "%")
    assert C.unit_scale("万亿元") == (1e12, "元") and C.unit_scale("％") == (1, "%") and C.unit_scale("") == (1, "")
    assert C.unit_scale("12") == (1, "12") and C.unit_scale("万台套") == (1e4, "台套")
    assert C.period_fields("2024年1-6月") == (2024, 1, 6) and C.period_fields("2024年上半年") == (2024, 1, 6)
    assert C.period_fields("2022年") == (2022, 1, 12) and C.period_fields("1-7月") == (None, 1, 7)
    assert C.period_fields("2025年前三季度") == (2025, 1, 9)
    rec = dict(kind="verified", sha256="a" * 64, start=1, end=2)
    assert C.correction_id(rec) == C.correction_id(dict(rec)) != C.correction_id({**rec, "note": "x"})


def test_a_correction_rederives_only_its_districts_and_that_equals_a_full_derivation(tmp_path):
    """Writes of corrections derive the conflicts and summaries of the districts they touch only (fast at
    10M rows); after edits that move rows between districts, a choice, a wrong row, an added one and an
    undo, the tables equal those derived from scratch."""
    import duckdb

    from store import summaries
    from tests.test_conflicts import article

    store = Store(tmp_path / "inc.duckdb")
    store.rebuild([
        article("old.txt", "2024-07", [("地区生产总值", "100", "亿元", 5.0), ("固定资产投资", "20", "亿元", None)]),
        article("new.txt", "2024-09", [("地区生产总值", "110", "亿元", 5.0)]),
        article("lv.txt", "2024-08", [("地区生产总值", "80", "亿元", 3.0)], region="绿园区"),
        article("lv2.txt", "2024-10", [("地区生产总值", "81", "亿元", 3.0)], region="绿园区"),
    ])
    rows = Q.detail_page(store)
    at = {(r.article, r.indicator): dict(article=r.article, start=int(r.start), end=int(r.end)) for r in rows.itertuples()}
    store.add_correction("edit", **at[("old.txt", "固定资产投资")], region="绿园区")
    store.add_correction("choice", **at[("old.txt", "地区生产总值")])
    store.add_correction("wrong", **at[("lv2.txt", "地区生产总值")])
    store.add_correction("edit", **at[("lv.txt", "地区生产总值")], region="双阳区", value=120)
    text = store.article_text("new.txt")
    s = text.index("5.0%")
    store.add_correction("added", article="new.txt", start=s, end=s + 4, indicator="地区生产总值增速", region="九台区",
                         yoy_pct=5.0, period="2024年1-6月")
    store.undo_correction(store.corrections()["id"].iloc[1])    # the choice
    # a row moved twice (绿园区 -> 九台区 -> 朝阳区), then the middle move undone: the row is in 朝阳区, and 九台区
    # (in neither the row's parsed nor its final district) must be derived again too
    store.add_correction("edit", **at[("old.txt", "固定资产投资")], region="九台区")
    middle = store.corrections()["id"].iloc[-1]
    store.add_correction("edit", **at[("old.txt", "固定资产投资")], indicator="固投", region="朝阳区")
    store.undo_correction(middle)
    assert Q.detail_page(store, "", ["朝阳区"])["indicator"].tolist() == ["固投"]

    tables = {"summary_latest": "region, indicator", "summary_cells": "region, indicator",
              "conflict_rows": "grp, article, \"start\"",
              "conflict_keys": "article, \"start\", \"end\", _ind0, region, subject, period"}

    def read():
        con = duckdb.connect(str(store.path), read_only=True)
        try:
            return {t: con.sql(f"SELECT * FROM {t} ORDER BY {o}").df() for t, o in tables.items()}
        finally:
            con.close()

    incremental = read()
    assert len(incremental["conflict_rows"]) == 3          # 双阳区: old 100 / new 110 / lv (moved) 120
    con = duckdb.connect(str(store.path))
    summaries.materialize(con)
    con.close()
    full = read()
    for t in tables:
        pd.testing.assert_frame_equal(incremental[t], full[t], check_dtype=False)


# ------------------------------------------------------------------ the key: surface text and the row as parsed
def _copy(p, **changes):
    """A copy of Parsed ``p`` with some of its fields changed."""
    from parsers.model import Parsed
    f = dict(article=p.article, text=p.text, title=p.title, region=p.region, published=p.published, year=p.year,
             indicators=p.indicators, projects=p.projects)
    f.update(changes)
    return Parsed(**f)


def _shifted(p, at: int, pad: str):
    """``p`` with ``pad`` (whitespace) inserted at ``at`` of its text, every span after it moved: the same
    article as its whitespace-normalised hash sees it, at other offsets."""
    frames = {}
    for name in ("indicators", "projects"):
        df = getattr(p, name).copy()
        for c in ("start", "end", "sent_start", "sent_end"):
            df[c] = df[c].where(df[c] < at, df[c] + len(pad))
        frames[name] = df
    return _copy(p, text=p.text[:at] + pad + p.text[at:], **frames)


def test_a_whitespace_variant_re_upload_lists_the_corrections_instead_of_misapplying_them(filled_store, sample_parsed):
    p = [x for x in sample_parsed if x.region == "双阳区"][0]
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("edit", **key(r), value=7.0)
    text = filled_store.article_text(p.article)
    s = text.index("同比增长12.5%")
    filled_store.add_correction("added", article=p.article, start=s + 2, end=s + 9, indicator="规上工业产值增速",
                                region="双阳区", yoy_pct=12.5, period="2024年1-6月")
    filled_store.delete([p.article])
    # the same article with a blank line more after its title: the same hash, every figure one place later
    first = p.text.index("\n")
    variant = _copy(_shifted(p, first, " "), article="空白不同.txt")
    assert text_sha256(variant.text) == text_sha256(p.text) and variant.text != p.text
    assert filled_store.add([variant]).added == ["空白不同.txt"]
    rows = Q.detail_page(filled_store, "", ["双阳区"], limit=100)
    assert set(rows["reviewed"]) == {""}                   # nothing applied at the old offsets
    assert row_of(filled_store, "双阳区", "规上工业产值")["value"] == r["value"]
    orphans = filled_store.orphaned_corrections()
    assert list(orphans["kind"]) == ["edit", "added"]
    assert set(orphans["reason"]) == {C.REASONS["moved"]}
    assert list(filled_store.corrections()["status"]) == ["未匹配", "未匹配"]
    # the text as it was, back again: both apply
    filled_store.delete(["空白不同.txt"])
    filled_store.add([p])
    assert filled_store.orphaned_corrections().empty
    assert row_of(filled_store, "双阳区", "规上工业产值")["value"] == 7.0
    assert len(Q.detail_page(filled_store, "", ["双阳区"], ["规上工业产值增速"])) == 1


def test_an_offset_that_now_points_at_another_figure_does_not_correct_it(tmp_path):
    """Re-uploaded with whitespace that moves the first figure exactly onto the old place of the second (same
    indicator, same length): the old key (hash, span, row) would hit the first; the surface check keeps it
    off, and the correction is listed."""
    from tests.test_conflicts import article
    p = article("a.txt", "2024-07", [("地区生产总值", "100", "亿元", None), ("地区生产总值", "200", "亿元", None)])
    store = Store(tmp_path / "s.duckdb")
    store.rebuild([p])
    first, second = p.indicators.sort_values("start").iloc[0], p.indicators.sort_values("start").iloc[1]
    store.add_correction("edit", article="a.txt", start=int(second["start"]), end=int(second["end"]),
                         row_indicator="地区生产总值", row_region="双阳区", row_subject="", value=250.0)
    assert sorted(Q.detail_page(store)["value"]) == [100.0, 250.0]
    store.delete(["a.txt"])
    gap = int(second["start"]) - int(first["start"])
    q = _shifted(p, p.text.index("\n"), " " * gap)       # spaces before a line break: the same hash
    assert text_sha256(q.text) == text_sha256(p.text)
    assert (q.indicators["start"].iloc[0], q.indicators["end"].iloc[0]) == (second["start"], second["end"])
    store.add([_copy(q, article="b.txt")])
    rows = Q.detail_page(store)
    assert sorted(rows["value"]) == [100.0, 200.0] and set(rows["reviewed"]) == {""}
    assert list(store.orphaned_corrections()["reason"]) == [C.REASONS["moved"]]


def test_rows_sharing_a_span_are_corrected_apart(filled_store, sample_parsed):
    """One figure given to two districts ("双阳区、九台区均增长…"): two rows, one span; a correction of one
    district's row leaves the other's alone (the key has the row's district and subject as parsed)."""
    p = [x for x in sample_parsed if x.region == "双阳区"][0]
    twin = p.indicators.iloc[[0]].copy()
    twin["region"] = "九台区"
    p = _copy(p, indicators=pd.concat([p.indicators, twin], ignore_index=True))
    filled_store.delete([p.article])
    filled_store.add([p])
    ind = str(twin["indicator"].iloc[0])
    one = row_of(filled_store, "双阳区", ind)
    other = row_of(filled_store, "九台区", ind)
    assert (one["start"], one["end"]) == (other["start"], other["end"])
    k = dict(key(one), row_indicator=ind, row_region="双阳区", row_subject="")
    filled_store.add_correction("wrong", **k)
    filled_store.add_correction("edit", **dict(k, row_region="九台区"), value=1.5)
    assert row_of(filled_store, "双阳区", ind)["reviewed"] == "有误"
    twin_now = row_of(filled_store, "九台区", ind)
    assert (twin_now["reviewed"], twin_now["value"]) == ("已修改", 1.5)
    drawn = chart_values(filled_store, ind)
    assert "双阳区" not in drawn and drawn["九台区"] == 1.5
    # "" = any: a correction without the district hits both rows of the span
    filled_store.add_correction("verified", **dict(k, row_region=""))
    assert {row_of(filled_store, r, ind)["reviewed"] for r in ("双阳区", "九台区")} == {"已核对", "已修改"}


def test_import_derives_the_unit_scale_from_the_unit_never_from_the_file(filled_store):
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("edit", **key(r), value=5.23, unit="万亿元")
    text = filled_store.export_corrections()
    assert "1000000000000.0" in text          # the scale is in the file (for people)...
    forged = text.replace("1000000000000.0", "1.0").replace(",元,", ",辆,")
    assert forged != text
    filled_store.undo_correction()
    assert filled_store.import_corrections(forged) == {"added": 1, "skipped": 0}
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["value"], e["unit"], e["unit_base"]) == (5.23, "万亿元", "元")
    assert e["value_base"] == pytest.approx(5.23e12)    # ...but read from the unit


def test_a_store_of_the_previous_version_is_brought_up_to_date(filled_store):
    """A corrections table without the columns of this version (surface, the row's district and subject, the
    unit's scale) and derived tables without the row key: opening the store adds and fills them."""
    import duckdb
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("edit", **key(r), value=5.23, unit="万元")
    con = duckdb.connect(str(filled_store.path))
    for c in ("surface", "row_region", "row_subject", "unit_factor"):
        con.execute(f'ALTER TABLE corrections DROP COLUMN "{c}"')
    con.execute("ALTER TABLE corrections ADD COLUMN value_base DOUBLE")
    con.execute("ALTER TABLE corr_rows DROP COLUMN _reg0")
    con.close()
    assert filled_store.ensure_built() is False
    listed = filled_store.corrections()
    assert listed["surface"].iloc[0] == filled_store.article_text(r["article"])[int(r["start"]):int(r["end"])]
    assert listed["status"].iloc[0] == "已应用" and listed["unit_factor"].iloc[0] == 1e4
    e = row_of(filled_store, "双阳区", "规上工业产值")
    assert (e["value"], e["value_base"]) == (5.23, pytest.approx(5.23e4))


@pytest.mark.parametrize("note", ["=HYPERLINK(\"http://evil.example\",\"点\")", "+1+2", "@SUM(A1)", "-1+2", "'=已转义",
                                  "'", "-3.5", " 前后空格 ", "普通说明"],
                         ids=["equals", "plus", "at", "minus-formula", "apostrophe-formula", "apostrophe", "negative",
                              "spaces", "plain"])
def test_the_corrections_csv_is_safe_in_a_spreadsheet_and_round_trips(filled_store, tmp_path, sample_parsed, note):
    from components import export as E
    r = row_of(filled_store, "双阳区", "规上工业产值")
    filled_store.add_correction("verified", **key(r), note=note)
    text = filled_store.export_corrections()
    import csv
    import io
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not any(E._defuse_cell(c) != c for c in cells), [c for c in cells if E._defuse_cell(c) != c]
    assert C.formula_like(note) == (E._defuse_cell(note) != note)      # one rule with the tables' downloads
    other = Store(tmp_path / "other.duckdb")
    other.rebuild(sample_parsed)
    assert other.import_corrections(text) == {"added": 1, "skipped": 0}
    assert other.corrections()["note"].iloc[0] == note
    assert other.corrections()["id"].iloc[0] == filled_store.corrections()["id"].iloc[0]
