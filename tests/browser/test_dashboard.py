"""The real dashboard (``streamlit run app.py``) in headless chromium, on a store built from seeds/.

Expectations are derived from the store the app built (and from ``parsers.parse_article`` for the
upload), never hard-coded from today's parser output, so the tests stay honest as extraction improves.
"""
from __future__ import annotations

import csv
import io
import re
import struct
from pathlib import Path

import pytest

from app_actions import (
    choose, multiselect_set, pick_comparable_indicator, regions_of, select_value, selected_tags,
    time_to_chart_change,
)
from browser_harness import (
    REPO, arm_rerun, chart_categories, chart_count, chart_signature, goto, new_page, wait_idle, wait_rerun,
)

PAGES = [  # screenshot name, url path, title shown on the page, keys of the charts it shows on the seed data
    ("overview", "", "概览", ["overview_coverage"]),   # the default page lives at "/"
    # the seed articles are from different years: show the comparison across their latest periods
    ("compare", "compare?mixed=true", "区县对比", ["compare_value", "compare_growth"]),
    ("trend", "trend", "趋势", ["trend_value", "trend_growth"]),
    ("ranking", "ranking", "增速排行", ["ranking_chart"]),
    ("projects", "projects", "项目库", ["projects_chart"]),
    ("details", "details", "数据明细", []),
    ("upload", "upload", "导入文章", []),
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def no_exceptions(page) -> None:
    """No Python traceback and no dialog (e.g. Streamlit's "Page not found") on the page."""
    errs = page.locator('[data-testid="stException"]')
    assert errs.count() == 0, "page shows a Python exception:\n" + "\n".join(errs.all_inner_texts())
    dialogs = page.locator('[role="dialog"]')
    assert dialogs.count() == 0, "page shows a dialog:\n" + "\n".join(dialogs.all_inner_texts())


def wait_charts(page, keys: list[str]) -> None:
    """Wait until the charts with these widget keys are drawn (Plotly loads lazily after the run)."""
    for k in keys:
        page.locator(f".st-key-{k} .js-plotly-plot .main-svg").first.wait_for(state="visible")


def wait_compare_charts(page) -> None:
    """Both places of 区县对比 drawn: a chart, or the note that says why there is none (``<key>_empty``)."""
    for k in ("compare_value", "compare_growth"):
        page.locator(f".st-key-{k} .js-plotly-plot .main-svg, .st-key-{k}_empty").first.wait_for(state="visible")


def download(page, widget_key: str, timeout: float = 120_000):
    """Click the download button with key ``widget_key``; return (suggested filename, bytes)."""
    with page.expect_download(timeout=timeout) as info:
        page.locator(f".st-key-{widget_key} button").first.click()
    dl = info.value
    failure = dl.failure()
    assert failure is None, f"download {widget_key} failed: {failure}"
    return dl.suggested_filename, Path(dl.path()).read_bytes()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE, f"not a PNG: {data[:16]!r}"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# ----------------------------------------------------------------------------------------- filter
def test_district_filter_changes_the_comparison_chart(page, app_server):
    goto(page, f"{app_server.url}/compare")
    no_exceptions(page)
    regions = pick_comparable_indicator(page)
    assert len(regions) >= 2, f"the default comparison should show several districts, got {regions}"
    keep = regions[-1]

    seconds = time_to_chart_change(page, lambda: multiselect_set(page, "district", [keep]), key="compare_value")
    assert regions_of(chart_categories(page, "compare_value")) == [keep]
    assert selected_tags(page, "district") == [keep]
    assert "district=" in page.url, page.url
    assert page.get_by_text(f"范围：{keep}").count() >= 1
    assert seconds < 30

    # clearing the filter brings every district back
    time_to_chart_change(page, lambda: multiselect_set(page, "district", []), key="compare_value")
    assert set(regions_of(chart_categories(page, "compare_value"))) == set(regions)
    no_exceptions(page)


# ------------------------------------------------------------------------------------- shared URL
def test_shared_url_reopens_the_same_view(page, browser, app_server):
    goto(page, f"{app_server.url}/compare")
    # a non-default indicator when there is one, then a narrower district selection
    regions = pick_comparable_indicator(page, min_regions=1, prefer_non_default=True)
    chosen = regions[:2]
    multiselect_set(page, "district", chosen)
    wait_compare_charts(page)

    shared = page.url
    view = {
        "district": selected_tags(page, "district"),
        "indicator": select_value(page, "indicator"),
        "period": select_value(page, "period"),
        "value": chart_signature(page, key="compare_value"),
        "growth": chart_signature(page, key="compare_growth"),
    }
    assert view["district"] == chosen and view["value"]
    assert "indicator=" in shared and "district=" in shared, shared

    other = new_page(browser)  # a new browser context = a new session, nothing shared but the URL
    try:
        goto(other, shared)
        wait_compare_charts(other)
        again = {
            "district": selected_tags(other, "district"),
            "indicator": select_value(other, "indicator"),
            "period": select_value(other, "period"),
            "value": chart_signature(other, key="compare_value"),
            "growth": chart_signature(other, key="compare_growth"),
        }
        assert again == view, f"reopening {shared} in a new session shows another view"
        no_exceptions(other)
    finally:
        other.context.close()


# -------------------------------------------------------------------------------------- downloads
def test_png_and_csv_downloads(page, app_server):
    goto(page, f"{app_server.url}/compare")
    wait_compare_charts(page)
    # the table behind the two charts: one row per district shown in either chart
    districts = set(regions_of(chart_categories(page, "compare_value"))) \
        | set(regions_of(chart_categories(page, "compare_growth")))

    name, png = download(page, "compare_value__png")
    assert name.endswith(".png"), name
    w, h = png_size(png)
    assert 600 <= w <= 5000 and 300 <= h <= 4000, (w, h)
    assert len(png) > 10_000, f"suspiciously small PNG ({len(png)} bytes)"

    name, raw = download(page, "compare_table__csv")
    assert name.endswith(".csv"), name
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM (Excel)"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(districts), (rows, districts)
    assert {r["区县"] for r in rows} == districts
    assert {"区县", "统计期", "指标", "数值", "单位"} <= set(rows[0])
    no_exceptions(page)


# ----------------------------------------------------------------------------------------- upload
def _seed_article_for_upload(tmp_path: Path):
    """The seed article with the most indicators, changed slightly (so it is no duplicate), in GB18030."""
    from parsers import parse_article, read_metadata

    meta = read_metadata(REPO / "seeds" / "articles.csv")
    best = None
    for f in sorted((REPO / "seeds").glob("*.txt")):
        m = meta.get(f.name)
        text = f.read_text(encoding="utf-8-sig")
        n = len(parse_article(text, article=f.name, region=m and m.region, published=m and m.published).indicators)
        if best is None or n > best[0]:
            best = (n, f, m, text)
    _, f, m, text = best
    text = "【上传测试】" + text.lstrip()
    path = tmp_path / "上传测试_gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really not UTF-8
    return path, text, (m.published if m else "") or ""


def _caption_counts(page) -> dict[str, int]:
    cap = page.get_by_text(re.compile(r"文章 \d+ 篇")).first.inner_text()
    return {k: int(v) for v, k in re.findall(r"(\d+) (篇|条|个)", cap)}


def test_upload_gbk_article_shows_its_numbers(fresh_page, fresh_app_server, tmp_path, screenshot_dir):
    from parsers import parse_article

    page = fresh_page
    goto(page, f"{fresh_app_server.url}/", chart=False)
    before = _caption_counts(page)

    path, text, published = _seed_article_for_upload(tmp_path)
    goto(page, f"{fresh_app_server.url}/upload", chart=False)
    arm_rerun(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    wait_rerun(page)
    month = page.locator('[class*="st-key-up_month_"] input')
    month.wait_for()
    if published and month.input_value() != published:
        arm_rerun(page)
        month.fill(published)
        month.press("Enter")
        wait_rerun(page)
    region_box = page.locator('[class*="st-key-up_region_"] input')
    region = region_box.input_value()
    if not region:  # the parser could not tell: type it like a user would
        guess = parse_article(text, article=path.name, published=published or None).indicators
        region = guess["region"].mode().iloc[0] if len(guess) else "双阳区"
        arm_rerun(page)
        region_box.fill(region)
        region_box.press("Enter")
        wait_rerun(page)

    expected = parse_article(text, article=path.name, region=region, published=month.input_value())
    n_ind, n_prj = len(expected.indicators), len(expected.projects)
    assert n_ind > 0
    # the preview names the file and the title the store will keep (the first line, editable)
    preview = page.get_by_text(re.compile(rf"^预览：{re.escape(path.name)}（“{re.escape(expected.title)}”，"
                                          rf"{n_ind} 条指标，{n_prj} 个项目）"))
    preview.wait_for()
    assert page.get_by_text("可保存 1 个").count() == 1
    no_exceptions(page)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0")
    page.screenshot(path=str(screenshot_dir / "upload-preview.png"))

    arm_rerun(page)
    page.locator(".st-key-upload_save button").click()
    wait_rerun(page)
    page.get_by_text(re.compile(r"已保存 1 篇文章")).wait_for()

    goto(page, f"{fresh_app_server.url}/", chart=False)
    after = _caption_counts(page)
    assert after["篇"] == before["篇"] + 1
    assert after["条"] == before["条"] + n_ind
    assert after["个"] == before["个"] + n_prj

    # uploading the same file again is reported as a duplicate, not saved
    goto(page, f"{fresh_app_server.url}/upload", chart=False)
    arm_rerun(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    wait_rerun(page)
    page.get_by_text("不会重复保存").first.wait_for()
    assert page.locator(".st-key-upload_save button").is_disabled()


# ------------------------------------------------------------------------------------ screenshots
@pytest.mark.parametrize("name,path,title,charts", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_renders_and_screenshot(page, app_server, screenshot_dir, name, path, title, charts):
    goto(page, f"{app_server.url}/{path}", chart=False)
    page.get_by_role("heading", name=title).first.wait_for()
    wait_charts(page, charts)
    assert chart_count(page) >= len(charts)
    no_exceptions(page)
    # lazily loaded widgets show grey skeletons first; wait until every one is replaced
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0")
    page.wait_for_timeout(300)  # let fonts and the chart transition settle
    out = screenshot_dir / f"{name}.png"
    page.screenshot(path=str(out))
    assert png_size(out.read_bytes()) == (1440, 900)


def _after(page, selector: str) -> tuple[str, str]:
    """(the ::after content, the element's own font size) of the first match."""
    return tuple(page.eval_on_selector(selector, "el => [getComputedStyle(el, '::after').content, "
                                                 "getComputedStyle(el).fontSize]"))


def test_uploader_speaks_chinese_and_refuses_big_files_in_chinese(page, app_server, tmp_path):
    """Streamlit's uploader texts are English; the page shows Chinese in their place, with one limit (2 MB)."""
    from components.upload import LIMIT_TEXT, OVER_LIMIT_TEXT

    goto(page, f"{app_server.url}/upload", chart=False)
    button = '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'
    page.locator(button).wait_for()
    # the page's style (which puts the Chinese text in place) comes with the script's run, maybe after the
    # uploader itself: wait for it to apply, then check what it shows
    page.wait_for_function("(sel) => { const el = document.querySelector(sel);"
                           " return el && getComputedStyle(el, '::after').content !== 'none'; }", arg=button,
                           timeout=30_000)
    assert _after(page, button) == ('"选择文件"', "0px")
    content, size = _after(page, '[data-testid="stFileUploaderDropzoneInstructions"] span')
    assert LIMIT_TEXT in content and size == "0px"
    big = tmp_path / "太大.txt"
    big.write_bytes(("经济运行稳中向好。" * 90_000).encode("utf-8"))   # 2.4 MB
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(big))
    chip = page.locator('[data-testid="stFileChip"][aria-invalid="true"]')
    chip.wait_for()
    chip.hover()
    tip = page.locator('[data-testid="stTooltipErrorContent"]')
    tip.wait_for()
    assert _after(page, '[data-testid="stTooltipErrorContent"]') == (f'"{OVER_LIMIT_TEXT}"', "0px")
    assert page.get_by_text("标红的文件超过上限").count() == 1


# ------------------------------------------------------------------------------------------ trend
def _trend_series(page, key: str = "trend_value") -> list[dict]:
    """name and hover data of each line of a trend chart, as drawn in the browser."""
    return page.evaluate(f"""() => {{
        const el = document.querySelector('.st-key-{key} .js-plotly-plot');
        if (!el || !el.data) return null;
        return el.data.map(t => ({{name: t.name, n: (t.x || []).length,
                                   hover: JSON.stringify(Array.from(t.customdata || []))}}));
    }}""")


def test_trend_page_draws_each_district_and_year_and_follows_the_filter(page, app_server, tmp_path):
    from components import transforms
    from store import queries
    from store.db import Store

    store = Store(tmp_path / "expect.duckdb")          # the same seeds the app built its store from
    store.ensure_built(REPO / "seeds")

    def drawn(indicator):                               # the lines of the value chart, as the page lays them out
        frame, _note = transforms.trend_frame(queries.trend_rows(store, indicator)[0])
        return frame[frame["display_value"].notna()]

    # the first indicator (in the page's option order) with lines of two districts
    indicator = next(i for i in queries.trend_indicator_options(store, None, [])
                     if drawn(i)["region"].nunique() >= 2)
    lines_of = drawn(indicator)
    goto(page, f"{app_server.url}/trend", chart=False)
    page.locator(".st-key-trend_value .js-plotly-plot .main-svg").first.wait_for(state="visible")
    no_exceptions(page)
    choose(page, "indicator", indicator)
    assert select_value(page, "indicator") == indicator
    page.wait_for_function("(n) => { const el = document.querySelector('.st-key-trend_value .js-plotly-plot');"
                           " return el && el.data && el.data.length === n; }", arg=lines_of["series"].nunique())
    lines = _trend_series(page)
    assert sorted(line["name"] for line in lines) == sorted({str(x) for x in lines_of["series"]})
    titles = {str(t) for t in store.articles()["title"] if str(t)}
    for line in lines:                                  # every point names its article by title, with its sentence
        assert any(t in line["hover"] for t in titles), line
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", line["hover"]), line   # never a storage name

    # the district filter: one district's lines only
    keep = sorted({str(r) for r in lines_of["region"]})[0]
    time_to_chart_change(page, lambda: multiselect_set(page, "district", [keep]), key="trend_value")
    after = _trend_series(page)
    assert after and all(line["name"].startswith(keep) for line in after)
    no_exceptions(page)
