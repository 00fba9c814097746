"""The parser's accuracy on the seed set, scored against the gold annotation carried in tests/data.

The thresholds sit just under the scores measured on the seed set (README, "Accuracy"; the eval kit's
``score.py`` on ``python -m parsers build seeds --out OUT`` gives the same numbers):

    indicators: recall_t1=1.000 recall_t12=1.000 precision=0.973 (182/187) F1=0.986
                of matched: year=1.000 months=1.000 subject=0.978
    projects:   recall_t1=1.000 recall_t12=1.000 precision=0.920 (46/50) investment=1.000 region=0.957

so a change that loses a required figure, or adds a few wrong figures or one wrong project, fails here.
When the parser gets better, raise the thresholds with the new measurement.
"""
from pathlib import Path

import pytest

from parsers import combine, parse_article, parse_paths

from accuracy import score

SEEDS = Path(__file__).parent.parent / "seeds"

# metric -> (threshold, measured): each threshold is the measured value less about 0.01 (recalls and
# accuracies of 1.0: one miss in a hundred, except tier-1 recall, which must stay complete)
THRESHOLDS = {
    "recall_t1": (1.0, 1.000),
    "recall_t12": (0.99, 1.000),
    "precision": (0.96, 0.973),
    "f1": (0.975, 0.986),
    "year_acc": (0.99, 1.000),
    "month_acc": (0.99, 1.000),
    "subject_acc": (0.965, 0.978),
    "project_recall_t1": (1.0, 1.000),
    "project_recall": (0.99, 1.000),
    "project_precision": (0.91, 0.920),
    "project_investment_acc": (0.99, 1.000),
    "project_region_acc": (0.945, 0.957),
}


@pytest.fixture(scope="module")
def scores():
    ind, prj = combine(parse_paths([SEEDS]))
    return score(ind, prj)


@pytest.fixture(scope="module")
def scores_without_months():
    """The same articles without articles.csv: no publication month, years only from clues in the text."""
    parsed = [parse_article(f.read_text(encoding="utf-8"), article=f.name) for f in sorted(SEEDS.glob("*.txt"))]
    return score(*combine(parsed))


@pytest.mark.parametrize("metric", list(THRESHOLDS))
def test_seed_set_threshold(scores, metric):
    threshold, measured = THRESHOLDS[metric]
    got = getattr(scores, metric)
    assert got >= threshold, (f"{metric} = {got:.3f} < {threshold} (measured {measured:.3f})",
                              "missed:", scores.misses, "matching nothing:", scores.extras)


def test_seed_set_extras_are_the_known_ones(scores):
    """The precision losses measured today, by name: a new one shows up here even when the ratio still passes."""
    assert sorted(scores.extras, key=str) == sorted([
        ("000", "双阳区", "", "转项目库项目", "value", 23.0),
        ("002", "长春市", "", "市级群", "value", 1.0),
        ("002", "长春市", "", "9大行业群", "value", 17.0),
        ("002", "长春市", "", "发挥市工信局、市发改委、市建委、市房管局、市商务局", "value", 5.0),
        ("002", "长春市", "", "行业管理部门和", "value", 17.0),
        ("000", "project", "新能源汽车配套项目"),
        ("001", "project", "杏树河西桥改扩建"),
        ("001", "project", "山河街区供热雨水管网改造"),
        ("001", "project", "土顶街区提升"),
    ], key=str)
    assert scores.misses == []


def test_without_publication_months_only_the_year_of_one_article_is_lost(scores, scores_without_months):
    """README: without articles.csv the scores hold except year accuracy: article 003 carries no clue to its
    year, so its year is left empty rather than guessed; its 14 of the 91 required atoms with a gold year
    are then wrong: 77/91 = 0.846."""
    for metric in THRESHOLDS:
        if metric != "year_acc":
            assert getattr(scores_without_months, metric) == pytest.approx(getattr(scores, metric)), metric
    assert scores_without_months.year_acc == pytest.approx(77 / 91)


def test_scorer_can_fail():
    """The accuracy scorer is not a rubber stamp: an empty prediction scores zero, a wrong one loses precision."""
    from parsers.schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, empty_frame
    s = score(empty_frame(INDICATOR_COLUMNS), empty_frame(PROJECT_COLUMNS))
    assert s.recall_t1 == 0 and s.f1 == 0 and s.project_recall == 0 and s.precision == 0
    ind, prj = combine(parse_paths([SEEDS]))
    bumped = ind.assign(value=ind["value"] + 0.0123, yoy_pct=ind["yoy_pct"] + 0.0123)   # every number a bit off
    s = score(bumped, prj.assign(name="某某"))
    assert s.precision == 0 and s.recall_t12 == 0 and s.project_precision == 0
