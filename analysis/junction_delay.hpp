#pragma once
// Per-junction delay: each vehicle's time loss (SUMO timeLoss, as Summary's delay) is attributed, step by
// step, to the junction it is driving towards (the end of its road, or the junction it is crossing). Only
// steps after the warm-up count. The delay per vehicle of a junction is its time loss divided by the vehicles
// that crossed one of its stop lines after the warm-up. Time lost on roads that end at the network's exits
// belongs to no junction and is left out.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/simulation.hpp"

namespace ampel::batch {

class JunctionDelay : public StepObserver {
 public:
  void on_step(const Simulation& sim) override;

  struct Row {
    std::string junction;
    std::string kind;            // "signalised" or "priority"
    std::uint64_t vehicles = 0;  // crossings of its stop lines after the warm-up
    double delay_veh_s = 0.0;    // time loss accrued approaching or crossing it after the warm-up
    double delay_mean_s() const { return vehicles > 0 ? delay_veh_s / static_cast<double>(vehicles) : 0.0; }
  };
  // Every junction that is not a fringe node, in network order.
  std::vector<Row> rows(const Network& net) const;
  // Time loss charged to any node, fringe nodes included: equals the summed time loss of every vehicle
  // (without a warm-up), which is how tests check the attribution loses nothing.
  double total_delay_veh_s() const;
  // junctions.csv: junction,kind,vehicles,delay_veh_s,delay_mean_s
  std::string csv(const Network& net) const;

 private:
  struct Tracked {
    bool active = false;
    std::uint32_t source = 0, seq = 0;
    double loss_s = 0.0;  // time loss at the last observation
    NodeId node = kNone;  // junction it was heading for at the last observation
  };
  NodeId node_of(const Network& net, LaneId lane) const;
  void add(NodeId node, double loss_s);

  bool initialised_ = false;
  TimeMs warmup_end_ms_ = 0;
  bool counting_ = false;
  std::vector<Tracked> tracked_;        // per vehicle slot
  std::vector<double> delay_veh_s_;     // per node
  std::vector<std::uint64_t> crossed_;  // per node
};

}  // namespace ampel::batch
