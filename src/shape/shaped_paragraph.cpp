// Stages 3–5 for one paragraph: from UTF-16 text to shaped items.
#include "shape/shaped_paragraph.hpp"

#include <algorithm>

#include "shape/kashida_sites.hpp"
#include "shape/spacing.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {
namespace {

// Digit shapes are a drawing choice: bidi and line breaking read the typed ASCII digits
// (so "12" keeps its European-number ordering), only HarfBuzz sees the substitutes.
void substitute_digits(Digits digits, ShapedParagraph& p) {
  if (digits == Digits::Latin) return;
  const char16_t zero = digits == Digits::ArabicIndic ? 0x0660 : 0x06F0;
  for (std::size_t i = 0; i < p.text.size(); ++i) {
    if (p.text[i] < u'0' || p.text[i] > u'9') continue;
    if (p.shaped_text.empty()) p.shaped_text.assign(p.text.begin(), p.text.end());
    p.shaped_text[i] = static_cast<char16_t>(zero + (p.text[i] - u'0'));
  }
}

}  // namespace

void analyze_paragraph(std::u16string_view text, uint32_t text_offset, const ResolvedStyle& style,
                       BidiScratch& bidi, ShapedParagraph& p) {
  p.text = text;
  const auto n = static_cast<uint32_t>(text.size());
  p.paragraph_level = resolve_bidi(text, style.direction, bidi, p.levels);
  p.one_level = std::all_of(p.levels.begin(), p.levels.end(),
                            [&](uint8_t level) { return level == p.paragraph_level; });
  p.flags.assign(n + 1, 0);
  p.breaks.clear();
  p.forced_break = false;
  find_graphemes_and_whitespace(text, p.flags);
  p.shaped_text.clear();
  p.style_of.clear();
  p.color_of.clear();
  p.kashida.clear();
  if (style.styled) {
    p.style_of.assign(style.style_of.begin() + text_offset,
                      style.style_of.begin() + text_offset + n);
    p.color_of.assign(style.color_of.begin() + text_offset,
                      style.color_of.begin() + text_offset + n);
  }
  substitute_digits(style.digits, p);
}

void find_breaks(const ResolvedStyle& style, ShapedParagraph& p) {
  if (p.has_breaks()) return;
  p.breaks.resize(p.text.size() + 1);
  find_line_breaks(p.text, style.icu_language, p.breaks);
  p.forced_break = std::any_of(p.breaks.begin(), p.breaks.end() - 1,
                               [](uint8_t f) { return (f & kMandatoryBefore) != 0; });
}

void shape_analyzed(const ResolvedStyle& style, WordCache* cache, ShapingScratch& scratch,
                    ShapedParagraph& p) {
  const std::u16string_view shaping = p.shaping();
  const auto n = static_cast<uint32_t>(shaping.size());
  const FontChoice choice{style.font_table, style.styles, p.style_of};
  itemize(shaping, p.levels, p.flags, choice, scratch.itemize, p.items);

  std::vector<ShapeRequest>& requests = scratch.words.requests;
  requests.clear();
  for (const Item& item : p.items) {
    const ShapingStyle& shaping_style = style.styles[item.style];
    ShapeRequest& request = requests.emplace_back();
    request.paragraph = shaping;
    request.context_start = 0;
    request.context_end = n;
    request.start = item.start;
    request.end = item.end;
    request.font = &style.font_table[item.font_index]->data();
    request.rtl = (item.level & 1) != 0;
    request.script = item.script;
    request.language = style.language;
    request.features = shaping_features(shaping_style, item.script, request.features_hash);
    request.tatweel_flags = style.kashida;
  }
  p.glyphs.clear();
  p.glyphs.reserve(n);
  shape_items_cached(requests, p.flags, cache, scratch.buffer.get(), scratch.words, p.glyphs,
                     p.item_glyphs);
  // After the word cache, which keeps glyphs as the font gives them.
  if (style.spaced) {
    for (std::size_t i = 0; i < p.items.size(); ++i) {
      const Item& item = p.items[i];
      const float scale =
          style.font_table[item.font_index]->data().scale(style.font_size(item.style));
      apply_spacing(
          shaping, style.styles[item.style], item.script, (item.level & 1) != 0, scale,
          std::span(p.glyphs).subspan(p.item_glyphs[i], p.item_glyphs[i + 1] - p.item_glyphs[i]));
    }
  }

  // Advance of each cluster, credited to its first unit: the breaker measures ranges by
  // prefix sums, so any range of whole clusters costs O(1).
  p.prefix_width.assign(n + 1, 0.0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const Item& item = p.items[i];
    const float scale =
        style.font_table[item.font_index]->data().scale(style.font_size(item.style));
    for (uint32_t g = p.item_glyphs[i]; g < p.item_glyphs[i + 1]; ++g) {
      p.prefix_width[p.glyphs[g].cluster + 1] += p.glyphs[g].advance * scale;
    }
  }
  p.widest_prefix = 0;
  for (uint32_t i = 0; i < n; ++i) {
    p.prefix_width[i + 1] += p.prefix_width[i];
    p.widest_prefix = std::max(p.widest_prefix, p.prefix_width[i + 1]);
  }

  if (style.kashida) find_kashida_sites(style, p);
}

}  // namespace satr::detail
