"""Parse functions for tests/test_worker.py: importable by name, as a worker process needs them."""
from __future__ import annotations

import time

from parsers import parse_article


def slow_on_marker(text: str, **kwargs):
    """Like parse_article, but a text starting with "SLOW" never finishes in time, and "FAIL" raises."""
    if text.startswith("SLOW"):
        time.sleep(60)
    if text.startswith("FAIL"):
        raise ValueError("bad input")
    return parse_article(text, **kwargs)
