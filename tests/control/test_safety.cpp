// Every strategy in the catalog, over full runs of every bundled scenario: no green shorter than its
// stage's minimum or longer than its maximum, every stream that loses its green sees its full yellow (and
// all-red) first, and no vehicle ever crosses a stop line on red. Checked from what the simulation reports
// (signal changes and stop-line crossings), independently of how a strategy decides.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>

#include "models/registry/registry.hpp"
#include "sim/io/load.hpp"
#include "sim/signal_program.hpp"
#include "sim/signals.hpp"
#include "sim/simulation.hpp"

namespace fs = std::filesystem;

namespace ampel {
namespace {

bool loses_green(const std::string& from, const std::string& to) {
  for (std::size_t i = 0; i < from.size(); ++i)
    if (is_green(from[i]) && !is_green(to[i])) return true;
  return false;
}

class SafetyChecker : public StepObserver {
 public:
  explicit SafetyChecker(const Simulation& sim) : signals_(sim.state().signals) {}

  void on_step(const Simulation& sim) override {
    const Network& net = sim.network();
    TimeMs t = sim.now_ms() - sim.scenario().step_ms;  // when this step's changes happened
    for (const Crossing& c : sim.state().events.crossings)
      if (c.state == 'r') fail(fmt::format("t={} ms: a vehicle crossed link {} on red", t, c.link));
    for (const SignalChange& c : sim.state().events.signal_changes) {
      const Signal& sig = net.signals()[c.signal];
      SignalState& s = signals_[c.signal];
      TimeMs in_interval = t - s.interval_start_ms;
      std::string where = fmt::format("signal {} at t={} ms", sig.id, t);
      if (s.interval == SignalInterval::green) {
        const SignalStage& st = sig.stages[s.stage];
        if (in_interval < seconds_to_ms(st.min_green_s))
          fail(fmt::format("{}: green of stage {} lasted {} ms, below its minimum {} s", where, s.stage,
                           in_interval, st.min_green_s));
        if (in_interval > seconds_to_ms(st.max_green_s) + sim.scenario().step_ms)
          fail(fmt::format("{}: green of stage {} lasted {} ms, above its maximum {} s", where, s.stage,
                           in_interval, st.max_green_s));
        std::uint16_t to = c.interval == SignalInterval::green ? c.stage : c.target;
        bool loses = loses_green(st.state, sig.stages[to].state);
        if (loses && c.interval != SignalInterval::yellow)
          fail(fmt::format("{}: streams lose their green without a yellow", where));
        ++green_ends_;
      } else {
        Clearance need = clearance_between(sig, s.stage, s.target);
        TimeMs want = s.interval == SignalInterval::yellow ? need.yellow_ms : need.all_red_ms;
        if (in_interval < want)
          fail(fmt::format("{}: {} lasted {} ms of its {} ms", where, interval_name(s.interval), in_interval,
                           want));
        if (s.interval == SignalInterval::yellow && need.all_red_ms > 0 &&
            c.interval != SignalInterval::all_red)
          fail(fmt::format("{}: the all-red after yellow was skipped", where));
        if (c.interval == SignalInterval::green && c.stage != s.target)
          fail(fmt::format("{}: the clearance to stage {} ended in stage {}", where, s.target, c.stage));
        if (s.interval == SignalInterval::yellow && want < 1000)
          fail(fmt::format("{}: a yellow of {} ms is no yellow", where, want));
      }
      s.stage = c.stage;
      s.target = c.target;
      if (c.interval == SignalInterval::green) s.green_start_ms = t;
      s.interval = c.interval;
      s.interval_start_ms = t;
    }
  }

  const std::vector<std::string>& violations() const { return violations_; }
  int green_ends() const { return green_ends_; }

 private:
  void fail(std::string what) {
    if (violations_.size() < 10) violations_.push_back(std::move(what));
  }
  std::vector<SignalState> signals_;
  std::vector<std::string> violations_;
  int green_ends_ = 0;
};

struct Case {
  fs::path file;
  std::string strategy;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file.parent_path().filename().string() << "/" << c.strategy;
}

// Every bundled scenario x every strategy in the catalog (so a strategy is covered as soon as it is listed).
std::vector<Case> all_cases() {
  std::vector<fs::path> files;
  for (const auto& dir : fs::directory_iterator(fs::path(AMPEL_SOURCE_DIR) / "scenarios"))
    if (fs::exists(dir.path() / "scenario.json")) files.push_back(dir.path() / "scenario.json");
  std::sort(files.begin(), files.end());
  std::vector<Case> out;
  for (const fs::path& f : files)
    for (const ControllerInfo& info : controller_catalog()) out.push_back({f, info.name});
  return out;
}

class Safety : public ::testing::TestWithParam<Case> {};

// One test per case, so ctest runs each on its own and a crash names its strategy.
TEST_P(Safety, NoViolationOfMinimumGreenYellowOrAllRed) {
  const Case& c = GetParam();
  auto scenario = std::make_shared<const Scenario>(compile_scenario(io::load_scenario_file(c.file.string())));
  ControllerSpec spec;
  spec.type = c.strategy;
  Simulation sim(scenario, make_controller(spec, *scenario));
  SafetyChecker checker(sim);
  sim.add_observer(&checker);
  sim.run();
  for (const std::string& v : checker.violations()) ADD_FAILURE() << v;
  EXPECT_GT(checker.green_ends(), 0) << "the signals did change";
  EXPECT_GT(sim.state().arrived, 0u);
}

TEST(SafetyCases, CoverEveryBundledScenarioAndStrategy) {
  EXPECT_GE(all_cases().size(), 4 * controller_catalog().size());
}

INSTANTIATE_TEST_SUITE_P(Bundled, Safety, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.file.parent_path().filename().string() + "_" +
                                  info.param.strategy;
                         });

}  // namespace
}  // namespace ampel
