"""Fixtures for the real-browser tests: a running ``streamlit run app.py`` and headless chromium.

* Every test in this folder is marked ``browser`` and ``slow`` (deselect with ``-m "not browser"``).
* Without /usr/bin/chromium (or the playwright package) they are skipped -- except under CI=true,
  where a missing browser is a failure, never a silent skip.
* The app gets DASHBOARD_DB in a temp folder, so the store is built from seeds/ there and the
  developer's data/dashboard.duckdb is never touched.
* SAVE_SCREENSHOTS=1 makes the screenshot test write docs/*.png; otherwise it writes to a temp dir.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_harness import CHROMIUM, REPO, in_ci, launch_browser, new_page, start_app

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().parent == HERE:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


def _unavailable(reason: str):
    if in_ci():
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _playwright():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the machine
        _unavailable(f"playwright python package missing: {exc}")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    b = launch_browser(_playwright)
    yield b
    b.close()


def _start(tmp_dir: Path, name: str):
    return start_app("app.py", env={"DASHBOARD_DB": str(tmp_dir / f"{name}.duckdb")},
                     log_path=tmp_dir / f"{name}.log")


@pytest.fixture(scope="session")
def app_server(_playwright, tmp_path_factory):
    """One dashboard server shared by the read-only tests (store built from seeds in a temp dir)."""
    server = _start(tmp_path_factory.mktemp("app"), "shared")
    yield server
    server.stop()


@pytest.fixture()
def fresh_app_server(_playwright, tmp_path):
    """A server with its own empty store, for tests that write (uploads)."""
    server = _start(tmp_path, "fresh")
    yield server
    server.stop()


def _page_fixture(request, browser, server, tmp_path):
    page = new_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        shot = tmp_path / "failure.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"\nfailure screenshot: {shot}")
        except Exception as exc:  # noqa: BLE001 - diagnostics only
            print(f"\n(no failure screenshot: {exc})")
        print(f"--- streamlit log tail ({server.log_path}) ---\n{server.log_tail()}")
        if errors:
            print("--- page errors ---\n" + "\n".join(errors))
    page.context.close()


@pytest.fixture()
def page(request, browser, app_server, tmp_path):
    yield from _page_fixture(request, browser, app_server, tmp_path)


@pytest.fixture()
def fresh_page(request, browser, fresh_app_server, tmp_path):
    yield from _page_fixture(request, browser, fresh_app_server, tmp_path)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    if os.environ.get("SAVE_SCREENSHOTS", "").strip() not in ("", "0"):
        d = REPO / "docs"
        d.mkdir(exist_ok=True)
        return d
    return tmp_path_factory.mktemp("screenshots")
