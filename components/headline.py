"""The 概览 cards' headline indicators in their fixed, documented order (data: ``headline_cards.csv``).

GDP (地区生产总值), 规上工业增加值, 固定资产投资, 社零额 (社零总额), 财政收入 (一般公共预算收入), 居民收入
(居民人均可支配收入), … -- the file lists the canonical names the parser produces.  Pure: no streamlit.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

CARDS_CSV = Path(__file__).with_name("headline_cards.csv")


@lru_cache(maxsize=1)
def headline_cards() -> tuple[str, ...]:
    """The card indicators, in card order (``headline_cards.csv``; ``#`` lines are comments)."""
    with CARDS_CSV.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    names = [r["indicator"].strip() for r in csv.DictReader(lines)]
    return tuple(dict.fromkeys(n for n in names if n))
