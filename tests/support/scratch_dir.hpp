#pragma once
// A fresh, empty folder for one test process under the system's temporary folder, removed when the process
// exits (each test runs in its own process under ctest). AMPEL_KEEP_TEST_DIRS=1 keeps them to look into a
// failure.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace ampel::testing {

inline void remove_at_exit(const std::filesystem::path& dir) {
  struct Cleaner {
    std::vector<std::filesystem::path> dirs;
    ~Cleaner() {
      if (std::getenv("AMPEL_KEEP_TEST_DIRS")) return;
      for (const auto& d : dirs) {
        std::error_code ignored;
        std::filesystem::remove_all(d, ignored);
      }
    }
  };
  static Cleaner cleaner;
  cleaner.dirs.push_back(dir);
}

// <tmp>/ampel_<name>_<pid>, emptied and created.
inline std::filesystem::path scratch_dir(const std::string& name) {
  namespace fs = std::filesystem;
  fs::path d = fs::temp_directory_path() / ("ampel_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  remove_at_exit(d);
  return d;
}

}  // namespace ampel::testing
