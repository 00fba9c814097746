"""Public entry points: text (+ optional metadata) in, tidy frames out."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce, empty_frame


@dataclass(frozen=True)
class ArticleMeta:
    """What the user recorded about an article (all optional)."""
    article: str
    published: str | None = None   # "YYYY-MM"
    region: str | None = None


@dataclass
class Parsed:
    """Result of parsing one article."""
    article: str
    text: str                      # the original text; spans index into it
    title: str
    region: str                    # the article's own region (given or inferred), "" if unknown
    published: str                 # "YYYY-MM" or ""
    year: int | None               # reference year (from published, else inferred from text)
    indicators: pd.DataFrame = field(default_factory=lambda: empty_frame(INDICATOR_COLUMNS))
    projects: pd.DataFrame = field(default_factory=lambda: empty_frame(PROJECT_COLUMNS))


def parse_article(text: str, *, article: str = "article.txt", region: str | None = None,
                  published: str | None = None) -> Parsed:
    from .pipeline import run
    return run(text, article=article, region=region, published=published)


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
    files: list[Path] = []
    for src in sources:
        p = Path(src)
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in (".txt", ".md", ".html", ".htm")))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return files


def parse_paths(paths: Iterable[str | Path], metadata: dict[str, ArticleMeta] | None = None) -> list[Parsed]:
    """Parse files (or folders of files).  A folder's ``articles.csv`` supplies metadata."""
    from .textio import decode_bytes
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
        text = decode_bytes(f.read_bytes(), f.name)
        out.append(parse_article(text, article=f.name, region=m.region, published=m.published))
    return out


def combine(parsed: Iterable[Parsed]) -> tuple[pd.DataFrame, pd.DataFrame]:
    parsed = list(parsed)
    ind = [p.indicators for p in parsed if len(p.indicators)]
    prj = [p.projects for p in parsed if len(p.projects)]
    ind_df = coerce(pd.concat(ind, ignore_index=True), INDICATOR_COLUMNS) if ind else empty_frame(INDICATOR_COLUMNS)
    prj_df = coerce(pd.concat(prj, ignore_index=True), PROJECT_COLUMNS) if prj else empty_frame(PROJECT_COLUMNS)
    return ind_df, prj_df
