#pragma once
// Reading JSON input with precise complaints: every value is read through a Field that knows its JSON path,
// so a wrong type, a missing field, an impossible value or an unknown (misspelt) key is reported as
// "file: /network/roads/3/length_m: reason", and reading carries on to find every problem.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/error.hpp"

namespace ampel::io {

using Json = nlohmann::json;

// Parses text (comments allowed); throws InputError with line and column on a syntax error.
Json parse_json_text(const std::string& text, const std::string& file);
// Reads and parses a file; throws InputError if it cannot be read.
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

  Field operator[](const char* key) const;
  Field at(std::size_t index) const;
  std::size_t size() const;  // elements of an array (0 if not an array)
  bool is_object() const { return v_ && v_->is_object(); }
  bool is_array() const { return v_ && v_->is_array(); }
  bool is_string() const { return v_ && v_->is_string(); }
  bool is_number() const { return v_ && v_->is_number(); }

  // Typed reads: report a type error and return the fallback.
  double number(double fallback) const;
  double number_required() const;
  int integer(int fallback) const;
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

 private:
  const Json* v_;
  std::string path_;
  Diagnostics* diag_;
};

}  // namespace ampel::io
