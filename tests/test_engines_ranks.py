"""Rank tests on DuckDB for answers off the lattice (continuous answers, e.g. 7.25 on 0–10).

The engine counts respondents per distinct value (servgap.engines._distinct); in memory the
same tests rank the respondents' rows (one sort per column). Both must agree to 1e-9: the
signed-rank tests of gap_tests, Kruskal–Wallis and Dunn of compare_segments, Mann–Whitney of
compare_waves, and the medians. Beyond the bounds on distinct values the engine still refuses
with its "needs rows" error.
"""

import numpy as np
import pandas as pd
import pytest

import servgap
from servgap import ServgapError
from servgap.engines import _distinct
from test_engines_duckdb import quiet, same

pytest.importorskip("duckdb")

TOL = dict(rtol=0, atol=1e-9)
INST = servgap.Instrument("continuous", {"A": ["a1", "a2", "a3"], "B": ["b1", "b2"], "C": ["c1", "c2", "c3", "c4"]},
                          scale=(0, 10))
SEGMENTS = ["branch", "channel"]


def continuous(n: int, seed: int, shift: float = 0.0) -> pd.DataFrame:
    """Answers on 0–10 with one to three decimals (ties among the one-decimal ones, E = P for
    some pairs: zero gaps), about 6% missing, two segment columns (one with missing values)."""
    rng = np.random.default_rng(seed)
    frame = {"id": [f"r{i}" for i in range(n)]}
    for item in INST.items:
        base = rng.uniform(2, 9, n)
        for kind, move in (("E", 0.0), ("P", shift + rng.normal(0, 1.2, n))):
            decimals = rng.integers(1, 4, n)
            x = np.clip(base + move, 0, 10)
            x = np.array([round(v, int(d)) for v, d in zip(x, decimals)])
            x[rng.random(n) < 0.06] = np.nan
            frame[f"{kind}_{item}"] = x
        same_answer = rng.random(n) < 0.08  # a zero gap
        frame[f"P_{item}"] = np.where(same_answer, frame[f"E_{item}"], frame[f"P_{item}"])
    frame["branch"] = rng.choice(["north", "south", "east"], n)
    frame["channel"] = rng.choice(["app", "web", None], n, p=[0.5, 0.4, 0.1])
    return pd.DataFrame(frame)


def both(path):
    options = dict(id="id", segments=SEGMENTS)
    return servgap.scan(path, INST, **options), servgap.read_survey(path, INST, **options)


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    folder = tmp_path_factory.mktemp("continuous")
    out = []
    for name, n, seed, shift in (("wave1", 240, 11, 0.0), ("wave2", 180, 12, 0.4)):
        path = folder / f"{name}.parquet"
        continuous(n, seed, shift).to_parquet(path, index=False)
        out.append(path)
    return out


@pytest.fixture(scope="module")
def surveys(paths):
    return both(paths[0])


def test_the_data_are_off_the_lattice_with_ties_and_zeros(surveys):
    scanned, memory = surveys
    gaps = np.round(memory.stats.rows("gap", "item"), 10)
    given = gaps[~np.isnan(gaps)]
    assert memory.stats.value_counts("gap", "item") is None  # the in-memory path ranks rows
    assert np.unique(given).size < 0.7 * given.size  # ties
    assert (given == 0).sum() > 50  # zero differences
    assert np.isnan(gaps).any()
    values = scanned.stats.value_counts("gap", "item").values
    assert np.unique(np.round(np.diff(values), 10)).size > 1  # not equally spaced


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("by", [(), ("branch",), ("branch", "channel")])
def test_distinct_value_counts_equal_counting_the_rows(surveys, level, by):
    scanned, memory = surveys
    counts = scanned.stats.value_counts("gap", level, by)
    x = np.round(memory.stats.rows("gap", level), 10)
    codes = memory.stats.codes(by)
    held = np.unique(x[~np.isnan(x)])
    np.testing.assert_array_equal(counts.values, held)
    expected = np.zeros((memory.stats.groups(by).size, x.shape[1], held.size))
    for j in range(x.shape[1]):
        ok = ~np.isnan(x[:, j])
        np.add.at(expected, (codes[ok], j, np.searchsorted(held, x[ok, j])), 1)
    np.testing.assert_array_equal(counts.counts, expected)


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("by", [None, "branch", ["branch", "channel"]])
def test_wilcoxon_gap_tests_equal_in_memory(surveys, level, by):
    scanned, memory = surveys
    a = quiet(servgap.gap_tests, scanned, level=level, method="wilcoxon", by=by).table
    b = quiet(servgap.gap_tests, memory, level=level, method="wilcoxon", by=by).table
    same(a, b)
    assert a["p_val"].notna().all()


