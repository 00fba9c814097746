"""Review and corrections in the real dashboard (issue 11, item 3): on 数据明细 a row is selected and marked
有误, another row's figure is edited, and the table shows both badges; the review controls are
photographed as docs/review.png when SAVE_SCREENSHOTS=1 (as the screenshot test of test_dashboard.py).

The app runs on its own store built from seeds/ (``fresh_app_server``: this test writes).  The rows and
their values are read from the page, never hard-coded from today's parser output.
"""
from __future__ import annotations

import re

from browser_harness import arm_rerun, goto, wait_idle, wait_rerun

PICK = "detail_pick"


def no_exceptions(page) -> None:
    errs = page.locator('[data-testid="stException"]')
    assert errs.count() == 0, "page shows a Python exception:\n" + "\n".join(errs.all_inner_texts())


def pick_row(page, index: int) -> str:
    """Choose the ``index``-th row of the page in the picker beside the table; returns its label.  The labels
    start with the row's number ("2. 双阳区·…"): that number is typed (typing opens the list and narrows it, as
    ``choose`` in app_actions.py does) and the option that starts with it is clicked.  An empty combobox
    opened with the arrow key did not always open its list while the page settled after a write."""
    box = page.locator(f'.st-key-{PICK} input[role="combobox"]')
    prefix = f"{index + 1}. "
    opt = page.get_by_role("option", name=re.compile("^" + re.escape(prefix))).first
    for attempt in range(4):
        wait_idle(page)
        box.click()
        box.fill(prefix)
        try:
            opt.wait_for(timeout=5_000)
            break
        except Exception:      # noqa: BLE001 - playwright's TimeoutError; retried, then raised below
            box.press("Escape")
            page.wait_for_timeout(500)
    opt.wait_for(timeout=10_000)
    label = opt.inner_text().strip()
    arm_rerun(page)
    opt.click()
    wait_rerun(page)
    return label


def click(page, key: str) -> None:
    arm_rerun(page)
    page.locator(f".st-key-{key} button").first.click()
    wait_rerun(page)


def grid_cells(page) -> list[str]:
    """The texts of the detail table's cells the grid has drawn (its accessible DOM: role=gridcell)."""
    return page.locator('.st-key-details_table [role="gridcell"]').evaluate_all(
        "els => els.map(e => e.textContent.trim())")


def bump(text: str) -> str:
    """Another number than ``text`` (its value + 1, as typed)."""
    v = float(text) + 1
    return str(int(v)) if v == int(v) else str(round(v, 6))


def test_mark_wrong_and_edit_show_badges(fresh_page, fresh_app_server, screenshot_dir):
    page = fresh_page
    goto(page, f"{fresh_app_server.url}/details", chart=False)
    page.get_by_role("heading", name="数据明细").first.wait_for()
    no_exceptions(page)
    assert not any(c in ("✖ 有误", "✎ 已修改") for c in grid_cells(page))

    # row 1: 有误
    wrong = pick_row(page, 0)
    page.locator(".st-key-review_wrong button").first.wait_for()
    click(page, "review_wrong")
    page.get_by_text(re.compile("已标记为有误")).first.wait_for()
    no_exceptions(page)

    # row 2 (the next row with a value): a new value
    for i in range(1, 20):
        label = pick_row(page, i)
        value = page.locator(".st-key-review_value input").first
        value.wait_for()
        if value.input_value().strip():
            break
    else:  # pragma: no cover - the seeds have values
        raise AssertionError("no row with a value among the first 20")
    assert label != wrong
    old = value.input_value().strip()
    new = bump(old)
    value.fill(new)
    click(page, "review_edit_save")
    page.get_by_text(re.compile(f"已保存修改.*数值 {re.escape(old)} → {re.escape(new)}")).first.wait_for()
    no_exceptions(page)

    # the table: both badges, and the new value
    page.wait_for_function("""() => {
        const cells = [...document.querySelectorAll('.st-key-details_table [role="gridcell"]')]
            .map(e => e.textContent.trim());
        return cells.includes('✖ 有误') && cells.includes('✎ 已修改');
    }""", timeout=30_000)
    cells = grid_cells(page)
    assert cells.count("✖ 有误") == 1 and cells.count("✎ 已修改") == 1
    assert any(c.replace(",", "") in (new, f"{float(new):g}") for c in cells), cells

    # the list of corrections names both, 已应用
    page.get_by_text(re.compile(r"全部更正（2 条，其中未匹配 0 条）")).first.wait_for()

    # screenshot of the review controls (the selected row's panel)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0")
    page.locator(".st-key-review_verify").first.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -260)")
    page.mouse.wheel(0, -260)
    page.wait_for_timeout(300)
    out = screenshot_dir / "review.png"
    page.screenshot(path=str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
