"""Corrections and conflicts: the SQL the store applies whenever indicator rows are read.

**Corrections** (table ``corrections``, user data: never emptied by a rebuild) are keyed by content,
not by row ids or storage names: the article's ``sha256`` (``store.db.text_sha256`` of its text, the
``articles.sha256`` column), the figure's span ``start``/``end`` in that text, the figure's
``surface`` (the text at that span when the correction was made) and, for rows that share a span,
the row as parsed: ``row_indicator``, ``row_region``, ``row_subject`` ("" = any; the dashboard always
gives all three, so two districts named in one sentence with one figure are corrected apart).  So a
correction finds its row again after ``python -m parsers build --db`` (a rebuild), a re-upload of the
same text under another name and a parser upgrade that keeps the span.  It applies only where the
stored text still reads ``surface`` at the span (``SPAN_OK``): ``sha256`` is of whitespace-normalised
text, so a re-upload that differs in whitespace has the same hash but other offsets, and an offset
alone could point at another figure.  One whose article is not stored, whose text at the span is not
its surface any more, or whose key matches no row is *orphaned*: kept, and listed (:data:`ORPHANS_SQL`).

Kinds (``KINDS``; the label each gives the ``reviewed`` column):

* ``verified`` 已核对 -- the row is right;
* ``wrong`` 有误 -- the row is hidden from charts (the detail table still lists it, ``reviewed`` = 有误);
* ``edit`` 已修改 -- any subset of value, yoy_pct, unit, period (+ year, month_from, month_to),
  indicator, region; fields left NULL keep the parser's value.  The base value is computed when the
  rows are read: a row whose unit stays keeps the parser's scale (``value_base / value``); a new unit
  brings its own (``unit_factor``, ``unit_base``: derived from ``unit`` by :func:`unit_scale` whenever a
  correction is stored, never taken from a file);
* ``added`` 补录 -- a figure the parser missed, a whole row with its span and sentence span;
* ``choice`` 选用 -- the chosen row of a conflict (below); it changes which figure the charts use, not
  the row's ``reviewed`` state (choosing between two articles is not checking the figure).

Several corrections of one row apply in order (``seq``): edited fields, the latest edit of each
field wins; the state is that of the latest ``verified`` / ``wrong`` / ``edit`` (a ``wrong`` after an
edit hides the row; an edit or ``verified`` after ``wrong`` shows it again); ``reviewed`` is 有误
when that state is wrong, else 已修改 when any edit applies, else 已核对 (verified or chosen).  Undo
deletes a correction, so the previous state comes back.

**Conflicts**: two *articles* (different texts) state different figures for the same region, subject,
indicator and period (the period key: year, month_from, month_to, or the label when the year is
unknown).  "Different" means beyond rounding: values are compared in their base unit (``value_base``,
e.g. 元) within one unit family (``unit_base``), so 209亿元 and 2090000万元 are one figure; two figures
agree when they differ by at most half a unit of the last stated digit of the *coarser* one
(:func:`stated_step_sql`: the digits of the surface text ``value_text`` / ``yoy_text`` when its number is
the row's, else of the number itself, e.g. after an edit; an integer's trailing zeros count as stated).
So 9% = 9.4% (±0.5), 9% ≠ 9.6%, 9.4% = 9.45% (±0.05), 209亿元 = 209.3亿元 (±0.5亿元), 209亿元 ≠ 210亿元,
1.2万亿元 = 1.24万亿元 (±0.05万亿元).  Growth rates (``yoy_pct``, percent) alike.  Figures with a qualifier
(超/近/约/余/以上/预计…) are bounds or estimates, never compared; rows marked 有误 take no part.  Rows of
one article that disagree among themselves are no conflict (an article may list several figures under
one name).

**The chart rule**: in every group with figures from several articles the *winner* is the article of the
row the user chose (kind ``choice``; the latest choice when several), else the most recently published
article (``articles.published``, YYYY-MM; unknown = oldest), ties: the article stored last (``added_at``,
then the articles table's insertion order), then the greater article id.  Each other article is compared
with the winner, per facet (its values of one ``unit_base``; its growth rates): the two *sets* of figures
must match both ways (every figure of either side has one of the other side within rounding).  When the
winner states nothing comparable in a facet, the next article by the same order that does stands in for
it there.  An article that fails a facet *conflicts* (``lose``): its rows of the group are left out of
every chart query and summary, still listed (with ``conflict``) in the tables; ``on_value`` / ``on_yoy``
say which facets disagree.  A group with such an article is *conflicting*; ``conflict_rows`` holds its
rows of the winner, of the articles that stood in for it, and of the losers.  An article that agrees with
the winner (the same figure at other digits, or only estimates) is not in ``conflict_rows``: its rows are
neither flagged nor listed nor left out of the charts -- exactly as the rows of a group without a
conflict, where every article's rows are drawn (the summaries pick one row per district and indicator).
Only groups whose articles' figures are not all identical are ranked at all (the rest cannot conflict),
which keeps the derivation as cheap as the plain comparison it replaced.
Every row that reaches a chart or table carries ``conflict`` (in ``conflict_rows``) and ``reviewed``.

Everything here is derived again inside every write transaction (:func:`materialize`, called by
:func:`store.summaries.materialize`): ``corr_hits`` (correction -> row), ``corr_rows`` (the effective
correction of each corrected row), ``corr_added`` (the added rows, whole), ``conflict_rows`` (the rows of
the winner, stand-ins and losers of each conflicting group, with its group, winner and the fields the
conflict list shows).  They are small
(corrections are few; conflicts are a share of the rows), and reads join them to the indicator table:
when a store has no corrections, reads use the indicator table as it is (:func:`rows_source`).

No streamlit here.
"""
from __future__ import annotations

