"""Titles everywhere: views name an article by its title and month, the storage name
(``000_b603f38b2462cfdc.txt``) appears only in the secondary 文件名 column.

* the labels (:func:`store.queries.article_titles`): month, a short id for duplicates, the storage name for
  an untitled article, the same label whichever articles are asked for;
* :func:`components.titles.add_titles`: the columns beside ``article``;
* every page driven by AppTest on a store whose articles have storage names: no table cell (but 文件名),
  select option, chart hover or markdown line names an article by its storage name;
* the exports carry ``title`` and ``published``.
"""
from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import titles
from store import queries
from store.db import Store
from tests.conftest import ROOT

STORAGE = re.compile(r"\d{3}\\?_[0-9a-f]{16}\\?\.txt")   # also as Markdown escapes it (002\\_…)
NAMES = {"双阳区": "000_b603f38b2462cfdc.txt", "绿园区": "001_820736ea15743918.txt", "二道区": "002_805918171b22d6e5.txt"}
PAGES = {
    "概览": None,
    "区县对比": "app_pages/compare.py",
    "增速排行": "app_pages/ranking.py",
    "项目库": "app_pages/projects.py",
    "数据明细": "app_pages/details.py",
}

pytestmark = pytest.mark.usefixtures("fresh_st_caches")


def _parsed(parsed_factory, region: str, *, article: str | None = None, title: str | None = None,
            published: str | None = None, extra: str = ""):
    p = parsed_factory(region, article=article or NAMES[region], extra=extra)
    if title is not None:
        p.title = title
    if published is not None:
        p.published = published
    return p


