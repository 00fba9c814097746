"""Step 1: clean newspaper-extracted text while keeping a map back to the original.

* full-width ASCII (０-９, ％, ，, （…) becomes half-width — a 1:1 character map, so
  offsets do not move;
* lines broken mid-sentence by the page layout are joined ("11大领域93" / "项改革任务");
* stray spaces inside numbers are dropped ("780 亿元").

Deletions are recorded so that ``Normalized.to_orig(i)`` maps an index of the
clean text back to the original text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0xFE50: ord(","), 0xFE51: ord("、"), 0x2024: ord(".")})
WIDTH_TABLE = str.maketrans({k: chr(v) if isinstance(v, int) else v for k, v in _WIDTH.items()})
_WIDE = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_WIDTH)) + "]")
# every character maps to one that is not mapped itself: replacing them one by one is the translation
assert not {v for v in _WIDTH.values()} & set(_WIDTH)


def half_width(text: str) -> str:
    """``text.translate(WIDTH_TABLE)``: only the few wide characters a text holds are replaced, each in one
    pass (str.translate looks up every character of the text in the table).  A search finds the next wide
    character left; replaced everywhere, it is not found again (and no search lists every comma)."""
    search = _WIDE.search
    m = search(text)
    while m:
        c = m.group()
        text = text.replace(c, chr(_WIDTH[ord(c)]))
        m = search(text, m.start() + 1)
    return text

TERMINAL = set("。！？!?；;…：:”\"』」.")   # a line ending with one of these is complete
_BREAK_RE = re.compile(r"\n[ \t\r]*(?:\n[ \t\r]*)*")
_SPACES = re.compile(r"[ ]+")
_NUMBERISH = re.compile(r"[\d.]")
_AFTER_NUMBER = re.compile(r"[\d.%\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _stray_spaces(t: str) -> list[tuple[int, int]]:
    """Spaces inside a number or between a number and its unit: "780 亿元", "增长 9%"."""
    cuts = []
    nxt = t.find(" ")               # str.find runs faster than the regex engine's scan for a space
    while nxt != -1:
        s, e = _SPACES.match(t, nxt).span()
        nxt = t.find(" ", e)
        if s == 0 or e >= len(t):
            continue
        before, after = t[s - 1], t[e]
        if (_NUMBERISH.match(before) and _AFTER_NUMBER.match(after)) or (_CJK.match(before) and after.isdigit()):
            cuts.append((s, e))
    return cuts
_LINE_START_OK = re.compile(r"[\u4e00-\u9fff\d（(“\"A-Za-z]")
MIN_BROKEN_LINE = 18
QUOTES = re.compile(r"[“”\"「」『』《》‘’']")      # quotation marks dropped from names and phrases


@dataclass
class Normalized:
    """The clean text and a map back to the text it was made from (``to_orig``/``span_to_orig``).

    For a converted article (``script.to_simplified``) :meth:`onto` maps further back, to the text the
    user gave, and :meth:`surface` reads that text: the original script, half-width like ``text``."""
    text: str
    _norm_starts: list[int]
    _orig_starts: list[int]
    original: str | None = None     # set by onto(): the text in its original script
    shown: str | None = None        # the original script offset for offset with ``text``, when it can be

    def surface(self, start: int, end: int) -> str:
        """``text[start:end]`` as the original text writes it (its script; half-width, lines joined)."""
        if self.original is None:
            return self.text[start:end]
        if self.shown is not None:
            return self.shown[start:end]
        s, e = self.span_to_orig(start, end)
        return half_width(self.original[s:e])

    def surface_of(self, part: str, start: int) -> str:
        """The original form of ``part``, a piece of the clean text found at or after ``start``."""
        if self.original is None:
            return part
        i = self.text.find(part, start)
        return part if i < 0 else self.surface(i, i + len(part))

    def onto(self, conv) -> "Normalized":
        """This map composed with a script conversion's (``script.Converted``) map: offsets of ``text`` map
        to the user's original text.  Unchanged when nothing was converted."""
        if not conv.script.traditional:
            return self
        if conv.same_offsets:
            full = half_width(conv.original)
            ends = self._norm_starts[1:] + [len(self.text)]
            shown = "".join(full[o:o + (e - n)] for n, o, e in zip(self._norm_starts, self._orig_starts, ends))
            return Normalized(self.text, self._norm_starts, self._orig_starts, conv.original, shown)
        return _ThroughConversion(self.text, self._norm_starts, self._orig_starts, conv.original, None, conv)

    def to_orig(self, i: int) -> int:
        k = bisect_right(self._norm_starts, i) - 1
        if k < 0:
            return i
        return self._orig_starts[k] + (i - self._norm_starts[k])

    def span_to_orig(self, start: int, end: int) -> tuple[int, int]:
        norm, orig = self._norm_starts, self._orig_starts
        k = bisect_right(norm, start) - 1
        s = start if k < 0 else orig[k] + (start - norm[k])
        if end <= start:
            return s, s
        last = end - 1                    # in the same piece as start, or a later one
        k = bisect_right(norm, last, k if k > 0 else 0) - 1
        return s, (last if k < 0 else orig[k] + (last - norm[k])) + 1


