"""Text from articles and users cannot inject links, images, markup or spreadsheet formulas (issue 8).

Every payload travels through a file name, an article title, a district and an indicator name
(see :func:`crafted_articles`) into every place text is shown:

* Markdown (st.markdown, captions, alerts, metric labels/values/help, expander labels) -- ``markup.md``;
* Plotly strings (tick labels, legend names, hover text, bar text, titles) -- ``markup.plotly_text``;
* st.html -- ``markup.html_text``;
* table cells, which the grid's own toolbar "Download as CSV" and clipboard copy export as shown
  -- ``export.defuse_frame``.

The checks model what the renderers do rather than trusting the escaping functions:
:func:`markdown_hazards` resolves backslash escapes the way Streamlit's Markdown parser does and
then looks for its link syntax and GFM autolink literals (the same regular expressions as the
frontend bundle), :func:`plotly_hazards` finds tags the way plotly.js splits them.  The same
payloads are checked in a real browser in tests/browser/test_injection.py.
"""
from __future__ import annotations

import json
import re
import string
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import parsers
from components import charts, export, markup, transforms
from parsers import Parsed
from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce
from store.db import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")

PAYLOADS = {  # id -> text
    "a-href": '<a href="http://evil.example/a">x</a>',
    "img-onerror": "<img src=x onerror=alert(1)>",
    "javascript": "javascript:alert(1)",
    "close-link": "](http://evil.example/c)",
    "md-link": "[x](http://evil.example/l)",
    "bare-url": "http://evil.example/x",
    "www": "www.evil.example",
    "email": "a@evil.example",
    "formula": '=HYPERLINK("http://evil.example/f","x")',
}
SHARED = "规上工业产值"          # one indicator every district has: the comparison shows them all
PERIOD = "2024年1-6月"

# where each payload is placed (the parser's fields as the dashboard stores them)
FIELDS = {
    "file-name": lambda p: f"{p}.txt",
    "title": lambda p: f"标题{p}",
    "district": lambda p: f"{p}区",
    "indicator": lambda p: f"{p}产值",
}


def crafted_articles() -> list[Parsed]:
    """One article per payload: the payload in its file name, title, district, indicator,
    project name and sentences (with two bare URLs); its rows point into its text."""
    out = []
    for i, p in enumerate(PAYLOADS.values()):
        article, title, region, own = (FIELDS[f](p) for f in ("file-name", "title", "district", "indicator"))
        parts, inds = [title, ""], []
        pos = len(title) + 2
        for ind, value, yoy in ((own, 10.0 + i, 5.0 + i), (SHARED, 20.0 + i, -1.0 - i)):
            sentence = (f"{region}{ind}完成{value:g}亿元，同比增长{yoy:g}%，"
                        f"详见 http://evil.example/s 与 www.evil.example。")
            v0 = pos + sentence.index(f"{value:g}亿元")
            inds.append(dict(article=article, region=region, subject="", indicator=ind, period=PERIOD,
                             year=2024, month_from=1, month_to=6, value=value, unit="亿元", yoy_pct=yoy,
                             qualifier="", value_base=value * 1e8, unit_base="元", value_text=f"{value:g}亿元",
                             yoy_text=f"增长{yoy:g}%", sentence=sentence, start=v0, end=v0 + len(f"{value:g}亿元"),
                             sent_start=pos, sent_end=pos + len(sentence)))
            parts.append(sentence)
            pos += len(sentence) + 1
        name = f"{p}项目"
        sentence = f"总投资{3 + i}亿元的{name}开工。"
        n0 = pos + sentence.index(name)
        prj = [dict(article=article, region=region, name=name, investment=3.0 + i, qualifier="", status="开工",
                    sentence=sentence, start=n0, end=n0 + len(name), sent_start=pos, sent_end=pos + len(sentence))]
        parts.append(sentence)
        text = "\n".join(parts)
        for r in inds + prj:
            assert text[r["sent_start"]:r["sent_end"]] == r["sentence"]
        out.append(Parsed(article=article, text=text, title=title, region=region, published="2024-07", year=2024,
                          indicators=coerce(pd.DataFrame(inds), INDICATOR_COLUMNS),
                          projects=coerce(pd.DataFrame(prj), PROJECT_COLUMNS)))
    return out


