"""compare() and batch() as the command line runs them (same paired seeds, output folders and report),
with their tables as pandas DataFrames."""
import os
import tempfile
from dataclasses import dataclass

from . import _core


@dataclass
class Results:
    out: str            # the output folder (report.html, summary.csv, runs.csv, one folder per run)
    runs: "object"      # pandas DataFrame, one row per run: strategy, replication, seed, status, KPIs
    runs_long: "object"  # runs.csv as written: one row per run and KPI
    summary: "object"   # summary.csv: per case, strategy and KPI the mean, 95 % interval, paired difference
    failed: int
    missing: int

    @property
    def report(self):
        return os.path.join(self.out, "report.html")


def _read(out, counts):
    import pandas as pd

    runs_long = pd.read_csv(os.path.join(out, "runs.csv"), keep_default_na=False, na_values=[""])
    summary = pd.read_csv(os.path.join(out, "summary.csv"))
    keys = ["run", "scenario", "demand", "strategy", "replication", "seed", "status"]
    # One row per run in the file's order, one column per KPI in the file's order (a pivot_table over all the
    # keys would add a row for every combination of them).
    kpi_rows = runs_long.dropna(subset=["kpi"])
    values = kpi_rows.pivot(index="run", columns="kpi", values="value")
    values = values[list(dict.fromkeys(kpi_rows["kpi"]))]
    wide = runs_long.drop_duplicates("run")[keys].merge(values, left_on="run", right_index=True, how="left")
    wide = wide.reset_index(drop=True)
    wide.columns.name = None
    reasons = runs_long.groupby("run")["reason"].first()
    wide["reason"] = wide["run"].map(reasons).fillna("")
    return Results(out, wide, runs_long, summary, counts["failed"], counts["missing"])


def compare(scenario, strategies=None, *, seeds=10, end=None, warmup=None, kpis=None, baseline=None,
            out=None, jobs=None, routes=(), flow=None, allow_drop=False):
    """Every strategy (or those named, built-in or registered from Python) on one scenario with paired
    seeds 1..seeds, like `ampel compare`. Returns Results; out defaults to a new temporary folder.
    allow_drop: run although the import leaves out more than 1 % of the vehicles or a signal program."""
    out = out or tempfile.mkdtemp(prefix="ampel_compare_")
    counts = _core._run_compare(str(scenario), [str(r) for r in routes], None if flow is None else str(flow),
                                list(strategies or []), int(seeds), end, warmup, list(kpis or []),
                                baseline or "", str(out), int(jobs or 0), bool(allow_drop))
    return _read(str(out), counts)


def batch(experiment, *, out=None, jobs=None):
    """An experiment file (scenarios x strategies x seeds x demand), like `ampel batch`."""
    out = out or tempfile.mkdtemp(prefix="ampel_batch_")
    counts = _core._run_batch(str(experiment), str(out), int(jobs or 0))
    return _read(str(out), counts)
