#!/usr/bin/env python3
"""Speed of the Python module, side by side in one run, on the 8x8 benchmark grid (../shared/data/bench/grid8):

  1. a Python loop that steps the simulation and reads every lane's queue (halting vehicles) each step:
     ampel (Simulation.step + Simulation.lane("halting")) against SUMO 1.15 through TraCI
     (traci.simulationStep + lane.getLastStepHaltingNumber per lane; and, kinder to TraCI, one lane
     subscription per lane read back with getAllSubscriptionResults);
  2. the environment's step (TrafficSignalEnv.step: advance delta_time, observe, rewards, infos) against
     plain stepping over the same delta_time (Simulation.step(delta_time)).

Run from the build tree's Python path:
  PYTHONPATH=build/python /usr/bin/python3 bench/python_speed.py [--data ../shared/data] [--end 600]
Timings on a shared machine drift: the ratios are the figures, each pair measured one after the other.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def ampel_loop(grid, end):
    import ampel
    sim = ampel.Simulation(os.path.join(grid, "grid.net.xml"), routes=[os.path.join(grid, "grid.rou.xml")],
                           end=end, metrics=False)
    t0 = time.perf_counter()
    total = 0
    while not sim.finished:
        sim.step()
        total += int(sim.lane("halting").sum())
    return time.perf_counter() - t0, total, len(sim.network.lane_ids)


def traci_loop(grid, end, subscribe):
    os.environ.setdefault("SUMO_HOME", "/usr/share/sumo")
    sys.path.insert(0, os.path.join(os.environ["SUMO_HOME"], "tools"))
    import traci
    import traci.constants as tc
    traci.start(["sumo", "-n", os.path.join(grid, "grid.net.xml"), "-r", os.path.join(grid, "grid.rou.xml"),
                 "-b", "0", "-e", str(end), "--no-step-log", "--duration-log.disable", "--no-warnings"])
    lanes = [l for l in traci.lane.getIDList() if not l.startswith(":")]
    if subscribe:
        for l in lanes:
            traci.lane.subscribe(l, [tc.LAST_STEP_VEHICLE_HALTING_NUMBER])
    t0 = time.perf_counter()
    total = 0
    for _ in range(int(end)):
        traci.simulationStep()
        if subscribe:
            res = traci.lane.getAllSubscriptionResults()
            total += sum(r[tc.LAST_STEP_VEHICLE_HALTING_NUMBER] for r in res.values())
        else:
            total += sum(traci.lane.getLastStepHaltingNumber(l) for l in lanes)
    wall = time.perf_counter() - t0
    traci.close()
    return wall, total, len(lanes)


def env_against_plain(grid, end, delta):
    import ampel
    net, rou = os.path.join(grid, "grid.net.xml"), os.path.join(grid, "grid.rou.xml")
    env = ampel.TrafficSignalEnv(net_file=net, route_file=rou, num_seconds=end, delta_time=delta, seed=1)
    env.reset()
    t0 = time.perf_counter()
    n_env = 0
    while True:
        *_, truncated, _ = env.step({})
        n_env += 1
        if all(truncated.values()):
            break
    env_s = time.perf_counter() - t0
    sim = ampel.Simulation(net, routes=[rou], controller="external", seed=1, end=end, metrics=False)
    t0 = time.perf_counter()
    n_plain = 0
    while not sim.finished:
        sim.step(delta)
        n_plain += 1
    plain_s = time.perf_counter() - t0
    assert env.sim.state_hash() == sim.state_hash()  # the same simulation, only the reading differs
    return env_s / n_env, plain_s / n_plain, n_env


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    ap.add_argument("--end", type=float, default=600.0, help="simulated seconds of each loop (default 600)")
    ap.add_argument("--delta", type=int, default=5, help="the environment's delta_time, s (default 5)")
    ap.add_argument("--no-sumo", action="store_true")
    a = ap.parse_args()
    grid = os.path.join(a.data, "bench", "grid8")
    if not os.path.exists(os.path.join(grid, "grid.net.xml")):
        sys.exit(f"needs {grid}/grid.net.xml (shared data)")
    am_s, am_total, am_lanes = ampel_loop(grid, a.end)
    print(f"grid8, {a.end:.0f} s, step + read every lane's halting count each step:")
    print(f"  ampel                 {am_s:8.2f} s  {am_lanes} lanes, sum of halting counts {am_total}")
    if not a.no_sumo:
        for subscribe in (False, True):
            tr_s, tr_total, tr_lanes = traci_loop(grid, a.end, subscribe)
            name = "TraCI subscriptions " if subscribe else "TraCI per-lane calls"
            print(f"  {name}  {tr_s:8.2f} s  {tr_lanes} lanes, sum of halting counts {tr_total}"
                  f"   ampel {tr_s / am_s:5.1f}x faster")
    # Short loops: five alternating pairs, the median ratio and the range.
    pairs = [env_against_plain(grid, a.end, a.delta) for _ in range(5)]
    ratios = sorted(e / p for e, p, _ in pairs)
    env_step, plain_step, n = sorted(pairs, key=lambda t: t[0] / t[1])[2]
    print(f"environment step (delta_time {a.delta} s, 64 agents) {env_step * 1e3:.3f} ms, plain step({a.delta}) "
          f"{plain_step * 1e3:.3f} ms: ratio {ratios[2]:.2f} (median of 5 pairs, {ratios[0]:.2f} to "
          f"{ratios[-1]:.2f}) over {n} steps each")


if __name__ == "__main__":
    main()
