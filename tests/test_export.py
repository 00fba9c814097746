"""Tests of components.export: CSV/XLSX/HTML always; PNG/SVG need Chromium.

Image tests skip when no Chrome is found, except with CI=true where they must run.
"""
from __future__ import annotations

import io
import json
import os
import struct
import threading

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from components import charts as C
from components import export as E
from components import theme

IN_CI = os.environ.get("CI", "").lower() == "true"
needs_chrome = pytest.mark.skipif(not IN_CI and not E.export_available(),
                                  reason="no Chromium for kaleido (runs in CI=true)")

FRAME = pd.DataFrame({
    "区域": ["双阳区", "绿园区", "二道区"],
    "指标": ["规上工业产值", "规上工业产值", "社零总额"],
    "数值": pd.array([120.5, None, 80.0], dtype="Float64"),
    "统计期": pd.array(["2024年1-6月", "2024年1-6月", pd.NA], dtype="string"),
    "同比": [9.0, -2.5, 0.0],
})


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def chinese_fig(title="规上工业产值：区域对比", n=3) -> go.Figure:
    regions = ["双阳区", "绿园区", "二道区", "朝阳区", "南关区", "宽城区", "九台区", "农安县"][:n]
    return go.Figure(go.Bar(x=[f"{r}｜2024年1-6月" for r in regions], y=list(range(1, n + 1))),
                     layout=dict(title=title))


