// libFuzzer target: a SUMO route file (as text) on the small network of the seed corpus.
#include "sim/io/sumo/sumo.hpp"
#include "tests/fuzz/fuzz_common.hpp"
#include "tests/fuzz/small_net.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  return ampel::fuzz::guard(
      [&] { ampel::fuzz::build_and_compile(ampel::io::load_sumo_texts(ampel::fuzz::kSmallNet, {text})); });
}
