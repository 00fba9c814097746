"""The genre test set: fresh articles of the genre from outside the seeds' city (tests/data/genre).

Twelve articles written for this set (a Jiangsu, a Guangdong and a Heilongjiang prefecture-level city,
two counties, a district whose name several cities share, communiqués with every TAB-table variant, a
price-index release, project round-ups), hand-annotated in ``tests/data/genre/build_gold.py``.

* the gold is well formed and every quote occurs in its article;
* one test per tier-1/2 fact and per tier-1/2 project, parsed with the region of articles.csv and again
  without it (as an upload before the user confirms a region); ids ``<slug>/<indicator>[/<subject>]/<value
  or growth>`` and ``<slug>/project/<name>[/<investment>]``; matching follows the eval kit's scorer
  (tests/accuracy.py) plus the period: year and last month;
* the set-level scores, with floors just under today's measurement.

Facts the parser gets wrong today are in ``KNOWN_FAILURES`` (strict xfail: a fix makes the test XPASS and
fail, so the entry has to go).  Regenerate the list with ``python tests/genre_failures.py``.
"""
from __future__ import annotations

import json
import re

import pytest

from parsers import combine, parse_paths
from parsers.api import read_metadata

import genre_failures as gf
from accuracy import score

FACTS = gf.required_facts()
PROJECTS = gf.required_projects()
FACT_IDS = [i for i, _ in FACTS]
PROJECT_IDS = [i for i, _ in PROJECTS]

# id -> reason, grouped by the failure classes of issue 9.  A plain id fails with and without the region;
# "region:<id>" / "noregion:<id>" fails in that run only.  Measured at the commit that last touched this list.
KNOWN_FAILURES = {
    # places
    '10_zhanjiang_industry_q1/产值/东海岛石化产业园区/612.8亿元': "places: value attributed to '湛江经开区', expected '湛江市'; places: growth attributed to '湛江经开区', expected '湛江市'",
    # tables
    '06_baoying_communique/产量/电线电缆(含光缆)/1.85万千米': 'tables: value of the row not extracted',
    # projects
    '03_huachuan_county/project/东北大米精深加工项目/2.3亿元': "projects: status '竣工', expected '试生产'",
    '08_qingyuan_projects/project/佳纳能源锂电材料扩产项目': 'projects: name not found',
    '08_qingyuan_projects/project/华禹新材料产业园项目/15亿元': "projects: status '主体完工', expected '设备安装'",
    '09_mudanjiang_projects/project/穆棱生物质热电联产项目/2.6亿元': "projects: status '在建', expected '设备安装'",
    # subjects
    '08_qingyuan_projects/产业项目完成投资/71.5亿元': "subjects: value read with subject '产业项目', expected '(none)'; subjects: growth read with subject '产业项目', expected '(none)'",
    '08_qingyuan_projects/民生项目完成投资/23.8亿元': "subjects: value read with subject '民生项目', expected '(none)'; subjects: growth read with subject '民生项目', expected '(none)'",
    '08_qingyuan_projects/重点项目完成投资/156.3亿元': "subjects: value read with subject '重点项目', expected '(none)'",
    '10_zhanjiang_industry_q1/规上服务业营业收入/203.7亿元': "subjects: value read with subject '住宿餐饮业', expected '(none)'; subjects: growth read with subject '住宿餐饮业', expected '(none)'",
    '11_yanji_q1/产业项目投资/+16.7%': "subjects: growth read with subject '产业项目', expected '(none)'",
    '11_yanji_q1/规上工业增加值/+6.5%': "subjects: growth read with subject '医药健康产业', expected '(none)'",
}


def _xfail(test_id: str, mode: str):
    reason = KNOWN_FAILURES.get(test_id) or KNOWN_FAILURES.get(f"{mode}:{test_id}")
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _params(items, mode):
    return [pytest.param(g, id=i, marks=_xfail(i, mode)) for i, g in items]


# --- the set itself ---

