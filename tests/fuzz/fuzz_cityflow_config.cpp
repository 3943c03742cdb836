// libFuzzer target: a CityFlow config.json (as text) beside the small roadnet and a flow file.
#include "sim/io/cityflow/cityflow.hpp"
#include "tests/fuzz/fuzz_common.hpp"
#include "tests/fuzz/small_net.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool companions = [] {
    ampel::fuzz::write_scratch("roadnet.json", ampel::fuzz::kSmallRoadnet);
    ampel::fuzz::write_scratch("flow.json",
                               R"([{"vehicle": {"length": 5, "width": 2, "maxPosAcc": 2, "maxNegAcc": 4.5,
 "usualPosAcc": 2, "usualNegAcc": 4.5, "minGap": 2.5, "maxSpeed": 11.11, "headwayTime": 2},
 "route": ["WI", "IE"], "interval": 5, "startTime": 0, "endTime": 60}])");
    return true;
  }();
  (void)companions;
  std::string path =
      ampel::fuzz::write_scratch("config.json", std::string(reinterpret_cast<const char*>(data), size));
  return ampel::fuzz::guard([&] { ampel::fuzz::build_and_compile(ampel::io::load_cityflow_config(path)); });
}
