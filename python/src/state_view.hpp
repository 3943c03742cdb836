#pragma once
// The state of one moment as NumPy arrays, one array per quantity over every lane, road, junction, signal,
// link or vehicle (no Python object per element). Used for a running simulation and for the state a Python
// controller is shown; both read the same SimState the same way.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/state.hpp"

namespace ampel::python {

namespace py = pybind11;

// Road lanes (indexed like Network::lanes(), first road_lane_count() of them): vehicles, halting, queue_m,
// mean_speed_mps, occupancy, density_vpkm, waiting_s, closed, entered, exited. `fields` empty: all.
py::dict lane_arrays(const Network& net, const SimState& st, const std::vector<std::string>& fields = {});
// Roads: vehicles, halting, queue_m, mean_speed_mps, occupancy, waiting_s, pending, entered, exited.
py::dict road_arrays(const Network& net, const SimState& st);
// Junctions (nodes): in_vehicles, in_halting, out_vehicles, waiting_s.
py::dict junction_arrays(const Network& net, const SimState& st);
// Signals: stage, target, interval (0 green, 1 yellow, 2 all-red), interval_s, green_s, can_switch.
py::dict signal_arrays(const Network& net, const SimState& st);
// Links: bound (vehicles on the approach lane that take this link), state ('G' 'g' 'y' 'r' as bytes; 'O'
// for an unsignalised link).
py::dict link_arrays(const Network& net, const SimState& st);
// Vehicles in the network, by slot: slot, lane, road (-1 inside a junction), pos_m, speed_mps, x_m, y_m,
// waiting_s, time_loss_s, depart_s.
py::dict vehicle_arrays(const Network& net, const SimState& st);

// The immutable network as ids and arrays, for controllers and environments.
class NetworkInfo {
 public:
  explicit NetworkInfo(const Scenario& scenario);
  const Network& network() const { return *net_; }

  py::list lane_ids() const;  // road lanes
  py::list road_ids() const;
  py::list junction_ids() const;
  py::list signal_ids() const;
  py::dict lanes() const;      // road, index, length_m, speed_mps
  py::dict roads() const;      // from_junction, to_junction, first_lane, lane_count, length_m, speed_mps
  py::dict junctions() const;  // x_m, y_m, signal (-1: none), signalised
  py::dict links() const;      // from_lane, to_lane, from_road, to_road, junction, signal, signal_index
  py::dict signals() const;    // stage_count, junction (first node)
  // Per signal: the state string of each stage, the links each stage gives green, approach and exit lanes
  // (in the order of the signal's link indices, without repeats), each stage's minimum green.
  py::list stage_states(std::size_t signal) const;
  py::list stage_links(std::size_t signal) const;
  py::array_t<std::int64_t> incoming_lanes(std::size_t signal) const;
  py::array_t<std::int64_t> outgoing_lanes(std::size_t signal) const;
  py::array_t<double> min_green_s(std::size_t signal) const;
  std::size_t signal_index(const py::object& signal) const;  // an index or an id
  std::string name;                                          // the scenario's
  double begin_s = 0, end_s = 0, step_s = 1;

 private:
  void check_signal(std::size_t signal) const;
  std::shared_ptr<const Network> net_;  // shared with the scenario, so it outlives any one run
};

}  // namespace ampel::python
