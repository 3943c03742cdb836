// The real `ampel batch`, `merge` and `compare` processes: determinism across --jobs, kill-and-resume,
// shards + merge, failed runs, malformed experiment files.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <chrono>
#include <csignal>
#include <set>
#include <thread>

#include "batch_support.hpp"

namespace ampel::testing {
namespace {

// One uninterrupted --jobs 1 batch, shared by the tests that compare against it.
class BatchCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fresh_dir("cli");
    experiment_ = root_ / "experiment.json";
    write_file(experiment_, test_experiment(6));
    reference_ = root_ / "reference";
    auto r = ampel(fmt::format("batch {} --jobs 1 --out {}", experiment_.string(), reference_.string()));
    ASSERT_EQ(r.code, 0) << r.output;
  }
  static void TearDownTestSuite() { fs::remove_all(root_); }
  static std::string batch(const fs::path& out, const std::string& extra = "") {
    return fmt::format("batch {} --out {} {}", experiment_.string(), out.string(), extra);
  }
  static inline fs::path root_, experiment_, reference_;
};

TEST_F(BatchCli, WritesRunFoldersTablesAndReport) {
  for (const char* f : {"experiment.json", "runs.csv", "summary.csv", "summary.json", "report.html"})
    EXPECT_TRUE(fs::exists(reference_ / f)) << f;
  // 2 cases x 2 strategies x 6 replications, each a complete run folder (default --keep runs: trips and
  // signals gzipped, no lanes.csv, the scenario once per case).
  std::size_t runs = 0;
  for (const auto& e : fs::directory_iterator(reference_ / "runs")) {
    ++runs;
    for (const char* f : {"summary.json", "trips.csv.gz", "signals.csv.gz", "network.csv", "manifest.json",
                          "junctions.csv", "batch_run.json"})
      EXPECT_TRUE(fs::exists(e.path() / f)) << e.path() << " lacks " << f;
    EXPECT_FALSE(fs::exists(e.path() / "lanes.csv")) << e.path();
  }
  for (const char* f : {"scenarios/single.json", "scenarios/grid.json"})
    EXPECT_TRUE(fs::exists(reference_ / f)) << f;
  EXPECT_EQ(runs, 24u);
  // runs.csv: one row per run and KPI, after the header.
  std::string runs_csv = read_file(reference_ / "runs.csv");
  EXPECT_EQ(std::count(runs_csv.begin(), runs_csv.end(), '\n'), 1 + 24 * 3);
  // Common random numbers: replication 2 of both strategies used seed 12.
  EXPECT_NE(runs_csv.find("single--fixed_time--r002,single,1,fixed_time,2,12,ok,"), std::string::npos);
  std::string summary = read_file(reference_ / "summary.csv");
  EXPECT_EQ(
      summary.rfind(
          "case,scenario,demand,strategy,kpi,unit,planned,n,gridlocked,failed,missing,mean,sd,ci95_low", 0),
      0u);
  EXPECT_EQ(std::count(summary.begin(), summary.end(), '\n'), 1 + 2 * 2 * 3);
  EXPECT_NE(summary.find("single,single,1,fixed_time,finished.delay_s,s,6,6,0,0,0,"), std::string::npos);
}

TEST_F(BatchCli, JobsOneAndTwoAreByteIdentical) {
  fs::path two = root_ / "jobs2";
  auto r = ampel(batch(two, "--jobs 2"));
  ASSERT_EQ(r.code, 0) << r.output;
  expect_same_tree(reference_, two);
}

