#pragma once
// Help for a mistyped command line: "did you mean" for an unknown command or option, and every option's
// default stated in --help.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ampel::cli {

// The candidate nearest to `word` (edit distance, a swap counting once), if near enough to be a typo.
std::optional<std::string> closest(const std::string& word, const std::vector<std::string>& candidates);

// Suggestions for the words of argv that name no command or option of `app` ("unknown command 'rnu'; did
// you mean 'run'?"), one line each; empty if every word is known.
std::vector<std::string> suggestions(const CLI::App& app, int argc, const char* const* argv);

// Appends "(default: ...)" to every option's description that does not state its default yet: the value
// it is bound to, "off" for a flag, "none" for a list or an optional value.
void state_defaults(CLI::App& app);

}  // namespace ampel::cli
