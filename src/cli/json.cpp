// The JSON reader: a recursive-descent parser over a string_view, depth-bounded.
#include "cli/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <unordered_set>

#include "cli/utf8.hpp"

namespace satr::cli {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  JsonValue parse_document() {
    start_document();
    JsonValue value = parse_value(0);
    end_document();
    return value;
  }

  void parse_array_document(const JsonElementHandler& handle) {
    start_document();
    if (peek() != '[') {
      // Named by its first character, not parsed: it is refused whatever follows, and a
      // large object would cost memory for nothing.
      const char c = peek();
      const char* found = c == '{'                                  ? "an object"
                          : c == '"'                                ? "a string"
                          : c == 't' || c == 'f'                    ? "a boolean"
                          : c == 'n'                                ? "null"
                          : c == '-' || (c >= '0' && c <= '9') ? "a number"
                                                                    : nullptr;
      if (found == nullptr) fail("expected a JSON value, found " + describe_here());
      fail(std::string("expected an array, found ") + found);
    }
    ++pos_;  // '['
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      ++pos_;
    } else {
      for (std::size_t index = 0;; ++index) {
        skip_whitespace();
        handle(parse_value(1), index);  // Not kept: the handler takes what it needs.
        skip_whitespace();
        if (!at_end() && peek() == ',') {
          ++pos_;
          skip_whitespace();
          if (!at_end() && peek() == ']') fail("trailing comma before ']'");
          continue;
        }
        expect(']', "or ',' after an array element");
        break;
      }
    }
    end_document();
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;

  [[noreturn]] void fail(const std::string& message) const { fail_at(message, pos_); }
  [[noreturn]] static void fail_at(const std::string& message, std::size_t offset) {
    throw JsonError(message, offset);
  }

  void start_document() {
    // A byte order mark is not JSON, but editors on some systems add one; RFC 8259 allows
    // a reader to ignore it.
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    skip_whitespace();
    if (at_end()) fail("the file is empty; expected a JSON value");
  }

