// libFuzzer target: a CityFlow flow.json (as text) on the small roadnet of the seed corpus.
#include "sim/io/cityflow/cityflow.hpp"
#include "sim/io/json_reader.hpp"
#include "tests/fuzz/fuzz_common.hpp"
#include "tests/fuzz/small_net.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  return ampel::fuzz::guard([&] {
    ampel::ScenarioSpec spec;
    ampel::io::read_cityflow_roadnet(ampel::io::parse_json_text(ampel::fuzz::kSmallRoadnet, "roadnet.json"),
                                     "roadnet.json", spec);
    ampel::io::read_cityflow_flows(ampel::io::parse_json_text(text, "flow.json"), "flow.json", 1.0, spec);
    ampel::fuzz::build_and_compile(spec);
  });
}
