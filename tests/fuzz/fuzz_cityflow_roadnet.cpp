// libFuzzer target: a CityFlow roadnet.json (as text) through the importer and the network builder.
#include "sim/io/cityflow/cityflow.hpp"
#include "sim/io/json_reader.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  return ampel::fuzz::guard([&] {
    ampel::ScenarioSpec spec;
    ampel::io::read_cityflow_roadnet(ampel::io::parse_json_text(text, "roadnet.json"), "roadnet.json", spec);
    ampel::fuzz::build_and_compile(spec);
  });
}
