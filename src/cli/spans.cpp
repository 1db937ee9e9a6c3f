// Styled spans from markup and from JSON spans files.
#include "cli/spans.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include "cli/json.hpp"
#include "cli/utf8.hpp"
#include "satr/error.hpp"

namespace satr::cli {
namespace {

/// A value shown in a message: quoted, cut short, control characters replaced, so that
/// the message stays on one line whatever the file holds.
std::string shown(std::string_view value) {
  std::string out = "'";
  for (char c : value.substr(0, 60)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  if (value.size() > 60) out += "...";
  return out + "'";
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

Color parse_color_value(std::string_view text) {
  // #rgb and #rgba are what people write in markup; the library takes the long forms, so
  // each digit is doubled here ("#c00" is "#cc0000", as in CSS).
  if ((text.size() == 4 || text.size() == 5) && text[0] == '#') {
    std::string longer = "#";
    bool hex = true;
    for (char c : text.substr(1)) {
      hex = hex && is_hex_digit(c);
      longer += c;
      longer += c;
    }
    if (hex) return Color::parse(longer);
  }
  return Color::parse(text);
}

// --- SpanValues --------------------------------------------------------------------------

SpanValues::SpanValues(const FontCollection& paragraph_fonts, Context& context)
    : paragraph_fonts_(paragraph_fonts), context_(context) {}

Color SpanValues::color(std::string_view text) const {
  try {
    return parse_color_value(text);
  } catch (const Error& e) {
    throw std::invalid_argument(e.what());
  }
}

float SpanValues::font_size(double value) const {
  if (!(value > 0)) throw std::invalid_argument(format_number(value) + " is not a positive size");
  if (value > kMaxFontSize) {
    throw std::invalid_argument(format_number(value) + " px exceeds the limit of " +
                                format_number(kMaxFontSize) + " px");
  }
  return static_cast<float>(value);
}

float SpanValues::font_size(std::string_view text) const {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    throw std::invalid_argument(shown(text) + " is not a number");
  }
  return font_size(value);
}

FontCollection SpanValues::fonts(const std::vector<std::string>& paths) {
  FontCollection chain;
  for (const std::string& path : paths) {
    if (path.empty()) throw std::invalid_argument("the font file name is empty");
    auto it = loaded_.find(path);
    if (it == loaded_.end()) {
      try {
        it = loaded_.emplace(path, Font::from_file(path)).first;
      } catch (const Error& e) {
        throw std::invalid_argument(e.what());
      }
    }
    chain.add(it->second);
  }
  // The paragraph's fonts stay as fallback, so that a Latin font given for a span does
  // not turn the span's Arabic letters into boxes.
  for (const Font& font : paragraph_fonts_.fonts()) chain.add(font);
  return chain;
}

float SpanValues::spacing(double value, bool letter) const {
  // The library's rule, through the one check it has for the paragraph's spacing.
  ParagraphStyle style;
  (letter ? style.letter_spacing : style.word_spacing) = static_cast<float>(value);
  if (!std::isfinite(value)) throw std::invalid_argument(format_number(value) + " is not a number");
  try {
    validate(style);
  } catch (const Error& e) {
    std::string_view message = e.what();
    const std::string_view field = letter ? "letter spacing " : "word spacing ";
    if (message.starts_with(field)) message.remove_prefix(field.size());
    throw std::invalid_argument(std::string(message));
  }
  return static_cast<float>(value);
}

float SpanValues::spacing(std::string_view text, bool letter) const {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    throw std::invalid_argument(shown(text) + " is not a number");
  }
  return spacing(value, letter);
}

std::string SpanValues::features(std::string_view text) {
  std::string features(text);
  if (valid_features_.contains(features)) return features;
  // Only the library knows what HarfBuzz accepts: lay out nothing with these features.
  ParagraphStyle style;
  style.features = features;
  try {
    (void)layout_text("", paragraph_fonts_, style, &context_);
  } catch (const Error& e) {
    throw std::invalid_argument(e.what());
  }
  valid_features_.insert(features);
  return features;
}

// --- markup ------------------------------------------------------------------------------

namespace {

constexpr std::string_view kMarkupAttributes =
    "color, size, font, features, letter_spacing, word_spacing";

class MarkupParser {
 public:
  MarkupParser(std::string_view input, const std::string& label, bool strict, SpanValues& values)
      : in_(input), label_(label), strict_(strict), values_(values) {}

