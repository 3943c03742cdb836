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

namespace ampel::test {

namespace fs = std::filesystem;

inline fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("ampel_io_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
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

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string shared_data(const std::string& rel) {
  return std::string(AMPEL_SHARED_DATA) + "/" + rel;
}

struct CommandResult {
  int code = -1;
  std::string out, err;
};

inline CommandResult run_ampel(const std::string& args) {
  fs::path err_file = fs::temp_directory_path() / ("ampel_io_err_" + std::to_string(::getpid()));
  std::string cmd = std::string(AMPEL_BINARY) + " " + args + " 2>" + err_file.string();
  CommandResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err_file);
  fs::remove(err_file);
  return r;
}

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
