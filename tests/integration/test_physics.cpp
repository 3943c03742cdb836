// Behaviour pinned against physics and published numbers: free-flow travel time, saturation flow and start-up
// lost time, conservation of vehicles, red means stop, spillback, gridlock reporting.
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "models/registry/registry.hpp"
#include "sim/io/generators.hpp"
#include "sim/io/load.hpp"
#include "sim/metrics.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {

using testing::compile;

namespace {

std::unique_ptr<Controller> controller_for(const Scenario& sc) {
  return make_controller(sc.controller, sc);
}

std::vector<std::string> bundled_scenarios() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(testing::source_path("scenarios")))
    if (std::filesystem::exists(e.path() / "scenario.json"))
      out.push_back((e.path() / "scenario.json").string());
  std::sort(out.begin(), out.end());
  return out;
}

// A T-junction J: the approach "a" (500 m) and a side road "s" both feed the exit "m" (1000 m). Stage 0
// serves the side road for `red_s`, stage 1 the approach for a long green.
ScenarioSpec t_junction(double red_s, double green_s, double rate_vph) {
  ScenarioSpec sc;
  sc.name = "t_junction";
  sc.network.nodes = {{"W", {-500, 0}, NodeKind::fringe, {}, {}},
                      {"S", {0, -300}, NodeKind::fringe, {}, {}},
                      {"J", {0, 0}, NodeKind::signalised, {}, {}},
                      {"E", {1000, 0}, NodeKind::fringe, {}, {}}};
  auto road = [](const char* id, const char* a, const char* b, double length) {
    RoadSpec r;
    r.id = id, r.from_node = a, r.to_node = b, r.length_m = length;
    return r;
  };
  sc.network.roads = {road("a", "W", "J", 500), road("s", "S", "J", 300), road("m", "J", "E", 1000)};
  SignalSpec sig;
  sig.id = "J";
  sig.nodes = {"J"};
  sig.max_green_s = 1000;
  SignalPhaseSpec side, main;
  side.duration_s = red_s;
  side.green = {{"s", "m", false, {}}};
  main.duration_s = green_s;
  main.green = {{"a", "m", false, {}}};
  sig.phases = {side, main};
  sc.network.signals = {sig};
  FlowSpec f;
  f.id = "main";
  f.route = {"a", "m"};
  f.headways = Headways::uniform;
  f.profile = {{0.0, red_s, rate_vph}};
  sc.flows = {f};
  sc.time.end_s = red_s + green_s;
  return sc;
}

}  // namespace

TEST(Physics, FreeFlowTravelTimeIsLengthOverSpeed) {
  ScenarioSpec spec = testing::straight_road(2000.0, 13.89);
  VehicleSpec v;
  v.id = "v";
  v.route = {"AB"};
  v.depart_speed_mps = -1.0;  // inserted at the speed limit
  spec.vehicles = {v};
  spec.time.end_s = 300;
  auto sc = compile(spec);
  Simulation sim(sc, nullptr);
  std::vector<TripRecord> trips;
  while (!sim.finished()) {
    sim.step();
    for (const auto& t : sim.state().events.arrivals) trips.push_back(t);
  }
  ASSERT_EQ(trips.size(), 1u);
  double tt = ms_to_seconds(trips[0].arrival_ms - trips[0].depart_ms);
  EXPECT_NEAR(tt, 2000.0 / 13.89, 0.02 * 2000.0 / 13.89);
  EXPECT_LT(trips[0].time_loss_s, 1.0);
  EXPECT_EQ(trips[0].stops, 0u);
}

