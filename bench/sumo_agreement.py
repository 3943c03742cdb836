#!/usr/bin/env python3
"""Realism check: ampel and SUMO 1.15 on the same files, side by side (standard library only).

For each scenario it runs ampel (fixed-time plans from the files) and, unless --no-sumo, SUMO itself in a scratch
copy of the folder, and prints trips completed, mean travel time and mean timeLoss of finished trips, and wall time
and CPU time of both processes (on a shared machine the CPU ratio is the fair speed figure). Without SUMO the figures come from the reference_sumo-1.15/ folders. A per-trip comparison on
the vehicles finished by both says where the difference comes from. A second table compares ampel on the SUMO and
the CityFlow version of the same network.

  bench/sumo_agreement.py [--ampel build/apps/ampel/ampel] [--data ../shared/data] [--no-sumo] [--only NAME]
"""
import argparse
import csv
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# name, folder under data/sumo or data/bench, ampel arguments, SUMO arguments, reference summary, bus types
CASES = [
    ("ingolstadt1", "sumo/resco_ingolstadt1", ["ingolstadt1.sumocfg"], ["-c", "ingolstadt1.sumocfg"], "config"),
    ("hamburg_tavf", "sumo/hamburg_tavf", ["run_simulation.sumocfg", "--end", "3600"],
     ["-c", "run_simulation.sumocfg", "-e", "3600"], "config"),
    ("hangzhou_4x4", "sumo/hangzhou_4x4_libsignal", ["hangzhou_4x4_gudang_18041610_1h.sumocfg"],
     ["-n", "hangzhou_4x4_gudang_18041610_1h.net.xml", "-r", "hangzhou_4x4_gudang_18041610_1h.rou.xml", "-b", "0", "-e", "3600"],
     "config"),
    ("grid8", "bench/grid8", ["grid.net.xml", "--routes", "grid.rou.xml", "--end", "3600"],
     ["-n", "grid.net.xml", "-r", "grid.rou.xml", "-b", "0", "-e", "3600"], None),
    # Speed figure of the core issue (not an agreement case of the import issue): run with --only grid16.
    ("grid16", "bench/grid16", ["grid.net.xml", "--routes", "grid.rou.xml", "--end", "3600"],
     ["-n", "grid.net.xml", "-r", "grid.rou.xml", "-b", "0", "-e", "3600"], None),
]

# The same network in both formats, for ampel against itself.
CROSS = [
    ("hangzhou_4x4", ("sumo/hangzhou_4x4_libsignal", ["hangzhou_4x4_gudang_18041610_1h.sumocfg"]),
     ("cityflow/hangzhou_4x4", ["roadnet_4_4.json", "--flow", "anon_4_4_hangzhou_real.json", "--end", "3600"])),
    ("grid4", ("bench/grid4", ["grid.net.xml", "--routes", "grid.rou.xml", "--end", "3600"]),
     ("bench/grid4", ["cf_config.json", "--end", "3600"])),
    ("grid8", ("bench/grid8", ["grid.net.xml", "--routes", "grid.rou.xml", "--end", "3600"]),
     ("bench/grid8", ["cf_config.json", "--end", "3600"])),
]

BUS_CLASSES = {"bus", "coach", "tram"}


def child_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_ampel(ampel, folder, args, out):
    cmd = [ampel, "run", os.path.join(folder, args[0])]
    rest = list(args[1:])
    for i, a in enumerate(rest):
        if i > 0 and rest[i - 1] in ("--routes", "--flow"):
            rest[i] = ",".join(os.path.join(folder, p) for p in a.split(","))
    cmd += rest + ["--out", out, "--quiet"]
    t0, c0 = time.perf_counter(), child_cpu_s()
    subprocess.run(cmd, check=True)
    wall, cpu = time.perf_counter() - t0, child_cpu_s() - c0
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    trips = {}
    with open(os.path.join(out, "trips.csv")) as f:
        for row in csv.DictReader(f):
            if row["status"] == "arrived":
                trips[row["vehicle"]] = (float(row["depart_s"]), float(row["travel_time_s"]), float(row["delay_s"]),
                                         float(row["planned_depart_s"]))
    return summary, trips, wall, cpu