# ----------------------------------------------------------------- tables
def test_csv_has_bom_and_round_trips():
    data = E.frame_to_csv(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == list(FRAME.columns)
    assert back["区域"].tolist() == FRAME["区域"].tolist()
    assert back["数值"].iloc[0] == 120.5 and pd.isna(back["数值"].iloc[1])
    assert "二道区" in data.decode("utf-8-sig")


def test_csv_drops_internal_columns_and_keeps_named_index():
    df = FRAME.assign(_y=1).set_index("区域")
    back = pd.read_csv(io.BytesIO(E.frame_to_csv(df)), encoding="utf-8-sig")
    assert "_y" not in back.columns and back.columns[0] == "区域"


@pytest.mark.parametrize("df", [
    pytest.param(FRAME, id="typed-with-na"),
    pytest.param(FRAME.iloc[0:0], id="empty"),
])
def test_xlsx_opens_and_has_rows(df):
    data = E.frame_to_xlsx(df)
    assert data[:2] == b"PK"
    back = pd.read_excel(io.BytesIO(data), engine="openpyxl")
    assert list(back.columns) == list(df.columns)
    assert len(back) == len(df)
    if len(df):
        assert back["区域"].tolist() == df["区域"].tolist()
        assert pd.isna(back["统计期"].iloc[2])


# ----------------------------------------------------------------- html / names / config
def plotly_newplot_args(html: str) -> tuple[list, dict]:
    """The figure's data and layout as written into ``Plotly.newPlot(id, data, layout, config)``.

    Decoded as JSON, so the check does not depend on how plotly's JSON engine wrote the Chinese
    text: as-is (orjson) or as \\uXXXX escapes (the standard json module)."""
    start = html.index("Plotly.newPlot(") + len("Plotly.newPlot(")
    dec = json.JSONDecoder()
    args, pos = [], start
    for _ in range(3):                                    # div id, data, layout
        while html[pos] in " \t\r\n,":
            pos += 1
        value, pos = dec.raw_decode(html, pos)
        args.append(value)
    _, data, layout = args
    return data, layout


@pytest.mark.parametrize("engine", [
    pytest.param("json", id="json-engine-escapes"),       # what plotly uses without orjson
    pytest.param(None, id="default-engine"),              # orjson when installed: text as-is
])
def test_html_offline_with_chinese(monkeypatch, engine):
    if engine:
        monkeypatch.setattr(pio.json.config, "default_engine", engine)
    data = E.figure_to_html(chinese_fig())
    text = data.decode("utf-8")
    assert '<meta charset="utf-8">' in text
    assert "plotly.js v" in text or "Plotly" in text     # plotly.js inlined
    assert "cdn.plot.ly" not in text.split("<body>")[1][:500]
    assert len(data) > 1_000_000                          # bundle is inlined, not referenced
    traces, layout = plotly_newplot_args(text)
    assert traces[0]["x"][0] == "双阳区｜2024年1-6月"
    assert layout["title"]["text"] == "规上工业产值：区域对比"
    assert "<title>规上工业产值：区域对比</title>" in text


@pytest.mark.parametrize("base, ext, expected", [
    pytest.param("规上工业产值 对比", "png", "规上工业产值_对比.png", id="keeps-chinese"),
    pytest.param("../etc/passwd", "csv", "etc_passwd.csv", id="no-traversal"),
    pytest.param('a:b*c?"d<e>f|g\\h', ".SVG", "a_b_c_d_e_f_g_h.svg", id="reserved-chars"),
    pytest.param("", "xlsx", "export.xlsx", id="empty"),
    pytest.param("CON", "txt", "export_CON.txt", id="windows-reserved"),
    pytest.param("报表", "", "报表", id="no-ext"),
])
def test_safe_filename(base, ext, expected):
    got = E.safe_filename(base, ext)
    assert got == expected
    assert "/" not in got and "\\" not in got


def test_modebar_config():
    cfg = E.modebar_config("双阳区/增速")
    assert cfg["toImageButtonOptions"]["filename"] == "双阳区_增速"
    assert cfg["toImageButtonOptions"]["format"] == "png"
    assert cfg["displaylogo"] is False


def test_unavailable_raises_chinese_message(monkeypatch):
    monkeypatch.setattr(E, "export_available", lambda: False)
    with pytest.raises(E.ExportUnavailable) as ei:
        E.figure_to_image(chinese_fig())
    assert "chromium" in str(ei.value) and "fonts-noto-cjk" in str(ei.value)


def test_bad_format_rejected():
    with pytest.raises(ValueError):
        E.figure_to_image(chinese_fig(), fmt="gif")


def test_chrome_path_respects_browser_path(monkeypatch, tmp_path):
    fake = tmp_path / "mychrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    try:
        assert E.chrome_path(refresh=True) == str(fake)
    finally:
        monkeypatch.delenv("BROWSER_PATH")
        E.chrome_path(refresh=True)


# ----------------------------------------------------------------- images (Chromium)
@needs_chrome
@pytest.mark.parametrize("width, height, scale", [
    pytest.param(1200, 700, 2, id="default-2x"),
    pytest.param(600, 400, 1, id="small-1x"),
])
def test_png_export_valid_and_sized(width, height, scale):
    data = E.figure_to_image(C.empty_figure("请先上传文章"), "png", width=width, height=height, scale=scale)
    assert png_size(data) == (width * scale, height * scale)
    assert len(data) > 5_000


@needs_chrome
def test_svg_contains_cjk_font_family_and_text():
    data = E.figure_to_image(chinese_fig(), "svg", width=800, height=500)
    text = data.decode("utf-8")
    assert text.lstrip().startswith("<svg")
    assert "Noto Sans CJK SC" in text
    assert "双阳区" in text and "规上工业产值" in text


@needs_chrome
def test_export_adds_font_to_untemplated_figure():
    fig = chinese_fig()
    fig.update_layout(template="none")
    text = E.figure_to_image(fig, "svg", width=600, height=400).decode("utf-8")
    assert "Noto Sans CJK SC" in text


@needs_chrome
def test_threaded_exports_get_their_own_image():
    """8 threads export different figures at once; each must receive its own image."""
    sizes = [(400 + 40 * i, 300 + 20 * i) for i in range(8)]
    results: dict[int, object] = {}

    def work(i: int) -> None:
        w, h = sizes[i]
        try:
            results[i] = E.figure_to_image(chinese_fig(f"图{i}", n=i + 1), "png", width=w, height=h, scale=1)
        except Exception as e:  # noqa: BLE001
            results[i] = e

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == 8
    for i, data in results.items():
        assert isinstance(data, bytes), data
        assert png_size(data) == sizes[i], f"thread {i} got another thread's image"


@needs_chrome
def test_threaded_svg_titles_match():
    """Same size, different titles: the SVG text identifies whose image came back."""
    results: dict[int, str] = {}

    def work(i: int) -> None:
        results[i] = E.figure_to_image(chinese_fig(f"标题编号{i}号"), "svg", 500, 300).decode("utf-8")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for i in range(6):
        assert f"标题编号{i}号" in results[i]
        assert all(f"标题编号{j}号" not in results[i] for j in range(6) if j != i)


@needs_chrome
def test_theme_font_in_exported_chart():
    assert theme.FONT_FAMILY.split(",")[0] == "Noto Sans CJK SC"
    text = E.figure_to_image(C.growth_bars(pd.DataFrame({
        "label": ["双阳区·规上工业产值｜2024年1-6月", "绿园区·社零总额｜2024年1-6月"],
        "yoy_pct": [9.0, -2.5], "period": ["2024年1-6月"] * 2, "article": ["a", "b"],
        "sentence": ["增长9%", "下降2.5%"]})), "svg", 800, 400).decode("utf-8")
    assert "-2.5%" in text and "+9%" in text
    r, g, b = (int(theme.NEGATIVE[i:i + 2], 16) for i in (1, 3, 5))
    assert f"rgb({r}, {g}, {b})" in text          # negative bar drawn in the negative colour


@pytest.fixture
def fresh_server_state():
    """Reset the export module's server bookkeeping before and after a test."""
    E.shutdown()
    yield
    E.shutdown()


@needs_chrome
@pytest.mark.slow
@pytest.mark.parametrize("break_how, fast_path_after", [
    pytest.param("start-fails", "retry-later", id="server-cannot-start"),
    pytest.param("call-raises", "kept", id="server-answers-with-error"),
    pytest.param("call-hangs", "never", id="server-call-hangs"),
    pytest.param("worker-dead", "retry-later", id="server-worker-died"),
])
def test_falls_back_to_one_shot(monkeypatch, fresh_server_state, break_how, fast_path_after):
    import time as _time

    import kaleido

    if break_how == "start-fails":
        def boom(*a, **k):
            raise RuntimeError("no server")
        monkeypatch.setattr(kaleido, "start_sync_server", boom)
    elif break_how == "call-raises":
        def bad(*a, **k):
            raise RuntimeError("plotly.js error")
        monkeypatch.setattr(kaleido, "calc_fig_sync", bad)
    elif break_how == "call-hangs":
        monkeypatch.setattr(E, "SERVER_TIMEOUT_S", 2.0)
        monkeypatch.setattr(kaleido, "calc_fig_sync", lambda *a, **k: _time.sleep(30))
    else:
        def dead(*a, **k):
            raise RuntimeError("worker gone")
        monkeypatch.setattr(kaleido, "calc_fig_sync", dead)
        monkeypatch.setattr(E, "_server_alive", lambda: False)
    data = E.figure_to_image(chinese_fig(), "png", width=500, height=300, scale=1)
    assert png_size(data) == (500, 300)                     # one-shot produced the image
    monkeypatch.undo()
    monkeypatch.setattr(E, "SERVER_RETRY_S", 0.0)           # cool-down over immediately
    with E._LOCK:
        usable = E._start_server_locked()
    assert usable == (fast_path_after in ("kept", "retry-later"))
    if fast_path_after == "never":
        assert E._server_state["hung"] is True


@needs_chrome
def test_server_reused_after_shutdown(fresh_server_state):
    E.figure_to_image(chinese_fig(), "svg", 400, 300)
    assert E._server_state["started"] is True
    t0 = __import__("time").perf_counter()
    E.figure_to_image(chinese_fig("第二张"), "svg", 400, 300)
    assert __import__("time").perf_counter() - t0 < 2.0   # warm server, no new Chrome


# ----------------------------------------------------------------- streamlit download widgets
def _widgets_app():
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    from components import downloads

    fig = go.Figure(go.Bar(x=["双阳区｜2024年1-6月", "绿园区｜2024年1-6月"], y=[1, 2]))   # self-contained:
    downloads.render_chart(fig, key="chart", filename="规上工业产值 对比")               # AppTest runs this source
    df = pd.DataFrame({"区县": ["双阳区", "绿园区"], "数值": [1.5, None], "隐藏": ["x", "y"]})
    sel = downloads.render_table(df, key="table", filename="明细", on_select="rerun",
                                 selection_mode="single-row", column_config={"隐藏": None})
    st.session_state["sel_type"] = type(sel).__name__


@pytest.mark.parametrize("available, keys, info", [
    pytest.param(True, ["chart__png", "chart__svg", "chart__html", "table__csv", "table__xlsx"], False,
                 id="export-available"),
    pytest.param(False, ["chart__html", "table__csv", "table__xlsx"], True, id="no-chromium-info-and-html"),
])
def test_download_widgets(monkeypatch, available, keys, info):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(E, "export_available", lambda: available)
    at = AppTest.from_function(_widgets_app).run(timeout=60)
    assert not at.exception
    buttons = at.get("download_button")
    assert [b.key for b in buttons] == keys
    assert all(b.proto.deferred_file_id and b.proto.ignore_rerun for b in buttons)  # lazy, no rerun
    infos = [i.value for i in at.info]
    assert any("chromium" in v and "相机" in v for v in infos) == info
    assert at.session_state["sel_type"] != "NoneType"   # selection state passed through
    chart = at.get("plotly_chart")[0].proto
    assert chart.theme == ""                            # our template, not Streamlit's chart theme
    import json
    assert json.loads(chart.config)["toImageButtonOptions"]["filename"] == "规上工业产值_对比"


def test_download_makers_build_bytes_of_shown_frame():
    from components import downloads as D

    df = pd.DataFrame({"区县": ["双阳区"], "数值": [1.5], "隐藏": ["x"], "其他": [0]})
    shown = D._shown_frame(df, {"column_order": ["数值", "区县", "隐藏"], "column_config": {"隐藏": None}})
    assert list(shown.columns) == ["数值", "区县"]
    assert D._html_maker(chinese_fig().to_dict())().startswith(b"<!DOCTYPE html>")
    if E.export_available():
        assert D._image_maker(chinese_fig().to_dict(), "png")()[:4] == b"\x89PNG"


def test_download_is_the_chart_as_shown_not_as_changed_later():
    """The makers get the figure as a dict when the chart is shown; changing the figure afterwards
    (a page reusing it) does not change what the buttons download."""
    from components import downloads as D

    fig = chinese_fig(title="title when shown")
    make = D._html_maker(fig.to_dict())
    fig.update_layout(title_text="title changed later")
    html = make().decode("utf-8")
    assert "title when shown" in html and "title changed later" not in html


def test_render_chart_never_raises_on_bad_figure():
    from streamlit.testing.v1 import AppTest

    def app():
        from components import downloads

        downloads.render_chart({"data": [{"type": "no-such-trace"}]}, key="bad", filename="x")

    at = AppTest.from_function(app).run(timeout=60)
    assert not at.exception
    assert at.error and "图表无法显示" in at.error[0].value


@pytest.mark.parametrize("cell, expected", [
    pytest.param("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")", id="formula"),
    pytest.param("+1+2", "'+1+2", id="plus"),
    pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
    pytest.param("-2+3", "'-2+3", id="minus-expression"),
    pytest.param("-5.5", "-5.5", id="negative-number-text-kept"),
    pytest.param("增长-3%", "增长-3%", id="normal-text"),
])
def test_csv_and_xlsx_defuse_formulas(cell, expected):
    df = pd.DataFrame({"原句": [cell], "数值": [-5.5]})
    back = pd.read_csv(io.BytesIO(E.frame_to_csv(df)), encoding="utf-8-sig", dtype={"原句": str})
    assert back["原句"].iloc[0] == expected and back["数值"].iloc[0] == -5.5
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(E.frame_to_xlsx(df))).active
    assert ws["A2"].data_type == "s"                 # stored as text, never as a formula
    assert ws["A2"].value == expected
    assert ws["B2"].value == -5.5


