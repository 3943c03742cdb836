#!/usr/bin/env python3
"""The strategy table of docs/strategies.md: every strategy on every network, paired seeds.

For each network runs `ampel compare` (all strategies, seeds 1..n, paired) into OUT/<network>, then prints one
markdown table: per network and strategy the mean delay of all vehicles (finished, running and waiting to enter)
with its 95 % interval, finished trips, gridlocked runs / n, and the paired difference predictive - strategy
with its 95 % interval (t over the seeds). A row for the best other strategy and predictive's relative gain
close each network; the last line is the mean relative gain over the networks.

  bench/strategy_table.py --ampel build/apps/ampel/ampel --out /tmp/table [--seeds 10] [--jobs 2]
                          [--only NAME,...] [--data ../shared/data]

CityFlow flows have no randomness (fixed departure times, CityFlow's drivers are deterministic and ampel gives
CityFlow imports no driver imperfection), nor has the Hamburg test field (trips at fixed times, vehicle types
with sigma 0 and speed factor 1): those networks run one seed; the table says so.
"""
import argparse
import csv
import math
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, ".."))

# name, scenario file (relative to --data or to the repository), extra compare options, deterministic demand
H1 = "cityflow/hangzhou_1x1_real"
NETWORKS = [
    ("hangzhou_4x4_cityflow", "data:cityflow/hangzhou_4x4/roadnet_4_4.json",
     ["--flow", "data:cityflow/hangzhou_4x4/anon_4_4_hangzhou_real.json"], True),
    ("hangzhou_4x4_sumo", "data:sumo/hangzhou_4x4_libsignal/hangzhou_4x4_gudang_18041610_1h.sumocfg", [], False),
] + [
    (f"hangzhou_1x1_{f}", f"data:{H1}/roadnet.json", ["--flow", f"data:{H1}/flow_{f}.json"], True)
    for f in ["bc-tyc_18041607", "bc-tyc_18041608", "kn-hz_18041607", "qc-yn_18041607", "sb-sx_18041607",
              "tms-xy_18041607"]
] + [
    ("colight_3x3", "data:cityflow/synthetic/colight_grid_3x3/roadnet_3_3.json",
     ["--flow", "data:cityflow/synthetic/colight_grid_3x3/anon_3_3_300_0.3_bi.json", "--end", "16200"], True),
    ("ingolstadt1", "data:sumo/resco_ingolstadt1/ingolstadt1.sumocfg", [], False),
    ("bologna_pasubio", "data:sumo/bologna_pasubio/run.sumocfg", [], False),
    # its vehicle types have no driver imperfection (sigma 0, speed factor 1): the seeds give the same run
    ("hamburg_tavf", "data:sumo/hamburg_tavf/run_simulation.sumocfg", [], True),
    ("grid4x4", "repo:scenarios/grid4x4/scenario.json", [], False),
    ("arterial", "repo:scenarios/arterial/scenario.json", [], False),
    ("incident", "repo:scenarios/incident/scenario.json", [], False),
]
STRATEGIES = ["fixed_time", "webster", "actuated", "sotl", "max_pressure", "predictive"]
KPIS = "all.delay_s,finished.count,all.travel_time_s"


def resolve(arg, data):
    if arg.startswith("data:"):
        return os.path.join(data, arg[5:])
    if arg.startswith("repo:"):
        return os.path.join(REPO, arg[5:])
    return arg


def t95(df):
    # two-sided 95 % quantiles of Student's t (df 1..30), enough for paired seeds
    table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
             2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
             2.045, 2.042]
    return table[min(df, 30) - 1]


def interval(xs):
    if len(xs) < 2:
        return statistics.mean(xs), float("nan")
    return statistics.mean(xs), t95(len(xs) - 1) * statistics.stdev(xs) / math.sqrt(len(xs))


def read_runs(folder):
    """{strategy: {seed: {kpi: value, 'status': status}}}"""
    runs = {}
    with open(os.path.join(folder, "runs.csv"), newline="") as f:
        for row in csv.DictReader(f):
            r = runs.setdefault(row["strategy"], {}).setdefault(int(row["seed"]), {})
            r["status"] = row["status"]
            if row["value"] != "":
                r[row["kpi"]] = float(row["value"])
    return runs


def fmt(m, h, digits=1):
    if math.isnan(h):
        return f"{m:.{digits}f}"
    return f"{m:.{digits}f} ± {h:.{digits}f}"


