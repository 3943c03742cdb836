#pragma once
// Per-road results of a run, for maps: delay per vehicle, queue, speed, level of service and the predicted
// congestion at one moment. Only steps after the warm-up count.
//   delay      time loss (SUMO timeLoss) accrued on the road's lanes and inside the junction it leads into,
//              divided by the vehicles that left the road over its stop line (or arrived at its end);
//   queue      halting vehicles on the road, mean over steps; the longest queue in metres;
//   speed      mean over vehicle-steps on the road;
//   level of service (HCM): by control delay where the road ends at a signal (A <= 10 s, B <= 20, C <= 35,
//              D <= 55, E <= 80, F above) or at a priority junction (10, 15, 25, 35, 50), by speed as a
//              share of the limit on roads that leave the network (A > 85 %, B > 67, C > 50, D > 40,
//              E > 30, F below);
//   predicted  a predictor's queue forecast `horizon_s` ahead, taken when the run reaches `at_ms`: halting
//              vehicles and the share of the road's length they would fill (7.5 m each).
#include <memory>
#include <string>
#include <vector>

#include "models/predict/predictor.hpp"
#include "sim/simulation.hpp"

namespace ampel::analysis {

struct RoadResult {
  double vehicles = 0;  // left the road after the warm-up
  double delay_s = 0;   // per vehicle
  double queue_mean_veh = 0;
  double queue_max_m = 0;
  double speed_mean_mps = -1;  // -1: nobody drove on it
  std::string los;             // "A".."F", "" without traffic
  double predicted_queue_veh = 0;
  double predicted_occupancy = 0;  // 0..1
};

class RoadResults : public StepObserver {
 public:
  // `predictor` may be null (no prediction); `at_ms` < 0: at the end of the run.
  RoadResults(const Simulation& sim, std::unique_ptr<predict::Predictor> predictor, double horizon_s,
              TimeMs at_ms = -1);
  void on_step(const Simulation& sim) override;
  std::vector<RoadResult> results(const Network& net) const;  // per road, in network order
  const std::string& predictor_name() const { return predictor_name_; }
  double horizon_s() const { return horizon_s_; }
  TimeMs predicted_at_ms() const { return predicted_at_ms_; }

 private:
  void take_prediction(const Simulation& sim);

  TimeMs warmup_end_ms_, at_ms_, predicted_at_ms_ = -1;
  std::unique_ptr<predict::Predictor> predictor_;
  std::string predictor_name_;
  double horizon_s_;
  std::size_t steps_ = 0;
  struct Tracked {
    std::uint32_t source = 0xffffffffu, seq = 0;
    double loss_s = 0;
  };
  std::vector<Tracked> tracked_;                                                        // per vehicle slot
  std::vector<double> loss_s_, halting_sum_, queue_max_m_, speed_sum_, vehicle_steps_;  // per road
  std::vector<std::uint64_t> exited0_;  // per road lane: lane_exited at the warm-up's end
  std::vector<std::uint64_t> exited_;   // per road lane: lane_exited at the last step
  std::vector<double> predicted_veh_;   // per road
};

// "A".."F" from a delay per vehicle (signalised or not) or, for roads into no junction, a speed share.
std::string level_of_service(double delay_s, bool signalised);
std::string level_of_service_by_speed(double speed_share);

}  // namespace ampel::analysis
