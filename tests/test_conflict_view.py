"""The 冲突 page and the conflict notes under charts (AppTest), on stores built through the real parser.

Two articles of 双阳区 give different figures for 地区生产总值 in 2024年1-6月 (published 2024-07 and 2024-09);
a third article (绿园区) conflicts with nothing.  The page lists the conflict with both sentences and both
titles, marks the later article as used by the charts, stores a ``choice`` when the user picks the other
one (区县对比 then draws it) and undoes it; charts that draw a conflicting figure say so.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import parsers
from components import conflicts as cf
from store import queries as Q
from store.db import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 90
PAGE = "app_pages/conflicts.py"

OLD_TITLE = "双阳区上半年经济运行情况"
NEW_TITLE = "双阳区经济运行简报（九月刊）"
OLD = f"{OLD_TITLE}\n2024年上半年，双阳区实现地区生产总值120.5亿元，同比增长6.2%。规模以上工业增加值同比增长8.1%。\n"
NEW = f"{NEW_TITLE}\n2024年上半年，双阳区实现地区生产总值118.3亿元，同比增长5.9%。规模以上工业增加值同比增长8.1%。\n"
OTHER = "绿园区上半年经济运行情况\n2024年上半年，绿园区实现地区生产总值150亿元，同比增长5%。规模以上工业增加值同比增长7%。\n"
GDP = "地区生产总值"
INDUSTRY = "规上工业增加值"

pytestmark = pytest.mark.usefixtures("fresh_st_caches")


def _parse(text: str, name: str, published: str):
    return parsers.parse_article(text, article=name, published=published)


def build(tmp_db: Path, *texts: tuple[str, str, str]) -> Store:
    store = Store(tmp_db)
    store.rebuild([_parse(*t) for t in texts], source="seed")
    return store


@pytest.fixture
def conflict_store(tmp_db, monkeypatch) -> Store:
    store = build(tmp_db, (OLD, "old.txt", "2024-07"), (NEW, "new.txt", "2024-09"), (OTHER, "other.txt", "2024-08"))
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    return store


@pytest.fixture
def calm_store(tmp_db, monkeypatch) -> Store:
    """No conflict: the older 双阳区 article and the 绿园区 one."""
    store = build(tmp_db, (OLD, "old.txt", "2024-07"), (OTHER, "other.txt", "2024-08"))
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    return store


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def markdown_of(at: AppTest) -> str:
    """The page's Markdown without the escapes of markup.md."""
    return "\n".join(str(m.value) for m in at.markdown).replace("\\", "")


def captions(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption]


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, [b.label for b in at.button]
    return found


def _per_district(at: AppTest, field: str) -> dict[str, list]:
    """区县对比's value chart: district -> the trace's ``field`` at its bar."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {str(x).split("｜")[0]: v for tr in spec["data"] for x, v in zip(tr.get("x") or [], tr.get(field) or [])}


def compare_values(at: AppTest) -> dict[str, float]:
    """区县对比's value chart: district -> the value drawn."""
    return {d: float(y) for d, y in _per_district(at, "y").items()}


def compare_hovers(at: AppTest) -> dict[str, str]:
    return {d: " ".join(str(v) for v in c) for d, c in _per_district(at, "customdata").items()}


def open_compare(at: AppTest, indicator: str) -> AppTest:
    go(at, "app_pages/compare.py")
    at.sidebar.selectbox(key="indicator").set_value(indicator).run()
    assert not at.exception
    return at


# ------------------------------------------------------------------------------ pure helpers
def test_blocks_group_the_lines_winner_first(conflict_store):
    pairs, total = Q.conflict_pairs(conflict_store)
    assert total == 1
    (block,) = cf.blocks(pairs)
    assert (block["region"], block["indicator"]) == ("双阳区", GDP)
    assert block["winner"]["title"] == NEW_TITLE and [o["title"] for o in block["others"]] == [OLD_TITLE]
    assert not block["chosen"] and cf.reason(block["chosen"]) == cf.WHY_LATEST
    assert cf.figure_text(block["winner"]).startswith("118.3亿元") and "+5.9%" in cf.figure_text(block["winner"])
    assert cf.blocks(pairs.iloc[:0]) == []