// Starts a batch, waits until `folders` run folders exist, then sends `sig`.
void start_and_kill(const std::string& args, const fs::path& runs, std::size_t folders, int sig) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl("/bin/sh", "sh", "-c", (std::string("exec ") + AMPEL_BINARY + " " + args).c_str(), nullptr);
    ::_exit(127);
  }
  auto count = [&] {
    std::size_t n = 0;
    if (fs::exists(runs))
      for (const auto& e : fs::directory_iterator(runs)) n += e.is_directory() ? 1 : 0;
    return n;
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (count() < folders && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  // It really was stopped by the signal, before finishing.
  ASSERT_TRUE(WIFSIGNALED(status)) << "the batch ended before it could be killed";
  EXPECT_EQ(WTERMSIG(status), sig);
}

TEST_F(BatchCli, KilledBatchResumesToTheSameFiles) {
  fs::path out = root_ / "killed";
  start_and_kill(batch(out, "--jobs 2"), out / "runs", 3, SIGKILL);
  // Whatever is in runs/ is complete: every folder has its record (folders appear atomically).
  std::size_t done = 0;
  for (const auto& e : fs::directory_iterator(out / "runs")) {
    EXPECT_TRUE(fs::exists(e.path() / "batch_run.json")) << e.path();
    ++done;
  }
  ASSERT_GE(done, 3u);
  ASSERT_LT(done, 24u);
  start_and_kill(batch(out, "--jobs 1"), out / "runs", done + 2, SIGINT);
  auto r = ampel(batch(out, "--jobs 2"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("already done"), std::string::npos);
  EXPECT_EQ(r.output.find(" 0 already done"), std::string::npos) << r.output;
  expect_same_tree(reference_, out);
}

TEST_F(BatchCli, ShardsIntoOneFolderMergeToTheUnshardedResult) {
  fs::path out = root_ / "shared";
  for (int i = 1; i <= 3; ++i) {
    auto r = ampel(batch(out, fmt::format("--jobs 1 --shard {}/3", i)));
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_FALSE(fs::exists(out / "summary.csv")) << "a shard must leave the summary to merge";
    if (i == 2) {
      // Not all shards yet: merge reports the missing runs and exits 1.
      auto early = ampel(fmt::format("merge {} --out {}", out.string(), (root_ / "early").string()));
      EXPECT_EQ(early.code, 1) << early.output;
      EXPECT_NE(early.output.find("missing"), std::string::npos) << early.output;
    }
  }
  auto r = ampel(fmt::format("merge {}", out.string()));
  ASSERT_EQ(r.code, 0) << r.output;
  expect_same_tree(reference_, out);
}

TEST_F(BatchCli, ShardsInSeparateFoldersMergeToTheUnshardedResult) {
  std::string dirs;
  for (int i = 1; i <= 4; ++i) {
    fs::path d = root_ / fmt::format("part{}", i);
    auto r = ampel(batch(d, fmt::format("--jobs 1 --shard {}/4", i)));
    ASSERT_EQ(r.code, 0) << r.output;
    dirs += ' ';  // (not " " + ...: GCC 12 warns falsely on that operator+)
    dirs += d.string();
  }
  fs::path merged = root_ / "merged";
  auto r = ampel(fmt::format("merge{} --out {}", dirs, merged.string()));
  ASSERT_EQ(r.code, 0) << r.output;
  expect_same_tree(reference_, merged);
}

TEST_F(BatchCli, MergeRefusesADifferentExperiment) {
  fs::path other_exp = root_ / "other.json";
  write_file(other_exp, test_experiment(2));
  fs::path other = root_ / "other";
  ASSERT_EQ(ampel(fmt::format("batch {} --out {} --shard 1/2", other_exp.string(), other.string())).code, 0);
  auto r = ampel(
      fmt::format("merge {} {} --out {}", reference_.string(), other.string(), (root_ / "mixed").string()));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("different experiment"), std::string::npos) << r.output;
  // And a batch will not resume into a folder of another experiment.
  auto again = ampel(fmt::format("batch {} --out {}", other_exp.string(), reference_.string()));
  EXPECT_EQ(again.code, 2) << again.output;
}

TEST_F(BatchCli, KeepChoosesWhatEachRunFolderHolds) {
  fs::path exp = root_ / "keep.json";
  write_file(exp, test_experiment(1));
  auto files_of = [](const fs::path& out) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(out / "runs"))
      for (const auto& f : fs::directory_iterator(e.path())) names.insert(f.path().filename().string());
    return names;
  };
  fs::path summary = root_ / "keep_summary", all = root_ / "keep_all";
  ASSERT_EQ(ampel(fmt::format("batch {} --out {} --keep summary", exp.string(), summary.string())).code, 0);
  ASSERT_EQ(ampel(fmt::format("batch {} --out {} --keep all", exp.string(), all.string())).code, 0);
  std::set<std::string> small = files_of(summary), full = files_of(all);
  EXPECT_EQ(small, (std::set<std::string>{"batch_run.json", "junctions.csv", "manifest.json", "network.csv",
                                          "summary.json"}));
  for (const char* f : {"trips.csv", "lanes.csv", "signals.csv", "summary.json", "manifest.json"})
    EXPECT_TRUE(full.count(f)) << f;
  EXPECT_TRUE(fs::exists(summary / "scenarios" / "single.json"));
  EXPECT_FALSE(fs::exists(all / "scenarios"));  // every manifest holds its scenario
  // The figures do not depend on what is kept.
  EXPECT_EQ(read_file(summary / "summary.csv"), read_file(all / "summary.csv"));
  // A batch continues only with the --keep it was started with.
  auto r = ampel(fmt::format("batch {} --out {} --keep runs", exp.string(), summary.string()));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--keep summary"), std::string::npos) << r.output;
}

