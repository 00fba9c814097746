"""The publication month from a date line in the article's head or tail ("时间：2019-06-25").

Rules are data (``data/datelines.yaml``).  Used when the caller gives no publication month:
the upload page prefills it, and the reference year for 今年 / 上半年 … then comes from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from .lexicon import alternation, read_yaml
from .normalize import WIDTH_TABLE
from .numbers import cn_to_number


@dataclass(frozen=True)
class Rules:
    head_lines: int
    tail_lines: int
    max_line_chars: int
    min_date_share: float
    label: re.Pattern
    dates: tuple[re.Pattern, ...]
    lookalikes: dict[int, str]          # str.translate table: a look-alike -> the numeral it stands for


@lru_cache(maxsize=1)
def rules() -> Rules:
    raw = read_yaml("datelines.yaml")
    return Rules(int(raw["head_lines"]), int(raw["tail_lines"]), int(raw["max_line_chars"]),
                 float(raw["min_date_share"]), re.compile(f"(?:{alternation(raw['labels'])})\\s*[:：]?"),
                 tuple(re.compile(p) for p in raw["dates"]), str.maketrans(raw["numeral_lookalikes"]))


def _number(s: str) -> int:
    """'2019', '06', '二〇一九', '二○一九', '十二' -> int."""
    if s.isdigit():
        return int(s)
    return int(cn_to_number(s.translate(rules().lookalikes)))


def _candidate_lines(text: str, r: Rules) -> list[str]:
    """Short lines of the head and tail, half-width (the original text: normalising would join the
    digits of "2024-07-18 09:30")."""
    lines = [ln.strip() for ln in text.translate(WIDTH_TABLE).splitlines() if ln.strip()]
    head, tail = lines[:r.head_lines], lines[max(r.head_lines, len(lines) - r.tail_lines):]
    return [ln for ln in head + tail if len(ln) <= r.max_line_chars]


def published_month(text: str) -> str | None:
    """'YYYY-MM' of the first date line in the head (then the tail) of ``text``; None without one."""
    r = rules()
    for line in _candidate_lines(text, r):
        for rx in r.dates:
            m = rx.search(line)
            if not m:
                continue
            compact = "".join(line.split())
            share = len("".join(m.group().split())) / max(1, len(compact))
            if not (r.label.search(line[:m.start()]) or share >= r.min_date_share):
                continue
            year, month = _number(m.group("y")), _number(m.group("m"))
            if 1 <= month <= 12:
                return f"{year}-{month:02d}"
    return None
