"""Uploads are parsed in a worker process under a time limit (parsers.worker)."""
from __future__ import annotations

import os
import time

import pytest

from parsers import parse_article
from parsers.worker import ParseFailed, ParsePool, ParseTimeout, timeout_from_env
from tests.conftest import SEEDS_DIR
from tests.worker_targets import slow_on_marker

SEED = sorted(SEEDS_DIR.glob("*.txt"))[3]


@pytest.fixture(scope="module")
def pool():
    p = ParsePool(workers=1, timeout_s=15, target=slow_on_marker)
    yield p
    p.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_worker_gives_the_same_rows_as_parsing_in_process(pool):
    text = SEED.read_text(encoding="utf-8")
    got = pool.parse(text, article=SEED.name, published="2024-08")
    want = parse_article(text, article=SEED.name, published="2024-08")
    assert len(want.indicators) > 5
    assert got.indicators.equals(want.indicators) and got.projects.equals(want.projects)
    assert (got.region, got.year, got.title) == (want.region, want.year, want.title)
    assert pool.pids() and all(p != os.getpid() for p in pool.pids())


def test_parse_over_the_limit_is_stopped_and_the_next_one_works(pool):
    pool.parse("短文。", article="warm.txt")          # the worker is up
    (pid,) = pool.pids()
    pool.timeout_s = 1.0
    t0 = time.monotonic()
    with pytest.raises(ParseTimeout) as err:
        pool.parse("SLOW" + "文字" * 10, article="慢.txt")
    took = time.monotonic() - t0
    pool.timeout_s = 15
    assert "慢.txt" in str(err.value) and "时间上限" in str(err.value)
    assert took < 10          # it did not wait for the 60 s parse
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)    # the stuck parse's process was ended
    text = SEED.read_text(encoding="utf-8")
    assert len(pool.parse(text, article=SEED.name, published="2024-08").indicators) > 5
    assert pool.pids() and pool.pids() != [pid]


def test_parser_error_is_reported_with_its_name(pool):
    with pytest.raises(ParseFailed) as err:
        pool.parse("FAIL here", article="坏.txt")
    assert "坏.txt" in str(err.value) and "ValueError: bad input" in str(err.value)
    assert pool.parse("短文。", article="ok.txt").article == "ok.txt"   # the worker survived


@pytest.mark.parametrize("value, expected", [("", 20.0), ("7.5", 7.5), ("abc", 20.0), ("-1", 20.0)],
                         ids=["unset", "seconds", "not-a-number", "negative"])
def test_timeout_from_env(monkeypatch, value, expected):
    monkeypatch.setenv("DASHBOARD_PARSE_TIMEOUT_S", value)
    assert timeout_from_env(20.0) == expected