  MarkedUpText parse() {
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c == '<') {
        tag();
      } else if (c == '&') {
        reference(out_.text);
      } else {
        character(out_.text);
      }
    }
    if (!open_.empty()) fail_at("<span> is not closed", open_.back().offset);
    return std::move(out_);
  }

 private:
  struct Open {
    std::size_t span;    // index into out_.spans
    std::size_t offset;  // of the '<', for messages
  };

  std::string_view in_;
  const std::string& label_;
  bool strict_;
  SpanValues& values_;
  std::size_t pos_ = 0;
  MarkedUpText out_;
  std::vector<Open> open_;

  [[noreturn]] void fail_at(const std::string& message, std::size_t offset) const {
    throw InputError("bad markup at byte offset " + std::to_string(offset) + " in " + label_ +
                     ": " + message);
  }

  bool at(std::string_view s) const { return in_.substr(pos_, s.size()) == s; }
  bool at_space() const {
    return pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r');
  }
  void skip_space() {
    while (at_space()) ++pos_;
  }

  /// Copies one character of text, replacing an ill-formed sequence by U+FFFD here: the
  /// stripped text must not join bytes from either side of a tag into a character that the
  /// input never had.
  void character(std::string& out) {
    const std::string_view rest = in_.substr(pos_);
    const std::size_t length = utf8_sequence_length(rest);
    if (length != 0) {
      out.append(rest.substr(0, length));
      pos_ += length;
      return;
    }
    if (strict_) {
      throw InputError("invalid UTF-8 at byte offset " + std::to_string(pos_) + " in " + label_);
    }
    out += "\xEF\xBF\xBD";
    pos_ += utf8_invalid_length(rest);
  }