import re
from typing import Sequence

KINDS: dict[str, str] = {"verified": "已核对", "wrong": "有误", "edit": "已修改", "added": "补录", "choice": "选用"}
REVIEWED_LABELS = ("", "已核对", "已修改", "有误", "补录")
EDIT_FIELDS = ("value", "yoy_pct", "unit", "period", "year", "month_from", "month_to", "indicator", "region")
ADDED_FIELDS = EDIT_FIELDS + ("subject", "sentence", "sent_start", "sent_end")

# The corrections table: user data (see the module doc).  ``id`` is made from the content, so the same
# correction imported twice is one correction.
CORRECTION_COLUMNS: dict[str, str] = {
    "id": "VARCHAR", "seq": "BIGINT", "created_at": "VARCHAR", "kind": "VARCHAR",
    "sha256": "VARCHAR", "start": "BIGINT", "end": "BIGINT", "surface": "VARCHAR",
    "row_indicator": "VARCHAR", "row_region": "VARCHAR", "row_subject": "VARCHAR",
    "value": "DOUBLE", "yoy_pct": "DOUBLE", "unit": "VARCHAR", "unit_factor": "DOUBLE", "unit_base": "VARCHAR",
    "period": "VARCHAR", "year": "BIGINT", "month_from": "BIGINT", "month_to": "BIGINT",
    "indicator": "VARCHAR", "region": "VARCHAR", "subject": "VARCHAR",
    "sentence": "VARCHAR", "sent_start": "BIGINT", "sent_end": "BIGINT", "note": "VARCHAR",
}
KEY_FIELDS = ("row_indicator", "row_region", "row_subject")   # "" = any row of the span
DERIVED_TABLES = ("corr_hits", "corr_rows", "corr_added", "conflict_rows", "conflict_keys")
# the stored text still reads the correction's surface at its span (``a``: articles, ``c``: corrections;
# DuckDB's substr counts characters, as Python's offsets do)
SPAN_OK = 'substr(a.text, c."start" + 1, c."end" - c."start") = c.surface'
# the row key: the columns of a row as parsed (``_ind0``, ``_reg0``, ``_subj0`` in every row source)
_KEY_MATCH = " AND ".join(f"(coalesce(c.{k}, '') = '' OR c.{k} = coalesce(i.{f}, ''))"
                          for k, f in (("row_indicator", "indicator"), ("row_region", "region"),
                                       ("row_subject", "subject")))

# The markers the store's read SQL uses for its row sources (replaced by Store._query, see rows_source):
ROWS = "@@ROWS@@"     # every row, corrected (wrong rows included, ``_hidden``); + reviewed, _ind0, _rid
CHART = "@@CHART@@"   # the rows charts draw: corrected, no wrong rows, no conflict losers; + conflict

# a row of a source <-> its line in conflict_rows: the span and parsed indicator, plus (for rows without a
# span) the corrected region, subject and period, so rows of one article without spans never stand in
# for each other
KEY_JOIN = ('{a}.article = {b}.article AND {a}."start" IS NOT DISTINCT FROM {b}."start" '
            'AND {a}."end" IS NOT DISTINCT FROM {b}."end" AND {a}._ind0 = {b}._ind0 '
            "AND coalesce({a}.region, '') = {b}.region AND coalesce({a}.subject, '') = {b}.subject "
            "AND {a}.period IS NOT DISTINCT FROM {b}.period")

# --------------------------------------------------------------------------------- row sources
PLAIN_ROWS = ("SELECT *, indicator AS _ind0, coalesce(region, '') AS _reg0, coalesce(subject, '') AS _subj0, "
              "'' AS reviewed, false AS _hidden, rowid AS _rid FROM indicators")
_EDITABLE = ("region", "indicator", "period", "year", "month_from", "month_to", "value", "unit", "yoy_pct")
# the base value of a corrected row: the parser's when neither value nor unit is corrected; the row's own
# scale (value_base / value) while the unit stays; else the scale of the corrected unit
_VALUE_BASE = ("CASE WHEN c.value IS NULL AND c.unit IS NULL THEN i.value_base "
               "WHEN (c.unit IS NULL OR c.unit = i.unit) AND i.value_base IS NOT NULL AND coalesce(i.value, 0) <> 0 "
               "THEN coalesce(c.value, i.value) * (i.value_base / i.value) "
               "ELSE coalesce(c.value, i.value) * coalesce(c.unit_factor, 1) END")
