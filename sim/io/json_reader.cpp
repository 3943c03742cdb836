#include "sim/io/json_reader.hpp"

#include <fmt/format.h>
#include <cmath>
#include <fstream>
#include <sstream>

namespace ampel::io {

namespace {

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

const char* type_name(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "true/false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    default:
      return "something else";
  }
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open the file (missing or not readable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(path, "", "cannot read the file");
  return ss.str();
}

Json parse_json_text(const std::string& text, const std::string& file) {
  try {
    return Json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const Json::parse_error& e) {
    // Turn the byte offset into a line and column a person can find.
    std::size_t offset = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n')
        ++line, col = 1;
      else
        ++col;
    }
    std::string what = e.what();
    auto pos = what.find("syntax error while parsing value - ");
    if (pos != std::string::npos)
      what = what.substr(pos + 35);
    else if ((pos = what.find(": ")) != std::string::npos)
      what = what.substr(pos + 2);
    throw InputError(file, fmt::format("line {}, column {}", line, col), "JSON syntax error: " + what);
  }
}

Json parse_json_file(const std::string& path) {
  return parse_json_text(read_text_file(path), path);
}

Field Field::operator[](const char* key) const {
  std::string p = path_ + "/" + escape_pointer(key);
  if (!v_ || !v_->is_object()) return Field(nullptr, p, *diag_);
  auto it = v_->find(key);
  return Field(it == v_->end() ? nullptr : &*it, p, *diag_);
}

Field Field::at(std::size_t i) const {
  std::string p = fmt::format("{}/{}", path_, i);
  if (!v_ || !v_->is_array() || i >= v_->size()) return Field(nullptr, p, *diag_);
  return Field(&(*v_)[i], p, *diag_);
}

std::size_t Field::size() const {
  return v_ && v_->is_array() ? v_->size() : 0;
}

double Field::number(double fallback) const {
  if (!present()) return fallback;
  if (!v_->is_number()) {
    error(fmt::format("expected a number, found {}", type_name(*v_)));
    return fallback;
  }
  double d = v_->get<double>();
  if (!std::isfinite(d)) {
    error("expected a finite number");
    return fallback;
  }
  return d;
}

double Field::number_required() const {
  if (!present()) {
    error("required number is missing");
    return 0.0;
  }
  return number(0.0);
}

int Field::integer(int fallback) const {
  if (!present()) return fallback;
  if (!v_->is_number_integer() && !v_->is_number_unsigned()) {
    if (v_->is_number() && std::floor(v_->get<double>()) == v_->get<double>())
      return static_cast<int>(v_->get<double>());
    error(fmt::format("expected a whole number, found {}", v_->is_number() ? "a fraction" : type_name(*v_)));
    return fallback;
  }
  long long x = v_->get<long long>();
  if (x < -1000000000LL || x > 1000000000LL) {
    error("whole number out of range");
    return fallback;
  }
  return static_cast<int>(x);
}

std::string Field::string(const std::string& fallback) const {
  if (!present()) return fallback;
  if (!v_->is_string()) {
    error(fmt::format("expected a string, found {}", type_name(*v_)));
    return fallback;
  }
  return v_->get<std::string>();
}

std::string Field::string_required() const {
  if (!present()) {
    error("required string is missing");
    return {};
  }
  std::string s = string();
  if (s.empty() && v_->is_string()) error("must not be empty");
  return s;
}

bool Field::boolean(bool fallback) const {
  if (!present()) return fallback;
  if (!v_->is_boolean()) {
    error(fmt::format("expected true or false, found {}", type_name(*v_)));
    return fallback;
  }
  return v_->get<bool>();
}

std::vector<std::string> Field::strings() const {
  std::vector<std::string> out;
  if (!present()) return out;
  if (!v_->is_array()) {
    error(fmt::format("expected an array of strings, found {}", type_name(*v_)));
    return out;
  }
  for (std::size_t i = 0; i < v_->size(); ++i) out.push_back(at(i).string_required());
  return out;
}

double Field::positive(double fallback) const {
  double d = number(fallback);
  if (present() && is_number() && !(d > 0)) error(fmt::format("is {}; it must be above 0", d));
  return d;
}

double Field::non_negative(double fallback) const {
  double d = number(fallback);
  if (present() && is_number() && d < 0) error(fmt::format("is {}; it must not be negative", d));
  return d;
}

bool Field::expect_object(std::initializer_list<const char*> allowed) const {
  if (!present()) return false;
  if (!v_->is_object()) {
    error(fmt::format("expected an object, found {}", type_name(*v_)));
    return false;
  }
  for (auto it = v_->begin(); it != v_->end(); ++it) {
    bool known = false;
    for (const char* a : allowed) known = known || it.key() == a;
    if (!known) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      diag_->error(path_ + "/" + escape_pointer(it.key()),
                   fmt::format("unknown field '{}' (known: {})", it.key(), list));
    }
  }
  return true;
}

bool Field::expect_array() const {
  if (!present()) return false;
  if (!v_->is_array()) {
    error(fmt::format("expected an array, found {}", type_name(*v_)));
    return false;
  }
  return true;
}

}  // namespace ampel::io
