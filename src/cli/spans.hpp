// Styled spans for `shape`: read from a JSON file (--spans) or from inline markup
// (--markup), turned into satr::StyledSpan values for layout_text.
//
// Both readers check every value themselves, so that a problem is reported with the file
// (or text) and the byte offset of the value at fault rather than as a bare library error.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "satr/color.hpp"
#include "satr/context.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"

namespace satr::cli {

/// <span> tags nested deeper than this are refused.
inline constexpr std::size_t kMaxMarkupDepth = 256;

/// A problem in the input the command read (text, markup, spans file): exit status 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses a colour as Color::parse does, also accepting the CSS short forms #rgb and
/// #rgba. Throws satr::Error(InvalidArgument) naming the text.
Color parse_color_value(std::string_view text);

/// Turns span attribute values into SpanStyle members, with the checks and the font
/// loading that both span sources share. Each value problem is thrown as
/// std::invalid_argument with a message that does not yet say where the value is.
class SpanValues {
 public:
  /// `paragraph_fonts` follow a span's own fonts as fallback; `context` serves the probes
  /// that ask the library whether a feature string is acceptable.
  SpanValues(const FontCollection& paragraph_fonts, Context& context);

  Color color(std::string_view text) const;
  /// A font size in px in (0, kMaxFontSize].
  float font_size(double value) const;
  float font_size(std::string_view text) const;
  /// The span's fonts (each file loaded once per run), then the paragraph's fonts.
  FontCollection fonts(const std::vector<std::string>& paths);
  /// A HarfBuzz feature list, checked by the library.
  /// px of letter (`letter`) or word spacing, checked by the library's rule.
  float spacing(double value, bool letter) const;
  float spacing(std::string_view text, bool letter) const;
  std::string features(std::string_view text);

 private:
  const FontCollection& paragraph_fonts_;
  Context& context_;
  std::map<std::string, Font> loaded_;
  std::set<std::string> valid_features_;
};

/// Text with its markup stripped, and the spans the markup described.
struct MarkedUpText {
  std::string text;
  std::vector<StyledSpan> spans;  ///< In order of their opening tags: inner after outer.
};

/// Strips the markup of `input`:
///
///     <span color="#c00" size="40" font="file.ttf" features="liga=0"
///           letter_spacing="2" word_spacing="4">text</span>
///
/// Spans nest; every attribute is optional; values are in double or single quotes.
/// &lt; &gt; &amp; &quot; &apos; and numeric references (&#1575; &#x627;) stand for
/// characters; a literal '<' or '&' must be written as a reference. Span ranges are byte
/// offsets into the stripped text. Ill-formed UTF-8 becomes U+FFFD, or with `strict_utf8`
/// is an error. Throws InputError naming `label` and the byte offset in `input`.
MarkedUpText parse_markup(std::string_view input, const std::string& label, bool strict_utf8,
                          SpanValues& values);

/// Reads a spans file: a JSON array of objects
///
///     {"start": byte, "end": byte, "color": "#rrggbb", "font-size": px,
///      "font": "file.ttf" or ["a.ttf", "b.ttf"], "features": "liga=0",
///      "letter-spacing": px, "word-spacing": px}
///
/// where only start and end are required and [start, end) must lie on character
/// boundaries of `text`. Throws InputError naming `label` and the byte offset in `json`.
std::vector<StyledSpan> parse_spans_file(std::string_view json, const std::string& label,
                                         std::string_view text, SpanValues& values);

}  // namespace satr::cli