def test_articles_csv_lists_every_article_with_month_and_region():
    meta = read_metadata(gf.GENRE / "articles.csv")
    files = sorted(p.name for p in gf.GENRE.glob("*.txt"))
    assert sorted(meta) == files and len(files) >= 8
    for m in meta.values():
        assert re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", m.published or ""), m
        assert m.region and re.search(r"(市|区|县|旗)$", m.region), m


@pytest.mark.parametrize("name", sorted(p.name for p in gf.GENRE.glob("*.txt")))
def test_article_is_utf8_text_of_the_genre_length(name):
    text = (gf.GENRE / name).read_text(encoding="utf-8")
    assert 600 <= len(text) <= 2500, len(text)


def test_gold_rows_are_well_formed_and_quoted_verbatim():
    meta = read_metadata(gf.GENRE / "articles.csv")
    keys = ["article", "region", "subject", "indicator", "aliases", "year", "month_from", "month_to", "value",
            "unit", "yoy_pct", "tier", "quote"]
    for g in gf.gold():
        assert list(g) == keys, g
        assert g["article"] in meta and g["tier"] in (1, 2, 3), g
        text = (gf.GENRE / g["article"]).read_text(encoding="utf-8")
        assert g["quote"] and g["quote"] in text, g
        assert g["value"] is not None or g["yoy_pct"] is not None, g
        assert isinstance(g["aliases"], list) and g["aliases"] and all(a for a in g["aliases"]), g
        assert (g["unit"] is None) == (g["value"] is None) or g["indicator"] in ("居民消费价格指数", "工业生产者出厂价格指数",
                                                                                "工业生产者购进价格指数", "三次产业结构"), g
        assert g["year"] in range(2015, 2031), g
        if g["month_to"] is not None:
            assert 1 <= (g["month_from"] or 1) <= g["month_to"] <= 12, g
        if g["tier"] == 1:
            assert not g["subject"] and g["aliases"] != ["*"], g   # tier 1: region-wide, a named indicator


def test_project_gold_is_well_formed():
    meta = read_metadata(gf.GENRE / "articles.csv")
    for g in gf.gold_projects():
        assert list(g) == ["article", "region", "name", "keys", "tier", "investment_yi", "status"], g
        assert g["article"] in meta and g["tier"] in (1, 2, 3) and g["keys"], g
        text = (gf.GENRE / g["article"]).read_text(encoding="utf-8").replace("\n", "")
        assert all(k in text for k in g["keys"]), g


def test_gold_files_are_what_the_annotation_script_writes():
    """gold.jsonl / gold_projects.jsonl are generated by build_gold.py (which also checks the quotes)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("genre_build_gold", gf.GENRE / "build_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.check()
    assert [json.loads(json.dumps(r)) for r in mod.ROWS] == gf.gold()
    assert [json.loads(json.dumps(r)) for r in mod.PROJECTS] == gf.gold_projects()


def test_set_covers_the_genre():
    """The issue's minimum: 8+ texts, each failure class present, every table variant, projects with investments."""
    gold, texts = gf.gold(), {p.name: p.read_text(encoding="utf-8") for p in gf.GENRE.glob("*.txt")}
    joined = "\n".join(texts.values())
    for marker in ("单位：", "(万吨)", "持平", "#", "其中：", "(折纯)", "(含", "以来", "来源：", "日报讯", "摄",
                   "个百分点", "万元", "同比下降", "1-6月", "1~10月", "1至9月"):
        assert marker in joined, marker
    assert sum("\t" in g["quote"] for g in gold) >= 15
    assert {g["unit"] for g in gold} >= {"万吨标准煤", "吨标准煤/万元", "万人公里", "万吨公里", "亿千瓦时", "万千升", "公顷"}
    assert sum(p["investment_yi"] is not None for p in gf.gold_projects()) >= 10
    assert any(g["yoy_pct"] == 0 for g in gold) and any(g["value"] is not None and g["unit"] is None for g in gold)


def test_known_failures_name_existing_tests_and_a_class():
    ids = set(FACT_IDS) | set(PROJECT_IDS)
    for key, reason in KNOWN_FAILURES.items():
        assert key.split(":", 1)[-1] in ids, key
        assert all(part.split(":", 1)[0].strip() in gf.CLASSES for part in reason.split(";")), reason


