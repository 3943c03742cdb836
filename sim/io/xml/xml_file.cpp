#include "sim/io/xml/xml_file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "sim/error.hpp"
#include "sim/io/input_file.hpp"

namespace ampel::io {

std::string read_maybe_gz(const std::string& path) {
  return read_input_file(path);
}

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  const char* base = text.data();
  const char* p = base;
  const char* end = base + text.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr) {
    ++p;
    starts_.push_back(p - base);
  }
}

int LineIndex::line_of(std::ptrdiff_t offset) const {
  if (starts_.empty() || offset < 0) return 0;
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<int>(it - starts_.begin());
}

int LineIndex::column_of(std::ptrdiff_t offset) const {
  int line = line_of(offset);
  if (line <= 0) return 0;
  return static_cast<int>(offset - starts_[static_cast<std::size_t>(line - 1)]) + 1;
}

XmlFile::XmlFile(std::string path) : path_(std::move(path)) {
  text_ = read_maybe_gz(path_);
  parse();
}

XmlFile::XmlFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  parse();
}

void XmlFile::parse() {
  lines_ = LineIndex(text_);
  // In place: no copy of large networks; offsets then refer to text_ directly.
  pugi::xml_parse_result r =
      doc_.load_buffer_inplace(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) {
    std::string reason = fmt::format("XML syntax error: {}", r.description());
    if (r.offset >= static_cast<std::ptrdiff_t>(text_.size()) - 1 ||
        r.status == pugi::status_end_element_mismatch)
      reason += " (is the file truncated?)";
    throw InputError(path_,
                     fmt::format("line {}, column {}", lines_.line_of(r.offset), lines_.column_of(r.offset)),
                     reason);
  }
  if (!doc_.document_element()) throw InputError(path_, "line 1", "the file holds no XML element");
}

int XmlFile::line(pugi::xml_node node) const {
  return lines_.line_of(node.offset_debug());
}

std::string XmlFile::place(pugi::xml_node node) const {
  return fmt::format("line {}", line(node));
}

bool parse_number(std::string_view s, double& out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  // Nothing in a scenario file is that large; refusing it keeps later arithmetic (ms, geometry) finite.
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out) && std::fabs(out) <= 1e12;
}

double attr_number(const XmlFile& file, pugi::xml_node node, const char* name, double fallback) {
  pugi::xml_attribute a = node.attribute(name);
  if (!a) return fallback;
  double v = 0;
  if (!parse_number(a.value(), v))
    throw InputError(file.path(), file.place(node),
                     fmt::format("<{}> attribute {}=\"{}\" is not a number", node.name(), name, a.value()));
  return v;
}

double attr_number_required(const XmlFile& file, pugi::xml_node node, const char* name) {
  if (!node.attribute(name))
    throw InputError(file.path(), file.place(node),
                     fmt::format("<{}> needs the attribute '{}'", node.name(), name));
  return attr_number(file, node, name, 0.0);
}

std::string attr_string_required(const XmlFile& file, pugi::xml_node node, const char* name) {
  pugi::xml_attribute a = node.attribute(name);
  if (!a || !*a.value())
    throw InputError(file.path(), file.place(node),
                     fmt::format("<{}> needs the attribute '{}'", node.name(), name));
  return a.value();
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == ',' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
      ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != ',' && text[j] != '\t' && text[j] != '\n' &&
           text[j] != '\r')
      ++j;
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<Point> parse_shape(const XmlFile& file, pugi::xml_node node, const char* name) {
  std::vector<Point> pts;
  std::string_view s = node.attribute(name).value();
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i >= s.size()) break;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r') ++j;
    std::string_view pt = s.substr(i, j - i);
    auto c1 = pt.find(',');
    double x = 0, y = 0;
    bool ok = c1 != std::string_view::npos;
    if (ok) {
      auto c2 = pt.find(',', c1 + 1);  // a third (z) coordinate is allowed and ignored
      ok = parse_number(pt.substr(0, c1), x) &&
           parse_number(
               pt.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1), y);
    }
    if (!ok)
      throw InputError(file.path(), file.place(node),
                       fmt::format("<{}> {}: '{}' is not a point 'x,y'", node.name(), name, pt));
    pts.push_back({x, y});
    i = j;
  }
  return pts;
}

}  // namespace ampel::io
