"""Pure pandas transforms between the tidy store frames and the charts/pages.

No streamlit, no plotly.  Every function takes the tidy indicator frame
(``parsers.schema.INDICATOR_COLUMNS``) or project frame (``PROJECT_COLUMNS``)
and returns a new frame; inputs are never modified.

Conventions
-----------
* ``regions=None`` or an empty list means "all regions".
* A *period* is identified by its label (``period`` column, e.g. "2024年1-6月").
  Statistics of different periods (1-6月 vs 1-7月 vs 全年) are never compared
  silently: :func:`comparison_frame` keeps one period unless the caller asks for
  mixed periods, and then returns a visible Chinese note.
* Rows with an empty ``region`` are ignored by the region comparisons.
"""
from __future__ import annotations

import pandas as pd

# Preferred display units per base unit (value_base is in the base unit).
DISPLAY_UNITS: dict[str, tuple[str, float]] = {
    "元": ("亿元", 1e8),
    "美元": ("亿美元", 1e8),
}

SIGN_POS, SIGN_NEG, SIGN_ZERO = "positive", "negative", "zero"

_SORT_COLS = ["_y", "_m", "_span"]


# --------------------------------------------------------------------------- helpers
def _as_list(x) -> list | None:
    if x is None:
        return None
    if isinstance(x, str):
        return [x] if x else None
    out = [v for v in x if v is not None]
    return out or None


def _str(s: pd.Series) -> pd.Series:
    return s.astype("string").fillna("")


def _filter_regions(df: pd.DataFrame, regions) -> pd.DataFrame:
    regions = _as_list(regions)
    if regions is None or df.empty:
        return df
    return df[_str(df["region"]).isin([str(r) for r in regions])]


def _period_keys(df: pd.DataFrame) -> pd.DataFrame:
    """Add sortable period keys: year, month_to (full year = 12), span length."""
    out = df.copy()
    y = pd.to_numeric(out.get("year"), errors="coerce") if "year" in out else None
    mf = pd.to_numeric(out.get("month_from"), errors="coerce") if "month_from" in out else None
    mt = pd.to_numeric(out.get("month_to"), errors="coerce") if "month_to" in out else None
    n = len(out)
    y = y if y is not None else pd.Series([pd.NA] * n, index=out.index, dtype="Float64")
    mt = mt if mt is not None else pd.Series([pd.NA] * n, index=out.index, dtype="Float64")
    mf = mf if mf is not None else pd.Series([pd.NA] * n, index=out.index, dtype="Float64")
    out["_y"] = y.astype("Float64").fillna(-1).astype(float)
    # A period without months but with a year is a full year (ends in month 12).
    out["_m"] = mt.astype("Float64").fillna(12).astype(float)
    out["_span"] = (mt.astype("Float64").fillna(12) - mf.astype("Float64").fillna(1)).astype(float)
    return out


def period_sort_key(year=None, month_from=None, month_to=None) -> tuple[float, float, float]:
    """Sort key of a period: later end first by year, then month, then longer span."""
    def num(v, default):
        try:
            if v is None or pd.isna(v):
                return float(default)
        except (TypeError, ValueError):
            return float(default)
        return float(v)

    mt = num(month_to, 12)
    return (num(year, -1), mt, mt - num(month_from, 1))


def _info_rank(df: pd.DataFrame) -> pd.Series:
    """Prefer rows that carry a value and a growth rate when de-duplicating."""
    has_v = df["value"].notna().astype(int) if "value" in df else 0
    has_y = df["yoy_pct"].notna().astype(int) if "yoy_pct" in df else 0
    return has_v * 2 + has_y


def _period_order(df: pd.DataFrame) -> dict[str, tuple]:
    """Map period label -> sort key (latest = largest)."""
    if df.empty:
        return {}
    k = _period_keys(df)
    g = k.groupby(_str(k["period"]), sort=False)[_SORT_COLS].max()
    return {p: tuple(r) for p, r in zip(g.index, g.itertuples(index=False))}


# --------------------------------------------------------------------------- basics
def region_wide(ind: pd.DataFrame) -> pd.DataFrame:
    """Rows describing a whole region (``subject == ""``)."""
    if ind.empty:
        return ind.copy()
    return ind[_str(ind["subject"]) == ""].copy()


