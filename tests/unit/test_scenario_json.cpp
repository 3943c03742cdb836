#include <gtest/gtest.h>

#include "sim/io/generators.hpp"
#include "sim/io/scenario_json.hpp"
#include "sim/scenario.hpp"

namespace ampel {

TEST(ScenarioJson, WritingAndReadingBackGivesTheSameScenario) {
  for (const ScenarioSpec& spec :
       {io::make_single_intersection({}), io::make_arterial({}), io::make_grid({})}) {
    auto first = io::scenario_to_json(spec);
    auto parsed = io::scenario_from_json(nlohmann::json::parse(first.dump()), "roundtrip.json");
    auto second = io::scenario_to_json(parsed);
    EXPECT_EQ(first.dump(), second.dump()) << spec.name;
    EXPECT_NO_THROW(compile_scenario(parsed));
  }
}

TEST(ScenarioJson, BundledScenariosAreWhatTheGeneratorsMake) {
  // The bundled files are generated; this pins them to the generators (regenerate with `ampel generate`).
  auto bundled = [](const char* rel) {
    return io::scenario_to_json(io::load_scenario_json(std::string(AMPEL_SOURCE_DIR) + "/" + rel)).dump();
  };
  EXPECT_EQ(bundled("scenarios/single/scenario.json"),
            io::scenario_to_json(io::make_single_intersection({})).dump());
  EXPECT_EQ(bundled("scenarios/arterial/scenario.json"), io::scenario_to_json(io::make_arterial({})).dump());
  EXPECT_EQ(bundled("scenarios/grid4x4/scenario.json"), io::scenario_to_json(io::make_grid({})).dump());
}

TEST(ScenarioJson, CommentsAndProfilesAreAccepted) {
  const char* text = R"({
    // a comment
    "name": "tiny",
    "network": {
      "nodes": [{"id": "A", "x_m": 0, "y_m": 0, "kind": "fringe"}, {"id": "B", "x_m": 500, "y_m": 0, "kind": "fringe"}],
      "roads": [{"id": "AB", "from": "A", "to": "B"}]
    },
    "profiles": {"peak": [{"begin_s": 0, "end_s": 600, "factor": 0.5}, {"begin_s": 600, "end_s": 1200, "factor": 1.0}]},
    /* block comment */
    "flows": [{"id": "f", "route": ["AB"], "rate_vph": 400, "profile": "peak"}]
  })";
  auto spec = io::scenario_from_json(nlohmann::json::parse(text, nullptr, true, true), "tiny.json");
  ASSERT_EQ(spec.flows.size(), 1u);
  ASSERT_EQ(spec.flows[0].profile.size(), 2u);
  EXPECT_DOUBLE_EQ(spec.flows[0].profile[0].rate_vph, 200.0);
  EXPECT_DOUBLE_EQ(spec.flows[0].profile[1].rate_vph, 400.0);
}

}  // namespace ampel
