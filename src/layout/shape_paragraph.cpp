// Stage: one paragraph from UTF-16 text to shaped items.
#include <unicode/uchar.h>

#include <algorithm>

#include "layout/justify.hpp"
#include "layout/paragraph.hpp"
#include "text/line_breaks.hpp"
#include "text/text_properties.hpp"

namespace satr::detail {
namespace {

// Digit shapes are a drawing choice: bidi and line breaking read the typed ASCII digits
// (so "12" keeps its European-number ordering), only HarfBuzz sees the substitutes.
void substitute_digits(Digits digits, ShapedParagraph& p) {
  if (digits == Digits::Latin) return;
  const char16_t zero = digits == Digits::ArabicIndic ? 0x0660 : 0x06F0;
  for (std::size_t i = 0; i < p.text.size(); ++i) {
    if (p.text[i] < u'0' || p.text[i] > u'9') continue;
    if (p.shaped_text.empty()) p.shaped_text.assign(p.text);
    p.shaped_text[i] = static_cast<char16_t>(zero + (p.text[i] - u'0'));
  }
}

}  // namespace

void analyze_paragraph(std::u16string_view text, uint32_t text_offset, Direction direction,
                       const LayoutInputs& inputs, ShapedParagraph& p,
                       LineBreakTiming line_breaks) {
  p.text = text;
  const auto n = static_cast<uint32_t>(text.size());
  if (inputs.bidi_scratch != nullptr) {
    resolve_bidi(text, direction, *inputs.bidi_scratch, p.bidi);
  } else {
    p.bidi = resolve_bidi(text, direction);
  }
  p.one_level = std::all_of(p.bidi.levels.begin(), p.bidi.levels.end(),
                            [&](uint8_t level) { return level == p.bidi.paragraph_level; });
  p.flags.assign(n + 1, 0);
  p.line_breaks_found = false;
  p.forced_break = false;
  if (line_breaks == LineBreakTiming::Now) complete_line_breaks(inputs, p);
  find_graphemes_and_whitespace(text, p.flags);
  p.shaped_text.clear();
  p.style_of.clear();
  p.color_of.clear();
  p.kashida.clear();
  if (inputs.styled) {
    p.style_of.assign(inputs.style_of.begin() + text_offset,
                      inputs.style_of.begin() + text_offset + n);
    p.color_of.assign(inputs.color_of.begin() + text_offset,
                      inputs.color_of.begin() + text_offset + n);
  }
  substitute_digits(inputs.digits, p);
}

void complete_line_breaks(const LayoutInputs& inputs, ShapedParagraph& p) {
  if (p.line_breaks_found) return;
  find_line_breaks(p.text, inputs.icu_language, p.flags);
  p.line_breaks_found = true;
  p.forced_break = std::any_of(p.flags.begin(), p.flags.end() - 1,
                               [](uint8_t f) { return (f & kMandatoryBefore) != 0; });
}

bool find_line_breaks_if_needed(const LayoutInputs& inputs, const ParagraphStyle& style,
                                ShapedParagraph& p) {
  if (p.line_breaks_found) return true;
  // ICU's line breaking costs more than a tenth of a short paragraph's layout; most short
  // paragraphs (interface strings, captions) fit on one line and never use it. The
  // greedy breaker puts a paragraph on one line when no break is forced and no break
  // opportunity lies past the width: with no prefix past it, none can.
  bool needed = style.breaker != Breaker::Greedy || style.max_lines != 0 ||
                style.align == Align::Justify || !no_prefix_past(p.widest_prefix, style.width);
  for (std::size_t i = 0; !needed && i < p.text.size(); ++i) {
    const char16_t c = p.text[i];
    // The characters of line break classes BK, CR, LF and NL (UAX #14).
    needed = (c >= 0x0A && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029;
  }
  if (needed) complete_line_breaks(inputs, p);
  return needed;
}

void shape_analyzed(const LayoutInputs& inputs, ShapedParagraph& p) {
  const std::u16string_view shaping = p.shaping();
  const auto n = static_cast<uint32_t>(shaping.size());
  const FontChoice choice{inputs.font_table, inputs.styles, p.style_of};
  itemize(shaping, p.bidi.levels, p.flags, choice, *inputs.itemize_scratch, p.items);

  std::vector<ShapeRequest>& requests = inputs.scratch->requests;
  requests.clear();
  for (const Item& item : p.items) {
    const ShapingStyle& style = inputs.styles[item.style];
    ShapeRequest& request = requests.emplace_back();
    request.paragraph = shaping;
    request.context_start = 0;
    request.context_end = n;
    request.start = item.start;
    request.end = item.end;
    request.font = &inputs.font_table[item.font_index]->data();
    request.rtl = (item.level & 1) != 0;
    request.script = item.script;
    request.language = inputs.language;
    request.features = style.features;
    request.features_hash = style.features_hash;
    request.tatweel_flags = inputs.kashida;
  }
  p.glyphs.clear();
  p.glyphs.reserve(n);
  shape_items_cached(requests, p.flags, inputs.shape_cache, inputs.buffer, *inputs.scratch,
                     p.glyphs, p.item_glyphs);

  // Advance of each cluster, credited to its first unit: the breaker measures ranges by
  // prefix sums, so any range of whole clusters costs O(1).
  p.prefix_width.assign(n + 1, 0.0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const Item& item = p.items[i];
    const float scale =
        inputs.font_table[item.font_index]->data().scale(inputs.font_size(item.style));
    for (uint32_t g = p.item_glyphs[i]; g < p.item_glyphs[i + 1]; ++g) {
      p.prefix_width[p.glyphs[g].cluster + 1] += p.glyphs[g].advance * scale;
    }
  }
  p.widest_prefix = 0;
  for (uint32_t i = 0; i < n; ++i) {
    p.prefix_width[i + 1] += p.prefix_width[i];
    p.widest_prefix = std::max(p.widest_prefix, p.prefix_width[i + 1]);
  }

  if (inputs.kashida) find_kashida_sites(inputs, p);
}

}  // namespace satr::detail
