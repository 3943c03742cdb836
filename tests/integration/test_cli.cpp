// The ampel binary as a user meets it: determinism of the output files and clear errors for bad input.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/run_ampel.hpp"
#include "tests/support/scratch_dir.hpp"

namespace fs = std::filesystem;

namespace {

using Result = ampel::testing::CommandResult;
using ampel::testing::run_ampel;
using ampel::testing::slurp;

fs::path temp_dir(const std::string& name) {
  return ampel::testing::scratch_dir("test_" + name);
}

const std::string kGrid = std::string(AMPEL_SOURCE_DIR) + "/scenarios/grid4x4/scenario.json";
const std::string kSingle = std::string(AMPEL_SOURCE_DIR) + "/scenarios/single/scenario.json";

}  // namespace

TEST(Cli, SameScenarioAndSeedGiveByteIdenticalFiles) {
  fs::path dir = temp_dir("determinism");
  fs::path out = dir / "run";
  ASSERT_EQ(run_ampel("run " + kGrid + " --end 2400 --quiet --out " + out.string()).code, 0);
  fs::rename(out, dir / "first");
  ASSERT_EQ(run_ampel("run " + kGrid + " --end 2400 --quiet --out " + out.string()).code, 0);
  for (const char* f :
       {"summary.json", "trips.csv", "lanes.csv", "network.csv", "signals.csv", "manifest.json"}) {
    std::string a = slurp(dir / "first" / f), b = slurp(out / f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_EQ(a, b) << f << " differs between two identical runs";
  }
  ASSERT_EQ(run_ampel("run " + kGrid + " --end 2400 --seed 2 --quiet --out " + (dir / "seed2").string()).code,
            0);
  EXPECT_NE(slurp(dir / "first" / "trips.csv"), slurp(dir / "seed2" / "trips.csv"));
  EXPECT_NE(slurp(dir / "first" / "summary.json"), slurp(dir / "seed2" / "summary.json"));
  fs::remove_all(dir);
}

TEST(Cli, RunWritesEveryOutputWithTheirColumns) {
  fs::path dir = temp_dir("outputs");
  Result r = run_ampel("run " + kSingle + " --end 900 --out " + (dir / "o").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("mean delay"), std::string::npos);
  auto summary = nlohmann::json::parse(slurp(dir / "o" / "summary.json"));
  EXPECT_GT(summary["vehicles"]["arrived"].get<int>(), 100);
  EXPECT_EQ(summary["vehicles"]["inserted"].get<int>(),
            summary["vehicles"]["arrived"].get<int>() + summary["vehicles"]["running"].get<int>());
  auto manifest = nlohmann::json::parse(slurp(dir / "o" / "manifest.json"));
  EXPECT_EQ(manifest["seed"].get<int>(), 1);
  EXPECT_EQ(manifest["scenario"]["time"]["end_s"].get<double>(), 900.0);
  EXPECT_NE(manifest["command_line"].get<std::string>().find("--end 900"), std::string::npos);
  std::string trips = slurp(dir / "o" / "trips.csv");
  EXPECT_EQ(
      trips.rfind(
          "vehicle,type,origin,destination,status,planned_depart_s,depart_s,arrival_s,travel_time_s,delay_s",
          0),
      0u);
  EXPECT_EQ(slurp(dir / "o" / "lanes.csv").rfind("begin_s,end_s,lane,road,queue_mean_veh", 0), 0u);
  EXPECT_EQ(slurp(dir / "o" / "signals.csv").rfind("time_s,signal,stage,target,interval,state", 0), 0u);
  fs::remove_all(dir);
}

TEST(Cli, HelpExplainsEveryOption) {
  Result r = run_ampel("run --help");
  EXPECT_EQ(r.code, 0);
  for (const char* opt : {"--controller", "--seed", "--end", "--out", "--param"})
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
  EXPECT_EQ(run_ampel("--help").code, 0);
}

// ---- bad input
// ---------------------------------------------------------------------------------------------

namespace {

struct BadCase {
  std::string name;
  std::string text;   // the whole file
  std::string place;  // expected in the message
  std::string reason;
};

nlohmann::ordered_json base_scenario() {
  return nlohmann::ordered_json::parse(slurp(kSingle));
}

std::string mutate(const std::function<void(nlohmann::ordered_json&)>& f) {
  auto j = base_scenario();
  f(j);
  return j.dump(1);
}

std::vector<BadCase> bad_cases() {
  std::string good = base_scenario().dump(1);
  std::string truncated = good.substr(0, good.size() / 2);
  std::string missing_comma = good;
  missing_comma.erase(missing_comma.find(",\n"), 1);  // the comma before a line break
  return {
      {"syntax_missing_comma", missing_comma, "line ", "JSON syntax error"},
      {"truncated", truncated, "line ", "JSON syntax error"},
      {"empty_file", "", "line 1", "JSON syntax error"},
      {"not_an_object", "[1, 2, 3]", "/", "must hold a JSON object"},
      {"unknown_road_in_flow", mutate([](auto& j) { j["flows"][0]["from"] = "nowhere"; }), "/flows/0",
       "unknown road 'nowhere'"},
      {"negative_length", mutate([](auto& j) { j["network"]["roads"][1]["length_m"] = -20; }),
       "/network/roads/1/length_m", "is -20 m; it must be from 0.01 to 100000 m"},
      {"phase_missing_movement",
       mutate([](auto& j) { j["network"]["signals"][0]["phases"][0]["green"].push_back("NC>CN"); }),
       "/network/signals/0/phases/0/green/", "NC > CN, which does not exist"},
      {"route_not_connected", mutate([](auto& j) {
         j["flows"][0].erase("from");
         j["flows"][0].erase("to");
         j["flows"][0]["route"] = {"WC", "CW"};
       }),
       "/flows/0", "not connected"},
      {"negative_rate", mutate([](auto& j) { j["flows"][2]["intervals"][0]["rate_vph"] = -5; }), "/flows/2/intervals/0/rate_vph",
       "is -5; it must be from 0 to 20000"},
      {"road_from_unknown_node", mutate([](auto& j) { j["network"]["roads"][0]["from"] = "X"; }),
       "/network/roads/0", "unknown node 'X'"},
      {"duplicate_road",
       mutate([](auto& j) { j["network"]["roads"][1]["id"] = j["network"]["roads"][0]["id"]; }),
       "/network/roads/1", "duplicate road id"},
      {"zero_lanes", mutate([](auto& j) { j["network"]["roads"][2]["lanes"] = 0; }), "/network/roads/2/lanes",
       "is 0; it must be a whole number from 1 to 16"},
      {"step_too_long", mutate([](auto& j) { j["time"]["step_s"] = 5; }), "/time/step_s",
       "from 0.1 to 1 s"},
      {"end_before_begin", mutate([](auto& j) { j["time"]["end_s"] = -10; }), "/time/end_s", "is -10 s"},
      {"misspelt_field", mutate([](auto& j) { j["network"]["roads"][0]["lenght_m"] = 100; }),
       "/network/roads/0/lenght_m", "unknown field 'lenght_m'"},
      {"wrong_type", mutate([](auto& j) { j["network"]["roads"][0]["lanes"] = "two"; }),
       "/network/roads/0/lanes", "expected a whole number"},
      {"unknown_vehicle_type", mutate([](auto& j) { j["flows"][1]["type"] = "tram"; }), "/flows/1",
       "unknown vehicle type 'tram'"},
      {"unknown_controller", mutate([](auto& j) { j["controller"]["type"] = "magic"; }), "/controller",
       "unknown controller 'magic'"},
      {"event_on_missing_lane", mutate([](auto& j) {
         j["events"] = {{{"at_s", 10}, {"type", "close_lane"}, {"road", "WC"}, {"lane", 7}}};
       }),
       "/events/0", "has no lane 7"},
      {"unreachable_destination", mutate([](auto& j) { j["flows"][0]["to"] = "CW"; }), "/flows/0",
       "cannot be reached"},
      {"negative_yellow", mutate([](auto& j) { j["network"]["signals"][0]["yellow_s"] = -3; }),
       "/network/signals/0/yellow_s", "is -3 s; it must be from 0 to 60 s"},
      {"bad_headways", mutate([](auto& j) { j["flows"][0]["headways"] = "random"; }), "/flows/0/headways",
       "unknown headways"},
  };
}

}  // namespace

TEST(Cli, BadInputGivesOneClearMessageExitTwoAndNoOutput) {
  fs::path dir = temp_dir("bad_input");
  auto cases = bad_cases();
  ASSERT_GE(cases.size(), 15u);
  for (const BadCase& c : cases) {
    fs::path file = dir / (c.name + ".json");
    std::ofstream(file) << c.text;
    fs::path out = dir / ("out_" + c.name);
    Result r = run_ampel("run " + file.string() + " --out " + out.string());
    EXPECT_EQ(r.code, 2) << c.name << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.name << ": output folder left behind";
    // One message (one line) naming the file, the place and the reason.
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(file.string()), std::string::npos) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.place), std::string::npos) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.reason), std::string::npos) << c.name << ": " << r.err;
    // validate reports the same problem.
    Result v = run_ampel("validate " + file.string());
    EXPECT_EQ(v.code, 2) << c.name;
    EXPECT_NE(v.err.find(c.reason), std::string::npos) << c.name << ": " << v.err;
  }
  Result missing = run_ampel("run " + (dir / "does_not_exist.json").string());
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("file not found"), std::string::npos);
  Result bad_param = run_ampel("run " + kSingle + " --param green=fast --out " + (dir / "p").string());
  EXPECT_EQ(bad_param.code, 2);
  EXPECT_FALSE(fs::exists(dir / "p"));
  fs::remove_all(dir);
}

TEST(Cli, ValidateListsEveryProblem) {
  fs::path dir = temp_dir("validate");
  fs::path file = dir / "many.json";
  std::ofstream(file) << mutate([](auto& j) {
    j["network"]["roads"][0]["length_m"] = -1.5;
    j["network"]["roads"][3]["speed_mps"] = 0;
    j["flows"][4]["intervals"][0]["rate_vph"] = -1;
  });
  Result r = run_ampel("validate " + file.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_GE(std::count(r.err.begin(), r.err.end(), '\n'), 3) << r.err;
  Result ok = run_ampel("validate " + kGrid);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("valid"), std::string::npos);
  fs::remove_all(dir);
}
