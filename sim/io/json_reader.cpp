#include "sim/io/json_reader.hpp"

#include <fmt/format.h>
#include <cmath>

namespace ampel::io {

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

namespace {

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

Field Field::operator[](std::string_view key) const {
  std::string p = path_ + "/" + escape_pointer(std::string(key));
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

double Field::number_in(double lo, double hi, double fallback, const char* unit) const {
  if (!present()) return fallback;
  double d = number(fallback);
  if (!is_number() || !std::isfinite(v_->get<double>())) return fallback;
  if (d < lo || d > hi) {
    std::string u = *unit ? fmt::format(" {}", unit) : std::string();
    error(fmt::format("is {}{}; it must be from {} to {}{}", d, u, lo, hi, u));
    return fallback;
  }
  return d;
}

int Field::integer(int fallback) const {
  return integer_in(-1000000000, 1000000000, fallback);
}

int Field::integer_in(int lo, int hi, int fallback) const {
  if (!present()) return fallback;
  if (!v_->is_number()) {
    error(fmt::format("expected a whole number, found {}", type_name(*v_)));
    return fallback;
  }
  double d = v_->get<double>();  // exact for every value a range check can accept
  if (std::floor(d) != d) {
    error(fmt::format("is {}; expected a whole number", d));
    return fallback;
  }
  if (d < lo || d > hi) {
    error(fmt::format("is {}; it must be a whole number from {} to {}", v_->dump(), lo, hi));
    return fallback;
  }
  return static_cast<int>(d);
}

std::uint64_t Field::seed(std::uint64_t fallback) const {
  if (!present()) return fallback;
  if (!v_->is_number()) {
    error(fmt::format("expected a seed (a whole number), found {}", type_name(*v_)));
    return fallback;
  }
  if (v_->is_number_unsigned()) {
    if (v_->get<std::uint64_t>() <= kMaxSeed) return v_->get<std::uint64_t>();
  } else if (v_->is_number_integer()) {
    if (v_->get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v_->get<std::int64_t>());
  } else {
    // A float is accepted only where it is exactly the whole number written (up to 2^53).
    double d = v_->get<double>();
    if (d >= 0 && d <= 9007199254740992.0 && std::floor(d) == d) return static_cast<std::uint64_t>(d);
  }
  error(fmt::format("is {}; a seed is a whole number from 0 to {}", v_->dump(), kMaxSeed));
  return fallback;
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

std::vector<std::string> Field::keys() const {
  std::vector<std::string> out;
  if (v_ && v_->is_object())
    for (auto it = v_->begin(); it != v_->end(); ++it) out.push_back(it.key());
  return out;
}

ParamMap read_params(const Field& f) {
  ParamMap out;
  if (!f.present()) return out;
  if (!f.is_object()) {
    f.error("expected an object of parameters");
    return out;
  }
  for (const std::string& key : f.keys()) {
    Field v = f[key];
    if (v.is_number())
      out[key] = v.number(0.0);
    else if (v.is_string())
      out[key] = v.string();
    else if (v.present() && v.raw()->is_boolean())
      out[key] = v.boolean(false) ? 1.0 : 0.0;
    else
      v.error("a parameter must be a number, a string or true/false");
  }
  return out;
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
