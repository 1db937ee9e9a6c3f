// Stages 3–5 of layout for one paragraph: bidi levels, itemization and shaping, into the
// ShapedParagraph that line breaking and line building read.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "bidi/bidi.hpp"
#include "fonts/font_data.hpp"
#include "itemize/itemize.hpp"
#include "shape/shaper.hpp"
#include "shape/word_cache.hpp"
#include "shape/word_shaper.hpp"
#include "style/resolved_style.hpp"

namespace satr::detail {

template <typename T>
using OwnedArray = std::vector<T>;
template <typename T>
using ArrayView = std::span<const T>;

/// Everything shaping a paragraph produced, before it is cut into lines: the one field list
/// of a shaped paragraph, whether it owns its arrays (ShapedParagraph, just shaped into a
/// workspace) or views them (ShapedParagraphView, the same paragraph shaped now or read
/// where the paragraph cache keeps it). Every array is indexed by UTF-16 unit of the
/// paragraph unless it says otherwise; arrays_of() lists them all, so that a view, a copy
/// or a comparison covers every field.
template <template <typename> class Array>
struct ShapedParagraphOf {
  std::u16string_view text;     ///< The paragraph's UTF-16 text (no separator).
  uint8_t paragraph_level = 0;  ///< 0 or 1, after P2–P3.
  bool one_level = false;       ///< Every level is the paragraph level: L1 and L2 leave
                                ///< every line as it is.
  bool forced_break = false;    ///< A mandatory break lies inside the paragraph (known
                                ///< once the breaks are found).
  double widest_prefix = 0;     ///< The largest prefix_width: the paragraph fits on a
                                ///< line at least this wide (see fits_on_one_line).

  Array<uint8_t> flags;         ///< TextFlag bits, size n + 1.
  Array<uint8_t> breaks;        ///< BreakFlag bits, size n + 1; empty until found.
  Array<double> prefix_width;   ///< px; prefix_width[i] = advance of units [0, i), size n + 1.
  Array<Item> items;            ///< Logical order.
  Array<uint32_t> item_glyphs;  ///< Item i's glyphs are [item_glyphs[i], item_glyphs[i+1]).
  Array<uint8_t> levels;        ///< Resolved bidi levels, before L1.
  Array<ShapedGlyph> glyphs;    ///< All items' glyphs, logical order.
  Array<char16_t> shaped_text;  ///< What HarfBuzz saw, if it differs (digits, inserted
                                ///< tatweels); empty otherwise.
  Array<uint16_t> style_of;     ///< Shaping style per unit (empty: all 0).
  Array<uint16_t> color_of;     ///< Colour per unit (empty: all 0).
  Array<uint8_t> kashida;       ///< Priority (1 best … 7) of a tatweel before the unit;
                                ///< 0 = not a site. Only when ResolvedStyle::kashida.

  /// Every array, in the order a warm layout reads a cached paragraph.
  template <typename Self>
  static auto arrays_of(Self& p) {
    return std::tie(p.flags, p.breaks, p.prefix_width, p.items, p.item_glyphs, p.levels,
                    p.glyphs, p.shaped_text, p.style_of, p.color_of, p.kashida);
  }
  /// The scalar fields, compared and copied with the arrays.
  template <typename Self>
  static auto scalars_of(Self& p) {
    return std::tie(p.paragraph_level, p.one_level, p.forced_break, p.widest_prefix);
  }

  std::u16string_view shaping() const {
    return shaped_text.empty() ? text : std::u16string_view(shaped_text.data(), shaped_text.size());
  }
  uint16_t style_at(uint32_t unit) const { return style_of.empty() ? 0 : style_of[unit]; }
  uint16_t color_at(uint32_t unit) const { return color_of.empty() ? 0 : color_of[unit]; }
  bool has_breaks() const { return !breaks.empty(); }
};

using ShapedParagraph = ShapedParagraphOf<OwnedArray>;
using ShapedParagraphView = ShapedParagraphOf<ArrayView>;

/// Calls f(a_field, b_field) for every field of two shaped paragraphs, scalars and arrays
/// (the text is left to the caller: an owned paragraph views it too).
template <typename A, typename B, typename F>
void for_each_field(A& a, B& b, F&& f) {
  const auto pairwise = [&](auto fields_a, auto fields_b) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (f(std::get<I>(fields_a), std::get<I>(fields_b)), ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(fields_a)>>{});
  };
  pairwise(A::scalars_of(a), B::scalars_of(b));
  pairwise(A::arrays_of(a), B::arrays_of(b));
}

/// A view of `p`'s arrays.
inline ShapedParagraphView view_of(const ShapedParagraph& p) {
  ShapedParagraphView v;
  v.text = p.text;
  for_each_field(v, p, [](auto& to, const auto& from) {
    if constexpr (requires { from.data(); }) {
      to = {from.data(), from.size()};
    } else {
      to = from;
    }
  });
  return v;
}

/// Working memory of shaping, kept from paragraph to paragraph so that a warm layout does
/// not allocate. Used by one thread at a time.
struct ShapingScratch {
  HbBuffer buffer{hb_buffer_create()};
  WordShaperScratch words;
  ItemizeScratch itemize;
  BidiScratch bidi;
};

/// Bidi levels, text flags, styles and digit substitution of one paragraph of the text:
/// `text` is the paragraph, `text_offset` its first unit in the whole text (for the
/// per-unit styles). Line breaks are not looked for (find_breaks).
void analyze_paragraph(std::u16string_view text, uint32_t text_offset, const ResolvedStyle& style,
                       BidiScratch& bidi, ShapedParagraph& p);

/// Itemization and shaping of an analyzed paragraph (text, levels, flags, styles set),
/// then the prefix widths and, when the style asks for them, the kashida sites. `cache`
/// may be null (every item shaped whole).
void shape_analyzed(const ResolvedStyle& style, WordCache* cache, ShapingScratch& scratch,
                    ShapedParagraph& p);

/// Finds the paragraph's line break opportunities (and forced_break), unless found.
void find_breaks(const ResolvedStyle& style, ShapedParagraph& p);

}  // namespace satr::detail
