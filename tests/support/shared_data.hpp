#pragma once
// Tests that read ../shared/data (real networks, never copied into the repository) skip, naming the missing
// file, where a fresh clone does not have it: configure with -DAMPEL_SHARED_DATA=<folder> to run them.
#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <string>

namespace ampel::testing {

// The first of `paths` that does not exist, or "" if all do.
inline std::string first_missing(std::initializer_list<std::string> paths) {
  for (const std::string& p : paths)
    if (!p.empty() && !std::filesystem::exists(p)) return p;
  return {};
}

}  // namespace ampel::testing

// Skips the current test unless every file exists.
#define AMPEL_SKIP_WITHOUT(...)                                                                             \
  if (std::string ampel_missing_ = ::ampel::testing::first_missing({__VA_ARGS__}); !ampel_missing_.empty()) \
  GTEST_SKIP() << "needs " << ampel_missing_                                                                \
               << " (shared data, not in the repository; configure with -DAMPEL_SHARED_DATA=<folder>)"
