#include "layout/justify.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>

#include "layout/derived_paragraph.hpp"
#include "shape/font_data.hpp"
#include "text/char_info.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {
namespace {

constexpr char16_t kTatweel = 0x0640;
constexpr char16_t kZwnj = 0x200C;

int joining_group(char16_t c) { return u_getIntPropertyValue(c, UCHAR_JOINING_GROUP); }


bool in(int group, std::initializer_list<int> groups) {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

// Priority of inserting tatweel between letters a and b (b at the site), given whether b is
// final (joins nothing after it) and the letter after b (0 if none).
uint8_t site_priority(char16_t a, char16_t b, bool b_final, char16_t after_b) {
  if (a == kTatweel) return 1;
  const int ga = joining_group(a);
  const int gb = joining_group(b);
  if (in(ga, {U_JG_SEEN, U_JG_SAD})) return 2;
  if (b_final && in(gb, {U_JG_TEH_MARBUTA, U_JG_TEH_MARBUTA_GOAL, U_JG_HEH, U_JG_HEH_GOAL,
                         U_JG_DAL})) {
    return 3;
  }
  if (b_final && in(gb, {U_JG_ALEF, U_JG_TAH, U_JG_LAM, U_JG_KAF, U_JG_GAF})) return 4;
  if (!b_final && in(gb, {U_JG_BEH, U_JG_NOON, U_JG_YEH, U_JG_FARSI_YEH}) && after_b &&
      in(joining_group(after_b), {U_JG_REH, U_JG_YEH, U_JG_FARSI_YEH})) {
    return 5;
  }
  if (b_final && in(gb, {U_JG_WAW, U_JG_AIN, U_JG_QAF, U_JG_FEH, U_JG_AFRICAN_QAF,
                         U_JG_AFRICAN_FEH})) {
    return 6;
  }
  if (b_final) return 7;
  return 0;
}

}  // namespace

void find_kashida_sites(const LayoutInputs& inputs, ShapedParagraph& p) {
  const std::u16string_view text = p.shaping();
  const auto n = static_cast<uint32_t>(text.size());
  p.kashida.assign(n, 0);
  // Which units start a cluster that HarfBuzz says may take a tatweel before it.
  std::vector<uint8_t> safe(n + 1, 0);
  std::vector<uint32_t> item_of(n, 0);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    if (inputs.font_table[p.items[i].font_index]->data().tatweel_glyph == 0) continue;
    for (uint32_t u = p.items[i].start; u < p.items[i].end; ++u) item_of[u] = static_cast<uint32_t>(i + 1);
    for (uint32_t g = p.item_glyphs[i]; g < p.item_glyphs[i + 1]; ++g) {
      if (p.glyphs[g].flags & HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL) safe[p.glyphs[g].cluster] = 1;
    }
  }
  const auto is_transparent = [&](uint32_t i) {
    return joining_type(text[i]) == U_JT_TRANSPARENT && text[i] != kZwnj;
  };
  // The next letter after i, skipping marks; n if none.
  const auto next_letter = [&](uint32_t i) {
    uint32_t j = i + 1;
    while (j < n && is_transparent(j)) ++j;
    return j;
  };

  uint32_t word_start = 0;
  while (word_start < n) {
    while (word_start < n && (p.flags[word_start] & kWhitespace)) ++word_start;
    uint32_t word_end = word_start;
    while (word_end < n && !(p.flags[word_end] & kWhitespace)) ++word_end;
    uint32_t best_unit = 0;
    uint8_t best = 0;
    for (uint32_t a = word_start; a < word_end; a = next_letter(a)) {
      if (is_transparent(a)) continue;
      const uint32_t b = next_letter(a);
      if (b >= word_end) break;
      // Both letters in one font that has a tatweel, joined to each other, no ZWNJ.
      if (item_of[a] == 0 || item_of[a] != item_of[b] || !safe[b]) continue;
      if (!joins_forward(joining_type(text[a])) || !joins_backward(joining_type(text[b]))) {
        continue;
      }
      if (joining_group(text[a]) == U_JG_LAM && joining_group(text[b]) == U_JG_ALEF) continue;
      const uint32_t c = next_letter(b);
      const bool b_final = c >= word_end || !joins_forward(joining_type(text[b])) ||
                           !joins_backward(joining_type(text[c]));
      const uint8_t priority =
          site_priority(text[a], text[b], b_final, c < word_end ? text[c] : 0);
      if (priority != 0 && (best == 0 || priority <= best)) {
        best = priority;
        best_unit = b;
      }
    }
    if (best != 0) p.kashida[best_unit] = best;
    word_start = word_end;
  }
}

std::vector<uint32_t> distribute_kashidas(const std::vector<std::pair<uint32_t, uint8_t>>& sites,
                                          uint32_t count) {
  std::vector<uint32_t> counts(sites.size(), 0);
  if (sites.empty()) return counts;
  // Serve order: best priority first; within a priority, words from the logical end, so
  // extensions gather toward the line's end less than they would left to right.
  std::vector<std::size_t> order(sites.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return sites[x].second < sites[y].second;
  });
  for (uint32_t placed = 0; placed < count;) {
    for (std::size_t k = 0; k < order.size() && placed < count; ++k, ++placed) ++counts[order[k]];
  }
  return counts;
}

