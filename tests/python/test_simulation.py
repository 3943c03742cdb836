"""Loading, stepping, copying and the state arrays of ampel.Simulation."""
import json

import numpy as np
import pytest

import ampel
from conftest import GRID, shared


def test_load_step_and_run_until_keep_the_clock():
    sim = ampel.Simulation(GRID, seed=3, end=900)
    assert sim.time == 0.0 and not sim.finished
    sim.step()
    assert sim.time == 1.0
    sim.step(9)
    assert sim.time == 10.0
    sim.run_until(120)
    assert sim.time == 120.0
    sim.run()
    assert sim.finished and sim.time == 900.0
    assert sim.controller == "fixed_time" and sim.seed == 3


def test_same_seed_same_state_other_seed_other_state():
    a = ampel.Simulation(GRID, seed=5, end=300, warmup=0)
    b = ampel.Simulation(GRID, seed=5, end=300, warmup=0)
    c = ampel.Simulation(GRID, seed=6, end=300, warmup=0)
    for s in (a, b, c):
        s.run()
    assert a.state_hash() == b.state_hash() != c.state_hash()


def test_copy_continues_exactly_like_the_original_and_independently():
    sim = ampel.Simulation(GRID, controller="max_pressure", seed=2, end=600, warmup=0)
    sim.run_until(200)
    ahead = sim.copy()
    ahead.run_until(400)
    assert sim.time == 200.0  # the original did not move
    sim.run_until(400)
    assert ahead.state_hash() == sim.state_hash()
    assert ahead.summary()["all_vehicles"] == sim.summary()["all_vehicles"]


def test_lane_arrays_are_numpy_over_every_road_lane_and_agree_with_roads():
    sim = ampel.Simulation(GRID, seed=1, end=600, warmup=0)
    sim.run_until(400)
    net = sim.network
    lanes = sim.lanes()
    n = len(net.lane_ids)
    for name, a in lanes.items():
        assert isinstance(a, np.ndarray) and a.shape == (n,), name
    assert lanes["vehicles"].sum() > 0
    assert np.all(lanes["halting"] <= lanes["vehicles"])
    assert np.array_equal(sim.lane("halting"), lanes["halting"])
    assert set(sim.lanes("halting", "queue_m")) == {"halting", "queue_m"}
    roads = sim.roads()
    road_of_lane = net.lanes()["road"]
    assert np.array_equal(np.bincount(road_of_lane, weights=lanes["vehicles"], minlength=len(net.road_ids)),
                          roads["vehicles"])
    assert np.array_equal(np.bincount(road_of_lane, weights=lanes["halting"], minlength=len(net.road_ids)),
                          roads["halting"])
    # Every vehicle is in the vehicle arrays once; those on road lanes are counted by the lane arrays.
    veh = sim.vehicles()
    assert len(np.unique(veh["slot"])) == len(veh["slot"])
    on_roads = veh["road"] >= 0
    assert on_roads.sum() == lanes["vehicles"].sum()
    with pytest.raises(KeyError, match="unknown lane field 'queue'"):
        sim.lanes("queue")


def test_junction_signal_and_link_arrays():
    sim = ampel.Simulation(GRID, seed=1, end=600, warmup=0)
    sim.run_until(300)
    net = sim.network
    junctions = sim.junctions()
    assert junctions["in_vehicles"].shape == (len(net.junction_ids),)
    signals = sim.signals()
    assert signals["stage"].shape == (len(net.signal_ids),)
    assert np.all(signals["stage"] < net.signals()["stage_count"])
    links = sim.links()
    assert set(np.unique(links["state"]).tobytes().decode()) <= set("GgyrO")
    # A link's bound vehicles stand on its approach lane.
    from_lane = net.links()["from_lane"]
    per_lane = np.bincount(from_lane, weights=links["bound"], minlength=len(net.lane_ids))
    assert np.all(per_lane <= sim.lane("vehicles"))


def test_set_stage_is_held_until_the_signal_shows_it():
    sim = ampel.Simulation(GRID, controller="external", seed=1, end=600, warmup=0)
    sim.run_until(30)
    assert sim.controller == "external"
    stages = sim.network.signals()["stage_count"]
    start = sim.signals()["stage"][0]
    want = (start + 1) % stages[0]
    sim.set_stage(0, int(want))
    sim.set_stage(sim.network.signal_ids[1], int(want))
    sim.run_until(60)
    s = sim.signals()
    assert s["stage"][0] == want and s["interval"][0] == 0
    assert s["stage"][1] == want
    assert s["stage"][2] == start  # nobody asked: it holds
    with pytest.raises(IndexError, match="has no stage 99"):
        sim.set_stage(0, 99)
    with pytest.raises(KeyError, match="no signal 'nowhere'"):
        sim.set_stage("nowhere", 0)


def test_summary_is_summary_json():
    sim = ampel.Simulation(GRID, seed=1, end=900)
    sim.run()
    s = sim.summary()
    assert s["controller"] == "fixed_time" and s["seed"] == 1
    json.dumps(s)


def test_bad_input_names_the_file():
    with pytest.raises(ampel.InputError, match="nowhere.json"):
        ampel.Simulation("nowhere.json")
    with pytest.raises(ampel.InputError, match="no_such_strategy"):
        ampel.Simulation(GRID, controller="no_such_strategy")


def test_sumo_and_cityflow_files_load_like_run():
    grid = shared("bench", "grid4")
    sumo = ampel.Simulation(grid / "grid.net.xml", routes=[grid / "grid.rou.xml"], end=120)
    flow = ampel.Simulation(grid / "cf_roadnet.json", flow=grid / "cf_flow.json", end=120)
    for sim in (sumo, flow):
        assert len(sim.network.signal_ids) == 16
        sim.run()
        assert sim.lane("vehicles").sum() > 0


def test_warmup_must_end_before_the_run():
    with pytest.raises(ampel.InputError, match="warm-up 600 s leaves nothing to measure"):
        ampel.Simulation(GRID, end=600)  # the scenario's warm-up is 600 s
    assert ampel.Simulation(GRID, end=600, warmup=120).time == 0.0
