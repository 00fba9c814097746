"""TAB-separated table rows of statistical communiqués (统计公报): 指标 / 指标值 / 同比增长.

A block of consecutive TAB lines is read with its header (if any) deciding which
column holds the name, the unit, the level and the growth rate.  Rows inherit
the period in force where the table stands.
"""
from __future__ import annotations

import re

from .model import Context, Obs
from .numbers import Quantity, find_quantities, parse_number
from .phrases import resolve_item

_HEAD_VALUE = re.compile(r"绝对数|绝对值|指标值|数值|总量|本期|累计|金额|数量|产量|完成|实绩|总额")
_HEAD_YOY = re.compile(r"增长|增速|同比|比上年|增减|±")
_HEAD_UNIT = re.compile(r"单位")
_PAREN_UNIT = re.compile(r"[(（]([^()（）]+)[)）]")
_BARE_NUMBER = re.compile(r"^\s*(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*%?\s*$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _is_header(cells: list[str]) -> bool:
    return not any(re.search(r"\d", c) for c in cells[1:]) and any(
        _HEAD_VALUE.search(c) or _HEAD_YOY.search(c) or _HEAD_UNIT.search(c) for c in cells)


def _unit_quantity(text_cell: str, unit_text: str, start: int) -> Quantity | None:
    """A bare number plus a unit given elsewhere (unit column or header)."""
    m = _BARE_NUMBER.match(text_cell)
    if not m or not unit_text:
        return None
    qs = find_quantities(m.group(1).replace("-", "") + unit_text)
    if not qs:
        return None
    q = qs[0]
    q.start, q.end, q.text = start, start + len(text_cell), text_cell + unit_text
    if m.group(1).startswith("-"):
        q.sign = -1
    return q


def rows_from_block(text: str, lines: list[tuple[int, int]], ctx: Context) -> list[Obs]:
    header = None
    out: list[Obs] = []
    for s, e in lines:
        cells = _cells(text[s:e])
        if len(cells) < 2:
            continue
        if _is_header(cells):
            header = cells
            continue
        name = re.sub(r"^[\s#*·•]*|[：:]$", "", cells[0])
        name = _PAREN_UNIT.sub("", name) if _PAREN_UNIT.search(name) else name
        name_unit = _PAREN_UNIT.search(cells[0])
        if not name or re.search(r"\d", name[:1]):
            continue
        roles = {}
        if header:
            for i, h in enumerate(header[: len(cells)]):
                if i == 0:
                    continue
                if _HEAD_UNIT.search(h):
                    roles[i] = ("unit", "")
                elif _HEAD_YOY.search(h):
                    roles[i] = ("yoy", "")
                elif _HEAD_VALUE.search(h):
                    pu = _PAREN_UNIT.search(h)
                    roles[i] = ("value", pu.group(1) if pu else "")
        unit_col = next((c for i, c in enumerate(cells) if roles.get(i, ("",))[0] == "unit"), "")
        value = yoy = None
        offset = s
        for i, cell in enumerate(cells):
            cstart = text.find(cell, offset, e) if cell else offset
            offset = max(offset, cstart + len(cell))
            if i == 0 or not cell:
                continue
            role = roles.get(i, (None, ""))
            if role[0] == "unit":
                continue
            if role[0] == "yoy" or (role[0] is None and value is not None and _BARE_NUMBER.match(cell)):
                m = _BARE_NUMBER.match(cell)
                if m and yoy is None:
                    n = parse_number(m.group(1).lstrip("-"))
                    qs = find_quantities(m.group(1).lstrip("-") + "%")
                    if qs and n is not None:
                        q = qs[0]
                        q.kind, q.start, q.end, q.text = "yoy", cstart, cstart + len(cell), cell
                        q.sign = -1 if m.group(1).startswith("-") else 1
                        yoy = q
                continue
            if value is None:
                qs = [q for q in find_quantities(cell) if q.kind == "value"]
                if qs:
                    q = qs[0]
                    q.start, q.end = cstart + q.start, cstart + q.end
                    value = q
                else:
                    unit = role[1] or unit_col or (name_unit.group(1) if name_unit else "")
                    value = _unit_quantity(cell, unit, cstart)
        if value is None and yoy is None:
            continue
        subj, ind = resolve_item(name)
        ob = Obs(ctx.article_region, subj, ind or name, ctx.period, value=value, yoy=yoy,
                 start=s, end=e, sent=(s, e))
        out.append(ob)
    return out
