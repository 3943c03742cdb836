#pragma once
// Platoon projection (as Surtrac does): the vehicles already in the network (and those waiting to enter it)
// are driven forward along their routes, and each lane's forecast counts the vehicles projected to enter it
// in each future bin. It knows nothing of vehicles not yet released, so it is sharp for the next minutes and
// fades towards zero for horizons longer than the network's travel times.
//   free_flow:   vehicles drive at their desired speed (speed limit x the driver's speed factor) and cross
//                junctions at their via lanes' speed; vehicles halting on their lane leave at the saturation
//                headway behind the halting vehicles ahead of them.
//   queue_aware: in addition every later lane costs its current mean delay, estimated by Little's law from
//                the observed vehicles on the lane and its arrival rate (smoothed over bins).
// Queue forecast: the time vehicles are projected to spend queued (halting vehicles until they discharge, and
// on later lanes the Little's-law delay before they leave), averaged over each bin.
#include "models/predict/predictor.hpp"

namespace ampel::predict {

struct PlatoonSettings {
  bool queue_aware = true;
  double saturation_headway_s = 2.0;  // discharge headway of a standing queue, per lane
  double smoothing = 0.2;             // weight of the newest bin in the Little's-law averages
};

class PlatoonPredictor : public Predictor {
 public:
  PlatoonPredictor(const Network& net, const PredictorSettings& settings, const PlatoonSettings& platoon);
  std::string name() const override { return platoon_.queue_aware ? "platoon" : "platoon_free_flow"; }
  std::unique_ptr<Predictor> clone() const override { return std::make_unique<PlatoonPredictor>(*this); }

 protected:
  void on_bin_closed(const ControlContext& ctx) override;

 private:
  // Adds a projected stay on `lane` from enter_s to leave_s, queued for the last queued_s of it (s after
  // now).
  void add_stay(LaneId lane, double weight, double enter_s, double leave_s, double queued_s);
  // Projects one vehicle along the rest of its route, starting on road `route_pos` with leave time leave_s.
  void follow_route(const Scenario& sc, RouteId route, std::uint32_t route_pos, double leave_s,
                    double speed_factor);

  PlatoonSettings platoon_;
  double horizon_s_ = 0.0;
  std::vector<double> lane_ff_s_;       // free-flow time along each road lane at the speed limit
  std::vector<double> movement_via_s_;  // mean time through the junction per movement
  std::vector<std::vector<LaneId>> movement_to_lanes_;
  std::vector<double> mean_on_lane_, mean_arrivals_;  // smoothed, per road lane (vehicles, vehicles per bin)
  std::vector<double> delay_s_;                       // Little's-law mean delay per road lane
  std::vector<double> arrivals_, queue_;              // scratch: [k * lanes + lane]
};

}  // namespace ampel::predict
