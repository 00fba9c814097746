"""Traditional texts and their Simplified twins give the same rows (issue 12).

tests/data/traditional_pairs/ holds twin texts written blind (never from parser output): NN_slug.hant.txt
in Traditional script, as 繁體 buttons, Taiwan and Hong Kong write it (variant characters 裡/裏, 綫, 着/著,
衞, 羣, 臺 …), and NN_slug.hans.txt, the same text character for character in Simplified script.  They
cover units (萬元, 億千瓦時, 個百分點 …), 分別 lists, CPI categories, periods (1~7月, 1-11月, 一季度,
上半年, 前三季度, 全年, 年末 stocks), and 「」 quotes.  pairs.yaml lists facts that both twins must give.

For every pair: the rows of the two twins are identical, field by field, apart from the surface texts
(value_text, yoy_text, sentence), which keep the article's own script.  As the twins have the same
layout, the spans are identical too, and each Traditional span highlights the Traditional figure.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accuracy import gold_atoms, indicator_ok, period_ok, region_ok, row_has_atom
from components.evidence import find_evidence
from parsers import parse_article
from parsers.normalize import QUOTES, half_width
from parsers.script import simplified

PAIRS = Path(__file__).parent / "data" / "traditional_pairs"
SPEC = yaml.safe_load((PAIRS / "pairs.yaml").read_text(encoding="utf-8"))["pairs"]
SURFACES = ("value_text", "yoy_text", "sentence")


def _parse(stem: str, script: str, pair: dict, with_region: bool):
    text = (PAIRS / f"{stem}.{script}.txt").read_text(encoding="utf-8")
    region = pair["region"] if with_region else None
    return text, parse_article(text, article=f"{stem}.txt", region=region, published=pair["published"])


def _without_surfaces(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in SURFACES} for r in rows]


CASES = [pytest.param(p, w, id=f"{p['stem']}/{'region-given' if w else 'region-empty'}")
         for p in SPEC for w in (True, False)]


def test_there_are_at_least_six_pairs_of_the_same_length():
    assert len(SPEC) >= 6
    for p in SPEC:
        hant = (PAIRS / f"{p['stem']}.hant.txt").read_text(encoding="utf-8")
        hans = (PAIRS / f"{p['stem']}.hans.txt").read_text(encoding="utf-8")
        assert len(hant) == len(hans) and hant != hans, p["stem"]


@pytest.mark.parametrize("pair,with_region", CASES)
def test_twins_give_identical_rows(pair, with_region):
    hant, t = _parse(pair["stem"], "hant", pair, with_region)
    hans, s = _parse(pair["stem"], "hans", pair, with_region)
    assert (t.script, s.script) == ("traditional", "simplified")
    assert t.region == s.region
    assert t.indicator_records, "no rows"
    assert _without_surfaces(t.indicator_records) == _without_surfaces(s.indicator_records)
    assert _without_surfaces(t.project_records) == _without_surfaces(s.project_records)
    for rt, rs in zip(t.indicator_records, s.indicator_records):
        for k in SURFACES:   # the Traditional twin's own words, which read as the Simplified twin's
            assert QUOTES.sub("", simplified(rt[k])) == QUOTES.sub("", rs[k]), (k, rt[k], rs[k])


@pytest.mark.parametrize("pair", [pytest.param(p, id=p["stem"]) for p in SPEC])
def test_every_traditional_span_lands_on_the_traditional_figure(pair):
    hant, t = _parse(pair["stem"], "hant", pair, True)
    hans = (PAIRS / f"{pair['stem']}.hans.txt").read_text(encoding="utf-8")
    for r in t.indicator_records:
        assert find_evidence(r, hant).problem == "", r
        for a, b in (("start", "end"), ("sent_start", "sent_end"), ("yoy_start", "yoy_end")):
            if r[a] is None:
                continue
            got = hant[r[a]:r[b]]
            assert got and simplified(QUOTES.sub("", got)) == QUOTES.sub("", hans[r[a]:r[b]]), (a, got)
        if r["value_text"]:
            assert half_width(hant[r["start"]:r["end"]]).startswith(r["value_text"]), r


FACTS = [pytest.param(p, f, script, id=f"{p['stem']}/{script}/{f.get('subject') or ''}{f['indicator']}/"
                      f"{f['value'] if f['value'] is not None else ''}{f['unit'] or ''}"
                      f"{'' if f['yoy_pct'] is None else str(f['yoy_pct']) + '%'}")
         for p in SPEC for f in p["facts"] for script in ("hant", "hans")]


@pytest.mark.parametrize("pair,fact,script", FACTS)
def test_expected_fact_is_found(pair, fact, script):
    _, parsed = _parse(pair["stem"], script, pair, False)
    aliases = [fact["indicator"], *fact.get("aliases", [])]
    if fact.get("subject"):
        aliases = [fact["subject"] + a for a in aliases] + [fact["subject"]]
    g = {**fact, "region": pair["region"], "article": f"{pair['stem']}.txt"}
    rows = [r for r in parsed.indicator_records if region_ok(r["region"], pair["region"])
            and indicator_ok(r["indicator"], r["subject"], aliases)]
    for kind, n, base in gold_atoms(g):
        hits = [r for r in rows if row_has_atom(r, kind, n, base)]
        assert hits, (kind, n, base, [(r["subject"], r["indicator"], r["value"], r["yoy_pct"]) for r in rows])
        assert any(period_ok(r, g) for r in hits), [(r["period"], r["month_to"]) for r in hits]
