"""Review and corrections on 数据明细 (issue 11, item 3), driven through the page with AppTest: mark a row
已核对 / 有误, edit it, add a missed figure with its sentence, undo, the list of corrections (an orphan listed
as 未匹配), the CSV export imported into a fresh store, broken CSV files refused; plus the review filter,
the 核对 / 冲突 columns of the table and its downloads, and the pure helpers of components/review.py.

The store is the hand-built one of tests/conftest.py (three districts); the 区县对比 chart data is read from
the page's Plotly specs, as in tests/test_app.py.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import review as R
from store import corrections as C
from store import queries as Q
from store.db import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DETAILS = "app_pages/details.py"
COMPARE = "app_pages/compare.py"
TIMEOUT = 90
ADDED_TEXT = "上半年，双阳区新登记市场主体1.2万户。其中个体工商户新增1.2万户以上。"

pytestmark = pytest.mark.usefixtures("fresh_st_caches")


# ----------------------------------------------------------------------------------- helpers
def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(page: str = DETAILS, at: AppTest | None = None) -> AppTest:
    at = at or new_app().run()
    at.switch_page(page)
    return ok(at.run())


def texts(elements) -> list[str]:
    return [str(e.value) for e in elements]


def table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def table_row(at: AppTest, region: str, indicator: str) -> pd.Series:
    t = table(at)
    hit = t[(t["区县"] == region) & (t["指标"] == indicator)]
    assert len(hit) == 1, t[["区县", "指标"]]
    return hit.iloc[0]


def pick(at: AppTest, region: str, indicator: str) -> AppTest:
    """Select a row of the page (the picker beside the table's own selection)."""
    box = at.selectbox(key="detail_pick")
    got = [o for o in box.options if f" {region}·{indicator}｜" in o]
    assert len(got) == 1, box.options
    box.set_value(got[0])
    return ok(at.run())


def compare_values(at: AppTest, indicator: str) -> dict[str, float]:
    """District -> value of the 区县对比 value chart (same period off: every district's latest figure)."""
    open_page(COMPARE, at)
    at.sidebar.selectbox(key="indicator").set_value(indicator)
    ok(at.run())
    at.sidebar.toggle(key="mixed").set_value(True)
    ok(at.run())
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {str(c).split("｜")[0]: v for t in spec["data"] if t.get("type") == "bar"   # a trace per period
            for c, v in zip(t["x"], t["y"])}


def key_of(store: Store, region: str, indicator: str) -> dict:
    r = Q.detail_page(store, "", [region], [indicator], limit=5, keys=True)
    assert len(r) == 1
    r = r.iloc[0]
    return R.row_key(r).fields()      # as the page's controls name the row


def messages(at: AppTest) -> str:
    return " ".join(texts(at.success) + texts(at.info) + texts(at.toast))


@pytest.fixture
def review_env(tmp_db, monkeypatch, parsed_factory):
    """The three hand-built districts; 双阳区's article also has a sentence the parser "missed"
    (the figure 1.2万户 twice: the 补录 form must ask which)."""
    store = Store(tmp_db)
    store.rebuild([parsed_factory("双阳区", extra=ADDED_TEXT), parsed_factory("绿园区"), parsed_factory("二道区")],
                  source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    return store


# ------------------------------------------------------------------------------- the table
def test_the_table_shows_the_review_and_conflict_columns(review_env):
    at = open_page()
    t = table(at)
    assert list(t.columns[:4]) == ["核对", "冲突", "区县", "主体"]
    assert (t["核对"] == "").all() and (t["冲突"] == "").all()
    # nothing selected: no review controls yet; the (empty) corrections section is there
    assert R.VERIFY_KEY not in {b.key for b in at.button}
    assert any("还没有任何更正" in c for c in texts(at.caption))


# ---------------------------------------------------------------------- 已核对 / 有误
def test_mark_verified(review_env):
    at = pick(open_page(), "双阳区", "规上工业产值")
    v0 = review_env.version()
    ok(at.button(key=R.VERIFY_KEY).click().run())
    assert review_env.version() != v0
    assert table_row(at, "双阳区", "规上工业产值")["核对"] == "✔ 已核对"
    assert table_row(at, "二道区", "规上工业产值")["核对"] == ""
    assert "已标记为已核对：双阳区·规上工业产值" in messages(at)
    listed = review_env.corrections()
    assert list(listed["kind"]) == ["verified"] and list(listed["status"]) == ["已应用"]
    # the value did not change anywhere
    assert compare_values(at, "规上工业产值")["双阳区"] == 52.3


def test_mark_wrong_hides_the_row_from_charts_only(review_env):
    at = open_page()
    assert compare_values(at, "规上工业产值")["双阳区"] == 52.3
    at = pick(open_page(), "双阳区", "规上工业产值")
    ok(at.button(key=R.WRONG_KEY).click().run())
    assert "已标记为有误" in messages(at)
    assert table_row(at, "双阳区", "规上工业产值")["核对"] == "✖ 有误"   # still listed, with its state
    assert len(table(at)) == 10
    values = compare_values(at, "规上工业产值")
    assert "双阳区" not in values and values["二道区"] == 40.0   # gone from 区县对比's chart data
    # the review filter: only the rows marked 有误
    at = open_page()
    at.pills(key=R.FILTER_KEY).set_value(["有误"])
    ok(at.run())
    t = table(at)
    assert len(t) == 1 and t["区县"].iloc[0] == "双阳区" and t["核对"].iloc[0] == "✖ 有误"
    assert any("1 / 10 条" in c for c in texts(at.caption))
    at.pills(key=R.FILTER_KEY).set_value(["未核对"])
    ok(at.run())
    assert len(table(at)) == 9 and (table(at)["核对"] == "").all()


# --------------------------------------------------------------------------------- edits
def test_edit_a_value_changes_the_chart_and_badges_the_row(review_env):
    at = pick(open_page(), "双阳区", "规上工业产值")
    assert at.text_input(key=R.EDIT_KEYS["value"]).value == "52.3"       # prefilled with the row's values
    assert at.text_input(key=R.EDIT_KEYS["period"]).value == "2024年1-6月"
    at.text_input(key=R.EDIT_KEYS["value"]).set_value("60.5")
    ok(at.button(key=R.EDIT_SAVE).click().run())
    assert "数值 52.3 → 60.5" in messages(at)
    row = table_row(at, "双阳区", "规上工业产值")
    assert row["核对"] == "✎ 已修改" and row["数值"] == 60.5 and row["原文数值"] == "52.3亿元"
    stored = review_env.corrections().iloc[0]
    # only the changed field is stored (with the base value that follows it)
    assert stored["kind"] == "edit" and stored["value"] == 60.5
    assert all(pd.isna(stored[f]) for f in ("yoy_pct", "unit", "period", "indicator", "region"))
    assert compare_values(at, "规上工业产值")["双阳区"] == 60.5


def test_edit_of_period_reads_it_like_the_parser(review_env):
    at = pick(open_page(), "绿园区", "社会消费品零售总额")
    at.text_input(key=R.EDIT_KEYS["period"]).set_value("2024年上半年")
    ok(at.button(key=R.EDIT_SAVE).click().run())
    e = Q.detail_page(review_env, "", ["绿园区"], ["社会消费品零售总额"]).iloc[0]
    assert (e["period"], e["year"], e["month_from"], e["month_to"]) == ("2024年上半年", 2024, 1, 6)


@pytest.mark.parametrize("field, typed, says", [
    pytest.param("value", "五十", "数值必须是数字", id="value-not-a-number"),
    pytest.param("yoy_pct", "12.5.1", "同比%必须是数字", id="growth-not-a-number"),
    pytest.param("value", "", "数值不能清空", id="value-cleared"),
    pytest.param("period", "上个月", "无法识别", id="period-unreadable"),
    pytest.param("period", "今年上半年", "请写明年份", id="period-relative"),
    pytest.param("indicator", "  ", "指标不能为空", id="indicator-empty"),
])
def test_edit_is_checked_and_a_bad_one_changes_nothing(review_env, field, typed, says):
    at = pick(open_page(), "双阳区", "规上工业产值")
    v0 = review_env.version()
    at.text_input(key=R.EDIT_KEYS[field]).set_value(typed)
    ok(at.button(key=R.EDIT_SAVE).click().run())
    assert any(says in e for e in texts(at.error)), texts(at.error)
    assert review_env.version() == v0 and review_env.corrections().empty


def test_saving_an_unchanged_form_stores_nothing(review_env):
    at = pick(open_page(), "二道区", "固定资产投资")
    ok(at.button(key=R.EDIT_SAVE).click().run())
    assert any("没有改动" in i for i in texts(at.info))
    assert review_env.corrections().empty


# -------------------------------------------------------------------------------- 补录
def test_add_a_missed_figure_with_its_sentence(review_env):
    at = pick(open_page(), "双阳区", "规上工业产值")
    text = review_env.article_text("shuangyang_2024h1.txt")
    # not in the article: a clear message, nothing stored
    at.text_input(key=R.ADD_KEYS["text"]).set_value("9.9亿元")
    ok(at.run())
    assert any("原文中找不到“9.9亿元”" in w for w in texts(at.warning))
    # twice in the article: pick the place by its context
    at.text_input(key=R.ADD_KEYS["text"]).set_value("1.2万户")
    ok(at.run())
    where = at.selectbox(key=R.ADD_KEYS["where"])
    assert len(where.options) == 2 and "市场主体【1.2万户】" in where.options[0]
    assert "个体工商户新增【1.2万户】" in where.options[1]
    where.set_value(where.options[0])
    at.text_input(key=R.ADD_KEYS["indicator"]).set_value("新登记市场主体")
    at.text_input(key=R.ADD_KEYS["value"]).set_value("1.2")
    at.text_input(key=R.ADD_KEYS["unit"]).set_value("万户")
    assert at.text_input(key=R.ADD_KEYS["period"]).value == "2024年1-6月"   # prefilled from the selected row
    assert at.text_input(key=R.ADD_KEYS["region"]).value == "双阳区"
    ok(at.button(key=R.ADD_SAVE).click().run())
    assert "已补录：双阳区·新登记市场主体" in messages(at)
    row = table_row(at, "双阳区", "新登记市场主体")
    assert row["核对"] == "＋ 补录" and row["数值"] == 1.2 and row["原句"] == "上半年，双阳区新登记市场主体1.2万户。"
    # its evidence highlights the figure in the right sentence (the first occurrence, not the second)
    at = pick(at, "双阳区", "新登记市场主体")
    assert not at.warning, texts(at.warning)
    body = at.get("html")[0].proto.body
    first = text.index("1.2万户")
    marked = body.split("<mark", 1)[1].split("</mark>", 1)[0]
    assert "新登记市场主体<b><u>1.2万户</u></b>。" in marked and "个体工商户" not in marked
    assert text.index("个体工商户") > first
    # the row made by 补录 can be removed again
    ok(at.button(key=R.REMOVE_ADDED).click().run())
    assert "新登记市场主体" not in set(table(at)["指标"]) and review_env.corrections().empty


@pytest.mark.parametrize("fill, says", [
    pytest.param({"indicator": "新登记市场主体"}, "请填写数值或同比增速", id="no-number"),
    pytest.param({"value": "1.2"}, "请填写指标", id="no-indicator"),
    pytest.param({"indicator": "新登记市场主体", "value": "一点二"}, "数值必须是数字", id="bad-number"),
    pytest.param({"indicator": "新登记市场主体", "value": "1.2", "period": "近期"}, "无法识别", id="bad-period"),
])
def test_add_is_checked(review_env, fill, says):
    at = pick(open_page(), "双阳区", "规上工业产值")
    at.text_input(key=R.ADD_KEYS["text"]).set_value("1.2万户")
    ok(at.run())
    at.selectbox(key=R.ADD_KEYS["where"]).set_value(at.selectbox(key=R.ADD_KEYS["where"]).options[1])
    for f, v in fill.items():
        at.text_input(key=R.ADD_KEYS[f]).set_value(v)
    ok(at.button(key=R.ADD_SAVE).click().run())
    assert any(says in e for e in texts(at.error)), texts(at.error)
    assert review_env.corrections().empty


# -------------------------------------------------------------------------- undo and list
def test_undo_the_last_and_a_chosen_correction(review_env):
    at = pick(open_page(), "双阳区", "规上工业产值")
    ok(at.button(key=R.VERIFY_KEY).click().run())
    at = pick(at, "二道区", "固定资产投资")
    ok(at.button(key=R.WRONG_KEY).click().run())
    at = pick(at, "绿园区", "规上工业产值")
    at.text_input(key=R.EDIT_KEYS["yoy_pct"]).set_value("7")
    ok(at.button(key=R.EDIT_SAVE).click().run())
    assert len(review_env.corrections()) == 3
    # 撤销: the last one (the edit) goes, its row is as parsed again
    ok(at.button(key=R.UNDO_KEY).click().run())
    assert "已撤销：修改" in messages(at)
    assert table_row(at, "绿园区", "规上工业产值")[["核对", "同比%"]].tolist() == ["", 6.2]
    assert list(review_env.corrections()["kind"]) == ["verified", "wrong"]
    # one chosen from the list: the first (已核对); the other stays
    box = at.selectbox(key=R.UNDO_PICK)
    assert len(box.options) == 2
    first = review_env.corrections()["id"].iloc[0]
    box.set_value(first)
    ok(at.run())
    ok(at.button(key=R.UNDO_ONE).click().run())
    assert list(review_env.corrections()["kind"]) == ["wrong"]
    assert table_row(at, "双阳区", "规上工业产值")["核对"] == ""
    assert table_row(at, "二道区", "固定资产投资")["核对"] == "✖ 有误"


def test_the_list_names_every_correction_and_the_orphans(review_env):
    store = review_env
    store.add_correction("verified", **key_of(store, "双阳区", "规上工业产值"))
    store.add_correction("edit", **key_of(store, "二道区", "社会消费品零售总额"), value=56.0)
    # an orphan: a correction of a span that no row has (the article's title), made through the Store API
    text = store.article_text("lvyuan_2024m7.txt")
    sha = store.articles().set_index("article").loc["lvyuan_2024m7.txt", "sha256"]
    rec = {"kind": "verified", "sha256": sha, "start": 0, "end": 3, "surface": "绿园区",
           "created_at": "2024-09-01T02:00:00+00:00"}
    assert text[0:3] == "绿园区"
    assert store.import_corrections(C.write_csv([rec])) == {"added": 1, "skipped": 0}
    at = open_page()
    assert any("1 条更正未匹配" in w for w in texts(at.warning)), texts(at.warning)
    orphans, listed = at.dataframe[1].value, at.dataframe[2].value   # after the detail table
    assert "说明" in orphans and "修改内容" in listed
    assert len(orphans) == 1 and orphans["状态"].iloc[0] == "未匹配"
    assert orphans["说明"].iloc[0] == "原文位置已无对应数据" and orphans["文章标题"].iloc[0] == "绿园区经济运行观察"
    assert orphans["数据"].iloc[0] == "“绿园区”" and orphans["时间"].iloc[0] == "2024-09-01 10:00"
    assert len(listed) == 3 and list(listed["状态"]) == ["未匹配", "已应用", "已应用"]   # newest first
    assert list(listed["类型"]) == ["已核对", "修改", "已核对"]
    edit = listed.iloc[1]
    assert edit["文章标题"] == "二道区经济运行观察" and edit["修改内容"] == "数值 56"
    assert edit["数据"] == "二道区·社会消费品零售总额“55亿元，同比增长1.2%”"
    # the orphan can be undone like any other
    box = at.selectbox(key=R.UNDO_PICK)
    box.set_value(store.orphaned_corrections()["id"].iloc[0])
    ok(at.run())
    ok(at.button(key=R.UNDO_ONE).click().run())
    assert store.orphaned_corrections().empty and len(store.corrections()) == 2


# ------------------------------------------------------------------------ export / import
def _capture_download(monkeypatch) -> dict:
    got: dict = {}
    real = R.st.download_button

    def capture(label, data=None, *args, **kwargs):
        got[kwargs.get("key")] = data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(R.st, "download_button", capture)
    return got


def _upload(at: AppTest, name: str, raw: bytes) -> AppTest:
    at.file_uploader(key=R.IMPORT_KEY).set_value([(name, raw, "text/csv")])
    ok(at.run())
    ok(at.button(key=R.IMPORT_GO).click().run())
    return at


def _content(frame: pd.DataFrame) -> list[tuple]:
    cols = [c for c in C.CSV_COLUMNS if c not in ("id",)]
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame[cols].itertuples(index=False)]


def test_export_then_import_into_a_fresh_store(review_env, tmp_path, monkeypatch, parsed_factory):
    store = review_env
    store.add_correction("wrong", **key_of(store, "双阳区", "规上工业产值"))
    store.add_correction("edit", **key_of(store, "绿园区", "固定资产投资"), yoy_pct=-2.5, period="2024年1-8月")
    art = "shuangyang_2024h1.txt"
    s = store.article_text(art).index("1.2万户")
    store.add_correction("added", article=art, start=s, end=s + 6, indicator="新登记市场主体", region="双阳区",
                         value=1.2, unit="万户", period="2024年1-6月")
    got = _capture_download(monkeypatch)
    ok(open_page())
    raw = got[R.EXPORT_KEY]
    assert raw.startswith("\ufeff".encode("utf-8")) and raw.decode("utf-8-sig") == store.export_corrections()
    # a fresh store of the same articles (another file): the same corrections after the import
    fresh = Store(tmp_path / "fresh" / "dashboard.duckdb")
    fresh.rebuild([parsed_factory("双阳区", extra=ADDED_TEXT), parsed_factory("绿园区"), parsed_factory("二道区")],
                  source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(fresh.path))
    at = _upload(open_page(), "更正记录.csv", raw)
    assert "已导入 3 条更正" in messages(at), messages(at)
    assert _content(fresh.corrections()) == _content(store.corrections())
    assert list(fresh.corrections()["status"]) == ["已应用"] * 3
    assert table_row(at, "双阳区", "规上工业产值")["核对"] == "✖ 有误"
    assert table_row(at, "双阳区", "新登记市场主体")["核对"] == "＋ 补录"
    row = table_row(at, "绿园区", "固定资产投资")
    assert (row["核对"], row["同比%"], row["统计期"]) == ("✎ 已修改", -2.5, "2024年1-8月")
    # the same file again: nothing added, and the page says so
    at = _upload(at, "更正记录.csv", raw)
    assert "没有新的更正" in messages(at) and "3 条更正都已存在" in messages(at)
    assert len(fresh.corrections()) == 3


def _gbk_csv(store: Store) -> bytes:
    """A corrections CSV as Excel saves it in China: GBK."""
    return (f"kind,sha256,start,end,note\nverified,{store.articles()['sha256'].iloc[0]},10,14,人工核对\n"
            .encode("gbk"))


@pytest.mark.parametrize("name, make, says", [
    pytest.param("empty.csv", lambda s: b"", "文件是空的", id="empty"),
    pytest.param("blank.csv", lambda s: b"\xef\xbb\xbf\r\n  \n", "文件是空的", id="blank-with-bom"),
    pytest.param("picture.png", lambda s: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "不是文本文件",
                 id="binary"),
    pytest.param("excel.csv", _gbk_csv, "GBK", id="gbk"),
    pytest.param("other.csv", lambda s: "姓名,年龄\n张三,30\n".encode("utf-8"), "缺少列", id="not-a-corrections-csv"),
    pytest.param("bad.csv", lambda s: (f"kind,sha256,start,end,surface\nverified,{s.articles()['sha256'].iloc[0]},10,14,"
                                       "abcd\napprove,zz,1,x,a\n").encode("utf-8"), "第 3 行", id="one-bad-line"),
])
def test_a_broken_import_says_why_and_changes_nothing(review_env, name, make, says):
    store = review_env
    store.add_correction("verified", **key_of(store, "双阳区", "规上工业产值"))
    before, v0 = store.export_corrections(), store.version()
    at = _upload(open_page(), name, make(store))
    assert any(says in e for e in texts(at.error)), texts(at.error)
    assert any("未导入任何内容" in e for e in texts(at.error)), texts(at.error)
    assert store.export_corrections() == before and store.version() == v0
    assert table_row(at, "双阳区", "规上工业产值")["核对"] == "✔ 已核对"


# ------------------------------------------------------------------------------- downloads
def test_the_details_downloads_carry_the_review_state(review_env, monkeypatch):
    """CSV and Excel of 数据明细: 核对 (the plain state) and 冲突 columns, under Chinese names."""
    from components import downloads as D
    store = review_env
    store.add_correction("wrong", **key_of(store, "双阳区", "规上工业产值"))
    store.add_correction("edit", **key_of(store, "二道区", "固定资产投资"), value=35.0)
    makers: dict = {}
    real = D._button

    def capture(label, maker, *, filename, ext, key, help=None):
        makers[key] = maker
        real(label, maker, filename=filename, ext=ext, key=key, help=help)

    monkeypatch.setattr(D, "_button", capture)
    open_page()
    csv = pd.read_csv(io.BytesIO(makers["details_export__csv"]()), encoding="utf-8-sig", dtype=str,
                      keep_default_na=False)
    xlsx = pd.read_excel(io.BytesIO(makers["details_export__xlsx"]()), dtype=str).fillna("")
    for t in (csv, xlsx):
        assert {"核对", "冲突"} <= set(t.columns) and "reviewed" not in t.columns
        states = dict(zip(t["区县"] + "·" + t["指标"], t["核对"]))
        assert states["双阳区·规上工业产值"] == "有误" and states["二道区·固定资产投资"] == "已修改"
        assert states["绿园区·规上工业产值"] == ""
        assert float(t.set_index(t["区县"] + "·" + t["指标"]).loc["二道区·固定资产投资", "数值"]) == 35.0


def test_conflicts_are_marked_and_filtered(tmp_db, monkeypatch, parsed_factory):
    """Two articles with different 规上工业产值 for 双阳区, same period: both rows carry 冲突 in the table."""
    from parsers import Parsed
    base = parsed_factory("双阳区")
    other = parsed_factory("双阳区", article="shuangyang_other.txt")
    ind = other.indicators.copy()
    ind.loc[ind["indicator"] == "规上工业产值", ["value", "value_base"]] = [53.9, 53.9e8]
    other = Parsed(article=other.article, text=other.text.replace("52.3", "53.9") + "\n另一篇", title="双阳区另一报道",
                   region=other.region, published="2024-08", year=other.year, indicators=ind,
                   projects=other.projects)
    Store(tmp_db).rebuild([base, other, parsed_factory("二道区")], source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = open_page()
    t = table(at)
    marked = t[t["冲突"] == R.CONFLICT_MARK]
    assert len(marked) == 2 and set(marked["指标"]) == {"规上工业产值"} and set(marked["区县"]) == {"双阳区"}
    at.pills(key=R.FILTER_KEY).set_value(["冲突"])
    ok(at.run())
    assert len(table(at)) == 2 and (table(at)["冲突"] == R.CONFLICT_MARK).all()


# ------------------------------------------------------------------------------ pure helpers
@pytest.mark.parametrize("text, value", [("52.3", 52.3), ("１２.５", 12.5), ("1,234.5", 1234.5), ("-3.1%", -3.1),
                                         (" 7 ", 7.0), ("", None)])
def test_parse_number(text, value):
    assert R.parse_number(text, "数值") == value


@pytest.mark.parametrize("bad", ["五十", "1.2.3", "abc", "nan", "inf"])
def test_parse_number_refuses(bad):
    with pytest.raises(C.CorrectionError, match="数值"):
        R.parse_number(bad, "数值")


@pytest.mark.parametrize("label, fields", [("2024年1-6月", (2024, 1, 6)), ("2024年上半年", (2024, 1, 6)),
                                           ("2022年", (2022, 1, 12)), ("2024年前三季度", (2024, 1, 9)),
                                           ("1-7月", (None, 1, 7)), ("2024年7月", (2024, 7, 7))])
def test_read_period(label, fields):
    assert R.read_period(label) == fields


@pytest.mark.parametrize("label", ["", "上个月", "2024年1-6月和7月", "今年上半年", "abc"])
def test_read_period_refuses(label):
    with pytest.raises(C.CorrectionError):
        R.read_period(label)


def test_number_text_round_trips():
    for v in (52.3, 0.1 + 0.2, 300.0, -3.1, 1e-7, 123456789.125):
        assert float(R.number_text(v)) == v
    assert R.number_text(300.0) == "300" and R.number_text(None) == "" and R.number_text(pd.NA) == ""


def test_occurrences_give_each_place_in_context():
    text = "甲地产值1.2亿元。乙地产值1.2亿元，增长1.2%。"
    got = R.occurrences(text, " 1.2亿元 ")
    assert [(s, e) for s, e, _ in got] == [(4, 9), (14, 19)]
    assert all(text[s:e] == "1.2亿元" for s, e, _ in got)
    assert "乙地产值【1.2亿元】" in got[1][2]
    assert R.occurrences(text, "9.9亿元") == [] and R.occurrences(text, "  ") == []


def test_edit_changes_keep_only_what_changed():
    row = pd.Series({"value": 52.3, "yoy_pct": 12.5, "unit": "亿元", "period": "2024年1-6月", "indicator": "产值",
                     "region": "双阳区"})
    same = {"value": "52.3", "yoy_pct": "12.5", "unit": "亿元", "period": "2024年1-6月", "indicator": "产值",
            "region": "双阳区"}
    assert R.edit_changes(row, same) == {}
    assert R.edit_changes(row, {**same, "value": "60", "period": "2024年1-9月"}) == {
        "value": 60.0, "period": "2024年1-9月", "year": 2024, "month_from": 1, "month_to": 9}
    with pytest.raises(C.CorrectionError) as err:
        R.edit_changes(row, {**same, "value": "x", "region": ""})
    assert "数值必须是数字" in str(err.value) and "区县不能为空" in str(err.value)


def test_import_problem():
    assert "空" in R.import_problem(b"") and "空" in R.import_problem(b"\xef\xbb\xbf \n")
    assert "不是文本" in R.import_problem(b"PK\x03\x04\x00\x00")
    assert "GBK" in R.import_problem("类型,更正\n".encode("gbk"))
    assert R.import_problem("kind,sha256,start,end\n".encode("utf-8")) == ""


def test_the_compare_ranking_and_trend_tables_carry_the_badges(review_env):
    """Corrected rows carry their badge in every table (and so in its CSV/Excel), not only on 数据明细."""
    review_env.add_correction("verified", **key_of(review_env, "双阳区", "规上工业产值"))
    review_env.add_correction("edit", value=41.5, **key_of(review_env, "二道区", "规上工业产值"))
    at = open_page()
    compare_values(at, "规上工业产值")
    t = at.dataframe[0].value.set_index("区县")
    assert t.at["双阳区", R.COLUMN] == "✔ 已核对" and t.at["二道区", R.COLUMN] == "✎ 已修改"
    assert t.at["二道区", "数值"] == 41.5
    open_page("app_pages/trend.py", at)
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值")
    ok(at.run())
    trend = at.dataframe[0].value
    assert set(trend.loc[trend["区县"] == "双阳区", R.COLUMN]) == {"✔ 已核对"}
    at.sidebar.multiselect(key="district").set_value(["双阳区"])
    open_page("app_pages/ranking.py", at)        # one district's indicators: 双阳区's
    ranked = at.dataframe[0].value
    marked = ranked[ranked["指标"] == "规上工业产值"]
    assert len(marked) == 1 and marked[R.COLUMN].iloc[0] == "✔ 已核对"
    assert set(ranked.loc[ranked["指标"] != "规上工业产值", R.COLUMN]) <= {""}


def _controls_name(at: AppTest) -> str:
    """The bold "district·indicator" line of the selected row's panel ("" when no row is shown)."""
    for m in at.markdown:
        v = str(m.value)
        if v.startswith("**") and "·" in v.split("**")[1]:
            return v.split("**")[1]
    return ""


def test_the_controls_follow_their_row_after_a_write_never_the_neighbour(review_env):
    """The grid's selection and the picker are positions on the page; after a correction the page changes
    under them.  The controls keep showing the row that was chosen, or none when it has left the page."""
    at = open_page()
    at.pills(key=R.FILTER_KEY).set_value(["未核对"])
    ok(at.run())
    at = pick(at, "双阳区", "规上工业产值")
    assert _controls_name(at) == "双阳区·规上工业产值"
    ok(at.button(key=R.VERIFY_KEY).click().run())                    # the row leaves the 未核对 page
    assert "双阳区" not in set(table(at)["区县"][table(at)["指标"] == "规上工业产值"])
    assert _controls_name(at) == ""                                 # not the row that took its place
    assert review_env.corrections()["kind"].tolist() == ["verified"]
    # an edited indicator moves the row in the store's order: the controls stay on it
    at = pick(open_page(), "二道区", "规上工业产值")
    at.text_input(key=R.EDIT_KEYS["indicator"]).set_value("规上工业总产值")
    ok(at.button(key=R.EDIT_SAVE).click().run())
    assert _controls_name(at) == "二道区·规上工业总产值"
    ok(at.button(key=R.WRONG_KEY).click().run())                     # and a second click corrects the same row
    wrong = review_env.corrections()
    assert wrong["kind"].tolist()[-1] == "wrong" and table_row(at, "二道区", "规上工业总产值")["核对"] == "✖ 有误"
