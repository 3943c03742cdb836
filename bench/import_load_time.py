#!/usr/bin/env python3
"""How long loading takes: `ampel import` times load_scenario_file (parse + convert, without routing or the
network build) and prints its wall and CPU time; this runs it on every real network in ../shared/data, median of 3
runs. On a shared, oversubscribed machine wall time mostly measures waiting for a core: read the CPU column.

  bench/import_load_time.py [--ampel build/apps/ampel/ampel] [--data ../shared/data]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CASES = [
    ("Hamburg TAVF (net + 21,076 trips)", ["sumo/hamburg_tavf/run_simulation.sumocfg"]),
    ("Ingolstadt 1", ["sumo/resco_ingolstadt1/ingolstadt1.sumocfg"]),
    ("Hangzhou 4x4 (SUMO)", ["sumo/hangzhou_4x4_libsignal/hangzhou_4x4_gudang_18041610_1h.sumocfg"]),
    ("Hangzhou 4x4 (CityFlow)", ["cityflow/hangzhou_4x4/roadnet_4_4.json", "--flow",
                                 "cityflow/hangzhou_4x4/anon_4_4_hangzhou_real.json"]),
    ("grid16 (SUMO)", ["bench/grid16/grid.net.xml", "--routes", "bench/grid16/grid.rou.xml"]),
    ("grid16 (CityFlow)", ["bench/grid16/cf_config.json"]),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ampel", default=os.path.join(ROOT, "build", "apps", "ampel", "ampel"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    a = ap.parse_args()
    out = os.path.join(tempfile.mkdtemp(prefix="ampel_load_"), "s.json")
    print(f"{'scenario':<36} {'load wall s':>12} {'load CPU s':>11} {'whole import wall s':>20}")
    for name, args in CASES:
        args = [x if x.startswith("--") else os.path.join(a.data, x) for x in args]
        loads, cpus, walls = [], [], []
        for _ in range(3):
            t0 = time.perf_counter()
            r = subprocess.run([a.ampel, "import"] + args + ["--out", out], capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            if r.returncode != 0:
                print(f"{name:<36} failed: {r.stderr.strip()}")
                break
            m = re.search(r"loaded in ([0-9.]+) s, ([0-9.]+) s CPU", r.stderr)
            loads.append(float(m.group(1)))
            cpus.append(float(m.group(2)))
        if loads:
            print(f"{name:<36} {statistics.median(loads):>12.3f} {statistics.median(cpus):>11.3f} "
                  f"{statistics.median(walls):>20.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