# --- one test per fact and project ---

def _assert_fact(g, mode):
    problem = gf.fact_problem(g, mode)
    assert problem is None, f"{problem}  «{g['quote']}»"


def _assert_project(g, mode):
    problem = gf.project_problem(g, mode)
    assert problem is None, f"{problem}  ({g['name']})"


@pytest.mark.parametrize("g", _params(FACTS, "region"))
def test_fact_with_region(g):
    _assert_fact(g, "region")


@pytest.mark.parametrize("g", _params(FACTS, "noregion"))
def test_fact_without_region(g):
    _assert_fact(g, "noregion")


@pytest.mark.parametrize("g", _params(PROJECTS, "region"))
def test_project_with_region(g):
    _assert_project(g, "region")


@pytest.mark.parametrize("g", _params(PROJECTS, "noregion"))
def test_project_without_region(g):
    _assert_project(g, "noregion")


# --- the set-level score ---

# metric -> (floor, measured): the measurement less about 0.02 (about four facts of ~220); for projects (25) the
# floors sit just under the measurement, so one lost project or one more wrong one fails.  Measured at the commit
# that added this set (the eval kit's score.py on `python -m parsers build tests/data/genre` gives the same).
FLOORS = {      # metric: (floor, measured at the commit that set it); floors about 0.01-0.02 under the measure
    "recall_t1": (0.98, 1.000),
    "recall_t12": (0.97, 0.989),
    "precision": (0.97, 0.988),
    "f1": (0.97, 0.988),
    "year_acc": (0.98, 1.000),
    "month_acc": (0.98, 1.000),
    "project_recall": (0.95, 0.967),    # one more lost project fails (29/30 -> 28/30 = 0.933)
    "project_precision": (0.96, 1.000),
    "project_investment_acc": (0.95, 1.000),
}
FLOORS_WITHOUT_REGION = {      # the same articles parsed without articles.csv's region (published kept)
    "recall_t1": (0.98, 1.000),
    "recall_t12": (0.97, 0.989),
    "precision": (0.97, 0.988),
    "f1": (0.97, 0.988),
    "month_acc": (0.98, 1.000),
    "project_recall": (0.95, 0.967),
}


def _set_scores(with_region: bool):
    meta = read_metadata(gf.GENRE / "articles.csv")
    if not with_region:
        from parsers.api import ArticleMeta
        meta = {k: ArticleMeta(k, m.published, None) for k, m in meta.items()}
    ind, prj = combine(parse_paths(sorted(gf.GENRE.glob("*.txt")), metadata=meta))
    return score(ind, prj, gf.gold(), gf.gold_projects())


def _report(s, label):
    print(f"\ngenre set {label}: F1={s.f1:.3f} recall_t1={s.recall_t1:.3f} recall_t12={s.recall_t12:.3f} "
          f"precision={s.precision:.3f} year={s.year_acc:.3f} months={s.month_acc:.3f} subject={s.subject_acc:.3f} | "
          f"projects recall={s.project_recall:.3f} precision={s.project_precision:.3f} "
          f"investment={s.project_investment_acc:.3f} region={s.project_region_acc:.3f}")


@pytest.fixture(scope="module")
def set_scores():
    return _set_scores(True)


@pytest.fixture(scope="module")
def set_scores_without_region():
    return _set_scores(False)


def test_set_level_scores_hold(set_scores):
    _report(set_scores, "with regions")
    low = {m: getattr(set_scores, m) for m, (floor, _) in FLOORS.items() if getattr(set_scores, m) < floor}
    assert not low, (low, "missed:", set_scores.misses, "matching nothing:", set_scores.extras)


def test_set_level_scores_without_region_hold(set_scores_without_region):
    _report(set_scores_without_region, "without regions")
    s = set_scores_without_region
    low = {m: getattr(s, m) for m, (floor, _) in FLOORS_WITHOUT_REGION.items() if getattr(s, m) < floor}
    assert not low, (low, "missed:", s.misses)
