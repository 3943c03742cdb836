// The predictive controller in the simulator, on one signalised intersection with hand-placed vehicles: it
// holds the green for a platoon about to arrive, switches for vehicles waiting on red, serves a long queue
// against a light cross stream, and only ever proposes switches the state machine accepts.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <algorithm>
#include <map>

#include "models/control/predictive.hpp"
#include "models/registry/registry.hpp"
#include "sim/io/generators.hpp"
#include "sim/metrics.hpp"
#include "sim/simulation.hpp"

namespace ampel {
namespace {

// The generated single intersection (stage 0 east-west, stage 1 north-south, 300 m arms) without its flows.
ScenarioSpec empty_intersection(double duration_s) {
  io::SingleIntersectionParams p;
  p.duration_s = duration_s;
  ScenarioSpec sc = io::make_single_intersection(p);
  sc.flows.clear();
  sc.controller.type = "predictive";
  return sc;
}

void add_vehicle(ScenarioSpec& sc, const std::string& id, double depart_s, const std::string& from,
                 const std::string& to) {
  VehicleSpec v;
  v.id = id;
  v.depart_s = depart_s;
  v.from_road = from;
  v.to_road = to;
  v.depart_speed_mps = -1.0;  // enter at the speed limit
  sc.vehicles.push_back(v);
}

struct RunResult {
  std::map<std::string, TripRecord> trips;  // by vehicle id
  std::vector<std::pair<TimeMs, SignalChange>> changes;
  std::uint64_t arrived = 0;
};

RunResult simulate(const ScenarioSpec& spec) {
  auto sc = std::make_shared<const Scenario>(compile_scenario(spec));
  Simulation sim(sc, make_controller(sc->controller, *sc));
  MetricsLog log;
  MetricsCollector metrics(sim, &log);
  sim.add_observer(&metrics);
  sim.run();
  metrics.finish(sim);
  RunResult r;
  for (const TripRecord& t : log.trips) r.trips[sim.vehicle_name(t.source, t.seq)] = t;
  for (const SignalEvent& e : log.signal_events) r.changes.push_back({e.time_ms, e.change});
  r.arrived = sim.state().arrived;
  return r;
}

// When the signal first leaves stage `stage`'s green after `after_ms` (-1: never).
TimeMs first_exit(const RunResult& r, std::uint16_t stage, TimeMs after_ms) {
  for (const auto& [t, c] : r.changes)
    if (t > after_ms && c.stage == stage && c.interval != SignalInterval::green) return t;
  return -1;
}

TEST(PredictiveController, HoldsTheGreenForAnArrivingPlatoon) {
  ScenarioSpec sc = empty_intersection(150);
  // A platoon of sixteen heading east, 2 s apart, reaches the stop line from about 28 s to 58 s; one vehicle
  // reaches the north-south stop line in its middle (about 42 s). Serving it then would stop half the
  // platoon for a clearance, a minimum green and another clearance (about 15 s); holding costs the one
  // vehicle the rest of the platoon (about 20 s).
  add_vehicle(sc, "ns0", 20, "SC", "CN");
  for (int k = 0; k < 16; ++k) add_vehicle(sc, fmt::format("p{}", k), 6 + 2 * k, "WC", "CE");
  RunResult r = simulate(sc);
  ASSERT_EQ(r.arrived, 17u);
  for (int k = 0; k < 16; ++k) {
    const TripRecord& t = r.trips.at(fmt::format("p{}", k));
    EXPECT_EQ(t.stops, 0u) << "platoon vehicle " << k << " had to stop";
    EXPECT_LT(t.waiting_s, 0.5) << "platoon vehicle " << k;
  }
  // The green stays with the platoon until its last vehicle is through (about 58 s), then serves the one.
  TimeMs switched = first_exit(r, 0, 0);
  EXPECT_GT(switched, 52000);
  EXPECT_LT(switched, 80000);
  EXPECT_GT(r.trips.at("ns0").waiting_s, 10.0);  // it did wait for the platoon
}

TEST(PredictiveController, SwitchesForVehiclesWaitingOnRedWhenNothingComes) {
  ScenarioSpec sc = empty_intersection(120);
  add_vehicle(sc, "ns0", 0, "SC", "CN");
  add_vehicle(sc, "ns1", 1, "SC", "CN");
  RunResult r = simulate(sc);
  ASSERT_EQ(r.arrived, 2u);
  // Stage 0 has served nobody for its minimum green long before: the switch comes as soon as the two are
  // seen arriving, so they barely wait (yellow + all-red + start-up).
  TimeMs switched = first_exit(r, 0, 0);
  EXPECT_GT(switched, 0);
  EXPECT_LT(switched, 25000);
  EXPECT_LT(r.trips.at("ns0").waiting_s, 6.0);
  EXPECT_LT(r.trips.at("ns1").waiting_s, 8.0);
}

TEST(PredictiveController, ServesALongQueueAgainstALightCrossStream) {
  ScenarioSpec sc = empty_intersection(200);
  // Stage 0 (east-west) is green with one vehicle every 5 s; sixteen vehicles queue up north-south.
  for (int k = 0; k < 16; ++k) add_vehicle(sc, fmt::format("q{}", k), 2.0 * k, "SC", "CN");
  for (int k = 0; k < 30; ++k) add_vehicle(sc, fmt::format("ew{}", k), 5.0 * k, "WC", "CE");
  RunResult r = simulate(sc);
  ASSERT_EQ(r.arrived, 46u);
  double worst = 0, sum = 0;
  for (int k = 0; k < 16; ++k) {
    const TripRecord& t = r.trips.at(fmt::format("q{}", k));
    worst = std::max(worst, t.waiting_s);
    sum += t.waiting_s;
  }
  EXPECT_LT(worst, 40.0);
  EXPECT_LT(sum / 16, 15.0);
  // And the cross stream is not starved either.
  double ew_worst = 0;
  for (int k = 0; k < 30; ++k) ew_worst = std::max(ew_worst, r.trips.at(fmt::format("ew{}", k)).waiting_s);
  EXPECT_LT(ew_worst, 40.0);
}

// Wraps the controller and checks every proposal against the signal's state before the state machine sees it.
class ProposalChecker : public Controller {
 public:
  explicit ProposalChecker(std::unique_ptr<Controller> inner) : inner_(std::move(inner)) {}
  std::string name() const override { return inner_->name(); }
  TimeMs control_interval_ms() const override { return inner_->control_interval_ms(); }
  void initialize(const ControlContext& ctx, std::span<SignalStart> starts) override {
    inner_->initialize(ctx, starts);
  }
  void decide(const ControlContext& ctx, std::span<SignalDecision> decisions) override {
    inner_->decide(ctx, decisions);
    for (SignalId i = 0; i < decisions.size(); ++i) {
      const SignalDecision& d = decisions[i];
      if (d.kind == SignalDecision::Kind::hold) continue;
      ++requests;
      requested.push_back(i);
      const Signal& sig = ctx.network.signals()[i];
      const SignalState& s = ctx.state.signals[i];
      std::string where = fmt::format("signal {} at t={} ms", sig.id, ctx.now_ms);
      if (d.kind != SignalDecision::Kind::go_to)
        problems.push_back(where + ": proposes 'next' instead of a stage");
      if (s.interval != SignalInterval::green)
        problems.push_back(where + ": proposes a switch during a clearance");
      if (d.stage >= sig.stages.size() || d.stage == s.stage)
        problems.push_back(where + ": proposes a bad stage");
      double green_s = ms_to_seconds(ctx.now_ms - s.green_start_ms);
      if (green_s + 1e-9 < sig.stages[s.stage].min_green_s)
        problems.push_back(
            fmt::format("{}: proposes a switch after {} s of green, below the minimum", where, green_s));
    }
  }
  std::vector<std::string> problems;
  std::vector<SignalId> requested;  // this tick
  int requests = 0;

