#pragma once
// Helpers for the import tests: temporary folders, files written from strings, running the ampel binary.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/error.hpp"
#include "tests/support/run_ampel.hpp"
#include "tests/support/scratch_dir.hpp"
#include "tests/support/shared_data.hpp"

namespace ampel::test {

namespace fs = std::filesystem;

inline fs::path temp_dir(const std::string& name) {
  return ampel::testing::scratch_dir("io_" + name);
}

inline fs::path write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

inline fs::path write_gz(const fs::path& path, const std::string& text) {
  gzFile f = gzopen(path.string().c_str(), "wb");
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  return path;
}

using testing::slurp;

inline std::string shared_data(const std::string& rel) {
  return std::string(AMPEL_SHARED_DATA) + "/" + rel;
}

using testing::CommandResult;
using testing::run_ampel;

// Runs `f`, expecting an InputError; returns its first problem.
template <class F>
Problem expect_input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.problems().front();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

}  // namespace ampel::test
