#pragma once
// The signal control interface. A controller proposes; the signal state machine (sim/signals) disposes:
// minimum and maximum green, yellow and all-red are enforced there, so every strategy is safe by
// construction and strategies are compared on equal terms.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "sim/state.hpp"
#include "sim/types.hpp"

namespace ampel {

class Network;
struct Scenario;

struct SignalDecision {
  enum class Kind : std::uint8_t { hold, next, go_to };
  Kind kind = Kind::hold;
  std::uint16_t stage = 0;  // for go_to
  static SignalDecision hold() { return {}; }
  static SignalDecision next() { return {Kind::next, 0}; }
  static SignalDecision go_to(std::uint16_t s) { return {Kind::go_to, s}; }
};

// Where a signal starts: its stage, interval and how long it has been in that interval.
struct SignalStart {
  std::uint16_t stage = 0;
  std::uint16_t target = 0;
  SignalInterval interval = SignalInterval::green;
  TimeMs elapsed_ms = 0;
};

struct ControlContext {
  const Scenario& scenario;
  const Network& network;
  const SimState& state;
  TimeMs now_ms;
};

class Controller {
 public:
  virtual ~Controller() = default;
  virtual std::string name() const = 0;
  // A copy with the same internal state, for look-ahead on a copied simulation; null if it cannot be copied.
  virtual std::unique_ptr<Controller> clone() const { return nullptr; }
  // How often decide() is called, in ms (a multiple of the step is best).
  virtual TimeMs control_interval_ms() const { return kMsPerSecond; }
  // Called once before the first step; may choose each signal's starting point (all start green in stage 0).
  virtual void initialize(const ControlContext& ctx, std::span<SignalStart> starts) {
    (void)ctx;
    (void)starts;
  }
  // One decision per signal, indexed like Network::signals().
  virtual void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) = 0;
};

}  // namespace ampel
