#include "models/predict/features.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <stdexcept>

namespace ampel::predict {

namespace {
constexpr const char* kSlots[] = {"straight", "left", "right", "other"};
int slot_of(Turn t) {
  switch (t) {
    case Turn::straight:
      return 0;
    case Turn::left:
      return 1;
    case Turn::right:
      return 2;
    default:
      return 3;
  }
}
}  // namespace

FeatureLayout::FeatureLayout(const Network& net, int lags) : net_(&net), lags_(std::max(lags, 1)) {
  names_.push_back("bias");
  for (int i = 0; i < lags_; ++i) names_.push_back(fmt::format("arrivals_lag{}", i));
  for (int i = 0; i < lags_; ++i) names_.push_back(fmt::format("queue_lag{}", i));
  names_.insert(names_.end(), {"halting_now", "on_lane_now", "approaching_now"});
  for (const char* s : kSlots) {
    names_.push_back(fmt::format("up_arrivals_{}_lag0", s));
    names_.push_back(fmt::format("up_arrivals_{}_lag1", s));
  }
  for (const char* s : kSlots) names_.push_back(fmt::format("up_queue_{}", s));
  names_.insert(names_.end(), {"down_queue", "profile_arrivals_now", "profile_queue_now",
                               "profile_arrivals_target", "profile_queue_target"});

  // Upstream neighbours from the graph: the roads ending at each road's start node that have a movement into
  // it.
  upstream_.resize(net.roads().size());
  for (RoadId r = 0; r < net.roads().size(); ++r) {
    for (RoadId u : net.node(net.road(r).from).in_roads) {
      MovementId m = net.movement_between(u, r);
      if (m != kNone) upstream_[r].push_back({u, slot_of(net.movements()[m].turn)});
    }
  }
  downstream_.resize(net.road_lane_count());
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    const Lane& lane = net.lane(l);
    for (LinkId k = lane.links_begin; k < lane.links_end; ++k) {
      LaneId to = net.link(k).to_lane;
      auto& d = downstream_[l];
      if (to < net.road_lane_count() && std::find(d.begin(), d.end(), to) == d.end()) d.push_back(to);
    }
  }
}

std::size_t FeatureLayout::index_of(const std::string& name) const {
  auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) throw std::out_of_range("no feature '" + name + "' in the layout");
  return static_cast<std::size_t>(it - names_.begin());
}

void FeatureLayout::target_features(const PredictionModel* profile, std::int64_t target_tod_bin, LaneId lane,
                                    double* out) {
  out[0] = profile ? profile->profile_arrivals(target_tod_bin, lane) : 0.0;
  out[1] = profile ? profile->profile_queue(target_tod_bin, lane) : 0.0;
}

void FeatureLayout::base_features(std::span<const BinRecord* const> history, const PredictionModel* profile,
                                  std::vector<double>& out) const {
  const Network& net = *net_;
  std::size_t lanes = net.road_lane_count(), db = base_size();
  out.assign(lanes * db, 0.0);
  auto at = [&](int ago) -> const BinRecord* {
    return ago < static_cast<int>(history.size()) ? history[static_cast<std::size_t>(ago)] : nullptr;
  };
  const BinRecord* now = at(0);
  // Road totals for the upstream features (lags 0 and 1).
  std::vector<double> road_arr0(net.roads().size(), 0.0), road_arr1(net.roads().size(), 0.0),
      road_queue(net.roads().size(), 0.0);
  for (LaneId l = 0; l < lanes; ++l) {
    RoadId r = net.lane(l).road;
    if (now) road_arr0[r] += now->arrivals_veh[l], road_queue[r] += now->queue_veh[l];
    if (at(1)) road_arr1[r] += at(1)->arrivals_veh[l];
  }
  for (LaneId l = 0; l < lanes; ++l) {
    double* x = &out[l * db];
    std::size_t j = 0;
    x[j++] = 1.0;
    for (int i = 0; i < lags_; ++i) x[j++] = at(i) ? at(i)->arrivals_veh[l] : 0.0;
    for (int i = 0; i < lags_; ++i) x[j++] = at(i) ? at(i)->queue_veh[l] : 0.0;
    x[j++] = now ? now->halting_veh[l] : 0.0;
    x[j++] = now ? now->on_lane_veh[l] : 0.0;
    x[j++] = now ? now->approaching_veh[l] : 0.0;
    double up_a0[4] = {0, 0, 0, 0}, up_a1[4] = {0, 0, 0, 0}, up_q[4] = {0, 0, 0, 0};
    for (const Upstream& u : upstream_[net.lane(l).road]) {
      up_a0[u.slot] += road_arr0[u.road];
      up_a1[u.slot] += road_arr1[u.road];
      up_q[u.slot] += road_queue[u.road];
    }
    for (int s = 0; s < 4; ++s) x[j++] = up_a0[s], x[j++] = up_a1[s];
    for (int s = 0; s < 4; ++s) x[j++] = up_q[s];
    double down = 0.0;
    if (now)
      for (LaneId d : downstream_[l]) down += now->queue_veh[d];
    x[j++] = down;
    std::int64_t tod = now ? now->tod_bin : 0;
    x[j++] = profile && now ? profile->profile_arrivals(tod, l) : 0.0;
    x[j++] = profile && now ? profile->profile_queue(tod, l) : 0.0;
  }
}

}  // namespace ampel::predict
