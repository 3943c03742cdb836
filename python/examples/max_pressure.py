"""Max pressure (Varaiya 2013) written in Python, for ampel.register_controller.

At every review each signal goes to the stage whose green links have the largest pressure: halting
vehicles on the approach lane minus halting vehicles on the exit lane, summed over the stage's links. The
signal state machine keeps minimum green, yellow and all-red, as for the built-in strategies.

    import ampel
    from max_pressure import MaxPressure
    ampel.register_controller("py_max_pressure", factory=MaxPressure)
    results = ampel.compare("scenarios/grid4x4/scenario.json", ["max_pressure", "py_max_pressure"])
"""
import numpy as np

import ampel


class MaxPressure:
    def __init__(self, network, interval_s=5.0):
        self.interval_s = float(interval_s)  # how often decide() is asked
        links = network.links()
        signals = range(len(network.signal_ids))
        # Per signal: a (stages x links) 0/1 matrix, so one product gives every stage's pressure.
        self.from_lane = links["from_lane"]
        self.to_lane = links["to_lane"]
        self.stage_matrix = []
        for s in signals:
            stage_links = network.stage_links(s)
            m = np.zeros((len(stage_links), len(self.from_lane)))
            for k, green in enumerate(stage_links):
                m[k, green] = 1.0
            self.stage_matrix.append(m)

    def decide(self, state):
        halting = state.lane("halting").astype(float)
        link_pressure = halting[self.from_lane] - halting[self.to_lane]
        signals = state.signals()
        decisions = np.full(len(self.stage_matrix), ampel.HOLD, dtype=np.int64)
        for s, m in enumerate(self.stage_matrix):
            if not signals["can_switch"][s]:
                continue
            pressure = m @ link_pressure
            best = int(np.argmax(pressure))
            if pressure[best] > pressure[signals["stage"][s]]:
                decisions[s] = best
        return decisions
