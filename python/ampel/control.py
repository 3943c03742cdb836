"""Signal strategies written in Python, registered by name.

A controller's decide(state) returns one integer per signal: HOLD (-1) keeps the current stage, NEXT (-2)
goes to the next stage of the program, k >= 0 goes to stage k. The signal state machine enforces minimum
and maximum green, yellow and all-red for every strategy alike, so a Python strategy is as safe as a
built-in one. `state` (an ampel.ControlState) offers the same arrays as a Simulation (state.lanes(),
state.signals(), state.links(), ...) and state.network; it is valid during the call only.
"""
from . import _core

HOLD = -1
NEXT = -2


class _FunctionController:
    """A stateless strategy: one function of the state."""

    def __init__(self, decide, interval_s):
        self._decide = decide
        self.interval_s = interval_s

    def decide(self, state):
        return self._decide(state)


def register_controller(name, decide=None, *, factory=None, interval_s=1.0, summary=""):
    """Makes a Python strategy available by `name` to Simulation(controller=name), compare() and batch().

    Either `decide(state) -> decisions`, a function asked every `interval_s` seconds, or
    `factory(network, **params) -> controller`, called once per run (so runs never share state), whose
    object has decide(state) and optionally interval_s. Runs of compare()/batch() on several workers call
    Python one at a time (the GIL); each run has its own controller, so results do not depend on the
    number of workers as long as the controller keeps no global state.
    """
    if (decide is None) == (factory is None):
        raise TypeError("give either decide or factory")
    if decide is not None:
        if not callable(decide):
            raise TypeError("decide must be callable")

        def factory(network, **params):
            return _FunctionController(decide, interval_s)

    _core._register_controller(name, summary or f"Python controller {name}", factory)


def unregister_controller(name):
    """Forgets a strategy registered from Python; False if there was none of that name."""
    return _core._unregister_controller(name)
