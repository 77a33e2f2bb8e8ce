"""The Spark adapter: the shared SQL run by Spark SQL on a DataFrame's temporary view.

Local mode and a cluster (``spark-submit``) take the same path: servgap sends SQL text to the
DataFrame's session and collects only the aggregates.
"""

from __future__ import annotations

import itertools
import os

import pandas as pd

from . import _sql

__all__ = ["SparkEngine"]

_views = itertools.count()


def _kind(data_type) -> str:
    from pyspark.sql import types as T

    if isinstance(data_type, T.NumericType):
        return "number"
    if isinstance(data_type, T.BooleanType):
        return "bool"
    return "text" if isinstance(data_type, T.StringType) else "other"


class SparkEngine:
    """Runs the shared SQL on the session of a Spark DataFrame.

    Parameters
    ----------
    frame : pyspark.sql.DataFrame
        One row per respondent. Source rows are numbered in the DataFrame's order
        (``row_number`` over ``monotonically_increasing_id``), for the exclusion log.
    """

    dialect = _sql.SPARK
    has_file = False
    nan_is_text = False  # a NaN in a DataFrame's DOUBLE column is a value of the frame: missing

    def __init__(self, frame):
        self.spark = frame.sparkSession
        self.frame_source = frame
        self.description = "Spark DataFrame"
        name = f"sg_src_{next(_views)}_{os.getpid()}"
        frame.createOrReplaceTempView(f"{name}_frame")
        self._schema = [(f.name, _kind(f.dataType)) for f in frame.schema.fields]
        self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS SELECT *, "
                       f"row_number() OVER (ORDER BY monotonically_increasing_id()) AS _sg_row FROM {name}_frame")
        self.source = name

    def schema(self) -> list[tuple[str, str]]:
        """(column, kind) of the source; kind is number, text, bool or other."""
        return list(self._schema)

    def integer_columns(self) -> list[str]:
        """Columns of an integer type."""
        from pyspark.sql import types as T

        return [f.name for f in self.frame_source.schema.fields if isinstance(f.dataType, T.IntegralType)]

    def fetch(self, sql: str) -> list[tuple]:
        """Run a query; its (small) result as tuples."""
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    def fetch_array(self, sql: str, n_keys: int) -> tuple[list, "np.ndarray"]:
        """Run a query; its first ``n_keys`` columns as one tuple per row and the others as one
        float array (rows, columns)."""
        import numpy as np

        rows = self.fetch(sql)
        keys = [tuple(r[:n_keys]) for r in rows]
        values = np.array([[np.nan if v is None else float(v) for v in r[n_keys:]] for r in rows], dtype=float)
        return keys, values.reshape(len(rows), -1) if rows else np.zeros((0, 0))

    def create_view(self, name: str, sql: str, materialize: bool = False) -> None:
        """A temporary view; ``materialize`` caches its rows (memory and disk) when first read,
        so that the aggregates read the validated answers instead of validating again."""
        self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {name} AS {sql}")
        if materialize:  # the plan is analysed once; its data cached on first use
            self.spark.sql(f"CACHE LAZY TABLE {name} OPTIONS ('storageLevel' 'MEMORY_AND_DISK')")

    def frame(self, n: int | None, seed: int | None) -> pd.DataFrame:
        """The source's rows as a pandas DataFrame: all of them, or a random sample of ``n``."""
        cols = ", ".join(self.dialect.ident(c) for c, _ in self._schema)
        if n is None:
            sql = f"SELECT {cols} FROM {self.source} ORDER BY _sg_row"
        else:
            sql = f"SELECT {cols} FROM {self.source} ORDER BY rand({int(seed)}), _sg_row LIMIT {int(n)}"
        rows = self.spark.sql(sql).collect()
        return pd.DataFrame([tuple(r) for r in rows], columns=[c for c, _ in self._schema])
