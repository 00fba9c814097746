"""parsers.tagger: the parser's POS tags are jieba.posseg's (precise, no HMM), read per character on demand
from jieba's dictionary without importing jieba."""
from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from parsers.lexicon import USERDICT, get_tokenizer
from parsers.tagger import DictTagger, PrefixDict, jieba_dict_path, split_by_first_char

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


def test_prefix_dict_slices_are_jieba_freq_and_tag_table(reference):
    """Per first character: jieba's FREQ (words and prefixes) and posseg's tag table, user words included."""
    reference.lcut("预热", HMM=False)                     # posseg merges the user tags on its first cut
    jieba_freq, jieba_tags = reference.tokenizer.FREQ, reference.word_tag_tab
    ours = get_tokenizer().dict
    assert ours.total == reference.tokenizer.total
    by_char: dict[str, set[str]] = {}
    for w in jieba_freq:
        by_char.setdefault(w[0], set()).add(w)
    user_chars = {ln[0] for ln in USERDICT.read_text(encoding="utf-8").splitlines() if ln}
    chars = sorted(user_chars | set(sorted(by_char)[::25]) | {"长", "a", "5", "·"})
    for ch in chars:
        freq, tags = ours.entries(ch)
        assert freq == {w: jieba_freq[w] for w in by_char.get(ch, ())}, ch
        assert tags == {w: t for w, t in jieba_tags.items() if w[0] == ch}, ch


def _load_word_tag(data: bytes) -> tuple[dict, dict]:
    """jieba's own readers of a dictionary file: (FREQ, tag table)."""
    import jieba.posseg

    freq, total = jieba.Tokenizer.gen_pfdict(io.BytesIO(data))
    bare = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    bare.load_word_tag(io.BytesIO(data))
    return freq, bare.word_tag_tab, total


DICT_FILES = [
    pytest.param("汽车 9 n\n零部件 5 n\n汽车零部件 3 nz\n", id="word-and-its-prefix-word"),
    pytest.param("汽车零部件 3 nz\n汽车 9 n\n", id="prefix-word-after-the-longer-word"),
    pytest.param("汽车 9 n\n汽车 4 vn", id="repeated-word-last-wins-no-final-newline"),
    pytest.param("5G 20 eng\n·维 3 x\n", id="latin-and-symbol-first-characters"),
]


@pytest.mark.parametrize("text", DICT_FILES)
def test_split_dictionary_reads_like_jieba(text):
    freq, tags, total = _load_word_tag(text.encode("utf-8"))
    words = PrefixDict.from_text(text)
    assert words.total == total
    for ch in {w[0] for w in freq} | {"无"}:
        assert words.entries(ch) == ({w: f for w, f in freq.items() if w[0] == ch},
                                     {w: t for w, t in tags.items() if w[0] == ch})


@pytest.mark.parametrize("text", ["汽车 9 n\n\n零部件 5 n\n", "汽车 9\n", "汽车 x n\n", "汽 车 9 n\n"])
def test_malformed_dictionary_line_is_an_error(text):
    with pytest.raises(ValueError):
        split_by_first_char(text)


def test_split_form_is_cached_and_rebuilt_when_the_dictionary_changes(tmp_path):
    src = tmp_path / "dict.txt"
    src.write_text("汽车 9 n\n", encoding="utf-8")
    assert PrefixDict.load(src, cache_dir=tmp_path).entries("汽")[0] == {"汽车": 9, "汽": 0}
    assert len(list(tmp_path.glob("parsers_jieba_*.cache"))) == 1
    src.write_text("汽车 9 n\n汽油 4 n\n", encoding="utf-8")
    os_stat = src.stat()
    import os
    os.utime(src, ns=(os_stat.st_atime_ns, os_stat.st_mtime_ns + 1_000_000_000))
    assert PrefixDict.load(src, cache_dir=tmp_path).entries("汽")[0] == {"汽车": 9, "汽油": 4, "汽": 0}
    for cache in tmp_path.glob("parsers_jieba_*.cache"):
        cache.write_bytes(b"not marshal")              # a broken cache is read around
    assert PrefixDict.load(src, cache_dir=tmp_path).total == 13


def test_jieba_dictionary_found_without_importing_jieba():
    assert jieba_dict_path().name == "dict.txt" and jieba_dict_path().stat().st_size > 1_000_000


def test_tagging_does_not_import_jieba():
    """Tags need neither jieba's start-up (pkg_resources, HMM models, whole prefix dictionary) nor
    jieba.posseg's (its default tagger's second read of the tag table)."""
    code = ("import sys; from parsers.lexicon import pos_tags; pos_tags('规上工业增加值增长'); "
            "print('jieba' in sys.modules, 'jieba.posseg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_tagger_over_its_own_dictionary(tmp_path):
    words = PrefixDict.from_text("汽车 50 n\n产业 40 n\n汽车产业 100 nz\n新建 30 v\n")
    tagger = DictTagger(words)
    assert _pairs(tagger.cut("新建汽车产业")) == [("新建", "v"), ("汽车产业", "nz")]
    words.add_word("新建汽车", 10_000, "vn")             # words added later are cut and tagged too
    assert _pairs(tagger.cut("新建汽车产业")) == [("新建汽车", "vn"), ("产业", "n")]
    userdict = tmp_path / "user.txt"
    userdict.write_text("汽车产业 1000000 nt\n", encoding="utf-8")
    words.load_userdict(userdict)
    assert _pairs(tagger.cut("新建汽车产业")) == [("新建", "v"), ("汽车产业", "nt")]
