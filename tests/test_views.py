"""Views that say what they show: the overview's counts follow the selection, and a chart with
nothing to draw says why in full and offers no downloads."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


pytestmark = pytest.mark.usefixtures("fresh_st_caches")   # AppTests: no cache shared between tests


def page(path: str, districts: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page(path).run()
    if districts is not None:
        at.sidebar.multiselect(key="district").set_value(districts).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def caption_counts(at: AppTest) -> tuple[int, int, int]:
    cap = next(c.value for c in at.caption if "文章" in c.value and "范围" in c.value)
    m = re.search(r"文章 (\d+) 篇　·　指标 (\d+) 条　·　项目 (\d+) 个", cap)
    return tuple(int(x) for x in m.groups())


@pytest.mark.parametrize("districts", [None, ["绿园区"], ["双阳区", "二道区"]],
                         ids=["all", "one-district", "two-districts"])
def test_overview_caption_counts_the_selection(app_env, districts):
    arts, ind, prj = app_env.articles(), app_env.indicators(), app_env.projects()
    if districts:
        arts = arts[arts["region"].isin(districts)]
        ind, prj = ind[ind["region"].isin(districts)], prj[prj["region"].isin(districts)]
    at = page("app_pages/overview.py", districts)
    assert caption_counts(at) == (len(arts), len(ind), len(prj))
    whole = next(c.value for c in at.caption if "范围" in c.value)
    assert ("全库" in whole) == bool(districts)


def test_chart_with_nothing_to_draw_says_why_and_offers_no_downloads(app_env):
    """固定资产投资 has only growth rates in 双阳区 and 绿园区 (tests/conftest.py)."""
    at = page("app_pages/compare.py", ["双阳区", "绿园区"])
    at.sidebar.selectbox(key="indicator").set_value("固定资产投资").run()
    assert not at.exception
    infos = [i.value for i in at.info]
    # the default period (2024年1-7月) holds 绿园区 only
    assert any("“固定资产投资”在绿园区的文章里只给出了同比增速，没有数值，所以这里没有数值对比图" in i for i in infos), infos
    keys = [b.key for b in at.get("download_button")]
    assert not any(k.startswith("compare_value") for k in keys), keys
    assert any(k.startswith("compare_growth") for k in keys), keys
    assert len(at.get("plotly_chart")) == 1
    at.sidebar.multiselect(key="district").set_value(["二道区"]).run()   # has a value: both charts again
    assert len(at.get("plotly_chart")) == 2
    assert any(b.key.startswith("compare_value") for b in at.get("download_button"))


def test_empty_figure_keeps_its_reason_escaped_and_gives_it_back():
    import json

    import plotly.graph_objects as go

    from components import charts
    msg = "“<a href=x>指标</a>”在A区的文章里只给出了同比增速"
    fig = charts.empty_figure(msg)
    assert "<a" not in json.dumps(fig.to_dict()["layout"]["meta"], ensure_ascii=False)
    assert charts.empty_reason(fig) == msg
    assert charts.empty_reason(go.Figure()) is None


@pytest.mark.parametrize("page_path, key", [("app_pages/projects.py", "projects_chart")], ids=["projects"])
def test_every_empty_chart_is_a_note_without_downloads(tmp_db, monkeypatch, parsed_factory, page_path, key):
    """Projects without any stated investment: the investment chart has nothing to draw."""
    from parsers import Parsed
    from store.db import Store

    base = parsed_factory("二道区")
    prj = base.projects.assign(investment=None)
    Store(tmp_db).rebuild([Parsed(article=base.article, text=base.text, title=base.title, region=base.region,
                                  published=base.published, year=base.year, indicators=base.indicators,
                                  projects=prj)], source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = page(page_path)
    assert not at.get("plotly_chart")
    assert any("都没有注明投资额" in i.value for i in at.info), [i.value for i in at.info]
    assert not any(b.key.startswith(key) for b in at.get("download_button"))
