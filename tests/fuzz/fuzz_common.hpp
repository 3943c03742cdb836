#pragma once
// Shared by the fuzz targets: bad input must end in InputError (a clear message), never in a crash, a hang
// or undefined behaviour. Whatever loads is also built into a network, so the builder sees odd input too.
#include <cstddef>
#include <cstdint>
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

}  // namespace ampel::fuzz
