"""Evidence: every figure leads back to its highlighted place in the original article.

The spans stored with each row index the original text (full-width punctuation, layout line
breaks and all); the page uses them as they are and never searches the text for the
(normalised) sentence.
"""
from __future__ import annotations

import html
import re

import pytest

from components.evidence import Evidence, expected_surface, find_evidence, highlight_html, locate
from parsers import combine, parse_article, parse_paths
from tests.conftest import SEEDS_DIR

TEXT = "前文。A区产值增长５％，完成3.2亿元。后文"
S0, S1 = TEXT.index("A区"), TEXT.index("后文")          # sentence span
F0, F1 = TEXT.index("3.2"), TEXT.index("。后文")        # figure span

LOCATE_CASES = [
    pytest.param(S0, S1, F0, F1, (S0, S1, F0, F1), id="spans-ok"),
    pytest.param(S0, S1, None, None, (S0, S1, None, None), id="sentence-only"),
    pytest.param(None, None, F0, F1, (F0, F1, F0, F1), id="figure-only"),
    pytest.param(None, None, None, None, None, id="no-spans"),
    pytest.param(S0, len(TEXT) + 5, F0, F1, (F0, F1, F0, F1), id="sentence-past-the-end"),
    pytest.param(S0, S1, 1, 30, (S0, S1, None, None), id="figure-outside-sentence"),
    pytest.param(S1, S0, None, None, None, id="sentence-reversed"),
    pytest.param(-3, S1, None, None, None, id="negative-start"),
]


@pytest.mark.parametrize("s0, s1, f0, f1, expected", LOCATE_CASES)
def test_locate_uses_stored_spans_only(s0, s1, f0, f1, expected):
    assert locate(TEXT, s0, s1, f0, f1) == expected


def test_locate_never_searches_the_text():
    """Spans that point at another sentence are not 'repaired' by a text search."""
    other = TEXT.index("前文")
    assert locate(TEXT, other, other + 3, None, None) == (other, other + 3, None, None)


FIND_CASES = [
    pytest.param(dict(value_text="3.2亿元", yoy_text=""), "", id="value-matches"),
    pytest.param(dict(value_text="", yoy_text="增长5%"), "", id="growth-number-matches-full-width"),
    pytest.param(dict(value_text="9.9亿元", yoy_text=""), "9.9亿元", id="value-does-not-match"),
    pytest.param(dict(name="A区产值"), "", id="project-name"),
]


@pytest.mark.parametrize("fields, problem_mentions", FIND_CASES)
def test_find_evidence_checks_the_highlighted_figure(fields, problem_mentions):
    f0 = TEXT.index("3.2") if fields.get("value_text") else TEXT.index("５")
    f1 = f0 + (len("3.2亿元") if fields.get("value_text") else 2)
    if "name" in fields:
        f0, f1 = S0, S0 + len("A区产值")
    row = dict(sent_start=S0, sent_end=S1, start=f0, end=f1, **fields)
    ev = find_evidence(row, TEXT)
    assert ev.sent == (S0, S1) and ev.fig == (f0, f1)
    if problem_mentions:
        assert problem_mentions in ev.problem
    else:
        assert ev.problem == ""


def test_find_evidence_without_spans_says_why():
    ev = find_evidence(dict(sentence="A区产值增长5%,完成3.2亿元。"), TEXT)
    assert ev == Evidence(None, problem=ev.problem) and "位置" in ev.problem


def _figure_in(out: str) -> str:
    m = re.search(r"<b><u>(.*?)</u></b>", out, re.S)
    assert m, "no figure highlighted"
    return html.unescape(m.group(1))


@pytest.fixture(scope="module")
def seed_rows():
    parsed = parse_paths([SEEDS_DIR])
    texts = {p.article: p.text for p in parsed}
    ind, prj = combine(parsed)
    return texts, ind, prj


@pytest.mark.parametrize("table", ["indicators", "projects"])
def test_every_seed_row_highlights_its_figure(seed_rows, table):
    """The issue's check: open the evidence of every seed row; its figure is highlighted."""
    texts, ind, prj = seed_rows
    frame = ind if table == "indicators" else prj
    assert len(frame) > 40
    failures = []
    for row in frame.to_dict("records"):
        text = texts[row["article"]]
        ev = find_evidence(row, text)
        if ev.problem or ev.sent is None or ev.fig[0] is None:
            failures.append((row["article"], row.get("indicator") or row.get("name"), ev.problem))
            continue
        out = highlight_html(text, ev.sent, ev.fig)
        figure = _figure_in(out)
        want = expected_surface(row)
        assert want, row
        # the highlighted characters are the original ones (full-width kept), and they are the figure
        assert figure == text[ev.fig[0]:ev.fig[1]]
        assert "<mark" in out and html.escape(figure) in out
    assert failures == []