_UNIT_BASE = "CASE WHEN c.unit IS NULL OR c.unit = i.unit THEN i.unit_base ELSE coalesce(c.unit_base, '') END"
CORRECTED_ROWS = (
    "SELECT i.* REPLACE (" + ", ".join(f'coalesce(c."{f}", i."{f}") AS "{f}"' for f in _EDITABLE)
    + f", {_VALUE_BASE} AS value_base, {_UNIT_BASE} AS unit_base), "
    "i.indicator AS _ind0, coalesce(i.region, '') AS _reg0, coalesce(i.subject, '') AS _subj0, "
    "coalesce(c.reviewed, '') AS reviewed, coalesce(c.hidden, false) AS _hidden, i.rowid AS _rid "
    "FROM indicators i LEFT JOIN corr_rows c ON i.article = c.article AND i.\"start\" IS NOT DISTINCT FROM c.\"start\" "
    "AND i.\"end\" IS NOT DISTINCT FROM c.\"end\" AND i.indicator = c._ind0 "
    "AND coalesce(i.region, '') = c._reg0 AND coalesce(i.subject, '') = c._subj0 "
    "UNION ALL BY NAME SELECT * FROM corr_added"
)


# conflict_rows, one line per row key: what reads join (rows of one article without spans may share a key:
# joined to conflict_rows itself, each would come out once per copy; ``lose`` is the article's, so one per
# key).  Derived with conflict_rows (:func:`materialize`), so a read pays no GROUP BY.
CONFLICT_KEYS = "conflict_keys"
_CONFLICT_KEYS_SQL = ('SELECT article, "start", "end", _ind0, region, subject, period, bool_or(lose) AS lose '
                      "FROM conflict_rows {where} GROUP BY ALL")


def chart_rows(rows: str) -> str:
    """The chart source over a row source: no wrong rows, no conflict losers; ``conflict`` flag."""
    return (f"SELECT s.*, f.article IS NOT NULL AS conflict FROM ({rows}) s "
            f"LEFT JOIN {CONFLICT_KEYS} f ON {KEY_JOIN.format(a='s', b='f')} "
            "WHERE NOT s._hidden AND NOT coalesce(f.lose, false)")


def rows_source(corrected: bool) -> tuple[str, str]:
    """(all rows, chart rows) SQL: over the indicator table as it is when ``corrected`` is False (no
    correction in the store: no join), else with the corrections applied."""
    rows = CORRECTED_ROWS if corrected else PLAIN_ROWS
    return rows, chart_rows(rows)


def bind_sources(sql: str, corrected: bool) -> str:
    """``sql`` with the ``ROWS`` / ``CHART`` markers replaced by their sources."""
    if ROWS not in sql and CHART not in sql:
        return sql
    rows, chart = rows_source(corrected)
    return sql.replace(CHART, f"({chart})").replace(ROWS, f"({rows})")


HAS_CORRECTIONS_SQL = "SELECT (SELECT count(*) FROM corr_rows) + (SELECT count(*) FROM corr_added)"

# ------------------------------------------------------------------------- derived tables (SQL)
# each correction (but ``added``) -> the rows it applies to (the article with its sha256 whose text still
# reads the surface at the span; the span; the row's indicator, region and subject as parsed when given)
HITS_SQL = f"""
SELECT c.id, c.seq, c.kind, i.article, i."start", i."end", i.indicator AS _ind0,
       coalesce(i.region, '') AS _reg0, coalesce(i.subject, '') AS _subj0
FROM corrections c JOIN articles a ON a.sha256 = c.sha256 AND {SPAN_OK}
JOIN indicators i ON i.article = a.article AND i."start" = c."start" AND i."end" = c."end" AND {_KEY_MATCH}
WHERE c.kind <> 'added'
"""
# the effective correction of each corrected row (see the module doc for the order of application)
_LAST = ", ".join(f'arg_max(h."{f}", h.seq) FILTER (WHERE h.kind = \'edit\' AND h."{w}" IS NOT NULL) AS "{f}"'
                  for f, w in [(f, f) for f in _EDITABLE] + [("unit_factor", "unit"), ("unit_base", "unit")])
