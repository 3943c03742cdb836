"""Python strategies by name, and compare()/batch() as DataFrames."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ampel
from conftest import GRID, SOURCE

sys.path.insert(0, str(SOURCE / "python" / "examples"))
from max_pressure import MaxPressure  # noqa: E402


@pytest.fixture(autouse=True)
def python_strategies():
    ampel.register_controller("py_max_pressure", factory=MaxPressure, summary="max pressure in Python")
    ampel.register_controller("py_hold", lambda state: np.full(len(state.network.signal_ids), ampel.HOLD),
                              interval_s=10)
    yield
    ampel.unregister_controller("py_max_pressure")
    ampel.unregister_controller("py_hold")


def test_registered_strategies_are_listed_after_the_built_in_ones():
    names = [name for name, _ in ampel.controllers()]
    assert names.index("fixed_time") < names.index("py_max_pressure")
    assert dict(ampel.controllers())["py_max_pressure"] == "max pressure in Python"
    assert ampel.unregister_controller("py_nothing") is False


def test_python_strategy_drives_a_simulation_and_copies_with_it():
    sim = ampel.Simulation(GRID, controller="py_max_pressure", seed=4, end=600, warmup=0)
    sim.run_until(300)
    ahead = sim.copy()
    sim.run()
    ahead.run()
    assert sim.controller == "py_max_pressure"
    assert sim.state_hash() == ahead.state_hash()
    # It switches: the plain hold strategy leaves every signal on its first stage.
    held = ampel.Simulation(GRID, controller="py_hold", seed=4, end=600, warmup=0)
    held.run()
    assert np.all(held.signals()["stage"] == held.signals()["stage"][0])
    assert sim.state_hash() != held.state_hash()


def test_a_failing_python_strategy_is_a_failed_run_with_its_message():
    ampel.register_controller("py_broken", lambda state: [0])  # wrong length
    try:
        sim = ampel.Simulation(GRID, controller="py_broken", end=60, warmup=0)
        with pytest.raises(RuntimeError, match="decide\\(\\) must return 16 integers"):
            sim.run()
    finally:
        ampel.unregister_controller("py_broken")


def test_compare_runs_a_python_strategy_beside_the_built_in_ones(tmp_path):
    kw = dict(seeds=2, end=900, warmup=300)
    one = ampel.compare(GRID, ["fixed_time", "py_max_pressure"], out=tmp_path / "one", jobs=1, **kw)
    two = ampel.compare(GRID, ["fixed_time", "py_max_pressure"], out=tmp_path / "two", jobs=2, **kw)
    assert isinstance(one.runs, pd.DataFrame) and isinstance(one.summary, pd.DataFrame)
    assert len(one.runs) == 4 and one.failed == 0 and one.missing == 0
    assert sorted(one.runs["strategy"].unique()) == ["fixed_time", "py_max_pressure"]
    assert sorted(one.runs["seed"].unique()) == [1, 2]  # paired seeds
    assert (one.runs["status"] == "ok").all()
    assert "delay_all_s" in one.runs.columns or any("delay" in c for c in one.runs.columns)
    # The same figures whatever the number of workers (each run has its own Python controller).
    kpis = [c for c in one.runs.columns if c not in ("run",)]
    pd.testing.assert_frame_equal(one.runs[kpis], two.runs[kpis])
    assert set(one.summary["strategy"]) == {"fixed_time", "py_max_pressure"}
    assert Path(one.report).exists()


def test_batch_reads_an_experiment_file(tmp_path):
    experiment = tmp_path / "quick.json"
    experiment.write_text(
        '{"name": "py", "scenarios": [{"file": "%s", "end_s": 600}], "strategies": ["fixed_time", "py_hold"], '
        '"replications": 1, "warmup_s": 120}' % GRID)
    res = ampel.batch(experiment, out=tmp_path / "out", jobs=2)
    assert len(res.runs) == 2 and set(res.runs["strategy"]) == {"fixed_time", "py_hold"}
    assert len(res.runs_long) >= len(res.runs)