uint32_t widen_spaces(std::string_view text, Layout& layout, const Line& line,
                      uint32_t content_end_byte, float extra) {
  uint32_t spaces = 0;
  const auto is_gap = [&](const Glyph& g) {
    return g.cluster < content_end_byte && g.cluster < text.size() && text[g.cluster] == ' ';
  };
  for (const Run& run : layout.runs_of(line))
    for (const Glyph& g : layout.glyphs_of(run)) spaces += is_gap(g);
  if (spaces == 0) return 0;
  const float each = extra / static_cast<float>(spaces);
  float shift = 0;
  for (const Run& run : layout.runs_of(line)) {
    for (Glyph& g : layout.glyphs_of(run)) {
      g.x += shift;
      if (is_gap(g)) {
        g.advance += each;
        shift += each;
      }
    }
  }
  return spaces;
}

uint32_t stretch_tatweels(Layout& layout, const Line& line, float extra) {
  const auto is_tatweel = [](const Run& run, const Glyph& g) {
    const uint32_t tatweel = run.font.data().tatweel_glyph;
    return tatweel != 0 && g.id == tatweel;
  };
  uint32_t count = 0;
  for (const Run& run : layout.runs_of(line))
    for (const Glyph& g : layout.glyphs_of(run)) count += is_tatweel(run, g);
  if (count == 0) return 0;
  const float each = extra / static_cast<float>(count);
  float shift = 0;
  for (const Run& run : layout.runs_of(line)) {
    for (Glyph& g : layout.glyphs_of(run)) {
      g.x += shift;
      if (is_tatweel(run, g)) {
        g.advance += each;
        shift += each;
      }
    }
  }
  return count;
}

}  // namespace satr::detail

namespace satr::detail {
namespace {

// With Justify::Auto, kashida takes at most this many tatweels per word; spaces take the
// rest, so that no word is stretched grotesquely on a loose line.
constexpr uint32_t kMaxAutoKashidasPerWord = 3;
// Below this many px there is nothing worth distributing.
constexpr float kNegligible = 0.01f;

void drop_line_output(Layout& layout, const Line& line) {
  if (line.run_count == 0) return;
  layout.glyphs.resize(layout.runs[line.run_start].glyph_start);
  layout.runs.resize(line.run_start);
}

}  // namespace

Line justify_line(const ParagraphView& p, uint32_t start, uint32_t end,
                  const LayoutInputs& inputs, const uint32_t* byte_of, std::string_view text,
                  const ParagraphStyle& style, Layout& layout, Line line,
                  float& trailing_whitespace) {
  const float target = style.width;
  float extra = target - (line.width - trailing_whitespace);
  if (extra <= kNegligible) return line;
  uint32_t content_end = end;
  while (content_end > start && (p.flags[content_end - 1] & kWhitespace)) --content_end;
  const uint32_t content_end_byte = byte_of[content_end];
  uint32_t spaces = 0;
  for (uint32_t u = start; u < content_end; ++u) spaces += p.text[u] == u' ';

  bool kashida_used = false;
  if (style.justify != Justify::Spaces && !p.kashida.empty()) {
    std::vector<std::pair<uint32_t, uint8_t>> sites;
    double tatweel_width = 0;
    for (uint32_t u = start + 1; u < content_end; ++u) {
      if (p.kashida[u] == 0) continue;
      sites.emplace_back(u, p.kashida[u]);
      // The tatweel takes the font and size of the letter it follows.
      for (const Item& item : p.items) {
        if (u >= item.start && u < item.end) {
          const FontData& font = inputs.font_table[item.font_index]->data();
          tatweel_width += hb_font_get_glyph_h_advance(font.font.get(), font.tatweel_glyph) *
                           font.scale(inputs.font_size(item.style));
          break;
        }
      }
    }
    if (!sites.empty() && tatweel_width > 0) {
      tatweel_width /= static_cast<double>(sites.size());
      uint32_t count;
      if (style.justify == Justify::Kashida || spaces == 0) {
        // Enough tatweels to cover the gap; the last fraction is taken back by letting the
        // tatweel strokes overlap, which leaves no visible seam.
        count = static_cast<uint32_t>(std::ceil(extra / tatweel_width));
      } else {
        count = std::min(static_cast<uint32_t>(extra / tatweel_width),
                         static_cast<uint32_t>(sites.size()) * kMaxAutoKashidasPerWord);
      }
      if (count > 0) {
        const std::vector<uint32_t> counts = distribute_kashidas(sites, count);
        std::vector<Insertion> insertions;
        for (std::size_t k = 0; k < sites.size(); ++k) {
          if (counts[k] == 0) continue;
          // The tatweels extend the letter before the site (marks skipped).
          uint32_t letter = sites[k].first - 1;
          while (letter > start &&
                 joining_type(p.text[letter]) == U_JT_TRANSPARENT) {
            --letter;
          }
          insertions.push_back({sites[k].first, std::u16string(counts[k], kTatweel),
                                byte_of[letter], p.bidi.levels[letter], letter});
        }
        DerivedParagraph derived;
        derive_paragraph(p, start, end, insertions, byte_of, inputs, derived);
        drop_line_output(layout, line);
        const auto n = static_cast<uint32_t>(derived.text.size());
        line = build_line(derived.shaped.view(), 0, n, inputs, derived.byte_of.data(), layout,
                          &trailing_whitespace);
        extra = target - (line.width - trailing_whitespace);
        kashida_used = true;
      }
    }
  }
  if (std::abs(extra) <= kNegligible) return line;
  // What is left goes to the spaces (Auto, Spaces), or back into the tatweels: negative
  // amounts, or Kashida mode, or a line without spaces.
  const bool to_spaces = extra > 0 && (style.justify != Justify::Kashida || !kashida_used);
  uint32_t changed = to_spaces ? widen_spaces(text, layout, line, content_end_byte, extra) : 0;
  if (changed == 0 && kashida_used) changed = stretch_tatweels(layout, line, extra);
  if (changed != 0) line.width += extra;
  return line;
}

}  // namespace satr::detail
