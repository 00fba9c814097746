"""The store's reads: typed functions on read-only connections that cannot touch files."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from parsers.schema import ARTICLE_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS
from store.db import Store

WRITES = [
    pytest.param("INSERT INTO articles (article) VALUES ('x')", id="insert"),
    pytest.param("DELETE FROM indicators", id="delete"),
    pytest.param("DROP TABLE projects", id="drop"),
    pytest.param("CREATE TABLE evil AS SELECT 1", id="create"),
    pytest.param("COPY articles TO '{tmp}/leak.csv'", id="copy-to-file"),
    pytest.param("ATTACH '{tmp}/other.duckdb' AS other", id="attach"),
    pytest.param("SELECT * FROM read_csv('/etc/passwd')", id="read-file"),
    pytest.param("SET enable_external_access = true", id="reconfigure"),
]


@pytest.mark.parametrize("sql", WRITES)
def test_read_connections_cannot_write_or_touch_files(filled_store, tmp_path, sql):
    v0, counts = filled_store.version(), filled_store.counts()
    with pytest.raises(duckdb.Error):
        filled_store._query((sql.format(tmp=tmp_path), None))
    assert filled_store.counts() == counts and filled_store.version() == v0
    assert not (tmp_path / "leak.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_no_public_method_takes_sql(filled_store):
    public = {n for n in dir(Store) if not n.startswith("_")}
    assert "query" not in public and "empty_query" not in public
    reads = {"articles", "indicators", "projects", "article", "article_text", "overview", "regions", "counts",
             "find_duplicates", "version", "exists", "is_empty", "empty_overview"}
    assert reads <= public


def test_typed_reads_follow_the_contracts(filled_store):
    for frame, cols in ((filled_store.articles(), ARTICLE_COLUMNS), (filled_store.indicators(), INDICATOR_COLUMNS),
                        (filled_store.projects(), PROJECT_COLUMNS)):
        assert list(frame.columns) == list(cols)
        assert frame.dtypes.astype(str).tolist() == list(cols.values())
    arts = filled_store.articles()
    first = arts.iloc[0]
    assert filled_store.article_text(first["article"]) == first["text"]
    assert filled_store.article(first["article"])["sha256"] == first["sha256"]
    assert filled_store.article_text("nope.txt") == "" and filled_store.article("nope.txt") is None
    assert filled_store.regions() == sorted(set(arts["region"]))


def test_article_lookup_is_a_parameter_not_sql(filled_store):
    assert filled_store.article("x' OR '1'='1") is None
    assert filled_store.article_text("x' OR '1'='1") == ""


def test_reads_of_a_missing_store_create_nothing(tmp_db):
    store = Store(tmp_db)
    assert store.articles().empty and store.article_text("a") == "" and store.regions() == []
    assert store.overview()["counts"] == {"articles": 0, "indicators": 0, "projects": 0}
    assert store.counts() == {"articles": 0, "indicators": 0, "projects": 0}
    assert not tmp_db.exists() and not tmp_db.parent.exists()


def test_a_write_after_reads_still_works(filled_store, parsed_factory):
    filled_store.indicators(), filled_store.overview(["双阳区"])
    res = filled_store.add([parsed_factory("二道区", article="later.txt", extra="又一篇。")])
    assert res.added == ["later.txt"]
    assert isinstance(filled_store.indicators(), pd.DataFrame)


def test_overview_takes_one_district_as_a_string(filled_store):
    assert filled_store.overview("绿园区")["shown"] == filled_store.overview(["绿园区"])["shown"]
    assert set(filled_store.overview("绿园区")["latest"]["region"]) == {"绿园区"}