@dataclass
class _ThroughConversion(Normalized):
    """A Normalized of a converted text whose offsets differ from the original's: its map goes on
    through the conversion's (``script.Converted``) map."""
    conv: object = None

    def to_orig(self, i: int) -> int:
        return self.conv.to_orig(super().to_orig(i))

    def span_to_orig(self, start: int, end: int) -> tuple[int, int]:
        return self.conv.span_to_orig(*super().span_to_orig(start, end))


def _line_breaks_to_join(t: str) -> list[tuple[int, int]]:
    cuts = []
    for m in _BREAK_RE.finditer(t):
        if t[m.start() - 1] in TERMINAL:
            continue                      # the usual line: it ends on its punctuation, joins nothing
        line_start = t.rfind("\n", 0, m.start()) + 1
        prev = t[line_start:m.start()].strip()
        nxt = t[m.end():m.end() + 1]
        if (len(prev) >= MIN_BROKEN_LINE and prev[-1] not in TERMINAL and "\t" not in prev
                and any(p in prev for p in ",、，") and nxt and _LINE_START_OK.match(nxt)):
            # also drop trailing spaces of the previous line
            s = m.start()
            while s > line_start and t[s - 1] in " \t\r":
                s -= 1
            cuts.append((s, m.end()))
    return cuts


def normalize(text: str) -> Normalized:
    t = half_width(text)
    cuts = _line_breaks_to_join(t)
    cuts += _stray_spaces(t)
    cuts.sort()
    parts, norm_starts, orig_starts = [], [], []
    pos = n = 0
    for s, e in cuts:
        s = max(s, pos)
        if e <= s:
            continue
        parts.append(t[pos:s])
        norm_starts.append(n)
        orig_starts.append(pos)
        n += s - pos
        pos = e
    parts.append(t[pos:])
    norm_starts.append(n)
    orig_starts.append(pos)
    return Normalized("".join(parts), norm_starts, orig_starts)


# ---------------------------------------------------------------- sentences
# a sentence with the blank lines before it (skipped in one step, not one match per empty line)
_SENT_END = re.compile(r"\s*[^。！？!?\n]*(?:[。！？!?]+[”\"』」]?|\n|$)")
CLAUSE_SEP = re.compile(r"[,;:，；：]|——|……|…")


# A sentence of a news article is a few hundred characters at most (the longest of the seeds: 230).
# A longer "sentence" is text without its punctuation (a pasted table, an export that lost it):
# it is read in windows of at most MAX_SENTENCE characters, so that every step working per
# sentence (clauses, phrases, project names, the sentence kept as evidence) stays bounded and
# parsing stays linear in the input.  A window ends at its last clause separator when it has one in
# its second half, else at a character that does not split a figure (digits, Latin words).
MAX_SENTENCE = 1000
_WINDOW_CUT = re.compile(r".*(?:[,;:，；：、 \t]|——|……|…)", re.S)      # greedy: up to the last separator
_IN_FIGURE = re.compile(r"[\dA-Za-z.%]")
MAX_FIGURE_SHIFT = 32            # how far back a hard cut moves to avoid splitting a figure


def _windows(text: str, s: int, e: int):
    """(start, end) windows of at most MAX_SENTENCE characters covering text[s:e]."""
    while e - s > MAX_SENTENCE:
        limit = s + MAX_SENTENCE
        m = _WINDOW_CUT.match(text, s + MAX_SENTENCE // 2, limit)
        cut = m.end() if m else _outside_figure(text, limit)
        yield from _trimmed(text, s, cut)
        s = cut
    yield from _trimmed(text, s, e)


def _outside_figure(text: str, cut: int) -> int:
    """``cut``, or the nearest position up to MAX_FIGURE_SHIFT before it that splits no figure."""
    for pos in range(cut, cut - MAX_FIGURE_SHIFT, -1):
        if not (_IN_FIGURE.match(text, pos - 1) and _IN_FIGURE.match(text, pos)):
            return pos
    return cut


def _trimmed(text: str, s: int, e: int):
    """(start, end) of text[s:e] without its surrounding whitespace, if anything is left."""
    seg = text[s:e]
    body = seg.strip()
    if body:
        start = s + len(seg) - len(seg.lstrip())
        yield start, start + len(body)


# _SENT_END with groups: the sentence's text after the whitespace before it (1) and its final punctuation (2)
_SENT_PARTS = re.compile(r"\s*([^。！？!?\n]*)(?:([。！？!?]+[”\"』」]?)|\n|$)")


def sentences(text: str):
    """Yield (start, end) of sentences: split at 。！？ and line ends (long ones in bounded windows)."""
    for m in _SENT_PARTS.finditer(text):
        s, e = m.span(1)
        end = m.end(2)
        if end != -1:
            e = end                       # it ends on its punctuation
        elif e > s and text[e - 1].isspace():
            e = s + len(text[s:e].rstrip())
        if e == s:
            continue
        if e - s > MAX_SENTENCE:
            yield from _windows(text, s, e)
        else:
            yield s, e


def clauses(text: str, start: int, end: int):
    """Yield (start, end) of clauses of text[start:end], split at , ; :"""
    pos = start
    for m in CLAUSE_SEP.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if end > pos:
        yield pos, end
