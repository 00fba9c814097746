"""Shared fixtures: hand-built parsed articles (three districts, two periods) and temporary stores.

The frames follow parsers.schema exactly and their spans point into the article text,
so tests do not depend on the state of the real extractor.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers import Parsed  # noqa: E402
from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce  # noqa: E402

SEEDS_DIR = ROOT / "seeds"

# (indicator, value, unit, yoy_pct, subject)
_DISTRICTS = {
    "双阳区": dict(article="shuangyang_2024h1.txt", published="2024-07", period="2024年1-6月", months=(1, 6),
                  rows=[("规上工业产值", 52.3, "亿元", 12.5, ""), ("社会消费品零售总额", 30.1, "亿元", -3.1, ""),
                        ("固定资产投资", None, "", 8.0, ""), ("产值", 6.5, "亿元", 20.4, "吉林某汽车部件公司")],
                  projects=[("双阳汽车轻量化零部件项目", 15.0, "开工"), ("鹿乡梅花鹿深加工项目", 3.2, "投产")]),
    "绿园区": dict(article="lvyuan_2024m7.txt", published="2024-08", period="2024年1-7月", months=(1, 7),
                  rows=[("规上工业产值", 120.5, "亿元", 6.2, ""), ("社会消费品零售总额", 80.2, "亿元", 4.5, ""),
                        ("固定资产投资", None, "", -2.0, "")],
                  projects=[("绿园智能制造产业园", 22.0, "在建")]),
    "二道区": dict(article="erdao_2024h1.txt", published="2024-07", period="2024年1-6月", months=(1, 6),
                  rows=[("规上工业产值", 40.0, "亿元", 9.1, ""), ("社会消费品零售总额", 55.0, "亿元", 1.2, ""),
                        ("固定资产投资", 33.0, "亿元", -5.5, "")],
                  projects=[("二道区文旅综合体", 8.5, "签约"), ("东北亚物流中心", None, "推进")]),
}

_UNIT_SCALE = {"亿元": 1e8, "万元": 1e4}


def make_parsed(region: str, *, article: str | None = None, extra: str = "") -> Parsed:
    """A Parsed object for one of the hand-built districts, with correct spans."""
    d = _DISTRICTS[region]
    year = int(d["published"][:4])
    mf, mt = d["months"]
    title = f"{region}经济运行观察"
    parts = [title, ""]
    pos = len(title) + 2
    inds, prjs = [], []
    for ind, value, unit, yoy, subject in d["rows"]:
        who = subject or region
        value_text = f"{value:g}{unit}" if value is not None else ""
        yoy_text = f"{'增长' if yoy >= 0 else '下降'}{abs(yoy):g}%"
        mid = f"完成{value_text}，同比" if value_text else "同比"
        sentence = f"{mt}月份以来，{who}{ind}{mid}{yoy_text}。"
        s0 = pos
        v0 = s0 + sentence.index(value_text) if value_text else s0 + sentence.index(yoy_text)
        e0 = s0 + sentence.index(yoy_text) + len(yoy_text)
        inds.append(dict(article=article or d["article"], region=region, subject=subject, indicator=ind,
                         period=d["period"], year=year, month_from=mf, month_to=mt, value=value, unit=unit,
                         yoy_pct=yoy, qualifier="",
                         value_base=(value * _UNIT_SCALE.get(unit, 1)) if value is not None else None,
                         unit_base="元" if unit in _UNIT_SCALE else unit, value_text=value_text,
                         yoy_text=yoy_text, sentence=sentence, start=v0, end=e0,
                         sent_start=s0, sent_end=s0 + len(sentence)))
        parts.append(sentence)
        pos += len(sentence) + 1
    for name, inv, status in d["projects"]:
        inv_text = f"总投资{inv:g}亿元的" if inv is not None else ""
        sentence = f"{inv_text}{name}{status}。"
        s0 = pos
        n0 = s0 + sentence.index(name)
        prjs.append(dict(article=article or d["article"], region=region, name=name, investment=inv,
                         qualifier="", status=status, sentence=sentence, start=n0, end=n0 + len(name),
                         sent_start=s0, sent_end=s0 + len(sentence)))
        parts.append(sentence)
        pos += len(sentence) + 1
    if extra:
        parts.append(extra)
    text = "\n".join(parts)
    for r in inds:
        assert text[r["sent_start"]:r["sent_end"]] == r["sentence"], r
    return Parsed(article=article or d["article"], text=text, title=title, region=region,
                  published=d["published"], year=year,
                  indicators=coerce(pd.DataFrame(inds), INDICATOR_COLUMNS),
                  projects=coerce(pd.DataFrame(prjs), PROJECT_COLUMNS))


@pytest.fixture
def parsed_factory():
    """``make_parsed(region, *, article=None, extra="")`` (do not import conftest: tests/browser has one too)."""
    return make_parsed


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture
def sample_parsed() -> list[Parsed]:
    return [make_parsed(r) for r in _DISTRICTS]


@pytest.fixture
def tmp_db(tmp_path) -> Path:
    return tmp_path / "data" / "dashboard.duckdb"


@pytest.fixture
def filled_store(tmp_db, sample_parsed):
    from store.db import Store
    store = Store(tmp_db)
    store.rebuild(sample_parsed, source="seed")
    return store


@pytest.fixture
def app_env(tmp_db, sample_parsed, monkeypatch):
    """DASHBOARD_DB pointing at a temporary store pre-filled with the hand-built articles."""
    from store.db import Store
    store = Store(tmp_db)
    store.rebuild(sample_parsed, source="seed")
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_db))
    return store


@pytest.fixture
def fresh_st_caches():
    """Empty Streamlit caches before and after a test (AppTests run in this process and share them)."""
    import streamlit as st
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
