"""The multi-agent environment: Gymnasium's reset/step contract with sumo-rl's observations and rewards."""
import numpy as np
import pytest

import ampel
from conftest import GRID, SOURCE

SINGLE = SOURCE / "scenarios" / "single" / "scenario.json"


def random_actions(env):
    return {ts: env.action_spaces(ts).sample() for ts in env.ts_ids}


def test_reset_returns_observations_and_infos_per_agent():
    env = ampel.TrafficSignalEnv(GRID, num_seconds=300, delta_time=5, seed=1)
    obs, infos = env.reset()
    assert env.ts_ids == list(env.sim.network.signal_ids) and len(env.ts_ids) == 16
    assert set(obs) == set(env.ts_ids) == set(infos)
    for ts in env.ts_ids:
        space = env.observation_spaces(ts)
        assert obs[ts].dtype == np.float32 and obs[ts].shape == space.shape
        assert space.contains(obs[ts])
        n = env.traffic_signals[ts].num_green_phases
        assert env.action_spaces(ts).n == n
        # stage one-hot, min-green flag, density and queue per approach lane
        assert space.shape[0] == n + 1 + 2 * len(env.traffic_signals[ts].lanes)
        assert obs[ts][:n].sum() == 1.0
    assert infos[env.ts_ids[0]]["step"] == 0.0


def test_step_returns_the_five_dicts_and_truncates_at_the_end():
    env = ampel.TrafficSignalEnv(GRID, num_seconds=60, delta_time=5, seed=1)
    env.reset()
    steps = 0
    while True:
        obs, rewards, terminated, truncated, infos = env.step(random_actions(env))
        steps += 1
        assert set(obs) == set(rewards) == set(terminated) == set(truncated) == set(env.ts_ids)
        assert all(isinstance(r, float) for r in rewards.values())
        assert not any(terminated.values())
        assert all(env.observation_spaces(ts).contains(obs[ts]) for ts in env.ts_ids)
        if all(truncated.values()):
            break
        assert not any(truncated.values())
    assert steps == 12 and env.sim.time == 60.0
    assert infos[env.ts_ids[0]]["step"] == 60.0


def test_observation_follows_the_signal_and_the_lanes():
    env = ampel.TrafficSignalEnv(GRID, num_seconds=600, delta_time=10, seed=2)
    env.reset()
    for _ in range(30):
        obs, *_ = env.step(random_actions(env))
    sim = env.sim
    target = sim.signals()["target"]
    lanes = sim.lanes("vehicles", "halting")
    lane_index = {lane: i for i, lane in enumerate(sim.network.lane_ids)}
    busy = 0
    for i, ts in enumerate(env.ts_ids):
        info = env.traffic_signals[ts]
        n, m = info.num_green_phases, len(info.lanes)
        assert np.argmax(obs[ts][:n]) == target[i]
        density, queue = obs[ts][n + 1:n + 1 + m], obs[ts][n + 1 + m:]
        assert np.all(queue <= density + 1e-6)
        idx = [lane_index[lane] for lane in info.lanes]
        assert np.array_equal(density > 0, lanes["vehicles"][idx] > 0)
        assert np.array_equal(queue > 0, lanes["halting"][idx] > 0)
        busy += int(lanes["vehicles"][idx].sum() > 0)
    assert busy > 0


def test_same_seed_and_actions_same_episode():
    def episode(seed):
        env = ampel.TrafficSignalEnv(GRID, num_seconds=200, delta_time=5, reward_fn="pressure")
        obs, _ = env.reset(seed=seed)
        rng = np.random.default_rng(0)
        total = 0.0
        for _ in range(40):
            obs, rewards, *_ = env.step({ts: int(rng.integers(2)) for ts in env.ts_ids})
            total += sum(rewards.values())
        return total, env.sim.state_hash()

    assert episode(7) == episode(7)
    assert episode(7)[1] != episode(8)[1]


def test_rewards():
    env = ampel.TrafficSignalEnv(GRID, num_seconds=400, delta_time=5, seed=1, reward_fn="queue")
    env.reset()
    for _ in range(40):
        _, rewards, *_ = env.step({})
    # queue: minus the halting vehicles on each agent's approach lanes
    halting = env.sim.lane("halting")
    lane_index = {lane: i for i, lane in enumerate(env.sim.network.lane_ids)}
    for ts in env.ts_ids:
        idx = [lane_index[lane] for lane in env.traffic_signals[ts].lanes]
        assert rewards[ts] == -float(halting[idx].sum())
    # diff-waiting-time: waiting grows while every signal holds, so the rewards are mostly negative
    env = ampel.TrafficSignalEnv(GRID, num_seconds=400, delta_time=5, seed=1)
    env.reset()
    total = 0.0
    for _ in range(40):
        _, rewards, *_ = env.step({})
        total += sum(rewards.values())
    assert total < 0
    with pytest.raises(ValueError, match="reward_fn"):
        ampel.TrafficSignalEnv(GRID, reward_fn="fun")
    custom = ampel.TrafficSignalEnv(GRID, num_seconds=60, seed=1, reward_fn=lambda m: -m["halting"])
    custom.reset()
    assert len(custom.step({})[1]) == 16


def test_single_agent_mode():
    env = ampel.TrafficSignalEnv(SINGLE, num_seconds=120, delta_time=5, single_agent=True, seed=1)
    obs, info = env.reset()
    assert obs.shape == env.observation_space.shape
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
    assert isinstance(reward, float) and terminated is False and truncated is False
    with pytest.raises(ValueError, match="one signal"):
        ampel.TrafficSignalEnv(GRID, single_agent=True)