def indicator_options(ind: pd.DataFrame, regions=None) -> list[str]:
    """Indicator names, most districts first (ties: more rows, then name)."""
    df = _filter_regions(region_wide(ind), regions)
    if df.empty:
        return []
    df = df[_str(df["indicator"]) != ""]
    g = df.groupby(_str(df["indicator"])).agg(
        n_regions=("region", "nunique"), n_rows=("region", "size"))
    g = g.reset_index(names="indicator")
    g = g.sort_values(["n_regions", "n_rows", "indicator"], ascending=[False, False, True],
                      kind="mergesort")
    return g["indicator"].astype(str).tolist()


def period_options(ind: pd.DataFrame, indicator: str, regions=None) -> list[str]:
    """Period labels for ``indicator``: covering most districts first, ties latest first."""
    df = _filter_regions(region_wide(ind), regions)
    if df.empty:
        return []
    df = df[(_str(df["indicator"]) == indicator) & (_str(df["period"]) != "")]
    if df.empty:
        return []
    order = _period_order(df)
    cnt = df.groupby(_str(df["period"]))["region"].nunique()
    periods = list(cnt.index)
    periods.sort(key=lambda p: (-int(cnt[p]),) + tuple(-v for v in order.get(p, (-1, 0, 0))) + (p,))
    return [str(p) for p in periods]


# --------------------------------------------------------------------------- comparison
def _display_units(df: pd.DataFrame) -> tuple[pd.DataFrame, str, list[str]]:
    """Add display_value/display_unit converted to one common unit.

    Returns (frame, display_unit, dropped_units).  Rows whose base unit differs
    from the majority base unit cannot be converted and get display_value <NA>.
    """
    out = df.copy()
    out["display_value"] = pd.Series([pd.NA] * len(out), index=out.index, dtype="Float64")
    out["display_unit"] = pd.Series([""] * len(out), index=out.index, dtype="string")
    has = out[out["value"].notna()]
    if has.empty:
        return out, "", []
    unit = _str(has["unit"])
    ubase = _str(has["unit_base"]) if "unit_base" in has else unit
    ubase = ubase.where(ubase != "", unit)
    base = ubase.value_counts().index[0]
    dropped = sorted(set(unit[ubase != base]) - {""})
    same = has[ubase == base]
    vb = pd.to_numeric(same.get("value_base"), errors="coerce") if "value_base" in same else None
    # factor of each stated unit relative to the base unit (value_base / value)
    factors: dict[str, float] = {}
    if vb is not None:
        ratio = vb / pd.to_numeric(same["value"], errors="coerce")
        for u, r in ratio.groupby(_str(same["unit"])):
            r = r.dropna()
            r = r[r > 0]
            if not r.empty:
                factors[str(u)] = float(r.median())
    if base in DISPLAY_UNITS:
        disp_unit, factor = DISPLAY_UNITS[base]
    else:
        # the unit most rows state; ties -> the larger unit (shorter numbers)
        counts = _str(same["unit"]).value_counts()
        disp_unit = sorted(counts.index, key=lambda u: (-int(counts[u]), -factors.get(str(u), 1.0),
                                                        str(u)))[0]
        factor = factors.get(str(disp_unit))
    # vectorised (thousands of districts): a value in the display unit as it is, else value_base / factor
    direct = (_str(same["unit"]) == disp_unit).to_numpy()
    dv = pd.to_numeric(same["value"], errors="coerce").astype("Float64").where(direct)
    if factor and vb is not None:
        dv = dv.where(direct, vb.astype("Float64") / factor)
    ok = dv.notna()
    out.loc[ok[ok].index, "display_value"] = dv[ok]
    out.loc[ok[ok].index, "display_unit"] = disp_unit
    return out, disp_unit, dropped


