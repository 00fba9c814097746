"""AppTest: every page renders, filters drive the charts, the upload page writes (or refuses to write) the store.

The store is a temporary DuckDB file (DASHBOARD_DB) pre-filled with three hand-built
districts (tests/conftest.py).  Uploads are parsed by a fake parser that knows the
hand-built texts, so these tests do not depend on the state of the real extractor;
one extra test uploads a seed article through the real parser and checks its rows.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import parsers
from parsers import Parsed
from store.db import Store
from components.data import IN_PROCESS_ENV
from parsers.textio import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGES = {
    "概览": "app_pages/overview.py",
    "区县对比": "app_pages/compare.py",
    "趋势": "app_pages/trend.py",
    "增速排行": "app_pages/ranking.py",
    "项目库": "app_pages/projects.py",
    "数据明细": "app_pages/details.py",
    "冲突": "app_pages/conflicts.py",
    "导入文章": "app_pages/upload.py",
}
TIMEOUT = 90


# --------------------------------------------------------------------------- helpers
pytestmark = pytest.mark.usefixtures("fresh_st_caches")   # AppTests: no cache shared between tests


@pytest.fixture
def fake_parser(monkeypatch, parsed_factory):
    """parsers.parse_article replaced by a lookup of hand-built texts (unknown text -> no figures)."""
    known: dict[str, Parsed] = {}

    def register(region: str, article: str, extra: str) -> bytes:
        p = parsed_factory(region, article=article, extra=extra)
        known[p.text] = p
        return p.text.encode("utf-8")

    def fake(text, *, article="article.txt", region=None, published=None):
        base = known.get(text)
        if base is None:
            return Parsed(article=article, text=text, title=text.strip().splitlines()[0] if text.strip() else "",
                          region=region or "", published=published or "", year=None)
        ind, prj = base.indicators.copy(), base.projects.copy()
        ind["article"] = article
        prj["article"] = article
        return Parsed(article=article, text=text, title=base.title, region=region or base.region,
                      published=published or base.published, year=base.year, indicators=ind, projects=prj)

    monkeypatch.setattr(parsers, "parse_article", fake)
    monkeypatch.setenv(IN_PROCESS_ENV, "1")   # the fake lives in this process: no parse worker
    return register


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def run_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(PAGES[page])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def bar_categories(spec: dict) -> list[str]:
    out: list[str] = []
    for tr in spec["data"]:
        if tr.get("type") == "bar":
            cats = tr.get("y") if tr.get("orientation") == "h" else tr.get("x")
            out.extend(str(c) for c in (cats or []))
    return out


def texts(elements) -> list[str]:
    return [str(e.value) for e in elements]


def district_widget(at: AppTest):
    return at.sidebar.multiselect(key="district")


# --------------------------------------------------------------------------- rendering
@pytest.mark.parametrize("page", list(PAGES), ids=list(PAGES.values()))
def test_every_page_renders(app_env, page):
    at = run_page(new_app(), page) if page != "概览" else new_app().run()
    assert not at.exception
    assert at.title[0].value == page
    assert not at.error, texts(at.error)


@pytest.mark.parametrize("page", list(PAGES), ids=list(PAGES.values()))
def test_every_page_explains_an_empty_store(tmp_db, monkeypatch, page):
    Store(tmp_db).rebuild([])
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    # an empty store is rebuilt from seeds on first start: point seeds at an empty folder
    monkeypatch.setattr("store.db.DEFAULT_SEEDS", tmp_db.parent / "no_seeds")
    monkeypatch.setattr("components.data.DEFAULT_SEEDS", tmp_db.parent / "no_seeds", raising=False)
    at = new_app()
    at.run()
    if page != "概览":
        run_page(at, page)
    assert not at.exception
    assert at.info, "an empty page must explain what to do"
    assert all(not c.proto.spec or json.loads(c.proto.spec)["data"] == [] for c in at.get("plotly_chart"))


def test_first_start_builds_store_from_seeds(tmp_db, monkeypatch, seeds_dir):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    assert not tmp_db.exists()
    at = new_app().run()
    assert not at.exception
    arts = Store(tmp_db).articles()
    assert len(arts) == len(list(seeds_dir.glob("*.txt"))) and set(arts["source"]) == {"seed"}
    assert any("文章 5 篇" in c.value for c in at.caption)


def test_overview_kpis_put_headline_statistics_first(tmp_db, monkeypatch, seeds_dir):
    """On the real seed store, a district's first cards are lexicon headline figures, not side figures."""
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = new_app().run()
    district_widget(at).set_value(["双阳区"]).run()
    assert not at.exception
    first = [m.label.split("（")[0].removesuffix("增速") for m in at.metric][:3]
    from components.data import headline_indicators
    assert first and all(name in headline_indicators() for name in first), first


def test_overview_coverage_table_on_request(app_env):
    at = new_app().run()
    assert len(at.dataframe) == 0  # no data grid on the default page (each delays the first chart)
    at.toggle(key="overview_coverage_as_table").set_value(True).run()
    assert not at.exception and len(at.dataframe) == 1
    table = at.dataframe[0].value
    assert sorted(table["区县"]) == ["二道区", "双阳区", "绿园区"]
    row = table.set_index("区县").loc["绿园区"]
    assert row["规上工业产值"] == "2024年1-7月"


