"""A multi-agent signal-control environment with the Gymnasium calling convention (no gymnasium import).

One agent per signal, named by the signal's id. Observations and rewards are sumo-rl's (and RESCO's):

    observation  one-hot of the signal's green stage (the one it is heading for during a clearance), the
                 min-green flag (1 when the stage may be left), then per approach lane the density and the
                 queue as shares of the lane's length, as sumo-rl's DefaultObservationFunction;
    rewards      "diff-waiting-time" (sumo-rl's default: the drop of the accumulated waiting time on the
                 approach lanes, /100), "pressure" (vehicles on exit lanes minus on approach lanes),
                 "queue" (minus the halting vehicles), "average-speed" (mean speed as a share of the limit),
                 or a function of the per-agent measures (a dict of arrays) returning one reward per agent.

An action is the index of the green stage the signal should show; it is held until the signal shows it
(minimum green, yellow and all-red are the scenario's, enforced by the simulator for every strategy).

    env = ampel.TrafficSignalEnv(net_file="grid.net.xml", route_file="grid.rou.xml", delta_time=5)
    obs, infos = env.reset(seed=1)
    while True:
        actions = {ts: env.action_spaces(ts).sample() for ts in env.ts_ids}
        obs, rewards, terminated, truncated, infos = env.step(actions)
        if all(truncated.values()):
            break
"""
import numpy as np

from . import _core
from .spaces import Box, Discrete

_REWARDS = ("diff-waiting-time", "pressure", "queue", "average-speed")


class SignalInfo:
    """What sumo-rl's TrafficSignal offers a script: the id, the number of green stages, the lanes."""

    def __init__(self, ts_id, index, num_green_phases, lanes, out_lanes):
        self.id = ts_id
        self.index = index
        self.num_green_phases = num_green_phases
        self.lanes = lanes
        self.out_lanes = out_lanes