TEST(BatchFailures, GridlockedRunsAreRecordedAndTheRestComplete) {
  fs::path dir = fresh_dir("failures");
  std::string experiment = R"({
    "scenarios": [
      {"generate": "single", "name": "calm", "params": {"duration_s": 300}},
      // 2500 veh/h per entry into one-lane 120 m links: the grid locks up within minutes.
      {"generate": "grid", "name": "jam", "gridlock_after_s": 60,
       "params": {"rows": 2, "cols": 2, "lanes": 1, "spacing_m": 120, "duration_s": 900, "morning_peak": false,
                  "entry_rate_vph": 2500}}
    ],
    "strategies": ["fixed_time", "max_pressure"],
    "replications": 2
  })";
  // A strategy parameter no controller takes is found before any run starts, not in each run.
  std::string broken = experiment;
  broken.replace(broken.find("\"max_pressure\""), 14,
                 R"({"name": "broken", "type": "fixed_time", "params": {"no_such_knob": 3}})");
  write_file(dir / "broken.json", broken);
  auto refused =
      ampel(fmt::format("batch {} --out {}", (dir / "broken.json").string(), (dir / "refused").string()));
  EXPECT_EQ(refused.code, 2) << refused.output;
  EXPECT_NE(
      refused.output.find("/strategies/1/params: controller 'fixed_time' has no parameter 'no_such_knob'"),
      std::string::npos)
      << refused.output;
  EXPECT_FALSE(fs::exists(dir / "refused"));

  write_file(dir / "exp.json", experiment);
  auto r =
      ampel(fmt::format("batch {} --jobs 2 --out {}", (dir / "exp.json").string(), (dir / "out").string()));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("of 8 runs gridlocked (counted in the means, flagged), 0 failed"),
            std::string::npos)
      << r.output;
  std::string runs = read_file(dir / "out" / "runs.csv");
  EXPECT_NE(runs.find("calm--fixed_time--r001,calm,1,fixed_time,1,1,ok,all.delay_s,"), std::string::npos);
  EXPECT_NE(runs.find("calm--fixed_time--r002,calm,1,fixed_time,2,2,ok,"), std::string::npos);
  // A gridlocked run keeps its figures (a value follows the KPI name) and says what the gridlock was.
  auto gridlocked = runs.find("jam--fixed_time--r001,jam,1,fixed_time,1,1,gridlocked,all.delay_s,");
  ASSERT_NE(gridlocked, std::string::npos) << runs;
  EXPECT_NE(runs[gridlocked +
                 std::string("jam--fixed_time--r001,jam,1,fixed_time,1,1,gridlocked,all.delay_s,").size()],
            ',');
  EXPECT_NE(runs.find("gridlock: "), std::string::npos);
  std::string summary = read_file(dir / "out" / "summary.json");
  EXPECT_NE(summary.find("\"failed\": 0"), std::string::npos);
  EXPECT_NE(read_file(dir / "out" / "report.html").find("Runs that gridlocked or failed"), std::string::npos);
  // Each gridlocked run has its folder and record, so a resumed batch does not repeat it.
  EXPECT_TRUE(fs::exists(dir / "out" / "runs" / "jam--fixed_time--r002" / "batch_run.json"));
  auto again = ampel(fmt::format("batch {} --out {}", (dir / "exp.json").string(), (dir / "out").string()));
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.output.find("8 runs: 8 already done, 0 run now"), std::string::npos) << again.output;
  fs::remove_all(dir);
}

