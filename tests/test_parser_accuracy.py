"""The issue's thresholds on the seed set, scored against the gold annotation carried in tests/data."""
from pathlib import Path

import pytest

from parsers import combine, parse_paths

from accuracy import score

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def scores():
    ind, prj = combine(parse_paths([SEEDS]))
    return score(ind, prj)


@pytest.mark.parametrize("metric, threshold", [
    ("recall_t1", 0.95), ("f1", 0.90), ("month_acc", 0.95), ("year_acc", 0.95),
    ("project_recall", 0.85), ("project_precision", 0.85),
], ids=lambda x: str(x))
def test_seed_set_threshold(scores, metric, threshold):
    assert getattr(scores, metric) >= threshold, (metric, getattr(scores, metric), scores.misses)


def test_scorer_can_fail():
    """The accuracy scorer is not a rubber stamp: an empty prediction scores zero."""
    from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, empty_frame
    s = score(empty_frame(INDICATOR_COLUMNS), empty_frame(PROJECT_COLUMNS))
    assert s.recall_t1 == 0 and s.f1 == 0 and s.project_recall == 0
