"""Determinism: the same input and seed give bit-identical results in fresh processes.

Each run is a new Python process (``sys.executable -c``), so nothing is shared but the code
and the data: no cache, no warm BLAS state. The statistics layer runs its matrix products on
one BLAS thread (``threadpoolctl`` in :mod:`servgap.stats`), because a multi-threaded BLAS may
split a sum over rows differently from run to run and change the last bits; the bootstrap
intervals (``reliability(ci="bootstrap")``, ``drivers``) draw from numpy's ``default_rng(seed)``.
The results are compared as the raw bytes of every column of every table (float64 bits, not
rounded values), so a difference in the last bit fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = r"""
import hashlib, json, sys, warnings
import numpy as np
import pandas as pd
import servgap
from servgap.datasets import load_example

seed = int(sys.argv[1])
survey = load_example()
results = {
    "gap_scores_item": servgap.gap_scores(survey, level="item").table,
    "gap_scores_branch": servgap.gap_scores(survey, level="dimension", by="branch").table,
    "gap_scores_weighted": servgap.gap_scores(survey, level="overall", weighted=True).table,
    "reliability_bootstrap": servgap.reliability(survey, "perception", ci="bootstrap", n_boot=200,
                                                 seed=seed).table,
    "gap_tests_t": servgap.gap_tests(survey, level="item").table,
    "gap_tests_wilcoxon": servgap.gap_tests(survey, level="dimension", method="wilcoxon").table,
    "compare_segments": servgap.compare_segments(survey, "branch").posthoc,
    "compare_segments_kruskal": servgap.compare_segments(survey, "branch", method="kruskal").table,
    "drivers": servgap.drivers(survey, outcome=survey.overall_scores("perception"), n_boot=200,
                               seed=seed).table,
}

def digest(frame):
    h = hashlib.sha256()
    for name in frame.columns:
        column = frame[name]
        h.update(str(name).encode())
        if pd.api.types.is_float_dtype(column):
            h.update(np.ascontiguousarray(column.to_numpy(dtype="float64")).tobytes())
        else:
            h.update("\x1f".join(map(str, column.tolist())).encode())
    return h.hexdigest()

print(json.dumps({name: digest(frame) for name, frame in results.items()}))
"""


def _run(seed: int) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="random")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(seed)], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_same_input_and_seed_give_bit_identical_results_across_processes():
    first, second = _run(7), _run(7)
    assert first.keys() == second.keys()
    differing = sorted(name for name in first if first[name] != second[name])
    assert not differing, f"results differ between two runs with the same seed: {differing}"


def test_the_seed_reaches_the_bootstrap():
    """Guards the test above from passing trivially: a different seed changes the bootstrap
    intervals and nothing else."""
    seven, eight = _run(7), _run(8)
    changed = sorted(name for name in seven if seven[name] != eight[name])
    assert changed == ["drivers", "reliability_bootstrap"]
