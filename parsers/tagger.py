"""Part-of-speech tags of short phrases: jieba's dictionary cut without HMM, read per character on demand.

The parser asks jieba for (word, POS flag) pairs of short phrases, always in precise mode without HMM
(``jieba.posseg.POSTokenizer(tk).cut(text, HMM=False)``).  Loading jieba for that costs more than a
second per process: ``import jieba`` imports pkg_resources and an HMM model, the prefix dictionary
(580 000 words and prefixes) is unmarshalled whole, and jieba.posseg reads the 350 000-line dictionary
once more for its tag table (twice: importing it builds a default tagger).  A phrase only ever looks up
words that start at one of its characters, so :class:`PrefixDict` keeps jieba's dictionary split by
first character (one cache file, built once from jieba's ``dict.txt``, of each character's word ->
frequency / tag tables marshalled apart) and unmarshals a character's tables when a phrase first
needs them.  :class:`DictTagger` then
finds jieba's best path (its DAG and route, the same arithmetic) and yields the same pairs as
``jieba.posseg`` (tests/test_tagger.py compares them); a cut with HMM falls back to jieba itself.
"""
from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import re
import tempfile
from math import log
from pathlib import Path
from typing import Iterator

# jieba.posseg's patterns (0.42.1), copied so that the blocks, numbers and Latin runs split alike
_HAN = re.compile("([%s-%sa-zA-Z0-9+#&\\._]+)" % (chr(0x4E00), chr(0x9FD5)))   # a CJK range, not words
_SKIP = re.compile("(\r\n|\\s)")
_NUM = re.compile("[\\.0-9]+")
_ENG = re.compile("[a-zA-Z0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$")
_ENTRY = re.compile(r"^(\S+) (\d+) (\S+)$", re.M)         # a dictionary line: word freq tag
_USER_ENTRY = re.compile("^(.+?)( [0-9]+)?( [a-z]+)?$")   # jieba's re_userdict
CACHE_FORMAT = 2


def jieba_dict_path() -> Path:
    """jieba's default dictionary (``dict.txt`` in its package), found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def split_by_first_char(text: str) -> tuple[dict[str, str], int]:
    """({first character: its dictionary lines, in file order}, total frequency) of a dictionary text."""
    entries = _ENTRY.findall(text)
    n_lines = text.count("\n") + (not text.endswith("\n"))
    if len(entries) != n_lines:
        bad = next(ln for ln in text.splitlines() if not _ENTRY.fullmatch(ln))
        raise ValueError(f"not a jieba dictionary line (word freq tag): {bad!r}")
    groups: dict[str, list[str]] = {}
    total = 0
    for word, freq, tag in entries:
        groups.setdefault(word[0], []).append(f"{word} {freq} {tag}")
        total += int(freq)
    return {ch: "\n".join(lines) for ch, lines in groups.items()}, total


def read_entries(lines: str) -> tuple[dict[str, int], dict[str, str]]:
    """(word -> frequency with every prefix of a word at 0 unless a word itself, word -> tag) of
    dictionary lines: what jieba's ``gen_pfdict`` and ``load_word_tag`` make of them."""
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    rows = [ln.split(" ") for ln in lines.split("\n") if ln]
    for word, f, tag in rows:
        freq[word] = int(f)
        tags[word] = tag
    for word, _f, _tag in rows:
        for i in range(1, len(word)):
            freq.setdefault(word[:i], 0)
    return freq, tags


def pack(lines_by_char: dict[str, str]) -> dict[str, bytes]:
    """Each character's entries, marshalled: unmarshalling one is far cheaper than reading its lines."""
    return {ch: marshal.dumps(read_entries(lines)) for ch, lines in lines_by_char.items()}


