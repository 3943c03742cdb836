#pragma once
// Reads a controller's or predictor's parameters with checks: every value in range with its unit in the
// name, unknown keys rejected (a misspelt parameter must not be silently ignored).
#include <set>
#include <string>
#include <vector>

#include "sim/spec.hpp"

namespace ampel {

class ParamReader {
 public:
  // `owner` names the strategy in messages; `file` and `where` locate the definition.
  ParamReader(const ParamMap& params, std::string owner, std::string file, std::string where);

  // A number in [min, max]; the default when absent.
  double number(const std::string& key, double fallback, double min, double max);
  // A string from `allowed`; the default when absent.
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& allowed);
  std::string text(const std::string& key, const std::string& fallback);
  // Records a problem that involves several parameters (e.g. a minimum above its maximum).
  void problem(const std::string& reason) { problems_.push_back(owner_ + ": " + reason); }
  // Throws InputError listing every problem (bad values and unknown keys) found so far.
  void finish() const;

 private:
  const ParamMap& params_;
  std::string owner_, file_, where_;
  std::set<std::string> used_;
  std::vector<std::string> problems_;
};

}  // namespace ampel