def test_xlsx_strips_control_characters():
    df = pd.DataFrame({"原句": ["a\x00b\x0bc"]})
    back = pd.read_excel(io.BytesIO(E.frame_to_xlsx(df)))
    assert back["原句"].iloc[0] == "abc"


def _text_png(text: str, family: str | None = None) -> bytes:
    fig = go.Figure()
    fig.update_layout(template=theme.TEMPLATE_NAME, xaxis_visible=False, yaxis_visible=False,
                      margin=dict(l=0, r=0, t=0, b=0))
    if family:
        fig.update_layout(font_family=family)
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=60))
    return E.figure_to_image(fig, "png", width=400, height=120, scale=1)


@needs_chrome
def test_chinese_glyphs_are_not_tofu_boxes():
    """Without a CJK font every Han character renders as the same 'missing glyph' box,
    exactly like a private-use code point.  Different characters must render differently."""
    han_a, han_b = _text_png("经济看板"), _text_png("区县对比")
    tofu = _text_png("\ue000\ue001\ue002\ue003")
    assert han_a != tofu, "Chinese text renders like missing glyphs: install fonts-noto-cjk"
    assert han_a != han_b


@needs_chrome
def test_han_characters_use_simplified_chinese_forms():
    """骨/直/写 have different glyphs in the SC and JP cuts of Noto Sans CJK: the theme must pick SC."""
    text = "骨直写"
    ours = _text_png(text)
    assert ours == _text_png(text, "Noto Sans CJK SC")
    assert ours != _text_png(text, "Noto Sans CJK JP")