def vehicle_classes(folder):
    """vType id -> vClass over the folder's route files (to leave out buses, which ampel does not simulate)."""
    classes = {}
    for name in os.listdir(folder):
        if not (name.endswith(".xml") or name.endswith(".xml.gz")) or ".net." in name:
            continue
        path = os.path.join(folder, name)
        opener = gzip.open if name.endswith(".gz") else open
        try:
            with opener(path, "rb") as f:
                for _, el in ET.iterparse(f):
                    if el.tag == "vType":
                        classes[el.get("id")] = el.get("vClass", "passenger")
                    el.clear()
        except ET.ParseError:
            continue
    return classes


def read_tripinfo_xml(path, classes):
    trips = {}
    for _, el in ET.iterparse(path):
        if el.tag == "tripinfo":
            if classes.get(el.get("vType"), "passenger") not in BUS_CLASSES:
                trips[el.get("id")] = (float(el.get("depart")), float(el.get("duration")), float(el.get("timeLoss")),
                                       float(el.get("depart")) - float(el.get("departDelay")))
            el.clear()
    return trips


def read_tripinfo_csv(path, classes):
    trips = {}
    with gzip.open(path, "rt") as f:
        for row in csv.DictReader(f):
            cols = {k.split("_", 1)[-1] if k.startswith("tripinfo_") else k: v for k, v in row.items()}
            if classes.get(cols.get("vType"), "passenger") in BUS_CLASSES:
                continue
            trips[cols["id"]] = (float(cols["depart"]), float(cols["duration"]), float(cols["timeLoss"]),
                                 float(cols["depart"]) - float(cols.get("departDelay", 0) or 0))
    return trips