def _conflicts(candidates: pd.DataFrame, chosen: pd.DataFrame) -> str:
    """Note on districts whose chosen period has several disagreeing rows."""
    if chosen.empty:
        return ""
    key = pd.MultiIndex.from_arrays([_str(chosen["region"]), _str(chosen["period"])])
    cand = candidates[pd.MultiIndex.from_arrays([_str(candidates["region"]),
                                                  _str(candidates["period"])]).isin(key)]
    vals = pd.DataFrame({
        "region": _str(cand["region"]),
        "v": pd.to_numeric(cand["value_base"], errors="coerce").fillna(
            pd.to_numeric(cand["value"], errors="coerce")).round(6),
        "y": pd.to_numeric(cand["yoy_pct"], errors="coerce").round(6),
    })
    g = vals.groupby("region")
    n = pd.concat([g["v"].nunique(), g["y"].nunique()], axis=1).max(axis=1)  # NaN = not stated
    bad = sorted(n[n > 1].index)
    if not bad:
        return ""
    src = dict(zip(_str(chosen["region"]), _str(chosen.get("article_label", chosen["article"]))))  # title (month)
    parts = "；".join(f"{r}（取自 {src.get(r, '')}）" for r in bad)
    return (f"以下区县在同一统计期有多条不一致的记录，图中取信息最完整的一条：{parts}。"
            "全部记录可在“数据明细”中查看。")


def comparison_frame(ind: pd.DataFrame, indicator: str, regions=None, period: str | None = None,
                     allow_mixed: bool = False, covered=None) -> tuple[pd.DataFrame, str]:
    """One row per district for ``indicator`` (region-wide rows only).

    Same period by default: ``period`` or, when not given, the period covering
    the most districts (ties: the latest).  With ``allow_mixed=True`` each
    district keeps its latest period and the note lists the periods.

    Adds ``display_value``/``display_unit`` (values converted to one unit using
    value_base, e.g. 亿元 for money) and ``label`` = "区县｜统计期".
    Returns (frame sorted by display_value desc, Chinese note or "").

    ``covered``: the districts that have ``indicator`` at all, when ``ind`` holds only the rows of the
    chosen period (``store.queries.comparison_rows``); by default the districts of ``ind``.
    """
    df = _filter_regions(region_wide(ind), regions)
    if not df.empty:
        df = df[(_str(df["indicator"]) == indicator) & (_str(df["region"]) != "")]
    notes: list[str] = []
    covered = sorted({str(r) for r in covered if r}) if covered is not None else None
    if df.empty and not covered:
        empty = df.copy()
        for c in ("display_value", "label"):
            empty[c] = pd.Series(dtype="Float64" if c == "display_value" else "string")
        empty["display_unit"] = pd.Series(dtype="string")
        return empty.reset_index(drop=True), f"没有“{indicator}”的区县数据。" if indicator else "未选择指标。"
    k = _period_keys(df)
    k["_info"] = _info_rank(k)
    candidates = k
    all_regions = covered if covered is not None else sorted(set(_str(k["region"])))
    if allow_mixed:
        k = k.sort_values(_SORT_COLS + ["_info"], kind="mergesort")
        k = k.groupby("region", sort=False).tail(1)
        periods = sorted(set(_str(k["period"])))
        if len(periods) > 1:
            listing = "；".join(f"{r}：{p}" for r, p in
                               sorted(zip(_str(k["region"]), _str(k["period"]))))
            notes.append(f"注意：各区县统计期不同，数值不可直接比较（{listing}）。")
    else:
        if period is None or period == "":
            opts = period_options(df, indicator)
            period = opts[0] if opts else ""
        k = k[_str(k["period"]) == period]
        k = k.sort_values(["_info"], kind="mergesort").groupby("region", sort=False).tail(1)
        have = set(_str(k["region"]))
        missing = [r for r in all_regions if r not in have]
        if missing:
            notes.append(f"仅比较统计期“{period}”；以下区县没有该统计期的数据：{'、'.join(missing)}。")
    conflict = _conflicts(candidates, k)
    if conflict:
        notes.append(conflict)
    k = k.drop(columns=_SORT_COLS + ["_info"])
    k, unit, dropped = _display_units(k)
    if dropped:
        notes.append(f"单位 {'、'.join(dropped)} 无法换算为 {unit}，对应数值未显示。")
    k["label"] = (_str(k["region"]) + "｜" + _str(k["period"])).astype("string")
    k = k.sort_values(["display_value", "yoy_pct"], ascending=False, na_position="last",
                      kind="mergesort")
    return k.reset_index(drop=True), "".join(notes)


