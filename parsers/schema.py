"""Column contracts of the tidy frames the parser produces and the store keeps.

Every frame that leaves ``parsers`` has exactly these columns, in this order,
with these pandas dtypes.  ``empty_frame(COLUMNS)`` builds a typed empty frame;
``coerce(df, COLUMNS)`` casts a frame into the contract.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:      # pandas is imported by the functions that build frames: parsing needs none
    import pandas as pd

# One row per (article, region, subject, indicator, period) observation.
INDICATOR_COLUMNS: dict[str, str] = {
    "article": "string",       # source file name / upload id
    "region": "string",        # full administrative name, e.g. 双阳区
    "subject": "string",       # enterprise / industry / brand / park, "" when region-wide
    "indicator": "string",     # canonical indicator name from the lexicon
    "period": "string",        # human label, e.g. 2025年1-6月, 2022年, 1-7月
    "year": "Int64",
    "month_from": "Int64",
    "month_to": "Int64",
    "value": "Float64",        # level as stated (in `unit`), <NA> when only growth is given
    "unit": "string",          # e.g. 亿元, 万辆, 户, %, 个百分点; "" when no value
    "yoy_pct": "Float64",      # year-on-year growth in percent, negative for 下降
    "qualifier": "string",     # 超/近/余/多/约/以上/预计..., "" when exact
    "value_base": "Float64",   # value scaled to the base unit (2.95 亿元 -> 295000000 元)
    "unit_base": "string",     # base unit (元, 辆, 人次, count, %...)
    "value_text": "string",    # surface text of the value, e.g. "2.95亿元"
    "yoy_text": "string",      # surface text of the growth, e.g. "增长31.9%"
    "sentence": "string",      # the sentence the figure came from (cleaned, one line)
    "start": "Int64",          # evidence span in the article's original text [start, end)
    "end": "Int64",
    "sent_start": "Int64",     # sentence span in the article's original text
    "sent_end": "Int64",
    "yoy_start": "Int64",      # span of the growth figure in the original text; it may lie in another
    "yoy_end": "Int64",        # sentence when value and growth were stated apart (see pipeline.merge_observations)
}

# One row per named investment project.
PROJECT_COLUMNS: dict[str, str] = {
    "article": "string",
    "region": "string",
    "name": "string",
    "investment": "Float64",   # total investment in 亿元, <NA> when not stated
    "qualifier": "string",
    "status": "string",        # 签约/开工/在建/封顶/投产/竣工/下线/推进..., "" when unknown
    "sentence": "string",
    "start": "Int64",          # span of the name in the original text
    "end": "Int64",
    "sent_start": "Int64",
    "sent_end": "Int64",
}

# One row per article in the store.
ARTICLE_COLUMNS: dict[str, str] = {
    "article": "string",       # unique id (file name; uploads get a name made unique)
    "title": "string",
    "region": "string",        # the article's own region (inferred or given)
    "published": "string",     # YYYY-MM as recorded by the user, "" when unknown
    "year": "Int64",           # reference year used to resolve 今年 etc.
    "text": "string",          # original decoded text; spans index into it
    "sha256": "string",        # of the normalised text, for de-duplication
    "source": "string",        # seed | upload | cli
    "n_chars": "Int64",
    "added_at": "string",      # ISO timestamp (UTC) of insertion
}

CSV_INDICATOR_COLUMNS = list(INDICATOR_COLUMNS)
CSV_PROJECT_COLUMNS = list(PROJECT_COLUMNS)


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def from_records(records: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    """Build a contract frame straight from row dicts (fast path: one typed array per column)."""
    import pandas as pd

    if not records:
        return empty_frame(columns)
    data = {}
    for col, dtype in columns.items():
        vals = [r.get(col) for r in records]
        if dtype == "string":
            vals = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in vals]
        elif dtype in ("Int64", "Float64"):
            vals = [None if v is None or pd.isna(v) else v for v in vals]
        data[col] = pd.array(vals, dtype=dtype)
    return pd.DataFrame(data)


def coerce(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return ``df`` with exactly ``columns`` (missing ones filled) cast to their dtypes."""
    import pandas as pd

    out = pd.DataFrame(index=df.index)
    for col, dtype in columns.items():
        if col in df.columns:
            s = df[col]
        else:
            s = pd.Series([None] * len(df), index=df.index, dtype="object")
        if dtype == "string":
            if isinstance(s.dtype, pd.StringDtype) and s.dtype.na_value is pd.NA:
                s = s.fillna("")                      # already typed: only the gaps to fill
            else:
                s = s.astype("object").where(s.notna(), "").astype("string")
        elif dtype in ("Int64", "Float64"):
            if str(s.dtype) != dtype:
                s = pd.to_numeric(s, errors="coerce").astype(dtype)
        else:
            s = s.astype(dtype)
        out[col] = s
    return out.reset_index(drop=True)