def build_store(path) -> Store:
    store = Store(path)
    store.rebuild(crafted_articles(), source="seed")
    return store


# --------------------------------------------------------------------------- what the renderers act on
_ESCAPABLE = set(string.punctuation)  # CommonMark: a backslash escapes any ASCII punctuation


def _resolve(src: str) -> tuple[str, str]:
    """(the text as Streamlit's Markdown parser holds it once backslash escapes are resolved,
    the source with every escaped character masked)."""
    text, masked, i = [], [], 0
    while i < len(src):
        if src[i] == "\\" and i + 1 < len(src) and src[i + 1] in _ESCAPABLE:
            text.append(src[i + 1])
            masked.append("\0")
            i += 2
        else:
            text.append(src[i])
            masked.append(src[i])
            i += 1
    return "".join(text), "".join(masked)


# syntax that needs an unescaped character: inline links and images "](", raw HTML and <autolinks>
_MD_SYNTAX = re.compile(r"\]\(|<[A-Za-z/!?]")
# GFM autolink literals, as mdast-util-gfm-autolink-literal finds them in the parsed text (the
# regular expressions of Streamlit's frontend bundle): escapes do not stop them
_GFM_URL = re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE)
_GFM_EMAIL = re.compile(r"(?<![-.\w+])[-.\w+]+@[-\w]+(?:\.[-\w]+)+")
# Streamlit's own text-level shortcodes: emoji, material icons, coloured text
_SHORTCODE = re.compile(r":[\w+-]+:|:material/|:(?:red|orange|yellow|green|blue|violet|gray|grey|rainbow|primary)"
                        r"(?:-background)?\[")


def markdown_hazards(src: str, *, shortcodes: bool = True) -> list[str]:
    """What Streamlit's Markdown would turn into a link, image, HTML or shortcode in ``src``."""
    text, masked = _resolve(src)
    found = [m.group() for m in _MD_SYNTAX.finditer(masked)]
    found += [m.group() for m in _GFM_URL.finditer(text)] + [m.group() for m in _GFM_EMAIL.finditer(text)]
    if shortcodes:
        found += [m.group() for m in _SHORTCODE.finditer(text)]
    return found


def visible(src: str) -> str:
    """The text a reader sees for Markdown source ``src`` (escapes resolved, word joiners dropped)."""
    return _resolve(src)[0].replace(markup.NO_LINK, "")


# plotly.js splits strings on /(<[^<>]*>)/ and renders the known tags; ours are these
_PLOTLY_TAG = re.compile(r"<[^<>]*>")
_OWN_TAGS = re.compile(r'<br>|</?b>|</?extra>|<span style="color:#[0-9A-Fa-f]{6}">|</span>')


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _strings(v)


def plotly_hazards(spec: dict) -> list[str]:
    """Tags plotly.js would render in the figure's data and layout, other than the ones we add."""
    spec = {"data": spec.get("data"), "layout": {k: v for k, v in (spec.get("layout") or {}).items()
                                                  if k != "template"}}
    return [t for s in _strings(spec) for t in _PLOTLY_TAG.findall(s) if not _OWN_TAGS.fullmatch(t)]


def _is_defused(v) -> bool:
    return not isinstance(v, str) or export._defuse_cell(v) == v


def formula_cells(df: pd.DataFrame) -> list[str]:
    """Cells, column names and index labels of a shown table that a spreadsheet would run as formulas."""
    cells = [v for c in df.columns for v in df[c].tolist()] + list(df.columns) + list(df.index)
    return [v for v in cells if not _is_defused(v)]


# --------------------------------------------------------------------------- the escaping functions
MD_CASES = [
    *[(f"payload-{k}", p) for k, p in PAYLOADS.items()],
    ("issue-file-name", "../../evil](http:x).txt"),
    ("https-url", "见https://evil.example/路径?q=1"),
    ("uppercase-www", "WWW.EVIL.EXAMPLE"),
    ("url-mid-chinese", "详见http://evil.example/x。"),
    ("image", "![图](http://evil.example/x.png)"),
    ("angle-autolink", "<http://evil.example>"),
    ("colour-shortcode", ":red[红色]"),
    ("emoji-shortcode", ":smile:"),
    ("material-icon", ":material/warning:"),
    ("math", "$x^2$"),
    ("entity", "&lt;b&gt;"),
    ("heading-at-start", "# 标题"),
    ("plain-chinese", "规上工业增加值（2024年1-6月）增长9.5%"),
]


