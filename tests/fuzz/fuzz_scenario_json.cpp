// libFuzzer target: an ampel scenario JSON file (as text), through the loader and the compiler.
#include "sim/io/json_reader.hpp"
#include "sim/io/scenario_json.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  return ampel::fuzz::guard([&] {
    ampel::ScenarioSpec spec =
        ampel::io::scenario_from_json(ampel::io::parse_json_text(text, "scenario.json"), "scenario.json");
    ampel::fuzz::build_and_compile(spec);
  });
}