_ROW_KEY = 'h.article, h."start", h."end", h._ind0, h._reg0, h._subj0'
ROWS_SQL = f"""
WITH h AS (SELECT {_ROW_KEY}, c.* EXCLUDE (id, seq, kind, "start", "end"),
                  h.seq, h.kind FROM corr_hits h JOIN corrections c USING (id)),
g AS (SELECT {_ROW_KEY}, {_LAST},
             arg_max(h.kind, h.seq) FILTER (WHERE h.kind IN ('verified', 'wrong', 'edit')) AS state,
             bool_or(h.kind = 'edit') AS edited,
             max(h.seq) FILTER (WHERE h.kind = 'choice') AS choice_seq
      FROM h GROUP BY {_ROW_KEY})
SELECT *, coalesce(state = 'wrong', false) AS hidden,
       CASE WHEN state = 'wrong' THEN '有误' WHEN edited THEN '已修改' WHEN state = 'verified' THEN '已核对'
            ELSE '' END AS reviewed
FROM g
"""
# the added rows, whole (the columns of the indicator table + those of the row sources)
ADDED_SQL = f"""
SELECT a.article, coalesce(c.region, '') AS region, coalesce(c.subject, '') AS subject,
       coalesce(c.indicator, '') AS indicator, coalesce(c.period, '') AS period, c.year, c.month_from, c.month_to,
       c.value, coalesce(c.unit, '') AS unit, c.yoy_pct, '' AS qualifier,
       c.value * coalesce(c.unit_factor, 1) AS value_base, coalesce(c.unit_base, '') AS unit_base,
       CASE WHEN c.value IS NULL THEN ''
            WHEN c.value = round(c.value) AND abs(c.value) < 1e15 THEN CAST(CAST(c.value AS BIGINT) AS VARCHAR) || coalesce(c.unit, '')
            ELSE CAST(c.value AS VARCHAR) || coalesce(c.unit, '') END AS value_text,
       CASE WHEN c.yoy_pct IS NULL THEN ''
            ELSE (CASE WHEN c.yoy_pct < 0 THEN '下降' ELSE '增长' END) || CAST(abs(c.yoy_pct) AS VARCHAR) || '%' END
            AS yoy_text,
       coalesce(c.sentence, '') AS sentence, c."start", c."end", c.sent_start, c.sent_end,
       CAST(NULL AS BIGINT) AS yoy_start, CAST(NULL AS BIGINT) AS yoy_end,
       coalesce(c.indicator, '') AS _ind0, coalesce(c.region, '') AS _reg0, coalesce(c.subject, '') AS _subj0,
       '补录' AS reviewed, false AS _hidden, 1000000000000000 + c.seq AS _rid
FROM corrections c JOIN articles a ON a.sha256 = c.sha256 AND {SPAN_OK}
WHERE c.kind = 'added'
"""
# the period key of a conflict group
_PKEY = ("CASE WHEN year IS NULL THEN '?|' || coalesce(period, '') "
         "ELSE year::VARCHAR || '|' || coalesce(month_from, 1)::VARCHAR || '-' || coalesce(month_to, 12)::VARCHAR END")
_GROUP = "region, subject, indicator, pkey"


# ---- the stated precision of a figure: ONE expression (stated_step_sql) built from the small parts below,
# used for values and growth rates alike.  A figure's *step* is one unit of its last stated digit, in base
# units: 209.30亿元 -> 0.01亿 = 1e6 元; 209亿元 (and 2090000万元: trailing zeros of an integer count as
# stated) -> 1 of the stated unit; 增长9.4% -> 0.1.  The digits come from the surface text (value_text /
# yoy_text) when the number in it is the row's number; else (an edited row keeps the parser's surface
# text; Chinese numerals, 九点四) from the number itself (its shortest decimal form, at most 10 decimals).
def _ascii_digits(t: str) -> str:
    """Full-width digits and points (１２．５) as ASCII."""
    return f"translate({t}, '０１２３４５６７８９．，', '0123456789.,')"


def _no_thousands(t: str) -> str:
    """Thousands commas out (1,234.5 -> 1234.5)."""
    return f"regexp_replace({t}, '(\\d),(\\d)', '\\1\\2', 'g')"


def _first_number(t: str) -> str:
    """The first ASCII number of a text ('' when none)."""
    return f"regexp_extract({t}, '\\d+(?:\\.\\d+)?')"


def _text_decimals(n: str) -> str:
    """Digits after the point of a number text (0 for an integer)."""
    return f"length(regexp_extract({n}, '\\.(\\d+)', 1))"


def _number_decimals(v: str) -> str:
    """Decimals of a number's shortest decimal form (0..10)."""
    whens = " ".join(f"WHEN abs(round({v}, {d}) - {v}) <= 1e-11 * abs({v}) THEN {d}" for d in range(10))
    return f"(CASE {whens} ELSE 10 END)"


def stated_decimals_sql(text: str, number: str) -> str:
    """Decimals stated for ``number`` (a DOUBLE column; compared by magnitude, so 下降3.2% = -3.2) in its
    surface ``text``, else those of the number itself."""
    n = _first_number(_no_thousands(_ascii_digits(f"coalesce({text}, '')")))
    same = f"abs(TRY_CAST({n} AS DOUBLE) - abs({number})) <= 1e-9 * abs({number})"
    return f"(CASE WHEN coalesce({same}, false) THEN {_text_decimals(n)} ELSE {_number_decimals(number)} END)"


def stated_step_sql(text: str, number: str, scale: str = "1") -> str:
    """One unit of the last stated digit of ``number``, times ``scale`` (the row's base units per stated unit)."""
    return f"(power(10.0, -{stated_decimals_sql(text, number)}) * {scale})"


