"""The dashboard's DuckDB store and its SQL (no streamlit here; the parser never imports it).

* :mod:`store.db` -- :class:`~store.db.Store`: the database file, its writes (one transaction each)
  and typed reads;
* :mod:`store.summaries` -- the overview's summary SQL, materialized on every write;
* :mod:`store.corrections` -- user corrections (keyed by the article's content hash and the figure's span:
  they survive rebuilds) and conflicts between articles, applied whenever rows are read;
* :mod:`store.queries` -- the pages' reads: named functions with bound parameters that return only
  the rows a view draws.

Data flows one way: ``parsers`` (tidy frames) -> ``store`` -> ``components`` -> pages.  ``store`` may
import ``parsers`` (the schema, and the seed parse of a first start); ``parsers`` never imports ``store``
(except its command line, ``build --db``).
"""
