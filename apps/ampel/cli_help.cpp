#include "apps/ampel/cli_help.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace ampel::cli {

namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::vector<std::string> long_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app.get_options())
    for (const std::string& n : o->get_lnames()) out.push_back("--" + n);
  return out;
}

}  // namespace

std::optional<std::string> closest(const std::string& word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_d = 0, best_common = 0;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(word, c);
    bool prefix = word.size() >= 3 && c.rfind(word, 0) == 0;
    if (prefix) d = std::min<std::size_t>(d, 1);
    // Ties go to the candidate sharing the longer beginning ("--sped": "--speed", not "--seed").
    std::size_t common = 0;
    while (common < word.size() && common < c.size() && word[common] == c[common]) ++common;
    if (!best || d < best_d || (d == best_d && common > best_common))
      best = c, best_d = d, best_common = common;
  }
  // A typo: at most a third of the word wrong (and at least one edit allowed).
  if (best && best_d <= std::max<std::size_t>(1, word.size() / 3)) return best;
  return std::nullopt;
}

std::vector<std::string> suggestions(const CLI::App& app, int argc, const char* const* argv) {
  std::vector<std::string> out;
  std::vector<std::string> commands;
  const CLI::App* sub = nullptr;
  std::vector<const CLI::App*> subs = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* s : subs) commands.push_back(s->get_name());
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--") break;
    if (word.rfind("--", 0) == 0) {
      std::string name = word.substr(0, word.find('='));
      std::vector<std::string> known = long_names(app);
      if (sub) {
        auto own = long_names(*sub);
        known.insert(known.end(), own.begin(), own.end());
      }
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      if (auto c = closest(name, known))
        out.push_back(fmt::format("unknown option '{}'; did you mean '{}'?", name, *c));
      else
        out.push_back(fmt::format("unknown option '{}' (see {} --help)", name,
                                  sub ? "ampel " + sub->get_name() : "ampel"));
      continue;
    }
    if (word.rfind('-', 0) == 0) continue;
    if (sub) {
      // A command of the command (`generate grid`): its options are the ones to check.
      for (const CLI::App* nested : sub->get_subcommands([](const CLI::App*) { return true; }))
        if (nested->get_name() == word) {
          sub = nested;
          break;
        }
      continue;
    }
    // The first plain word names the command.
    auto it = std::find(commands.begin(), commands.end(), word);
    if (it != commands.end()) {
      sub = subs[static_cast<std::size_t>(it - commands.begin())];
      continue;
    }
    if (auto c = closest(word, commands))
      out.push_back(fmt::format("unknown command '{}'; did you mean '{}'?", word, *c));
    else
      out.push_back(fmt::format("unknown command '{}'; the commands are listed by ampel --help", word));
    break;
  }
  return out;
}

void state_defaults(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    for (CLI::Option* o : sub->get_options([](const CLI::Option* o) { return !o->get_positional(); })) {
      if (o->get_lnames() == std::vector<std::string>{"help"}) continue;
      std::string desc = o->get_description();
      if (desc.find("default") != std::string::npos) continue;
      std::string value;
      if (o->get_expected_min() == 0) {
        value = "off";
      } else {
        o->capture_default_str();
        value = o->get_default_str();
        o->default_str("");  // stated in the description instead of after the type
        if (value.empty() || value == "[]" || o->get_expected_max() > 1) value = "none";
      }
      o->description(fmt::format("{} (default: {})", desc, value));
    }
    state_defaults(*sub);
  }
}

}  // namespace ampel::cli