@pytest.mark.parametrize("layout_height, width, height, expected", [
    pytest.param(None, None, None, (1200, 700), id="default"),
    pytest.param(1210, None, None, (1200, 1210), id="tall-ranking-keeps-height"),
    pytest.param(1210, 800, 500, (800, 500), id="explicit-wins"),
])
def test_export_size(layout_height, width, height, expected):
    fig = go.Figure(layout=dict(height=layout_height))
    assert E.export_size(fig, width, height) == expected
    cfg = E.modebar_config("x", fig=fig, width=width or 1200, height=height)
    assert (cfg["toImageButtonOptions"]["width"], cfg["toImageButtonOptions"]["height"]) == expected


# ----------------------------------------------------------------- titles in the pages' downloads (issue 11)
@pytest.mark.usefixtures("fresh_st_caches")
@pytest.mark.parametrize("page, key", [
    pytest.param("app_pages/details.py", "details_export", id="数据明细-query-download"),
    pytest.param("app_pages/projects.py", "projects_table", id="项目库-table-download"),
    pytest.param("app_pages/compare.py", "compare_table", id="区县对比-table-download"),
    pytest.param("app_pages/ranking.py", "ranking_table", id="增速排行-table-download"),
])
def test_page_downloads_name_articles_by_title_and_month(app_env, monkeypatch, page, key):
    """The CSV and Excel a page offers carry 文章标题 and 发布月份 beside 文件名 (the storage name): the
    bytes the buttons would send are built by the page's own makers, captured here."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from components import downloads as D

    makers: dict[str, object] = {}
    real = D._button

    def capture(label, maker, *, filename, ext, key, help=None):
        makers[key] = maker
        real(label, maker, filename=filename, ext=ext, key=key, help=help)

    monkeypatch.setattr(D, "_button", capture)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    arts = app_env.articles().set_index("article")
    csv = pd.read_csv(io.BytesIO(makers[f"{key}__csv"]()), encoding="utf-8-sig", dtype=str)
    xlsx = pd.read_excel(io.BytesIO(makers[f"{key}__xlsx"]()), dtype=str)
    for table in (csv, xlsx):
        assert {"文章标题", "发布月份", "文件名"} <= set(table.columns), list(table.columns)
        assert len(table) > 0
        for _, r in table.iterrows():
            assert r["文章标题"] == arts.loc[r["文件名"], "title"]
            assert r["发布月份"] == arts.loc[r["文件名"], "published"]