# a row's base units per stated unit (value_base / value: 1e8 for 亿元); 1 when unknown
_SCALE = "(CASE WHEN value <> 0 AND value_base IS NOT NULL THEN abs(value_base / value) ELSE 1 END)"
# two figures (base value, step) agree within half a step of the coarser one (a hair of slack for binary
# fractions: 9.4 vs 9.45 is |0.05| against 0.05)
_NEAR = "abs({a}.b - {b}.b) <= 0.5 * greatest({a}.s, {b}.s) * (1 + 1e-9)"

CONFLICTS_SQL = f"""
WITH r AS (SELECT article, "start", "end", _ind0, _reg0, _subj0, coalesce(region, '') AS region, coalesce(subject, '') AS subject,
                  coalesce(indicator, '') AS indicator, {_PKEY} AS pkey, period, value, unit, value_base,
                  coalesce(unit_base, '') AS unit_base, yoy_pct, coalesce(qualifier, '') AS qualifier, sentence,
                  sent_start, sent_end, value_text, yoy_text, _rid
           FROM ({{rows}}) WHERE NOT _hidden AND coalesce(region, '') <> '' AND coalesce(indicator, '') <> ''
             AND ($regions IS NULL OR list_contains($regions, region))),
multi AS (SELECT {_GROUP} FROM r GROUP BY ALL HAVING count(DISTINCT article) > 1),
m AS (SELECT r.* FROM r SEMI JOIN multi USING ({_GROUP})),
v AS (SELECT {_GROUP}, unit_base, article,
             string_agg(DISTINCT printf('%.9e', coalesce(value_base, value)), ',' ORDER BY printf('%.9e', coalesce(value_base, value))) AS vs
      FROM m WHERE qualifier = '' AND value IS NOT NULL GROUP BY ALL),
y AS (SELECT {_GROUP}, article, string_agg(DISTINCT printf('%.9e', yoy_pct), ',' ORDER BY printf('%.9e', yoy_pct)) AS ys
      FROM m WHERE qualifier = '' AND yoy_pct IS NOT NULL GROUP BY ALL),
g AS (SELECT {_GROUP} FROM v GROUP BY {_GROUP}, unit_base HAVING count(DISTINCT article) > 1 AND count(DISTINCT vs) > 1
      UNION
      SELECT {_GROUP} FROM y GROUP BY ALL HAVING count(DISTINCT article) > 1 AND count(DISTINCT ys) > 1),
x AS (SELECT m.*, hash(m.region, m.subject, m.indicator, m.pkey) AS grp, a.title, coalesce(a.published, '') AS published,
             coalesce(a.added_at, '') AS added_at, a.rowid AS _arow, a.sha256, c.choice_seq
      FROM m JOIN g USING ({_GROUP}) JOIN articles a USING (article)
      LEFT JOIN corr_rows c ON m.article = c.article AND m."start" IS NOT DISTINCT FROM c."start"
           AND m."end" IS NOT DISTINCT FROM c."end" AND m._ind0 = c._ind0 AND m._reg0 = c._reg0
           AND m._subj0 = c._subj0),
rk AS (SELECT grp, article, max((coalesce(choice_seq, -1), published, added_at, _arow, article)) AS _rank
       FROM x GROUP BY grp, article),
xr AS (SELECT * FROM x JOIN rk USING (grp, article)),
w AS (SELECT grp, arg_max(article, _rank) AS winner, max(choice_seq) IS NOT NULL AS chosen FROM xr GROUP BY grp),
p AS (SELECT grp, 'v|' || unit_base AS facet, article, _rank, _rid, coalesce(value_base, value) AS b,
             {stated_step_sql('value_text', 'value', _SCALE)} AS s
      FROM xr WHERE qualifier = '' AND value IS NOT NULL
      UNION ALL
      SELECT grp, 'y' AS facet, article, _rank, _rid, yoy_pct AS b, {stated_step_sql('yoy_text', 'yoy_pct')} AS s
      FROM xr WHERE qualifier = '' AND yoy_pct IS NOT NULL),
ref AS (SELECT grp, facet, arg_max(article, _rank) AS ref FROM p GROUP BY grp, facet),
pp AS (SELECT o.grp, o.facet, o.article, o._rid AS oid, f._rid AS fid, {_NEAR.format(a='o', b='f')} AS near
       FROM p o JOIN ref USING (grp, facet) JOIN p f ON f.grp = o.grp AND f.facet = o.facet AND f.article = ref.ref
       WHERE o.article <> ref.ref),
bad AS (SELECT grp, facet, article FROM (
            SELECT grp, facet, article, bool_or(near) AS ok FROM pp GROUP BY grp, facet, article, oid
            UNION ALL
            SELECT grp, facet, article, bool_or(near) AS ok FROM pp GROUP BY grp, facet, article, fid)
        GROUP BY ALL HAVING NOT bool_and(ok)),
gk AS (SELECT grp, bool_or(facet <> 'y') AS on_value, bool_or(facet = 'y') AS on_yoy FROM bad GROUP BY grp),
lose AS (SELECT DISTINCT grp, article FROM bad),
keep AS (SELECT grp, article FROM lose
         UNION SELECT grp, winner FROM w SEMI JOIN gk USING (grp)
         UNION SELECT grp, ref FROM ref SEMI JOIN bad USING (grp, facet))
SELECT xr.* EXCLUDE (choice_seq, _arow, _rank, grp), gk.on_value, gk.on_yoy, grp, w.winner, w.chosen,
       lose.article IS NOT NULL AS lose
FROM xr JOIN gk USING (grp) JOIN w USING (grp) SEMI JOIN keep USING (grp, article)
LEFT JOIN lose USING (grp, article)
"""
# each correction with its stored article (article, title: NULL when not stored) and why it does not apply
# (reason: NULL when it applies)
_REASON = (f"CASE WHEN a.article IS NULL THEN '{{gone}}' WHEN NOT coalesce({SPAN_OK}, false) THEN '{{moved}}' "
           "WHEN c.kind <> 'added' AND c.id NOT IN (SELECT id FROM corr_hits) THEN '{nomatch}' END")