@pytest.fixture
def named_store(tmp_db, parsed_factory, monkeypatch):
    """The hand-built districts stored under seed-like storage names (``NNN_<hex>.txt``)."""
    store = Store(tmp_db)
    store.rebuild([_parsed(parsed_factory, r) for r in NAMES], source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    return store


# --------------------------------------------------------------------------- labels
def test_labels_name_title_and_month(named_store):
    got = queries.article_titles(named_store, list(NAMES.values()) + ["not-stored.txt"]).set_index("article")
    assert list(got.index) == sorted(NAMES.values())               # unknown ids are left out
    assert got.loc[NAMES["双阳区"], "label"] == "双阳区经济运行观察 (2024-07)"
    assert got.loc[NAMES["绿园区"], "title"] == "绿园区经济运行观察"
    assert got.loc[NAMES["绿园区"], "published"] == "2024-08"


def test_duplicate_titles_get_month_then_short_id_and_untitled_the_storage_name(tmp_db, parsed_factory):
    store = Store(tmp_db)
    same = "年中经济观察"
    arts = [_parsed(parsed_factory, "双阳区", article="a.txt", title=same, published="2024-07"),
            _parsed(parsed_factory, "绿园区", article="b.txt", title=same, published="2024-08"),
            _parsed(parsed_factory, "二道区", article="c.txt", title=same, published="2024-08"),
            _parsed(parsed_factory, "二道区", article="untitled.txt", title="", published="2024-09",
                    extra="另一篇。"),
            _parsed(parsed_factory, "双阳区", article="long.txt", title="长" * 50, published="", extra="第三篇。")]
    store.rebuild(arts)
    sha = store.articles().set_index("article")["sha256"]
    got = queries.article_titles(store, ["a.txt", "b.txt", "c.txt", "untitled.txt", "long.txt"]).set_index("article")
    assert got.loc["a.txt", "label"] == "年中经济观察 (2024-07)"     # its month tells it apart
    assert got.loc["b.txt", "label"] == f"年中经济观察 (2024-08 · #{sha['b.txt'][:6]})"   # same month: a short id
    assert got.loc["c.txt", "label"] == f"年中经济观察 (2024-08 · #{sha['c.txt'][:6]})"
    assert got.loc["untitled.txt", "label"] == "untitled.txt (2024-09)"
    assert got.loc["long.txt", "label"] == "长" * (queries.TITLE_MAX - 1) + "…"
    assert got["label"].is_unique
    # the same label whichever articles a view asks for (duplicates are counted over the whole store)
    alone = queries.article_titles(store, ["c.txt"]).set_index("article")
    assert alone.loc["c.txt", "label"] == got.loc["c.txt", "label"]
    assert queries.article_titles(store, []).empty and queries.article_titles(store, None).empty


def test_add_titles_puts_the_columns_beside_article():
    frame = pd.DataFrame({"region": ["甲", "乙", "丙"], "article": ["a.txt", "b.txt", None], "value": [1, 2, 3]})
    known = pd.DataFrame({"article": ["a.txt", "b.txt"], "title": ["标题甲", ""], "published": ["2024-07", ""],
                          "label": ["标题甲 (2024-07)", "b.txt"]})
    out = titles.add_titles(frame, known)
    assert list(out.columns) == ["region", "article", "title", "published", "article_label", "value"]
    assert list(out["title"]) == ["标题甲", "b.txt", ""]          # untitled: the storage name
    assert list(out["article_label"]) == ["标题甲 (2024-07)", "b.txt", ""]
    assert list(out["published"]) == ["2024-07", "", ""]
    again = titles.add_titles(out, known)                            # idempotent: replaced, not doubled
    assert list(again.columns) == list(out.columns)
    assert titles.label_of({"article": "x.txt"}) == "x.txt"
    assert titles.label_of(out.iloc[0]) == "标题甲 (2024-07)"


# --------------------------------------------------------------------------- pages
def _app(page: str | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _storage_names_in_title_places(at: AppTest) -> list[str]:
    """Every place of the page that names an article, checked for a storage name: table cells (all but
    the 文件名 column), select options, chart data (hovers, labels), Markdown and captions (a line may show
    the storage name only after "文件名"), metric tooltips."""
    bad: list[str] = []
    for df in at.dataframe:
        v = df.value
        for col in v.columns:
            if col == titles.STORAGE_COLUMN:
                continue
            hits = [str(x) for x in v[col] if STORAGE.search(str(x))]
            bad += [f"table column {col}: {h}" for h in hits[:3]]
    for sb in at.selectbox:
        bad += [f"select {sb.key}: {o}" for o in sb.options if STORAGE.search(str(o))]
    for c in at.get("plotly_chart"):
        spec = json.dumps(json.loads(c.proto.spec), ensure_ascii=False)
        bad += [f"chart: {m}" for m in STORAGE.findall(spec)]
    for el in list(at.markdown) + list(at.caption) + list(at.info) + list(at.warning):
        for line in str(el.value).splitlines():
            if STORAGE.search(line.split("文件名")[0]):
                bad.append(f"text: {line}")
    for m in at.metric:
        if STORAGE.search(m.proto.help or ""):
            bad.append(f"metric help: {m.proto.help}")
    return bad


@pytest.mark.parametrize("name, page", list(PAGES.items()), ids=list(PAGES))
def test_no_page_names_an_article_by_its_storage_name(named_store, name, page):
    at = _app(page)
    assert at.title[0].value == name
    assert not _storage_names_in_title_places(at)


def test_the_title_is_where_the_storage_name_was(named_store):
    at = _app(PAGES["数据明细"])
    table = at.dataframe[0].value
    cols = list(table.columns)
    assert cols[-1] == titles.STORAGE_COLUMN and titles.TITLE_COLUMN in cols and titles.MONTH_COLUMN in cols
    by_file = table.drop_duplicates(titles.STORAGE_COLUMN).set_index(titles.STORAGE_COLUMN)
    assert by_file.loc[NAMES["双阳区"], titles.TITLE_COLUMN] == "双阳区经济运行观察"
    assert by_file.loc[NAMES["绿园区"], titles.MONTH_COLUMN] == "2024-08"
    # the picker names the row's article by title and month, and so does the evidence panel
    pick = at.selectbox(key="detail_pick")
    i = next(i for i, o in enumerate(pick.options) if "双阳区" in o)
    assert "双阳区经济运行观察 (2024-07)" in pick.options[i]
    pick.set_value(pick.options[i]).run()
    source = next(m.value for m in at.markdown if "来源文章" in m.value)
    assert "双阳区经济运行观察 (2024-07)" in source
    assert source.index("双阳区经济运行观察") < source.index("文件名") < source.index(NAMES["双阳区"].split("_")[0])
    assert not _storage_names_in_title_places(at)


def test_projects_table_picker_and_evidence_use_titles(named_store):
    at = _app(PAGES["项目库"])
    table = at.dataframe[0].value
    assert set(table[titles.TITLE_COLUMN]) == {f"{r}经济运行观察" for r in NAMES}
    assert set(table[titles.STORAGE_COLUMN]) == set(NAMES.values())
    pick = at.selectbox(key="project_pick")
    pick.set_value(pick.options[0]).run()
    assert any("来源文章" in m.value and "经济运行观察 (2024-" in m.value for m in at.markdown)
    assert not _storage_names_in_title_places(at)


def test_chart_hovers_carry_titles(named_store):
    at = _app(PAGES["区县对比"])
    spec = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")], ensure_ascii=False)
    assert "来源：双阳区经济运行观察 (2024-07)" in spec or "来源：绿园区经济运行观察 (2024-08)" in spec
    at = _app(PAGES["增速排行"])
    spec = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")], ensure_ascii=False)
    assert "经济运行观察 (2024-0" in spec and not STORAGE.search(spec)


def test_overview_card_tooltips_and_article_table_use_titles(named_store):
    at = _app(None)
    helps = [m.proto.help for m in at.metric]
    assert helps and all("来源：" in h and "经济运行观察 (2024-" in h for h in helps)
    at.toggle(key="overview_articles_as_table").set_value(True).run()
    table = at.dataframe[0].value
    assert list(table.columns)[0] == "标题" and list(table.columns)[-1] == titles.STORAGE_COLUMN
    assert not _storage_names_in_title_places(at)


# --------------------------------------------------------------------------- exports
def test_detail_export_carries_title_and_month(named_store):
    from components import data, export
    rows = data.detail_export("", ["绿园区"])
    cols = list(rows.columns)
    assert cols[cols.index("article") + 1: cols.index("article") + 3] == ["title", "published"]
    assert set(rows["title"]) == {"绿园区经济运行观察"} and set(rows["published"]) == {"2024-08"}
    # as the page's download writes it: title and month beside the storage name, in CSV and Excel
    table = rows.rename(columns={"title": titles.TITLE_COLUMN, "published": titles.MONTH_COLUMN,
                                 "article": titles.STORAGE_COLUMN})
    csv = export.frame_to_csv(table[[titles.TITLE_COLUMN, titles.MONTH_COLUMN, titles.STORAGE_COLUMN]])
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str)
    assert set(back[titles.TITLE_COLUMN]) == {"绿园区经济运行观察"}
    xlsx = pd.read_excel(io.BytesIO(export.frame_to_xlsx(table)), dtype=str)
    assert set(xlsx[titles.MONTH_COLUMN]) == {"2024-08"}


def test_a_download_joins_the_same_titles_as_the_page(tmp_db, parsed_factory, monkeypatch):
    """The download's rows get their titles in the detail query (``titles.joined_titles``, no second query
    over 100,000 ids): the same title, month and storage fallback as ``add_titles``; its labels differ only
    where two articles share title and month (no short id)."""
    from components import data
    store = Store(tmp_db)
    arts = [_parsed(parsed_factory, "双阳区", article="a.txt", title="长" * 50, published="2024-07"),
            _parsed(parsed_factory, "绿园区", article="b.txt", title="", published="2024-08"),
            _parsed(parsed_factory, "二道区", article="c.txt", title="二道区观察", published="")]
    store.rebuild(arts)
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    rows = data.detail_export()
    page = titles.add_titles(rows.drop(columns=list(titles.TITLE_COLUMNS)),
                             queries.article_titles(store, rows["article"].unique()))
    assert len(rows) > 3 and set(rows["article"]) == {"a.txt", "b.txt", "c.txt"}
    pd.testing.assert_frame_equal(rows, page)


@pytest.mark.parametrize("name, page", [("冲突", "app_pages/conflicts.py"), ("趋势", "app_pages/trend.py"),
                                        ("区县对比", "app_pages/compare.py")], ids=["conflicts", "trend", "compare"])
def test_pages_of_a_conflicting_store_name_articles_by_title(tmp_db, monkeypatch, name, page):
    """Two articles that state different figures (the conflict view shows both side by side), stored under
    storage names: the 冲突, 趋势 and 区县对比 pages name them by title only."""
    import parsers
    from tests.test_conflict_view import NEW, NEW_TITLE, OLD, OLD_TITLE
    store = Store(tmp_db)
    store.rebuild([parsers.parse_article(OLD, article="000_0123456789abcdef.txt", published="2024-07"),
                   parsers.parse_article(NEW, article="001_fedcba9876543210.txt", published="2024-09")], source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    assert queries.conflict_count(store)[0] >= 1
    at = _app(page)
    assert at.title[0].value == name
    assert not _storage_names_in_title_places(at)
    if name == "冲突":
        shown = "\n".join(str(m.value) for m in at.markdown)
        assert OLD_TITLE in shown and NEW_TITLE in shown
