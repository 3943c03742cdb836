// The command line helps with typos and states every option's default.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "tests/support/run_ampel.hpp"

namespace ampel {
namespace {

using testing::run_ampel;

TEST(CliHelp, MistypedCommandGetsASuggestion) {
  auto r = run_ampel("rnu scenarios/single/scenario.json");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown command 'rnu'; did you mean 'run'?"), std::string::npos) << r.err;
  r = run_ampel("comapre x");
  EXPECT_NE(r.err.find("did you mean 'compare'?"), std::string::npos) << r.err;
  r = run_ampel("frobnicate");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
}

TEST(CliHelp, MistypedOptionGetsASuggestion) {
  auto r = run_ampel("run " + std::string(AMPEL_SOURCE_DIR) +
                     "/scenarios/single/scenario.json --controler max_pressure");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown option '--controler'; did you mean '--controller'?"), std::string::npos)
      << r.err;
  r = run_ampel("compare x --seed 3");  // compare has --seeds
  EXPECT_NE(r.err.find("did you mean '--seeds'?"), std::string::npos) << r.err;
}

TEST(CliHelp, EveryOptionStatesItsDefault) {
  auto top = run_ampel("--help");
  ASSERT_EQ(top.code, 0);
  std::istringstream commands(top.out.substr(top.out.find("Subcommands:")));
  std::string line;
  std::vector<std::string> names;
  std::getline(commands, line);
  while (std::getline(commands, line)) {
    std::smatch m;
    if (std::regex_search(line, m, std::regex("^  ([a-z]+) "))) names.push_back(m[1]);
  }
  ASSERT_GE(names.size(), 9u);
  for (std::size_t n = 0; n < names.size(); ++n) {
    const std::string name = names[n];
    auto help = run_ampel(name + " --help");
    ASSERT_EQ(help.code, 0) << name;
    // A command made of subcommands ("generate grid"): check those instead.
    if (auto at = help.out.find("Subcommands:"); at != std::string::npos) {
      std::istringstream subs(help.out.substr(at));
      std::getline(subs, line);
      while (std::getline(subs, line)) {
        std::smatch m;
        if (std::regex_search(line, m, std::regex("^  ([a-z]+) ")))
          names.push_back(name + " " + std::string(m[1]));
      }
      continue;
    }
    // Each option's text runs from its "  -x,--name" line to the next one.
    std::string text = help.out.substr(help.out.find("Options:"));
    std::regex option("\n  (-[^\n]*)((\n {10,}[^\n]*)*)");
    int checked = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), option); it != std::sregex_iterator();
         ++it) {
      std::string entry = (*it)[0];
      if (entry.find("--help") != std::string::npos) continue;
      EXPECT_NE(entry.find("default"), std::string::npos) << "ampel " << name << ":" << entry;
      ++checked;
    }
    EXPECT_GE(checked, 1) << name;
  }
}

TEST(CliHelp, RunSaysWhichFormatsItReads) {
  auto r = run_ampel("run --help");
  EXPECT_NE(r.out.find("SUMO"), std::string::npos);
  EXPECT_NE(r.out.find("CityFlow"), std::string::npos);
}

}  // namespace
}  // namespace ampel
