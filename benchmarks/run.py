"""servgap's speed as the project measures it: ratios against baselines run on the same machine.

    python benchmarks/run.py                 # n = 400 and 100,000, then 1,000,000
    python benchmarks/run.py 400 100000      # only these sizes of the in-process comparison
    python benchmarks/run.py --million       # only the 1,000,000-respondent check

1. The full analysis (benchmarks/analysis.py) against the pandas + pingouin + scipy script a
   user would write (benchmarks/baseline.py), both inside this one process with every library
   imported: one warm-up run each, then nine alternating runs; medians and the ratio
   baseline / servgap (above 1: servgap is faster; the goal is at least 5).
2. At 1,000,000 respondents, in fresh processes: the full analysis including reading the CSV
   against ``pandas.read_csv`` of the same file (goal: within 4×), and the peak resident memory
   of the analysis (goal: at most 1 GiB).

Prints the machine, the thread settings and the package versions with the figures.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy, pandas, scipy
    import servgap
    threads = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                          "OPENBLAS_CORETYPE") if k in os.environ}
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({model or platform.machine()}); "
            f"Python {platform.python_version()}, numpy {numpy.__version__}, pandas {pandas.__version__}, "
            f"scipy {scipy.__version__}, servgap {servgap.__version__}; thread settings {threads or 'defaults'}")


def compare(sizes, repeats: int = 9) -> None:
    from analysis import servgap_analysis
    from baseline import baseline
    from generate import make_survey

    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = make_survey(Path(tmp) / f"survey{n}.csv", n)
            baseline(path), servgap_analysis(path)
            base, ours, base_cpu, ours_cpu = [], [], [], []
            for _ in range(repeats):
                for run, wall, cpu in ((baseline, base, base_cpu), (servgap_analysis, ours, ours_cpu)):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    run(path)
                    wall.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
            b, o = statistics.median(base), statistics.median(ours)
            bc, oc = statistics.median(base_cpu), statistics.median(ours_cpu)
            # CPU time (all threads of the process) is less disturbed by other work on the
            # machine than wall time; servgap's CSV reader uses two threads, so its CPU time
            # counts both
            print(f"n = {n:>9,}: pandas + pingouin {b:.3f} s, servgap {o:.3f} s, "
                  f"ratio {b / o:.1f}x (goal >= 5x); CPU time {bc:.3f} s vs {oc:.3f} s, "
                  f"ratio {bc / oc:.1f}x", flush=True)


CHILD = """
import json, resource, sys, time, warnings
sys.path.insert(0, {here!r})
warnings.filterwarnings("ignore")
what, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if what == "read_csv":
    import pandas as pd
    start = time.perf_counter()
    pd.read_csv(path)
else:
    from analysis import servgap_analysis
    start = time.perf_counter()
    servgap_analysis(path)
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def million(n: int = 1_000_000) -> None:
    from generate import make_survey

    with tempfile.TemporaryDirectory() as tmp:
        path = make_survey(Path(tmp) / "survey.csv", n)
        code = CHILD.format(here=str(HERE))
        runs = {"read_csv": [], "servgap": []}
        for _ in range(3):
            for what in runs:
                out = subprocess.run([sys.executable, "-c", code, what, str(path)], check=True,
                                     capture_output=True, text=True).stdout
                runs[what].append(json.loads(out.strip().splitlines()[-1]))
        read = statistics.median(r["seconds"] for r in runs["read_csv"])
        ours = statistics.median(r["seconds"] for r in runs["servgap"])
        peak = max(r["peak_mib"] for r in runs["servgap"])
        read_peak = max(r["peak_mib"] for r in runs["read_csv"])
        numeric = n * 44 * 8 / 2**20
        print(f"n = {n:>9,}: pandas.read_csv {read:.2f} s (peak {read_peak:.0f} MiB); full servgap analysis "
              f"incl. reading {ours:.2f} s = {ours / read:.1f}x read_csv (goal <= 4x); peak RSS "
              f"{peak:.0f} MiB (goal <= 1024 MiB; the answers as float64: {numeric:.0f} MiB)", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    print(machine(), flush=True)
    if "--million" in args:
        million()
    else:
        compare([int(a) for a in args] or [400, 100_000])
        if not args:
            million()