@pytest.mark.parametrize("text", [c[1] for c in MD_CASES], ids=[c[0] for c in MD_CASES])
def test_md_leaves_nothing_for_markdown_to_act_on_and_reads_the_same(text):
    src = markup.md(text)
    assert markdown_hazards(src) == [], src
    assert visible(src) == text


def test_backslash_escapes_alone_do_not_stop_autolinks():
    """Why md() needs the word joiner: the model of the renderer flags an escaped bare URL."""
    assert markdown_hazards(r"http\://evil.example") == ["http://evil.example"]
    assert markdown_hazards(r"www\.evil.example") == ["www.evil.example"]
    assert markdown_hazards(r"\[x\](http://evil.example)") == ["http://evil.example"]


PLOTLY_CASES = [(k, p) for k, p in PAYLOADS.items()] + [("entity", "&lt;b&gt;"), ("br", "a<br>b")]


@pytest.mark.parametrize("text", [c[1] for c in PLOTLY_CASES], ids=[c[0] for c in PLOTLY_CASES])
def test_plotly_text_has_no_tags_and_decodes_back(text):
    import html

    out = markup.plotly_text(text)
    assert _PLOTLY_TAG.findall(out) == []
    assert html.unescape(out) == text  # plotly decodes &amp; &lt; &gt; back: the reader sees the text


# --------------------------------------------------------------------------- chart builders (figure JSON)
@lru_cache(maxsize=1)
def _frames():
    arts = crafted_articles()
    ind = pd.concat([a.indicators for a in arts], ignore_index=True)
    prj = pd.concat([a.projects for a in arts], ignore_index=True)
    return ind, prj


def _payload_region(k):
    return FIELDS["district"](PAYLOADS[k])


def _payload_indicator(k):
    return FIELDS["indicator"](PAYLOADS[k])


def _comparison(metric, indicator=SHARED):
    ind, _ = _frames()
    frame, note = transforms.comparison_frame(ind, indicator)
    return charts.comparison_bars(frame, metric, note=note)


def _coverage(max_text_districts):
    from store.summaries import coverage_matrix

    ind, _ = _frames()
    return charts.coverage_heatmap(coverage_matrix(ind), max_text_districts=max_text_districts)


# name -> (builder of the figure for payload key k (None: one figure shows every payload),
#          the fields whose payload the figure shows)
FIGURES = {
    "comparison-value": (lambda k: _comparison("value"), ("district", "file-name")),
    "comparison-growth": (lambda k: _comparison("yoy_pct"), ("district", "file-name")),
    "comparison-of-payload-indicator": (lambda k: _comparison("value", _payload_indicator(k)),
                                        ("district", "indicator", "file-name")),
    "growth-by-indicator": (lambda k: charts.growth_bars(
        transforms.growth_ranking(_frames()[0], indicator=SHARED), title=f"{SHARED}：各区县同比增速"),
        ("district", "file-name")),
    "growth-by-district": (lambda k: charts.growth_bars(
        transforms.growth_ranking(_frames()[0], region=_payload_region(k)),
        title=f"{_payload_region(k)}：各项指标同比增速"), ("district", "indicator", "file-name")),
    "project-investment": (lambda k: charts.project_investment_chart(_frames()[1]), ("district",)),
    "coverage-with-text": (lambda k: _coverage(12), ("district", "indicator")),
    "coverage-hover-only": (lambda k: _coverage(0), ("district", "indicator")),
    "empty-with-message": (lambda k: charts.empty_figure(f"没有数据：{_payload_region(k)}",
                                                         title=_payload_indicator(k)), ("district", "indicator")),
}
PER_PAYLOAD = {"comparison-of-payload-indicator", "growth-by-district", "empty-with-message"}
FIGURE_CASES = [(f, field, k) for f, (_, fields) in FIGURES.items() for field in fields for k in PAYLOADS]