  /// A character reference, "&name;" or "&#…;".
  void reference(std::string& out) {
    const std::size_t start = pos_;
    const std::size_t semicolon = in_.find(';', pos_);
    // References are short; looking further would only misreport a stray '&'.
    if (semicolon == std::string_view::npos || semicolon - pos_ > 12) {
      fail_at("'&' starts no character reference; write &amp; for a literal '&'", start);
    }
    const std::string_view name = in_.substr(pos_ + 1, semicolon - pos_ - 1);
    pos_ = semicolon + 1;
    if (name == "lt") {
      out += '<';
    } else if (name == "gt") {
      out += '>';
    } else if (name == "amp") {
      out += '&';
    } else if (name == "quot") {
      out += '"';
    } else if (name == "apos") {
      out += '\'';
    } else if (name.starts_with('#')) {
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      const std::string_view digits = name.substr(hex ? 2 : 1);
      uint32_t value = 0;
      const auto [ptr, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
      const bool ok = !digits.empty() && ec == std::errc() &&
                      ptr == digits.data() + digits.size() && value <= 0x10FFFF &&
                      !(value >= 0xD800 && value <= 0xDFFF);
      if (!ok) fail_at("&" + std::string(name) + "; is not a Unicode scalar value", start);
      append_utf8(out, static_cast<char32_t>(value));
    } else {
      fail_at("unknown character reference " + shown("&" + std::string(name) + ";") +
                  " (known: &lt; &gt; &amp; &quot; &apos; &#N; &#xH;)",
              start);
    }
  }

  void tag() {
    const std::size_t start = pos_;
    if (at("</")) {
      pos_ += 2;
      if (!at("span")) fail_at("unknown closing tag; only </span> is known", start);
      pos_ += 4;
      skip_space();
      if (!at(">")) fail_at("expected '>' to end </span>", pos_);
      ++pos_;
      if (open_.empty()) fail_at("</span> without an open <span>", start);
      out_.spans[open_.back().span].range.end = static_cast<uint32_t>(out_.text.size());
      open_.pop_back();
      return;
    }
    ++pos_;
    const bool is_span =
        at("span") && (pos_ + 4 == in_.size() || in_[pos_ + 4] == '>' || in_[pos_ + 4] == '/' ||
                       in_[pos_ + 4] == ' ' || in_[pos_ + 4] == '\t' || in_[pos_ + 4] == '\n' ||
                       in_[pos_ + 4] == '\r');
    if (!is_span) {
      fail_at("'<' starts no <span> or </span> tag; write &lt; for a literal '<'", start);
    }
    pos_ += 4;
    // Bounded before anything is kept, so that hostile markup costs at most the limit.
    if (out_.spans.size() >= kMaxSpans) {
      fail_at("more than " + std::to_string(kMaxSpans) + " <span> tags (the limit)", start);
    }
    if (open_.size() >= kMaxMarkupDepth) {
      fail_at("<span> tags nested deeper than " + std::to_string(kMaxMarkupDepth), start);
    }
    StyledSpan span;
    std::vector<std::string> seen;
    for (;;) {
      const bool spaced = at_space();
      skip_space();
      if (pos_ >= in_.size()) fail_at("<span> tag is not ended by '>'", start);
      if (at(">")) {
        ++pos_;
        break;
      }
      if (at("/>")) fail_at("<span/> is not supported; write <span ...></span>", start);
      if (!spaced) fail_at("expected a space before the attribute", pos_);
      attribute(span.style, seen);
    }
    span.range.start = span.range.end = static_cast<uint32_t>(out_.text.size());
    open_.push_back({out_.spans.size(), start});
    out_.spans.push_back(std::move(span));
  }

  void attribute(SpanStyle& style, std::vector<std::string>& seen) {
    const std::size_t name_start = pos_;
    while (pos_ < in_.size() &&
           ((in_[pos_] >= 'a' && in_[pos_] <= 'z') || in_[pos_] == '-' || in_[pos_] == '_')) {
      ++pos_;
    }
    const std::string name(in_.substr(name_start, pos_ - name_start));
    if (name.empty()) fail_at("expected an attribute name or '>'", name_start);
    if (name != "color" && name != "size" && name != "font" && name != "features" &&
        name != "letter_spacing" && name != "word_spacing") {
      fail_at(
          "unknown attribute " + shown(name) + " (known: " + std::string(kMarkupAttributes) + ")",
          name_start);
    }
    for (const std::string& other : seen) {
      if (other == name) fail_at("attribute " + shown(name) + " given twice", name_start);
    }
    seen.push_back(name);
    skip_space();
    if (!at("=")) fail_at("expected '=' after attribute " + shown(name), pos_);
    ++pos_;
    skip_space();
    if (pos_ >= in_.size() || (in_[pos_] != '"' && in_[pos_] != '\'')) {
      fail_at("expected a quoted value for attribute " + shown(name), pos_);
    }
    const char quote = in_[pos_++];
    const std::size_t value_start = pos_;
    std::string value;
    for (;;) {
      if (pos_ >= in_.size())
        fail_at("the value of attribute " + shown(name) + " is not closed", value_start - 1);
      const char c = in_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c == '<') fail_at("'<' inside an attribute value; write &lt;", pos_);
      if (c == '&') {
        reference(value);
      } else {
        // Values are kept as given (a font path is bytes), but kept apart from the text.
        value += c;
        ++pos_;
      }
    }
    try {
      if (name == "color") {
        style.color = values_.color(value);
      } else if (name == "size") {
        style.font_size = values_.font_size(std::string_view(value));
      } else if (name == "font") {
        style.fonts = values_.fonts({value});
      } else if (name == "letter_spacing" || name == "word_spacing") {
        (name == "letter_spacing" ? style.letter_spacing : style.word_spacing) =
            values_.spacing(std::string_view(value), name == "letter_spacing");
      } else {
        style.features = values_.features(value);
      }
    } catch (const std::invalid_argument& e) {
      fail_at(name + ": " + e.what(), value_start);
    }
  }
};

// --- spans files ---------------------------------------------------------------------------

constexpr std::string_view kSpanKeys =
    "start, end, color, font-size, font, features, letter-spacing, word-spacing";

class SpansReader {
 public:
  SpansReader(const std::string& label, std::string_view text, SpanValues& values)
      : label_(label), text_(text), values_(values) {}

  /// Reads the spans of `json`, one element at a time: a non-object element or one span
  /// past the limit stops the reading where it stands.
  std::vector<StyledSpan> read(std::string_view json) {
    std::vector<StyledSpan> spans;
    try {
      parse_json_array(json, [&](const JsonValue& item, std::size_t index) {
        if (index >= kMaxSpans) {
          fail_at("more than " + std::to_string(kMaxSpans) + " spans (the limit)", item.offset);
        }
        spans.push_back(span(item));
      });
    } catch (const JsonError& e) {
      const std::string message = e.what();
      if (message.starts_with("expected an array, found ")) {
        fail_at("expected an array of span objects, found " + message.substr(25), e.offset());
      }
      throw InputError("invalid JSON at byte offset " + std::to_string(e.offset()) + " in " +
                       label_ + ": " + message);
    }
    return spans;
  }

 private:
  const std::string& label_;
  std::string_view text_;
  SpanValues& values_;
  std::vector<bool> boundaries_;  // computed on first use

