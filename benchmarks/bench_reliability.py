"""Time the bootstrap CI of Cronbach's alpha: 15 scales, n = 10 000, 2 000 resamples.

Run:  python benchmarks/bench_reliability.py [--naive-resamples 20]

The 15 scales are expectation, perception and gap × the five SERVQUAL dimensions (22 items).
servgap's vectorised bootstrap (all scales and resamples through count matrices and one matrix
product per chunk) is timed through the public function, which also computes the point
estimates, omega and the three "all items" scales. The baseline is the obvious loop: per
resample, index the rows and compute each scale's covariance matrix and alpha — what R
psych::alpha(n.iter = ...) does. It is timed on a few resamples in the same run and
extrapolated linearly to 2 000 (the cost per resample is constant).

On a machine shared with other work, OpenBLAS threads can contend; compare runs with
OPENBLAS_NUM_THREADS=1 (printed below) before reading much into a ratio.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

import numpy as np
import pandas as pd

import servgap
from servgap.reliability import reliability

N, N_BOOT = 10_000, 2_000
SIZES = {"Tangibles": 4, "Reliability": 5, "Responsiveness": 4, "Assurance": 4, "Empathy": 5}


def make_survey(n: int, seed: int = 0) -> servgap.Survey:
    rng = np.random.default_rng(seed)
    dims, start = {}, 1
    for name, size in SIZES.items():
        dims[name] = [str(i) for i in range(start, start + size)]
        start += size
    dim_of_item = np.repeat(np.arange(5), list(SIZES.values()))
    columns = {}
    for kind, centre in (("E", 5.5), ("P", 4.5)):
        factors = rng.normal(size=(n, 5))
        answers = np.clip(np.rint(centre + factors[:, dim_of_item] + rng.normal(size=(n, 22))), 1, 7)
        columns.update({f"{kind}_{i + 1}": answers[:, i] for i in range(22)})
    inst = servgap.Instrument("bench", dims, scale=(1, 7))
    return servgap.read_survey(pd.DataFrame(columns), inst)


def naive_bootstrap(survey: servgap.Survey, n_boot: int, seed: int = 0) -> np.ndarray:
    """Per-resample loop over the 15 dimension scales (the baseline)."""
    rng = np.random.default_rng(seed)
    blocks = [survey.scores(kind)[list(items)].to_numpy()
              for kind in ("expectation", "perception", "gap")
              for items in survey.instrument.dimensions.values()]
    n = survey.n_respondents
    out = np.empty((n_boot, len(blocks)))
    for b in range(n_boot):
        rows = rng.integers(0, n, n)
        for s, block in enumerate(blocks):
            cov = np.cov(block[rows], rowvar=False)
            k = cov.shape[0]
            out[b, s] = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    return np.quantile(out, [0.025, 0.975], axis=0).T


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-resamples", type=int, default=20)
    parser.add_argument("--with-missing", action="store_true",
                        help="also time 5%% missing answers, pairwise and listwise")
    args = parser.parse_args()
    survey = make_survey(N)

    start = time.perf_counter()
    result = reliability(survey, ci="bootstrap", n_boot=N_BOOT, seed=1)
    fast = time.perf_counter() - start
    start = time.perf_counter()
    reliability(survey, ci="feldt")
    point = time.perf_counter() - start

    start = time.perf_counter()
    naive_bootstrap(survey, args.naive_resamples)
    naive_few = time.perf_counter() - start
    naive = naive_few * N_BOOT / args.naive_resamples

    scales = result.table[result.table["dimension"] != "all items"]
    print(f"bootstrap CI, {len(scales)} scales (+3 all-items scales), n = {N:,}, "
          f"{N_BOOT:,} resamples")
    print(f"  servgap reliability(ci='bootstrap'): {fast:8.2f} s "
          f"(the same call with Feldt CIs: {point:.2f} s)")
    print(f"  naive per-resample loop:             {naive:8.2f} s "
          f"(measured {naive_few:.2f} s for {args.naive_resamples} resamples, x{N_BOOT // args.naive_resamples})")
    print(f"  ratio naive / servgap:               {naive / fast:8.1f}x")
    if args.with_missing:
        rng = np.random.default_rng(2)
        holes = replace(survey, answers={kind: frame.mask(rng.random(frame.shape) < 0.05)
                                         for kind, frame in survey.answers.items()})
        for missing in ("pairwise", "listwise"):
            start = time.perf_counter()
            reliability(holes, ci="bootstrap", n_boot=N_BOOT, seed=1, missing=missing)
            print(f"  5% missing answers, {missing + ':':10}       "
                  f"{time.perf_counter() - start:8.2f} s")
    print(f"  OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"{os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