# --------------------------------------------------------------------------- growth
CHART_MAX_BARS = 100    # more districts than this make an unreadable (and slow) chart: the largest are drawn


def chart_top(frame: pd.DataFrame, metric: str, limit: int = CHART_MAX_BARS) -> tuple[pd.DataFrame, int]:
    """The rows a comparison chart of ``metric`` ("value": ``display_value`` or ``value``; "yoy_pct") draws:
    all of them when they are at most ``limit``, else the ``limit`` largest; and how many rows have the
    metric at all.  The frame's other rows are kept for the note of rows without the metric."""
    col = ("display_value" if "display_value" in frame else "value") if metric == "value" else "yoy_pct"
    y = pd.to_numeric(frame[col], errors="coerce") if col in frame else pd.Series(dtype=float)
    total = int(y.notna().sum())
    if total <= limit:
        return frame, total
    keep = y.nlargest(limit, keep="first").index
    return frame.loc[frame.index.isin(keep)], total


def growth_ranking(ind: pd.DataFrame, *, region: str | None = None, indicator: str | None = None,
                   include_subjects: bool = False, regions=None) -> pd.DataFrame:
    """Rows with a growth rate, sorted by ``yoy_pct`` descending.

    ``region`` ranks the indicators of one district; ``indicator`` ranks the
    districts for one indicator.  ``label`` names what varies (indicator and/or
    region, subject) plus the period; labels are unique.  ``sign`` is
    "positive" / "negative" / "zero".
    """
    df = ind[ind["yoy_pct"].notna()].copy() if not ind.empty else ind.copy()
    df = _filter_regions(df, regions)
    if region:
        df = df[_str(df["region"]) == region]
    if indicator:
        df = df[_str(df["indicator"]) == indicator]
    if not include_subjects and not df.empty:
        df = df[_str(df["subject"]) == ""]
    if df.empty:
        out = df.copy()
        out["label"] = pd.Series(dtype="string")
        out["sign"] = pd.Series(dtype="string")
        return out.reset_index(drop=True)
    df = df.drop_duplicates(subset=["region", "subject", "indicator", "period", "yoy_pct"])
    parts = []
    if not region:
        parts.append(_str(df["region"]))
    if not indicator:
        parts.append(_str(df["indicator"]))
    subj = _str(df["subject"])
    head = parts[0] if parts else pd.Series([""] * len(df), index=df.index, dtype="string")
    for p in parts[1:]:
        head = head + "·" + p
    head = head.where(subj == "", head + "·" + subj)
    head = head.str.strip("·")
    label = head + "｜" + _str(df["period"])
    dup = label.duplicated(keep=False)
    if dup.any():
        label = label.where(~dup, label + "〔" + _str(df.get("article_label", df["article"])) + "〕")  # title
    dup = label.duplicated(keep=False)
    if dup.any():  # same article stating two growth rates: number them
        n = label.groupby(label).cumcount() + 1
        label = label.where(~dup, label + "#" + n.astype(str))
    df["label"] = label.astype("string")
    y = df["yoy_pct"].astype("Float64")
    df["sign"] = pd.Series(
        [SIGN_POS if v > 0 else SIGN_NEG if v < 0 else SIGN_ZERO for v in y.astype(float)],
        index=df.index, dtype="string")
    df = df.sort_values(["yoy_pct", "label"], ascending=[False, True], kind="mergesort")
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------- projects / search
def filter_projects(proj: pd.DataFrame, regions=None, statuses=None, inv_min: float | None = None,
                    inv_max: float | None = None, keyword: str = "") -> pd.DataFrame:
    """Filter the project table.  Investment bounds are inclusive (亿元); with a
    bound set, projects without a stated investment are excluded."""
    df = _filter_regions(proj, regions)
    statuses = _as_list(statuses)
    if statuses is not None and not df.empty:
        df = df[_str(df["status"]).isin([str(s) for s in statuses])]
    if inv_min is not None and not df.empty:
        inv = pd.to_numeric(df["investment"], errors="coerce")
        df = df[inv.notna() & (inv >= float(inv_min))]
    if inv_max is not None and not df.empty:
        inv = pd.to_numeric(df["investment"], errors="coerce")
        df = df[inv.notna() & (inv <= float(inv_max))]
    kw = (keyword or "").strip()
    if kw and not df.empty:
        hit = (_str(df["name"]).str.contains(kw, case=False, regex=False)
               | _str(df["sentence"]).str.contains(kw, case=False, regex=False))
        df = df[hit]
    return df.reset_index(drop=True)


