"""Start the real Streamlit app and drive it with Debian's chromium.

Shared by the browser tests (tests/browser/) and the app benchmark (benchmarks/bench_app.py).
Nothing here downloads a browser: chromium is launched from /usr/bin/chromium.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 900}
# A Plotly chart counts as visible once its SVG is drawn inside Streamlit's chart element.
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    script: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    env: dict = field(default_factory=dict)
    started_at: float = 0.0          # perf_counter() just before Popen
    healthy_at: float = 0.0          # perf_counter() when /_stcore/health first answered ok

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_kb(self) -> int:
        """Resident set size of the streamlit process (and any children), in kB."""
        return sum(_rss_kb(pid) for pid in [self.proc.pid, *_children(self.proc.pid)])

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-n:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids = (task / "children").read_text().split()
            for k in kids:
                out.append(int(k))
                out.extend(_children(int(k)))
    except OSError:
        pass
    return out


def start_app(script: str = "app.py", *, env: dict | None = None, log_path: Path | str,
              timeout: float = 120.0) -> AppServer:
    """``streamlit run <script>`` on a free localhost port; returns once /_stcore/health says ok."""
    port = free_port()
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    cmd = [sys.executable, "-m", "streamlit", "run", script,
           "--server.address", "127.0.0.1", "--server.headless", "true", "--server.port", str(port),
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    fh = open(log_path, "wb")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=full_env, stdout=fh, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    fh.close()
    server = AppServer(script, port, proc, log_path, env or {}, started_at=t0)
    deadline = t0 + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        server.healthy_at = time.perf_counter()
                        return server
            except OSError:
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError(f"streamlit not healthy after {timeout:.0f}s:\n{server.log_tail()}")
            time.sleep(0.05)
    except BaseException:  # includes KeyboardInterrupt: never leave an orphaned server behind
        server.stop()
        raise


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def new_page(browser, **kw):
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai",
                              accept_downloads=True, **kw)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    return page


# --- waiting for Streamlit ------------------------------------------------------------------------
# The app root carries data-test-script-state = initial | running | notRunning (Streamlit >= 1.3x).

_ARM = """() => {
  window.__stSawRun = false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  if (window.__stObs) window.__stObs.disconnect();
  // a fast rerun can flip running -> notRunning before the callback runs: look at old values too
  window.__stObs = new MutationObserver((muts) => {
    for (const m of muts) {
      if (m.oldValue === 'running' || app.getAttribute('data-test-script-state') === 'running') {
        window.__stSawRun = true;
      }
    }
  });
  window.__stObs.observe(app, {attributes: true, attributeOldValue: true,
                               attributeFilter: ['data-test-script-state']});
}"""

_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
         && app.getAttribute('data-test-connection-state') === 'CONNECTED';
}"""


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the script finished its current run (after page load)."""
    page.wait_for_function(_IDLE, timeout=timeout)


def arm_rerun(page) -> None:
    """Call before an interaction; then ``wait_rerun`` waits for the rerun it triggers."""
    page.evaluate(_ARM)


def wait_rerun(page, timeout: float = 60_000, settle_ms: int = 150) -> None:
    page.wait_for_function("() => window.__stSawRun === true", timeout=timeout)
    page.wait_for_function(_IDLE, timeout=timeout)
    page.wait_for_timeout(settle_ms)


def goto(page, url: str, *, chart: bool = True, timeout: float = 60_000) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page, timeout)
    if chart:
        page.wait_for_selector(CHART, state="visible", timeout=timeout)


# JS expression: signature of the traces (names, x/y, labels/values, text) of plot element ``el``.
SIG_JS = "JSON.stringify(el.data.map(t => [t.name, t.x, t.y, t.labels, t.values, t.text, t.z]))"


def _plot_js(key: str | None, index: int) -> str:
    """JS expression for the Plotly element of the chart with widget key ``key`` (else the index-th)."""
    sel = f".st-key-{key} .js-plotly-plot" if key else '[data-testid="stPlotlyChart"] .js-plotly-plot'
    return f"document.querySelectorAll({sel!r})[{int(index)}]"


def chart_signature(page, index: int = 0, key: str | None = None) -> str | None:
    """Signature of a Plotly chart's data: changes when the plotted data changes."""
    return page.evaluate(f"() => {{ const el = {_plot_js(key, index)}; return (el && el.data) ? {SIG_JS} : null; }}")


def wait_chart_change(page, before: str | None, index: int = 0, key: str | None = None,
                      timeout: float = 30_000) -> None:
    page.wait_for_function(
        f"(before) => {{ const el = {_plot_js(key, index)}; return !!(el && el.data) && {SIG_JS} !== before; }}",
        arg=before, timeout=timeout)


def chart_traces(page, key: str | None = None, index: int = 0) -> list[dict]:
    """The traces of a drawn chart as dicts (type, orientation, name, x, y as plain lists)."""
    return page.evaluate(f"""() => {{
        const el = {_plot_js(key, index)};
        if (!el || !el.data) return null;
        const arr = v => (v == null) ? [] : Array.from(v._inputArray ? Object.keys(v._inputArray)
              .filter(k => /^[0-9]+$/.test(k)).map(k => v._inputArray[k]) : v);
        return el.data.map(t => ({{type: t.type, orientation: t.orientation || 'v', name: t.name,
                                    x: arr(t.x), y: arr(t.y)}}));
    }}""")


def chart_categories(page, key: str | None = None, index: int = 0) -> list[str]:
    """Category labels of a bar chart (x for vertical bars, y for horizontal), all traces, in order."""
    out: list[str] = []
    for t in chart_traces(page, key, index) or []:
        cats = t["y"] if t["orientation"] == "h" else t["x"]
        out.extend(str(c) for c in cats if str(c) not in out)
    return out


def chart_count(page) -> int:
    return page.locator('[data-testid="stPlotlyChart"]').count()
