"""The DuckDB adapter: sources (files, a connection's table or query, a DataFrame), resources,
and running the shared SQL."""

from __future__ import annotations

import codecs
import glob as _glob
import itertools
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import ServgapError
from ..i18n import label
from . import _sql

__all__ = ["DuckDBEngine", "DEFAULT_RESOURCES"]

#: DuckDB settings servgap sets on a connection it opens (DuckDB's own default memory limit is
#: 80% of the machine's RAM): a memory limit, a thread count and a directory to spill to.
DEFAULT_RESOURCES = {"memory_limit": "1GB", "threads": min(os.cpu_count() or 1, 4),
                     "temp_directory": os.path.join(tempfile.gettempdir(), "servgap_duckdb_spill")}
_NATIVE_ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16",
                     "utf-16-le": "utf-16", "utf-16-be": "utf-16", "latin-1": "latin-1", "latin1": "latin-1",
                     "iso-8859-1": "latin-1"}
_NUMBER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")
_INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                  "UBIGINT", "UHUGEINT")
_views = itertools.count()


def _kind(sql_type: str) -> str:
    t = sql_type.upper()
    if t.startswith(_NUMBER_TYPES):
        return "number"
    if t == "BOOLEAN":
        return "bool"
    return "text" if t == "VARCHAR" else "other"


