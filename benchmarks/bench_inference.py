"""Time and memory of gap_tests(method="wilcoxon") on a large survey, against scipy in the same run.

Usage:  python benchmarks/bench_inference.py [n_respondents]   (default 1 000 000; 22 items)

The baseline is scipy.stats.wilcoxon (asymptotic, zeros dropped, continuity correction — the
same test) applied item by item to the same gap table. Peak memory is tracemalloc's peak of
the call alone, after the survey and its gap table exist. pingouin.wilcoxon is not run: its
all-pairs effect size would allocate n² floats (8·n² bytes, printed for reference).
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd
from scipy import stats

import servgap
from servgap.inference import gap_tests


def measure(func):
    tracemalloc.start()
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def main(n: int = 1_000_000) -> None:
    rng = np.random.default_rng(2024)
    inst = servgap.instruments.get("servqual22")
    items = inst.items
    low, high = inst.scale
    expectation = rng.integers(low + 2, high + 1, size=(n, len(items)), dtype=np.int8)
    perception = np.clip(expectation + rng.integers(-3, 3, size=expectation.shape, dtype=np.int8),
                         low, high)
    raw = pd.DataFrame({**{f"E_{i}": expectation[:, j] for j, i in enumerate(items)},
                        **{f"P_{i}": perception[:, j] for j, i in enumerate(items)}})
    del expectation, perception
    start = time.perf_counter()
    survey = servgap.read_survey(raw, inst)
    gaps = survey.gaps
    print(f"survey: {n:,} respondents x {len(items)} items; read_survey + gaps "
          f"{time.perf_counter() - start:.1f} s; gap table {gaps.memory_usage().sum() / 2**20:.0f} MiB")

    result, ours_s, ours_peak = measure(lambda: gap_tests(survey, method="wilcoxon"))

    def scipy_by_item():
        return [stats.wilcoxon(gaps[i].dropna().to_numpy(), zero_method="wilcox", correction=True,
                               method="asymptotic") for i in items]

    baseline, scipy_s, scipy_peak = measure(scipy_by_item)
    p_scipy = np.array([b.pvalue for b in baseline])
    max_dp = float(np.max(np.abs(result.table["p_val"].to_numpy() - p_scipy)))

    mib = 2**20
    print(f"servgap gap_tests(method='wilcoxon'): {ours_s:7.2f} s, peak {ours_peak / mib:8.1f} MiB")
    print(f"scipy.stats.wilcoxon item by item:    {scipy_s:7.2f} s, peak {scipy_peak / mib:8.1f} MiB")
    print(f"time ratio servgap/scipy: {ours_s / scipy_s:.2f}; peak-memory ratio: {ours_peak / scipy_peak:.2f}")
    print(f"max |p servgap - p scipy|: {max_dp:.1e}")
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"for reference, n^2 float64 (pingouin's all-pairs effect size): {8 * n**2 / 2**30:,.0f} GiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
