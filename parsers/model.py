"""The data the parsing steps hand each other: observations, the reading context, the parse result.

No logic beyond building and reading these: every step module imports this one, and it imports
no step, so the steps form a tree (pipeline -> extract -> tables -> phrases -> model).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .numbers import Quantity
from .periods import Period
from .schema import INDICATOR_COLUMNS, PROJECT_COLUMNS, coerce, from_records

if TYPE_CHECKING:      # frames are built on demand (schema.from_records): parsing imports no pandas
    import pandas as pd


@dataclass(slots=True)      # many per article: slots make them cheaper to build
class Obs:
    region: str
    subject: str
    indicator: str
    period: Period
    value: Quantity | None = None
    yoy: Quantity | None = None
    start: int = 0
    end: int = 0
    sent: tuple[int, int] = (0, 0)
    qualifier: str = ""


@dataclass
class Context:
    article_region: str
    ref_year: int | None
    period: Period
    known_regions: frozenset[str] = frozenset()
    last_indicator: str = ""     # the indicator most recently named, for 分区域看，A区增长x%
    flow_period: Period | None = None   # the period in force before a stock's point in time (6月末…余额) set it
    article_period: Period | None = None   # the article's own period (title, lead): extract() sets it
    lag_end: int | None = None     # where a lagging section's period (1-7月 in a 1-8月 report) ends: its paragraph's end



class Parsed:
    """Result of parsing one article.

    Fields: article, text (the original; spans index into it), title, region (the article's own region,
    given or inferred, "" if unknown), ``region_note`` (why an inferred region is uncertain: "self-only" when
    only 我市/全区… name the place, "ambiguous" when units share the name (``region_candidates`` lists
    them), "none"; "" when given or certain), ``script`` ("traditional" when the text was read as its
    Simplified conversion (names in the frames are Simplified, sentences and surface texts the original's),
    else "simplified"), published ("YYYY-MM" or ""), year (reference year, from
    ``published`` or inferred from the text), ``indicators`` and ``projects`` (frames of the schema
    contracts).  The frames are built on first access from row records, so parsing many articles and
    ``combine``-ing them builds one frame, not one per article.
    """

    __slots__ = ("article", "text", "title", "region", "published", "year", "region_note", "region_candidates",
                 "script", "_ind", "_prj", "_ind_rec", "_prj_rec")

    def __init__(self, article: str, text: str, title: str, region: str, published: str, year: int | None,
                 indicators: pd.DataFrame | None = None, projects: pd.DataFrame | None = None, *,
                 indicator_records: list[dict] | None = None, project_records: list[dict] | None = None,
                 region_note: str = "", region_candidates: tuple[str, ...] = (), script: str = "simplified"):
        self.article, self.text, self.title = article, text, title
        self.region_note, self.region_candidates = region_note, tuple(region_candidates)
        self.script = script
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
