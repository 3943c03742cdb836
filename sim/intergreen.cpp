#include "sim/intergreen.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "sim/signal_program.hpp"

namespace ampel {

namespace {

bool any_green(const std::string& s) {
  return std::any_of(s.begin(), s.end(), is_green);
}

bool is_clearance(const std::string& s) {
  return s.find_first_of("yu") != std::string::npos || !any_green(s);
}

// Signal link indices green in every phase that releases anything.
std::vector<bool> always_green(const std::vector<SignalPhaseSpec>& phases) {
  std::size_t n = phases.empty() ? 0 : phases.front().state.size();
  std::vector<bool> all(n, true);
  bool seen = false;
  for (const SignalPhaseSpec& ph : phases) {
    if (is_clearance(ph.state)) continue;
    seen = true;
    for (std::size_t i = 0; i < n && i < ph.state.size(); ++i) all[i] = all[i] && is_green(ph.state[i]);
  }
  if (!seen) all.assign(n, false);
  return all;
}

}  // namespace

bool lacks_intergreen(const std::vector<SignalPhaseSpec>& phases, const SignalSpec& signal) {
  if (signal.yellow_s > 0 || signal.all_red_s > 0 || phases.size() < 2) return false;
  for (std::size_t k = 0; k < phases.size(); ++k) {
    const std::string& a = phases[k].state;
    const std::string& b = phases[(k + 1) % phases.size()].state;
    if (is_clearance(a) || is_clearance(b)) continue;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (is_green(a[i]) && !is_green(b[i])) return true;
  }
  return false;
}

std::vector<SignalPhaseSpec> without_clearance_phases(const std::vector<SignalPhaseSpec>& phases) {
  std::vector<bool> always = always_green(phases);
  std::vector<SignalPhaseSpec> out;
  for (const SignalPhaseSpec& ph : phases) {
    bool serves = false;
    for (std::size_t i = 0; i < ph.state.size() && i < always.size(); ++i)
      serves = serves || (is_green(ph.state[i]) && !always[i]);
    if (serves && ph.state.find_first_of("yu") == std::string::npos) out.push_back(ph);
  }
  return out.empty() ? phases : out;
}

double clearing_all_red_s(const Network& net, const Signal& signal,
                          const std::vector<std::uint32_t>& indices) {
  double r = 0.0;
  for (std::uint32_t i : indices)
    for (LinkId l : signal.links_of_index[i]) {
      const Link& link = net.link(l);
      double w = net.lane(link.via_lane).length_m;
      double v = net.lane(link.from_lane).speed_mps;
      if (v > 0) r = std::max(r, (w + kClearingVehicleLengthM) / v);
    }
  // Whole seconds, rounded up (a 1e-9 allowance keeps exact quotients from rounding up by noise).
  return std::clamp(std::ceil(r - 1e-9), kMinInsertedAllRedS, kMaxInsertedAllRedS);
}

void insert_intergreens(const Network& net, Signal& signal) {
  std::size_t n = signal.stages.size();
  double longest = 0.0;
  for (std::size_t s = 0; s < n; ++s) {
    SignalStage& st = signal.stages[s];
    std::vector<std::uint32_t> losing;
    for (std::uint32_t i = 0; i < signal.link_count; ++i) {
      if (!is_green(st.state[i])) continue;
      bool everywhere = true;
      for (std::size_t o = 0; o < n; ++o) everywhere = everywhere && is_green(signal.stages[o].state[i]);
      if (!everywhere) losing.push_back(i);
    }
    st.yellow_s = losing.empty() ? 0.0 : kInsertedAmberS;
    st.all_red_s = losing.empty() ? 0.0 : clearing_all_red_s(net, signal, losing);
    longest = std::max(longest, st.all_red_s);
  }
  signal.default_yellow_s = kInsertedAmberS;
  signal.default_all_red_s = longest;
  signal.intergreens_inserted = true;
}

std::string intergreen_note(const Network& net) {
  std::size_t count = 0;
  double lo = 1e9, hi = 0.0;
  for (const Signal& s : net.signals()) {
    if (!s.intergreens_inserted) continue;
    ++count;
    for (const SignalStage& st : s.stages)
      if (st.all_red_s > 0) lo = std::min(lo, st.all_red_s), hi = std::max(hi, st.all_red_s);
  }
  if (count == 0) return {};
  std::string red = lo >= hi ? fmt::format("{:g} s", hi) : fmt::format("{:g}-{:g} s", lo, hi);
  return fmt::format(
      "{} of {} signal programs have no intergreen (phases switch at once): amber {:g} s and an all-red of "
      "{} "
      "from each junction's size ((junction path + {:g} m) / approach speed, ITE) were inserted where a "
      "stream loses its green, and phases that only carry streams green in every phase (clearance phases) "
      "are not stages",
      count, net.signals().size(), kInsertedAmberS, red, kClearingVehicleLengthM);
}

}  // namespace ampel