  void end_document() {
    skip_whitespace();
    if (!at_end()) fail("unexpected " + describe_here() + " after the JSON value");
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  /// The character at the current position, for messages.
  std::string describe_here() const {
    if (at_end()) return "end of file";
    const unsigned char c = static_cast<unsigned char>(peek());
    if (c >= 0x21 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "byte 0x%02X", c);
    return buffer;
  }

  void skip_whitespace() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++pos_;
    }
  }

  void expect(char c, const char* context) {
    if (at_end() || peek() != c) {
      fail(std::string("expected '") + c + "' " + context + ", found " + describe_here());
    }
    ++pos_;
  }

  JsonValue parse_value(int depth) {
    if (depth >= kMaxJsonDepth) {
      fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    if (at_end()) fail("expected a JSON value, found end of file");
    JsonValue value;
    value.offset = pos_;
    switch (peek()) {
      case '{':
        parse_object(value, depth);
        break;
      case '[':
        parse_array(value, depth);
        break;
      case '"':
        value.kind = JsonValue::Kind::String;
        value.string = parse_string();
        break;
      case 't':
        parse_literal("true");
        value.kind = JsonValue::Kind::Boolean;
        value.boolean = true;
        break;
      case 'f':
        parse_literal("false");
        value.kind = JsonValue::Kind::Boolean;
        break;
      case 'n':
        parse_literal("null");
        break;
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
          parse_number(value);
        } else {
          fail("expected a JSON value, found " + describe_here());
        }
    }
    return value;
  }

  void parse_literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      fail("expected a JSON value, found " + describe_here());
    }
    pos_ += word.size();
  }

  void parse_object(JsonValue& value, int depth) {
    value.kind = JsonValue::Kind::Object;
    ++pos_;  // '{'
    skip_whitespace();
    if (!at_end() && peek() == '}') {
      ++pos_;
      return;
    }
    // Keys seen so far, hashed: a linear search per key would make an object of many keys
    // cost the square of its size.
    std::unordered_set<std::string> keys;
    for (;;) {
      skip_whitespace();
      if (at_end() || peek() != '"') {
        fail("expected a string key in double quotes, found " + describe_here());
      }
      const std::size_t key_offset = pos_;
      std::string key = parse_string();
      if (!keys.insert(key).second) fail_at("duplicate key \"" + key + "\"", key_offset);
      skip_whitespace();
      expect(':', "after an object key");
      skip_whitespace();
      JsonValue item = parse_value(depth + 1);
      value.members.push_back({std::move(key), key_offset, std::move(item)});
      skip_whitespace();
      if (!at_end() && peek() == ',') {
        ++pos_;
        skip_whitespace();
        // RFC 8259 has no trailing comma; name it, as it is the usual slip.
        if (!at_end() && peek() == '}') fail("trailing comma before '}'");
        continue;
      }
      expect('}', "or ',' after an object member");
      return;
    }
  }

  void parse_array(JsonValue& value, int depth) {
    value.kind = JsonValue::Kind::Array;
    ++pos_;  // '['
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_whitespace();
      value.items.push_back(parse_value(depth + 1));
      skip_whitespace();
      if (!at_end() && peek() == ',') {
        ++pos_;
        skip_whitespace();
        if (!at_end() && peek() == ']') fail("trailing comma before ']'");
        continue;
      }
      expect(']', "or ',' after an array element");
      return;
    }
  }

  void parse_number(JsonValue& value) {
    // Checked against the JSON grammar first: from_chars alone would accept "01", "1." or
    // "+1"-free forms that JSON does not.
    const std::size_t start = pos_;
    const auto digits = [&] {
      const std::size_t from = pos_;
      while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
      return pos_ - from;
    };
    bool integer = true;
    if (peek() == '-') ++pos_;
    if (at_end() || !(peek() >= '0' && peek() <= '9')) fail("expected a digit after '-'");
    if (peek() == '0') {
      ++pos_;
      if (!at_end() && peek() >= '0' && peek() <= '9') {
        fail_at("a number must not have a leading zero", start);
      }
    } else {
      digits();
    }
    if (!at_end() && peek() == '.') {
      integer = false;
      ++pos_;
      if (digits() == 0) fail("expected a digit after the decimal point");
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      integer = false;
      ++pos_;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
      if (digits() == 0) fail("expected a digit in the exponent");
    }
    double number = 0;
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    const auto [ptr, ec] = std::from_chars(first, last, number);
    if (ec == std::errc::result_out_of_range || !std::isfinite(number)) {
      fail_at("number out of range", start);
    }
    if (ec != std::errc() || ptr != last) fail_at("malformed number", start);
    value.kind = JsonValue::Kind::Number;
    value.number = number;
    value.number_is_integer = integer;
  }

  unsigned parse_hex4() {
    if (text_.size() - pos_ < 4) fail("expected four hex digits after \\u");
    unsigned result = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      unsigned digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        fail("expected four hex digits after \\u");
      }
      result = result * 16 + digit;
      ++pos_;
    }
    return result;
  }

  std::string parse_string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(peek());
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) fail("control character in a string (escape it)");
      if (c == '\\') {
        const std::size_t escape_start = pos_;
        ++pos_;
        if (at_end()) fail("unterminated string");
        const char e = peek();
        ++pos_;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            char32_t code_point = parse_hex4();
            if (code_point >= 0xD800 && code_point <= 0xDBFF) {
              if (text_.substr(pos_, 2) != "\\u") {
                fail_at("unpaired surrogate in a \\u escape", escape_start);
              }
              pos_ += 2;
              const unsigned low = parse_hex4();
              if (low < 0xDC00 || low > 0xDFFF) {
                fail_at("unpaired surrogate in a \\u escape", escape_start);
              }
              code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
            } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
              fail_at("unpaired surrogate in a \\u escape", escape_start);
            }
            append_utf8(out, code_point);
            break;
          }
          default:
            fail_at(std::string("invalid escape '\\") + e + "' in a string", escape_start);
        }
        continue;
      }
      const std::size_t length = utf8_sequence_length(text_.substr(pos_));
      if (length == 0) fail("invalid UTF-8 in a string");
      out.append(text_.substr(pos_, length));
      pos_ += length;
    }
  }
};

}  // namespace

std::string_view JsonValue::kind_name() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Boolean: return "a boolean";
    case Kind::Number: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
  }
  return "a value";
}

JsonValue parse_json(std::string_view text) { return Parser(text).parse_document(); }

void parse_json_array(std::string_view text, const JsonElementHandler& handle) {
  Parser(text).parse_array_document(handle);
}

}  // namespace satr::cli
