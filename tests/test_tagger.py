"""parsers.tagger: the parser's POS tags are jieba.posseg's (precise, no HMM), loaded without jieba.posseg."""
from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from parsers.lexicon import USERDICT, get_tokenizer
from parsers.tagger import DictTagger, read_word_tags

ROOT = Path(__file__).resolve().parents[1]
jieba = pytest.importorskip("jieba")


@pytest.fixture(scope="module")
def reference():
    """jieba.posseg's own tagger over a second private tokenizer with the same user dictionary."""
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    tk.load_userdict(str(USERDICT))
    return jieba.posseg.POSTokenizer(tk)


def _pairs(cut) -> list[tuple[str, str]]:
    return [tuple(p) for p in cut]


MIXED = [
    pytest.param("规上工业增加值同比增长8.6%", id="indicator-and-figure"),
    pytest.param("5G基站新建1200个", id="latin-digit-run"),
    pytest.param("C919大飞机配套项目", id="latin-letters-then-digits"),
    pytest.param("GDP 增长 5.2%", id="spaces-between-words"),
    pytest.param("一期\r\n二期\t三期", id="crlf-and-tab"),
    pytest.param("总投资3.5亿元的“数字经济产业园”", id="quotes"),
    pytest.param("A股上市企业达到12家", id="single-latin-letter"),
    pytest.param("R&D经费投入强度2.1%", id="ampersand"),
    pytest.param("新能源汽车+储能一体化", id="plus-sign"),
    pytest.param("年产10万吨锂电池正极材料项目", id="project-name"),
    pytest.param("①②③ ——…… ！？", id="symbols-only"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", MIXED)
def test_cut_equals_jieba_posseg_without_hmm(text, reference):
    assert _pairs(get_tokenizer().cut(text, HMM=False)) == _pairs(reference.cut(text, HMM=False))


def test_cut_equals_jieba_posseg_on_every_seed_clause(reference):
    clauses = {c for p in sorted((ROOT / "seeds").glob("*.txt"))
               for c in re.split(r"[，。；：！？\n]", p.read_text(encoding="utf-8")) if c.strip()}
    assert len(clauses) > 500
    tagger = get_tokenizer()
    differ = [c for c in sorted(clauses) if _pairs(tagger.cut(c)) != _pairs(reference.cut(c, HMM=False))]
    assert differ == []


def test_user_dictionary_tags_are_used(reference):
    # a user-dictionary word (an indicator synonym, tagged n) is one word with the user tag
    word = next(ln.split(" ")[0] for ln in USERDICT.read_text(encoding="utf-8").splitlines()
                if ln.endswith(" n") and len(ln.split(" ")[0]) >= 6)
    assert (word, "n") in _pairs(get_tokenizer().cut(f"今年{word}增长"))


def test_cut_with_hmm_is_jieba_posseg_with_hmm(reference):
    text = "双阳区鹿乡镇梅花鹿产业园区扩建"
    assert _pairs(get_tokenizer().cut(text, HMM=True)) == _pairs(reference.cut(text, HMM=True))


def _load_word_tag(dict_file) -> dict[str, str]:
    import jieba.posseg

    bare = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    bare.load_word_tag(dict_file)
    return bare.word_tag_tab


def test_word_tag_table_is_jieba_posseg_table(reference):
    table = read_word_tags(reference.tokenizer.get_dict_file())
    assert len(table) > 300_000
    assert table == _load_word_tag(reference.tokenizer.get_dict_file())


ODD_FILES = [
    pytest.param(b"alpha 3 n\nbeta 2 v\n", id="plain"),
    pytest.param(b"alpha 3 n\n\nbeta 2 v", id="blank-line-no-final-newline"),
    pytest.param(b"alpha 3 n\r\nbeta 2 v\r\n", id="crlf"),
    pytest.param(b" alpha 3 n \n beta 2 v\t\n", id="padded"),
    pytest.param("汽车 9 n\n零部件 5 n\n".encode("utf-8"), id="chinese"),
]


@pytest.mark.parametrize("data", ODD_FILES)
def test_reading_a_dictionary_file_matches_load_word_tag(data):
    assert read_word_tags(io.BytesIO(data)) == _load_word_tag(io.BytesIO(data))


def test_malformed_dictionary_line_is_an_error_like_jieba():
    with pytest.raises(ValueError):
        read_word_tags(io.BytesIO(b"alpha 3 n\nbeta 2\n"))


def test_tagging_does_not_import_jieba_posseg():
    """The private tagger needs neither jieba.posseg's HMM model nor its default tagger (a 2nd table read)."""
    code = ("import sys; from parsers.lexicon import pos_tags; pos_tags('规上工业增加值增长'); "
            "print('jieba.posseg' in sys.modules, 'jieba.posseg.prob_emit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_tagger_over_its_own_dictionary(tmp_path):
    dict_file = tmp_path / "dict.txt"
    dict_file.write_text("汽车 50 n\n产业 40 n\n汽车产业 100 nz\n新建 30 v\n", encoding="utf-8")
    tk = jieba.Tokenizer(str(dict_file))
    tk.tmp_dir = str(tmp_path)
    tagger = DictTagger(tk)
    assert _pairs(tagger.cut("新建汽车产业")) == [("新建", "v"), ("汽车产业", "nz")]
    tk.add_word("新建汽车", 10_000, "vn")                # words added later are tagged too
    assert _pairs(tagger.cut("新建汽车产业")) == [("新建汽车", "vn"), ("产业", "n")]
    assert DictTagger(tk, word_tags={"产业": "zz"}).word_tags == {"产业": "zz"}