class TrafficSignalEnv:
    def __init__(self, scenario=None, *, net_file=None, route_file=None, flow=None, num_seconds=None,
                 delta_time=5, yellow_time=None, min_green=None, reward_fn="diff-waiting-time",
                 single_agent=False, sumo_seed=None, seed=None, fixed_ts=False, controller=None, **unused):
        if scenario is None and net_file is None:
            raise TypeError("give a scenario file (or net_file, with route_file, as in sumo-rl)")
        self.scenario = str(scenario if scenario is not None else net_file)
        if isinstance(route_file, str):
            route_file = route_file.split(",")
        self.routes = [str(r) for r in (route_file or [])]
        self.flow = flow
        self.num_seconds = num_seconds
        self.delta_time = float(delta_time)
        # yellow_time: the scenario's own clearances apply (the simulator enforces them for every strategy).
        self.yellow_time = yellow_time
        self.min_green = -1.0 if min_green is None else float(min_green)
        if not callable(reward_fn) and reward_fn not in _REWARDS:
            raise ValueError(f"reward_fn must be one of {_REWARDS} or a function")
        self.reward_fn = reward_fn
        self.single_agent = single_agent
        base = seed if seed is not None else sumo_seed
        self._seed = None if base in (None, "random") else int(base)
        self.fixed_ts = fixed_ts
        self._controller = controller
        self.ignored_options = unused  # sumo-rl options without a meaning here (use_gui, out_csv_name, ...)
        self.episode = 0
        self.sim = None
        self._end = None
        self._load(self._seed)
        if num_seconds is not None:
            # Counted from the scenario's begin, as sumo-rl counts from begin_time.
            self._end = self.sim.network.begin_s + float(num_seconds)
            self._load(self._seed)
        net = self.sim.network
        sig = net.signals()
        self.ts_ids = list(net.signal_ids)
        lane_ids = net.lane_ids
        self.traffic_signals = {
            ts: SignalInfo(ts, i, int(sig["stage_count"][i]),
                           [lane_ids[l] for l in net.incoming_lanes(i)],
                           [lane_ids[l] for l in net.outgoing_lanes(i)])
            for i, ts in enumerate(self.ts_ids)
        }
        self._observer = _core.AgentObserver(net, list(range(len(self.ts_ids))))
        self._sizes = [int(n) for n in self._observer.observation_sizes()]
        self._obs_spaces = {ts: Box(0.0, 1.0, (n,)) for ts, n in zip(self.ts_ids, self._sizes)}
        self._act_spaces = {ts: Discrete(self.traffic_signals[ts].num_green_phases) for ts in self.ts_ids}
        if single_agent and len(self.ts_ids) != 1:
            raise ValueError(f"single_agent needs a scenario with one signal (this one has {len(self.ts_ids)})")
        self._last_wait = np.zeros(len(self.ts_ids))

    # -- spaces, as sumo-rl names them
    def observation_spaces(self, ts_id):
        return self._obs_spaces[ts_id]

    def action_spaces(self, ts_id):
        return self._act_spaces[ts_id]

    @property
    def observation_space(self):
        return self._obs_spaces[self.ts_ids[0]]

    @property
    def action_space(self):
        return self._act_spaces[self.ts_ids[0]]

    # -- the Gymnasium calling convention
    def reset(self, seed=None, options=None):
        """Starts an episode: seed given, or the env's seed for the first one and seed + episode after."""
        if seed is None and self._seed is not None:
            seed = self._seed + self.episode
        self.episode += 1
        self._load(seed)
        self._observer.reset()
        obs, measures = self._observe()
        self._last_wait = measures["waiting_s"] / 100.0
        infos = self._infos()
        if self.single_agent:
            return obs[self.ts_ids[0]], infos
        return obs, {ts: infos for ts in self.ts_ids}

    def step(self, actions):
        if self.single_agent and not isinstance(actions, dict):
            actions = {self.ts_ids[0]: actions}
        if not self.fixed_ts and actions:
            signals = self.sim.signals()
            green = signals["interval"] == 0
            green_s = signals["green_s"]
            for ts, action in actions.items():
                if action is None:
                    continue
                i = self.traffic_signals[ts].index
                # sumo-rl leaves a stage only after its minimum green; the simulator enforces the stage's own.
                if self.min_green > 0 and green[i] and green_s[i] < self.min_green:
                    continue
                self.sim.set_stage(i, int(action))
        self.sim.run_until(self.sim.time + self.delta_time)
        obs, measures = self._observe()
        rewards = self._rewards(measures)
        done = self.sim.finished
        infos = self._infos()
        if self.single_agent:
            ts = self.ts_ids[0]
            return obs[ts], float(rewards[0]), False, done, infos
        reward = dict(zip(self.ts_ids, rewards.tolist()))
        return (obs, reward, {ts: False for ts in self.ts_ids}, {ts: done for ts in self.ts_ids},
                {ts: infos for ts in self.ts_ids})

    def close(self):
        self.sim = None

    # -- internals
    def _load(self, seed):
        controller = self._controller if self.fixed_ts else "external"
        # warm-up 0: the environment keeps no metrics, and a scenario's warm-up would refuse short episodes
        self.sim = _core.Simulation(self.scenario, controller=controller, seed=seed, end=self._end,
                                    routes=self.routes, flow=self.flow, warmup=0, metrics=False)

    def _observe(self):
        matrix, waiting, pressure, halting, speed = self._observer.observe(self.sim, self.min_green)
        obs = {ts: matrix[i, :n] for i, (ts, n) in enumerate(zip(self.ts_ids, self._sizes))}
        return obs, {"waiting_s": waiting, "pressure": pressure, "halting": halting, "speed_share": speed}

    def _rewards(self, m):
        if callable(self.reward_fn):
            return np.asarray(self.reward_fn(m), dtype=float)
        if self.reward_fn == "diff-waiting-time":
            wait = m["waiting_s"] / 100.0
            r = self._last_wait - wait
            self._last_wait = wait
            return r
        if self.reward_fn == "pressure":
            return m["pressure"]
        if self.reward_fn == "queue":
            return -m["halting"]
        return m["speed_share"]

    def _infos(self):
        lanes = self.sim.lanes("vehicles", "halting", "waiting_s", "mean_speed_mps")
        vehicles = int(lanes["vehicles"].sum())
        return {
            "step": self.sim.time,
            "system_total_stopped": int(lanes["halting"].sum()),
            "system_total_waiting_time": float(lanes["waiting_s"].sum()),
            "system_mean_waiting_time": float(lanes["waiting_s"].sum()) / vehicles if vehicles else 0.0,
            "system_mean_speed": float((lanes["mean_speed_mps"] * lanes["vehicles"]).sum()) / vehicles
            if vehicles else 0.0,
        }
