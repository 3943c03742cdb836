// The hostile-input corpus (tests/hostile/cases.txt): every case is a bad input a planner might give ampel by
// mistake or on purpose. Each must end with exit code 2, messages naming the file (or option), the place and
// the reason, and nothing written: the case's folder holds exactly what it held before.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_ampel.hpp"
#include "tests/support/scratch_dir.hpp"

namespace ampel::testing {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  std::vector<std::vector<std::string>> steps;  // directives that build the case's files, in order
  std::vector<std::string> contents;            // the text of each `file` step (index by step order)
  std::string args;                             // the ampel command line
  std::vector<std::string> expects;             // fragments stderr must contain
  int errors = -1;                              // exact number of "error:" lines, when given
  std::string needs;                            // a shared data file the case reads
  std::string pending;                          // whose work the case waits for (skipped until it lands)
};

std::vector<std::string> words(const std::string& line, std::size_t max_words) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size() && out.size() + 1 < max_words) {
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t j = line.find(' ', i);
    if (j == std::string::npos) j = line.size();
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  while (i < line.size() && line[i] == ' ') ++i;
  if (i < line.size()) out.push_back(line.substr(i));
  return out;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? '\0' : c == 's' ? ' ' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<Case> load_cases() {
  std::ifstream in(std::string(AMPEL_SOURCE_DIR) + "/tests/hostile/cases.txt");
  std::vector<Case> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("== ", 0) == 0) {
      cases.push_back({});
      cases.back().name = line.substr(3);
      continue;
    }
    if (cases.empty()) continue;
    Case& c = cases.back();
    std::vector<std::string> w = words(line, 2);
    const std::string& op = w[0];
    std::string rest = w.size() > 1 ? w[1] : "";
    if (op == "run") {
      c.args = rest;
    } else if (op == "expect") {
      c.expects.push_back(rest);
    } else if (op == "errors") {
      c.errors = std::stoi(rest);
    } else if (op == "pending") {
      c.pending = rest;
    } else if (op == "needs") {
      c.needs = rest;
    } else if (op == "file") {
      std::string text;
      while (std::getline(in, line) && line != "..") text += line + "\n";
      c.steps.push_back({"file", rest});
      c.contents.push_back(text);
    } else {
      std::vector<std::string> step = words(line, op == "set" || op == "replace" ? 4 : 3);
      c.steps.push_back(step);
      c.contents.push_back("");
    }
  }
  return cases;
}

std::string expand(std::string s, const fs::path& dir) {
  auto replace = [&](const std::string& key, const std::string& value) {
    for (std::size_t p; (p = s.find(key)) != std::string::npos;) s.replace(p, key.size(), value);
  };
  replace("{dir}", dir.string());
  replace("{repo}", AMPEL_SOURCE_DIR);
  replace("{data}", AMPEL_SHARED_DATA);
  return s;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Builds one case's files in `dir`.
void build(const Case& c, const fs::path& dir) {
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const std::vector<std::string>& s = c.steps[i];
    const std::string& op = s[0];
    fs::path target = dir / (s.size() > 1 ? s[1] : "");
    if (op == "file") {
      write(target, c.contents[i]);
    } else if (op == "copy") {
      write(target, slurp(expand(s.at(2), dir)));
    } else if (op == "mkdir") {
      fs::create_directories(target);
    } else if (op == "append") {
      write(target, slurp(target) + unescape(s.at(2)));
    } else if (op == "set" || op == "del") {
      // JSON edits keep key order; the new value is spliced in as raw text (it may be what no JSON library
      // writes: 1e999, a duplicate key, a bare word).
      auto j = nlohmann::ordered_json::parse(slurp(target), nullptr, true, true);
      nlohmann::ordered_json::json_pointer ptr(s.at(2));
      if (op == "del") {
        j[ptr.parent_pointer()].erase(ptr.back());
        write(target, j.dump(1));
        continue;
      }
      j[ptr] = "@@VALUE@@";
      std::string text = j.dump(1);
      text.replace(text.find("\"@@VALUE@@\""), 11, s.at(3));
      write(target, text);
    } else if (op == "replace") {  // replace F OLD NEW (words; \s is a space)
      std::string text = slurp(target), from = unescape(s.at(2)), to = unescape(s.at(3));
      auto at = text.find(from);
      ASSERT_NE(at, std::string::npos) << c.name << ": no '" << from << "' in " << s[1];
      write(target, text.replace(at, from.size(), to));
    } else if (op == "truncate") {
      write(target, slurp(target).substr(0, std::stoull(s.at(2))));
    } else if (op == "gzip") {
      write(target, gzip(slurp(dir / s.at(2))));
    } else if (op == "zeros_gz") {
      write(target, gzip(std::string(std::stoull(s.at(2)) << 20, '0')));
    } else {
      FAIL() << "unknown directive " << op;
    }
  }
}

