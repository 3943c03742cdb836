// libFuzzer target: a SUMO .sumocfg (as text) beside the small network and a route file of the seed corpora.
#include "sim/io/sumo/sumo.hpp"
#include "tests/fuzz/fuzz_common.hpp"
#include "tests/fuzz/small_net.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool companions = [] {
    ampel::fuzz::write_scratch("small.net.xml", ampel::fuzz::kSmallNet);
    ampel::fuzz::write_scratch("small.rou.xml",
                               "<routes><flow id=\"f\" from=\"WC\" to=\"CE\" begin=\"0\" end=\"60\" "
                               "period=\"10\"/></routes>\n");
    return true;
  }();
  (void)companions;
  std::string path =
      ampel::fuzz::write_scratch("small.sumocfg", std::string(reinterpret_cast<const char*>(data), size));
  return ampel::fuzz::guard([&] { ampel::fuzz::build_and_compile(ampel::io::load_sumocfg(path)); });
}