REASONS = {"gone": "文章不在库中", "moved": "原文此处的文字已不同（文章改动过）", "nomatch": "原文位置已无对应数据"}
STATUS_SQL = f"""
SELECT c.*, a.article, a.title, {_REASON.format(**REASONS)} AS reason
FROM corrections c LEFT JOIN articles a ON a.sha256 = c.sha256
"""
ORPHANS_SQL = f"SELECT * FROM ({STATUS_SQL}) WHERE reason IS NOT NULL ORDER BY seq"


def create_table_sql(temp: bool = False) -> str:
    cols = ", ".join(f'"{c}" {t}' for c, t in CORRECTION_COLUMNS.items())
    return f"CREATE {'TEMP ' if temp else ''}TABLE IF NOT EXISTS corrections ({cols})"


# the districts a write of corrections can change (Store._write_corrections): the keys of the rows the changed
# corrections ($ids) apply to are noted in a temporary table (read while those corrections are stored: before
# an undo, after an insert); their districts are the parsed ones (_reg0) and the rows' effective ones, read
# from corr_rows before and after it is derived again; plus the districts of added rows among $ids
_TOUCHED = "_touched_keys"
_KEY_COLS = '"article", "start", "end", _ind0, _reg0, _subj0'
NOTE_TOUCHED_SQL = (f"INSERT INTO {_TOUCHED} SELECT DISTINCT {_KEY_COLS} FROM ({HITS_SQL}) "
                    "WHERE list_contains($ids, id)")
ADDED_REGIONS_SQL = "SELECT DISTINCT region FROM corrections WHERE kind = 'added' AND list_contains($ids, id)"
TOUCHED_REGIONS_SQL = f"""
SELECT DISTINCT region FROM (
    SELECT _reg0 AS region FROM {_TOUCHED}
    UNION ALL SELECT r.region FROM corr_rows r SEMI JOIN {_TOUCHED} t USING ({_KEY_COLS}))
WHERE region IS NOT NULL
"""


def start_touched(con) -> None:
    """An empty note of touched row keys for this write (a temporary table of the connection)."""
    con.execute(f'CREATE OR REPLACE TEMP TABLE {_TOUCHED} ("article" VARCHAR, "start" BIGINT, "end" BIGINT, '
                "_ind0 VARCHAR, _reg0 VARCHAR, _subj0 VARCHAR)")


def note_touched(con, ids: list[str]) -> set[str]:
    """Note the keys of the rows the stored corrections ``ids`` apply to; returns the districts of the added
    rows among them."""
    if not ids:
        return set()
    p = {"ids": [str(i) for i in ids]}
    con.execute(NOTE_TOUCHED_SQL, p)
    return {str(r[0]) for r in con.execute(ADDED_REGIONS_SQL, p).fetchall() if r[0] is not None}


def touched_regions(con) -> set[str]:
    """The districts of the noted rows: as parsed and as corrected by the current ``corr_rows`` (read before
    and after it is derived again, they are the districts whose conflicts and summaries the write can change:
    see :func:`materialize`'s ``regions``)."""
    return {str(r[0]) for r in con.execute(TOUCHED_REGIONS_SQL).fetchall()}


def materialize_corrections(con, *, temp: bool = False) -> None:
    """(Re)derive ``corr_hits``, ``corr_rows`` and ``corr_added`` (small: one join of the corrections
    with the rows of their articles)."""
    kind = "TEMP TABLE" if temp else "TABLE"
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "corrections" not in have:
        con.execute(create_table_sql(temp=temp))
    elif not temp:
        migrate(con)
    con.execute(f"CREATE OR REPLACE {kind} corr_hits AS {HITS_SQL}")
    con.execute(f"CREATE OR REPLACE {kind} corr_rows AS {ROWS_SQL}")
    con.execute(f"CREATE OR REPLACE {kind} corr_added AS {ADDED_SQL}")


def has_corrections(con) -> bool:
    return con.execute(HAS_CORRECTIONS_SQL).fetchall()[0][0] > 0


