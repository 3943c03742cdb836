#pragma once
// Shared by the fuzz targets: bad input must end in InputError (a clear message), never in a crash, a hang
// or undefined behaviour. Whatever loads is also built into a network, so the builder sees odd input too.
#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/error.hpp"
#include "sim/network.hpp"
#include "sim/scenario.hpp"

namespace ampel::fuzz {

inline void build_and_compile(const ScenarioSpec& spec) {
  try {
    compile_scenario(spec);
  } catch (const InputError&) {
  }
}

template <class F>
int guard(F&& f) {
  try {
    f();
  } catch (const InputError&) {
  }
  return 0;
}

// For loaders that read files by name (configs naming their companions): a folder of this process's own.
inline const std::filesystem::path& scratch_folder() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("ampel_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline std::string write_scratch(const std::string& name, const std::string& text) {
  std::filesystem::path p = scratch_folder() / name;
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  return p.string();
}

}  // namespace ampel::fuzz
