#pragma once
// Helpers for tests that drive the real `ampel` binary: running it, fresh folders, comparing output trees,
// and a small experiment that takes a few seconds.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "models/registry/registry.hpp"
#include "tests/support/scratch_dir.hpp"

namespace ampel::testing {

namespace fs = std::filesystem;

struct CommandResult {
  int code = -1;
  std::string output;  // stdout and stderr
};

inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

inline CommandResult ampel(const std::string& args) {
  return run_command(std::string(AMPEL_BINARY) + " " + args);
}

// A fresh, empty folder for one test.
inline fs::path fresh_dir(const std::string& name) {
  return scratch_dir("batch_test_" + name);
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Every file under `dir` (relative path -> content), leaving out hidden entries (staging folders).
inline std::map<std::string, std::string> file_tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().filename().string().front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) out[fs::relative(it->path(), dir).string()] = read_file(it->path());
  }
  return out;
}

// Asserts two output trees hold the same files with the same bytes; names the first difference.
inline void expect_same_tree(const fs::path& a, const fs::path& b) {
  auto ta = file_tree(a), tb = file_tree(b);
  ASSERT_GT(ta.size(), 5u) << a;
  for (const auto& [name, content] : ta) {
    auto it = tb.find(name);
    ASSERT_TRUE(it != tb.end()) << name << " is in " << a << " but not in " << b;
    ASSERT_TRUE(it->second == content) << name << " differs between " << a << " and " << b;
  }
  ASSERT_EQ(ta.size(), tb.size()) << b << " holds files " << a << " does not";
}

// A second strategy to pair with fixed_time: the catalog's next one (read at run time, as the batch does).
inline std::string second_strategy() {
  for (const auto& c : controller_catalog())
    if (c.name != "fixed_time") return fmt::format("\"{}\"", c.name);
  return R"({"name": "fixed_again", "type": "fixed_time"})";
}

// 2 cases x 2 strategies x `replications` short runs of small generated scenarios.
inline std::string test_experiment(int replications) {
  return fmt::format(R"({{
  "name": "t",
  "scenarios": [
    {{"generate": "single", "name": "single", "params": {{"duration_s": 600, "main_rate_vph": 700}}}},
    {{"generate": "grid", "name": "grid", "params": {{"rows": 2, "cols": 2, "duration_s": 600,
      "morning_peak": false, "entry_rate_vph": 400}}}}
  ],
  "strategies": ["fixed_time", {}],
  "replications": {},
  "seed_base": 11,
  "warmup_s": 60,
  "kpis": ["finished.delay_s", "throughput_vph", "network.halting_mean"]
}})",
                     second_strategy(), replications);
}

}  // namespace ampel::testing
