"""Part-of-speech tags of short phrases from jieba's dictionary, without its HMM model.

The parser asks jieba for (word, POS flag) pairs of short phrases, always in precise mode without
HMM (``POSTokenizer.cut(text, HMM=False)``).  ``jieba.posseg`` serves that at a start-up cost the
parser does not need: importing it loads the HMM model and builds a default tagger that reads jieba's
350 000-line dictionary for its word -> tag table, and every ``POSTokenizer`` reads it again.
:class:`DictTagger` gives the same pairs as ``jieba.posseg.POSTokenizer(tokenizer).cut(text,
HMM=False)`` (tests/test_parser_perf.py compares them) from one fast read of the table; a cut with
HMM falls back to jieba.posseg, loaded then.
"""
from __future__ import annotations

import re
from typing import Iterator

# jieba.posseg's patterns (0.42.1), copied so that the blocks, numbers and Latin runs split alike
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_NUM = re.compile("[\\.0-9]+")
_ENG = re.compile("[a-zA-Z0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$")
_ENTRY = re.compile(r"^(\S+) \S+ (\S+)$", re.M)     # a dictionary line: word freq tag


def read_word_tags(dict_file) -> dict[str, str]:
    """word -> tag of a jieba dictionary file (binary, lines ``word freq tag``), read at once.

    The same table as ``POSTokenizer.load_word_tag``, which decodes and splits line by line, in one
    regex pass; a file with any other line (blank, white space in a word, CR) is read line by line.
    """
    with dict_file as fh:
        data = fh.read()
    text = data.decode("utf-8")
    pairs = _ENTRY.findall(text)
    if len(pairs) == text.count("\n") + (not text.endswith("\n")):
        return dict(pairs)
    tags: dict[str, str] = {}
    for raw in data.split(b"\n"):
        ln = raw.strip().decode("utf-8")
        if ln:
            word, _, tag = ln.split(" ")
            tags[word] = tag
    return tags


class DictTagger:
    """(word, flag) pairs of a phrase: jieba's precise cut without HMM over ``tokenizer``'s dictionary."""

    def __init__(self, tokenizer, word_tags: dict[str, str] | None = None) -> None:
        self.tokenizer = tokenizer
        self.word_tags = word_tags if word_tags is not None else read_word_tags(tokenizer.get_dict_file())
        self._hmm_tagger = None

    def _merge_user_tags(self) -> None:
        """Tags of words added to the tokenizer (user dictionary, add_word), as jieba.posseg merges them."""
        if self.tokenizer.user_word_tag_tab:
            self.word_tags.update(self.tokenizer.user_word_tag_tab)
            self.tokenizer.user_word_tag_tab = {}

    def cut(self, sentence: str, HMM: bool = False) -> Iterator[tuple[str, str]]:  # noqa: N803 (jieba's name)
        if HMM:
            yield from ((p.word, p.flag) for p in self._with_hmm().cut(sentence, HMM=True))
            return
        self._merge_user_tags()
        for blk in _HAN.split(sentence):
            if not blk:
                continue
            if _HAN.match(blk):
                yield from self._cut_dag(blk)
            else:
                yield from _cut_other(blk)

    def lcut(self, sentence: str, HMM: bool = False) -> list[tuple[str, str]]:  # noqa: N803
        return list(self.cut(sentence, HMM=HMM))

    def _cut_dag(self, sentence: str) -> Iterator[tuple[str, str]]:
        """The best dictionary path; runs of single Latin letters/digits join into one ``eng`` word."""
        tk, tags = self.tokenizer, self.word_tags
        route: dict = {}
        tk.calc(sentence, tk.get_DAG(sentence), route)
        x, n, buf = 0, len(sentence), ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if _ENG1.match(word):
                buf += word
            else:
                if buf:
                    yield buf, "eng"
                    buf = ""
                yield word, tags.get(word, "x")
            x = y
        if buf:
            yield buf, "eng"

    def _with_hmm(self):
        if self._hmm_tagger is None:
            import jieba.posseg
            self._hmm_tagger = jieba.posseg.POSTokenizer(self.tokenizer)
        return self._hmm_tagger


def _cut_other(blk: str) -> Iterator[tuple[str, str]]:
    """Text between dictionary blocks: white space as one ``x`` word, other characters one by one."""
    for x in _SKIP.split(blk):
        if _SKIP.match(x):
            yield x, "x"
            continue
        for ch in x:
            if _NUM.match(ch):
                yield ch, "m"
            elif _ENG.match(x):
                yield ch, "eng"
            else:
                yield ch, "x"
