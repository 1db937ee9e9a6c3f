#include "style/resolved_style.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "satr/error.hpp"
#include "support/hash.hpp"
#include "text/paragraphs.hpp"

namespace satr::detail {
namespace {

std::string format_px(float value) {
  std::string s = std::to_string(value);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The one rule for a font size, of the paragraph or a span: in [kMinFontSize,
// kMaxFontSize] px per em. Below the smallest is a bad argument; above the largest, a
// limit (the work and the memory of a glyph grow with the size).
void check_font_size(float size, const char* what) {
  if (!(size > 0) || !std::isfinite(size)) {
    throw Error(ErrorCode::InvalidArgument,
                std::string(what) + " must be a positive number of px, got " + format_px(size));
  }
  if (size < kMinFontSize) {
    throw Error(ErrorCode::InvalidArgument,
                std::string(what) + " " + format_px(size) + " px is below the smallest, 1/64 px");
  }
  if (size > kMaxFontSize) {
    throw Error(ErrorCode::LimitExceeded, std::string(what) + " " + format_px(size) +
                                              " px exceeds the limit of " +
                                              format_px(kMaxFontSize) + " px");
  }
}

// The one rule for letter and word spacing, of the paragraph or a span.
void check_spacing(float px, const char* what) {
  if (!std::isfinite(px)) {
    throw Error(ErrorCode::InvalidArgument,
                std::string(what) + " must be a number of px, got " + format_px(px));
  }
  if (std::abs(px) > kMaxSpacing) {
    throw Error(ErrorCode::LimitExceeded, std::string(what) + " " + format_px(px) +
                                              " px exceeds the limit of ±" +
                                              format_px(kMaxSpacing) + " px");
  }
}

uint64_t hash_features(std::span<const hb_feature_t> features, bool tatweel_flags) {
  // The tatweel flag changes glyph flags, so it is part of the word cache key too.
  Hasher h(tatweel_flags);
  for (const hb_feature_t& f : features) {
    h.value((uint64_t{f.tag} << 32) | f.value).value((uint64_t{f.start} << 32) | f.end);
  }
  return h.digest();
}

// Letter spacing separates letters a ligature would join, so where it applies the optional
// ligatures are off (as CSS asks); required ones (rlig) stay.
void set_spacing(float letter_spacing, float word_spacing, bool tatweel_flags,
                 ShapingStyle& style) {
  style.letter_spacing = letter_spacing;
  style.word_spacing = word_spacing;
  style.spaced_features.clear();
  style.spaced_features_hash = style.features_hash;
  if (letter_spacing == 0) return;
  style.spaced_features = style.features;
  for (const char* tag : {"liga", "clig", "dlig", "hlig"}) {
    hb_feature_t off{hb_tag_from_string(tag, 4), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END};
    style.spaced_features.push_back(off);
  }
  style.spaced_features_hash = hash_features(style.spaced_features, tatweel_flags);
}

uint32_t font_index(std::vector<const Font*>& table, const Font& font) {
  const auto it =
      std::find_if(table.begin(), table.end(), [&](const Font* f) { return *f == font; });
  if (it != table.end()) return static_cast<uint32_t>(it - table.begin());
  table.push_back(&font);
  return static_cast<uint32_t>(table.size() - 1);
}

// The unit index of byte offset `byte`, which must start a character (or be the end).
uint32_t unit_at(const DecodedText& decoded, uint32_t byte, const char* which) {
  const auto it = std::lower_bound(decoded.byte_of.begin(), decoded.byte_of.end(), byte);
  if (it == decoded.byte_of.end() || *it != byte) {
    throw Error(ErrorCode::InvalidArgument,
                std::string("span ") + which + " " + std::to_string(byte) +
                    " is not at a character boundary",
                byte);
  }
  return static_cast<uint32_t>(it - decoded.byte_of.begin());
}

}  // namespace

std::vector<hb_feature_t> parse_features(std::string_view features) {
  std::vector<hb_feature_t> out;
  std::size_t pos = 0;
  while (pos <= features.size()) {
    std::size_t comma = features.find(',', pos);
    if (comma == std::string_view::npos) comma = features.size();
    std::string_view item = features.substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      hb_feature_t feature;
      if (!hb_feature_from_string(item.data(), static_cast<int>(item.size()), &feature)) {
        throw Error(ErrorCode::InvalidArgument,
                    "invalid OpenType feature '" + std::string(item) + "'");
      }
      out.push_back(feature);
    }
    pos = comma + 1;
  }
  return out;
}

void resolve_style(std::string_view text, const DecodedText& decoded, const FontCollection& fonts,
                   const ParagraphStyle& style, std::span<const StyledSpan> spans,
                   ResolvedStyle& inputs) {
  inputs.paragraph = &style;
  inputs.font_table.clear();
  inputs.colors.clear();
  inputs.style_of.clear();
  inputs.color_of.clear();
  inputs.direction = style.direction == Direction::LeftToRight   ? BaseDirection::LeftToRight
                     : style.direction == Direction::RightToLeft ? BaseDirection::RightToLeft
                                                                 : BaseDirection::Auto;
  inputs.digits = style.digits;
  inputs.justifying = style.align == Align::Justify && style.width > 0;
  inputs.kashida = inputs.justifying && style.justify != Justify::Spaces;
  inputs.language =
      style.language.empty()
          ? HB_LANGUAGE_INVALID
          : hb_language_from_string(style.language.data(), static_cast<int>(style.language.size()));
  inputs.icu_language = style.language;
  inputs.ellipsis.clear();
  if (style.max_lines != 0) inputs.ellipsis = decode_utf8(style.ellipsis, false).utf16;

  // Style 0 is rebuilt in place, so its arrays keep their storage from the last layout.
  inputs.styles.resize(1);
  ShapingStyle& base = inputs.styles[0];
  base.chain.clear();
  for (const Font& font : fonts.fonts()) base.chain.push_back(font_index(inputs.font_table, font));
  base.font_size = style.font_size;
  base.features = parse_features(style.features);
  base.features_hash = hash_features(base.features, inputs.kashida);
  set_spacing(style.letter_spacing, style.word_spacing, inputs.kashida, base);
  inputs.spaced = base.spaced();
  inputs.colors.emplace_back();
  inputs.styled = !spans.empty();
  if (spans.empty()) return;

  // Per unit: which chain, size, features and colour apply, as indices into small tables;
  // later spans override earlier ones member by member.
  const std::size_t n = decoded.utf16.size();
  std::vector<std::vector<uint32_t>> chains = {inputs.styles[0].chain};
  std::vector<float> sizes = {style.font_size};
  std::vector<std::string> feature_sets = {""};
  std::vector<float> letter_spacings = {style.letter_spacing};
  std::vector<float> word_spacings = {style.word_spacing};
  std::vector<uint16_t> chain_of(n, 0), size_of(n, 0), features_of(n, 0), letter_of(n, 0),
      word_of(n, 0);
  inputs.color_of.assign(n, 0);
  // Styles and colours are indexed with 16 bits per character (kMaxSpans).
  if (spans.size() > kMaxSpans) {
    throw Error(ErrorCode::LimitExceeded, std::to_string(spans.size()) +
                                              " styled spans exceed the limit of " +
                                              std::to_string(kMaxSpans));
  }
  for (const StyledSpan& span : spans) {
    if (span.range.start > span.range.end || span.range.end > text.size()) {
      throw Error(ErrorCode::InvalidArgument, "span [" + std::to_string(span.range.start) + ", " +
                                                  std::to_string(span.range.end) +
                                                  ") is outside the text of " +
                                                  std::to_string(text.size()) + " bytes");
    }
    const uint32_t first = unit_at(decoded, span.range.start, "start");
    const uint32_t last = unit_at(decoded, span.range.end, "end");
    const SpanStyle& s = span.style;
    if (s.font_size) check_font_size(*s.font_size, "span font size");
    if (s.letter_spacing) check_spacing(*s.letter_spacing, "span letter spacing");
    if (s.word_spacing) check_spacing(*s.word_spacing, "span word spacing");
    if (s.fonts && s.fonts->empty()) {
      throw Error(ErrorCode::InvalidArgument, "span font collection is empty");
    }
    const auto chain = [&]() -> int {
      if (!s.fonts) return -1;
      std::vector<uint32_t> indices;
      for (const Font& font : s.fonts->fonts())
        indices.push_back(font_index(inputs.font_table, font));
      chains.push_back(std::move(indices));
      return static_cast<int>(chains.size() - 1);
    }();
    const int size = s.font_size ? (sizes.push_back(*s.font_size), int(sizes.size() - 1)) : -1;
    int features = -1;
    if (!s.features.empty()) {
      (void)parse_features(s.features);  // Validate now, with the span's own text.
      feature_sets.push_back(s.features);
      features = static_cast<int>(feature_sets.size() - 1);
    }
    const auto add = [](std::vector<float>& values, const std::optional<float>& value) {
      if (!value) return -1;
      values.push_back(*value);
      return static_cast<int>(values.size() - 1);
    };
    const int letter = add(letter_spacings, s.letter_spacing);
    const int word = add(word_spacings, s.word_spacing);
    int color = -1;
    if (s.color) {
      inputs.colors.push_back(s.color);
      color = static_cast<int>(inputs.colors.size() - 1);
    }
    for (uint32_t u = first; u < last; ++u) {
      if (chain >= 0) chain_of[u] = static_cast<uint16_t>(chain);
      if (size >= 0) size_of[u] = static_cast<uint16_t>(size);
      if (features >= 0) features_of[u] = static_cast<uint16_t>(features);
      if (letter >= 0) letter_of[u] = static_cast<uint16_t>(letter);
      if (word >= 0) word_of[u] = static_cast<uint16_t>(word);
      if (color >= 0) inputs.color_of[u] = static_cast<uint16_t>(color);
    }
  }

  // Distinct (chain, size, features, spacings) combinations become shaping styles.
  std::map<std::tuple<uint16_t, uint16_t, uint16_t, uint16_t, uint16_t>, uint16_t> style_index;
  style_index[{0, 0, 0, 0, 0}] = 0;
  inputs.style_of.assign(n, 0);
  for (std::size_t u = 0; u < n; ++u) {
    const auto key =
        std::make_tuple(chain_of[u], size_of[u], features_of[u], letter_of[u], word_of[u]);
    auto it = style_index.find(key);
    if (it == style_index.end()) {
      ShapingStyle s;
      s.chain = chains[chain_of[u]];
      s.font_size = sizes[size_of[u]];
      s.features = inputs.styles[0].features;  // The paragraph style's, then the span's.
      const std::vector<hb_feature_t> extra = parse_features(feature_sets[features_of[u]]);
      s.features.insert(s.features.end(), extra.begin(), extra.end());
      s.features_hash = hash_features(s.features, inputs.kashida);
      set_spacing(letter_spacings[letter_of[u]], word_spacings[word_of[u]], inputs.kashida, s);
      inputs.spaced = inputs.spaced || s.spaced();
      inputs.styles.push_back(std::move(s));
      it = style_index.emplace(key, static_cast<uint16_t>(inputs.styles.size() - 1)).first;
    }
    inputs.style_of[u] = it->second;
  }
}

}  // namespace satr::detail

namespace satr {

using detail::check_font_size;
using detail::check_spacing;
using detail::format_px;

void validate(const ParagraphStyle& style, const FontCollection& fonts) {
  if (fonts.empty()) throw Error(ErrorCode::InvalidArgument, "the font collection is empty");
  validate(style);
}

void validate(const ParagraphStyle& style) {
  check_font_size(style.font_size, "font size");
  if (!(style.width >= 0) || !std::isfinite(style.width)) {
    throw Error(
        ErrorCode::InvalidArgument,
        "width must be 0 (no wrapping) or a positive number of px, got " + format_px(style.width));
  }
  if (!(style.line_height > 0) || !(style.line_height <= 100)) {
    throw Error(ErrorCode::InvalidArgument,
                "line height factor must be in (0, 100], got " + format_px(style.line_height));
  }
  check_spacing(style.letter_spacing, "letter spacing");
  check_spacing(style.word_spacing, "word spacing");
  if (!style.features.empty()) (void)detail::parse_features(style.features);
  if (style.max_lines != 0) {
    // The ellipsis ends the last kept line: a break inside it would contradict that line.
    const std::size_t bad = detail::first_invalid_byte(style.ellipsis);
    if (bad != style.ellipsis.size()) {
      throw Error(ErrorCode::InvalidUtf8,
                  "ellipsis: invalid UTF-8 at byte offset " + std::to_string(bad));
    }
    for (std::size_t i = 0; i < style.ellipsis.size();) {
      char32_t c = 0;
      int bad_length = 0;
      i += static_cast<std::size_t>(detail::decode_sequence(style.ellipsis, i, c, bad_length));
      if (detail::is_mandatory_break(c) || detail::is_paragraph_separator(c)) {
        throw Error(ErrorCode::InvalidArgument, "ellipsis: contains a line or paragraph break");
      }
    }
  }
}

}  // namespace satr
