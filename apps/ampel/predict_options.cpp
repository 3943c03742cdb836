#include "apps/ampel/predict_options.hpp"

#include <fmt/format.h>
#include <charconv>
#include <sstream>

#include "sim/error.hpp"

namespace ampel::cli {

std::vector<std::uint64_t> parse_seed_list(const std::string& text, const std::string& option) {
  std::vector<std::uint64_t> out;
  std::stringstream in(text);
  std::string item;
  auto number = [&](const std::string& s) {
    std::uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
      throw InputError("", option, fmt::format("'{}' is not a seed (a whole number >= 0)", s));
    return v;
  };
  while (std::getline(in, item, ',')) {
    if (item.empty()) continue;
    auto dash = item.find('-');
    if (dash == std::string::npos) {
      out.push_back(number(item));
      continue;
    }
    std::uint64_t a = number(item.substr(0, dash)), b = number(item.substr(dash + 1));
    if (b < a || b - a > 10000)
      throw InputError("", option, fmt::format("'{}' is not a range of seeds", item));
    for (std::uint64_t s = a; s <= b; ++s) out.push_back(s);
  }
  if (out.empty()) throw InputError("", option, "no seeds given");
  return out;
}

std::map<std::string, ParamMap> parse_predictor_params(const std::vector<std::string>& items) {
  std::map<std::string, ParamMap> out;
  for (const std::string& item : items) {
    auto dot = item.find('.'), eq = item.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot == 0 || eq < dot + 2)
      throw InputError("", "--predictor-param", fmt::format("'{}' is not predictor.key=value", item));
    std::string value = item.substr(eq + 1);
    ParamMap& m = out[item.substr(0, dot)];
    try {
      std::size_t used = 0;
      double d = std::stod(value, &used);
      if (used == value.size()) {
        m[item.substr(dot + 1, eq - dot - 1)] = d;
        continue;
      }
    } catch (const std::exception&) {
    }
    m[item.substr(dot + 1, eq - dot - 1)] = value;
  }
  return out;
}

void print_fit_progress(std::size_t run, std::size_t runs, std::uint64_t seed, std::size_t bins,
                        double wall_s) {
  fmt::print("  run {}/{} (seed {}): {} bins in {:.1f} s\n", run, runs, seed, bins, wall_s);
}

}  // namespace ampel::cli
