"""Parse time stays linear in the input, whatever its shape (issue 8, "trust").

Timed (``slow``): one 2 MB upload in each pathological shape of ``benchmarks/bench_parser.py``
(``SHAPES``: no punctuation, one huge line, runs of separators, thousands of numbers, project words,
quotes, tables ...) takes at most 3x the CPU time of a 2 MB upload of normal articles (the seeds
concatenated, parsed as one upload the same way); that holds for the shapes whose output grows with
the text too ("5%" or "2024年上半年" repeated), since a sentence is read for at most MAX_FIGURES figures
and MAX_PERIODS periods.  ``python benchmarks/bench_parser.py --shapes`` prints the figures.

Cheap: every shape parses at a small size with spans inside the text, bounded sentences and plausible
project names; text without punctuation yields no projects; the seeds stay well inside every bound;
the indexed project matching agrees with the scan it replaces.
"""
from __future__ import annotations

import importlib.util
import random
import re
from pathlib import Path

import pytest

from parsers import extract, parse_article
from parsers.extract import MAX_PHRASE
from parsers.normalize import MAX_SENTENCE, normalize, sentences
from parsers.numbers import MAX_FIGURES, find_quantities
from parsers.periods import MAX_PERIODS, find_periods
from parsers.projects import MAX_NAME, MAX_UNPUNCTUATED, _Found

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_parser", ROOT / "benchmarks" / "bench_parser.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

UPLOAD = 2_000_000            # bytes: just under the 2 MB upload limit
MAX_RATIO = 3.0
TIMED = list(bench.SHAPES)


# ------------------------------------------------------------------ timed
@pytest.fixture(scope="module")
def normal_seconds() -> float:
    bench.warm_up()
    return bench.time_parse(bench.normal_text(UPLOAD), repeat=3)[0]


@pytest.mark.slow
@pytest.mark.parametrize("shape", TIMED)
def test_pathological_upload_takes_at_most_3x_normal(shape, normal_seconds):
    text = bench.SHAPES[shape](UPLOAD)
    seconds = bench.time_parse(text)[0]
    if seconds > MAX_RATIO * normal_seconds:       # a busy machine: measure twice more before failing
        seconds = min(seconds, bench.time_parse(text, repeat=2)[0])
    assert seconds <= MAX_RATIO * normal_seconds, (
        f"{shape}: {seconds:.2f} s for 2 MB, {seconds / normal_seconds:.1f}x the {normal_seconds:.2f} s of normal text")


# ------------------------------------------------------------------ cheap
@pytest.mark.parametrize("shape", list(bench.SHAPES))
def test_every_shape_parses_into_valid_rows(shape):
    text = bench.SHAPES[shape](30_000)
    p = parse_article(text, article=f"{shape}.txt")
    for r in p.indicator_records:
        assert 0 <= r["start"] <= r["end"] <= len(text)
        assert 0 <= r["sent_start"] <= r["sent_end"] <= len(text)
        assert len(r["sentence"]) <= MAX_SENTENCE
    for r in p.project_records:
        assert 3 <= len(r["name"]) <= MAX_NAME
        assert 0 <= r["start"] <= r["end"] <= len(text)
    assert all(e - s <= MAX_SENTENCE for s, e in sentences(normalize(text).text))


@pytest.mark.parametrize("shape", ["no_punctuation", "project_words", "numbers_unpunctuated"])
def test_text_without_punctuation_names_no_projects(shape):
    # the upload: 46 "projects" that were the 40 characters before some 项目
    assert parse_article(bench.SHAPES[shape](300_000), article="x.txt").project_records == []


@pytest.mark.parametrize("text", [
    pytest.param("增长12.345%" * 400, id="figures"),
    pytest.param("总投资1234567亿元" * 300, id="money"),
    pytest.param("abcdefghij" * 300, id="latin"),
    pytest.param("长春" * 1350 + "，" + "汽车" * 1500, id="cjk-with-one-comma"),
])
def test_long_sentences_are_windows_that_cover_the_text_without_splitting_figures(text):
    spans = list(sentences(text))
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert "".join(text[s:e] for s, e in spans) == text                 # nothing lost, in order
    figure = re.compile(r"[\dA-Za-z.%]")
    for s, e in spans[:-1]:
        if figure.match(text, e - 1) and figure.match(text, e):
            assert "abcdefghij" in text                                   # a Latin run longer than the shift
    comma = text.find("，")
    if comma >= 0:
        assert any(e == comma + 1 for _, e in spans)                     # cut at the clause separator


def test_seeds_stay_well_inside_every_bound(monkeypatch):
    """The bounds are for text that is not prose: on the seeds each has at least 2x headroom."""
    phrases = []
    clean_phrase = extract.clean_phrase

    def recording(text, a, b, *args):
        phrases.append(b - a)
        return clean_phrase(text, a, b, *args)

    monkeypatch.setattr(extract, "clean_phrase", recording)
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        assert max(e - s for s, e in sentences(text)) * 2 <= MAX_SENTENCE, path.name
        assert max(len(find_quantities(text, s, e)) for s, e in sentences(text)) * 2 <= MAX_FIGURES
        assert max(len(find_periods(text, s, e)) for s, e in sentences(text)) * 2 <= MAX_PERIODS
        assert max(map(len, re.split(r"[，,；;：:。！？!?\n、—…]", text))) * 2 <= MAX_UNPUNCTUATED, path.name
        for r in parse_article(path.read_text(encoding="utf-8"), article=path.name).project_records:
            assert len(r["name"]) * 2 <= MAX_NAME, r["name"]
    assert phrases and max(phrases) * 2 <= MAX_PHRASE


def test_indexed_project_matching_agrees_with_a_scan():
    """_Found.match finds the first project (in order) whose name contains or is contained in the new one."""
    rnd = random.Random(8)
    found, order = _Found(), []
    for _ in range(3000):
        name = "".join(rnd.choice("长春汽车项目一期园") for _ in range(rnd.randint(3, 9)))
        expected = name if name in order else next((o for o in order if name in o or o in name), None)
        got = found.match(name)
        assert (got["name"] if got else None) == expected, name
        if got is None:
            found.add(name, {"name": name})
            order.append(name)


# ------------------------------------------------------------------ the ratio against jieba (machinery only)
def test_ratio_benchmark_runs_both_processes_on_the_same_corpus(tmp_path, capsys):
    """bench_parser's ratio: the corpus folder parses (every file, with its articles.csv) and jieba's cut
    script runs on it; the report prints both MB/s figures and the ratio.  No timed assertion."""
    corpus = bench.build_corpus(0.03)
    assert len({name for name, _, _ in corpus}) == len(corpus) >= 3
    assert len({text for _, text, _ in corpus}) == len(corpus)             # every copy distinct
    folder = bench.write_corpus(corpus, tmp_path / "corpus")
    cmds = bench.ratio_commands(folder, tmp_path / "out")
    wall, cpu = bench.time_process(cmds["parser"])
    assert wall > 0 and cpu > 0
    import pandas as pd
    ind = pd.read_csv(tmp_path / "out" / "indicators.csv")
    assert set(ind["article"]) == {name for name, _, _ in corpus}
    from parsers import read_metadata
    meta = read_metadata(folder / "articles.csv")
    assert {name: m.published for name, m in meta.items()} == {name: pub for name, _, pub in corpus}
    ratio = bench.ratio_report(corpus, repeat=1)
    out = capsys.readouterr().out
    assert ratio > 0 and out.count("MB/s") == 4 and "parser speed / jieba speed" in out