def test_count_drawn_and_flag_column():
    frame = pd.DataFrame({"conflict": pd.array([True, False, None], dtype="boolean")})
    assert cf.count_drawn(frame) == 1
    assert cf.flag_column(frame).tolist() == [cf.FLAG, "", ""]
    assert cf.count_drawn(pd.DataFrame({"x": [1]})) == 0


# ------------------------------------------------------------------------------ the page
def test_page_lists_the_conflict_with_both_sentences_and_titles(conflict_store):
    at = go(new_app().run(), PAGE)
    assert at.title[0].value == "冲突"
    assert any(cf.RULE in c for c in captions(at))
    body = html_of(at)
    assert "120.5亿元" in body and "118.3亿元" in body            # both sentences, highlighted
    assert body.count("<mark") >= 2 and "<b><u>" in body
    md = markdown_of(at)
    assert OLD_TITLE in md and NEW_TITLE in md    # both titles
    assert "2024-07" in md and "2024-09" in md
    # the later article is the one the charts use, for the latest-publication reason
    used = [m for m in md.split("\n") if cf.USED in m]
    assert used and cf.WHY_LATEST in used[0]
    assert len(button(at, "采用这一条")) == 1
    assert not [b for b in at.button if b.label == "撤销选择"]
    assert "绿园区" not in md                                       # no conflict there


def test_choosing_the_other_figure_changes_the_charts_and_undo_restores(conflict_store):
    at = new_app().run()
    open_compare(at, GDP)
    assert compare_values(at)["双阳区"] == pytest.approx(118.3)
    go(at, PAGE)
    button(at, "采用这一条")[0].click().run()
    assert not at.exception
    assert any("已采用" in str(s.value) for s in at.success)
    md = markdown_of(at)
    used = [m for m in md.split("\n") if cf.USED in m]
    assert used and cf.WHY_CHOSEN in used[0]
    # the chosen figure is now the one beside the badge: the first side shows 120.5
    figures = [m for m in md.split("\n") if m.startswith("**") and "亿元" in m]
    assert figures[0].startswith("**120.5亿元")
    kinds = conflict_store.corrections()["kind"].tolist()
    assert kinds == ["choice"]
    open_compare(at, GDP)
    assert compare_values(at)["双阳区"] == pytest.approx(120.5)
    # undo
    go(at, PAGE)
    button(at, "撤销选择")[0].click().run()
    assert not at.exception
    assert conflict_store.corrections().empty
    used = [m for m in markdown_of(at).split("\n") if cf.USED in m]
    assert used and cf.WHY_LATEST in used[0]
    open_compare(at, GDP)
    assert compare_values(at)["双阳区"] == pytest.approx(118.3)


def test_indicator_filter_and_district_filter(conflict_store):
    at = go(new_app().run(), PAGE)
    sb = at.sidebar.selectbox(key="conflict_indicator")
    assert sb.options == ["全部指标", GDP]
    at.sidebar.multiselect(key="district").set_value(["绿园区"]).run()
    assert not at.exception
    assert at.info and "没有冲突" in at.info[0].value


def test_no_conflict_shows_the_empty_state(calm_store):
    at = go(new_app().run(), PAGE)
    assert at.info and "没有冲突" in at.info[0].value
    assert not [b for b in at.button if b.label == "采用这一条"]


# ------------------------------------------------------------------------------ notes under charts
def _note_captions(at: AppTest) -> list[str]:
    return [c for c in captions(at) if "有其他文章给出不同数值" in c]


def _links(at: AppTest) -> list[str]:
    return [str(p.proto.page) for p in at.get("page_link")]


def test_compare_caption_only_when_a_conflicting_figure_is_drawn(conflict_store):
    at = new_app().run()
    open_compare(at, GDP)
    notes = _note_captions(at)
    assert len(notes) == 1 and "图中 1 个数字" in notes[0]
    assert any("conflicts" in link for link in _links(at)), _links(at)
    hovers = compare_hovers(at)
    assert cf.HOVER_NOTE in hovers["双阳区"] and cf.HOVER_NOTE not in hovers["绿园区"]
    table = at.dataframe[0].value
    assert cf.COLUMN in table.columns
    assert dict(zip(table["区县"], table[cf.COLUMN])) == {"双阳区": cf.FLAG, "绿园区": ""}
    open_compare(at, INDUSTRY)                 # both articles agree on 8.1%: no note
    assert not _note_captions(at)
    assert not any("conflicts" in link for link in _links(at))