// Every file under `dir` with its bytes: what the run must leave untouched.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string rel = fs::relative(e.path(), dir).string();
    files[rel] = e.is_regular_file() ? slurp(e.path()) : std::string("<folder>");
  }
  return files;
}

// ampel run from the case's folder, so that a default output folder (runs/...) would show up in it too.
CommandResult run_in(const fs::path& dir, const std::string& args) {
  fs::path err_file = dir.parent_path() / (dir.filename().string() + ".stderr");
  std::string cmd =
      "cd '" + dir.string() + "' && " + AMPEL_BINARY + " " + args + " 2>'" + err_file.string() + "'";
  CommandResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err_file);
  fs::remove(err_file);
  return r;
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class Hostile : public ::testing::TestWithParam<Case> {};

TEST_P(Hostile, ExitsTwoNamesTheProblemAndWritesNothing) {
  const Case& c = GetParam();
  if (!c.needs.empty() && !fs::exists(expand(c.needs, {})))
    GTEST_SKIP() << "needs " << expand(c.needs, {}) << " (shared data)";
  if (!c.pending.empty()) GTEST_SKIP() << "pending: " << c.pending;
  ASSERT_FALSE(c.args.empty()) << "case without `run`";
  fs::path dir = scratch_dir("hostile_" + c.name);
  build(c, dir);
  auto before = snapshot(dir);
  CommandResult r = run_in(dir, expand(c.args, dir));
  EXPECT_EQ(r.code, 2) << c.args << "\n" << r.err;
  for (const std::string& e : c.expects)
    EXPECT_NE(r.err.find(expand(e, dir)), std::string::npos) << e << "\n" << r.err;
  std::size_t lines = 0;
  std::istringstream err(r.err);
  for (std::string line; std::getline(err, line);)
    if (line.rfind("error: ", 0) == 0) {
      ++lines;
      EXPECT_GT(line.size(), 20u) << "a message that says little: " << line;
    }
  EXPECT_GE(lines, 1u) << r.err;
  if (c.errors >= 0) {
    EXPECT_EQ(lines, static_cast<std::size_t>(c.errors)) << r.err;
  }
  auto after = snapshot(dir);
  for (const auto& [name, bytes] : after) EXPECT_TRUE(before.count(name)) << "left behind: " << name;
  for (const auto& [name, bytes] : before) {
    auto it = after.find(name);
    EXPECT_TRUE(it != after.end() && it->second == bytes) << "changed or removed: " << name;
  }
}

std::string test_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n;
  for (char ch : info.param.name) n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, Hostile, ::testing::ValuesIn(load_cases()), test_name);

// Names from files become folder names only after sanitising, inside runs/, of a length file systems accept.
TEST(HostileNames, ExperimentAndScenarioNamesStayInsideRuns) {
  fs::path dir = scratch_dir("hostile_names") / "a" / "b";
  write(dir / "e.json", R"({"name": "../../escaped_name", "replications": 1, "strategies": ["fixed_time"],
    "scenarios": [{"generate": "single", "name": "single", "params": {"duration_s": 120}}]})");
  auto spec =
      nlohmann::ordered_json::parse(slurp(fs::path(AMPEL_SOURCE_DIR) / "scenarios/single/scenario.json"));
  spec["name"] = std::string(100000, 'x') + "/../../..";
  write(dir / "s.json", spec.dump());
  ASSERT_EQ(run_in(dir, "batch e.json --jobs 1").code, 0);
  ASSERT_EQ(run_in(dir, "run s.json --end 60 --quiet").code, 0);
  // Nothing above the folder the commands ran in.
  for (const auto& e : fs::recursive_directory_iterator(dir.parent_path().parent_path()))
    if (e.path() != dir.parent_path()) {
      EXPECT_EQ(e.path().string().rfind(dir.string(), 0), 0u) << e.path();
    }
  EXPECT_TRUE(fs::exists(dir / "runs" / "escaped_name" / "summary.csv"));
  std::size_t folders = 0;
  for (const auto& e : fs::directory_iterator(dir / "runs")) {
    ++folders;
    EXPECT_LE(e.path().filename().string().size(), 255u);
  }
  EXPECT_EQ(folders, 2u);
}

TEST(HostileCorpus, HasAtLeast150Cases) {
  EXPECT_GE(load_cases().size(), 150u);
}

}  // namespace
}  // namespace ampel::testing
