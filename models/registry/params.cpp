#include "models/registry/params.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "sim/error.hpp"

namespace ampel {

ParamReader::ParamReader(const ParamMap& params, std::string owner, std::string file, std::string where)
    : params_(params), owner_(std::move(owner)), file_(std::move(file)), where_(std::move(where)) {}

double ParamReader::number(const std::string& key, double fallback, double min, double max) {
  used_.insert(key);
  auto it = params_.find(key);
  if (it == params_.end()) return fallback;
  if (!std::holds_alternative<double>(it->second)) {
    problems_.push_back(fmt::format("{} parameter '{}' must be a number, not '{}'", owner_, key,
                                    std::get<std::string>(it->second)));
    return fallback;
  }
  double v = std::get<double>(it->second);
  if (!(v >= min && v <= max)) {
    problems_.push_back(
        fmt::format("{} parameter '{}' is {}; it must be between {} and {}", owner_, key, v, min, max));
    return fallback;
  }
  return v;
}

std::string ParamReader::choice(const std::string& key, const std::string& fallback,
                                const std::vector<std::string>& allowed) {
  std::string v = text(key, fallback);
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    problems_.push_back(fmt::format("{} parameter '{}' is '{}'; known: {}", owner_, key, v, list));
    return fallback;
  }
  return v;
}

std::string ParamReader::text(const std::string& key, const std::string& fallback) {
  used_.insert(key);
  auto it = params_.find(key);
  if (it == params_.end()) return fallback;
  if (!std::holds_alternative<std::string>(it->second)) {
    problems_.push_back(fmt::format("{} parameter '{}' must be text", owner_, key));
    return fallback;
  }
  return std::get<std::string>(it->second);
}

void ParamReader::finish() const {
  std::vector<Problem> all;
  for (const auto& p : problems_) all.push_back({file_, where_, p});
  for (const auto& [key, value] : params_) {
    if (used_.count(key)) continue;
    std::string known;
    for (const auto& u : used_) known += (known.empty() ? "" : ", ") + u;
    all.push_back({file_, where_,
                   fmt::format("{} has no parameter '{}'{}", owner_, key,
                               known.empty() ? std::string(" (it takes none)") : " (known: " + known + ")")});
  }
  if (!all.empty()) throw InputError(all);
}

}  // namespace ampel