def run_sumo(folder, args, scratch):
    work = os.path.join(scratch, "sumo_" + os.path.basename(folder))
    shutil.copytree(folder, work, ignore=shutil.ignore_patterns("reference_sumo-*"))
    for root, dirs, files in os.walk(work):
        for n in dirs + files:
            os.chmod(os.path.join(root, n), 0o755 if n in dirs else 0o644)
    os.chmod(work, 0o755)
    tripinfo = os.path.join(work, "tripinfo.xml")
    env = dict(os.environ, SUMO_HOME=os.environ.get("SUMO_HOME", "/usr/share/sumo"))
    cmd = ["sumo"] + args + ["--xml-validation", "never", "--no-step-log", "--duration-log.disable",
                             "--tripinfo-output", tripinfo, "--no-warnings"]
    t0, c0 = time.perf_counter(), child_cpu_s()
    subprocess.run(cmd, cwd=work, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return tripinfo, time.perf_counter() - t0, child_cpu_s() - c0


def mean(xs):
    return statistics.fmean(xs) if xs else float("nan")


def pct(a, b):
    return 100.0 * (a - b) / b if b else float("nan")


def per_trip(ampel_trips, sumo_trips):
    both = sorted(set(ampel_trips) & set(sumo_trips))
    if not both:
        return "no common finished trips"
    dtt = [ampel_trips[v][1] - sumo_trips[v][1] for v in both]
    ddep = [(ampel_trips[v][0] - ampel_trips[v][3]) - (sumo_trips[v][0] - sumo_trips[v][3]) for v in both]
    dloss = [ampel_trips[v][2] - sumo_trips[v][2] for v in both]
    only_a = len(set(ampel_trips) - set(sumo_trips))
    only_s = len(set(sumo_trips) - set(ampel_trips))
    q = statistics.quantiles(dtt, n=10)
    return (f"{len(both)} trips finished by both (+{only_a} only ampel, +{only_s} only SUMO): travel time "
            f"ampel-SUMO mean {mean(dtt):+.1f} s, deciles 10%/50%/90% {q[0]:+.1f}/{q[4]:+.1f}/{q[8]:+.1f} s; "
            f"timeLoss {mean(dloss):+.1f} s; insertion delay {mean(ddep):+.1f} s")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ampel", default=os.path.join(ROOT, "build", "apps", "ampel", "ampel"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--no-sumo", action="store_true", help="use the reference_sumo-1.15 figures instead of running SUMO")
    ap.add_argument("--only", help="run only this scenario")
    a = ap.parse_args()
    have_sumo = shutil.which("sumo") is not None and not a.no_sumo
    scratch = tempfile.mkdtemp(prefix="ampel_agreement_")
    rows = []
    try:
        print(f"{'scenario':<14} {'trips done ampel/SUMO':>24} {'mean travel time s':>26} {'mean timeLoss s':>20} "
              f"{'wall s ampel/SUMO':>26} {'CPU s ampel/SUMO':>26}")
        for name, sub, aargs, sargs, ref in CASES:
            if (a.only and a.only != name) or (name == "grid16" and a.only != name):
                continue
            folder = os.path.join(a.data, sub)
            summary, atrips, awall, acpu = run_ampel(a.ampel, folder, aargs, os.path.join(scratch, "ampel_" + name))
            classes = vehicle_classes(folder)
            swall = scpu = float("nan")
            if have_sumo:
                tripinfo, swall, scpu = run_sumo(folder, sargs, scratch)
                strips = read_tripinfo_xml(tripinfo, classes)
                source = "SUMO run now"
            elif ref:
                strips = read_tripinfo_csv(os.path.join(folder, "reference_sumo-1.15", f"tripinfo_{ref}.csv.gz"), classes)
                with open(os.path.join(folder, "reference_sumo-1.15", f"summary_{ref}.json")) as f:
                    swall = scpu = float(json.load(f)["sim_wall_s"])  # measured alone on an idle machine
                source = "SUMO reference"
            else:
                print(f"{name:<14} no SUMO and no reference figures: skipped")
                continue
            fa = summary["finished_trips"]
            n_a, n_s = fa["count"], len(strips)
            tt_a, tt_s = fa["travel_time_s"], mean([t[1] for t in strips.values()])
            tl_a, tl_s = fa["delay_s"], mean([t[2] for t in strips.values()])
            ok_n, ok_tt = abs(pct(n_a, n_s)) <= 3, abs(pct(tt_a, tt_s)) <= 10
            rows.append((name, ok_n and ok_tt))
            print(f"{name:<14} {n_a:>7}/{n_s:<7} ({pct(n_a, n_s):+5.1f}%) {'ok ' if ok_n else 'OFF'}"
                  f" {tt_a:>7.1f}/{tt_s:<7.1f} ({pct(tt_a, tt_s):+5.1f}%) {'ok ' if ok_tt else 'OFF'}"
                  f" {tl_a:>7.1f}/{tl_s:<7.1f}    {awall:>7.2f}/{swall:<7.2f} (x{swall / awall:.1f})"
                  f"    {acpu:>7.2f}/{scpu:<7.2f} (x{scpu / acpu:.1f})")
            print(f"{'':<14} {source}; " + per_trip(atrips, strips))
        print()
        print(f"{'network':<14} {'trips done SUMO-file/CityFlow-file':>36} {'mean travel time s':>28}")
        for name, (s_sub, s_args), (c_sub, c_args) in CROSS:
            if a.only and a.only != name:
                continue
            s_sum, _, _, _ = run_ampel(a.ampel, os.path.join(a.data, s_sub), s_args, os.path.join(scratch, "x_s_" + name))
            c_sum, _, _, _ = run_ampel(a.ampel, os.path.join(a.data, c_sub), c_args, os.path.join(scratch, "x_c_" + name))
            ns, nc = s_sum["finished_trips"]["count"], c_sum["finished_trips"]["count"]
            ts, tc = s_sum["finished_trips"]["travel_time_s"], c_sum["finished_trips"]["travel_time_s"]
            ok = abs(pct(tc, ts)) <= 10
            print(f"{name:<14} {ns:>14}/{nc:<14} ({pct(nc, ns):+5.1f}%) {ts:>10.1f}/{tc:<10.1f} ({pct(tc, ts):+5.1f}%) "
                  f"{'ok' if ok else 'OFF'}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    off = [n for n, ok in rows if not ok]
    print()
    print("targets (trips within 3 %, travel time within 10 %): " + ("all met" if not off else "missed by " + ", ".join(off)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
