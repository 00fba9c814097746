"""TAB-separated table rows of statistical communiqués (统计公报): 指标 / 单位 / 指标值 / 同比增长.

A block of consecutive TAB lines is read with its header (if any) deciding which column holds the
name, the unit, the level and the growth rate.  The unit of a level comes from, in this order: the
value cell itself (25.7亿元), the unit column, the header of the value column (产量（万吨）), the name
(粮食产量(万吨)), a header cell or a caption line before the table (单位：亿元).  A level without a
unit is kept only for an index (居民消费价格总指数 101.3).  Sub-items (#玉米, 其中：稻谷) are rows of
their own, the marker dropped.  Rows inherit the period in force where the table stands.
Vocabulary: ``data/table_rules.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from .lexicon import alternation, read_yaml
from .model import Context, Obs
from .numbers import (INDEX_UNIT, Quantity, calendar_word, cn_numeral_class, find_quantities, flat_growth,
                      number_rules, parse_number)
from .phrases import resolve_item

_PAREN = re.compile(r"[(（]([^()（）]+)[)）]")
_BARE_NUMBER = re.compile(r"^\s*([-+]?\d+(?:,\d{3})*(?:\.\d+)?)\s*[%‰]?\s*$")
_HAS_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def table_rules() -> dict:
    return read_yaml("table_rules.yaml")


@lru_cache(maxsize=1)
def _heads() -> dict[str, re.Pattern]:
    r = table_rules()
    return {
        "value": re.compile(alternation(r["value_heads"])),
        "yoy": re.compile(alternation(r["yoy_heads"]).replace(r"\±", "±")),
        "unit": re.compile(alternation(r["unit_heads"])),
        "name": re.compile(alternation(r["name_heads"])),
        # 单位：亿元 / (单位:万吨) / 计量单位：万元 -- the unit named by a caption or a header cell
        "caption": re.compile("(?:" + alternation(r["unit_captions"]) + r")\s*[:：]\s*(?P<unit>[^\s)）,，;；]+)"),
        "subitem": re.compile(r"^\s*(?:(?:" + alternation(r["subitem_markers"]) + r")\s*)+"),
        "index": re.compile(alternation(number_rules()["index_words"])),
        "period": re.compile(r"\d{2,4}" + re.escape(calendar_word("year"))
                             + r"|\d{1,2}" + re.escape(calendar_word("month"))),
    }


@dataclass(slots=True)
class Cell:
    text: str
    start: int
    end: int


def _cells(text: str, s: int, e: int) -> list[Cell]:
    """The TAB-separated cells of text[s:e], stripped, with their spans."""
    out, pos = [], s
    for raw in text[s:e].split("\t"):
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        out.append(Cell(body, pos + lead, pos + lead + len(body)))
        pos += len(raw) + 1
    return out


@lru_cache(maxsize=1)
def _numeral_re() -> re.Pattern:
    return re.compile(r"\d|" + cn_numeral_class())


def _is_figure(cell: str) -> bool:
    if not _numeral_re().search(cell):
        return False               # no digit and no numeral: no figure (亿元, 同比增长%) without a scan
    return bool(_BARE_NUMBER.match(cell)) or any(q.kind != "skip" for q in find_quantities(cell))


def _is_header(cells: list[Cell]) -> bool:
    """No figure and no 持平 after the name column, and a column head there (the first cell may be a
    row name that happens to contain a head word: 社会消费品零售总额)."""
    h, flat = _heads(), table_rules()["flat_cells"]
    rest = [c.text for c in cells[1:] if c.text]
    if not rest or any(t in flat or _is_figure(t) for t in rest):
        return False
    return any(h["value"].search(t) or h["yoy"].search(t) or h["unit"].search(t) or h["period"].search(t)
               for t in rest)


def _valid_unit(unit: str) -> str:
    """unit if it is a unit of the lexicon (亿元, 万吨, %, 吨标准煤/万元), else ""."""
    if not unit:
        return ""
    qs = find_quantities("1" + unit)
    return unit if qs and qs[0].end == 1 + len(unit) else ""


def _caption_unit(text: str, first: int) -> str:
    """单位：亿元 in one of the few lines before the table."""
    lines = text[max(0, first - 400):first].splitlines()[-table_rules()["caption_lines"]:]
    for line in reversed(lines):
        m = _heads()["caption"].search(line)
        if m and _valid_unit(m.group("unit")):
            return m.group("unit")
    return ""


def _roles(header: list[Cell]) -> dict[int, tuple[str, str]]:
    """Column index -> (role, unit named in the header cell)."""
    h = _heads()
    roles: dict[int, tuple[str, str]] = {}
    for i, c in enumerate(header):
        if i == 0:
            continue
        pu = _PAREN.search(c.text)
        unit = _valid_unit(pu.group(1)) if pu else ""
        if h["yoy"].search(c.text) and not h["caption"].search(c.text):
            roles[i] = ("yoy", "")
        elif h["unit"].search(c.text) and not h["caption"].search(c.text):
            roles[i] = ("unit", "")
        elif h["value"].search(c.text) or h["period"].search(c.text) or h["caption"].search(c.text):
            cap = h["caption"].search(c.text)
            roles[i] = ("value", unit or (_valid_unit(cap.group("unit")) if cap else ""))
    return roles


def _header_unit(header: list[Cell]) -> str:
    """A header cell stating the unit of the whole table: 指标（单位：亿元）."""
    for c in header:
        m = _heads()["caption"].search(c.text)
        if m and _valid_unit(m.group("unit")):
            return m.group("unit")
    return ""


def row_name(cell: str) -> tuple[str, str]:
    """(name, unit named in brackets) of a first cell: #玉米 -> 玉米; 其中：稻谷 -> 稻谷;
    粮食产量(万吨) -> (粮食产量, 万吨); 化肥施用量(折纯) -> 化肥施用量."""
    name = _heads()["subitem"].sub("", cell)
    name = re.sub(r"[：:]$", "", name).strip()
    unit = ""
    for m in _PAREN.finditer(name):
        unit = unit or _valid_unit(m.group(1))
    return _PAREN.sub("", name).strip(), unit


def _relocated(q: Quantity, cell: Cell, sign: int = 1) -> Quantity:
    q.start, q.end, q.num_start, q.text = cell.start, cell.end, cell.start, cell.text
    q.sign = sign * q.sign
    return q


def level_of(cell: Cell, text: str, unit: str, name: str) -> Quantity | None:
    """The level in a cell: a quantity with its unit (25.7亿元), or a bare number with the unit given
    elsewhere, or a bare number for an index."""
    m = _BARE_NUMBER.match(cell.text)
    if not (m and cell.text[-1:].isdigit()):        # a bare number has no unit of its own: no quantity in it
        qs = [q for q in find_quantities(text, cell.start, cell.end) if q.kind == "value"]
        if qs:
            return qs[0]
    if not m:
        return None
    raw = m.group(1)
    sign = -1 if raw.startswith("-") else 1
    if unit:
        qs = find_quantities(raw.lstrip("+-") + unit)
        if qs and qs[0].end == len(raw.lstrip("+-") + unit):
            return _relocated(qs[0], cell, sign)
    if _heads()["index"].search(name):
        n = parse_number(raw.lstrip("+-"))
        return Quantity(cell.start, cell.end, cell.start, n, cell.text, "", INDEX_UNIT, sign=sign)
    return None


def growth_of(cell: Cell) -> Quantity | None:
    """The growth rate in a cell: 5.2 / -3.2 / 5.2% / 持平."""
    if cell.text in table_rules()["flat_cells"]:
        return flat_growth(cell.start, cell.end, cell.text)
    m = _BARE_NUMBER.match(cell.text)
    if not m:
        return None
    raw = m.group(1)
    qs = find_quantities(raw.lstrip("+-") + "%")
    if not qs:
        return None
    q = _relocated(qs[0], cell, -1 if raw.startswith("-") else 1)
    q.kind = "yoy"
    return q


def rows_from_block(text: str, lines: list[tuple[int, int]], ctx: Context) -> list[Obs]:
    roles: dict[int, tuple[str, str]] = {}
    table_unit = _caption_unit(text, lines[0][0]) if lines else ""
    empty = set(table_rules()["empty_cells"])
    out: list[Obs] = []
    for s, e in lines:
        cells = _cells(text, s, e)
        if len(cells) < 2:
            continue
        if _is_header(cells):
            roles = _roles(cells)
            table_unit = _header_unit(cells) or table_unit
            continue
        name, name_unit = row_name(cells[0].text)
        if not name or _HAS_DIGIT.match(name[:1]):
            continue
        unit_col = next((c.text for i, c in enumerate(cells) if roles.get(i, ("",))[0] == "unit"), "")
        value = yoy = None
        for i, cell in enumerate(cells[1:], start=1):
            if not cell.text or cell.text in empty:
                continue
            role, head_unit = roles.get(i, (None, ""))
            if role == "unit":
                continue
            if role == "yoy" or (role is None and value is not None):
                yoy = yoy or growth_of(cell)
                continue
            if value is None:
                unit = head_unit or _valid_unit(unit_col) or name_unit or table_unit
                value = level_of(cell, text, unit, name)
                if value is None and role is None:
                    yoy = yoy or growth_of(cell) if cell.text in table_rules()["flat_cells"] else yoy
        if value is None and yoy is None:
            continue
        subj, ind = resolve_item(name)
        out.append(Obs(ctx.article_region, subj, ind or name, ctx.period, value=value, yoy=yoy,
                       start=s, end=e, sent=(s, e)))
    return out
