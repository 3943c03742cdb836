// libFuzzer target: an experiment file (as text), read, checked and its scenarios compiled (generated ones,
// or the small SUMO network written beside it as small.net.xml / small.rou.xml).
#include "analysis/experiment.hpp"
#include "tests/fuzz/fuzz_common.hpp"
#include "tests/fuzz/small_net.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool companions = [] {
    ampel::fuzz::write_scratch("small.net.xml", ampel::fuzz::kSmallNet);
    return true;
  }();
  (void)companions;
  std::string path =
      ampel::fuzz::write_scratch("experiment.json", std::string(reinterpret_cast<const char*>(data), size));
  return ampel::fuzz::guard([&] { ampel::batch::load_experiment(path); });
}
