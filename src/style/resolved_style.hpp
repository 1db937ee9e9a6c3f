// The caller's ParagraphStyle and styled spans resolved once per layout into what the
// stages read: a font table, a few shaping styles and colours, and per-unit indices into
// them. Filled by resolve_style, then read-only for the rest of the layout.
#pragma once

#include <hb.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "bidi/bidi.hpp"
#include "satr/color.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "text/utf8.hpp"

namespace satr::detail {

/// What decides shaping for a range of text: the paragraph style, or a span's.
struct ShapingStyle {
  std::vector<uint32_t> chain;  ///< Fallback chain as indices into the layout's font table.
  float font_size = 0;
  std::vector<hb_feature_t> features;
  uint64_t features_hash = 0;   ///< Part of the word cache key.
  float letter_spacing = 0;     ///< px after each cluster, where the script takes it.
  float word_spacing = 0;       ///< px added to each word separator.
  /// `features` with the optional ligatures off, for the scripts letter spacing applies
  /// to (shape/spacing.hpp); set when letter_spacing is not 0.
  std::vector<hb_feature_t> spaced_features;
  uint64_t spaced_features_hash = 0;

  bool spaced() const { return letter_spacing != 0 || word_spacing != 0; }
};

/// One layout's resolved style. Its arrays keep their storage from one layout to the next
/// (a workspace holds one), so resolving allocates nothing once they have grown.
struct ResolvedStyle {
  /// The style it was resolved from (alignment, width, breaker, truncation...), which
  /// outlives the layout call.
  const ParagraphStyle* paragraph = nullptr;
  /// Every font any style may use. Pointers into the caller's FontCollections, which
  /// outlive the call: copying Font handles would touch their shared reference counts on
  /// every layout, which two threads laying out at once would contend for.
  std::vector<const Font*> font_table;
  std::vector<ShapingStyle> styles;          ///< [0] is the paragraph style.
  std::vector<std::optional<Color>> colors;  ///< [0] is "no colour".
  std::vector<uint16_t> style_of;            ///< Per UTF-16 unit of the whole text.
  std::vector<uint16_t> color_of;            ///< Per UTF-16 unit of the whole text.
  bool styled = false;                       ///< False: every unit has style 0, colour 0.
  bool spaced = false;                       ///< Some style has letter or word spacing.
  BaseDirection direction = BaseDirection::Auto;
  Digits digits = Digits::Latin;
  bool justifying = false;                   ///< Align::Justify with a wrap width.
  bool kashida = false;                      ///< Find kashida sites (justifying with them).
  hb_language_t language = HB_LANGUAGE_INVALID;
  std::string_view icu_language;             ///< BCP 47, for ICU's line breaking.
  std::u16string ellipsis;                   ///< ParagraphStyle::ellipsis, decoded.

  float font_size(uint16_t style) const { return styles[style].font_size; }
};

/// Fills `out` for `text` (decoded as `decoded`) with `style`, which satr::validate has
/// accepted. Throws Error(InvalidArgument) for a span outside the text or off a character
/// boundary, a bad span size, an empty span font collection or unparsable span features;
/// Error(LimitExceeded) for too many spans.
void resolve_style(std::string_view text, const DecodedText& decoded, const FontCollection& fonts,
                   const ParagraphStyle& style, std::span<const StyledSpan> spans,
                   ResolvedStyle& out);

/// Parses comma-separated HarfBuzz feature strings ("liga=0,+ss01").
/// Throws Error(InvalidArgument) naming the first one HarfBuzz cannot parse.
std::vector<hb_feature_t> parse_features(std::string_view features);

}  // namespace satr::detail
