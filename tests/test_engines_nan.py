"""A NaN stored in a parquet file's DOUBLE column is a missing value on DuckDB, as in memory.

pandas writes its NaN to parquet as a null, but other writers (Spark, R's arrow, pyarrow with
``from_pandas=False``) store the NaN itself, and leave it out of the column's min/max
statistics. DuckDB folds ``isnan(x)`` of such a column to FALSE from those statistics, so a NaN
answer was reported as out of scale and a NaN segment value gave no group. ``scan`` must give
``read_survey``'s results: a NaN answer is no answer, NaN segment values are one missing group.
"""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import servgap
from test_engines_duckdb import quiet, same

pytest.importorskip("duckdb")

INST = servgap.Instrument("nan", {"A": ["1", "2"], "B": ["3"]}, scale=(1, 5))


def write_with_nan(frame: pd.DataFrame, path) -> None:
    """Parquet with each float NaN stored as NaN (not as a null)."""
    table = pa.table({c: pa.array(frame[c].to_numpy(), from_pandas=False) for c in frame.columns})
    pq.write_table(table, path)


def frame(nan_answers: bool, nan_segment: bool, n: int = 80) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    out = pd.DataFrame({"id": [f"r{i}" for i in range(n)]})
    for kind in ("E", "P"):
        for item in ("1", "2", "3"):
            values = rng.integers(1, 6, n).astype(float) if nan_answers else rng.integers(1, 6, n)
            if nan_answers:
                values[rng.random(n) < 0.12] = np.nan
            out[f"{kind}_{item}"] = values
    branch = rng.choice([1.0, 2.0, 3.0], n)
    if nan_segment:
        branch[rng.random(n) < 0.2] = np.nan
    out["branch"] = branch
    return out


@pytest.mark.parametrize("nan_answers, nan_segment", [(True, False), (False, True), (True, True)])
def test_nan_in_a_parquet_double_column_is_missing_as_in_memory(tmp_path, nan_answers, nan_segment):
    path = tmp_path / "nan.parquet"
    raw = frame(nan_answers, nan_segment)
    write_with_nan(raw, path)
    stored = pq.read_table(path)
    column = "E_1" if nan_answers else "branch"
    assert stored[column].null_count == 0 and np.isnan(stored[column].to_numpy()).any()  # NaN, not null
    options = dict(id="id", segments=["branch"])
    scanned, memory = servgap.scan(path, INST, **options), servgap.read_survey(path, INST, **options)
    assert scanned.n_respondents == memory.n_respondents == len(raw)
    for level in ("item", "dimension", "overall"):
        a = servgap.gap_scores(scanned, level=level, by="branch").table
        same(a, servgap.gap_scores(memory, level=level, by="branch").table)
        assert a["gap_mean"].notna().all()
    if nan_segment:
        assert servgap.gap_scores(scanned, level="overall", by="branch").table["branch"].isna().sum() == 1
    same(quiet(servgap.reliability, scanned, score="gap").table, quiet(servgap.reliability, memory, score="gap").table)
    same(quiet(servgap.gap_tests, scanned, level="dimension").table,
         quiet(servgap.gap_tests, memory, level="dimension").table)
    same(quiet(servgap.compare_segments, scanned, "branch", level="dimension").table,
         quiet(servgap.compare_segments, memory, "branch", level="dimension").table)
    counts = scanned.exclusions.counts
    assert not counts["check"].isin(["out_of_scale", "not_a_number"]).any()
    log = memory.exclusions
    mem = log[log["check"] == "incomplete_pair"].groupby("column").size()
    eng = counts[counts["check"] == "incomplete_pair"].set_index("column")["n"]
    assert {k: int(v) for k, v in eng.items()} == {k: int(v) for k, v in mem.items()}
    assert (len(mem) > 0) == nan_answers


def test_an_infinite_answer_is_still_invalid(tmp_path):
    # the NaN test must not let an infinity through: it stays "not a finite number"
    raw = frame(True, False, n=20)
    raw.loc[3, "P_2"] = np.inf
    path = tmp_path / "inf.parquet"
    write_with_nan(raw, path)
    with pytest.raises(servgap.SurveyValidationError, match="P_2"):
        servgap.scan(path, INST, id="id").n_respondents
    scanned = servgap.scan(path, INST, id="id", on_invalid="missing")
    memory = servgap.read_survey(path, INST, id="id", on_invalid="missing")
    same(servgap.gap_scores(scanned).table, servgap.gap_scores(memory).table)


@pytest.mark.parametrize("options", [{}, {"missing_values": ["nan"]}, {"missing_values": ["NaN", 99]},
                                     {"likert": "agree5_en"}])
def test_nan_text_in_a_csv_is_checked_as_the_loader_checks_it(tmp_path, options):
    # DuckDB reads "nan" in a number column of a CSV file as NaN; the loader reads the text:
    # not a number (an unknown label where a label set applies), or a missing code if declared
    raw = frame(True, False, n=40)
    path = tmp_path / "nan.csv"
    raw.to_csv(path, index=False, na_rep="nan")
    assert "nan" in path.read_text()
    options = dict(id="id", segments=["branch"], on_invalid="missing", **options)
    scanned, memory = servgap.scan(path, INST, **options), servgap.read_survey(path, INST, **options)
    counts = scanned.exclusions.counts
    engine = {(r.check, r.column): int(r.n) for r in counts.itertuples() if r.n}
    in_memory = {k: int(v) for k, v in memory.exclusions.groupby(["check", "column"]).size().items()}
    assert engine == in_memory
    expected = ("missing_code" if "missing_values" in options else
                "unknown_label" if "likert" in options else "not_a_number")
    assert {check for check, _ in engine} == {expected, "incomplete_pair"}
    same(servgap.gap_scores(scanned, level="dimension").table, servgap.gap_scores(memory, level="dimension").table)
    if "missing_values" not in options:
        with pytest.raises(servgap.SurveyValidationError, match="'nan'"):
            servgap.scan(path, INST, id="id").n_respondents