def test_overview_lists_articles_and_full_table_on_request(app_env):
    at = new_app().run()
    listed = at.get("html")[0].proto.body
    arts = app_env.articles()
    assert listed.count("<li") == len(arts) and all(t in listed for t in arts["title"])
    assert [b.key for b in at.get("download_button") if b.key.startswith("overview_articles")] == [
        "overview_articles__csv", "overview_articles__xlsx"]
    at.toggle(key="overview_articles_as_table").set_value(True).run()
    assert not at.exception and len(at.dataframe) == 1
    assert sorted(at.dataframe[0].value["文件名"]) == sorted(arts["article"])   # the storage name, secondary
    district_widget(at).set_value(["二道区"]).run()
    assert set(at.dataframe[0].value["区县"]) == {"二道区"}
    assert at.get("html")[0].proto.body.count("<li") == 1


def test_overview_lists_only_the_latest_articles(app_env, monkeypatch):
    monkeypatch.setattr("components.markup.MAX_ITEMS", 2)
    at = new_app().run()
    assert at.get("html")[0].proto.body.count("<li") == 2
    assert any("最近导入的" in c.value for c in at.caption)


# --------------------------------------------------------------------------- filters
def test_overview_kpis_follow_district_filter(app_env):
    at = new_app().run()
    labels_all = {m.label for m in at.metric}
    assert any("2024年1-7月" in lbl for lbl in labels_all)  # 绿园区 latest period is in the label
    n_all = len(at.metric)
    district_widget(at).set_value(["二道区"]).run()
    assert not at.exception
    assert 0 < len(at.metric) < n_all
    assert all("1-7月" not in m.label for m in at.metric)
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["规上工业产值（2024年1-6月）"] == "+9.1%"
    assert [m.value for m in at.metric if m.label.startswith("规上工业产值")] == ["40 亿元"]


def test_compare_chart_changes_with_district_filter(app_env):
    at = run_page(new_app().run(), "区县对比")
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值").run()
    before = chart_specs(at)
    assert len(before) == 2
    cats = bar_categories(before[0])
    # same period by default: 1-6月 has 双阳区 and 二道区; 绿园区 (1-7月) is named in the note
    assert sorted(cats) == ["二道区｜2024年1-6月", "双阳区｜2024年1-6月"]
    assert any("绿园区" in t for t in texts(at.info))
    district_widget(at).set_value(["双阳区"]).run()
    after = chart_specs(at)
    assert bar_categories(after[0]) == ["双阳区｜2024年1-6月"]
    assert after != before
    value_bar = next(t for t in after[0]["data"] if t["type"] == "bar")
    assert value_bar["y"] == [52.3]
    assert "双阳区经济运行观察 (2024-07)" in json.dumps(value_bar["customdata"], ensure_ascii=False)  # hover: title


def test_compare_mixing_periods_needs_explicit_choice(app_env):
    at = run_page(new_app().run(), "区县对比")
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值").run()
    assert not at.warning
    at.sidebar.toggle(key="mixed").set_value(True).run()
    assert not at.exception
    assert any("统计期不同" in t for t in texts(at.warning))
    cats = bar_categories(chart_specs(at)[0])
    assert sorted(cats) == ["二道区｜2024年1-6月", "双阳区｜2024年1-6月", "绿园区｜2024年1-7月"]


def test_compare_period_choice(app_env):
    at = run_page(new_app().run(), "区县对比")
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值").run()
    at.sidebar.selectbox(key="period").set_value("2024年1-7月").run()
    assert bar_categories(chart_specs(at)[0]) == ["绿园区｜2024年1-7月"]


def test_ranking_modes_and_district_filter(app_env):
    at = run_page(new_app().run(), "增速排行")
    at.sidebar.radio(key="rank_mode").set_value("一个区县的各项指标").run()
    at.sidebar.selectbox(key="rank_region").set_value("双阳区").run()
    spec = chart_specs(at)[0]
    bar = spec["data"][0]
    assert bar["orientation"] == "h"
    assert bar["x"] == sorted(bar["x"])  # plotly draws bottom-up: largest on top
    assert len(set(bar["marker"]["color"])) == 2  # 社零 -3.1% is coloured differently
    assert all(t.endswith("%") for t in bar["text"])
    n_region_wide = len(bar["x"])
    at.sidebar.toggle(key="subjects").set_value(True).run()
    assert len(chart_specs(at)[0]["data"][0]["x"]) == n_region_wide + 1  # the enterprise appears
    at.sidebar.radio(key="rank_mode").set_value("一个指标的各区县").run()
    at.sidebar.selectbox(key="indicator").set_value("固定资产投资").run()
    assert len(chart_specs(at)[0]["data"][0]["y"]) == 3
    district_widget(at).set_value(["绿园区", "二道区"]).run()
    ys = chart_specs(at)[0]["data"][0]["y"]
    assert len(ys) == 2 and not any("双阳区" in y for y in ys)


