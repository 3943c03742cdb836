#include "sim/signals.hpp"

#include "sim/signal_program.hpp"

namespace ampel {

namespace {

// Writes the links' states and notes when each one turned green (drivers react to a green, not foresee it).
void write_link_states(const Signal& sig, const SignalState& s, SimState& state, TimeMs now) {
  for (std::uint32_t i = 0; i < sig.link_count; ++i) {
    char next = link_state(sig, s, i);
    char& cur = state.link_signal[sig.first_slot + i];
    if (is_green(next) && !is_green(cur)) state.link_green_since_ms[sig.first_slot + i] = now;
    cur = next;
  }
}

void record(SimState& state, SignalId id, const SignalState& s) {
  state.events.signal_changes.push_back({id, s.stage, s.target, s.interval});
}

void start_green(const Signal& sig, SignalId id, SignalState& s, std::uint16_t stage, TimeMs now,
                 SimState& state) {
  s.stage = stage;
  s.target = stage;
  s.interval = SignalInterval::green;
  s.interval_start_ms = now;
  s.green_start_ms = now;
  write_link_states(sig, s, state, now);
  record(state, id, s);
}

void begin_switch(const Signal& sig, SignalId id, SignalState& s, std::uint16_t target, TimeMs now,
                  SimState& state) {
  if (target == s.stage || target >= sig.stages.size()) return;
  Clearance c = clearance_between(sig, s.stage, target);
  s.target = target;
  s.interval_start_ms = now;
  if (c.yellow_ms > 0) {
    s.interval = SignalInterval::yellow;
  } else if (c.all_red_ms > 0) {
    s.interval = SignalInterval::all_red;
  } else {
    start_green(sig, id, s, target, now, state);
    return;
  }
  write_link_states(sig, s, state, now);
  record(state, id, s);
}

}  // namespace

const char* interval_name(SignalInterval i) {
  switch (i) {
    case SignalInterval::green:
      return "green";
    case SignalInterval::yellow:
      return "yellow";
    case SignalInterval::all_red:
      return "all_red";
  }
  return "?";
}

Clearance clearance_between(const Signal& sig, std::uint16_t from, std::uint16_t to) {
  const SignalStage& a = sig.stages[from];
  const SignalStage& b = sig.stages[to];
  bool planned = a.yellow_s > 0 || a.all_red_s > 0;
  // The plan's own sequence keeps the plan's clearance, so fixed-time timing is exact.
  bool plan_order = to == (from + 1) % sig.stages.size();
  if (plan_order && planned) return {seconds_to_ms(a.yellow_s), seconds_to_ms(a.all_red_s)};
  if (!loses_green(a.state, b.state)) return {};
  double y = planned ? a.yellow_s : sig.default_yellow_s;
  double r = planned ? a.all_red_s : sig.default_all_red_s;
  return {seconds_to_ms(y), seconds_to_ms(r)};
}

char link_state(const Signal& sig, const SignalState& s, std::uint32_t i) {
  char from = sig.stages[s.stage].state[i];
  if (s.interval == SignalInterval::green) return from;
  char to = sig.stages[s.target].state[i];
  if (!is_green(from)) return 'r';
  if (is_green(to)) return from;  // a stream green in both stages keeps its green through the clearance
  return s.interval == SignalInterval::yellow ? 'y' : 'r';
}

void initialize_signals(const Network& net, std::span<const SignalStart> starts, TimeMs now,
                        SimState& state) {
  state.signals.assign(net.signals().size(), SignalState{});
  state.link_signal.assign(net.signal_slot_count(), 'r');
  state.link_green_since_ms.assign(net.signal_slot_count(), now);
  for (SignalId id = 0; id < net.signals().size(); ++id) {
    const Signal& sig = net.signals()[id];
    SignalState& s = state.signals[id];
    SignalStart st = id < starts.size() ? starts[id] : SignalStart{};
    if (st.stage >= sig.stages.size()) st.stage = 0;
    if (st.target >= sig.stages.size()) st.target = st.stage;
    s.stage = st.stage;
    s.target = st.interval == SignalInterval::green ? st.stage : st.target;
    s.interval = st.interval;
    s.interval_start_ms = now - st.elapsed_ms;
    s.green_start_ms = st.interval == SignalInterval::green ? s.interval_start_ms : now - st.elapsed_ms;
    write_link_states(sig, s, state, now);
    record(state, id, s);
  }
  // Greens at the start count as long established.
  state.link_green_since_ms.assign(net.signal_slot_count(), now - 3600 * kMsPerSecond);
}

void update_signals(const Network& net, TimeMs now, std::span<const SignalDecision> decisions,
                    SimState& state) {
  for (SignalId id = 0; id < net.signals().size(); ++id) {
    const Signal& sig = net.signals()[id];
    SignalState& s = state.signals[id];
    // 1. Clearances run their full time, whatever the controller wants.
    if (s.interval != SignalInterval::green) {
      Clearance c = clearance_between(sig, s.stage, s.target);
      TimeMs elapsed = now - s.interval_start_ms;
      if (s.interval == SignalInterval::yellow && elapsed >= c.yellow_ms) {
        if (c.all_red_ms > 0) {
          s.interval = SignalInterval::all_red;
          s.interval_start_ms = now;
          write_link_states(sig, s, state, now);
          record(state, id, s);
        } else {
          start_green(sig, id, s, s.target, now, state);
        }
      } else if (s.interval == SignalInterval::all_red && elapsed >= c.all_red_ms) {
        start_green(sig, id, s, s.target, now, state);
      }
      continue;
    }
    // 2. In green: switch on request after minimum green; forced at maximum green.
    const SignalStage& stage = sig.stages[s.stage];
    TimeMs green_ms = now - s.green_start_ms;
    std::uint16_t n = static_cast<std::uint16_t>(sig.stages.size());
    std::uint16_t next = static_cast<std::uint16_t>((s.stage + 1) % n);
    if (n < 2) continue;
    SignalDecision d = id < decisions.size() ? decisions[id] : SignalDecision::hold();
    bool stays =
        d.kind == SignalDecision::Kind::hold || (d.kind == SignalDecision::Kind::go_to && d.stage == s.stage);
    if (stays && green_ms >= seconds_to_ms(stage.max_green_s)) d = SignalDecision::next(), stays = false;
    if (stays || green_ms < seconds_to_ms(stage.min_green_s)) continue;
    std::uint16_t target = d.kind == SignalDecision::Kind::next ? next : d.stage;
    begin_switch(sig, id, s, target, now, state);
  }
}

}  // namespace ampel
