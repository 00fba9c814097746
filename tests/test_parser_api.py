"""Guards the small public API of ``parsers`` and the lexicon/jieba dictionary sync."""
import inspect
import subprocess
import sys

import parsers
from parsers.lexicon import USERDICT, get_lexicon

PUBLIC = {"ARTICLE_COLUMNS", "INDICATOR_COLUMNS", "PROJECT_COLUMNS", "ArticleMeta", "Parsed", "InputError",
          "combine", "decode_bytes", "parse_article", "parse_paths", "period_fields", "read_metadata", "unit_scale"}


def test_public_names():
    assert set(parsers.__all__) == PUBLIC


def test_parse_article_signature():
    sig = inspect.signature(parsers.parse_article)
    assert list(sig.parameters) == ["text", "article", "region", "published"]
    assert all(p.kind is p.KEYWORD_ONLY for n, p in sig.parameters.items() if n != "text")


def test_scorer_contract_columns():
    must = ["article", "region", "subject", "indicator", "period", "year", "month_from", "month_to", "value", "unit",
            "yoy_pct", "qualifier", "sentence", "start", "end"]
    assert all(c in parsers.INDICATOR_COLUMNS for c in must)
    assert all(c in parsers.PROJECT_COLUMNS for c in ["article", "region", "name", "investment", "status", "sentence"])


def test_parsers_never_imports_streamlit():
    code = "import sys, parsers; parsers.parse_article('全区产值增长5%。'); print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_jieba_userdict_in_sync_with_lexicon():
    """parsers/data/userdict.txt is generated (python -m parsers userdict); regenerate after editing the lexicon."""
    expected = get_lexicon().userdict_lines()
    actual = [ln for ln in USERDICT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert actual == expected


def test_every_canonical_indicator_is_its_own_synonym():
    lex = get_lexicon()
    for canon in set(lex.indicator_of.values()):
        assert lex.indicator_of.get(canon) == canon