_SEARCH_COLS = ("indicator", "subject", "region", "sentence", "value_text", "yoy_text", "period",
                "article")


def search_indicators(ind: pd.DataFrame, text: str = "", regions=None, indicators=None,
                      periods=None) -> pd.DataFrame:
    """Full-text and facet search over the indicator table (all rows, subjects included).

    ``text`` is split on whitespace; every term must occur in one of the text
    columns (case-insensitive, literal)."""
    df = _filter_regions(ind, regions)
    indicators = _as_list(indicators)
    periods = _as_list(periods)
    if indicators is not None and not df.empty:
        df = df[_str(df["indicator"]).isin([str(i) for i in indicators])]
    if periods is not None and not df.empty:
        df = df[_str(df["period"]).isin([str(p) for p in periods])]
    terms = [t for t in (text or "").split() if t]
    if terms and not df.empty:
        cols = [c for c in _SEARCH_COLS if c in df.columns]
        hay = _str(df[cols[0]])
        for c in cols[1:]:
            hay = hay + "\u0001" + _str(df[c])
        mask = pd.Series(True, index=df.index)
        for t in terms:
            mask &= hay.str.contains(t, case=False, regex=False)
        df = df[mask]
    return df.reset_index(drop=True)


def unique_values(df: pd.DataFrame, column: str) -> list[str]:
    """Sorted non-empty distinct values of a column (for filter widgets)."""
    if df.empty or column not in df:
        return []
    return sorted(v for v in set(_str(df[column])) if v)


def format_number(v, digits: int = 2) -> str:
    """Human number: 12.3, 1,234.5; "" for missing."""
    try:
        if v is None or pd.isna(v):
            return ""
    except (TypeError, ValueError):
        return ""
    v = float(v)
    if abs(v - round(v)) < 1e-9:
        return f"{int(round(v)):,}"
    s = f"{v:,.{digits}f}".rstrip("0").rstrip(".")
    return s



# --------------------------------------------------------------------------- trend
# Year-to-date alignment (the 趋势 page).  Chinese statistics are mostly cumulative from January: 1-3月,
# 1-6月, 1-9月, 全年.  Each period gets a position on one shared axis: the month it ends in (a period
# without months is a full year: 全年 = 12; a missing first month counts as 1, as everywhere in the store).
# A series is one district's periods of one year, so like periods of different years sit at the same
# position -- 2024年1-6月 above 2025年1-6月 (H1 against H1) -- and each year's cumulative figures form one
# line.  Periods that do not start in January (a single month such as 2024年6月, or 2025年3-4月) are not
# cumulative: they form a series of their own per district and year, named "…（非累计）", at the month they
# end in, and the note says so.  A row without a year goes to the series "年份未知".  The page can also lay
# the same series out on a time axis (``period_end``: the month each period ends in); each year's
# cumulative series stays a line of its own there too, so a line never runs from 全年 down to next 1-3月.
TREND_MAX_YEARS = 6   # years drawn at most (the latest); the table lists them all
NON_CUMULATIVE = "非累计"
UNKNOWN_YEAR = "年份未知"


def _num(v) -> int | None:
    try:
        if v is None or pd.isna(v):
            return None
    except (TypeError, ValueError):
        return None
    return int(v)


def period_position(month_from=None, month_to=None) -> tuple[int, str, bool]:
    """(position on the trend axis = last month, label of the span, cumulative from January?).

    ``(1, 6)`` -> ``(6, "1-6月", True)``; ``(1, 12)`` and ``(None, None)`` -> ``(12, "全年", True)``;
    ``(1, 1)`` -> ``(1, "1月", True)``; ``(6, 6)`` -> ``(6, "6月", False)``; ``(3, 4)`` -> ``(4, "3-4月", False)``."""
    mf, mt = _num(month_from), _num(month_to)
    mt = 12 if mt is None else mt
    mf = 1 if mf is None else mf
    if mf == 1 and mt == 12:
        return 12, "全年", True
    if mf == mt:
        return mt, f"{mt}月", mf == 1
    return mt, f"{mf}-{mt}月", mf == 1


