#!/usr/bin/env python3
"""Cost of the predictive controller against fixed_time, side by side in one run.

Runs `ampel run SCENARIO -c fixed_time` and `-c predictive` alternately (so both meet the same machine load),
ROUNDS times each, and prints the median wall time and CPU time (user + sys) of each and their ratios. The
issue's target: predictive takes at most twice the wall time of fixed_time on the 16x16 benchmark grid.

  bench/predictive_cost.py --ampel build/apps/ampel/ampel [--scenario FILE] [--rounds 3] [-p key=value ...]

Without --scenario it uses ../shared/data/bench/grid16/grid.sumocfg when the SUMO importer can read it, else
a generated 16x16 grid (3 lanes, 300 m, 300 veh/h per entry, constant, 1 h) written to a temporary folder.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(ampel, scenario, controller, params, out):
    cmd = [ampel, "run", scenario, "-c", controller, "-q", "-o", out]
    for p in params:
        cmd += ["-p", p]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, check=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def default_scenario(ampel, tmp):
    shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "bench", "grid16")
    sumocfg = os.path.join(shared, "grid.sumocfg")
    net = os.path.join(shared, "grid.net.xml")
    for candidate in (sumocfg, net):
        if os.path.exists(candidate):
            converted = os.path.join(tmp, "grid16_imported.json")
            r = subprocess.run([ampel, "import", candidate, "--out", converted], capture_output=True, text=True)
            if r.returncode == 0:
                return converted, f"{candidate} (imported)"
    generated = os.path.join(tmp, "grid16.json")
    subprocess.run([ampel, "generate", "grid", "--rows", "16", "--cols", "16", "--lanes", "3", "--spacing", "300",
                    "--rate", "300", "--constant", "--duration", "3600", "-o", generated], check=True,
                   capture_output=True)
    return generated, "generated 16x16 grid (3 lanes, 300 m, 300 veh/h per entry, 1 h)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ampel", required=True, help="path of the ampel binary")
    ap.add_argument("--scenario", help="scenario file (default: the 16x16 benchmark grid)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-p", "--param", action="append", default=[], help="predictive parameter key=value")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="ampel_pred_bench_") as tmp:
        if args.scenario:
            scenario, label = args.scenario, args.scenario
        else:
            scenario, label = default_scenario(args.ampel, tmp)
        times = {"fixed_time": [], "predictive": []}
        for r in range(args.rounds):
            for controller in ("fixed_time", "predictive"):
                params = args.param if controller == "predictive" else []
                wall, cpu = run_once(args.ampel, scenario, controller, params, os.path.join(tmp, f"{controller}_{r}"))
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