def test_no_caption_without_conflicts(calm_store):
    at = new_app().run()
    open_compare(at, GDP)
    assert not _note_captions(at)


def test_ranking_and_trend_and_overview_mark_the_conflict(conflict_store):
    at = new_app().run()
    go(at, "app_pages/ranking.py")
    at.sidebar.radio(key="rank_mode").set_value("一个指标的各区县").run()
    at.sidebar.selectbox(key="indicator").set_value(GDP).run()
    assert not at.exception
    assert len(_note_captions(at)) == 1
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    hover = {str(y).split("｜")[0]: " ".join(map(str, c)) for tr in spec["data"]
             for y, c in zip(tr["y"], tr["customdata"])}
    assert cf.HOVER_NOTE in hover["双阳区"] and cf.HOVER_NOTE not in hover["绿园区"]
    assert cf.COLUMN in at.dataframe[0].value.columns

    go(at, "app_pages/trend.py")
    at.sidebar.selectbox(key="indicator").set_value(GDP).run()
    assert not at.exception
    assert len(_note_captions(at)) == 1
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    hovers = [" ".join(map(str, c)) for tr in spec["data"] for c in tr["customdata"]]
    assert sum(cf.HOVER_NOTE in h for h in hovers) == 1
    table = at.dataframe[0].value
    assert sorted(table[cf.COLUMN].tolist()) == ["", cf.FLAG]

    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert any("双阳区" in c or "有其他文章给出不同数值" in c for c in _note_captions(at))
    helps = [str(m.proto.help) for m in at.metric]
    assert sum(cf.HOVER_NOTE in h for h in helps) == 1


# ------------------------------------------------------------------------------ escaping
PAYLOAD = '<img src=x onerror=alert(1)>[x](http://evil.example/l)'


def test_page_escapes_titles_and_sentences(tmp_db, monkeypatch):
    """A title and a sentence with HTML and Markdown payloads read as text on the page."""
    old = OLD.replace(OLD_TITLE, f"双阳区{PAYLOAD}").replace("6.2%。", f"6.2%，{PAYLOAD}。")
    build(tmp_db, (old, "old.txt", "2024-07"), (NEW, "new.txt", "2024-09"))
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = go(new_app().run(), PAGE)
    assert len([b for b in at.button if b.label == "采用这一条"]) == 1
    body = html_of(at)
    assert "<img" not in body
    raw = "\n".join(str(m.value) for m in at.markdown)
    assert not re.search(r"(?<!\\)<img", raw) and not re.search(r"(?<!\\)\]\(", raw)   # only escaped
    assert "&lt;img" in body                                          # the sentence shown as text
    assert "双阳区" + PAYLOAD in markdown_of(at).replace("\u2060", "")   # the title reads as it is


# ------------------------------------------------------------------------------ paging, empty store
def _many(name: str, published: str, values: list[float]):
    """A Parsed article of 双阳区 stating one figure for each of len(values) indicators (spans into its text)."""
    from parsers import Parsed
    from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce, empty_frame
    title = f"双阳区经济{name}"
    text, rows = title + "\n", []
    for i, v in enumerate(values):
        ind = f"指标{i:02d}"
        vt = f"{v:g}亿元"
        sentence = f"上半年双阳区{ind}完成{vt}。"
        s0 = len(text)
        v0 = s0 + sentence.index(vt)
        rows.append(dict(article=name, region="双阳区", subject="", indicator=ind, period="2024年1-6月", year=2024,
                         month_from=1, month_to=6, value=v, unit="亿元", yoy_pct=None, qualifier="", value_base=v * 1e8,
                         unit_base="元", value_text=vt, yoy_text="", sentence=sentence, start=v0, end=v0 + len(vt),
                         sent_start=s0, sent_end=s0 + len(sentence)))
        text += sentence + "\n"
    return Parsed(article=name, text=text, title=title, region="双阳区", published=published, year=2024,
                  indicators=coerce(pd.DataFrame(rows), INDICATOR_COLUMNS), projects=empty_frame(PROJECT_COLUMNS))


