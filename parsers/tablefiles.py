"""Write row records to the CSV and Parquet files of ``python -m parsers build``, straight from the
records (no DataFrame: the command line does not need pandas).

The CSV is what pandas' ``to_csv`` wrote for a contract frame (parsers/schema.py), byte for byte:
strings as they are, integers as integers, floats as Python prints them (``117.0``), missing values
empty, ``\\n`` line ends, quoting only where needed.  The Parquet file carries the contract's types
(string, int64, float64, nullable).
"""
from __future__ import annotations

import csv
from operator import itemgetter
from pathlib import Path


def write_records_csv(records: list[dict], columns: dict[str, str], path: Path) -> None:
    """The parser's own records straight to CSV: their cells already have the contract's types (str,
    int, float or None; the csv module writes None as an empty cell), so nothing is cast.  The same
    bytes as pandas' ``to_csv`` of the contract frame (tests/test_parser_cli.py)."""
    cols = list(columns)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        if all(set(cols) <= r.keys() for r in records):
            w.writerows(map(itemgetter(*cols), records))      # every record has every column: cells in C
        else:
            w.writerows([r.get(c) for c in cols] for r in records)


def write_parquet(csv_path: Path, columns: dict[str, str], path: Path) -> None:
    """The Parquet copy of a CSV written by :func:`write_records_csv`, read back by Arrow's CSV reader with the
    contract's types (faster than building Arrow arrays from Python lists); strings are never null."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64()}
    # one thread: the build runs on one core, where the reader's threads only add their overhead
    table = pcsv.read_csv(csv_path, read_options=pcsv.ReadOptions(use_threads=False),
                          convert_options=pcsv.ConvertOptions(
        column_types={c: types[t] for c, t in columns.items()}, strings_can_be_null=False,
        quoted_strings_can_be_null=False))
    pq.write_table(table.select(list(columns)), path)


def records_csv_text(records: list[dict], columns: dict[str, str]) -> str:
    """The CSV lines (no header) that :func:`write_records_csv` writes for ``records``: the build's workers
    format their articles' rows themselves, and the CSV file is these texts joined in input order."""
    import io

    cols = list(columns)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if all(set(cols) <= r.keys() for r in records):
        w.writerows(map(itemgetter(*cols), records))
    else:
        w.writerows([r.get(c) for c in cols] for r in records)
    return buf.getvalue()