def materialize(con, *, temp: bool = False, regions: list[str] | None = None,
                corrections_ready: bool = False) -> None:
    """(Re)derive ``corr_hits``, ``corr_rows``, ``corr_added``, ``conflict_rows`` and ``conflict_keys`` on ``con`` (inside
    the caller's transaction; ``temp``: as temporary tables, for a read of a store that lacks them).

    ``regions``: only the conflicts of these districts are derived again (a correction changed only
    their rows; the others stay as they are); ``corrections_ready``: the ``corr_*`` tables are current."""
    kind = "TEMP TABLE" if temp else "TABLE"
    if not corrections_ready:
        materialize_corrections(con, temp=temp)
    rows, _ = rows_source(has_corrections(con))
    sql = CONFLICTS_SQL.format(rows=rows)
    if regions is None:
        con.execute(f"CREATE OR REPLACE {kind} conflict_rows AS {sql}", {"regions": None})
        con.execute(f"CREATE OR REPLACE {kind} {CONFLICT_KEYS} AS {_CONFLICT_KEYS_SQL.format(where='')}")
    else:
        p = {"regions": list(regions)}
        con.execute("DELETE FROM conflict_rows WHERE list_contains($regions, region)", p)
        con.execute(f"INSERT INTO conflict_rows BY NAME {sql}", p)
        con.execute(f"DELETE FROM {CONFLICT_KEYS} WHERE list_contains($regions, region)", p)
        con.execute(f"INSERT INTO {CONFLICT_KEYS} BY NAME "
                    f"{_CONFLICT_KEYS_SQL.format(where='WHERE list_contains($regions, region)')}", p)


# ----------------------------------------------------------------------------- pure helpers
# (the parser's own vocabulary: its scale words and unit table, its period rules; no second copy here)
def unit_scale(unit: str) -> tuple[float, str]:
    """(factor, base unit) of a stated unit: :func:`parsers.api.unit_scale`."""
    from parsers.api import unit_scale as parser_unit_scale
    return parser_unit_scale(unit)


def period_fields(label: str) -> tuple[int | None, int | None, int | None]:
    """(year, month_from, month_to) of a period label: :func:`parsers.api.period_fields`."""
    from parsers.api import period_fields as parser_period_fields
    return parser_period_fields(label)


def migrate(con) -> None:
    """Bring a corrections table made by an older version up to date (inside the caller's write
    transaction): add the columns it lacks, then fill what older corrections did not record -- the surface
    at the span (from the stored text, when the article is stored) and the corrected unit's scale."""
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'corrections'").fetchall()}
    missing = [c for c in CORRECTION_COLUMNS if c not in have]
    for c in missing:
        con.execute(f'ALTER TABLE corrections ADD COLUMN "{c}" {CORRECTION_COLUMNS[c]}')
    if "surface" in missing:
        con.execute(f"""UPDATE corrections c SET surface = substr(a.text, c."start" + 1, c."end" - c."start")
                        FROM articles a WHERE a.sha256 = c.sha256 AND c.surface IS NULL""")
    if "unit_factor" in missing:
        for (unit,) in con.execute("SELECT DISTINCT unit FROM corrections WHERE unit IS NOT NULL").fetchall():
            f, base = unit_scale(unit)
            con.execute("UPDATE corrections SET unit_factor = ?, unit_base = ? WHERE unit = ?", [f, base, unit])