TEST(BatchInput, MalformedExperimentStopsBeforeAnyRun) {
  fs::path dir = fresh_dir("malformed");
  write_file(dir / "bad.json", R"({
    "scenarios": [{"generate": "single", "params": {"duration_s": 300}}],
    "strategies": [{"name": "x", "type": "no_such_strategy"}]
  })");
  auto r = ampel(fmt::format("batch {} --out {}", (dir / "bad.json").string(), (dir / "out").string()));
  EXPECT_EQ(r.code, 2) << r.output;
  std::string expected = fmt::format("error: {}: /strategies/0/type: unknown strategy 'no_such_strategy'",
                                     (dir / "bad.json").string());
  EXPECT_EQ(r.output.rfind(expected, 0), 0u) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out")) << "nothing may be written before the experiment is valid";

  write_file(dir / "syntax.json", "{\n  \"scenarios\": [\n    \"a.json\",,\n  ]\n}\n");
  r = ampel(fmt::format("batch {} --out {}", (dir / "syntax.json").string(), (dir / "out").string()));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find(fmt::format("error: {}: line 3, column", (dir / "syntax.json").string())),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));

  r = ampel(fmt::format("batch {} --shard 5/4", (dir / "bad.json").string()));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("--shard"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

TEST(Compare, EveryCatalogStrategyOnOneScenario) {
  fs::path dir = fresh_dir("compare");
  auto r =
      ampel(fmt::format("compare {}/scenarios/single/scenario.json --seeds 3 --end 600 --jobs 2 --out {}",
                        AMPEL_SOURCE_DIR, (dir / "out").string()));
  ASSERT_EQ(r.code, 0) << r.output;
  // A table row and a report section for every strategy of the catalog.
  std::string report = read_file(dir / "out" / "report.html");
  for (const auto& c : controller_catalog()) {
    EXPECT_NE(r.output.find("\n" + c.name + " "), std::string::npos) << c.name << "\n" << r.output;
    EXPECT_NE(report.find(c.name), std::string::npos) << c.name;
  }
  EXPECT_NE(r.output.find("report: "), std::string::npos);
  fs::remove_all(dir);
}

TEST(Compare, PairedDifferencesAgainstTheChosenBaseline) {
  fs::path dir = fresh_dir("compare_baseline");
  std::string scenario = fmt::format("{}/scenarios/single/scenario.json", AMPEL_SOURCE_DIR);
  auto r =
      ampel(fmt::format("compare {} --seeds 2 --end 300 --jobs 1 --strategies fixed_time,max_pressure "
                        "--baseline max_pressure --out {}",
                        scenario, (dir / "out").string()));
  ASSERT_EQ(r.code, 0) << r.output;
  std::string summary = read_file(dir / "out" / "summary.json");
  EXPECT_NE(summary.find("\"baseline\": \"max_pressure\""), std::string::npos) << summary.substr(0, 400);
  auto bad =
      ampel(fmt::format("compare {} --seeds 2 --strategies fixed_time,sotl --baseline webster --out {}",
                        scenario, (dir / "bad").string()));
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--baseline"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("'webster' is not one of the compared strategies"), std::string::npos)
      << bad.output;
  EXPECT_FALSE(fs::exists(dir / "bad"));
  fs::remove_all(dir);
}

TEST(Compare, KeepsAGridlockedRunInTheMeanAndFlagsIt) {
  fs::path dir = fresh_dir("compare_gridlock");
  // 2500 veh/h per entry into one-lane 120 m links: fixed time locks the grid up within minutes.
  ASSERT_EQ(
      ampel(fmt::format("generate grid --rows 2 --cols 2 --spacing 120 --lanes 1 --rate 2500 --duration 900 "
                        "--constant --out {}",
                        (dir / "jam.json").string()))
          .code,
      0);
  std::string text = read_file(dir / "jam.json");
  auto pos = text.find("\"gridlock_after_s\"");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, text.find_first_of(",}", pos) - pos, "\"gridlock_after_s\": 60");
  write_file(dir / "jam.json", text);
  auto r = ampel(fmt::format("compare {} --seeds 2 --jobs 2 --strategies fixed_time,max_pressure --out {}",
                             (dir / "jam.json").string(), (dir / "out").string()));
  EXPECT_EQ(r.code, 1) << r.output;  // gridlocked runs are flagged by the exit code too
  // The terminal table: n = 2 for fixed time, both gridlocked.
  auto row = r.output.find("\nfixed_time ");
  ASSERT_NE(row, std::string::npos) << r.output;
  std::string line = r.output.substr(row + 1, r.output.find('\n', row + 1) - row - 1);
  EXPECT_NE(line.find("2/2"), std::string::npos) << line;
  EXPECT_NE(line.find("2 !"), std::string::npos) << line;
  // The mean is over both runs, with their all-vehicle figures.
  std::string runs = read_file(dir / "out" / "runs.csv");
  double sum = 0;
  int count = 0;
  std::istringstream in(runs);
  for (std::string l; std::getline(in, l);) {
    if (l.find(",fixed_time,") == std::string::npos || l.find(",all.delay_s,") == std::string::npos) continue;
    EXPECT_NE(l.find(",gridlocked,"), std::string::npos) << l;
    sum += std::stod(l.substr(l.find(",all.delay_s,") + 13));
    ++count;
  }
  ASSERT_EQ(count, 2);
  std::string summary = read_file(dir / "out" / "summary.csv");
  auto cell = summary.find("fixed_time,all.delay_s,s,2,2,2,0,0,");
  ASSERT_NE(cell, std::string::npos) << summary;
  double mean = std::stod(summary.substr(cell + std::string("fixed_time,all.delay_s,s,2,2,2,0,0,").size()));
  EXPECT_NEAR(mean, sum / 2, 1e-3 * sum);
  EXPECT_NE(read_file(dir / "out" / "report.html").find("gridlocked"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Compare, AScenarioWithoutVehiclesIsRefused) {
  fs::path dir = fresh_dir("compare_empty");
  ASSERT_EQ(ampel(fmt::format("generate grid --rows 2 --cols 2 --rate 0 --duration 600 --out {}",
                              (dir / "empty.json").string()))
                .code,
            0);
  auto r = ampel(
      fmt::format("compare {} --seeds 2 --out {}", (dir / "empty.json").string(), (dir / "out").string()));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("has no vehicles"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("empty.json"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ampel::testing
