// Actuated control: a stage gaps out at its minimum green when its detectors stay empty, and maxes out
// under steady demand whose gaps never reach the maximum gap.
#include <gtest/gtest.h>

#include <vector>

#include "models/control/actuated.hpp"
#include "sim/io/generators.hpp"
#include "sim/simulation.hpp"
#include "tests/control/four_stage.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {
namespace {

struct Green {
  std::uint16_t stage;
  TimeMs start_ms, length_ms;
};

// Every completed green of signal 0 until `end_s`.
std::vector<Green> run_greens(std::shared_ptr<const Scenario> sc, std::unique_ptr<Controller> c,
                              double end_s) {
  Simulation sim(sc, std::move(c));
  std::vector<Green> out;
  TimeMs since = 0;
  std::uint16_t stage = sim.state().signals[0].stage;
  while (sim.now_ms() < seconds_to_ms(end_s)) {
    TimeMs t = sim.now_ms();
    sim.step();
    for (const SignalChange& ch : sim.state().events.signal_changes) {
      if (ch.interval == SignalInterval::green) {
        since = t;
        stage = ch.stage;
      } else if (ch.interval == SignalInterval::yellow) {
        out.push_back({stage, since, t - since});
      }
    }
  }
  return out;
}

io::SingleIntersectionParams straight_only(double main_vph, double side_vph) {
  io::SingleIntersectionParams p;
  p.main_rate_vph = main_vph;
  p.side_rate_vph = side_vph;
  p.left_share = p.right_share = 0.0;
  return p;
}

TEST(Actuated, GapsOutAtMinimumGreenOnAnEmptyDetector) {
  // No east-west traffic at all: its detectors never see a vehicle.
  auto sc = testing::compile(io::make_single_intersection(straight_only(0.0, 500.0)));
  auto greens = run_greens(sc, std::make_unique<ActuatedController>(*sc, ActuatedOptions{}), 1800.0);
  int east_west = 0, north_south = 0;
  for (const Green& g : greens) {
    if (g.start_ms == 0) continue;  // the first green starts before any demand exists
    if (g.stage == 0) {
      // The only reason east-west ever gets green is the north-south maximum (60 s) forcing a change.
      EXPECT_EQ(g.length_ms, 5 * kMsPerSecond) << "east-west green at " << g.start_ms;
      ++east_west;
    } else {
      EXPECT_EQ(g.length_ms, 60 * kMsPerSecond) << "north-south rests in green until its maximum";
      ++north_south;
    }
  }
  EXPECT_GT(east_west, 10);
  EXPECT_GT(north_south, 10);
}

TEST(Actuated, MaxesOutUnderSteadyDemand) {
  // East-west: 1500 veh/h per approach at even headways (2.4 s), so its detectors never see a gap over 3 s.
  io::SingleIntersectionParams p = straight_only(1500.0, 300.0);
  ScenarioSpec spec = io::make_single_intersection(p);
  for (FlowSpec& f : spec.flows) f.headways = Headways::uniform;
  spec.vehicle_types = {testing::ideal_car()};  // steady: no dawdling bunches the arrivals
  auto sc = testing::compile(spec);
  ActuatedOptions o;
  o.max_green_s = 30.0;
  auto greens = run_greens(sc, std::make_unique<ActuatedController>(*sc, o), 1800.0);
  int maxed = 0, side = 0;
  for (const Green& g : greens) {
    if (g.start_ms < 120 * kMsPerSecond) continue;  // let the first queues form
    if (g.stage == 0) {
      EXPECT_EQ(g.length_ms, 30 * kMsPerSecond) << "east-west green at " << g.start_ms;
      ++maxed;
    } else {
      EXPECT_LT(g.length_ms, 30 * kMsPerSecond) << "the light side street gaps out";
      ++side;
    }
  }
  EXPECT_GT(maxed, 20);
  EXPECT_GT(side, 20);
}

TEST(Actuated, SkipsStagesWithoutDemand) {
  // Four stages (west, north, east, south); only west and east have traffic, so north and south never
  // get a green after the first cycle.
  auto sc = testing::compile(testing::four_stage_junction(600.0, 0.0, 600.0, 0.0));
  auto greens = run_greens(sc, std::make_unique<ActuatedController>(*sc, ActuatedOptions{}), 1800.0);
  int served = 0;
  for (const Green& g : greens) {
    if (g.start_ms < 60 * kMsPerSecond) continue;
    EXPECT_TRUE(g.stage == 0 || g.stage == 2) << "stage " << g.stage << " has no demand, at " << g.start_ms;
    ++served;
  }
  EXPECT_GT(served, 30);
}

TEST(Actuated, RestsInGreenWithoutCallsElsewhere) {
  // Only east-west traffic: north-south never has a call, so east-west keeps its green until the
  // program's maximum (60 s), which the signal state machine enforces.
  auto sc = testing::compile(io::make_single_intersection(straight_only(300.0, 0.0)));
  auto greens = run_greens(sc, std::make_unique<ActuatedController>(*sc, ActuatedOptions{}), 1800.0);
  for (const Green& g : greens) {
    if (g.stage == 0) {
      EXPECT_EQ(g.length_ms, 60 * kMsPerSecond) << "at " << g.start_ms;
    } else {
      // North-south gaps out at once, but hands over only when an east-west vehicle has called.
      EXPECT_GE(g.length_ms, 5 * kMsPerSecond);
      EXPECT_LT(g.length_ms, 30 * kMsPerSecond);
    }
  }
  EXPECT_GE(greens.size(), 40u);
}

// A RESCO-style junction: the main road's left turns yield on its green and have a protected stage of their
// own.
ScenarioSpec protected_left_junction() {
  io::SingleIntersectionParams p;
  p.main_rate_vph = 0.0;
  p.side_rate_vph = 0.0;
  ScenarioSpec sc = io::make_single_intersection(p);
  SignalSpec& sig = sc.network.signals.at(0);
  sig.phases.clear();
  auto phase = [&](const char* name, double duration_s, std::vector<MovementRef> green) {
    SignalPhaseSpec ph;
    ph.name = name;
    ph.duration_s = duration_s;
    ph.green = std::move(green);
    sig.phases.push_back(ph);
  };
  phase("main", 30.0,
        {{"WC", "CE", false, {}},
         {"EC", "CW", false, {}},
         {"WC", "CS", false, {}},
         {"EC", "CN", false, {}},
         {"WC", "CN", true, {}},
         {"EC", "CS", true, {}}});
  phase("main-lefts", 10.0,
        {{"WC", "CN", false, {}}, {"EC", "CS", false, {}}, {"WC", "CS", false, {}}, {"EC", "CN", false, {}}});
  phase("side", 20.0,
        {{"NC", "CS", false, {}},
         {"SC", "CN", false, {}},
         {"NC", "CW", false, {}},
         {"SC", "CE", false, {}},
         {"NC", "CE", true, {}},
         {"SC", "CW", true, {}}});
  sc.flows.clear();
  auto flow = [&](const char* a, const char* b, double rate) {
    FlowSpec f;
    f.id = std::string(a) + b;
    f.from_road = a;
    f.to_road = b;
    f.profile = {{0.0, 3600.0, rate}};
    sc.flows.push_back(f);
  };
  // Heavy opposing through traffic leaves the permissive lefts few gaps.
  flow("WC", "CE", 900);
  flow("EC", "CW", 900);
  flow("WC", "CN", 120);
  flow("EC", "CS", 120);
  flow("NC", "CS", 250);
  flow("SC", "CN", 250);
  return sc;
}

TEST(Actuated, ServesAProtectedLeftWithDemandWithinItsMaximumRed) {
  auto sc = testing::compile(protected_left_junction());
  const Network& net = *sc->network;
  const Signal& sig = net.signals()[0];
  ASSERT_EQ(sig.stages.size(), 3u);
  ASSERT_EQ(sig.stages[1].name, "main-lefts");
  // The longest a left turner standing first at the stop line may wait: the other stages at their maximum
  // green, and every clearance of the cycle.
  double max_red_s = sig.stages[0].max_green_s + sig.stages[2].max_green_s;
  for (const SignalStage& st : sig.stages) max_red_s += st.yellow_s + st.all_red_s;
  std::vector<LinkId> lefts;
  for (const Movement& m : net.movements())
    if (net.road(m.from_road).id == "WC" && net.road(m.to_road).id == "CN") lefts = m.links;
  ASSERT_FALSE(lefts.empty());

  Simulation sim(sc, std::make_unique<ActuatedController>(*sc, ActuatedOptions{}));
  TimeMs left_green_ms = -1, longest_wait_ms = 0;
  int protected_greens = 0;
  // Per left-turn lane: the vehicle standing first at the stop line and since when.
  std::vector<std::pair<VehicleId, TimeMs>> front(lefts.size(), {kNone, 0});
  while (sim.now_ms() < 3600 * kMsPerSecond) {
    sim.step();
    const SignalState& s = sim.state().signals[0];
    if (s.stage == 1 && s.interval == SignalInterval::green) {
      if (left_green_ms < s.green_start_ms) ++protected_greens;
      left_green_ms = sim.now_ms();
    }
    for (std::size_t k = 0; k < lefts.size(); ++k) {
      const LaneQueue& q = sim.state().lanes[net.link(lefts[k]).from_lane];
      bool waits = q.size() > 0 && q[0].speed_mps <= kHaltingSpeedMps &&
                   sim.state().vehicles[q[0].vehicle].next_link == lefts[k];
      if (!waits) {
        front[k] = {kNone, 0};
        continue;
      }
      if (front[k].first != q[0].vehicle) front[k] = {q[0].vehicle, sim.now_ms()};
      longest_wait_ms = std::max(longest_wait_ms, sim.now_ms() - front[k].second);
    }
  }
  EXPECT_GE(protected_greens, 10) << "the protected left stage runs whenever left turners wait";
  EXPECT_LE(ms_to_seconds(longest_wait_ms), max_red_s + 1.0);
}

}  // namespace
}  // namespace ampel