@lru_cache(maxsize=None)
def _figure_json(name: str, key: str | None) -> dict:
    return json.loads(FIGURES[name][0](key).to_json())


def _squeeze(s: str) -> str:
    """Text without the line breaks hover wrapping puts in (``<br>`` and the spaces it drops)."""
    return re.sub(r"\s+|<br>", "", s)


@pytest.mark.parametrize("figure, field, key", FIGURE_CASES, ids=[f"{f}-{fl}-{k}" for f, fl, k in FIGURE_CASES])
def test_chart_shows_payload_as_text(figure, field, key):
    spec = _figure_json(figure, key if figure in PER_PAYLOAD else None)
    assert plotly_hazards(spec) == []
    shown = FIELDS[field](PAYLOADS[key])
    texts = list(_strings({"data": spec["data"], "layout": spec["layout"]}))
    assert any(_squeeze(markup.plotly_text(shown)) in _squeeze(s) for s in texts), f"{shown!r} is not in the figure"
    if "<" in shown:
        assert not any(shown in s for s in texts), "raw markup in the figure"


def test_our_own_chart_markup_survives():
    spec = _figure_json("comparison-value", None)
    bar = spec["data"][0]
    assert "<br>" in bar["hovertemplate"] and "<b>" in bar["hovertemplate"]
    assert all("<br>" in t for t in spec["layout"]["xaxis"]["ticktext"])  # district / period on two lines


def test_html_export_title_reads_as_the_text():
    fig = charts.empty_figure("x", title='<a href="http://evil.example">产值</a>')
    page = export.figure_to_html(fig).decode("utf-8")
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title == '&lt;a href=&quot;http://evil.example&quot;&gt;产值&lt;/a&gt;'


# --------------------------------------------------------------------------- table exports
def test_defuse_frame_defuses_what_a_spreadsheet_would_run_and_keeps_the_rest():
    df = pd.DataFrame({
        "文本": pd.array(["=1+1", "+A1", "@SUM(A1)", "\tx", "\rx", "-x", "-3.5", "普通", None], dtype="string"),
        "数值": [1.0, -2.0, 3, 4, 5, 6, 7, 8, 9],
        "=列": ["a"] * 9,
    }, index=pd.Index(list("abcdefgh") + ["=i"]))
    out = export.defuse_frame(df)
    assert out["文本"].tolist()[:8] == ["'=1+1", "'+A1", "'@SUM(A1)", "'\tx", "'\rx", "'-x", "-3.5", "普通"]
    assert out["文本"].isna().tolist()[-1]
    assert out["文本"].dtype == df["文本"].dtype and out["数值"].tolist() == df["数值"].tolist()
    assert list(out.columns) == ["文本", "数值", "'=列"] and out.index[-1] == "'=i"
    assert formula_cells(out) == [] and formula_cells(df) != []
    assert export.defuse_frame(out).equals(out)  # idempotent: the CSV/XLSX buttons defuse again
    clean = pd.DataFrame({"a": ["x", "y"]})
    assert export.defuse_frame(clean) is clean  # nothing to do: no copy


def test_every_grid_in_the_app_shows_a_defused_frame():
    """st.dataframe / st.data_editor / st.table export what they show (toolbar CSV, clipboard):
    each call outside components/downloads.render_table must pass a defused frame."""
    calls = []
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "components").glob("*.py"))]:
        for m in re.finditer(r"st\.(dataframe|data_editor|table)\(\s*([^,)]*)", path.read_text(encoding="utf-8")):
            calls.append((path.name, m.group(1), m.group(2).strip()))
    assert calls, "no grid found: the pattern is out of date"
    bad = [c for c in calls if not c[2].startswith(("defuse_frame(", "export.defuse_frame("))]
    assert bad == []


# --------------------------------------------------------------------------- the running app (AppTest)
_PLAIN = {"html", "text", "code", "plotly_chart", "arrow_data_frame", "json", "exception", "empty"}