class DuckDBEngine:
    """Runs the shared SQL on DuckDB.

    Parameters
    ----------
    source : str, Path, list of paths, DataFrame or duckdb connection
        Files (parquet, CSV; a glob pattern for several), a pandas DataFrame, or a DuckDB
        connection with ``table=`` or ``query=``.
    text_columns : list of str
        Columns read as text from CSV (ids and segments stay as written, "007").
    resources : dict
        ``memory_limit``, ``threads``, ``temp_directory`` (see :data:`DEFAULT_RESOURCES`).
    table, query : str, optional
        With a connection: the table (or view) or the SELECT that holds the answers.
    encoding, delimiter, decimal : str, optional
        CSV reader options. Encodings DuckDB does not read itself (cp949, cp1252, …) are
        transcoded to UTF-8 in a streaming pass into the spill directory.
    """

    dialect = _sql.DUCKDB

    def __init__(self, source, *, text_columns=(), resources=None, table=None, query=None, encoding=None,
                 delimiter=None, decimal=None):
        import duckdb

        self.has_file = False
        self.rereadable = False  # parquet files: read again per query about as fast as a written table
        self.nan_is_text = False  # a NaN in a number column was text in the source (CSV)
        self._frame_source = None
        own = not isinstance(source, duckdb.DuckDBPyConnection)
        settings = {**DEFAULT_RESOURCES, **(resources or {})} if own else dict(resources or {})
        if "temp_directory" in settings:
            Path(settings["temp_directory"]).mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(config={k: v for k, v in settings.items()}) if own else source
        if not own:
            for key, value in settings.items():
                self.con.execute(f"SET {key} = {self.dialect.literal(value)}")
        self.resources = settings
        if sys.stderr.isatty():  # a progress bar for queries that run longer than a second
            self.con.execute("SET enable_progress_bar = true")
            self.con.execute("SET progress_bar_time = 1000")
        else:
            self.con.execute("SET enable_progress_bar = false")
        self._temp_files: list[str] = []
        name = f"sg_src_{next(_views)}_{os.getpid()}"
        if not own:
            if (table is None) == (query is None):
                raise ServgapError(label("engine.connection_needs_table", "en"))
            relation = self.dialect.ident(table) if table is not None else f"({query})"
            self.description = f"duckdb table {table}" if table is not None else "duckdb query"
            body = f"SELECT *, row_number() OVER () AS _sg_row FROM {relation} q"
        elif isinstance(source, pd.DataFrame):
            self._frame_source = source
            self.con.register(f"{name}_frame", source)
            self.description = "DataFrame"
            body = f"SELECT *, row_number() OVER () AS _sg_row FROM {name}_frame"
        else:
            files = _files(source)
            self.description = ", ".join(files[:3]) + (" …" if len(files) > 3 else "")
            self.files = files
            self.has_file = len(files) > 1
            suffix = Path(files[0]).suffix.lower()
            listing = "[" + ", ".join(self.dialect.literal(f) for f in files) + "]"
            if suffix == ".parquet":
                self.rereadable = True
                body = (f"SELECT * EXCLUDE (file_row_number, filename), file_row_number + 1 AS _sg_row, "
                        f"filename AS _sg_file FROM read_parquet({listing}, file_row_number = true, "
                        f"filename = true)")
            elif suffix in (".csv", ".tsv", ".txt"):
                self.nan_is_text = True  # DuckDB reads the text "nan" in a number column as NaN
                files = [self._utf8(f, encoding, settings.get("temp_directory")) for f in files]
                listing = "[" + ", ".join(self.dialect.literal(f) for f in files) + "]"
                options = ["header = true", "filename = true"]
                header = {r[0] for r in self.con.execute(
                    f"DESCRIBE SELECT * FROM read_csv({listing}, {', '.join(options[:1] + options_extra(delimiter, decimal, suffix, self.dialect))})").fetchall()}
                text_columns = [c for c in text_columns if c in header]
                if text_columns:
                    types = ", ".join(f"{self.dialect.literal(c)}: 'VARCHAR'" for c in text_columns)
                    options.append(f"types = {{{types}}}")
                options += options_extra(delimiter, decimal, suffix, self.dialect)
                enc = (encoding or "utf-8").lower()
                if enc in _NATIVE_ENCODINGS and _NATIVE_ENCODINGS[enc] != "utf-8" and not self._temp_files:
                    options.append(f"encoding = {self.dialect.literal(_NATIVE_ENCODINGS[enc])}")
                # rows keep their file order (DuckDB preserves insertion order), numbered per file
                body = (f"SELECT * EXCLUDE (filename), row_number() OVER (PARTITION BY filename) AS _sg_row, "
                        f"filename AS _sg_file FROM read_csv({listing}, {', '.join(options)})")
            else:
                raise ServgapError(label("engine.unknown_format", "en", path=files[0]))
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {body}")
        self.source = name

    # -- the adapter interface -----------------------------------------------------------------
    def schema(self) -> list[tuple[str, str]]:
        """(column, kind) of the source; kind is number, text, bool or other."""
        rows = self.con.execute(f"DESCRIBE SELECT * FROM {self.source}").fetchall()
        return [(r[0], _kind(r[1])) for r in rows if r[0] not in ("_sg_row", "_sg_file")]

    def integer_columns(self) -> list[str]:
        """Columns of an integer type."""
        rows = self.con.execute(f"DESCRIBE SELECT * FROM {self.source}").fetchall()
        return [r[0] for r in rows if r[1].upper().startswith(_INTEGER_TYPES)]

    def fetch(self, sql: str) -> list[tuple]:
        """Run a query; its (small) result as tuples."""
        return self.con.execute(sql).fetchall()

    def fetch_array(self, sql: str, n_keys: int) -> tuple[list, "np.ndarray"]:
        """Run a query; its first ``n_keys`` columns as one tuple per row and the others as one
        float array (rows, columns): for results of thousands of rows (answer patterns)."""
        import numpy as np

        table = self.con.sql(sql).to_arrow_table()
        keys = list(zip(*(table.column(i).to_pylist() for i in range(n_keys)))) if n_keys else [()] * table.num_rows
        columns = [table.column(i).to_numpy().astype(float) for i in range(n_keys, table.num_columns)]
        values = np.column_stack(columns) if columns and table.num_rows else np.zeros((table.num_rows, len(columns)))
        return keys, values

    def create_view(self, name: str, sql: str, materialize: bool = False) -> None:
        """A temporary view; ``materialize`` writes it once as a temporary table (validated
        answers), which DuckDB keeps within its memory limit and spills to the temp directory."""
        kind = "TABLE" if materialize else "VIEW"
        self.con.execute(f"CREATE OR REPLACE TEMP {kind} {name} AS {sql}")

    def frame(self, n: int | None, seed: int | None) -> pd.DataFrame:
        """The source's rows as a DataFrame: all of them, or a random sample of ``n``."""
        if self._frame_source is not None and n is None:
            return self._frame_source
        cols = ", ".join(self.dialect.ident(c) for c, _ in self.schema())
        sql = f"SELECT {cols} FROM {self.source}"
        if n is not None:
            sql = (f"SELECT {cols} FROM (SELECT *, hash(_sg_row + {int(seed)}) AS _sg_h FROM {self.source}) s "
                   f"ORDER BY _sg_h, _sg_row LIMIT {int(n)}")
        else:
            sql += " ORDER BY " + ("_sg_file, " if self.has_file else "") + "_sg_row"
        return self.con.execute(sql).df()

    # -- encodings -----------------------------------------------------------------------------
    def _utf8(self, path: str, encoding, spill) -> str:
        """``path``, or a UTF-8 copy of it when it is written in an encoding DuckDB cannot read."""
        from ..io.files import detect_encoding

        if encoding is None:
            with open(path, "rb") as fh:
                head = fh.read(1 << 20)
            encoding = detect_encoding(head)
        enc = codecs.lookup(encoding).name
        if enc in _NATIVE_ENCODINGS or enc.replace("_", "-") in _NATIVE_ENCODINGS:
            return path
        directory = spill or tempfile.gettempdir()
        Path(directory).mkdir(parents=True, exist_ok=True)
        fd, out = tempfile.mkstemp(suffix=".csv", dir=directory)
        try:
            with open(path, encoding=enc, newline="") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        except UnicodeDecodeError as exc:
            os.unlink(out)
            raise ServgapError(label("engine.bad_encoding", "en", path=path, encoding=enc, error=exc)) from None
        self._temp_files.append(out)
        return out

    def __del__(self):
        for path in getattr(self, "_temp_files", []):
            try:
                os.unlink(path)
            except OSError:
                pass


def options_extra(delimiter, decimal, suffix, dialect) -> list[str]:
    out = []
    if delimiter is not None:
        out.append(f"delim = {dialect.literal(delimiter)}")
    elif suffix == ".tsv":
        out.append("delim = '\t'")
    if decimal is not None:
        out.append(f"decimal_separator = {dialect.literal(decimal)}")
    return out


def _files(source) -> list[str]:
    items = source if isinstance(source, (list, tuple)) else [source]
    files = []
    for item in items:
        text = str(item)
        matched = sorted(_glob.glob(text)) if any(c in text for c in "*?[") else [text]
        files += matched
    if not files:
        raise ServgapError(label("engine.no_files", "en", source=str(source)))
    for f in files:
        if not Path(f).is_file():
            raise ServgapError(label("engine.no_files", "en", source=f))
    suffixes = {Path(f).suffix.lower() for f in files}
    if len(suffixes) > 1:
        raise ServgapError(label("engine.mixed_formats", "en", suffixes=sorted(suffixes)))
    return files