  [[noreturn]] void fail_at(const std::string& message, std::size_t offset) const {
    throw InputError("bad span at byte offset " + std::to_string(offset) + " in " + label_ + ": " +
                     message);
  }

  void expect_kind(const std::string& key, const JsonValue& value, JsonValue::Kind kind,
                   std::string_view kind_name) const {
    if (value.kind != kind) {
      fail_at("\"" + key + "\" must be " + std::string(kind_name) + ", not " +
                  std::string(value.kind_name()),
              value.offset);
    }
  }

  uint32_t offset(const std::string& key, const JsonValue& value) {
    const bool whole = value.kind == JsonValue::Kind::Number && value.number >= 0 &&
                       value.number == std::floor(value.number);
    if (!whole) {
      fail_at("\"" + key + "\" must be a byte offset (a whole number >= 0)", value.offset);
    }
    if (value.number > static_cast<double>(text_.size())) {
      fail_at("\"" + key + "\" " + format_number(value.number) + " is past the end of the text (" +
                  std::to_string(text_.size()) + " bytes)",
              value.offset);
    }
    const auto byte = static_cast<uint32_t>(value.number);
    if (boundaries_.empty()) boundaries_ = character_boundaries(text_);
    if (!boundaries_[byte]) {
      fail_at("\"" + key + "\" " + std::to_string(byte) + " is inside a UTF-8 character",
              value.offset);
    }
    return byte;
  }

  StyledSpan span(const JsonValue& object) {
    if (object.kind != JsonValue::Kind::Object) {
      fail_at("expected a span object, found " + std::string(object.kind_name()), object.offset);
    }
    StyledSpan span;
    const JsonValue* start = nullptr;
    const JsonValue* end = nullptr;
    for (const JsonValue::Member& member : object.members) {
      const std::string& key = member.key;
      const JsonValue& value = member.value;
      try {
        if (key == "start") {
          start = &value;
        } else if (key == "end") {
          end = &value;
        } else if (key == "color") {
          expect_kind(key, value, JsonValue::Kind::String, "a string");
          span.style.color = values_.color(value.string);
        } else if (key == "font-size") {
          expect_kind(key, value, JsonValue::Kind::Number, "a number");
          span.style.font_size = values_.font_size(value.number);
        } else if (key == "font") {
          std::vector<std::string> paths;
          if (value.kind == JsonValue::Kind::String) {
            paths.push_back(value.string);
          } else if (value.kind == JsonValue::Kind::Array && !value.items.empty()) {
            for (const JsonValue& path : value.items) {
              expect_kind(key, path, JsonValue::Kind::String, "a string or an array of strings");
              paths.push_back(path.string);
            }
          } else {
            fail_at("\"font\" must be a file name or a non-empty array of file names",
                    value.offset);
          }
          span.style.fonts = values_.fonts(paths);
        } else if (key == "features") {
          expect_kind(key, value, JsonValue::Kind::String, "a string");
          span.style.features = values_.features(value.string);
        } else if (key == "letter-spacing" || key == "word-spacing") {
          expect_kind(key, value, JsonValue::Kind::Number, "a number");
          const bool letter = key == "letter-spacing";
          (letter ? span.style.letter_spacing : span.style.word_spacing) =
              values_.spacing(value.number, letter);
        } else {
          fail_at("unknown key \"" + key + "\" (known: " + std::string(kSpanKeys) + ")",
                  member.key_offset);
        }
      } catch (const std::invalid_argument& e) {
        fail_at("\"" + key + "\": " + e.what(), value.offset);
      }
    }
    if (!start) fail_at("the span has no \"start\"", object.offset);
    if (!end) fail_at("the span has no \"end\"", object.offset);
    span.range.start = offset("start", *start);
    span.range.end = offset("end", *end);
    if (span.range.start > span.range.end) {
      fail_at("\"end\" " + std::to_string(span.range.end) + " is before \"start\" " +
                  std::to_string(span.range.start),
              end->offset);
    }
    return span;
  }
};

}  // namespace

MarkedUpText parse_markup(std::string_view input, const std::string& label, bool strict_utf8,
                          SpanValues& values) {
  return MarkupParser(input, label, strict_utf8, values).parse();
}

std::vector<StyledSpan> parse_spans_file(std::string_view json, const std::string& label,
                                         std::string_view text, SpanValues& values) {
  return SpansReader(label, text, values).read(json);
}

}  // namespace satr::cli
