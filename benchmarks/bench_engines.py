"""servgap.scan on DuckDB: the full analysis of a large parquet survey, against one aggregate pass.

    python benchmarks/bench_engines.py                    # 10,000,000 respondents
    python benchmarks/bench_engines.py 1000000            # another size
    python benchmarks/bench_engines.py 1000000 --keep=DIR  # keep (and reuse) the parquet file in DIR
    python benchmarks/bench_engines.py 1000000 --spark     # Spark local mode instead of DuckDB

1. Writes N respondents × 22 E/P pairs (7-point answers, about 1% missing, branch and channel
   segments) to a parquet file in chunks (seed 7; the same file on every machine).
2. In a fresh process: the full analysis on DuckDB (gap scores per item, dimension and overall by
   branch; paired t and Wilcoxon tests per dimension; Welch and Kruskal–Wallis segment
   comparisons per dimension; reliability of the perceptions with Feldt intervals, from
   aggregates with missing answers too), its time and the peak resident memory
   of the process (goal: at most 1.5 GiB).
3. In a fresh process: one DuckDB aggregate pass over the same file (per branch, the count and
   the sum of every answer column), with the same resources; the median of three. The ratio analysis / pass is the
   figure to watch (goal: at most 20).

With ``--spark`` steps 2 and 3 run on Spark in local mode (``local[2]``, driver memory 2 GB,
4 shuffle partitions) on a DataFrame read from the same parquet file; the peak memory is the
Python process's and the Spark JVM's (its high-water mark, VmHWM) separately.

Prints the machine, the engine settings, the load average and the versions with the figures.
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ITEMS = 22
SIZES = (4, 5, 4, 4, 5)
CHUNK = 500_000


def generate(path: Path, n: int, seed: int = 7) -> Path:
    """Write the survey to ``path`` in chunks (memory stays at one chunk)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    writer = None
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        cols = {"respondent": pa.array(np.arange(start, start + m, dtype=np.int64)),
                "branch": pa.array(rng.choice(list("ABCDE"), m)),
                "channel": pa.array(rng.choice(["app", "web", "branch"], m))}
        e_cols, p_cols = {}, {}
        k = 0
        for size in SIZES:
            latent_e, latent_p = rng.normal(size=m), rng.normal(size=m)
            for _ in range(size):
                k += 1
                for target, latent, centre in ((e_cols, latent_e, 5.8), (p_cols, latent_p, 4.9)):
                    x = np.clip(np.rint(centre + 0.8 * latent + rng.normal(scale=0.7, size=m)), 1, 7)
                    missing = rng.random(m) < 0.01
                    target[k] = pa.array(x.astype(np.int8), mask=missing)
        for k in range(1, ITEMS + 1):
            cols[f"E_{k}"] = e_cols[k]
        for k in range(1, ITEMS + 1):
            cols[f"P_{k}"] = p_cols[k]
        table = pa.table(cols)
        if writer is None:
            writer = pq.ParquetWriter(str(path), table.schema, compression="zstd")
        writer.write_table(table)
    writer.close()
    return path


ANALYSIS = r"""
import json, resource, sys, time, warnings
import servgap
warnings.simplefilter("ignore")
dims, start = {}, 1
for name, size in zip(["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"], (4, 5, 4, 4, 5)):
    dims[name] = [str(i) for i in range(start, start + size)]
    start += size
inst = servgap.Instrument("bench", dims, scale=(1, 7))
usage0 = resource.getrusage(resource.RUSAGE_SELF)
CPU0 = usage0.ru_utime + usage0.ru_stime
source = sys.argv[1]
if sys.argv[2] == "spark":
    spark = SESSION()
    source = spark.read.parquet(sys.argv[1])
t0 = time.perf_counter()
survey = servgap.scan(source, inst, id="respondent", segments=["branch", "channel"], engine=sys.argv[2])
steps = {}
def step(name, fn):
    t = time.perf_counter(); fn(); steps[name] = round(time.perf_counter() - t, 2)
step("validate", lambda: survey.n_respondents)
for level in ("item", "dimension", "overall"):
    step(f"gap_scores {level}", lambda: servgap.gap_scores(survey, level=level, by="branch"))
step("gap_tests t", lambda: servgap.gap_tests(survey, level="dimension"))
step("gap_tests wilcoxon", lambda: servgap.gap_tests(survey, level="dimension", method="wilcoxon"))
step("compare_segments welch", lambda: servgap.compare_segments(survey, "branch"))
step("compare_segments kruskal", lambda: servgap.compare_segments(survey, "branch", method="kruskal"))
try:
    step("reliability perception", lambda: servgap.reliability(survey, score="perception"))
except servgap.ServgapError as exc:  # missing answers: its pairwise item-total correlations need rows
    steps["reliability perception"] = "needs rows: " + str(exc)[:60]
total = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": total, "peak_rss": usage.ru_maxrss * 1024, "steps": steps, "n": survey.n_respondents,
                  "cpu": usage.ru_utime + usage.ru_stime - CPU0, "jvm_peak": JVM_PEAK()}))
"""

