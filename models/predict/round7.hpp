#pragma once
// Model files store coefficients to 7 significant digits: the files stay readable and diff well, and a model
// read back predicts the same to well below the forecasts' resolution.
#include <fmt/format.h>

#include <cmath>
#include <string>

namespace ampel::predict {

inline double round7(double x) {
  if (x == 0.0 || !std::isfinite(x)) return 0.0;
  return std::stod(fmt::format("{:.7g}", x));
}

}  // namespace ampel::predict
