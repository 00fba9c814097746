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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa


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


def csv_table(source, columns: dict[str, str]) -> "pa.Table":
    """CSV text written by :func:`write_records_csv` / :func:`records_csv_text` (a path, or bytes with the
    header line) read back by Arrow's CSV reader with the contract's types (faster than building Arrow
    arrays from Python lists); strings are never null."""
    import io

    import pyarrow as pa
    import pyarrow.csv as pcsv

    types = {"string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64()}
    # one thread: the build runs on one core, where the reader's threads only add their overhead
    table = pcsv.read_csv(io.BytesIO(source) if isinstance(source, bytes) else source,
                          read_options=pcsv.ReadOptions(use_threads=False),
                          convert_options=pcsv.ConvertOptions(
        column_types={c: types[t] for c, t in columns.items()}, strings_can_be_null=False,
        quoted_strings_can_be_null=False))
    return table.select(list(columns))


def write_parquet(csv_path: Path, columns: dict[str, str], path: Path) -> None:
    """The Parquet copy of a CSV written by :func:`write_records_csv`, with the contract's types."""
    import pyarrow.parquet as pq

    pq.write_table(csv_table(csv_path, columns), path)


class OrderedTableFiles:
    """``indicators.csv`` / ``projects.csv`` and their Parquet copies, written piece by piece: each
    :meth:`append` adds CSV lines (as :func:`records_csv_text` formats them) to both tables, so that a long
    build writes its files while it parses instead of in one pass at the end.  The Parquet copies get
    the same rows, a row group per ``group_bytes`` of CSV text (all of it in one group below that: then
    the same bytes as :func:`write_parquet`).  Files are written under temporary names and renamed into
    place by :meth:`close`; :meth:`abort` removes them (an interrupted build leaves no half file)."""

    NAMES = ("indicators", "projects")

    def __init__(self, out: Path, columns: tuple[dict[str, str], dict[str, str]],
                 group_bytes: int = 64 << 20) -> None:
        self.out, self.columns, self.group_bytes = Path(out), columns, group_bytes
        self.rows = [0, 0]
        self._pending: list[list[bytes]] = [[], []]
        self._pending_bytes = [0, 0]
        self._writers: list = [None, None]
        self._csv = []
        for name, cols in zip(self.NAMES, columns):
            fh = open(self._tmp(f"{name}.csv"), "wb")
            fh.write((",".join(cols) + "\n").encode("utf-8"))
            self._csv.append(fh)

    def _tmp(self, name: str) -> Path:
        return self.out / f".{name}.tmp"

    def append(self, *texts: str) -> None:
        """One piece of each table's CSV lines (indicators, projects), in output order."""
        for j, text in enumerate(texts):
            if not text:
                continue
            data = text.encode("utf-8")
            self._csv[j].write(data)
            self._pending[j].append(data)
            self._pending_bytes[j] += len(data)
            if self._pending_bytes[j] >= self.group_bytes:
                self._flush(j)

    def _flush(self, j: int) -> None:
        import pyarrow.parquet as pq

        if not self._pending[j] and self._writers[j] is not None:
            return
        cols = self.columns[j]
        header = (",".join(cols) + "\n").encode("utf-8")
        table = csv_table(header + b"".join(self._pending[j]), cols)
        self._pending[j], self._pending_bytes[j] = [], 0
        if self._writers[j] is None:
            self._writers[j] = pq.ParquetWriter(self._tmp(f"{self.NAMES[j]}.parquet"), table.schema)
        self._writers[j].write_table(table)
        self.rows[j] += table.num_rows

    def close(self) -> tuple[int, int]:
        """Finish both tables, move them into place; return (indicator rows, project rows)."""
        import os

        for j, name in enumerate(self.NAMES):
            self._flush(j)
            self._writers[j].close()
            self._csv[j].close()
            for ext in ("csv", "parquet"):
                os.replace(self._tmp(f"{name}.{ext}"), self.out / f"{name}.{ext}")
        return self.rows[0], self.rows[1]

    def abort(self) -> None:
        for j, name in enumerate(self.NAMES):
            self._csv[j].close()
            if self._writers[j] is not None:
                self._writers[j].close()
            for ext in ("csv", "parquet"):
                self._tmp(f"{name}.{ext}").unlink(missing_ok=True)


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