@pytest.mark.parametrize("zero_method", ["pratt", "zsplit"])
@pytest.mark.parametrize("exact", [True, False])
def test_wilcoxon_options_equal_in_memory(surveys, zero_method, exact):
    scanned, memory = surveys
    options = dict(level="item", method="wilcoxon", by="branch", zero_method=zero_method, exact=exact,
                   alternative="greater")
    same(quiet(servgap.gap_tests, scanned, **options).table, quiet(servgap.gap_tests, memory, **options).table)


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("segment", SEGMENTS)
def test_kruskal_and_dunn_equal_in_memory(surveys, level, segment):
    scanned, memory = surveys
    a = quiet(servgap.compare_segments, scanned, segment, level=level, method="kruskal")
    b = quiet(servgap.compare_segments, memory, segment, level=level, method="kruskal")
    same(a.table, b.table)
    same(a.groups, b.groups)
    same(a.posthoc, b.posthoc)
    assert a.table["p_val"].notna().all() and len(a.posthoc) > 0


@pytest.mark.parametrize("level", ["item", "dimension", "overall"])
@pytest.mark.parametrize("score", ["gap", "perception"])
def test_mann_whitney_between_waves_equal_in_memory(paths, level, score):
    (before_s, before_m), (after_s, after_m) = both(paths[0]), both(paths[1])
    a = quiet(servgap.compare_waves, before_s, after_s, level=level, score=score, method="mannwhitney").table
    b = quiet(servgap.compare_waves, before_m, after_m, level=level, score=score, method="mannwhitney").table
    same(a, b)
    assert a["p_val"].notna().all()


def test_counts_by_the_requested_grouping_when_the_fine_one_is_too_large(paths, monkeypatch):
    # every segment combination × columns × values above the bound: counted by `branch` alone
    scanned, memory = both(paths[0])
    values = scanned.stats.value_counts("gap", "item").values.size  # by every segment, added up
    monkeypatch.setattr(_distinct, "MAX_CELLS", values * len(INST.items) * 3)
    scanned, _ = both(paths[0])
    a = quiet(servgap.gap_tests, scanned, level="item", method="wilcoxon", by="branch").table
    same(a, quiet(servgap.gap_tests, memory, level="item", method="wilcoxon", by="branch").table)
    assert ("distinct", "gap", "item", ("branch",)) in scanned.stats._cache
    assert scanned.stats._cache[("distinct", "gap", "item", ("branch", "channel"))] is None


def test_more_distinct_values_than_the_bound_need_rows(paths, monkeypatch):
    monkeypatch.setattr(_distinct, "MAX_DISTINCT", 50)
    scanned, memory = both(paths[0])
    assert scanned.stats.value_counts("gap", "item") is None
    with pytest.raises(ServgapError, match=r"sample\(n\).*to_survey\(\)"):
        quiet(servgap.gap_tests, scanned, level="item", method="wilcoxon")
    with pytest.raises(ServgapError, match=r"sample\(n\).*to_survey\(\)"):
        quiet(servgap.compare_segments, scanned, "branch", level="item", method="kruskal")
    # the t test still runs: its medians are the engine's exact quantiles
    same(quiet(servgap.gap_tests, scanned, level="item").table, quiet(servgap.gap_tests, memory, level="item").table)


def test_row_wise_fetch_gives_the_same_counts(surveys):
    # an adapter without a columnar fetch: the rows as tuples give the same keys and numbers
    scanned, _ = surveys
    stats = scanned.stats

    class RowsOnly:
        dialect = stats.engine.dialect
        fetch = staticmethod(stats.engine.fetch)

    query = _distinct.distinct_counts_query(stats.engine.dialect, stats._values("gap"), stats._exprs("gap", "item"),
                                            stats._by(("branch", "channel")), 10 ** 6)
    keys, numbers = _distinct._fetch(RowsOnly(), query, 2)
    rows = stats.engine.fetch(query)  # a second run of the query: the engine may return another row order
    fetched = sorted(((tuple(key), tuple(row)) for key, row in zip(keys, numbers.tolist())), key=repr)
    direct = sorted(((tuple(r[:2]), tuple(float(x) for x in r[2:])) for r in rows), key=repr)
    assert len(fetched) == len(direct) > 100
    mismatched = [pair for pair in zip(fetched, direct) if pair[0] != pair[1]]
    assert not mismatched, mismatched[:3]  # the first few, not a diff of thousands of rows
    counts = stats.value_counts("gap", "item", ("branch", "channel")).counts
    assert numbers[:, 4].sum() == counts.sum() == stats.moments("gap", "item").n.sum()


def test_values_too_large_for_exact_keys_have_no_counts():
    # |x| · 10^10 from 2^53 on is no longer a whole number in a DOUBLE: no counts, no wrong ties
    inst = servgap.Instrument("wide", {"A": ["a1", "a2"]}, scale=(0, 2_000_000))
    frame = pd.DataFrame({"id": list("abcd"), "E_a1": [1e6 + 0.5, 3.25, 7.0, 1.5], "P_a1": [2.5, 3.0, 1.75, 1.5],
                          "E_a2": [1.0, 2.0, 3.0, 4.5], "P_a2": [1.5, 2.0, 3.0, 4.0]})
    scanned = servgap.scan(frame, inst, id="id")
    assert scanned.stats.value_counts("gap", "item") is None
    with pytest.raises(ServgapError, match=r"sample\(n\)"):
        quiet(servgap.gap_tests, scanned, method="wilcoxon")
    np.testing.assert_array_equal(scanned.stats.value_counts("perception", "item").values,
                                  [1.5, 1.75, 2.0, 2.5, 3.0, 4.0])
