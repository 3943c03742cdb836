#pragma once
// Reading JSON input with precise complaints. The parser (json_parse.cpp) names the line and column of a
// syntax error, of a key given twice and of a number beyond the range of a double; then every value is read
// through a Field that knows its JSON path, so a wrong type, a missing field, a value out of its documented
// range or an unknown (misspelt) key is reported as "file: /network/roads/3/length_m: reason", and reading
// carries on to find every problem. Every JSON input of ampel (scenarios, CityFlow files, experiments,
// prediction models, batch records) is read this way.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/error.hpp"
#include "sim/limits.hpp"
#include "sim/spec.hpp"

namespace ampel::io {

using Json = nlohmann::json;

// A key as one step of a JSON pointer (RFC 6901: '~' as ~0, '/' as ~1).
std::string escape_pointer(const std::string& key);

// Parses text (comments allowed; gzip-compressed text is unpacked); throws InputError listing, with line
// and column, a syntax error, every key given twice in one object and every number out of range.
Json parse_json_text(const std::string& text, const std::string& file);
// Reads (within the limits of input_file.hpp) and parses a file.
Json parse_json_file(const std::string& path);
std::string read_text_file(const std::string& path);

class Field {
 public:
  Field(const Json* value, std::string path, Diagnostics& diag)
      : v_(value), path_(std::move(path)), diag_(&diag) {}

  const std::string& path() const { return path_; }
  bool present() const { return v_ != nullptr && !v_->is_null(); }
  const Json* raw() const { return v_; }
  Diagnostics& diag() const { return *diag_; }
  void error(const std::string& reason) const { diag_->error(path_.empty() ? "/" : path_, reason); }

  Field operator[](std::string_view key) const;
  Field at(std::size_t index) const;
  std::size_t size() const;  // elements of an array (0 if not an array)
  bool is_object() const { return v_ && v_->is_object(); }
  bool is_array() const { return v_ && v_->is_array(); }
  bool is_string() const { return v_ && v_->is_string(); }
  bool is_number() const { return v_ && v_->is_number(); }

  // Typed reads: report a type error and return the fallback.
  double number(double fallback) const;
  double number_required() const;
  // A number within [lo, hi] (reported with `unit`, e.g. "m/s"); out of range: reported, fallback returned.
  double number_in(double lo, double hi, double fallback, const char* unit = "") const;
  int integer(int fallback) const;
  int integer_in(int lo, int hi, int fallback) const;
  // A random seed: a whole number from 0 to 2^63 - 1.
  std::uint64_t seed(std::uint64_t fallback) const;
  std::string string(const std::string& fallback = {}) const;
  std::string string_required() const;
  bool boolean(bool fallback) const;
  std::vector<std::string> strings() const;

  // Value checks that report against this field.
  double positive(double fallback) const;      // > 0
  double non_negative(double fallback) const;  // >= 0

  // Object with only these keys; each unknown one is reported (catches misspellings).
  bool expect_object(std::initializer_list<const char*> allowed) const;
  bool expect_array() const;
  // Each key of an object, in the file's order (empty if not an object).
  std::vector<std::string> keys() const;

 private:
  const Json* v_;
  std::string path_;
  Diagnostics* diag_;
};

// Controller and predictor parameters: an object of numbers, strings and true/false (read as 1 and 0).
ParamMap read_params(const Field& f);

inline constexpr std::uint64_t kMaxSeed = limits::kMaxSeed;

}  // namespace ampel::io