def is_current(con) -> bool:
    """Has the store the corrections table and its derived tables of this version?"""
    cols = {(r[0], r[1]) for r in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_name IN ('corrections', 'corr_rows')").fetchall()}
    return {("corrections", "surface"), ("corrections", "unit_factor"), ("corr_rows", "_reg0")} <= cols


# ------------------------------------------------------------------------------ ids and CSV
class CorrectionError(ValueError):
    """A correction (or a corrections CSV) that cannot be stored; the message says why, in Chinese."""


_INT_FIELDS = {c for c, t in CORRECTION_COLUMNS.items() if t == "BIGINT"}
_FLOAT_FIELDS = {c for c, t in CORRECTION_COLUMNS.items() if t == "DOUBLE"}
_HEX64 = re.compile(r"^[0-9a-f]{32,64}$")   # sha256 (the benchmarks' SQL stores use md5)
CSV_COLUMNS = [c for c in CORRECTION_COLUMNS if c != "seq"]   # seq: the order of the file's rows


def _canon(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


_NOT_CONTENT = ("id", "seq", "unit_factor", "unit_base")   # the order, and what is derived from the unit


def correction_id(rec: dict) -> str:
    """The id of a correction: a hash of its content (kind, key, fields, time, note), so one correction
    exported and imported again (or imported twice) is one correction."""
    import hashlib
    body = "\x1f".join(f"{c}={_canon(rec.get(c))}" for c in CORRECTION_COLUMNS if c not in _NOT_CONTENT)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:24]


# A corrections CSV is opened in spreadsheets too: a text cell a spreadsheet would run as a formula (=, +, @,
# tab, CR, or - before something that is not a number; the rule of components.export) is written with a
# leading apostrophe.  So that the file still round-trips exactly, every text cell that starts with an
# apostrophe gets one more, and reading drops one leading apostrophe.
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def formula_like(v: str) -> bool:
    if v.startswith(_FORMULA_START):
        return True
    if v.startswith("-"):
        try:
            float(v)
        except ValueError:
            return True
    return False


def _escape(v: str) -> str:
    return "'" + v if v.startswith("'") or formula_like(v) else v


def _unescape(v: str) -> str:
    return v[1:] if v.startswith("'") else v


def _cell(raw, col: str, line: int, errors: list[str]):
    s = "" if raw is None else str(raw)
    if col in ("id", "kind", "sha256", "created_at"):
        s = s.strip()
    if col not in _INT_FIELDS and col not in _FLOAT_FIELDS:    # text: exactly as written (a surface, a note), unescaped
        return _unescape(s) if s != "" else None
    s = s.strip()
    if s == "":
        return None
    try:
        if col in _INT_FIELDS:
            f = float(s)
            if f != int(f):
                raise ValueError
            return int(f)
        if col in _FLOAT_FIELDS:
            f = float(s)
            if f != f or f in (float("inf"), float("-inf")):
                raise ValueError
            return f
    except ValueError:
        errors.append(f"第 {line} 行：{col} 不是数字（{s[:20]}）")
        return None
    return s


def check_record(rec: dict, where: str = "") -> list[str]:
    """What is wrong with a correction record ([] = nothing)."""
    errs = []
    pre = f"{where}：" if where else ""
    kind = rec.get("kind")
    if kind not in KINDS:
        errs.append(f"{pre}类型“{kind or ''}”无效（应为 {'/'.join(KINDS)}）")
    if not _HEX64.match(str(rec.get("sha256") or "")):
        errs.append(f"{pre}sha256 应为十六进制摘要")
    s, e = rec.get("start"), rec.get("end")
    if s is None or e is None or s < 0 or e <= s:
        errs.append(f"{pre}位置 start/end 无效")
    elif not rec.get("surface") or len(str(rec["surface"])) != e - s:
        errs.append(f"{pre}surface 应为原文在 start–end 处的文字（{e - s} 个字）")
    if kind == "edit" and all(rec.get(f) is None for f in EDIT_FIELDS):
        errs.append(f"{pre}修改未给出任何字段")
    if kind == "added":
        if not rec.get("indicator") or not rec.get("region"):
            errs.append(f"{pre}补录需要指标和区县")
        if rec.get("value") is None and rec.get("yoy_pct") is None:
            errs.append(f"{pre}补录需要数值或增速")
    for f in ("region", "indicator"):
        if kind == "edit" and rec.get(f) is not None and not str(rec.get(f)).strip():
            errs.append(f"{pre}{f} 不能为空")
    return errs


def read_csv_records(data) -> list[dict]:
    """Records of a corrections CSV (text or bytes, UTF-8 with or without BOM), checked; raises
    :class:`CorrectionError` listing every bad line (nothing is returned then)."""
    import csv
    import io
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise CorrectionError("更正文件不是 UTF-8 编码的 CSV") from err
    text = str(data).lstrip("\ufeff")
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        rows = list(reader)
    except csv.Error as err:
        raise CorrectionError(f"更正文件不是有效的 CSV：{err}") from err
    missing = [c for c in ("kind", "sha256", "start", "end", "surface") if c not in header]
    if missing:
        raise CorrectionError(f"更正文件缺少列：{'、'.join(missing)}")
    errors: list[str] = []
    out = []
    for n, row in enumerate(rows, start=2):
        if None in row:
            errors.append(f"第 {n} 行：列数多于表头")
            continue
        rec = {c: _cell(row.get(c), c, n, errors) for c in CSV_COLUMNS}
        errors += check_record(rec, f"第 {n} 行")
        out.append(rec)
    if errors:
        more = f"（另有 {len(errors) - 10} 处）" if len(errors) > 10 else ""
        raise CorrectionError("更正文件有误，未导入任何内容：" + "；".join(errors[:10]) + more)
    return out


def write_csv(records: list[dict]) -> str:
    """The corrections as CSV text (columns ``CSV_COLUMNS`` + article, title for people; in ``seq`` order; text
    cells escaped for spreadsheets, see :func:`formula_like`)."""
    import csv
    import io
    buf = io.StringIO()
    cols = CSV_COLUMNS + ["article", "title"]
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in records:
        row = {c: _canon(r.get(c)) for c in cols}
        w.writerow({c: (v if c in _INT_FIELDS or c in _FLOAT_FIELDS else _escape(v)) for c, v in row.items()})
    return buf.getvalue()


__all__: Sequence[str] = ["KINDS", "REVIEWED_LABELS", "EDIT_FIELDS", "CORRECTION_COLUMNS", "DERIVED_TABLES",
                          "ROWS", "CHART", "rows_source", "bind_sources", "materialize", "unit_scale",
                          "period_fields", "ORPHANS_SQL", "STATUS_SQL", "KEY_FIELDS", "migrate", "is_current", "CorrectionError", "correction_id",
                          "read_csv_records", "write_csv", "check_record"]
