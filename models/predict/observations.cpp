#include "models/predict/observations.hpp"

#include <algorithm>

#include "sim/scenario.hpp"

namespace ampel::predict {

namespace {
// Per closed bin, old link-entry counts are multiplied by this: a memory of about ten bins.
constexpr double kShareDecay = 0.9;
}  // namespace

ObservationLog::ObservationLog(const Network& net, TimeMs bin_ms, std::size_t keep_bins)
    : net_(&net), bin_ms_(std::max<TimeMs>(bin_ms, 1)), keep_bins_(std::max<std::size_t>(keep_bins, 1)) {
  std::size_t lanes = net.road_lane_count();
  entered_at_open_.assign(lanes, 0);
  halting_sum_.assign(lanes, 0.0);
  last_back_.assign(lanes, VehicleKey{});
  link_entries_.assign(net.links().size(), 0.0);
}

const BinRecord* ObservationLog::bin(std::size_t ago) const {
  return ago < bins_.size() ? &bins_[ago] : nullptr;
}

double ObservationLog::link_share(LinkId link) const {
  const Link& l = net_->link(link);
  const Lane& from = net_->lane(l.from_lane);
  double total = 0.0;
  for (LinkId k = from.links_begin; k < from.links_end; ++k) total += link_entries_[k];
  double n = static_cast<double>(from.links_end - from.links_begin);
  // One pseudo-vehicle spread evenly, so a lane never seen used still splits its forecast.
  return (link_entries_[link] + 1.0 / n) / (total + 1.0);
}

int ObservationLog::observe(const ControlContext& ctx) {
  const SimState& s = ctx.state;
  if (!started_) {
    started_ = true;
    begin_ms_ = ctx.scenario.begin_ms;
    open_index_ = std::max<std::int64_t>(0, (ctx.now_ms - begin_ms_) / bin_ms_);
    std::copy(s.lane_entered.begin(), s.lane_entered.end(), entered_at_open_.begin());
  }
  now_ms_ = ctx.now_ms;
  count_entries(s);
  for (std::size_t l = 0; l < halting_sum_.size(); ++l) halting_sum_[l] += s.lane_halting[l];
  ++ticks_in_bin_;
  int closed = 0;
  // The observation at the bin's end belongs to that bin (counts up to now); a sparse caller may close
  // several.
  while (ctx.now_ms >= open_bin_end_ms()) {
    close_bin(ctx);
    ++closed;
  }
  return closed;
}

void ObservationLog::close_bin(const ControlContext& ctx) {
  const SimState& s = ctx.state;
  const Network& net = *net_;
  std::size_t lanes = net.road_lane_count();
  BinRecord b;
  b.index = open_index_;
  b.end_ms = open_bin_end_ms();
  b.tod_bin = (b.end_ms - bin_ms_) / bin_ms_;
  b.arrivals_veh.resize(lanes);
  b.queue_veh.resize(lanes);
  b.halting_veh.resize(lanes);
  b.on_lane_veh.resize(lanes);
  b.approaching_veh.assign(lanes, 0.0f);
  double ticks = std::max<std::uint32_t>(ticks_in_bin_, 1);
  for (std::size_t l = 0; l < lanes; ++l) {
    b.arrivals_veh[l] = static_cast<float>(s.lane_entered[l] - entered_at_open_[l]);
    b.queue_veh[l] = static_cast<float>(halting_sum_[l] / ticks);
    b.halting_veh[l] = static_cast<float>(s.lane_halting[l]);
    b.on_lane_veh[l] = static_cast<float>(s.lanes[l].size());
    entered_at_open_[l] = s.lane_entered[l];
    halting_sum_[l] = 0.0;
  }
  // Vehicles about to enter a lane: on a road lane with their next link chosen, or already in the junction.
  for (LaneId l = 0; l < net.lanes().size(); ++l) {
    const LaneQueue& q = s.lanes[l];
    const Lane& lane = net.lane(l);
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      LinkId link = lane.is_internal() ? lane.via_of : s.vehicles[q[i].vehicle].next_link;
      if (link == kNone) continue;
      LaneId to = net.link(link).to_lane;
      if (to < lanes) b.approaching_veh[to] += 1.0f;
    }
  }
  ticks_in_bin_ = 0;
  for (double& e : link_entries_) e *= kShareDecay;
  bins_.push_front(std::move(b));
  if (bins_.size() > keep_bins_) bins_.pop_back();
  ++open_index_;
  ++closed_;
}

void ObservationLog::count_entries(const SimState& s) {
  const Network& net = *net_;
  for (LaneId l = 0; l < net.road_lane_count(); ++l) {
    const LaneQueue& q = s.lanes[l];
    VehicleKey& last = last_back_[l];
    // Vehicles join at the back: every vehicle behind last tick's back vehicle is new.
    std::uint32_t first_new = 0;
    for (std::uint32_t i = q.size(); i-- > 0;) {
      const VehicleRecord& v = s.vehicles[q[i].vehicle];
      if (v.source == last.source && v.seq == last.seq) {
        first_new = i + 1;
        break;
      }
    }
    for (std::uint32_t i = first_new; i < q.size(); ++i) {
      LinkId link = s.vehicles[q[i].vehicle].next_link;
      if (link != kNone) link_entries_[link] += 1.0;
    }
    if (q.empty()) {
      last = VehicleKey{};
    } else {
      const VehicleRecord& v = s.vehicles[q.back().vehicle];
      last = {v.source, v.seq};
    }
  }
}

}  // namespace ampel::predict
