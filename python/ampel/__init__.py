"""ampel: a fast, deterministic traffic-signal simulator (Krauss car following, as SUMO runs it).

    import ampel
    sim = ampel.Simulation("scenarios/grid4x4/scenario.json", controller="max_pressure", seed=7)
    sim.run_until(600)
    queues = sim.lane("halting")          # one NumPy array over every road lane

See docs/python.md for controllers written in Python, compare/batch as DataFrames, the multi-agent
environment and results on a map.
"""
from ._core import (  # noqa: F401
    AgentObserver,
    ControlState,
    InputError,
    Network,
    Simulation,
    __version__,
    controllers,
)
from .control import HOLD, NEXT, register_controller, unregister_controller  # noqa: F401
from .env import TrafficSignalEnv  # noqa: F401
from .experiments import Results, batch, compare  # noqa: F401
from .maps import map_svg, road_map  # noqa: F401
from . import spaces  # noqa: F401

__all__ = [
    "Simulation", "Network", "ControlState", "InputError", "controllers",
    "register_controller", "unregister_controller", "HOLD", "NEXT",
    "compare", "batch", "Results", "TrafficSignalEnv", "spaces", "road_map", "map_svg",
]
