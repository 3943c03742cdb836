#include "sim/error.hpp"

namespace ampel {

std::string Problem::to_string() const {
  std::string out;
  if (!file.empty()) out += file;
  if (!place.empty()) out += (out.empty() ? "" : ": ") + place;
  out += (out.empty() ? "" : ": ") + reason;
  return out;
}

static std::string join_problems(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += '\n';
    out += p.to_string();
  }
  return out;
}

InputError::InputError(std::vector<Problem> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

InputError::InputError(std::string file, std::string place, std::string reason)
    : InputError(std::vector<Problem>{{std::move(file), std::move(place), std::move(reason)}}) {}

}  // namespace ampel