class PrefixDict:
    """jieba's prefix dictionary and tag table, split by first character, filled in on first use.

    ``entries(ch)`` is (word -> frequency, with every prefix of a word at 0 unless a word itself;
    word -> tag) for the words starting with ``ch``: the slice of jieba's ``Tokenizer.FREQ`` and
    ``POSTokenizer.word_tag_tab`` a cut reads at that character.  ``total`` is jieba's total frequency.
    """

    def __init__(self, packed: dict[str, bytes], total: int) -> None:
        self._packed = packed
        self.total = total
        self._entries: dict[str, tuple[dict[str, int], dict[str, str]]] = {}
        self._added: dict[str, list[tuple[str, int, str | None]]] = {}

    @classmethod
    def from_text(cls, text: str) -> PrefixDict:
        lines, total = split_by_first_char(text)
        return cls(pack(lines), total)

    @classmethod
    def load(cls, path: Path | None = None, cache_dir: str | Path | None = None) -> PrefixDict:
        """The dictionary at ``path`` (jieba's by default), through a cache file of its split form."""
        path = Path(path or jieba_dict_path())
        st = path.stat()
        key = hashlib.md5(f"{CACHE_FORMAT}|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()
        cache = Path(cache_dir or tempfile.gettempdir()) / f"parsers_jieba_{key[:16]}.cache"
        try:
            with open(cache, "rb") as fh:
                packed, total = marshal.load(fh)
            if isinstance(packed, dict) and isinstance(total, int):
                return cls(packed, total)
        except (OSError, EOFError, ValueError, TypeError):
            pass
        lines, total = split_by_first_char(path.read_text(encoding="utf-8"))
        packed = pack(lines)
        _write_atomically(cache, marshal.dumps((packed, total)))
        return cls(packed, total)

    def add_word(self, word: str, freq: int, tag: str | None = None) -> None:
        """jieba's ``Tokenizer.add_word`` (with a frequency): the word wins over the dictionary's."""
        self.total += freq
        self._added.setdefault(word[0], []).append((word, freq, tag))
        self._entries.pop(word[0], None)

    def load_userdict(self, path: str | Path) -> None:
        """jieba's ``load_userdict``: lines ``word [freq] [tag]``; here every word needs its frequency."""
        for raw in Path(path).read_bytes().split(b"\n"):
            line = raw.strip().decode("utf-8").lstrip("\ufeff")
            if not line:
                continue
            word, freq, tag = _USER_ENTRY.match(line).groups()
            if freq is None:
                raise ValueError(f"user dictionary word without a frequency: {line!r}")
            self.add_word(word, int(freq), tag.strip() if tag else None)

    def entries(self, ch: str) -> tuple[dict[str, int], dict[str, str]]:
        got = self._entries.get(ch)
        if got is None:
            got = self._entries[ch] = self._read(ch)
        return got

    def _read(self, ch: str) -> tuple[dict[str, int], dict[str, str]]:
        blob = self._packed.get(ch)
        freq, tags = marshal.loads(blob) if blob else ({}, {})
        for word, f, tag in self._added.get(ch, ()):
            freq[word] = f
            if tag:
                tags[word] = tag
            for i in range(1, len(word)):
                freq.setdefault(word[:i], 0)
        return freq, tags


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:                      # a read-only temp dir: the split form is rebuilt next time
        pass


class DictTagger:
    """(word, flag) pairs of a phrase: jieba's precise cut without HMM over a :class:`PrefixDict`."""

    def __init__(self, prefix_dict: PrefixDict, userdict: str | Path | None = None) -> None:
        self.dict = prefix_dict
        self.userdict = userdict
        self._hmm_tagger = None

    def cut(self, sentence: str, HMM: bool = False) -> Iterator[tuple[str, str]]:  # noqa: N803 (jieba's name)
        if HMM:
            yield from ((p.word, p.flag) for p in self._with_hmm().cut(sentence, HMM=True))
            return
        for blk in _HAN.split(sentence):
            if not blk:
                continue
            if _HAN.match(blk):
                yield from self._cut_dag(blk)
            else:
                yield from _cut_other(blk)

    def lcut(self, sentence: str, HMM: bool = False) -> list[tuple[str, str]]:  # noqa: N803
        return list(self.cut(sentence, HMM=HMM))

    def dag(self, sentence: str) -> list[list[int]]:
        """jieba's ``get_DAG``: for each start, the ends of the dictionary words starting there."""
        n, dag = len(sentence), []
        for k in range(n):
            freq = self.dict.entries(sentence[k])[0]
            ends, i, frag = [], k, sentence[k]
            while i < n and frag in freq:
                if freq[frag]:
                    ends.append(i)
                i += 1
                frag = sentence[k:i + 1]
            dag.append(ends or [k])
        return dag

    def route(self, sentence: str) -> list[tuple[float, int]]:
        """jieba's ``calc``: the best (log probability, end) from each start, computed right to left."""
        n = len(sentence)
        dag = self.dag(sentence)
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        route[n] = (0, 0)
        logtotal = log(self.dict.total)
        for idx in range(n - 1, -1, -1):
            freq = self.dict.entries(sentence[idx])[0]
            route[idx] = max((log(freq.get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x)
                             for x in dag[idx])
        return route

    def _cut_dag(self, sentence: str) -> Iterator[tuple[str, str]]:
        """The best dictionary path; runs of single Latin letters/digits join into one ``eng`` word."""
        route = self.route(sentence)
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
                yield word, self.dict.entries(word[0])[1].get(word, "x")
            x = y
        if buf:
            yield buf, "eng"

    def _with_hmm(self):
        """jieba.posseg's own tagger over jieba's dictionary and the same user dictionary (loaded now)."""
        if self._hmm_tagger is None:
            import jieba
            import jieba.posseg
            tk = jieba.Tokenizer()
            if self.userdict:
                tk.load_userdict(str(self.userdict))
            self._hmm_tagger = jieba.posseg.POSTokenizer(tk)
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