def test_projects_filters_and_evidence(app_env):
    at = run_page(new_app().run(), "项目库")
    assert len(at.dataframe) == 1
    df = at.dataframe[0].value
    assert len(df) == 5
    spec = chart_specs(at)[0]
    assert set(bar_categories(spec)) == {"双阳区", "绿园区", "二道区"}
    district_widget(at).set_value(["双阳区"]).run()
    assert len(at.dataframe[0].value) == 2
    assert set(bar_categories(chart_specs(at)[0])) == {"双阳区"}
    at.sidebar.text_input(key="pq").set_value("梅花鹿").run()
    assert list(at.dataframe[0].value["项目"]) == ["鹿乡梅花鹿深加工项目"]
    at.selectbox(key="project_pick").set_value(at.selectbox(key="project_pick").options[0]).run()
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "<mark" in html and "鹿乡梅花鹿深加工项目" in html


def test_projects_investment_range(app_env):
    at = run_page(new_app().run(), "项目库")
    slider = at.sidebar.slider(key="invest")
    assert slider.value == (0.0, 22.0)
    slider.set_value((10.0, 22.0)).run()
    df = at.dataframe[0].value
    assert sorted(df["项目"]) == ["双阳汽车轻量化零部件项目", "绿园智能制造产业园"]


def test_details_search_and_escaped_evidence(app_env, tmp_db, parsed_factory):
    # an article whose text contains HTML must be shown escaped
    evil = parsed_factory("绿园区", article="evil.txt", extra="<script>alert(1)</script><b>粗体</b>")
    Store(tmp_db).add([evil])
    at = run_page(new_app().run(), "数据明细")
    n_all = len(at.dataframe[0].value)
    at.sidebar.text_input(key="q").set_value("社会消费品").run()
    assert 0 < len(at.dataframe[0].value) < n_all
    district_widget(at).set_value(["绿园区"]).run()
    assert set(at.dataframe[0].value["区县"]) == {"绿园区"}
    at.sidebar.text_input(key="q").set_value("").run()
    table = at.dataframe[0].value
    i = list(table["文件名"]).index("evil.txt")
    pick = at.selectbox(key="detail_pick")
    pick.set_value(pick.options[i]).run()
    assert not at.exception
    bodies = [h.proto.body for h in at.get("html")]
    assert len(bodies) == 2  # excerpt + full article
    assert all("<script>" not in b and "<b>粗体" not in b for b in bodies)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;粗体" in bodies[1]
    sentence = table["原句"].iloc[i]
    assert f">{sentence[:4]}" in bodies[0] and "<mark" in bodies[0]


def test_filter_survives_page_switch_and_comes_from_url(app_env):
    at = new_app()
    at.query_params["district"] = ["二道区"]
    at.run()
    assert district_widget(at).value == ["二道区"]
    run_page(at, "区县对比")
    assert district_widget(at).value == ["二道区"]
    assert all(c.startswith("二道区") for c in bar_categories(chart_specs(at)[0]))
    district_widget(at).set_value(["双阳区", "绿园区"]).run()
    run_page(at, "项目库")
    assert district_widget(at).value == ["双阳区", "绿园区"]
    assert set(at.dataframe[0].value["区县"]) == {"双阳区", "绿园区"}
    # (AppTest does not mirror bound widgets back into at.query_params -- the browser does;
    #  the URL round trip is checked by the browser tests.)


@pytest.mark.parametrize("key, value", [("indicator", "社会消费品零售总额"), ("mixed", "true")])
def test_compare_view_reopens_from_url(app_env, key, value):
    at = new_app()
    at.query_params[key] = value
    at.switch_page(PAGES["区县对比"])
    at.run()
    assert not at.exception
    if key == "indicator":
        assert at.sidebar.selectbox(key="indicator").value == value
        assert bar_categories(chart_specs(at)[0])
        assert "社会消费品零售总额" in chart_specs(at)[0]["layout"]["title"]["text"]
    else:
        assert at.sidebar.toggle(key="mixed").value is True
        assert any("统计期不同" in t for t in texts(at.warning))


# --------------------------------------------------------------------------- upload
def _upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    run_page(at, "导入文章")
    at.file_uploader[0].set_value([(n, b, "text/plain") for n, b in files])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _save_button(at: AppTest):
    return at.button(key="upload_save")


def test_upload_good_file_saves_and_every_page_sees_it(app_env, fake_parser, tmp_db):
    data = fake_parser("二道区", "fresh.txt", "二道区新一期报道，内容不同。")
    at = _upload(new_app().run(), [("二道区新报道.txt", data.decode("utf-8").encode("gb18030"))])
    assert not at.error, texts(at.error)
    region = next(t for t in at.text_input if t.key.startswith("up_region_"))
    month = next(t for t in at.text_input if t.key.startswith("up_month_"))
    assert region.value == "二道区" and month.value == "2024-07"  # defaults from the parser
    month.set_value("2024-08").run()
    assert not _save_button(at).disabled
    assert len(at.dataframe) >= 1 and len(at.dataframe[0].value) == 3  # preview of the extracted rows
    v0 = Store(tmp_db).version()
    _save_button(at).click().run()
    assert not at.exception
    assert any("已保存 1 篇" in s for s in texts(at.success))
    store = Store(tmp_db)
    assert store.version() != v0
    arts = store.articles()
    new = arts[arts["article"] == "二道区新报道.txt"]
    assert len(new) == 1 and new.iloc[0]["published"] == "2024-08" and new.iloc[0]["source"] == "upload"
    assert (store.indicators()["article"] == "二道区新报道.txt").sum() == 3
    # visible at once on other pages
    run_page(at, "数据明细")
    assert "二道区新报道.txt" in set(at.dataframe[0].value["文件名"])
    run_page(at, "概览")
    assert any("文章 4 篇" in c.value for c in at.caption)