SPARK = r"""
def SESSION():
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[2]").appName("servgap-bench")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4").config("spark.driver.memory", "2g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session

def JVM_PEAK():
    # the high-water mark of resident memory of the Spark JVM (a child of this process)
    import psutil
    peak = 0
    for child in psutil.Process().children(recursive=True):
        try:
            with open(f"/proc/{child.pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) * 1024)
        except OSError:
            pass
    return peak
"""

NO_SPARK = r"""
def SESSION():
    raise SystemExit("--spark only")

def JVM_PEAK():
    return 0
"""

ONE_PASS_SPARK = r"""
import json, sys, time
spark = SESSION()
frame = spark.read.parquet(sys.argv[1])
frame.createOrReplaceTempView("survey")
cols = [f"E_{k}" for k in range(1, 23)] + [f"P_{k}" for k in range(1, 23)]
sql = f"SELECT branch, count(*), {', '.join(f'sum({c})' for c in cols)} FROM survey GROUP BY branch"
spark.sql(sql).collect()  # the JVM warmed up and the file's footer read, as the analysis finds them
t = time.perf_counter()
spark.sql(sql).collect()
print(json.dumps({"seconds": time.perf_counter() - t, "jvm_peak": JVM_PEAK()}))
"""

ONE_PASS = r"""
import json, resource, sys, time
import duckdb
from servgap.engines._duckdb import DEFAULT_RESOURCES
con = duckdb.connect(config=DEFAULT_RESOURCES)
con.execute("SET enable_progress_bar = false")
cols = [f"E_{k}" for k in range(1, 23)] + [f"P_{k}" for k in range(1, 23)]
sql = (f"SELECT branch, count(*), {', '.join(f'sum({c})' for c in cols)} "
       f"FROM read_parquet('{sys.argv[1]}') GROUP BY branch")
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
times, cpus = [], []
for _ in range(3):  # the median of three: one pass is short, and the machine is shared
    t, c = time.perf_counter(), cpu()
    con.execute(sql).fetchall()
    times.append(time.perf_counter() - t)
    cpus.append(cpu() - c)
print(json.dumps({"seconds": sorted(times)[1], "cpu": sorted(cpus)[1],
                  "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def fresh(code: str, *args, spark: bool = False) -> dict:
    code = (SPARK if spark else NO_SPARK) + code
    out = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    import duckdb

    import servgap
    from servgap.engines._duckdb import DEFAULT_RESOURCES

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000_000
    keep = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--keep=")), None)
    on_spark = "--spark" in sys.argv[1:]
    if on_spark and not args:
        n = 1_000_000
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"servgap {servgap.__version__}, duckdb {duckdb.__version__}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if on_spark:
        import pyspark

        print(f"Spark {pyspark.__version__} local mode: local[2], driver memory 2g, 4 shuffle partitions")
    else:
        print(f"DuckDB resources: {DEFAULT_RESOURCES}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(keep or tmp) / f"survey_{n}.parquet"
        t = time.perf_counter()
        if not path.exists():
            generate(path, n)
        print(f"generated {n:,} respondents × {ITEMS} pairs: {path.stat().st_size / 2**20:.0f} MiB parquet "
              f"in {time.perf_counter() - t:.0f} s (answers as float64 in memory: {n * 44 * 8 / 2**30:.2f} GiB)")
        if on_spark:
            one = fresh(ONE_PASS_SPARK, path, spark=True)
            print(f"one Spark aggregate pass (warm): {one['seconds']:.2f} s")
            full = fresh(ANALYSIS, path, "spark", spark=True)
            print(f"full analysis on Spark: {full['seconds']:.1f} s, peak RSS of Python "
                  f"{full['peak_rss'] / 2**30:.2f} GiB and of the JVM {full['jvm_peak'] / 2**30:.2f} GiB; "
                  f"ratio to one pass: {full['seconds'] / one['seconds']:.1f}×")
        else:
            one = fresh(ONE_PASS, path)
            print(f"one DuckDB aggregate pass: {one['seconds']:.2f} s ({one['cpu']:.2f} CPU s)")
            full = fresh(ANALYSIS, path, "duckdb")
            print(f"full analysis on DuckDB: {full['seconds']:.1f} s, peak RSS {full['peak_rss'] / 2**30:.2f} GiB "
                  f"(goal ≤ 1.5 GiB); ratio to one pass: {full['seconds'] / one['seconds']:.1f}× (goal ≤ 20×); "
                  f"in CPU time {full['cpu']:.1f} s, {full['cpu'] / one['cpu']:.1f}× (less swayed by other work)")
        for name, seconds in full["steps"].items():
            print(f"  {name:28s} {seconds:8.2f} s" if isinstance(seconds, float) else f"  {name:28s} {seconds}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
