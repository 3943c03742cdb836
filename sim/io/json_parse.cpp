// ampel's JSON parser: strict JSON (RFC 8259) plus // and /* */ comments, into nlohmann::json. Written for
// the messages: every problem has a line and column; duplicate keys name both places; numbers beyond the
// range of a double are named as such; nesting is bounded (no stack overflow on hostile input).
#include <fmt/format.h>
#include <charconv>
#include <cmath>

#include "sim/io/input_file.hpp"
#include "sim/io/json_reader.hpp"

namespace ampel::io {

namespace {

constexpr int kMaxDepth = 200;

// Thrown for a syntax error: parsing cannot go on.
struct SyntaxError {
  std::size_t offset;
  std::string reason;
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& file) : text_(text), diag_(file) {}

  Json parse() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark
    skip_space();
    if (pos_ >= text_.size()) fail(pos_, "the file holds no JSON value (it is empty)");
    Json root = value(0);
    skip_space();
    if (pos_ < text_.size()) fail(pos_, fmt::format("unexpected {} after the end of the JSON value", here()));
    return root;
  }

  Diagnostics& diag() { return diag_; }
  std::string place(std::size_t offset) const {
    // Lines are counted as the parser passes them; an offset before the current line is found by a scan.
    std::size_t line = 1, start = 0;
    if (offset >= line_start_) {
      line = line_, start = line_start_;
    } else {
      for (std::size_t i = 0; i < offset; ++i)
        if (text_[i] == '\n') ++line, start = i + 1;
    }
    return fmt::format("line {}, column {}", line, offset - start + 1);
  }

  struct Pos {
    std::size_t line, column;
  };
  Pos pos_here() const { return {line_, pos_ - line_start_ + 1}; }
  static std::string text(Pos p) { return fmt::format("line {}, column {}", p.line, p.column); }