def test_evidence_keeps_the_original_characters():
    """Full-width punctuation, a layout line break and stray spaces stay in the highlighted sentence."""
    text = "标题\n\n今年1至6月，南关区规上工业增加值增长 9％；固定资产投资完成\n12.5亿元，同比增长13.4%。"
    p = parse_article(text, article="a.txt", region="南关区", published="2025-07")
    rows = p.indicators.to_dict("records")
    assert {r["indicator"] for r in rows} >= {"规上工业增加值", "固定资产投资"}
    for r in rows:
        ev = find_evidence(r, text)
        assert ev.problem == "" and ev.fig[0] is not None
        sent = text[ev.sent[0]:ev.sent[1]]
        assert "，" in sent or "；" in sent  # original punctuation, not the normalised ASCII
    fixed = {r["indicator"]: text[r["start"]:r["end"]] for r in rows}
    assert fixed["规上工业增加值"] == "9％"
    assert fixed["固定资产投资"] == "12.5亿元，同比增长13.4%"


def test_growth_stated_in_another_sentence_keeps_its_own_span():
    """Value and growth of one indicator stated apart become one row: the row's sentence is the value's,
    and the growth keeps its own span (shown as a second excerpt)."""
    text = ("今年1至6月，南关区社会消费品零售总额增长3.7%。商贸企业稳步发展，夜间经济活跃。"
            "今年1至6月，南关区社会消费品零售总额完成23.7亿元。")
    p = parse_article(text, article="b.txt", region="南关区", published="2025-07")
    (row,) = [r for r in p.indicators.to_dict("records") if r["indicator"] == "社零总额"]
    assert (row["value"], row["yoy_pct"]) == (23.7, 3.7)
    ev = find_evidence(row, text)
    assert ev.problem == ""
    assert text[ev.fig[0]:ev.fig[1]] == "23.7亿元"
    assert text[ev.sent[0]:ev.sent[1]].startswith("今年1至6月，南关区社会消费品零售总额完成")
    assert ev.growth is not None and text[ev.growth[0]:ev.growth[1]] == "3.7%"


def test_details_page_highlights_seed_figures(tmp_db, monkeypatch, fresh_st_caches):
    """On 数据明细 over the seed store, picking rows of the article whose evidence used to fail shows the
    figure highlighted and no warning."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))   # built from seeds/ on first start
    at = AppTest.from_file(str(SEEDS_DIR.parent / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/details.py").run()
    assert not at.exception
    district = at.sidebar.multiselect(key="district")
    district.set_value(["绿园区"]).run()
    pick = at.selectbox(key="detail_pick")
    labels = list(pick.options)
    assert len(labels) >= 10
    for label in labels[:12]:
        at.selectbox(key="detail_pick").set_value(label).run()
        assert not at.exception
        assert not [w.value for w in at.warning], label
        bodies = [h.proto.body for h in at.get("html")]
        assert bodies and "<mark" in bodies[0] and re.search(r"<b><u>[^<]*\d", bodies[0]), label


def test_details_page_highlights_the_traditional_text_of_a_traditional_article(tmp_db, monkeypatch, fresh_st_caches):
    """A Traditional article is stored as uploaded: 数据明细 names its rows in Simplified and highlights the
    figure in the Traditional text, without a warning."""
    import opencc
    from streamlit.testing.v1 import AppTest

    from store.db import Store

    trad = opencc.OpenCC("s2tw").convert((SEEDS_DIR / "003_ef167e022457e2c2.txt").read_text(encoding="utf-8"))
    parsed = parse_article(trad, article="綠園區.txt", published="2024-08")
    assert parsed.script == "traditional" and parsed.region == "绿园区"
    Store(tmp_db).rebuild([parsed], source="upload")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    at = AppTest.from_file(str(SEEDS_DIR.parent / "app.py"), default_timeout=90).run()
    at.switch_page("app_pages/details.py").run()
    at.sidebar.multiselect(key="district").set_value(["绿园区"]).run()
    labels = list(at.selectbox(key="detail_pick").options)
    assert labels
    for label in labels[:6]:
        at.selectbox(key="detail_pick").set_value(label).run()
        assert not at.exception and not [w.value for w in at.warning], label
        body = [h.proto.body for h in at.get("html")][0]
        marked = re.search(r"<mark[^>]*>(.*?)</mark>", body, re.S).group(1)
        assert any(c in html.unescape(marked) for c in "億萬長區產業資"), (label, marked)
