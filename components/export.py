"""Export layer: figures to PNG/SVG/HTML, frames to CSV/XLSX.  No streamlit.

Static images use kaleido 1.x, which drives a Chrome/Chromium.  We never
download a browser: Debian's ``/usr/bin/chromium`` (or whatever kaleido's own
discovery finds, or ``$BROWSER_PATH``) is used.  Chinese text needs
``fonts-noto-cjk`` installed on the server; the theme sets the CJK font family
explicitly so Han characters get Simplified-Chinese glyph forms.

kaleido's sync server (``kaleido.start_sync_server``) makes an export cost
~0.2 s instead of 2-3 s, but it is not thread-safe (concurrent callers can
receive each other's images), so every export goes through ONE lock.
"""
from __future__ import annotations

import io
import logging
import os
import re
import shutil
import threading
import time
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from components import theme

log = logging.getLogger(__name__)

theme.register()

ENABLE_HINT = (
    "服务器端图片导出不可用：服务器上没有找到 Chrome/Chromium。"
    "管理员可安装 Debian 软件包 chromium 和 fonts-noto-cjk（apt-get install chromium fonts-noto-cjk），"
    "或设置环境变量 BROWSER_PATH 指向已安装的 Chrome。"
    "在此之前，可使用图表右上角的相机按钮在浏览器中保存 PNG，或下载交互式 HTML。"
)

_CHROME_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)

_LOCK = threading.Lock()           # guards every kaleido call and the server state
_server_state: dict = {"started": False, "failed": False, "failed_at": 0.0}
SERVER_RETRY_S = 300.0             # after a server failure, try starting it again this much later
_chrome_cache: dict[str, str | None] = {}

SERVER_TIMEOUT_S = 60.0


class ExportUnavailable(RuntimeError):
    """Server-side image export cannot run here (no Chrome); message is Chinese."""


class ExportError(RuntimeError):
    """An export was attempted but failed; message is Chinese."""


# --------------------------------------------------------------------------- chrome
def chrome_path(refresh: bool = False) -> str | None:
    """Path of a usable Chrome/Chromium or None.  Never downloads anything."""
    if not refresh and "path" in _chrome_cache:
        return _chrome_cache["path"]
    found: str | None = None
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).is_file() and os.access(env, os.X_OK):
        found = env
    if found is None:
        for c in _CHROME_CANDIDATES:
            if Path(c).is_file() and os.access(c, os.X_OK):
                found = c
                break
    if found is None:
        for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
            p = shutil.which(name)
            if p:
                found = p
                break
    if found is None:
        try:  # choreographer's own discovery (what kaleido itself would use; no download)
            from choreographer.browsers.chromium import Chromium

            p = Chromium.find_browser(skip_local=False)
            if p and Path(p).is_file():
                found = str(p)
        except Exception:  # noqa: BLE001 - internal API may move; discovery is best effort
            found = None
    _chrome_cache["path"] = found
    return found


def export_available() -> bool:
    """True when server-side PNG/SVG export can run (kaleido importable + a Chrome)."""
    import importlib.util

    try:
        if importlib.util.find_spec("kaleido") is None:   # no import: that costs 0.2-0.5 s on a page run
            return False
    except (ImportError, ValueError):
        return False
    return chrome_path() is not None


def _ensure_browser_env(path: str) -> None:
    # choreographer honours BROWSER_PATH; point it at the browser we found (also when
    # it was set to something that does not exist).
    cur = os.environ.get("BROWSER_PATH", "")
    if path and (not cur or not Path(cur).is_file()):
        os.environ["BROWSER_PATH"] = path


