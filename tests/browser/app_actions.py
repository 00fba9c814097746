"""Page interactions on Streamlit widgets, found by their stable keys (class ``st-key-<key>``).

Streamlit 1.67 renders selectbox / multiselect as react-aria comboboxes: an ``input[role=combobox]``
inside the keyed container, options as ``[role=option]`` in a popover.  Every helper waits for the
rerun its interaction triggers, so callers see the updated page.
"""
from __future__ import annotations

import time

from browser_harness import arm_rerun, chart_signature, wait_chart_change, wait_rerun


def key(k: str) -> str:
    return f".st-key-{k}"


def _option(page, text: str):
    return page.locator('[role="listbox"] [role="option"]').filter(has_text=text).first


def selected_tags(page, k: str) -> list[str]:
    return page.locator(f'{key(k)} [data-tag] [title]').evaluate_all("els => els.map(e => e.title)")


def select_value(page, k: str) -> str:
    return page.locator(f'{key(k)} input[role="combobox"]').input_value()


def choose(page, k: str, text: str) -> None:
    """Pick ``text`` in the selectbox with key ``k`` (no-op when it is already selected)."""
    if select_value(page, k) == text:
        return
    arm_rerun(page)
    inp = page.locator(f'{key(k)} input[role="combobox"]')
    inp.click()
    inp.fill(text)
    opt = page.get_by_role("option", name=text, exact=True)
    opt.click()
    wait_rerun(page)


def multiselect_add(page, k: str, text: str) -> None:
    arm_rerun(page)
    inp = page.locator(f'{key(k)} input[role="combobox"]')
    inp.click()
    inp.fill(text)
    page.get_by_role("option", name=text, exact=True).click()
    page.keyboard.press("Escape")
    wait_rerun(page)


def multiselect_remove(page, k: str, text: str) -> None:
    arm_rerun(page)
    page.locator(f'{key(k)} button[aria-label="Remove {text}"]').click()
    wait_rerun(page)


def multiselect_set(page, k: str, values: list[str]) -> None:
    """Make the multiselect with key ``k`` hold exactly ``values`` (fewest clicks)."""
    have = selected_tags(page, k)
    for v in have:
        if v not in values:
            multiselect_remove(page, k, v)
    for v in values:
        if v not in selected_tags(page, k):
            multiselect_add(page, k, v)


def time_to_chart_change(page, action, *, index: int = 0, timeout_s: float = 30.0) -> float:
    """Run ``action()`` and return seconds until the index-th chart shows different data."""
    before = chart_signature(page, index)
    t0 = time.perf_counter()
    action()
    wait_chart_change(page, before, index, timeout_s * 1000)
    return time.perf_counter() - t0