 private:
  std::unique_ptr<Controller> inner_;
};

TEST(PredictiveController, ProposesOnlySwitchesTheStateMachineAccepts) {
  io::SingleIntersectionParams p;
  p.duration_s = 900;
  p.main_rate_vph = 700;
  p.side_rate_vph = 500;
  auto sc = std::make_shared<const Scenario>(compile_scenario(io::make_single_intersection(p)));
  ControllerSpec spec;
  spec.type = "predictive";
  auto checker = std::make_unique<ProposalChecker>(make_controller(spec, *sc));
  ProposalChecker* check = checker.get();
  Simulation sim(sc, std::move(checker));
  std::size_t changes = 0;
  while (!sim.finished()) {
    check->requested.clear();
    sim.step();
    const auto& done = sim.state().events.signal_changes;
    changes += done.size();
    // Every proposal is one the state machine carries out at once (the clearance begins).
    for (SignalId i : check->requested) {
      bool began =
          std::any_of(done.begin(), done.end(), [&](const SignalChange& c) { return c.signal == i; });
      if (!began) ADD_FAILURE() << "t=" << sim.now_ms() << ": the state machine ignored a proposal";
    }
  }
  EXPECT_GT(check->requests, 10);
  EXPECT_GT(changes, 20u);
  for (const std::string& s : check->problems) ADD_FAILURE() << s;
}

}  // namespace
}  // namespace ampel
