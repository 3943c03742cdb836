#pragma once
// What every predictor sees: SimState's cumulative per-lane counts and queues aggregated into time bins, plus
// a snapshot at each bin's end (vehicles on the lane, vehicles upstream headed into it) and the observed
// share of each lane's entering vehicles per outgoing link (for per-movement forecasts).
#include <cstdint>
#include <deque>
#include <vector>

#include "sim/controller.hpp"
#include "sim/network.hpp"

namespace ampel::predict {

// One closed bin, per road lane.
struct BinRecord {
  std::int64_t index = 0;    // bin number counted from the scenario's begin (0: the first bin)
  std::int64_t tod_bin = 0;  // time-of-day bin: floor(bin start / bin length), the key of historical profiles
  TimeMs end_ms = 0;
  std::vector<float> arrivals_veh;  // vehicles that entered the lane during the bin
  std::vector<float> queue_veh;     // mean halting vehicles over the bin's observation ticks
  std::vector<float> halting_veh;   // halting vehicles at the last observation of the bin
  std::vector<float> on_lane_veh;   // vehicles on the lane at the bin's end
  std::vector<float>
      approaching_veh;  // vehicles on upstream road or junction lanes whose next link enters it
};

class ObservationLog {
 public:
  // Keeps the last `keep_bins` closed bins.
  ObservationLog(const Network& net, TimeMs bin_ms, std::size_t keep_bins);

  // Feeds the state at ctx.now_ms; returns how many bins it closed (0 most of the time).
  int observe(const ControlContext& ctx);

  TimeMs bin_ms() const { return bin_ms_; }
  TimeMs now_ms() const { return now_ms_; }
  bool started() const { return started_; }
  // Closed bins so far (including those no longer kept) and the bins still kept.
  std::int64_t closed_bins() const { return closed_; }
  std::size_t kept_bins() const { return bins_.size(); }
  // The closed bin `ago` bins back (0: the last closed); nullptr if not kept or not yet observed.
  const BinRecord* bin(std::size_t ago) const;
  // Index of the bin in progress (the one after the last closed) and the time its end falls on.
  std::int64_t open_bin_index() const { return open_index_; }
  TimeMs open_bin_end_ms() const { return begin_ms_ + (open_index_ + 1) * bin_ms_; }

  // Share of the vehicles entering link.from_lane that were headed for `link` (smoothed over about ten bins;
  // equal shares before anything was seen).
  double link_share(LinkId link) const;

 private:
  void close_bin(const ControlContext& ctx);
  void count_entries(const SimState& s);

  const Network* net_;
  TimeMs bin_ms_;
  std::size_t keep_bins_;
  bool started_ = false;
  TimeMs begin_ms_ = 0;
  TimeMs now_ms_ = 0;
  std::int64_t open_index_ = 0;
  std::int64_t closed_ = 0;
  std::deque<BinRecord> bins_;  // front: the most recent
  // Open bin accumulators.
  std::vector<std::uint64_t> entered_at_open_;
  std::vector<double> halting_sum_;
  std::uint32_t ticks_in_bin_ = 0;
  // Entry tracking for link shares: the back vehicle of each lane at the last tick, as (source, seq).
  struct VehicleKey {
    std::uint32_t source = kNone, seq = kNone;
  };
  std::vector<VehicleKey> last_back_;
  std::vector<double> link_entries_;  // smoothed count per link of vehicles entering its from-lane for it
};

}  // namespace ampel::predict
