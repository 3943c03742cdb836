// Golden hashes: every bundled scenario (scenarios/*/scenario.json) under every strategy of the catalogue,
// run as `ampel run` runs it. The end state's hash pins the model (driving, signals, demand, strategies);
// the hash of the output files pins the metrics and their formatting. A change that alters either must
// update tests/golden/golden_hashes.txt in the same commit, on purpose:
//
//   AMPEL_UPDATE_GOLDEN=1 build/tests/golden/golden_hashes     (then review `git diff tests/golden`)
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

#include "analysis/runner.hpp"
#include "models/registry/registry.hpp"
#include "sim/hash.hpp"
#include "sim/io/load.hpp"
#include "sim/simulation.hpp"
#include "tests/support/run_ampel.hpp"

namespace ampel {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenFile = fs::path(AMPEL_SOURCE_DIR) / "tests/golden/golden_hashes.txt";

struct Case {
  std::string scenario;  // folder name under scenarios/
  std::string strategy;
};

std::vector<Case> all_cases() {
  std::vector<std::string> scenarios;
  for (const auto& e : fs::directory_iterator(fs::path(AMPEL_SOURCE_DIR) / "scenarios"))
    if (fs::exists(e.path() / "scenario.json")) scenarios.push_back(e.path().filename().string());
  std::sort(scenarios.begin(), scenarios.end());
  std::vector<Case> out;
  for (const std::string& s : scenarios)
    for (const ControllerInfo& c : controller_catalog()) out.push_back({s, c.name});
  return out;
}

std::string key_of(const Case& c) {
  return c.scenario + " " + c.strategy;
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << key_of(c);
}

// Records the state hash when the run reaches its end.
class EndStateHash : public StepObserver {
 public:
  void on_step(const Simulation& sim) override {
    if (sim.finished()) hash = state_hash(sim.state());
  }
  std::uint64_t hash = 0;
};

struct Hashes {
  std::uint64_t state = 0, outputs = 0;
  std::string text() const { return fmt::format("{:016x} {:016x}", state, outputs); }
};

Hashes run_case(const Case& c) {
  ScenarioSpec spec = io::load_scenario_file(
      (fs::path(AMPEL_SOURCE_DIR) / "scenarios" / c.scenario / "scenario.json").string());
  spec.controller = ControllerSpec{c.strategy, {}, "golden"};
  auto scenario = std::make_shared<const Scenario>(compile_scenario(spec));
  fs::path out =
      fs::temp_directory_path() / fmt::format("ampel_golden_{}_{}_{}", c.scenario, c.strategy, ::getpid());
  EndStateHash end;
  cli::run_one({scenario, scenario->controller, std::nullopt, out, "golden", {&end}});
  Hashes h;
  h.state = end.hash;
  // Every output file but manifest.json (which records the version and the command line).
  Fnv1a files;
  for (const char* name : {"summary.json", "trips.csv", "lanes.csv", "network.csv", "signals.csv"}) {
    files.text(name);
    files.text(testing::slurp(out / name));
  }
  h.outputs = files.value();
  fs::remove_all(out);
  return h;
}

// "scenario strategy" -> "state outputs", from the golden file.
std::map<std::string, std::string> read_golden() {
  std::map<std::string, std::string> out;
  std::istringstream in(testing::slurp(kGoldenFile));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string scenario, strategy, state, outputs;
    if (words >> scenario >> strategy >> state >> outputs)
      out[scenario + " " + strategy] = state + " " + outputs;
  }
  return out;
}

// Rewrites one entry under an exclusive lock (ctest may run the cases in parallel processes).
void update_golden(const Case& c, const Hashes& h) {
  int fd = ::open(kGoldenFile.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0) << "cannot open " << kGoldenFile;
  ::flock(fd, LOCK_EX);
  std::map<std::string, std::string> golden = read_golden();
  golden[key_of(c)] = h.text();
  std::string text =
      "# Golden hashes of the bundled scenarios x strategies (tests/golden/test_golden.cpp).\n"
      "# Regenerate after an intended change: AMPEL_UPDATE_GOLDEN=1 build/tests/golden/golden_hashes\n"
      "# scenario strategy end_state_hash output_files_hash\n";
  for (const auto& [key, value] : golden) text += key + " " + value + "\n";
  fs::path tmp = kGoldenFile.string() + ".tmp";
  {
    std::ofstream o(tmp, std::ios::binary);
    o << text;
  }
  fs::rename(tmp, kGoldenFile);
  ::flock(fd, LOCK_UN);
  ::close(fd);
}

class Golden : public ::testing::TestWithParam<Case> {};

TEST_P(Golden, EndStateAndOutputsAreUnchanged) {
  const Case& c = GetParam();
  Hashes h = run_case(c);
  const char* update = std::getenv("AMPEL_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    update_golden(c, h);
    return;
  }
  std::map<std::string, std::string> golden = read_golden();
  auto it = golden.find(key_of(c));
  ASSERT_NE(it, golden.end()) << "no golden entry for '" << key_of(c) << "' in " << kGoldenFile
                              << "; add it with AMPEL_UPDATE_GOLDEN=1 build/tests/golden/golden_hashes";
  std::string expected_state = it->second.substr(0, 16), expected_outputs = it->second.substr(17);
  std::string state = h.text().substr(0, 16), outputs = h.text().substr(17);
  EXPECT_EQ(state, expected_state)
      << key_of(c) << ": the simulation ends in another state than the golden run. If the model changed on "
      << "purpose, regenerate with AMPEL_UPDATE_GOLDEN=1 build/tests/golden/golden_hashes and commit the "
         "file";
  EXPECT_EQ(outputs, expected_outputs)
      << key_of(c) << ": the output files differ from the golden run. If outputs changed on purpose, "
      << "regenerate with AMPEL_UPDATE_GOLDEN=1 build/tests/golden/golden_hashes and commit the file";
}

INSTANTIATE_TEST_SUITE_P(Bundled, Golden, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.scenario + "_" + info.param.strategy;
                         });

}  // namespace
}  // namespace ampel
