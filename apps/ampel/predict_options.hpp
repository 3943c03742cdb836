#pragma once
// Shared by `ampel fit` and `ampel forecast`: seed lists, predictor parameters, fitting progress.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/spec.hpp"

namespace ampel::cli {

// "11,12,13" or "11-15" (or a mix: "1,4-6"); throws InputError naming `option`.
std::vector<std::uint64_t> parse_seed_list(const std::string& text, const std::string& option);

// "ridge_rls.forgetting=0.95" (repeatable) -> parameters per predictor; throws InputError naming
// --predictor-param.
std::map<std::string, ParamMap> parse_predictor_params(const std::vector<std::string>& items);

// One line per recorded training run (the progress of predict::fit_scenario_model).
void print_fit_progress(std::size_t run, std::size_t runs, std::uint64_t seed, std::size_t bins,
                        double wall_s);

}  // namespace ampel::cli
