#pragma once
// Shared by `ampel fit` and `ampel forecast`: seed lists and fitting a prediction model from simulated runs.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/predict/fit.hpp"
#include "models/predict/model.hpp"
#include "sim/scenario.hpp"

namespace ampel::cli {

// "11,12,13" or "11-15" (or a mix: "1,4-6"); throws InputError naming `option`.
std::vector<std::uint64_t> parse_seed_list(const std::string& text, const std::string& option);

// Simulates `scenario` (with its controller) once per seed and fits a model; prints progress unless quiet.
predict::PredictionModel fit_scenario_model(std::shared_ptr<const Scenario> scenario,
                                            const std::vector<std::uint64_t>& seeds,
                                            const predict::FitOptions& options, bool quiet);

}  // namespace ampel::cli