  [[noreturn]] void fail(std::size_t offset, std::string reason) {
    throw SyntaxError{offset, std::move(reason)};
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1, line_start_ = 0;
  Diagnostics diag_;
  std::vector<std::string> path_;  // JSON pointer segments of the value being read

  std::string pointer() const {
    std::string p;
    for (const std::string& s : path_) p += "/" + s;
    return p.empty() ? "/" : p;
  }

  // What is at the current position, for a message.
  std::string here() const {
    if (pos_ >= text_.size()) return "end of file";
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
    return fmt::format("byte 0x{:02x}", c);
  }

  void newline_at(std::size_t i) {
    ++line_;
    line_start_ = i + 1;
  }

  void skip_space() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '\n') {
        newline_at(pos_++);
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        std::size_t start = pos_;
        pos_ += 2;
        for (;;) {
          if (pos_ + 1 >= text_.size()) fail(start, "a /* comment is not closed");
          if (text_[pos_] == '*' && text_[pos_ + 1] == '/') break;
          if (text_[pos_] == '\n') newline_at(pos_);
          ++pos_;
        }
        pos_ += 2;
      } else {
        return;
      }
    }
  }

  Json value(int depth) {
    if (pos_ >= text_.size())
      fail(pos_, "unexpected end of file: a value is missing (is the file truncated?)");
    char c = text_[pos_];
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return Json(string());
      case 't':
        return literal("true", Json(true));
      case 'f':
        return literal("false", Json(false));
      case 'n':
        return literal("null", Json(nullptr));
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        fail(pos_, fmt::format("unexpected {}: expected a value (object, array, string, number, true, false "
                               "or null)",
                               here()));
    }
  }

  Json literal(std::string_view word, Json v) {
    if (text_.substr(pos_, word.size()) != word)
      fail(pos_, fmt::format("unexpected {}: expected a value", here()));
    pos_ += word.size();
    return v;
  }

  void enter(int depth, std::size_t at) {
    if (depth > kMaxDepth) fail(at, fmt::format("values nested more than {} deep", kMaxDepth));
  }

  Json object(int depth) {
    enter(depth, pos_);
    ++pos_;
    Json obj = Json::object();
    std::vector<std::pair<std::string, Pos>> keys;  // each key with its place, for duplicates
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return obj;
    }
    for (;;) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"')
        fail(pos_, fmt::format("unexpected {}: expected a key in double quotes", here()));
      Pos key_place = pos_here();
      std::string key = string();
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':')
        fail(pos_, fmt::format("unexpected {}: expected ':' after the key \"{}\"", here(), key));
      ++pos_;
      skip_space();
      path_.push_back(escape_pointer(key));
      Json v = value(depth);
      if (obj.contains(key)) {
        Pos first = key_place;
        for (const auto& [k, where] : keys)
          if (k == key) first = where;
        diag_.error(text(key_place),
                    fmt::format("{}: the key \"{}\" appears twice in one object (first at {}); "
                                "remove one",
                                pointer(), key, text(first)));
      } else {
        keys.emplace_back(key, key_place);
        obj.emplace(std::move(key), std::move(v));
      }
      path_.pop_back();
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return obj;
      }
      fail(pos_, fmt::format("unexpected {}: expected ',' or '}}' in an object", here()));
    }
  }

  Json array(int depth) {
    enter(depth, pos_);
    ++pos_;
    Json arr = Json::array();
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return arr;
    }
    for (std::size_t i = 0;; ++i) {
      skip_space();
      path_.push_back(std::to_string(i));
      arr.push_back(value(depth));
      path_.pop_back();
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return arr;
      }
      fail(pos_, fmt::format("unexpected {}: expected ',' or ']' in an array", here()));
    }
  }

  unsigned hex4(std::size_t at) {
    if (at + 4 > text_.size()) fail(at, "a \\u escape needs four hex digits");
    unsigned v = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      char c = text_[i];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<unsigned>(c - 'A' + 10);
      else
        fail(i, "a \\u escape needs four hex digits");
    }
    return v;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates), 0 if invalid.
  std::size_t utf8_length(std::size_t i) const {
    auto b = [&](std::size_t k) { return k < text_.size() ? static_cast<unsigned char>(text_[k]) : 0u; };
    unsigned c = b(i);
    auto cont = [&](std::size_t k) { return (b(k) & 0xC0u) == 0x80u; };
    if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
      unsigned c1 = b(i + 1);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) return 0;
      return cont(i + 1) && cont(i + 2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      unsigned c1 = b(i + 1);
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) return 0;
      return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    return 0;
  }

  std::string string() {
    std::size_t start = pos_++;
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) fail(start, "a string is not closed (missing \")");
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) {
        if (c == '\n') fail(pos_, "a string runs past the end of the line (missing \")");
        fail(pos_, fmt::format("a control character (byte 0x{:02x}) inside a string; write it as \\u00{:02x}",
                               c, c));
      }
      if (c == '\\') {
        if (pos_ + 1 >= text_.size()) fail(start, "a string is not closed (missing \")");
        char e = text_[pos_ + 1];
        pos_ += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            std::size_t at = pos_ - 2;
            unsigned cp = hex4(pos_);
            pos_ += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              if (text_.substr(pos_, 2) != "\\u")
                fail(at, "a \\u escape starts a surrogate pair but lacks its second half");
              unsigned lo = hex4(pos_ + 2);
              if (lo < 0xDC00 || lo > 0xDFFF) fail(at, "a \\u surrogate pair is not valid");
              pos_ += 6;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              fail(at, "a \\u escape holds the second half of a surrogate pair alone");
            }
            append_utf8(out, cp);
            break;
          }
          default:
            fail(pos_ - 2, fmt::format("unknown escape '\\{}' in a string", e));
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      std::size_t n = utf8_length(pos_);
      if (n == 0) fail(pos_, fmt::format("byte 0x{:02x} is not valid UTF-8 text", c));
      out.append(text_.substr(pos_, n));
      pos_ += n;
    }
  }

  Json number() {
    std::size_t start = pos_;
    auto digits = [&] {
      std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
        fail(start, "a number must not start with 0 (leading zeros are not JSON)");
    } else if (digits() == 0) {
      fail(start, "'-' must be followed by digits");
    }
    bool integral = true;
    bool negative_exponent = false;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      integral = false;
      if (digits() == 0) fail(pos_, "a decimal point must be followed by digits");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      integral = false;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
        negative_exponent = text_[pos_++] == '-';
      if (digits() == 0) fail(pos_, "an exponent must be followed by digits");
    }
    std::string_view token = text_.substr(start, pos_ - start);
    const char* first = token.data();
    const char* last = first + token.size();
    if (integral) {
      std::int64_t i = 0;
      if (auto r = std::from_chars(first, last, i); r.ec == std::errc() && r.ptr == last) return Json(i);
      std::uint64_t u = 0;
      if (auto r = std::from_chars(first, last, u); r.ec == std::errc() && r.ptr == last) return Json(u);
    }
    double d = 0;
    auto r = std::from_chars(first, last, d);
    if (r.ec == std::errc::result_out_of_range) {
      if (negative_exponent) return Json(token.front() == '-' ? -0.0 : 0.0);  // below the smallest double
      diag_.error(place(start), fmt::format("{}: the number {} is beyond the range of a number (about "
                                            "1.8e308)",
                                            pointer(),
                                            token.size() > 40 ? std::string(token.substr(0, 40)) + "..."
                                                              : std::string(token)));
      return Json(nullptr);
    }
    if (r.ec != std::errc() || r.ptr != last) fail(start, "not a valid number");
    return Json(d);
  }
};

}  // namespace

Json parse_json_text(const std::string& text, const std::string& file) {
  std::string unpacked = decompress_if_gzip(text, file);
  Parser p(unpacked, file);
  Json root;
  try {
    root = p.parse();
  } catch (const SyntaxError& e) {
    p.diag().error(p.place(e.offset), "JSON syntax error: " + e.reason);
  }
  p.diag().throw_if_any();
  return root;
}

Json parse_json_file(const std::string& path) {
  return parse_json_text(read_input_file(path), path);
}

std::string read_text_file(const std::string& path) {
  return read_input_file(path);
}

}  // namespace ampel::io