def trend_frame(rows: pd.DataFrame, *, max_years: int | None = TREND_MAX_YEARS) -> tuple[pd.DataFrame, str]:
    """The trend rows of one indicator (``store.queries.trend_rows``: one row per district and period) laid
    out for the trend charts.  Adds ``pos`` / ``pos_label`` / ``cumulative`` (:func:`period_position`),
    ``period_end`` (``YYYY-MM-01`` of the month the period ends in, "" without a year: the time axis),
    ``year_label`` ("2025年" or "年份未知"), ``series`` ("双阳区 · 2025年", non-cumulative periods
    "双阳区 · 2025年（非累计）") and ``display_value`` / ``display_unit`` (one unit, as in the comparison).

    Sorted by district, year (unknown first), cumulative series before the others, position.  Only the
    latest ``max_years`` years are kept (None: all).  Returns (frame, Chinese note or "")."""
    df = region_wide(rows) if not rows.empty else rows.copy()
    df = df[_str(df["region"]) != ""] if not df.empty else df
    notes: list[str] = []
    extra = {"pos": "Int64", "pos_label": "string", "cumulative": "boolean", "year_label": "string",
             "series": "string", "period_end": "string", "display_value": "Float64", "display_unit": "string"}
    if df.empty:
        out = df.copy()
        for c, t in extra.items():
            out[c] = pd.Series(dtype=t)
        return out.reset_index(drop=True), ""
    places = [period_position(a, b) for a, b in zip(df["month_from"], df["month_to"])]
    df = df.assign(pos=pd.array([p[0] for p in places], dtype="Int64"),
                   pos_label=pd.array([p[1] for p in places], dtype="string"),
                   cumulative=pd.array([p[2] for p in places], dtype="boolean"))
    year = pd.to_numeric(df["year"], errors="coerce")
    if max_years:
        years = sorted({int(y) for y in year.dropna()})
        if len(years) > max_years:
            keep = years[-max_years:]
            df = df[year.isin(keep) | year.isna()]
            year = year.loc[df.index]
            notes.append(f"共 {len(years)} 个年份，图中画出最近 {max_years} 年（{keep[0]}—{keep[-1]}年）；下表列出全部。")
    df["year_label"] = pd.array([f"{int(y)}年" if pd.notna(y) else UNKNOWN_YEAR for y in year], dtype="string")
    # the time axis: the first day of the month the period ends in ("" without a year)
    df["period_end"] = pd.array([f"{int(y):04d}-{int(p):02d}-01" if pd.notna(y) else ""
                                 for y, p in zip(year, df["pos"])], dtype="string")
    tail = pd.Series(["" if c else f"（{NON_CUMULATIVE}）" for c in df["cumulative"]], index=df.index)
    df["series"] = (_str(df["region"]) + " · " + df["year_label"] + tail).astype("string")
    df = df.assign(_y=year.fillna(-1), _c=(~df["cumulative"].astype(bool)).astype(int),
                   _span=pd.to_numeric(df["month_to"], errors="coerce").fillna(12)
                   - pd.to_numeric(df["month_from"], errors="coerce").fillna(1))
    df = df.sort_values(["region", "_y", "_c", "pos", "_span"], kind="mergesort").drop(columns=["_y", "_c", "_span"])
    df, unit, dropped = _display_units(df)
    if dropped:
        notes.append(f"单位 {'、'.join(dropped)} 无法换算为 {unit}，对应数值未画出（增速照常）。")
    odd = sorted(set(_str(df.loc[~df["cumulative"].astype(bool), "period"])))
    if odd:
        notes.append(f"统计期 {'、'.join(odd)} 不是从1月起的累计数，单独成线（标“{NON_CUMULATIVE}”），"
                     "不要与累计数直接比较。")
    return df.reset_index(drop=True), "".join(notes)


SPARK_POINTS = 24   # the latest periods a sparkline draws