def table(name, runs, deterministic):
    lines = []
    pred = runs.get("predictive", {})
    best_other = None
    for s in STRATEGIES:
        if s not in runs:
            continue
        seeds = sorted(runs[s])
        delays = [runs[s][k]["all.delay_s"] for k in seeds if "all.delay_s" in runs[s][k]]
        trips = [runs[s][k].get("finished.count", float("nan")) for k in seeds]
        grid = sum(1 for k in seeds if runs[s][k]["status"] != "ok")
        m, h = interval(delays)
        diff = ""
        if s != "predictive" and pred:
            d = [pred[k]["all.delay_s"] - runs[s][k]["all.delay_s"] for k in seeds
                 if k in pred and "all.delay_s" in pred[k] and "all.delay_s" in runs[s][k]]
            if d:
                dm, dh = interval(d)
                diff = fmt(dm, dh)
                if best_other is None or m < best_other[1]:
                    best_other = (s, m, dm, dh)
        label = f"**{s}**" if s == "predictive" else s
        lines.append(f"| {name} | {label} | {fmt(m, h)} | {statistics.mean(trips):.0f} | {grid}/{len(seeds)} | {diff} |")
    gain = None
    if best_other and pred:
        pm = statistics.mean(pred[k]["all.delay_s"] for k in pred)
        gain = (pm - best_other[1]) / best_other[1]
        if math.isnan(best_other[3]):  # one run: no interval
            verdict = "best" if best_other[2] < 0 else ("tied" if best_other[2] == 0 else "NOT best")
        else:
            tied = abs(best_other[2]) <= best_other[3]
            verdict = "tied-best" if tied else ("best" if best_other[2] < 0 else "NOT best")
        lines.append(f"| {name} | best other: {best_other[0]} | | | | predictive {gain * 100:+.1f} % ({verdict}"
                     + (", one run: demand without randomness" if deterministic else "") + ") |")
    return lines, gain


def wide_row(name, runs, deterministic):
    """One line per network: per strategy 'delay (finished trips) g/n', then predictive against the best other."""
    cells, best = [], None
    pred = runs.get("predictive", {})
    for s in STRATEGIES:
        if s not in runs:
            cells.append("")
            continue
        seeds = sorted(runs[s])
        m = statistics.mean(runs[s][k]["all.delay_s"] for k in seeds)
        trips = statistics.mean(runs[s][k].get("finished.count", float("nan")) for k in seeds)
        grid = sum(1 for k in seeds if runs[s][k]["status"] != "ok")
        cells.append(f"{m:.1f} ({trips:.0f}) {grid}/{len(seeds)}")
        if s != "predictive" and (best is None or m < best[1]):
            d = [pred[k]["all.delay_s"] - runs[s][k]["all.delay_s"] for k in seeds if k in pred]
            best = (s, m) + interval(d) if d else (s, m, float("nan"), float("nan"))
    verdict = ""
    if best and pred:
        pm = statistics.mean(pred[k]["all.delay_s"] for k in pred)
        gain = (pm - best[1]) / best[1] * 100
        diff = fmt(best[2], best[3])
        verdict = f"{best[0]}: {gain:+.1f} % ({diff} s)"
    label = name + (" ¹" if deterministic else "")
    return "| " + " | ".join([label] + cells + [verdict]) + " |"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ampel", default=os.path.join(REPO, "build/apps/ampel/ampel"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="")
    ap.add_argument("--strategies", default=",".join(STRATEGIES))
    ap.add_argument("--data", default=os.path.normpath(os.path.join(REPO, "..", "shared", "data")))
    ap.add_argument("--table-only", action="store_true", help="only read the folders already written")
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    out_lines = ["| network | strategy | all-vehicle delay (s) | finished trips | gridlocked / n | "
                 "predictive − strategy (s) |", "|---|---|---|---|---|---|"]
    gains, wide = [], []
    for name, scen, extra, deterministic in NETWORKS:
        if only and name not in only:
            continue
        folder = os.path.join(a.out, name)
        scen_path = resolve(scen, a.data)
        if not os.path.exists(scen_path):
            print(f"skip {name}: {scen_path} missing", file=sys.stderr)
            continue
        if not a.table_only:
            cmd = [a.ampel, "compare", scen_path, *[resolve(x, a.data) for x in extra], "--seeds",
                   str(1 if deterministic else a.seeds), "--jobs", str(a.jobs), "--strategies", a.strategies,
                   "--kpis", KPIS, "--out", folder]
            print("+", " ".join(cmd), file=sys.stderr, flush=True)
            # exit 1 = some run gridlocked: the table says which
            rc = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
            if rc not in (0, 1):
                print(f"{name}: compare exited {rc}", file=sys.stderr)
                continue
        if not os.path.exists(os.path.join(folder, "runs.csv")):
            continue
        runs = read_runs(folder)
        wide.append(wide_row(name, runs, deterministic))
        lines, gain = table(name, runs, deterministic)
        out_lines += lines
        if gain is not None:
            gains.append(gain)
        print("\n".join(lines), flush=True)
    print()
    print("\n".join(out_lines))
    print()
    print("| network | " + " | ".join(STRATEGIES) + " | predictive against the best other |")
    print("|---" * (len(STRATEGIES) + 2) + "|")
    for line in wide:
        print(line)
    if gains:
        print(f"\npredictive against the best other strategy, mean over {len(gains)} networks: "
              f"{statistics.mean(gains) * 100:+.1f} %")


if __name__ == "__main__":
    main()