TEST(Physics, SaturationFlowAndStartUpLostTimeEmergeFromTheModel) {
  // A standing queue discharging on a long green, averaged over several seeds (default SUMO-like drivers).
  const double red_s = 115.0, green_s = 200.0;
  double sum_sat_headway = 0, sum_lost = 0;
  int samples = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    ScenarioSpec spec = t_junction(red_s, green_s, 1400.0);
    spec.vehicle_types = {VehicleTypeSpec{}};
    spec.seed = seed;
    auto sc = compile(spec);
    Simulation sim(sc, controller_for(*sc));
    RoadId a = sc->network->find_road("a");
    TimeMs green_start = -1;
    std::vector<TimeMs> crossings;
    std::uint32_t queued = 0;
    while (!sim.finished()) {
      TimeMs t = sim.now_ms();
      sim.step();
      for (const auto& c : sim.state().events.signal_changes)
        if (c.stage == 1 && c.interval == SignalInterval::green) green_start = t;
      if (green_start >= 0 && queued == 0) queued = sim.state().lane_halting[sc->network->road(a).first_lane];
      for (const auto& c : sim.state().events.crossings)
        if (sc->network->link(c.link).from_road == a) crossings.push_back(c.time_ms);
    }
    ASSERT_GE(green_start, 0);
    ASSERT_GE(queued, 25u) << "the red must build a long standing queue";
    ASSERT_GE(crossings.size(), queued);
    // Headways at the stop line of the vehicles that stood in the queue when green began.
    std::vector<double> h;
    TimeMs prev = green_start;
    for (std::uint32_t i = 0; i < queued; ++i) {
      h.push_back(ms_to_seconds(crossings[i] - prev));
      prev = crossings[i];
    }
    double hs = std::accumulate(h.begin() + 4, h.end(), 0.0) / static_cast<double>(h.size() - 4);
    double lost = 0;
    for (int i = 0; i < 4; ++i) lost += h[i] - hs;
    sum_sat_headway += hs;
    sum_lost += lost;
    ++samples;
  }
  double saturation_vph = 3600.0 / (sum_sat_headway / samples);
  double lost_s = sum_lost / samples;
  RecordProperty("saturation_flow_vph", std::to_string(saturation_vph));
  RecordProperty("start_up_lost_time_s", std::to_string(lost_s));
  EXPECT_GE(saturation_vph, 1700.0);
  EXPECT_LE(saturation_vph, 2000.0);
  EXPECT_GE(lost_s, 1.0);
  EXPECT_LE(lost_s, 4.0);
}

// Checks after every step: nothing lost, nothing duplicated.
class ConservationCheck : public StepObserver {
 public:
  void on_step(const Simulation& sim) override {
    const SimState& s = sim.state();
    std::uint64_t on_lanes = 0;
    for (const auto& q : s.lanes) on_lanes += q.size();
    std::uint64_t pending = 0;
    for (const auto& p : s.pending) pending += p.size();
    ASSERT_EQ(s.inserted, s.arrived + s.running) << "at " << s.now_ms;
    ASSERT_EQ(s.running, on_lanes) << "at " << s.now_ms;
    ASSERT_EQ(s.loaded, s.inserted + pending) << "at " << s.now_ms;
    ASSERT_EQ(s.waiting_to_insert, pending);
    // Every vehicle on a lane is active and knows its lane; no vehicle is on two lanes.
    seen_.assign(s.vehicles.size(), 0);
    for (LaneId l = 0; l < s.lanes.size(); ++l)
      for (std::uint32_t i = 0; i < s.lanes[l].size(); ++i) {
        VehicleId v = s.lanes[l][i].vehicle;
        ASSERT_TRUE(s.vehicles[v].active);
        ASSERT_EQ(s.vehicles[v].lane, l);
        ASSERT_EQ(seen_[v]++, 0) << "vehicle on two lanes";
        if (i > 0) {
          ASSERT_LE(s.lanes[l][i].pos_m, s.lanes[l][i - 1].pos_m - s.lanes[l][i - 1].length_m + 1e-9);
        }
      }
    ++steps;
  }
  std::uint64_t steps = 0;

 private:
  std::vector<int> seen_;
};

TEST(Physics, VehiclesAreConservedAtEveryStep) {
  for (const std::string& file : bundled_scenarios()) {
    auto sc = compile(io::load_scenario_file(file));
    Simulation sim(sc, controller_for(*sc));
    ConservationCheck check;
    sim.add_observer(&check);
    sim.run_until(sc->begin_ms + 1800 * kMsPerSecond);
    EXPECT_GT(sim.state().arrived, 100u) << file;
    EXPECT_EQ(check.steps, 1800u);
  }
}

