#pragma once
// The ampel binary as a user meets it: run it with arguments, capture its exit code, stdout and stderr.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ampel::testing {

struct CommandResult {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs AMPEL_BINARY with `args` (a shell word list); stderr goes through a file named by the process id, as
// ctest runs every test in its own process.
inline CommandResult run_ampel(const std::string& args) {
  namespace fs = std::filesystem;
  fs::path err_file = fs::temp_directory_path() / ("ampel_test_err_" + std::to_string(::getpid()));
  std::string cmd = std::string(AMPEL_BINARY) + " " + args + " 2>" + err_file.string();
  CommandResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err_file);
  fs::remove(err_file);
  return r;
}

}  // namespace ampel::testing
