"""Injected links, images and formulas in headless chromium (issue 8, "trust").

The app runs on a store whose articles carry the payloads of tests/test_escaping.py (``<a href>``,
``<img onerror>``, ``javascript:``, ``](http:…)``, ``[x](http:…)``, bare URLs, an e-mail address, a
spreadsheet formula) in their file names, titles, districts and indicator names.  Every page is
loaded, its charts hovered, and the DOM must hold no link to the payloads' hosts, no image or
``onerror`` attribute from them, no request to them and no dialog -- while the payload text is
shown to the reader as it is.  Upload file names and the grid's own "Download as CSV" are checked
the same way.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from browser_harness import REPO, arm_rerun, goto, new_page, start_app, wait_idle, wait_rerun

sys.path.insert(0, str(REPO / "tests"))  # the payloads and the crafted store live with the AppTest checks
from test_escaping import FIELDS, PAYLOADS, SHARED, build_store, crafted_articles  # noqa: E402
from store.queries import TITLE_MAX  # noqa: E402

NO_LINK = "\u2060"  # markup.NO_LINK: invisible, dropped before comparing text

# JS: links / images / handlers in the whole document (HTML and Plotly's SVG) that come from a payload
FOREIGN = """() => {
  const XLINK = 'http://www.w3.org/1999/xlink';
  const href = e => e.getAttribute('href') || e.getAttributeNS(XLINK, 'href') || '';
  const links = [...document.querySelectorAll('a')].map(href)
      .filter(h => /evil|^\\s*javascript:|^mailto:/i.test(h));
  const images = [...document.querySelectorAll('img, image')]
      .map(e => e.getAttribute('src') || href(e))
      .filter(s => s === 'x' || /evil/i.test(s));
  const handlers = [...document.querySelectorAll('[onerror]')].map(e => e.outerHTML.slice(0, 120));
  return {links, images, handlers};
}"""
# JS: the text a reader sees: the page's text plus the text drawn in the charts' SVG
SHOWN_TEXT = """() => document.querySelector('[data-testid="stMain"]').innerText + '\\n' +
  [...document.querySelectorAll('.js-plotly-plot svg')].map(s => s.textContent).join('\\n')"""


@pytest.fixture(scope="module")
def crafted_server(_playwright, tmp_path_factory):
    d = tmp_path_factory.mktemp("injection")
    build_store(d / "crafted.duckdb")
    server = start_app("app.py", env={"DASHBOARD_DB": str(d / "crafted.duckdb")}, log_path=d / "app.log")
    yield server
    server.stop()


@pytest.fixture
def watched_page(request, browser, crafted_server, tmp_path):
    """A page that records dialogs (alert from onerror), requests to the payloads' hosts and JS errors."""
    page = new_page(browser)
    seen = {"dialogs": [], "requests": [], "errors": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["requests"].append(r.url) if _payload_request(r.url) else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.seen = seen  # type: ignore[attr-defined]
    yield page
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nfailure screenshot: {shot}\n--- streamlit log ---\n{crafted_server.log_tail()}")
    page.context.close()


def _payload_request(url: str) -> bool:
    """A request a payload would make: to its host, or the image ``src=x`` (any host)."""
    parts = urlsplit(url)
    return "evil" in parts.netloc or parts.path.rstrip("/").endswith("/x")


def assert_nothing_injected(page) -> str:
    """No payload became a link, image, handler, request or dialog; returns the text shown."""
    found = page.evaluate(FOREIGN)
    assert found == {"links": [], "images": [], "handlers": []}
    assert page.seen["dialogs"] == [] and page.seen["requests"] == []
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    return page.evaluate(SHOWN_TEXT).replace(NO_LINK, "")


def hover_charts(page) -> list[str]:
    """Hover the first bar (or the middle of a heatmap) of every chart; the hover labels' text."""
    texts = []
    for plot in page.locator(".js-plotly-plot").all():
        target = plot.locator(".point path").first if plot.locator(".point path").count() else \
            plot.locator(".nsewdrag").first
        target.hover(force=True)
        label = page.locator(".hoverlayer .hovertext").first
        label.wait_for(state="attached", timeout=5_000)
        texts.append(label.text_content() or "")
        assert_nothing_injected(page)  # hover labels are drawn only now
        page.mouse.move(0, 0)
    return texts


def missing(text: str, field: str) -> list[str]:
    """Ids of the payloads whose ``field`` text is NOT in ``text``."""
    return [k for k, p in PAYLOADS.items() if FIELDS[field](p) not in text]


def _indicator_url(key: str) -> str:
    return "compare?indicator=" + quote(FIELDS["indicator"](PAYLOADS[key]))


PAGES = [  # id, url path, chart keys, fields whose every payload is shown, field a hover label shows
    ("overview", "", ["overview_coverage"], ["district", "indicator"], "district"),
    ("compare", "compare", ["compare_value", "compare_growth"], ["district"], "title"),
    ("compare-payload-indicator", _indicator_url("md-link"), ["compare_value", "compare_growth"], [], "title"),
    ("ranking-by-indicator", "ranking?rank_mode=" + quote("一个指标的各区县"), ["ranking_chart"], ["district"],
     "title"),
    ("ranking-by-district", "ranking", ["ranking_chart"], [], "title"),
    ("projects", "projects", ["projects_chart"], ["district"], "district"),
]


@pytest.mark.parametrize("path, charts, every, hover_field", [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_pages_show_payloads_as_text(watched_page, crafted_server, path, charts, every, hover_field):
    page = watched_page
    goto(page, f"{crafted_server.url}/{path}", chart=bool(charts))
    for k in charts:
        page.locator(f".st-key-{k} .js-plotly-plot .main-svg").first.wait_for(state="visible")
    shown = assert_nothing_injected(page)
    for field in every:
        assert missing(shown, field) == [], f"{field} payloads not shown as text"
    if path.startswith("compare?indicator"):
        assert FIELDS["indicator"](PAYLOADS["md-link"]) in shown  # caption and chart title
    hovers = hover_charts(page)
    assert len(hovers) == len(charts)
    for h in hovers:  # e.g. "来源：标题<a href=…>x</a> (2024-07)" under a bar, as text
        # a hover names the article by its title, cut to TITLE_MAX characters ("…"): its start, as text
        assert any(FIELDS[hover_field](p)[:TITLE_MAX - 1] in h for p in PAYLOADS.values()), h
    assert page.seen["errors"] == []


def test_details_evidence_shows_payloads_as_text(watched_page, crafted_server):
    page = watched_page
    goto(page, f"{crafted_server.url}/details", chart=False)
    page.locator(".st-key-details_table [data-testid=stDataFrame]").wait_for()
    arm_rerun(page)
    page.locator('.st-key-detail_pick input[role="combobox"]').click()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_rerun(page)
    page.locator(".evidence").first.wait_for()
    shown = assert_nothing_injected(page)
    first = crafted_articles()[0]
    row = first.indicators.iloc[0]
    for text in (row["region"], row["indicator"], first.article):  # heading and "来源文章" line
        assert text in shown, text
    assert row["sentence"] in shown  # the highlighted sentence (st.html)


def test_upload_file_names_stay_text(watched_page, crafted_server):
    page = watched_page
    goto(page, f"{crafted_server.url}/upload", chart=False)
    names = ["../../evil](http:x).txt", *(FIELDS["file-name"](p) for p in PAYLOADS.values())]
    files = [{"name": n, "mimeType": "text/plain", "buffer": f"第{i}篇：这是一篇没有数据的文章。".encode()}
             for i, n in enumerate(names)]
    stored = crafted_articles()[1]
    files.append({"name": "重复" + names[1], "mimeType": "text/plain", "buffer": stored.text.encode()})
    arm_rerun(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files=files)
    wait_rerun(page, timeout=180_000)
    page.get_by_text("不会重复保存").first.wait_for()
    wait_idle(page)
    shown = assert_nothing_injected(page)
    # chromium sends a file name's '"' as %22 (multipart/form-data escaping): that is the name the app gets
    names = [n.replace('"', "%22") for n in names]
    for n in names:
        # the file's heading and its error message (nothing found in it) name it
        assert shown.count(n) >= 2, (n, shown.count(n))
    duplicate = next(line for line in shown.splitlines() if "内容相同" in line)
    assert "重复" + names[1] in duplicate and stored.article in duplicate
    previews = [line for line in shown.splitlines() if line.startswith("预览：")]  # expander labels
    assert any("重复" + names[1] in line for line in previews), previews
    assert page.seen["errors"] == []


def test_table_toolbar_csv_download_is_defused(watched_page, crafted_server):
    """The grid's own "Download as CSV" exports the cells as displayed: they must be defused."""
    page = watched_page
    # without the File System Access API Streamlit falls back to an ordinary download
    page.add_init_script("delete window.showSaveFilePicker; window.showSaveFilePicker = undefined;")
    goto(page, f"{crafted_server.url}/details", chart=False)
    grid = page.locator(".st-key-details_table [data-testid=stDataFrame]")
    grid.wait_for()
    grid.hover()
    button = page.locator('.st-key-details_table [data-testid=stElementToolbar] button[aria-label="Download as CSV"]')
    with page.expect_download() as info:
        button.click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    cells = [c for r in rows for c in r]
    assert len(rows) == 1 + sum(len(a.indicators) for a in crafted_articles())
    assert [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))] == []
    formula = FIELDS["district"](PAYLOADS["formula"])
    assert "'" + formula in cells and SHARED in cells
