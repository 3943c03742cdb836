// SUMO edges keep their street names (`name`), for the live view's labels and junction panel.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "sim/io/load.hpp"
#include "sim/scenario.hpp"
#include "tests/io/io_test_util.hpp"

namespace ampel::io {
namespace {

TEST(StreetNames, HamburgEdgesKeepTheirNames) {
  std::string file = test::shared_data("sumo/hamburg_tavf/network.net.xml.gz");
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "missing " << file;
  ScenarioSpec spec = load_scenario_file(file);
  auto named = [&](const std::string& name) {
    return std::count_if(spec.network.roads.begin(), spec.network.roads.end(),
                         [&](const RoadSpec& r) { return r.name == name; });
  };
  EXPECT_GT(named("Holstenwall"), 0);
  EXPECT_GT(named("Karolinenstraße"), 0);
  // And the compiled network carries them to the roads.
  Scenario sc = compile_scenario(spec);
  const Network& net = *sc.network;
  std::size_t with_name = 0;
  for (const Road& r : net.roads()) with_name += !r.name.empty();
  EXPECT_GT(with_name, net.roads().size() / 3);  // 254 of 606 car roads carry a name
  const RoadSpec& first = *std::find_if(spec.network.roads.begin(), spec.network.roads.end(),
                                        [](const RoadSpec& r) { return r.name == "Holstenwall"; });
  EXPECT_EQ(net.road(net.find_road(first.id)).name, "Holstenwall");
}

}  // namespace
}  // namespace ampel::io