def _run_with_timeout(fn, timeout: float):
    """Run ``fn()`` in a daemon thread; raise TimeoutError when it does not finish.

    kaleido's sync server waits forever on a queue if its worker died, so no call
    into kaleido may block the (single) export lock without a deadline.
    """
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller
            box["error"] = e

    t = threading.Thread(target=target, name="kaleido-export", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TimeoutError(f"kaleido did not answer within {timeout:.0f}s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def _server_alive() -> bool:
    try:
        import kaleido

        srv = kaleido._global_server  # noqa: SLF001 - only to detect a dead worker thread
        return bool(srv.is_running() and getattr(srv, "_thread", None) is not None
                    and srv._thread.is_alive())  # noqa: SLF001
    except Exception:  # noqa: BLE001
        return False


def _start_server_locked() -> bool:
    """Start kaleido's sync server once (caller holds _LOCK).  False when it cannot."""
    if _server_state.get("hung"):
        return False  # a call is stuck inside the server: never queue behind it again
    if _server_state["failed"]:
        if time.monotonic() - _server_state.get("failed_at", 0.0) < SERVER_RETRY_S:
            return False
        _server_state["failed"] = False  # cool-down over: try the fast path again
    if _server_state["started"]:
        if _server_alive():
            return True
        log.warning("kaleido sync server died; using one-shot exports for a while")
        _server_state.update(started=False, failed=True, failed_at=time.monotonic())
        return False
    import kaleido

    try:
        kaleido.start_sync_server(silence_warnings=True, mathjax=False, timeout=SERVER_TIMEOUT_S)
        _server_state["started"] = True
        return True
    except Exception as e:  # noqa: BLE001
        log.warning("kaleido sync server could not start, using one-shot exports: %s", e)
        _server_state.update(failed=True, failed_at=time.monotonic())
        return False


def _server_call_failed_locked(timed_out: bool) -> None:
    """Decide what to do with the server after a failed call.

    * no answer in time, worker alive: a call is stuck inside it -> never use it again;
    * worker dead: close it and use one-shot exports, retry the server after a cool-down;
    * worker alive and answered with an error: the server is fine (the figure is the
      problem) -> keep it.
    """
    import kaleido

    alive = _server_alive()
    if alive and not timed_out:
        return
    if alive:
        _server_state["hung"] = True
    else:
        try:
            kaleido.stop_sync_server(silence_warnings=True)
        except Exception:  # noqa: BLE001
            pass
    _server_state.update(started=False, failed=True, failed_at=time.monotonic())


def _stop_server_locked() -> None:
    import kaleido

    try:
        if _server_state["started"] and _server_alive():
            _run_with_timeout(lambda: kaleido.stop_sync_server(silence_warnings=True), 15)
    except Exception:  # noqa: BLE001
        pass
    _server_state["started"] = False


def shutdown() -> None:
    """Stop the kaleido server (tests / process exit); a later export restarts it."""
    with _LOCK:
        if not _server_state.get("hung"):
            _stop_server_locked()
        _server_state.update(failed=False, hung=False)


def _oneshot(fig_dict: dict, opts: dict) -> bytes:
    """One kaleido/Chrome per call (2-3 s), independent of the global server."""
    import asyncio

    import kaleido

    return asyncio.run(kaleido.calc_fig(fig_dict, opts=opts,
                                        kopts={"mathjax": False, "timeout": SERVER_TIMEOUT_S}))


def _prepare(fig: go.Figure) -> dict:
    f = go.Figure(fig)
    tmpl = f.layout.template
    if tmpl is None or not (tmpl.layout.font and tmpl.layout.font.family):
        f.update_layout(template=theme.TEMPLATE_NAME)
    # Make the CJK family explicit on the layout itself so it survives any template.
    if not f.layout.font.family:
        f.update_layout(font_family=theme.FONT_FAMILY)
    return f.to_dict()


DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 700


def export_size(fig, width: int | None = None, height: int | None = None) -> tuple[int, int]:
    """Image size: explicit values, else the figure's own layout height (tall rankings
    stay readable), else 1200 x 700."""
    lay = fig.layout if isinstance(fig, go.Figure) else go.Figure(fig).layout
    w = width or DEFAULT_WIDTH
    h = height or (int(lay.height) if lay.height else None) or DEFAULT_HEIGHT
    return int(w), max(int(h), 200)


def figure_to_image(fig: go.Figure, fmt: str = "png", width: int | None = None,
                    height: int | None = None, scale: float = 2) -> bytes:
    """Render ``fig`` to PNG or SVG bytes with kaleido (size from :func:`export_size`).

    Thread-safe (one lock around every kaleido call).  Raises ExportUnavailable
    (Chinese message) when no Chrome is available and ExportError when
    rendering fails or times out.
    """
    fmt = (fmt or "").lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"不支持的图片格式：{fmt}（仅支持 png、svg）")
    if not export_available():
        raise ExportUnavailable(ENABLE_HINT)
    _ensure_browser_env(chrome_path() or "")
    import kaleido

    fig_dict = _prepare(fig)
    width, height = export_size(fig, width, height)
    opts = dict(format=fmt, width=width, height=height, scale=float(scale))
    with _LOCK:
        t0 = time.perf_counter()
        try:
            data = None
            if _start_server_locked():
                try:
                    data = _run_with_timeout(lambda: kaleido.calc_fig_sync(fig_dict, opts=opts),
                                             SERVER_TIMEOUT_S)
                except Exception as e:  # noqa: BLE001 - retry one-shot
                    log.warning("kaleido server export failed (%s: %s); retrying one-shot",
                                type(e).__name__, e)
                    _server_call_failed_locked(timed_out=isinstance(e, TimeoutError))
            if data is None:
                data = _run_with_timeout(lambda: _oneshot(fig_dict, opts), SERVER_TIMEOUT_S + 15)
        except Exception as e:  # noqa: BLE001
            name = type(e).__name__
            if "ChromeNotFound" in name or "BrowserFailed" in name:
                raise ExportUnavailable(ENABLE_HINT) from e
            raise ExportError(f"图片导出失败（{name}: {e}）。可改用图表右上角的相机按钮或下载 HTML。") from e
        log.debug("exported %s in %.2fs", fmt, time.perf_counter() - t0)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data:
        raise ExportError("图片导出失败：渲染结果为空。可改用图表右上角的相机按钮或下载 HTML。")
    return bytes(data)


# --------------------------------------------------------------------------- html / tables
def figure_to_html(fig: go.Figure, title: str | None = None) -> bytes:
    """Self-contained offline HTML (plotly.js inlined, UTF-8)."""
    f = go.Figure(fig)
    body = pio.to_html(f, include_plotlyjs=True, full_html=False,
                       config={"displaylogo": False, "responsive": True})
    page_title = title or (f.layout.title.text if f.layout.title and f.layout.title.text else "图表")
    import html as _html

    # the title is plotly text (entities for the article's own "<", "&"): tags out, entities back
    page_title = _html.unescape(re.sub(r"<[^>]+>", "", str(page_title)))

    doc = (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_html.escape(page_title)}</title>\n"
        f"<style>body{{margin:0;padding:12px;font-family:{theme.FONT_FAMILY};}}</style>\n"
        "</head>\n<body>\n" + body + "\n</body>\n</html>\n"
    )
    return doc.encode("utf-8")


