"""The 冲突 page in a real browser: a fresh app on a store with two articles that disagree.

The store is written before the app's first page load (the app builds from seeds only when its store is
empty): two 双阳区 articles give different 地区生产总值 for 2024年1-6月 (published 2024-07 and 2024-09), a
绿园区 article disagrees with nothing.  The test opens 冲突, sees both sentences, clicks 采用这一条 under the
older figure and sees 区县对比 draw it instead of the later one.  SAVE_SCREENSHOTS=1 writes docs/conflicts.png.
"""
from __future__ import annotations

from urllib.parse import quote

import struct

from browser_harness import arm_rerun, chart_traces, goto, wait_rerun

OLD = "双阳区上半年经济运行情况\n2024年上半年，双阳区实现地区生产总值120.5亿元，同比增长6.2%。规模以上工业增加值同比增长8.1%。\n"
NEW = "双阳区经济运行简报（九月刊）\n2024年上半年，双阳区实现地区生产总值118.3亿元，同比增长5.9%。规模以上工业增加值同比增长8.1%。\n"
OTHER = "绿园区上半年经济运行情况\n2024年上半年，绿园区实现地区生产总值150亿元，同比增长5%。规模以上工业增加值同比增长7%。\n"
GDP = "地区生产总值"


def png_size_ok(path) -> bool:
    data = path.read_bytes()
    return data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1440, 900)


def _store_with_a_conflict(path) -> dict[str, float]:
    """Write the three articles (parsed by the real parser); returns the two 双阳区 GDP values it found
    (old, new), so the test does not hard-code the parser's output."""
    from parsers import parse_article
    from store.db import Store

    parsed = [parse_article(t, article=n, published=p)
              for t, n, p in ((OLD, "old.txt", "2024-07"), (NEW, "new.txt", "2024-09"), (OTHER, "other.txt", "2024-08"))]
    Store(path).rebuild(parsed, source="seed")

    def gdp(p):
        rows = p.indicators[(p.indicators["indicator"] == GDP) & (p.indicators["region"] == "双阳区")]
        return float(rows["value"].iloc[0])
    return {"old": gdp(parsed[0]), "new": gdp(parsed[1])}


def _compare_value(page, url: str) -> float:
    """区县对比 (地区生产总值): the value drawn for 双阳区."""
    goto(page, f"{url}/compare?indicator={quote(GDP)}")
    page.locator(".st-key-compare_value .js-plotly-plot .main-svg").first.wait_for(state="visible")
    for t in chart_traces(page, key="compare_value") or []:
        for x, y in zip(t["x"], t["y"]):
            if str(x).startswith("双阳区"):
                return float(y)
    raise AssertionError(f"双阳区 not drawn: {chart_traces(page, key='compare_value')}")


def test_choose_the_other_figure_and_the_comparison_follows(fresh_page, fresh_app_server, tmp_path, screenshot_dir):
    page, url = fresh_page, fresh_app_server.url
    values = _store_with_a_conflict(tmp_path / "fresh.duckdb")   # the fresh server's store, before its first load
    assert values["old"] != values["new"]

    assert _compare_value(page, url) == values["new"]             # the later article wins

    goto(page, f"{url}/conflicts", chart=False)
    page.get_by_role("heading", name="冲突").first.wait_for()
    evidence = page.locator(".evidence")
    evidence.first.wait_for()
    shown = " ".join(evidence.all_inner_texts())
    assert "120.5亿元" in shown and "118.3亿元" in shown, shown
    assert page.get_by_text("双阳区经济运行简报（九月刊）").count() >= 1
    assert page.get_by_text("双阳区上半年经济运行情况").count() >= 1
    assert page.get_by_text("图表采用（最新发布）").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0")
    page.wait_for_timeout(300)
    out = screenshot_dir / "conflicts.png"
    page.screenshot(path=str(out))
    assert png_size_ok(out)

    arm_rerun(page)
    page.get_by_role("button", name="采用这一条").first.click()
    wait_rerun(page)
    page.get_by_text("已采用").first.wait_for()
    page.get_by_text("图表采用（用户选择）").first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0

    assert _compare_value(page, url) == values["old"]             # the chosen figure is drawn now
    assert page.get_by_text("查看冲突").count() >= 1
