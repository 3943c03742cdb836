#!/usr/bin/env python3
"""Cost of the predictive controller against fixed_time, side by side in one run.

Runs `ampel run SCENARIO -c fixed_time` and `-c predictive` alternately (so both meet the same machine load),
ROUNDS times each, and prints the median wall time and CPU time (user + sys) of each and their ratios. The
issue's target: predictive takes at most twice the wall time of fixed_time on the 16x16 benchmark grid.

  bench/predictive_cost.py --ampel build/apps/ampel/ampel [--scenario FILE] [--rounds 3] [-p key=value ...]

Without --scenario it runs the 16x16 benchmark grid: ../shared/data/bench/grid16/grid.net.xml with grid.rou.xml
(SUMO files, loaded directly by `ampel run`; loading is part of both times).
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(ampel, scenario, extra, controller, params, out):
    cmd = [ampel, "run", scenario, *extra, "-c", controller, "-q", "-o", out]
    for p in params:
        cmd += ["-p", p]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, check=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def default_scenario():
    """The 16x16 benchmark grid's SUMO files, which `ampel run` loads directly."""
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.normpath(os.path.join(here, "..", "..", "shared", "data", "bench", "grid16"))
    net, routes = os.path.join(folder, "grid.net.xml"), os.path.join(folder, "grid.rou.xml")
    for f in (net, routes):
        if not os.path.exists(f):
            sys.exit(f"error: {f} not found (pass --scenario)")
    return net, ["--routes", routes], f"{folder} (grid.net.xml + grid.rou.xml)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ampel", required=True, help="path of the ampel binary")
    ap.add_argument("--scenario", help="scenario file (default: the 16x16 benchmark grid)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-p", "--param", action="append", default=[], help="predictive parameter key=value")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="ampel_pred_bench_") as tmp:
        if args.scenario:
            scenario, extra, label = args.scenario, [], args.scenario
        else:
            scenario, extra, label = default_scenario()
        times = {"fixed_time": [], "predictive": []}
        for r in range(args.rounds):
            for controller in ("fixed_time", "predictive"):
                params = args.param if controller == "predictive" else []
                wall, cpu = run_once(args.ampel, scenario, extra, controller, params, os.path.join(tmp, f"{controller}_{r}"))
                times[controller].append((wall, cpu))
                print(f"round {r + 1}: {controller:<11} wall {wall:7.2f} s  cpu {cpu:7.2f} s", file=sys.stderr)
        med = {c: (statistics.median(w for w, _ in t), statistics.median(u for _, u in t)) for c, t in times.items()}
        print(f"scenario: {label}")
        print(f"rounds: {args.rounds} (alternating), load average at the end: {os.getloadavg()[0]:.1f}")
        print(f"{'controller':<12} {'median wall s':>14} {'median cpu s':>13}")
        for c, (w, u) in med.items():
            print(f"{c:<12} {w:>14.2f} {u:>13.2f}")
        ratio_wall = med["predictive"][0] / med["fixed_time"][0]
        ratio_cpu = med["predictive"][1] / med["fixed_time"][1]
        print(f"predictive / fixed_time: wall {ratio_wall:.2f}x, cpu {ratio_cpu:.2f}x (target: at most 2x)")


if __name__ == "__main__":
    main()