def sparkline_points(rows: pd.DataFrame, *, max_points: int = SPARK_POINTS) -> pd.DataFrame:
    """The points of one card's sparkline: one district's trend rows of one indicator, oldest first.

    The periods cumulative from January when there are two or more of them (else all).  What it draws: the
    growth rate (累计同比, comparable across 1-3月 … 全年) when two or more periods carry one; else the value -- of the periods with the same months as the latest period (each year's
    1-6月) when two or more have one, else of all periods.  Fewer than two points: an empty frame (no
    sparkline).  Columns: ``period``, ``y``, ``metric`` ("yoy_pct" / "value"), ``unit``, ``qualifier``,
    ``title``, ``sentence``; at most the latest ``max_points``."""
    cols = ["period", "y", "metric", "unit", "qualifier", "title", "sentence"]
    empty = pd.DataFrame({c: pd.Series(dtype="Float64" if c == "y" else "string") for c in cols})
    if rows is None or rows.empty:
        return empty
    k = _period_keys(rows).sort_values(_SORT_COLS, kind="mergesort")
    k = k.drop_duplicates(subset=_SORT_COLS, keep="last")
    cumulative = pd.to_numeric(k["month_from"], errors="coerce").fillna(1) == 1
    if int(cumulative.sum()) >= 2:   # single months (2024年6月) do not join a line of cumulative figures
        k = k[cumulative]
    title = _str(k["title"]) if "title" in k else _str(k["article"])
    yoy = pd.to_numeric(k["yoy_pct"], errors="coerce")
    if int(yoy.notna().sum()) >= 2:
        pick, y, metric, unit = yoy.notna(), yoy, "yoy_pct", pd.Series("%", index=k.index)
    else:
        k, _, _ = _display_units(k)
        y = pd.to_numeric(k["display_value"], errors="coerce")
        unit = _str(k["display_unit"])
        pick = y.notna()
        last = k[pick].tail(1)
        if len(last):
            same = (k["_m"] == last["_m"].iloc[0]) & (k["_span"] == last["_span"].iloc[0]) & pick
            if int(same.sum()) >= 2:
                pick = same
        metric = "value"
    if int(pick.sum()) < 2:
        return empty
    qual = _str(k["qualifier"]) if metric == "value" and "qualifier" in k else pd.Series("", index=k.index)
    out = pd.DataFrame({"period": _str(k["period"]), "y": y.astype("Float64"), "metric": metric, "unit": unit,
                        "qualifier": qual, "title": title, "sentence": _str(k["sentence"])})[pick.to_numpy()]
    return out.tail(max_points).astype({c: "string" for c in cols if c != "y"}).reset_index(drop=True)


# --------------------------------------------------------------------------- overview cards
def card_split(latest: pd.DataFrame, cards, *, max_cards: int = 9, rest_order=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overview's cards and its "更多" rows, from the latest row per district and indicator.

    ``cards``: the headline indicators in card order (:func:`components.headline.headline_cards`).  A
    district's cards are its rows of those indicators in that order, at most ``max_cards``; every other row
    (side figures, and headline rows beyond ``max_cards``, first) goes to "更多", ordered by ``rest_order``
    (e.g. the coverage order) then by name.  Both frames are sorted by district and keep ``latest``'s columns."""
    if latest is None or latest.empty:
        return latest.iloc[:0].copy() if latest is not None else pd.DataFrame(), \
            latest.iloc[:0].copy() if latest is not None else pd.DataFrame()
    rank = {str(n): i for i, n in enumerate(dict.fromkeys(str(c) for c in cards))}
    rest = {str(n): i for i, n in enumerate(dict.fromkeys(str(c) for c in rest_order))}
    ind = _str(latest["indicator"])
    df = latest.assign(_card=ind.map(rank), _rest=ind.map(rest).fillna(len(rest)), _name=ind)
    is_card = df["_card"].notna()
    heads = df[is_card].sort_values(["region", "_card"], kind="mergesort")
    n = heads.groupby("region", sort=False).cumcount()
    shown = heads[n < max_cards]
    over = heads[n >= max_cards].assign(_over=0)
    others = pd.concat([over, df[~is_card].assign(_over=1)])
    others = others.sort_values(["region", "_over", "_card", "_rest", "_name"], kind="mergesort")
    drop = ["_card", "_rest", "_name", "_over"]
    return (shown.drop(columns=[c for c in drop if c in shown]).reset_index(drop=True),
            others.drop(columns=[c for c in drop if c in others]).reset_index(drop=True))
