"""Run where the data lives: the analyses on DuckDB (embedded, larger than memory) and Spark.

:func:`scan` returns a :class:`ScannedSurvey`: a survey whose statistics
(:mod:`servgap.stats`) are computed as SQL aggregates by the engine that holds the data. One
set of SQL builders (:mod:`servgap.engines._sql`) serves DuckDB and Spark SQL; a thin adapter
per engine runs them.
"""

from __future__ import annotations

from pathlib import Path

from .. import instruments as _instruments
from .._checks import check_choice
from ..errors import ServgapError
from ..i18n import label
from ..instrument import Instrument
from .scanned import EngineExclusions, ScannedSurvey
from .stats import EngineStats

__all__ = ["scan", "ScannedSurvey", "EngineStats", "EngineExclusions", "ENGINES"]

ENGINES = ("duckdb", "spark")


def scan(source, instrument, *, engine=None, expectation="<default>", perception="<default>", id=None,
         segments=(), weight=None, importance=None, dimension_weights=None, adequate="<default>",
         desired="<default>", likert=None, missing_values=(), on_invalid="raise", missing="available",
         min_items=1, encoding=None, delimiter=None, decimal=None, table=None, query=None,
         memory_limit=None, threads=None, temp_directory=None, outcomes=(), outcome_scale=None) -> ScannedSurvey:
    """A survey that stays where the data lives: validated and aggregated by DuckDB or Spark.

    Parameters
    ----------
    source : str, Path, list, DataFrame, DuckDB connection or Spark DataFrame
        Parquet or CSV files (a path, a glob such as ``"answers/*.parquet"`` or a list); a
        pandas DataFrame; a DuckDB connection with ``table=`` or ``query=``; or a Spark
        DataFrame (engine ``"spark"``).
    instrument : Instrument or str
    engine : {None, "duckdb", "spark"}
        None infers it from ``source`` (Spark for a Spark DataFrame, else DuckDB).
    expectation, perception, adequate, desired, importance, id, segments, weight, dimension_weights, likert, missing_values, on_invalid, missing, min_items
        As in :func:`servgap.read_survey`, with the same instrument-dependent defaults; column
        templates and regular expressions resolve against the source's schema.
    outcomes : sequence of str
        Outcome columns (overall satisfaction, loyalty: the dependent variables of
        :func:`servgap.drivers`), as in :func:`servgap.read_survey`: numbers on their own scale,
        validated and logged like answers (text that is not a number, values outside
        ``outcome_scale``, missing codes), carried as DOUBLE in the validated view and read as
        the statistics kind ``"outcome:<column>"``; they do not count as answers.
    outcome_scale : (low, high), optional
        The range of the outcome answers; None accepts any finite number.
    encoding, delimiter, decimal : str, optional
        CSV reader options. UTF-8, UTF-16 and Latin-1 are read by DuckDB; other encodings
        (cp949, cp1252; detected as :func:`servgap.read_survey` does when None) are transcoded
        to UTF-8 in a streaming pass into ``temp_directory``.
    table, query : str, optional
        With a DuckDB connection: the table or the SELECT holding the answers.
    memory_limit, threads, temp_directory
        DuckDB resources (defaults :data:`servgap.engines._duckdb.DEFAULT_RESOURCES`: 1 GB,
        up to 4 threads, a spill directory under the system's temporary directory). Set on a
        connection servgap opens; on a connection you pass, only the ones given.

    Returns
    -------
    ScannedSurvey
        Accepted by :func:`servgap.gap_scores`, :func:`servgap.gap_tests`,
        :func:`servgap.compare_segments`, :func:`servgap.compare_waves`,
        :func:`servgap.reliability` (Feldt intervals), :func:`servgap.zone_of_tolerance` and the
        charts that draw their results. ``.to_survey()`` and ``.sample(n)`` read rows into
        memory as a :class:`~servgap.Survey` for what aggregates cannot give.

    Raises
    ------
    SurveyValidationError
        Column problems at once; answer problems (with ``on_invalid="raise"``) when the first
        analysis runs, naming the first problems and the total.

    Notes
    -----
    Every statistic is a function of group-by aggregates: counts, sums and cross-products of
    the answers and of per-respondent scores (dimension means with ``min_items`` are derived per
    respondent in SQL), and counts of lattice values for medians and rank tests (METHODS.md
    §5b). The results equal those of :func:`servgap.read_survey` on the same data to rounding.

    Examples
    --------
    >>> import servgap
    >>> from servgap.datasets import EXAMPLE_PATH
    >>> survey = servgap.scan(EXAMPLE_PATH, "servqual22", id="respondent", segments=["branch"])
    >>> servgap.gap_scores(survey, level="dimension").table["gap_mean"].round(3).tolist()[:2]
    [-0.602, -1.117]

    An outcome column for the key drivers (point estimates; ``n_boot=0`` on an engine):

    >>> from servgap.datasets import load_example
    >>> raw = load_example(as_frame=True)
    >>> raw["sat"] = raw[[f"P_{i}" for i in range(1, 23)]].mean(axis=1).round()
    >>> scanned = servgap.scan(raw, "servqual22", outcomes=["sat"], outcome_scale=(1, 7))
    >>> result = servgap.drivers(scanned, outcome="sat", n_boot=0)
    >>> result.n
    400
    """
    instrument = _instruments.get(instrument)
    outcomes = [outcomes] if isinstance(outcomes, str) else [str(c) for c in (outcomes or ())]
    if not isinstance(instrument, Instrument):
        raise TypeError(f"`instrument` must be an Instrument or a preset name, got {type(instrument).__name__}.")
    check_choice("on_invalid", on_invalid, ("raise", "missing"))
    check_choice("missing", missing, ("available", "listwise"))
    if not isinstance(min_items, int) or isinstance(min_items, bool) or min_items < 1:
        raise ValueError(f"`min_items` must be a whole number ≥ 1, got {min_items!r}.")
    if engine is None:
        engine = "spark" if _is_spark(source) else "duckdb"
    check_choice("engine", engine, ENGINES)
    segments = [segments] if isinstance(segments, str) else [str(s) for s in segments]
    specs = {"expectation": expectation, "perception": perception, "adequate": adequate, "desired": desired,
             "importance": importance}
    defaults = {"expectation": "E_{item}", "perception": "P_{item}", "adequate": "A_{item}", "desired": "D_{item}"}
    for kind, spec in specs.items():
        if isinstance(spec, str) and spec == "<default>":
            specs[kind] = defaults[kind] if kind in instrument.components else None
    text_columns = [c for c in ([id] if id is not None else []) + segments]
    resources = {k: v for k, v in (("memory_limit", memory_limit), ("threads", threads),
                                   ("temp_directory", temp_directory)) if v is not None}
    if engine == "spark":
        if not _is_spark(source):
            raise ServgapError(label("engine.spark_needs_frame", "en", got=type(source).__name__))
        from ._spark import SparkEngine

        adapter = SparkEngine(source)
    else:
        if _is_spark(source):
            raise ServgapError(label("engine.spark_frame_on_duckdb", "en"))
        try:
            from ._duckdb import DuckDBEngine
            import duckdb  # noqa: F401
        except ImportError:
            raise ServgapError(label("engine.install", "en", engine="duckdb")) from None
        adapter = DuckDBEngine(source, text_columns=text_columns, resources=resources, table=table, query=query,
                               encoding=encoding, delimiter=delimiter, decimal=decimal)
    options = dict(expectation=specs["expectation"], perception=specs["perception"], adequate=specs["adequate"],
                   desired=specs["desired"], importance=specs["importance"], id=id, segments=segments,
                   weight=weight, dimension_weights=dimension_weights, likert=likert,
                   missing_values=missing_values, on_invalid=on_invalid, missing=missing, min_items=min_items,
                   outcomes=outcomes, outcome_scale=outcome_scale)
    return ScannedSurvey(adapter, instrument, specs, id=id, segments=segments, weight=weight,
                         dimension_weights=dimension_weights, likert=likert, missing_values=missing_values,
                         on_invalid=on_invalid, missing=missing, min_items=min_items, outcomes=outcomes,
                         outcome_scale=outcome_scale, reopen=(source if isinstance(source, (str, Path)) else None, options))


def _is_spark(source) -> bool:
    module = type(source).__module__ or ""
    return module.startswith("pyspark.sql") and type(source).__name__ == "DataFrame"
