// A small, strict JSON reader for the command's input files (RFC 8259, no extensions).
//
// The command reads JSON it did not write, so the reader is defensive: it bounds nesting
// depth, rejects what RFC 8259 rejects (trailing commas, comments, control characters and
// ill-formed UTF-8 in strings, lone surrogates in escapes, leading zeros), and remembers
// the byte offset of every value so that a later, semantic complaint can point at it.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace satr::cli {

/// A syntax error at a byte offset of the JSON text.
class JsonError : public std::runtime_error {
 public:
  JsonError(const std::string& message, std::size_t offset)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

/// One parsed value. Objects keep their members in document order.
struct JsonValue {
  enum class Kind { Null, Boolean, Number, String, Array, Object };

  Kind kind = Kind::Null;
  std::size_t offset = 0;  ///< Byte offset of the value's first character.
  bool boolean = false;
  double number = 0;
  bool number_is_integer = false;  ///< Written without fraction or exponent.
  std::string string;              ///< Decoded UTF-8, for Kind::String.
  std::vector<JsonValue> items;    ///< For Kind::Array.
  /// For Kind::Object: key, key offset and value.
  struct Member;
  std::vector<Member> members;

  /// Names the kind for messages: "a number", "an object", …
  std::string_view kind_name() const;
};

struct JsonValue::Member {
  std::string key;
  std::size_t key_offset = 0;
  JsonValue value;
};

/// Nesting deeper than this is refused rather than recursed into.
inline constexpr int kMaxJsonDepth = 64;

/// Parses `text` as one JSON value with optional surrounding whitespace (and a leading
/// UTF-8 byte order mark). Duplicate keys in an object are an error. Throws JsonError.
JsonValue parse_json(std::string_view text);

/// Called with each element of a top-level array and its index, as soon as it is parsed.
using JsonElementHandler = std::function<void(const JsonValue& element, std::size_t index)>;

/// Parses `text` as a JSON array without keeping it: each element goes to `handle` and is
/// dropped, so memory stays that of one element however long the array. A document that
/// is not an array is refused at its first value. `handle` may throw to stop reading.
void parse_json_array(std::string_view text, const JsonElementHandler& handle);

}  // namespace satr::cli
