"""Streamlit widgets that show a chart/table with download buttons.

The only module of the chart/export layer that calls ``st.*``.  Bytes are
built lazily: ``st.download_button(data=callable, on_click="ignore")`` runs the
callable only when the user clicks, on a separate thread (hence the lock in
:mod:`components.export`).
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts, export, markup

log = logging.getLogger(__name__)

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

EXPORT_INFO = (
    "服务器端 PNG/SVG 导出当前不可用（服务器未安装 Chromium）。"
    "可点击图表右上角的相机图标在浏览器中保存 PNG，或下载交互式 HTML。"
    "管理员启用方法：在服务器上安装 chromium 和 fonts-noto-cjk 软件包"
    "（apt-get install chromium fonts-noto-cjk）后重启应用。"
)


def _image_maker(snapshot: dict, fmt: str) -> Callable[[], bytes]:
    """``snapshot``: the figure as ``fig.to_dict()`` (a deep copy: later changes to the figure do
    not change the download); it becomes a Figure again only when the user clicks."""
    def make() -> bytes:
        return export.figure_to_image(go.Figure(snapshot), fmt=fmt)

    return make


def _html_maker(snapshot: dict) -> Callable[[], bytes]:
    def make() -> bytes:
        return export.figure_to_html(go.Figure(snapshot))

    return make


def _button(label: str, maker: Callable[[], bytes], *, filename: str, ext: str, key: str,
            help: str | None = None) -> None:
    st.download_button(
        label, data=maker, file_name=export.safe_filename(filename, ext), mime=MIME[ext],
        key=key, on_click="ignore", help=help, icon=":material/download:",
    )


def render_chart(fig: go.Figure, *, key: str, filename: str, show_downloads: bool = True,
                 **plotly_kwargs):
    """Plotly chart + PNG / SVG / HTML download buttons.  Never raises.

    A figure with nothing to draw (:func:`charts.empty_figure`) is shown as its reason, in full, in an
    info box keyed ``<key>_empty``, without download buttons.

    Returns what ``st.plotly_chart`` returns (selection state when
    ``on_select`` is given), or None when the chart could not be shown.
    """
    reason = charts.empty_reason(fig)
    if reason:   # nothing to draw: say why in full (a chart annotation would be clipped), offer no downloads
        st.container(key=f"{key}_empty").info(markup.md(reason), icon=":material/info:")
        return None
    try:
        # theme=None: use our "dashboard" template as is (Streamlit's chart theme would
        # replace its fonts and colours, and exports would then differ from the screen).
        plotly_kwargs.setdefault("theme", None)
        result = st.plotly_chart(fig, key=key, config=export.modebar_config(filename, fig=fig), **plotly_kwargs)
    except Exception as e:  # noqa: BLE001 - a broken figure must not take the page down
        log.exception("plotly_chart failed")
        st.error(f"图表无法显示：{markup.md(e)}")
        return None
    if not show_downloads:
        return result
    try:
        available = export.export_available()
        snapshot = fig.to_dict() if isinstance(fig, go.Figure) else fig  # one deep copy for all three buttons
        row = st.container(horizontal=True, gap="small")
        with row:
            if available:
                _button("PNG", _image_maker(snapshot, "png"), filename=filename, ext="png",
                        key=f"{key}__png", help="下载高清 PNG 图片（服务器端渲染）")
                _button("SVG", _image_maker(snapshot, "svg"), filename=filename, ext="svg",
                        key=f"{key}__svg", help="下载矢量 SVG 图片")
            _button("HTML", _html_maker(snapshot), filename=filename, ext="html",
                    key=f"{key}__html", help="下载可离线打开的交互式 HTML")
        if not available:
            st.info(EXPORT_INFO, icon=":material/info:")
    except Exception as e:  # noqa: BLE001
        log.exception("download widgets failed")
        st.warning(f"下载按钮暂不可用：{markup.md(e)}")
    return result


def _shown_frame(df: pd.DataFrame, dataframe_kwargs: dict) -> pd.DataFrame:
    """The frame as st.dataframe shows it (column_order / hidden columns applied)."""
    out = df
    order = dataframe_kwargs.get("column_order")
    if order is not None:
        out = out[[c for c in order if c in out.columns]]
    config = dataframe_kwargs.get("column_config") or {}
    hidden = [c for c, v in config.items() if v is None and c in out.columns]
    if hidden:
        out = out.drop(columns=hidden)
    if dataframe_kwargs.get("hide_index"):
        out = out.reset_index(drop=True)
    return out


def render_table(df: pd.DataFrame, *, key: str, filename: str, show_downloads: bool = True,
                 **dataframe_kwargs):
    """st.dataframe + CSV / XLSX download of exactly the frame shown.  Never raises.

    The grid shows the frame with formula-like text defused (:func:`export.defuse_frame`): its
    own toolbar download and clipboard copy export the displayed cells, and must not get around
    the defusing of our CSV / XLSX buttons.  Returns what ``st.dataframe`` returns (selection
    state with ``on_select``).
    """
    dataframe_kwargs.setdefault("hide_index", True)
    try:
        result = st.dataframe(export.defuse_frame(df), key=key, **dataframe_kwargs)
    except Exception as e:  # noqa: BLE001
        log.exception("dataframe failed")
        st.error(f"表格无法显示：{markup.md(e)}")
        return None
    if show_downloads:
        table_downloads(df, key=key, filename=filename, dataframe_kwargs=dataframe_kwargs)
    return result


def table_downloads(df: pd.DataFrame, *, key: str, filename: str, dataframe_kwargs: dict | None = None) -> None:
    """CSV and XLSX download buttons for exactly the table shown (``df`` with the ``column_order``
    of ``dataframe_kwargs`` applied); the bytes are built on click.  Never raises."""
    try:
        shown = _shown_frame(df, dataframe_kwargs or {}).copy()
        with st.container(horizontal=True, gap="small"):
            _button("CSV", lambda: export.frame_to_csv(shown), filename=filename, ext="csv",
                    key=f"{key}__csv", help="下载 CSV（UTF-8 带 BOM，Excel 可直接打开）")
            _button("Excel", lambda: export.frame_to_xlsx(shown), filename=filename, ext="xlsx",
                    key=f"{key}__xlsx", help="下载 Excel 工作簿（.xlsx）")
    except Exception as e:  # noqa: BLE001
        log.exception("table download widgets failed")
        st.warning(f"下载按钮暂不可用：{markup.md(e)}")


def query_downloads(fetch: Callable[[], pd.DataFrame], *, key: str, filename: str, what: str = "") -> None:
    """CSV and XLSX buttons for a table read from the store when the user clicks (``fetch()`` runs on the
    download's thread: a filtered view of up to 100,000 rows is never built on a page run).  Never raises."""
    def maker(to_bytes: Callable[[pd.DataFrame], bytes]) -> Callable[[], bytes]:
        return lambda: to_bytes(fetch())

    suffix = f"：{what}" if what else ""
    try:
        with st.container(horizontal=True, gap="small"):
            _button("CSV", maker(export.frame_to_csv), filename=filename, ext="csv", key=f"{key}__csv",
                    help=f"下载 CSV（UTF-8 带 BOM，Excel 可直接打开）{suffix}")
            _button("Excel", maker(export.frame_to_xlsx), filename=filename, ext="xlsx", key=f"{key}__xlsx",
                    help=f"下载 Excel 工作簿（.xlsx）{suffix}")
    except Exception as e:  # noqa: BLE001
        log.exception("query download widgets failed")
        st.warning(f"下载按钮暂不可用：{markup.md(e)}")
