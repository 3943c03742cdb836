#pragma once
// The observations and reward measures of a multi-agent signal environment, one agent per signal, as
// sumo-rl and RESCO define them, computed for every agent in one pass over the state:
//   observation  one-hot of the signal's (target) stage, the min-green flag, then per approach lane the
//                density and the queue as shares of the lane's length ((length + min gap) of the vehicles,
//                at most 1), as sumo-rl's DefaultObservationFunction;
//   measures     accumulated waiting per approach lane (sumo-rl's bookkeeping per vehicle and lane),
//                pressure (vehicles on exit lanes minus on approach lanes), halting vehicles, and the mean
//                speed as a share of the lane's limit.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

#include "python/src/simulation_handle.hpp"

namespace ampel::python {

class AgentObserver {
 public:
  // `signals`: the agents, by signal index.
  AgentObserver(const NetworkInfo& network, std::vector<std::size_t> signals);

  // (observations float32 [agents, width], waiting_s, pressure, halting, speed_share) for the current state;
  // `min_green_s` < 0: each stage's own minimum green.
  py::tuple observe(const SimulationHandle& sim, double min_green_s);
  py::array_t<std::int64_t> observation_sizes() const;
  void reset();  // forgets the waiting-time bookkeeping (a new episode)

 private:
  struct Agent {
    std::size_t signal;
    std::vector<LaneId> in, out;
    std::size_t stages;
    std::size_t width() const { return stages + 1 + 2 * in.size(); }
  };
  struct Tracked {
    std::uint32_t source = 0xffffffffu, seq = 0;
    LaneId lane = kNone;
    double other_lanes_s = 0.0;  // waiting attributed to the lanes it was seen on before
    double on_lane_s = 0.0;      // waiting attributed to `lane` at the last look
  };
  double lane_waiting_s(const SimState& st, LaneId lane);

  std::vector<Agent> agents_;
  std::size_t width_ = 0;
  std::vector<Tracked> tracked_;  // per vehicle slot
};

}  // namespace ampel::python