def test_reupload_same_text_is_not_duplicated(app_env, fake_parser, tmp_db, sample_parsed):
    existing = sample_parsed[0]
    at = _upload(new_app().run(), [("again.txt", ("\n" + existing.text + "\n").encode("utf-16"))])
    assert any("内容相同" in w for w in texts(at.warning))
    assert _save_button(at).disabled
    assert len(Store(tmp_db).articles()) == 3


BAD_UPLOADS = [
    pytest.param("empty.txt", b"", "文件为空", id="empty"),
    pytest.param("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "不是文本文件", id="binary"),
    pytest.param("huge.txt", "增长".encode("utf-8") * (MAX_BYTES // 6 + 10), "文件过大", id="over-size"),
    pytest.param("garbled.txt", b"\x80\x81\x82\xff\xfe\xfd" * 40, "无法识别文件编码", id="undecodable"),
    pytest.param("novel.txt", "从前有座山，山里有座庙。".encode("utf-8"), "没有从", id="no-figures"),
]


@pytest.mark.parametrize("name, content, phrase", BAD_UPLOADS)
def test_bad_upload_gets_chinese_message_and_writes_nothing(app_env, fake_parser, tmp_db, name, content, phrase):
    v0 = Store(tmp_db).version()
    at = _upload(new_app().run(), [(name, content)])
    errs = texts(at.error)
    assert any(phrase in e and name in e for e in errs), errs
    assert _save_button(at).disabled
    assert Store(tmp_db).version() == v0
    assert len(Store(tmp_db).articles()) == 3


def test_mixed_batch_saves_only_the_good_files(app_env, fake_parser, tmp_db):
    good = fake_parser("双阳区", "g.txt", "双阳区另一篇。")
    at = _upload(new_app().run(), [("good.md", good), ("empty.txt", b""), ("good_copy.txt", good)])
    assert any("文件为空" in e for e in texts(at.error))
    assert any("内容相同" in w for w in texts(at.warning))  # the copy inside the same batch
    _save_button(at).click().run()
    arts = Store(tmp_db).articles()
    assert set(arts["article"]) - {"shuangyang_2024h1.txt", "lvyuan_2024m7.txt", "erdao_2024h1.txt"} == {"good.md"}


def test_upload_requires_region_and_valid_month(app_env, fake_parser, tmp_db):
    data = fake_parser("绿园区", "m.txt", "绿园区又一篇。")
    at = _upload(new_app().run(), [("m.txt", data)])
    month = next(t for t in at.text_input if t.key.startswith("up_month_"))
    month.set_value("2024-13").run()
    assert any("发布月份格式不对" in e for e in texts(at.error))
    assert _save_button(at).disabled
    month = next(t for t in at.text_input if t.key.startswith("up_month_"))
    month.set_value("2024年9月").run()
    region = next(t for t in at.text_input if t.key.startswith("up_region_"))
    region.set_value("").run()
    assert not any("发布月份格式不对" in e for e in texts(at.error))
    # the fake parser keeps its own region when none is given, so the region stays known
    assert not _save_button(at).disabled
    _save_button(at).click().run()
    assert Store(tmp_db).articles().set_index("article").loc["m.txt", "published"] == "2024-09"


def test_upload_with_real_parser(app_env, tmp_db, seeds_dir):
    """End to end with the real extractor: seed article 000 uploaded as GBK, previewed, saved.

    The expected counts and rows are those of ``parsers.parse_article`` on the same text with the same
    district and month; a few rows are also stated outright (read off the article's sentences)."""
    from store.db import safe_article_name
    text = (seeds_dir / "000_b603f38b2462cfdc.txt").read_text(encoding="utf-8")
    article = safe_article_name("真实文章.txt")
    before = Store(tmp_db).counts()
    at = _upload(new_app().run(), [("真实文章.txt", text.encode("gbk"))])   # strict: every character is in GBK
    region = next(t for t in at.text_input if t.key.startswith("up_region_"))
    assert region.value == "双阳区"              # inferred from the text
    month = next(t for t in at.text_input if t.key.startswith("up_month_"))
    month.set_value("2025-09").run()
    probe = parsers.parse_article(text, article=article, region="双阳区", published="2025-09")
    n_ind, n_prj = len(probe.indicators), len(probe.projects)
    assert n_ind >= 20 and n_prj >= 1            # the real parser extracts this article (not a vacuous check)
    assert not _save_button(at).disabled, texts(at.error) + texts(at.warning)
    assert f"可以保存：识别出 {n_ind} 条指标、{n_prj} 个项目。" in texts(at.success)
    previews = {("指标" in d.value.columns): d.value for d in at.dataframe}
    assert len(previews[True]) == n_ind and len(previews[False]) == n_prj
    got_preview = {(r["主体"], r["指标"]): (None if pd.isna(r["数值"]) else r["数值"], r["单位"], r["同比%"])
                   for _, r in previews[True].iterrows()}
    assert got_preview[("", "限上社零额")] == (2.95, "亿元", 31.9)

    _save_button(at).click().run()
    assert not at.exception
    store = Store(tmp_db)
    assert store.counts() == {"articles": before["articles"] + 1, "indicators": before["indicators"] + n_ind,
                              "projects": before["projects"] + n_prj}
    stored = store.articles().set_index("article").loc[article]
    assert (stored["region"], stored["published"], stored["source"], stored["text"]) == \
        ("双阳区", "2025-09", "upload", text)
    ind = store.indicators()
    ind = ind[ind["article"] == article]
    prj = store.projects()
    prj = prj[prj["article"] == article]
    # exactly the parser's rows (every column, spans included)
    key = ["start", "sent_start", "indicator"]
    pd.testing.assert_frame_equal(ind.sort_values(key, ignore_index=True),
                                  probe.indicators.sort_values(key, ignore_index=True), check_dtype=False)
    pd.testing.assert_frame_equal(prj.sort_values("start", ignore_index=True),
                                  probe.projects.sort_values("start", ignore_index=True), check_dtype=False)
    # and rows checked against the article's own sentences
    rows = {(r.subject, r.indicator): (r.region, r.period, None if pd.isna(r.value) else r.value, r.unit,
                                       None if pd.isna(r.yoy_pct) else r.yoy_pct) for r in ind.itertuples()}
    h1 = "2025年1-6月"
    assert rows[("", "规上工业增加值")] == ("双阳区", h1, None, "", 9.0)      # 今年1月至6月，双阳区规上工业增加值增长9%
    assert rows[("", "固定资产投资")] == ("双阳区", h1, None, "", 13.4)       # 固定资产投资增长13.4%
    assert rows[("", "限上社零额")] == ("双阳区", h1, 2.95, "亿元", 31.9)     # 增长31.9% ... 限上社零额完成2.95亿元
    assert rows[("", "社零总额")] == ("双阳区", h1, 23.7, "亿元", 3.7)        # 增长3.7% ... 社零总额完成23.7亿元
    assert rows[("", "规上工业产值")] == ("双阳区", h1, 46.1, "亿元", 7.9)    # 全区规上工业累计完成产值46.1亿元，同比增长7.9%
    assert rows[("汽车轻量化产业", "产值")] == ("双阳区", h1, 20.7, "亿元", 29.4)  # 累计完成产值20.7亿元，同比增长29.4%
    assert dict(zip(prj["name"], prj["status"]))["吉林动画学院双阳产教融合校区项目"] == "在建"
    from parsers.normalize import normalize
    for r in ind.itertuples():                  # evidence spans point into the stored text (sentence: cleaned)
        assert normalize(text[r.sent_start:r.sent_end]).text == r.sentence
        assert r.value_text in normalize(text[r.start:r.end]).text


def test_wrong_file_type_is_refused_before_decoding():
    # the uploader itself only offers .txt/.md/.html; the pure check covers renamed or scripted uploads
    from components.upload import analyse_file
    c = analyse_file("sheet.xlsx", b"PK\x03\x04" + b"\x00" * 40, parser=lambda *a: pytest.fail("parsed"))
    assert c.errors and c.errors[0].startswith("不支持的文件类型") and not c.ok


def test_pure_upload_functions(tmp_db, parsed_factory):
    from components.upload import (analyse_file, batch_duplicate_message, mark_batch_duplicates, normalise_month,
                                   save_candidates)
    store = Store(tmp_db)
    p = parsed_factory("双阳区", article="a.txt")

    def parser(text, article, region, published):
        return Parsed(article=article, text=text, title="t", region=region or p.region,
                      published=published or "", year=2024, indicators=p.indicators, projects=p.projects)

    assert [normalise_month(s) for s in ("2024-7", "2024/07", "2024年7月", "202407", "2024-13", "x")] == \
        ["2024-07", "2024-07", "2024-07", "2024-07", None, None]
    c1 = analyse_file("a.txt", p.text.encode(), store=store, parser=parser)
    assert c1.errors == [] and not c1.ok   # month missing: not an error, but it must be given before saving
    assert len(c1.needs) == 1 and "发布月份" in c1.needs[0]
    c1 = analyse_file("a.txt", p.text.encode(), store=store, published="2024-07", parser=parser)
    c2 = analyse_file("b.txt", p.text.encode("utf-16"), store=store, published="2024-07", parser=parser)
    assert c1.ok and c2.ok
    mark_batch_duplicates([c1, c2])
    assert c2.batch_duplicate_of == "a.txt" and c2.duplicate_of is None and not c2.ok   # never stored: a repeat
    assert batch_duplicate_message(c2) == "“b.txt”与本次上传的“a.txt”内容相同，只会保存一份。"
    res = save_candidates([c1, c2], store)
    assert res.added == ["a.txt"]
    assert analyse_file("c.txt", p.text.encode(), store=store, published="2024-07", parser=parser).duplicate_of \
        == "a.txt"


def test_indicator_choice_survives_visiting_a_page_without_it(app_env):
    at = run_page(new_app().run(), "区县对比")
    at.sidebar.selectbox(key="indicator").set_value("社会消费品零售总额").run()
    at.sidebar.selectbox(key="period").set_value("2024年1-7月").run()
    run_page(at, "项目库")
    assert not at.sidebar.selectbox  # no indicator widget on this page
    run_page(at, "区县对比")
    assert at.sidebar.selectbox(key="indicator").value == "社会消费品零售总额"
    assert at.sidebar.selectbox(key="period").value == "2024年1-7月"
    at.run()
    assert at.sidebar.selectbox(key="period").value == "2024年1-7月"
    at.sidebar.toggle(key="mixed").set_value(True).run()
    run_page(at, "概览")
    run_page(at, "区县对比")
    assert at.sidebar.toggle(key="mixed").value is True


def test_untouched_selectors_follow_their_default(app_env):
    """A value the user never chose must equal the default of the current options (it is not in the URL)."""
    at = run_page(new_app().run(), "区县对比")
    assert at.sidebar.selectbox(key="period").value == at.sidebar.selectbox(key="period").options[0]
    district_widget(at).set_value(["绿园区"]).run()
    period = at.sidebar.selectbox(key="period")
    assert period.value == period.options[0] == "2024年1-7月"
    indicator = at.sidebar.selectbox(key="indicator")
    assert indicator.value == indicator.options[0]


# --------------------------------------------------------------------------- evidence (pure)
def test_evidence_highlight_escapes_article_html():
    from components.evidence import highlight_html
    text = "<img src=x onerror=alert(1)>前文。A区产值增长5%。<script>x()</script>"
    i = text.index("A区")
    out = highlight_html(text, (i, i + 9), (i + 4, i + 6), context=None)
    assert "<img" not in out and "<script" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out and "&lt;script&gt;" in out
    assert "<mark" in out and "<b><u>增长</u></b>" in out
    short = highlight_html("x" * 1000 + "句子。" + "y" * 1000, (1000, 1003), context=10)
    assert "…" + "x" * 10 + "<mark" in short and "句子。</mark>" + "y" * 10 + "…</div>" in short


def test_two_sessions_saving_at_once_both_keep_their_articles(app_env, fake_parser, tmp_db):
    import threading
    files = [("并发一.txt", fake_parser("双阳区", "c1.txt", "并发会话一。")),
             ("并发二.txt", fake_parser("绿园区", "c2.txt", "并发会话二。"))]
    sessions = []
    for name, data in files:
        at = _upload(new_app().run(), [(name, data)])
        assert not _save_button(at).disabled, texts(at.error)
        sessions.append(at)
    barrier = threading.Barrier(len(sessions))
    errors: list[BaseException] = []

    def save(at):
        try:
            barrier.wait()
            _save_button(at).click().run()
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=save, args=(at,)) for at in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for at in sessions:
        assert not at.exception and any("已保存 1 篇" in s for s in texts(at.success))
    assert {"并发一.txt", "并发二.txt"} <= set(Store(tmp_db).articles()["article"])


def _big_store(tmp_db, parsed_factory, reps: int = 1400) -> Store:
    """One district, 4 rows x ``reps`` periods (5,600 rows by default)."""
    base = parsed_factory("双阳区")
    ind = pd.concat([base.indicators.assign(period=f"第{i}期") for i in range(reps)], ignore_index=True)
    big = Parsed(article=base.article, text=base.text, title=base.title, region=base.region,
                 published=base.published, year=base.year, indicators=ind, projects=base.projects)
    store = Store(tmp_db)
    store.rebuild([big], source="seed")
    return store


def _detail_rows_shown(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def test_details_pages_through_a_large_result(tmp_db, parsed_factory, monkeypatch):
    """5,600 rows: the grid gets one page (100 rows by default), the sidebar holds page size and number,
    the caption counts the whole result, and a row of page 2 opens its evidence."""
    store = _big_store(tmp_db, parsed_factory)
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    from components import transforms
    expected = transforms.search_indicators(store.indicators())   # the old path: the whole table in pandas
    at = run_page(new_app().run(), "数据明细")
    assert any("5,600 / 5,600 条" in c.value and "第 1 / 56 页" in c.value for c in at.caption), texts(at.caption)
    table = _detail_rows_shown(at)
    assert len(table) == 100 and list(table.index) == list(range(1, 101))
    assert len(at.selectbox(key="detail_pick").options) == 100   # a pick list of this page, not of 5,600 rows
    at.sidebar.number_input(key="page").set_value(2).run()
    table = _detail_rows_shown(at)
    assert list(table.index) == list(range(101, 201))
    assert list(table["统计期"]) == list(expected["period"].iloc[100:200])
    assert list(table["原句"]) == list(expected["sentence"].iloc[100:200])
    pick = at.selectbox(key="detail_pick")
    assert pick.options[0].startswith("101. ")
    pick.set_value(pick.options[1]).run()
    assert not at.exception
    bodies = [h.proto.body for h in at.get("html")]
    assert bodies and "<mark" in bodies[0]
    # page size 500: 12 pages, the last one holds the remaining 100 rows
    at.sidebar.selectbox(key="page_size").set_value(500).run()
    at.sidebar.number_input(key="page").set_value(12).run()
    table = _detail_rows_shown(at)
    assert len(table) == 100 and table.index[0] == 5501 and table.index[-1] == 5600
    assert list(table["统计期"]) == list(expected["period"].iloc[5500:])
    # a search that leaves fewer rows: the page number falls back to the last page
    at.sidebar.text_input(key="q").set_value("第7期").run()   # 第7期, 第70期..第79期, 第700期..第799期
    n = int(transforms.search_indicators(expected, "第7期").shape[0])
    assert any(f"{n:,} / 5,600 条" in c.value and "第 1 / 1 页" in c.value for c in at.caption), texts(at.caption)
    assert len(_detail_rows_shown(at)) == n
    assert at.sidebar.number_input(key="page").value == 1


def test_details_downloads_come_from_a_query_and_say_when_capped(tmp_db, parsed_factory, monkeypatch):
    _big_store(tmp_db, parsed_factory, reps=300)   # 1,200 rows
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = run_page(new_app().run(), "数据明细")
    keys = [b.key for b in at.get("download_button")]
    assert "details_export__csv" in keys and "details_export__xlsx" in keys
    assert "details_table__csv" not in keys   # not a download of the page on screen
    assert not any("下载只含前" in c.value for c in at.caption)
    monkeypatch.setattr("store.queries.EXPORT_LIMIT", 1000)
    at.run()
    assert any("下载只含前 1,000 条" in c.value and "共 1,200 条" in c.value for c in at.caption), texts(at.caption)


def test_details_download_holds_the_filtered_view(tmp_db, parsed_factory, monkeypatch):
    """What the CSV button sends: every row of the search (not only the page), in the table's columns."""
    store = _big_store(tmp_db, parsed_factory, reps=300)
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    from components import data, export, transforms
    from store import queries
    rows = data.detail_export("社会消费品", ["双阳区"], None, None)
    expected = transforms.search_indicators(store.indicators(), "社会消费品", ["双阳区"])
    assert len(rows) == len(expected) == 300
    from components.titles import TITLE_COLUMNS   # the export names each article by title and month too
    assert set(rows["title"]) == {"双阳区经济运行观察"} and set(rows["published"]) == {"2024-07"}
    assert list(rows.columns[-2:]) == list(queries.EXTRA_COLUMNS)   # reviewed, conflict (store/corrections.py)
    assert (rows["reviewed"] == "").all() and not rows["conflict"].any()
    pd.testing.assert_frame_equal(rows[list(expected.columns)].reset_index(drop=True), expected.reset_index(drop=True))
    monkeypatch.setattr(queries, "EXPORT_LIMIT", 120)
    capped = data.detail_export("社会消费品", ["双阳区"])
    assert len(capped) == 120
    csv = export.frame_to_csv(capped[["region", "indicator", "period"]]).decode("utf-8-sig").splitlines()
    assert len(csv) == 121 and csv[1].startswith("双阳区,社会消费品零售总额,")


# --------------------------------------------------------------------------- grouped district filter
# Real districts of three provinces (鼓楼区 is shared by several cities: the 南京 context decides)
GROUPED = {
    "长春市": ["二道区", "双阳区", "绿园区", "南关区", "宽城区", "朝阳区", "九台区", "农安县"],
    "南京市": ["玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "雨花台区", "江宁区"],
    "苏州市": ["姑苏区", "吴中区", "相城区", "昆山市"],
    "上海市": ["嘉定区", "奉贤区", "浦东新区", "闵行区"],
}


@pytest.fixture
def grouped_env(tmp_db, monkeypatch, parsed_factory):
    """24 districts in 4 cities of 3 provinces (more than filters.GROUP_MIN)."""
    parsed = []
    for city, names in GROUPED.items():
        for name in names:
            base = parsed_factory("二道区", article=f"{name}.txt", extra=f"{city}{name}。")
            parsed.append(Parsed(article=base.article, text=base.text, title=f"{name}经济运行", region=name,
                                 published=base.published, year=base.year,
                                 indicators=base.indicators.assign(region=name),
                                 projects=base.projects.assign(region=name)))
    Store(tmp_db).rebuild(parsed, source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    return [n for names in GROUPED.values() for n in names]


def test_grouped_district_filter_narrows_by_province_and_city(grouped_env):
    at = new_app().run()
    assert not at.exception
    prov = at.sidebar.selectbox(key="prov")
    assert prov.options == ["全部省份", "上海市", "吉林省", "江苏省"]
    assert sorted(district_widget(at).options) == sorted(grouped_env)
    prov.set_value("江苏省").run()
    city = at.sidebar.selectbox(key="city")
    assert city.options == ["全部城市", "南京市", "苏州市"]
    assert sorted(district_widget(at).options) == sorted(GROUPED["南京市"] + GROUPED["苏州市"])
    city.set_value("南京市").run()
    assert sorted(district_widget(at).options) == sorted(GROUPED["南京市"])   # 鼓楼区: 南京's, by context
    assert any("江苏省·南京市：8 个区县" in c.value for c in at.sidebar.caption)
    district_widget(at).set_value(["鼓楼区", "玄武区"]).run()
    assert not at.exception
    # another province: the chosen districts stay chosen (and listed), the pages show them only
    at.sidebar.selectbox(key="prov").set_value("上海市").run()
    assert district_widget(at).value == ["鼓楼区", "玄武区"]
    assert set(district_widget(at).options) == set(GROUPED["上海市"]) | {"鼓楼区", "玄武区"}
    assert at.sidebar.selectbox(key="city").value == "全部城市"
    run_page(at, "区县对比")
    at.sidebar.selectbox(key="indicator").set_value("规上工业产值").run()
    assert sorted(c.split("｜")[0] for c in bar_categories(chart_specs(at)[0])) == ["玄武区", "鼓楼区"]


def test_grouped_district_filter_comes_from_the_url(grouped_env):
    at = new_app()
    at.query_params["district"] = ["嘉定区", "江宁区"]
    at.query_params["prov"] = "吉林省"
    at.run()
    assert not at.exception
    assert district_widget(at).value == ["嘉定区", "江宁区"]
    assert at.sidebar.selectbox(key="prov").value == "吉林省"
    assert set(district_widget(at).options) == set(GROUPED["长春市"]) | {"嘉定区", "江宁区"}
    run_page(at, "项目库")
    assert set(at.dataframe[0].value["区县"]) == {"嘉定区", "江宁区"}


def test_a_dozen_districts_keep_the_plain_filter(app_env):
    at = new_app().run()
    assert not [s for s in at.sidebar.selectbox if s.key in ("prov", "city")]
    assert district_widget(at).options == ["二道区", "双阳区", "绿园区"]


def test_store_deleted_while_running_is_rebuilt_from_seeds(tmp_db, monkeypatch, seeds_dir):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = new_app().run()
    n = len(Store(tmp_db).articles())
    assert n == len(list(seeds_dir.glob("*.txt")))
    for f in tmp_db.parent.iterdir():
        f.unlink()
    at.run()
    assert not at.exception
    assert len(Store(tmp_db).articles()) == n


def _many_districts_store(tmp_db, parsed_factory, n: int = 130) -> Store:
    """``n`` districts with the same indicators, values and growth growing with the district's number."""
    base = parsed_factory("双阳区")
    frames = []
    for i in range(n):
        f = base.indicators.copy()
        f["region"] = f"测试{i:03d}区"
        f["value"] = f["value"] + i
        f["yoy_pct"] = f["yoy_pct"] + i / 10
        frames.append(f)
    ind = pd.concat(frames, ignore_index=True)
    many = Parsed(article=base.article, text=base.text, title=base.title, region=base.region,
                  published=base.published, year=base.year, indicators=ind, projects=base.projects)
    store = Store(tmp_db)
    store.rebuild([many], source="seed")
    return store


def test_compare_draws_the_largest_districts_when_there_are_many(tmp_db, parsed_factory, monkeypatch):
    """130 districts: each chart draws the 100 largest, a caption says so, the table lists all 130."""
    from components import transforms
    _many_districts_store(tmp_db, parsed_factory)
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = run_page(new_app().run(), "区县对比")
    assert not at.exception
    assert any(f"各 {transforms.CHART_MAX_BARS} 个区县" in c.value for c in at.caption), texts(at.caption)
    charts = [c for c in at.get("plotly_chart")]
    import json
    bars = [sum(len(t.get("x", [])) for t in json.loads(c.proto.spec)["data"]) for c in charts[:2]]
    assert bars and all(b == transforms.CHART_MAX_BARS for b in bars), bars   # (a chart without data is a note)
    labels = [x for t in json.loads(charts[0].proto.spec)["data"] for x in t["x"]]
    assert all(any(f"测试{i:03d}区" in x for x in labels) for i in range(30, 130)), labels   # the 100 largest
    assert len(at.dataframe[0].value) == 130


@pytest.mark.parametrize("n,limit,expected", [
    pytest.param(5, 40, 5, id="fits"),
    pytest.param(60, 40, 40, id="capped"),
    pytest.param(40, 40, 40, id="exactly-the-limit"),
])
def test_chart_top_keeps_the_largest(n, limit, expected):
    from components import transforms
    frame = pd.DataFrame({"region": [f"r{i}" for i in range(n)], "value": [float(i) for i in range(n)],
                          "yoy_pct": [float(-i) for i in range(n)]})
    rows, total = transforms.chart_top(frame, "value", limit)
    assert total == n and len(rows) == expected and set(rows["value"]) == set(range(n - expected, n))
    rows, _ = transforms.chart_top(frame, "yoy_pct", limit)
    assert set(rows["yoy_pct"]) == {float(-i) for i in range(expected)}


def test_a_failed_detail_page_read_has_the_shape_of_a_page(app_env):
    """数据明细 builds its table from the page's columns: the fallback of a failed read must have them all."""
    from components import data
    from store import queries
    real = queries.detail_page(data.get_store(), "", limit=5, keys=True)
    assert list(data._empty_detail_page().columns) == list(real.columns)
