#pragma once
// Errors at API boundaries carry the file, the place in it and the reason.
#include <stdexcept>
#include <string>
#include <vector>

namespace ampel {

struct Problem {
  std::string file;    // path of the input file, may be empty for generated input
  std::string place;   // "line 12", "line 3, column 7" or a JSON path such as "/network/roads/4/length_m"
  std::string reason;  // what is wrong, in plain words
  std::string to_string() const;
};

// Thrown for bad input; holds every problem found, so `ampel validate` can list them all.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Problem> problems);
  InputError(std::string file, std::string place, std::string reason);
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// Collects problems while a builder or parser walks its input, then throws them together.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file = {}) : file_(std::move(file)) {}
  void error(std::string place, std::string reason) {
    problems_.push_back({file_, std::move(place), std::move(reason)});
  }
  void error_in(std::string file, std::string place, std::string reason) {
    problems_.push_back({std::move(file), std::move(place), std::move(reason)});
  }
  bool ok() const { return problems_.empty(); }
  const std::string& file() const { return file_; }
  void throw_if_any() const {
    if (!problems_.empty()) throw InputError(problems_);
  }

 private:
  std::string file_;
  std::vector<Problem> problems_;
};

}  // namespace ampel