def _markdown_sources(at: AppTest) -> list[str]:
    """Every string the page renders as Markdown: element bodies, labels, help texts, metric values
    and deltas, expander labels."""
    out: list[str] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(node, "type", None) not in _PLAIN and hasattr(proto, "ListFields"):
            for f, v in proto.ListFields():
                if f.name in ("body", "label", "help", "delta") and isinstance(v, str):
                    out.append(v)
            if proto.DESCRIPTOR.name == "Block" and proto.WhichOneof("type") == "expandable":
                out.append(proto.expandable.label)
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return out


def _plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _check_page(at: AppTest) -> dict:
    """The page shows no Markdown hazard, no foreign plotly tag, no formula cell; returns what it showed."""
    assert not at.exception, [e.value for e in at.exception]
    sources = _markdown_sources(at)
    hazards = {s: markdown_hazards(s, shortcodes=False) for s in sources}
    assert {s: h for s, h in hazards.items() if h} == {}
    for spec in _plotly_specs(at):
        assert plotly_hazards(spec) == []
    for df in at.dataframe:
        assert formula_cells(df.value) == []
    return {"markdown": [visible(s) for s in sources], "html": [h.proto.body for h in at.get("html")],
            "tables": [df.value for df in at.dataframe], "charts": _plotly_specs(at)}


pytestmark = pytest.mark.usefixtures("fresh_st_caches")   # AppTests: no cache shared between tests


@pytest.fixture
def crafted_env(tmp_path, monkeypatch):
    db = tmp_path / "crafted.duckdb"
    build_store(db)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    return db


def _app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    if page:
        at.switch_page(page).run()
    return at


def _shows_markdown(shown: dict, text: str) -> bool:
    return any(text in s for s in shown["markdown"])


def _in_tables(shown: dict, text: str) -> bool:
    return any(text in str(v) for df in shown["tables"] for v in [*df.columns, *df.to_numpy().ravel()])


def test_overview_escapes_cards_chart_list_and_tables(crafted_env):
    at = _app()
    at.toggle(key="overview_coverage_as_table").set_value(True).run()
    at.toggle(key="overview_articles_as_table").set_value(True).run()
    shown = _check_page(at)
    assert len(shown["tables"]) == 2 and shown["charts"]
    shown_regions = [r for r in (FIELDS["district"](p) for p in PAYLOADS.values()) if _shows_markdown(shown, r)]
    assert len(shown_regions) >= 4, "the cards should name their districts"
    body = "".join(shown["html"])  # the list of the latest articles: escaped HTML
    titles = [FIELDS["title"](p) for p in PAYLOADS.values()]
    assert sum(markup.html_text(t) in body for t in titles) == min(len(titles), markup.MAX_ITEMS)
    assert not any(t in body for t in titles if "<" in t)
    for t in titles:
        assert _in_tables(shown, t), t                   # the full article table


PAGE_CASES = [  # id, page, what to do there, whether its table lists every district
    ("compare", "app_pages/compare.py", None, True),
    ("compare-payload-indicator", "app_pages/compare.py", "payload-indicator", False),
    ("ranking-by-district", "app_pages/ranking.py", None, False),
    ("ranking-by-indicator", "app_pages/ranking.py", "by-indicator", True),
    ("projects-pick-each", "app_pages/projects.py", "pick", True),
    ("details-pick-each", "app_pages/details.py", "pick", True),
]


@pytest.mark.parametrize("page, setup, every_district", [c[1:] for c in PAGE_CASES], ids=[c[0] for c in PAGE_CASES])
def test_pages_escape_payloads(crafted_env, page, setup, every_district):
    at = _app(page)
    picked = []  # Markdown shown for each picked row: its evidence names the file (and district, indicator)
    if setup == "payload-indicator":
        at.sidebar.selectbox(key="indicator").set_value(_payload_indicator("md-link")).run()
    elif setup == "by-indicator":
        at.sidebar.radio(key="rank_mode").set_value("一个指标的各区县").run()
    elif setup == "pick":
        key = "project_pick" if "projects" in page else "detail_pick"
        for option in at.selectbox(key=key).options:
            at.selectbox(key=key).set_value(option).run()
            picked += _check_page(at)["markdown"]
    shown = _check_page(at)
    assert shown["tables"], "each of these pages shows a table"
    if every_district:  # the formula payload is in the table, defused
        assert _in_tables(shown, "'=HYPERLINK"), "the formula payload should be shown defused"
    if setup == "payload-indicator":
        assert _shows_markdown(shown, _payload_indicator("md-link"))
    if setup == "pick":
        fields = ("file-name",) if "projects" in page else ("file-name", "district", "indicator")
        for field in fields:
            for p in PAYLOADS.values():
                assert any(FIELDS[field](p) in s for s in picked), (field, p)