def _export_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    # Drop internal helper columns (leading underscore) and flatten the index if meaningful.
    out = out[[c for c in out.columns if not str(c).startswith("_")]]
    if out.index.name is not None or isinstance(out.index, pd.MultiIndex):
        out = out.reset_index()
    return out


_FORMULA_START = ("=", "+", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _defuse_cell(v):
    """Neutralise text Excel would run as a formula (CSV/formula injection)."""
    if not isinstance(v, str) or not v:
        return v
    if v.startswith(_FORMULA_START) or (v.startswith("-") and not _is_number(v)):
        return "'" + v
    return v


def _is_number(v: str) -> bool:
    try:
        float(v)
        return True
    except ValueError:
        return False


def _needs_defusing(values: pd.Series | pd.Index) -> np.ndarray:
    """Per cell (by position): would :func:`_defuse_cell` change it?  Vectorised except for the
    few cells that start with a formula character."""
    start = _FORMULA_START + ("-",)
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        hit = pd.Series(values).str.startswith(start).to_numpy(dtype=bool, na_value=False).copy()
    else:
        hit = np.fromiter((isinstance(v, str) and v.startswith(start) for v in values), dtype=bool,
                          count=len(values))
    where = np.flatnonzero(hit)
    if where.size:  # "-3.5" is a number, not a formula
        cells = values.to_numpy(dtype=object)[where]
        hit[where] = [_defuse_cell(v) != v for v in cells]
    return hit


def defuse_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as it may be shown in a table: text cells (and column names, and a text index) that a
    spreadsheet would run as a formula get the leading apostrophe of :func:`_defuse_cell`.

    For every st.dataframe: its toolbar "Download as CSV" and its clipboard copy export the
    displayed cells as they are, so the cells must already be defused when they are displayed
    (the CSV/XLSX buttons defuse again; that is idempotent).  Dtypes, index and column order are
    kept; returns ``df`` itself when nothing needs defusing (the usual case: no copy)."""
    if not isinstance(df, pd.DataFrame):
        return df
    out = None
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        if not (col.dtype == object or pd.api.types.is_string_dtype(col.dtype)):
            continue
        hit = _needs_defusing(col)
        if hit.any():
            out = df.copy() if out is None else out
            new = col.copy()
            new.iloc[np.flatnonzero(hit)] = [_defuse_cell(v) for v in col.to_numpy(dtype=object)[hit]]
            out.isetitem(i, new)
    if not isinstance(df.columns, pd.MultiIndex):
        names = [_defuse_cell(c) for c in df.columns]
        if names != list(df.columns):
            out = df.copy() if out is None else out
            out.columns = names
    index = df.index
    if not isinstance(index, pd.MultiIndex) and (index.dtype == object or pd.api.types.is_string_dtype(index.dtype)):
        if _needs_defusing(index).any():
            out = df.copy() if out is None else out
            out.index = pd.Index([_defuse_cell(v) for v in index], name=index.name)
    return df if out is None else out


def _defuse(df: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and column name of an export defused (:func:`defuse_frame`: vectorised, so a
    100,000-row download does not call Python once per cell)."""
    out = defuse_frame(df)
    names = [_defuse_cell(str(c)) for c in out.columns]
    if names != [str(c) for c in out.columns] or any(not isinstance(c, str) for c in out.columns):
        out = out.copy() if out is df else out
        out.columns = names
    return out


def frame_to_csv(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM so Excel opens Chinese text correctly.

    Text cells that start like a formula (=, +, -, @) get a leading apostrophe
    so Excel shows them instead of executing them.
    """
    out = _defuse(_export_frame(df))
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def frame_to_xlsx(df: pd.DataFrame, sheet_name: str = "数据") -> bytes:
    """XLSX bytes (xlsxwriter, falling back to openpyxl), header bold, columns sized."""
    out = _defuse(_export_frame(df))
    # Excel cannot store pandas NA in nullable dtypes via every engine: use object + None.
    out = out.astype(object).where(out.notna(), None)
    out = out.map(lambda v: _ILLEGAL_XML.sub("", v)[:32767] if isinstance(v, str) else v)
    sheet = re.sub(r"[\[\]:*?/\\]", "_", sheet_name)[:31] or "Sheet1"
    buf = io.BytesIO()
    try:
        import xlsxwriter  # noqa: F401

        engine = "xlsxwriter"
    except ImportError:
        engine = "openpyxl"
    kwargs = {}
    if engine == "xlsxwriter":  # text stays text: no formulas, no auto-links
        kwargs["engine_kwargs"] = {"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    with pd.ExcelWriter(buf, engine=engine, **kwargs) as xw:
        out.to_excel(xw, index=False, sheet_name=sheet)
        if engine == "xlsxwriter":
            ws = xw.sheets[sheet]
            for i, c in enumerate(out.columns):
                vals = [str(c)] + [("" if v is None else str(v)) for v in out[c].head(200)]
                width = min(60, max(_display_width(v) for v in vals) + 2)
                ws.set_column(i, i, width)
            ws.freeze_panes(1, 0)
    return buf.getvalue()


def _display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


_RESERVED = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_WIN_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                 *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(base: str, ext: str = "") -> str:
    """File name keeping Chinese characters but without path separators or reserved chars."""
    s = unicodedata.normalize("NFC", str(base or ""))
    s = _RESERVED.sub("_", s)
    s = re.sub(r"\s+", "_", s).strip("._ ")
    s = re.sub(r"_+", "_", s)
    if not s or s.upper() in _WIN_RESERVED:
        s = f"export_{s}" if s else "export"
    s = s[:80].rstrip("._ ")
    ext = (ext or "").lstrip(".").lower()
    ext = re.sub(r"[^a-z0-9]", "", ext)
    return f"{s}.{ext}" if ext else s


def modebar_config(filename: str, fmt: str = "png", width: int = DEFAULT_WIDTH,
                   height: int | None = None, scale: float = 2, fig=None) -> dict:
    """``config`` for st.plotly_chart: camera button saves a PNG named ``filename``
    (same size as the server-side export when ``fig`` is given)."""
    if fig is not None:
        width, height = export_size(fig, width, height)
    height = height or DEFAULT_HEIGHT
    name = safe_filename(filename)
    if name.lower().endswith("." + fmt):
        name = name[: -len(fmt) - 1]
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": fmt, "filename": name, "width": width,
                                 "height": height, "scale": scale},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
