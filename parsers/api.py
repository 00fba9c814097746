"""Public entry points: text (+ optional metadata) in, tidy frames out."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .model import Parsed
from .pipeline import run
from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, from_records
from .textio import InputError, decode_bytes

if TYPE_CHECKING:      # frames are built on demand (schema.from_records): parsing imports no pandas
    import pandas as pd

__all__ = ["ArticleMeta", "Parsed", "combine", "iter_article_files", "parse_article", "parse_paths",
           "period_fields", "read_metadata", "unit_scale"]


@dataclass(frozen=True)
class ArticleMeta:
    """What the user recorded about an article (all optional)."""
    article: str
    published: str | None = None   # "YYYY-MM"
    region: str | None = None


def parse_article(text: str, *, article: str = "article.txt", region: str | None = None,
                  published: str | None = None) -> Parsed:
    return run(text, article=article, region=region, published=published)


def unit_scale(unit: str) -> tuple[float, str]:
    """(factor, base unit) of a stated unit, read as the parser reads units (its scale words and unit table,
    ``parsers/data``): 亿元 -> (1e8, 元), 万亿元 -> (1e12, 元), 万辆 -> (1e4, 辆), % and ％ -> (1, %); a unit the
    parser does not know keeps its name after the scale word (万台套 -> (1e4, 台套)); "" -> (1, "").
    For figures typed by a user (a correction) to sit beside the parser's in one base unit."""
    from .lexicon import get_lexicon
    lex = get_lexicon()
    u = "".join(str(unit or "").split()).replace("％", "%")
    factor = 1.0
    for word, f in sorted(lex.scales.items(), key=lambda kv: -len(kv[0])):   # the longest scale word first
        if u.startswith(word) and len(u) > len(word):
            factor, u = float(f), u[len(word):]
            break
    known = lex.units.get(u)
    return (factor * known.factor, known.base) if known is not None else (factor, u)


def period_fields(label: str) -> tuple[int | None, int | None, int | None]:
    """(year, month_from, month_to) of a period label, read by the parser's period rules (the first period the
    label states, with no reference date): 2024年1-6月 and 2024年上半年 -> (2024, 1, 6), 2022年 -> (2022, 1, 12),
    1-7月 -> (None, 1, 7); (None, None, None) when it states none."""
    from .periods import Period, find_periods, resolve
    s = "".join(str(label or "").split())
    found = find_periods(s) if s else []
    if not found:
        return None, None, None
    p = resolve(found[0], None, Period())
    return p.year, p.month_from, p.month_to


def read_metadata(path: str | Path) -> dict[str, ArticleMeta]:
    """Read ``articles.csv`` (columns: file, published[, region])."""
    out: dict[str, ArticleMeta] = {}
    p = Path(path)
    if not p.exists():
        return out
    with open(p, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("file") or row.get("article") or "").strip()
            if name:
                out[name] = ArticleMeta(name, (row.get("published") or "").strip() or None,
                                        (row.get("region") or "").strip() or None)
    return out


def iter_article_files(sources: Iterable[str | Path]) -> list[Path]:
    """The files to parse: a folder's article files (``textio.TEXT_SUFFIXES``, the uploader's list), in
    name order, and every file given by name whatever its suffix."""
    from .textio import is_article_file
    files: list[Path] = []
    for src in sources:
        p = Path(src)
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and is_article_file(f.name)))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return files


def parse_paths(paths: Iterable[str | Path], metadata: dict[str, ArticleMeta] | None = None,
                errors: list[tuple[str, str]] | None = None) -> list[Parsed]:
    """Parse files (or folders of files).  A folder's ``articles.csv`` supplies metadata.

    A file that cannot be read as text raises ``InputError``, unless an ``errors`` list is given: then
    (file name, message) is appended to it and the other files are still parsed.
    """
    meta: dict[str, ArticleMeta] = dict(metadata or {})
    srcs = list(paths)
    for src in srcs:
        p = Path(src)
        folder = p if p.is_dir() else p.parent
        for k, v in read_metadata(folder / "articles.csv").items():
            meta.setdefault(k, v)
    out = []
    for f in iter_article_files(srcs):
        m = meta.get(f.name, ArticleMeta(f.name))
        try:
            text = decode_bytes(f.read_bytes(), f.name)
        except InputError as err:
            if errors is None:
                raise
            errors.append((f.name, str(err)))
            continue
        out.append(parse_article(text, article=f.name, region=m.region, published=m.published))
    return out


def combine(parsed: Iterable[Parsed]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One indicator frame and one project frame for many parsed articles."""
    parsed = list(parsed)
    ind = [r for p in parsed for r in p.indicator_records]
    prj = [r for p in parsed for r in p.project_records]
    return from_records(ind, INDICATOR_COLUMNS), from_records(prj, PROJECT_COLUMNS)