def test_the_list_is_paged_with_a_count(tmp_db, monkeypatch):
    # the page's lines per page, read from its source (the page is a script: not importable)
    per_page = next(int(line.split("=")[1].split("#")[0]) for line in (ROOT / PAGE).read_text("utf-8").splitlines()
                    if line.startswith("PAGE_LINES"))
    assert per_page >= 1
    n = per_page + 3
    store = Store(tmp_db)
    store.rebuild([_many("a.txt", "2024-07", [10.0 + i for i in range(n)]),
                   _many("b.txt", "2024-09", [20.0 + i for i in range(n)])], source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    assert Q.conflict_count(store) == (n, n)
    at = go(new_app().run(), PAGE)
    assert any(f"共 {n} 处冲突" in c for c in captions(at))
    first = [m for m in markdown_of(at).split("\n") if m.startswith("#### ")]
    assert len(first) == per_page
    at.sidebar.number_input(key="conflict_page").set_value(2).run()
    assert not at.exception
    second = [m for m in markdown_of(at).split("\n") if m.startswith("#### ")]
    assert len(second) == 3 and not set(first) & set(second)
    assert len(set(first) | set(second)) == n


def test_an_empty_store_shows_the_empty_state(tmp_db, monkeypatch):
    Store(tmp_db).rebuild([])
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    monkeypatch.setattr("store.db.DEFAULT_SEEDS", tmp_db.parent / "no_seeds")
    monkeypatch.setattr("components.data.DEFAULT_SEEDS", tmp_db.parent / "no_seeds", raising=False)
    at = go(new_app().run(), PAGE)
    assert at.info and "没有冲突" in at.info[0].value


def test_the_indicator_filter_offers_indicators_beyond_the_first_lines(tmp_db, monkeypatch):
    """The filter's options come from their own query over the conflict table (``conflict_indicator_options``),
    not from the first lines of the list: 5,003 conflicts, one indicator each, are all offered (the filter
    used to read the first 5,000 lines); a figure that agrees with its winner adds no option."""
    from components import data
    n = 5_003
    store = Store(tmp_db)
    store.rebuild([_many("a.txt", "2024-07", [10.0 + i for i in range(n)] + [7.0]),
                   _many("b.txt", "2024-09", [20.0 + i for i in range(n)] + [7.2])], source="seed")   # 7 ≈ 7.2
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    everything = sorted(f"指标{i:02d}" for i in range(n))
    assert Q.conflict_count(store) == (n, n)
    assert Q.conflict_indicator_options(store) == everything
    assert data.conflict_indicators() == everything and data.conflict_indicators(["双阳区"]) == everything
    assert data.conflict_indicators(["绿园区"]) == []
    last = Q.conflict_pairs(store, limit=1, offset=n - 1)[0]["indicator"].iloc[0]   # the list's last line
    assert last in data.conflict_indicators() and f"指标{n:02d}" not in data.conflict_indicators()


MID_TITLE = "双阳区经济半年报（八月刊）"
MID = f"{MID_TITLE}\n2024年上半年，双阳区实现地区生产总值118.30亿元，同比增长5.90%。规模以上工业增加值同比增长8.1%。\n"


def test_an_article_that_agrees_with_the_used_figure_is_not_listed(tmp_db, monkeypatch):
    """A third article states the used figure at other digits (118.30亿元, 5.90%): the page lists the one
    that disagrees beside the used one, not the one that agrees; the filter offers only 地区生产总值."""
    store = build(tmp_db, (OLD, "old.txt", "2024-07"), (MID, "mid.txt", "2024-08"), (NEW, "new.txt", "2024-09"))
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    assert Q.conflict_count(store) == (1, 1)
    at = go(new_app().run(), PAGE)
    body = markdown_of(at)
    assert NEW_TITLE in body and OLD_TITLE in body and MID_TITLE not in body
    assert any("2 篇文章给出的数值、增速不一致" in c for c in captions(at))
    assert list(at.sidebar.selectbox(key="conflict_indicator").options) == ["全部指标", GDP]