@pytest.fixture
def fake_parser(monkeypatch):
    """The upload page parses in this process with a parser that finds one figure in any text."""
    import components.data as data

    def fake(text, *, article="article.txt", region=None, published=None):
        base = crafted_articles()[0]
        ind, prj = base.indicators.copy(), base.projects.copy()
        ind["article"], prj["article"] = article, article
        return Parsed(article=article, text=text, title="t", region=region or "", published=published or "",
                      year=None, indicators=ind, projects=prj)

    monkeypatch.setattr(parsers, "parse_article", fake)
    if hasattr(data, "IN_PROCESS_ENV"):
        monkeypatch.setenv(data.IN_PROCESS_ENV, "1")
    return fake


def test_upload_escapes_file_names_in_heading_messages_and_preview(crafted_env, fake_parser):
    stored = crafted_articles()[0]
    names = ["../../evil](http:x).txt", *(FIELDS["file-name"](p) for p in PAYLOADS.values())]
    files = [(n, f"第{i}篇：双阳区产值完成{i}亿元。".encode("utf-8"), "text/plain") for i, n in enumerate(names)]
    files.append(("重复" + names[1], stored.text.encode("utf-8"), "text/plain"))  # same text as a stored article
    at = _app("app_pages/upload.py")
    at.file_uploader[0].set_value(files).run()
    shown = _check_page(at)
    previews = [s for s in shown["markdown"] if s.startswith("预览：")]  # the expanders' labels
    for n in names:
        # the file's heading and its "fill in the district / month" messages name it, and its preview
        assert sum(n in s for s in shown["markdown"]) >= 3, n
        assert any(n in s for s in previews), n
    dup = [s for s in shown["markdown"] if "内容相同" in s]
    assert dup and names[1] in dup[0] and stored.article in dup[0]


# --------------------------------------------------------------------------- exception text
ERROR_TEXT = f"出错了 {PAYLOADS['md-link']} {PAYLOADS['bare-url']} {PAYLOADS['a-href']}"


def _boom(*args, **kwargs):
    raise RuntimeError(ERROR_TEXT)


def _widgets_script():
    import plotly.graph_objects as go
    import pandas as pd

    from components import downloads

    downloads.render_chart(go.Figure(), key="c", filename="c")
    downloads.render_table(pd.DataFrame({"a": [1]}), key="t", filename="t")


EXCEPTION_CASES = [  # id, what fails (module, attribute), where the script comes from
    ("chart", ("streamlit", "plotly_chart"), "widgets"),
    ("chart-downloads", ("components.export", "export_available"), "widgets"),
    ("table", ("streamlit", "dataframe"), "widgets"),
    ("table-downloads", ("components.downloads", "_shown_frame"), "widgets"),
    ("store", ("components.data", "get_store"), "app"),
]


@pytest.mark.parametrize("target, script", [c[1:] for c in EXCEPTION_CASES], ids=[c[0] for c in EXCEPTION_CASES])
def test_exception_text_is_shown_as_text(crafted_env, monkeypatch, target, script):
    import importlib

    monkeypatch.setattr(importlib.import_module(target[0]), target[1], _boom)
    at = AppTest.from_function(_widgets_script) if script == "widgets" else AppTest.from_file(APP)
    at.run(timeout=90)
    assert not at.exception, [e.value for e in at.exception]
    messages = [m.value for m in [*at.error, *at.warning]]
    assert messages, "the failure should be reported"
    for m in messages:
        assert markdown_hazards(m) == [], m
    assert any(ERROR_TEXT in visible(m) for m in messages)
