"""Articles named by their titles: the columns a view adds beside ``article`` (pure; no streamlit).

Rows of the store name their article by its storage id (``000_b603f38b2462cfdc.txt``, a file name);
the user knows an article by its title.  :func:`add_titles` puts three columns right after
``article``:

* ``title``: the article's title (the first non-empty line, or the title typed on upload); the storage
  name when it has none;
* ``published``: its publication month (``YYYY-MM``, "" when unknown);
* ``article_label``: how pickers, hovers, notes and the evidence panel name it -- the title (cut short)
  and month, with a short id when another article of the store has the same label
  (:data:`store.queries.ARTICLE_TITLES_SQL` makes it).

Tables show ``title`` and ``published`` where they named the article, and the storage name only as a
secondary column (:data:`STORAGE_COLUMN`).  The titles come from the store
(:func:`store.queries.article_titles`, cached in :func:`components.data.with_titles`).
"""
from __future__ import annotations

import pandas as pd

from components.markup import cell_text as _text
from store.queries import TITLE_MAX

TITLE_COLUMNS = ("title", "published", "article_label")
# the Chinese column names of tables
TITLE_COLUMN = "文章标题"
MONTH_COLUMN = "发布月份"
STORAGE_COLUMN = "文件名"
LABEL_TITLE_MAX = TITLE_MAX   # characters of a title in a label: the store's cut


def add_titles(frame: pd.DataFrame, titles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``title``, ``published`` and ``article_label`` right after its ``article`` column
    (replaced when present), from ``titles`` (``article, title, published, label``: the store's answer).
    An article the store does not know (or without a title) is named by its storage name."""
    out = frame.drop(columns=[c for c in TITLE_COLUMNS if c in frame.columns])
    if "article" not in out.columns:
        return out.copy()
    art = out["article"].astype("string").fillna("")
    ids = [] if titles is None or not len(titles) else titles["article"].astype(str).tolist()

    def lookup(col: str) -> pd.Series:      # a vectorised map: downloads name 100,000 rows' articles
        if not ids:
            return pd.Series([""] * len(art), index=art.index, dtype="string")
        values = pd.Series([_text(v) for v in titles[col]], index=ids, dtype="string")
        values = values[~values.index.duplicated()]
        return art.map(values).fillna("").astype("string")

    title, month, label = lookup("title"), lookup("published"), lookup("label")
    title = title.where(title.str.strip() != "", art)
    label = label.where(label != "", art)
    pos = list(out.columns).index("article") + 1
    out = out.copy()
    for i, (name, col) in enumerate((("title", title), ("published", month), ("article_label", label))):
        out.insert(pos + i, name, col.to_numpy())
        out[name] = out[name].astype("string")
    return out


def joined_titles(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` whose ``title`` and ``published`` were joined from the store's articles in SQL (a
    download's rows, ``store.queries.detail_rows``) with the columns of :func:`add_titles`, computed per
    row (vectorised: a download has up to 100,000 rows); its ``article_label`` is the title and month
    without the short id that tells equal labels apart (a download shows title and month in columns)."""
    art = frame["article"].astype("string").fillna("")
    title = frame["title"].astype("string").fillna("")
    month = frame["published"].astype("string").fillna("")
    title = title.where(title.str.strip() != "", art)                        # untitled: the storage name
    short = title.where(title.str.len() <= LABEL_TITLE_MAX, title.str.slice(0, LABEL_TITLE_MAX - 1) + "…")
    label = short.where(month == "", short + " (" + month + ")")
    label = label.where(art != "", "")
    out = frame.drop(columns=[c for c in TITLE_COLUMNS if c in frame.columns])
    pos = list(out.columns).index("article") + 1
    for i, (name, col) in enumerate((("title", title), ("published", month), ("article_label", label))):
        out.insert(pos + i, name, col.to_numpy())
        out[name] = out[name].astype("string")
    return out


def label_of(row) -> str:
    """How one row names its article: ``article_label`` when the row has it, else the storage name."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    return _text(get("article_label", None)) or _text(get("article", None))
