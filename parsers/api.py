"""Public entry points: text (+ optional metadata) in, tidy frames out."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce, from_records


@dataclass(frozen=True)
class ArticleMeta:
    """What the user recorded about an article (all optional)."""
    article: str
    published: str | None = None   # "YYYY-MM"
    region: str | None = None


class Parsed:
    """Result of parsing one article.

    Fields: article, text (the original; spans index into it), title, region (the article's own region,
    given or inferred, "" if unknown), published ("YYYY-MM" or ""), year (reference year, from
    ``published`` or inferred from the text), ``indicators`` and ``projects`` (frames of the schema
    contracts).  The frames are built on first access from row records, so parsing many articles and
    ``combine``-ing them builds one frame, not one per article.
    """

    __slots__ = ("article", "text", "title", "region", "published", "year", "_ind", "_prj", "_ind_rec", "_prj_rec")

    def __init__(self, article: str, text: str, title: str, region: str, published: str, year: int | None,
                 indicators: pd.DataFrame | None = None, projects: pd.DataFrame | None = None, *,
                 indicator_records: list[dict] | None = None, project_records: list[dict] | None = None):
        self.article, self.text, self.title = article, text, title
        self.region, self.published, self.year = region, published, year
        self._ind = None if indicators is None else coerce(indicators, INDICATOR_COLUMNS)
        self._prj = None if projects is None else coerce(projects, PROJECT_COLUMNS)
        self._ind_rec = indicator_records or []
        self._prj_rec = project_records or []

    @property
    def indicators(self) -> pd.DataFrame:
        if self._ind is None:
            self._ind = from_records(self._ind_rec, INDICATOR_COLUMNS)
        return self._ind

    @property
    def projects(self) -> pd.DataFrame:
        if self._prj is None:
            self._prj = from_records(self._prj_rec, PROJECT_COLUMNS)
        return self._prj

    @property
    def indicator_records(self) -> list[dict]:
        return self._ind_rec if self._ind is None else self._ind.to_dict("records")

    @property
    def project_records(self) -> list[dict]:
        return self._prj_rec if self._prj is None else self._prj.to_dict("records")

    def __repr__(self) -> str:
        return (f"Parsed(article={self.article!r}, region={self.region!r}, published={self.published!r}, "
                f"year={self.year!r}, indicators={len(self.indicator_records)}, projects={len(self.project_records)})")


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
    from .textio import InputError, decode_bytes
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
