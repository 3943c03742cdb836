#include "sim/signal_program.hpp"

#include <algorithm>

namespace ampel {

namespace {

bool has_yellow(const std::string& s) {
  return s.find_first_of("yu") != std::string::npos;
}
bool has_green(const std::string& s) {
  return std::any_of(s.begin(), s.end(), is_green);
}

// Normalise to the three characters stages use: G, g or r ('o', 'O', 's' behave like a permissive green).
std::string stage_state(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (c == 'G') continue;
    c = is_green(c) ? 'g' : 'r';
  }
  return out;
}

}  // namespace

bool loses_green(const std::string& from, const std::string& to) {
  for (std::size_t i = 0; i < from.size() && i < to.size(); ++i)
    if (is_green(from[i]) && !is_green(to[i])) return true;
  return false;
}

std::vector<SignalStage> derive_stages(const std::vector<SignalPhaseSpec>& phases, const SignalSpec& signal,
                                       std::string* reason) {
  std::vector<SignalStage> stages;
  std::vector<bool> explicit_clearance;
  for (const SignalPhaseSpec& ph : phases) {
    if (!has_yellow(ph.state) && has_green(ph.state)) {
      SignalStage st;
      st.state = stage_state(ph.state);
      st.green_s = ph.duration_s;
      st.min_green_s = ph.min_duration_s >= 0 ? ph.min_duration_s : signal.min_green_s;
      st.max_green_s = ph.max_duration_s >= 0 ? ph.max_duration_s : signal.max_green_s;
      // A static plan's own green never breaks the safety limits of its signal.
      st.min_green_s = std::min(st.min_green_s, st.green_s);
      st.max_green_s = std::max(st.max_green_s, st.green_s);
      st.yellow_s = 0.0;
      st.all_red_s = 0.0;
      st.name = ph.name;
      stages.push_back(std::move(st));
      explicit_clearance.push_back(false);
      continue;
    }
    if (stages.empty())
      continue;  // clearance before the first green belongs to the last stage: handled below
    if (has_yellow(ph.state))
      stages.back().yellow_s += ph.duration_s;
    else
      stages.back().all_red_s += ph.duration_s;
    explicit_clearance.back() = true;
  }
  if (stages.empty()) {
    *reason = "its program has no green phase";
    return stages;
  }
  // Leading clearance phases close the cycle: they follow the last stage.
  for (const SignalPhaseSpec& ph : phases) {
    if (!has_yellow(ph.state) && has_green(ph.state)) break;
    if (has_yellow(ph.state))
      stages.back().yellow_s += ph.duration_s;
    else
      stages.back().all_red_s += ph.duration_s;
    explicit_clearance.back() = true;
  }
  // Programs written as greens only get the signal's default clearance where a stream loses its green.
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (explicit_clearance[i]) continue;
    const SignalStage& next = stages[(i + 1) % stages.size()];
    if (stages.size() > 1 && loses_green(stages[i].state, next.state)) {
      stages[i].yellow_s = signal.yellow_s;
      stages[i].all_red_s = signal.all_red_s;
    }
  }
  return stages;
}

}  // namespace ampel