TEST(Physics, NoVehicleEntersAJunctionOnRedInAnyBundledScenario) {
  for (const std::string& file : bundled_scenarios()) {
    auto sc = compile(io::load_scenario_file(file));
    Simulation sim(sc, controller_for(*sc));
    std::uint64_t crossings = 0, on_yellow = 0;
    while (!sim.finished()) {
      sim.step();
      for (const auto& c : sim.state().events.crossings) {
        ASSERT_TRUE(c.state == 'G' || c.state == 'g' || c.state == 'y')
            << file << ": vehicle crossed on '" << c.state << "' at " << sim.now_ms();
        ++crossings;
        on_yellow += c.state == 'y';
      }
    }
    EXPECT_GT(crossings, 1000u) << file;
    EXPECT_LT(on_yellow, crossings / 8) << file;  // yellow is not a green: only who cannot stop goes
  }
}

TEST(Physics, BlockedExitStopsUpstreamDischargeAndTheQueueGrowsBack) {
  // W -a-> J1 -m-> J2 -e-> E; the only lane of "e" closes at 60 s, so "m" fills and "a" must stop at J1 even
  // on green (no blocking the box), and its queue grows back from J1 towards W.
  ScenarioSpec spec = testing::chain(600, 150, 300);
  spec.network.nodes[1].kind = NodeKind::priority;
  spec.network.nodes[2].kind = NodeKind::priority;
  FlowSpec f;
  f.id = "f";
  f.route = {"a", "m", "e"};
  f.profile = {{0, 900, 900}};
  spec.flows = {f};
  spec.events = {{60.0, EventKind::close_lane, "e", 0, -1.0, 1.0, ""}};
  spec.time.end_s = 900;
  auto sc = compile(spec);
  Simulation sim(sc, nullptr);
  const Network& net = *sc->network;
  LaneId a = net.road(net.find_road("a")).first_lane, m = net.road(net.find_road("m")).first_lane;
  double m_capacity = net.lane(m).length_m / 7.5;
  std::vector<float> queue_a;
  std::uint64_t crossed_into_full_m = 0;
  while (!sim.finished()) {
    // No room for another car (5 m + 2.5 m gap) behind the last vehicle on "m".
    const LaneQueue& mq = sim.state().lanes[m];
    bool m_full = !mq.empty() && mq.back().pos_m - mq.back().length_m < 7.5 && mq.back().speed_mps < 0.1;
    sim.step();
    for (const auto& c : sim.state().events.crossings)
      if (net.link(c.link).from_road == net.find_road("a") && m_full) ++crossed_into_full_m;
    if (sim.now_ms() % 60000 == 0) queue_a.push_back(sim.state().lane_queue_m[a]);
  }
  EXPECT_EQ(crossed_into_full_m, 0u);
  EXPECT_GE(sim.state().lanes[m].size(), static_cast<std::uint32_t>(m_capacity) - 2);
  // The queue on "a" grows back from J1 until it reaches W.
  EXPECT_GT(queue_a[5], queue_a[3]);
  EXPECT_GT(queue_a[3], 50.0f);
  EXPECT_GT(queue_a.back(), 0.9f * static_cast<float>(net.lane(a).length_m));
  // Nobody is teleported: the stuck vehicles are reported as gridlocked, still in the network.
  const GridlockReport& g = sim.state().gridlock;
  EXPECT_GT(g.vehicles, 10u);
  ASSERT_FALSE(g.lanes.empty());
  EXPECT_GE(g.since_ms, 60'000);
  EXPECT_EQ(sim.state().arrived + sim.state().running, sim.state().inserted);
  EXPECT_GT(sim.state().waiting_to_insert, 0u);  // the entry is full: insertion waits
}

TEST(Physics, InsertionWaitsForRoomAndCountsTheDelay) {
  ScenarioSpec spec = testing::straight_road(100.0, 13.89);
  FlowSpec f;
  f.id = "f";
  f.route = {"AB"};
  f.headways = Headways::uniform;
  f.profile = {{0, 600, 5000}};  // more than one lane can take
  spec.flows = {f};
  spec.time.end_s = 600;
  auto sc = compile(spec);
  Simulation sim(sc, nullptr);
  MetricsLog log;
  MetricsCollector metrics(sim, &log);
  sim.add_observer(&metrics);
  sim.run();
  metrics.finish(sim);
  EXPECT_GT(sim.state().waiting_to_insert, 100u);
  EXPECT_LT(sim.state().inserted, sim.state().loaded);
  // Standing starts at the lane's start: one vehicle every ~2.5 s (the previous one must clear 7.5 m).
  double inserted_vph = static_cast<double>(sim.state().inserted) * 6.0;
  EXPECT_GT(inserted_vph, 1200.0);
  EXPECT_LT(inserted_vph, 2000.0);
  // The wait is counted as insertion delay, growing over the run; vehicles never inserted are listed too.
  const Summary& s = metrics.summary();
  EXPECT_GT(s.all.insertion_delay_s, 60.0);
  std::size_t waiting_rows = 0;
  for (const auto& t : log.trips) waiting_rows += t.depart_ms < 0;
  EXPECT_EQ(waiting_rows, sim.state().waiting_to_insert);
}

TEST(Physics, StateCopyContinuesIdentically) {
  auto sc = compile(io::load_scenario_file(testing::source_path("scenarios/grid4x4/scenario.json")));
  Simulation a(sc, controller_for(*sc)), b(sc, controller_for(*sc)), other_seed(sc, controller_for(*sc), 99);
  a.run_until(900'000);
  b.run_until(900'000);
  other_seed.run_until(900'000);
  EXPECT_EQ(state_hash(a.state()), state_hash(b.state()));
  EXPECT_NE(state_hash(a.state()), state_hash(other_seed.state()));
  SimState snapshot = a.state();
  EXPECT_EQ(state_hash(snapshot), state_hash(a.state()));
}

}  // namespace ampel

namespace ampel {

TEST(Physics, PermissiveLeftTurnerWaitsInsideAndFreesItsLaneForTheDriversBehind) {
  // The left lane of each arm is shared by left turners and straight drivers. A left turner with no gap in
  // the opposing stream drives to its wait point inside the junction and stands there (short of the
  // conflict), so the straight driver behind it goes on the same green (SUMO's internal junction).
  io::SingleIntersectionParams p;
  p.main_rate_vph = 700.0;
  p.left_share = 0.3;
  p.duration_s = 1800.0;
  auto sc = compile(io::make_single_intersection(p));
  const Network& net = *sc->network;
  std::size_t permissive_lefts = 0;
  for (const Link& l : net.links())
    if (l.turn == Turn::left) {
      EXPECT_GT(l.wait_m, net.lane(l.via_lane).length_m * 0.2) << net.lane(l.via_lane).length_m;  // inside...
      EXPECT_LT(l.wait_m, net.lane(l.via_lane).length_m);  // ...but before its end
      ++permissive_lefts;
    }
  ASSERT_GE(permissive_lefts, 4u);

  Simulation sim(sc, controller_for(*sc));
  std::uint64_t waited_steps = 0, passed_while_waiting = 0;
  while (!sim.finished()) {
    sim.step();
    const SimState& s = sim.state();
    for (LinkId id = 0; id < net.links().size(); ++id) {
      const Link& l = net.link(id);
      if (l.turn != Turn::left || s.lanes[l.via_lane].empty()) continue;
      const LaneVehicle& front = s.lanes[l.via_lane].front();
      if (front.speed_mps > kHaltingSpeedMps || s.link_signal[l.state_slot] != 'g') continue;
      ASSERT_LE(front.pos_m, l.wait_m + 1e-6)
          << "a driver standing inside the junction stands at its wait point";
      ++waited_steps;
      for (const Crossing& c : s.events.crossings)
        passed_while_waiting +=
            net.link(c.link).from_lane == l.from_lane && net.link(c.link).turn != Turn::left;
    }
  }
  EXPECT_GT(waited_steps, 50u);
  EXPECT_GT(passed_while_waiting, 5u);
}

}  // namespace ampel
