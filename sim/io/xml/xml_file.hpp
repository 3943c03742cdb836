#pragma once
// Reading XML input (plain or gzip-compressed) with pugixml, keeping enough of the text to name the line of
// any element in an error message: pugixml reports byte offsets, planners need line numbers.
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sim/types.hpp"

namespace ampel::io {

// Reads a whole file, transparently gunzipping it when it starts with the gzip magic bytes.
// Throws InputError(path, "", reason) when it is missing, unreadable or a truncated .gz.
std::string read_maybe_gz(const std::string& path);

// Line number (1-based) of a byte offset in a text, from a precomputed index of its line starts.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  int line_of(std::ptrdiff_t offset) const;
  int column_of(std::ptrdiff_t offset) const;  // 1-based

 private:
  std::vector<std::ptrdiff_t> starts_;
};

// A parsed XML file. Parse errors throw InputError(path, "line L, column C", reason).
class XmlFile {
 public:
  explicit XmlFile(std::string path);
  XmlFile(std::string path, std::string text);  // parse text already in memory (tests, fuzzing)
  XmlFile(const XmlFile&) = delete;
  XmlFile& operator=(const XmlFile&) = delete;

  const std::string& path() const { return path_; }
  pugi::xml_node root() const { return doc_.document_element(); }
  // "line N" of the element, for error messages.
  std::string place(pugi::xml_node node) const;
  int line(pugi::xml_node node) const;

 private:
  void parse();
  std::string path_;
  std::string text_;  // parsed in place: pugixml's strings point into it
  pugi::xml_document doc_;
  LineIndex lines_;
};

// Attribute readers that report bad values against the element's line.
double attr_number(const XmlFile& file, pugi::xml_node node, const char* name, double fallback);
double attr_number_required(const XmlFile& file, pugi::xml_node node, const char* name);
std::string attr_string_required(const XmlFile& file, pugi::xml_node node, const char* name);
// Parses "x1,y1 x2,y2 ..." (SUMO shapes); throws on a malformed point.
std::vector<Point> parse_shape(const XmlFile& file, pugi::xml_node node, const char* name);
// Splits a list separated by spaces and/or commas (SUMO lists such as route-files or edges).
std::vector<std::string> split_list(std::string_view text);
// Strict number parse of a whole string (leading/trailing spaces allowed); false if it is not a number or its
// magnitude is above 1e12.
bool parse_number(std::string_view text, double& out);

}  // namespace ampel::io
