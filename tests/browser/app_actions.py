"""Page interactions on Streamlit widgets, found by their stable keys (class ``st-key-<key>``).

Streamlit 1.67 renders selectbox / multiselect as react-aria comboboxes: an ``input[role=combobox]``
inside the keyed container, options as ``[role=option]`` in a popover.  Every helper waits for the
rerun its interaction triggers, so callers see the updated page.
"""
from __future__ import annotations

import re
import time

from browser_harness import (
    arm_rerun, chart_categories, chart_signature, wait_chart_change, wait_idle, wait_rerun,
)


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


def time_to_chart_change(page, action, *, key: str | None = None, index: int = 0,
                         timeout_s: float = 30.0) -> float:
    """Run ``action()`` and return seconds until the chart (by widget key, else index) shows different data."""
    before = chart_signature(page, index, key)
    t0 = time.perf_counter()
    action()
    wait_chart_change(page, before, index, key, timeout_s * 1000)
    return time.perf_counter() - t0


def toggle_state(page, k: str) -> bool:
    return page.locator(f'{key(k)} input[role="switch"], {key(k)} input[type="checkbox"]').first.is_checked()


def set_toggle(page, k: str, on: bool) -> None:
    """Switch the st.toggle / st.checkbox with key ``k`` on or off."""
    if toggle_state(page, k) == on:
        return
    arm_rerun(page)
    page.locator(f"{key(k)} label").first.click()
    wait_rerun(page)
    assert toggle_state(page, k) == on


# --- 区县对比 (compare page) ---------------------------------------------------------------------
def regions_of(categories: list[str]) -> list[str]:
    """'双阳区｜2024年1-6月' -> '双阳区' (bar labels are "区县｜统计期"), order kept, no repeats."""
    out: list[str] = []
    for c in categories:
        r = re.split(r"[｜|]", c, maxsplit=1)[0].strip()
        if r not in out:
            out.append(r)
    return out



def compare_regions(page) -> list[str]:
    """Districts in the value chart of 区县对比 ([] when the page shows no chart)."""
    if not page.locator(".st-key-compare_value").count():
        return []
    page.locator(".st-key-compare_value .js-plotly-plot .main-svg").first.wait_for(state="visible")
    return regions_of(chart_categories(page, "compare_value") or [])


def indicator_options(page) -> list[str]:
    inp = page.locator('.st-key-indicator input[role="combobox"]')
    inp.click()
    page.locator('[role="listbox"] [role="option"]').first.wait_for()
    options = page.locator('[role="listbox"] [role="option"]').all_inner_texts()
    page.keyboard.press("Escape")
    return [o.strip() for o in options]


def pick_comparable_indicator(page, min_regions: int = 2, prefer_non_default: bool = False,
                              max_tries: int = 6) -> list[str]:
    """On 区县对比, select the first indicator (in the app's order) whose value chart shows at least
    ``min_regions`` districts -- in the same period if possible, else with "允许混合统计期" switched on
    (the seed articles are from different years).  Tries the first ``max_tries`` indicators per mode.
    Returns those districts."""
    seen = {}
    for mixed in (False, True):
        set_toggle(page, "mixed", mixed)
        options = indicator_options(page)
        assert options, "the indicator select should offer options"
        order = options[1:] + options[:1] if prefer_non_default else options
        for ind in order[:max_tries]:
            choose(page, "indicator", ind)
            regions = compare_regions(page)
            seen[(ind, mixed)] = regions
            if len(regions) >= min_regions:
                return regions
    raise AssertionError(f"no indicator compares >= {min_regions} districts on the seed data: {seen}")


def time_filter_change(page) -> float:
    """Seconds from the click that changes the district filter to the redrawn value chart on 区县对比.

    Alternates between "one district" and "all districts" so it can be called repeatedly.
    The dropdown is opened and typed into before the clock starts; only the committing click counts.
    """
    before = chart_signature(page, key="compare_value")
    tags = selected_tags(page, "district")
    if tags:
        # the tag's own remove button (one tag: the alternation keeps one): "Clear all" of a multiselect that
        # still has the focus of the previous change opens its menu in the grouped filter instead of clearing
        remove = page.locator(f'{key("district")} button[aria-label="Remove {tags[0]}"]') if len(tags) == 1 else \
            page.locator(f'{key("district")} button[aria-label="Clear all"]')
        t0 = time.perf_counter()
        remove.click()
    else:
        target = compare_regions(page)[-1]
        inp = page.locator(f'{key("district")} input[role="combobox"]')
        inp.click()
        inp.fill(target)
        opt = page.get_by_role("option", name=target, exact=True)
        opt.wait_for()
        t0 = time.perf_counter()
        opt.click()
    wait_chart_change(page, before, key="compare_value")
    dt = time.perf_counter() - t0
    page.keyboard.press("Escape")
    wait_idle(page)
    return dt
