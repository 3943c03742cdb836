// Who may enter a junction: signal state, yellow, yielding on permissive greens, no blocking the box.
#include "sim/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "sim/car_following.hpp"
#include "sim/signals.hpp"
#include "sim/simulation_tuning.hpp"

namespace ampel {

using namespace tuning;

char Simulation::link_state_now(LinkId id) const {
  const Link& link = scenario_->network->link(id);
  if (link.state_slot == kNone) return link.priority == LinkPriority::major ? 'G' : 'g';
  return state_.link_signal[link.state_slot];
}

// ---- 6b. planning ----------------------------------------------------------------------------------------

bool Simulation::must_yield(LinkId id) const {
  const Network& net = *scenario_->network;
  const Link& link = net.link(id);
  for (std::uint32_t k = link.foes_begin; k < link.foes_end; ++k) {
    LinkId f = net.foes()[k];
    if (link_state_now(f) != 'G') continue;  // only protected / major streams have priority
    const Link& foe = net.link(f);
    if (!state_.lanes[foe.via_lane].empty()) return true;  // the conflict area is occupied
    const LaneQueue& q = state_.lanes[foe.from_lane];
    const Lane& fl = net.lane(foe.from_lane);
    double reach = fl.speed_mps * kCriticalGapS;
    for (std::uint32_t i = 0; i < q.size(); ++i) {
      double d = fl.length_m - q[i].pos_m;
      if (d > reach) break;
      const VehicleRecord& fv = state_.vehicles[q[i].vehicle];
      if (fv.next_link != f) continue;
      // A priority vehicle whose exit is full must stop at its line: it is no reason to wait.
      double need = std::min(fv.length_m + fv.min_gap_m, net.lane(foe.to_lane).length_m);
      if (entry_room_m_[foe.to_lane] < need) continue;
      double speed = q[i].speed_mps;
      if (speed <= kHaltingSpeedMps && d > 1.0) continue;  // standing back in a queue: not coming now
      if (d / std::max(speed, 1.0) < kCriticalGapS) return true;
    }
  }
  return false;
}

Simulation::Entry Simulation::junction_entry(const VehicleRecord& v, LinkId id, double dist, double speed,
                                             bool first) const {
  const Network& net = *scenario_->network;
  const Link& link = net.link(id);
  if (state_.lane_closed[link.to_lane]) return Entry::stop;
  char s = link_state_now(id);
  // A driver standing at the line starts only after a reaction time (Krauss's tau) once the green shows.
  bool standing = speed <= kHaltingSpeedMps;
  if (standing && (s == 'G' || s == 'g') && link.state_slot != kNone &&
      state_.now_ms - state_.link_green_since_ms[link.state_slot] < seconds_to_ms(v.headway_s))
    return Entry::stop;
  Entry entry = Entry::go;
  switch (s) {
    case 'G':
      break;
    case 'g':
      // A yielding driver with no gap waits at the line, or inside the junction where its path allows
      // (SUMO's internal junction): a left turner then frees its lane for the drivers behind.
      if (first && must_yield(id)) {
        if (!may_wait_inside(v, id)) return Entry::stop;
        entry = Entry::wait_inside;
      }
      break;
    case 'y': {
      // Stop for yellow if it can be done comfortably; a driver rolling over the line clears the junction.
      // One standing at the line does not start on yellow (it waited for room on the exit, say).
      bool can_stop = speed * speed / (2.0 * v.decel_mps2) <= dist;
      bool rolling_at_line = dist < 1.0 && !standing;
      if (can_stop && !rolling_at_line) return Entry::stop;
      break;
    }
    default:
      return Entry::stop;  // red, red-yellow
  }
  if (!first) return entry;
  // No blocking the box: enter only when the exit lane has room for the whole vehicle.
  double need = std::min(v.length_m + v.min_gap_m, net.lane(link.to_lane).length_m);
  return entry_room_m_[link.to_lane] >= need ? entry : Entry::stop;
}

// Waiting inside needs the whole vehicle past the stop line and behind anyone already waiting there.
bool Simulation::may_wait_inside(const VehicleRecord& v, LinkId id) const {
  const Link& link = scenario_->network->link(id);
  if (link.wait_m <= 0) return false;
  const LaneQueue& q = state_.lanes[link.via_lane];
  double room = q.empty() ? link.wait_m
                          : std::min<double>(link.wait_m, q.back().pos_m - q.back().length_m - v.min_gap_m);
  return room >= v.length_m;
}

// A driver inside the junction, short of its wait point on a permissive green, holds there while it must
// yield. Once the signal turns yellow or red it clears the junction.
bool Simulation::holds_at_wait_point(LinkId id, double pos_m) const {
  const Link& link = scenario_->network->link(id);
  return link.wait_m > 0 && pos_m <= link.wait_m && link_state_now(id) == 'g' && must_yield(id);
}

}  // namespace ampel
