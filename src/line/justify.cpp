#include "line/justify.hpp"

#include <algorithm>
#include <cmath>

#include "fonts/font_data.hpp"
#include "line/derived_paragraph.hpp"
#include "satr/limits.hpp"
#include "shape/kashida_sites.hpp"
#include "text/char_info.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {

thread_local uint64_t justify_work = 0;

std::vector<uint32_t> distribute_kashidas(const std::vector<std::pair<uint32_t, uint8_t>>& sites,
                                          uint32_t count) {
  std::vector<uint32_t> counts(sites.size(), 0);
  if (sites.empty()) return counts;
  // Serve order: best priority first; within a priority, words from the logical end, so
  // extensions gather toward the line's end less than they would left to right.
  std::vector<std::size_t> order(sites.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return sites[x].second < sites[y].second; });
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
    return run.font.data().is_tatweel(g.id);
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

Line justify_line(const ShapedParagraphView& p, LineSpan span, const uint32_t* byte_of,
                  std::string_view text, const ResolvedStyle& resolved, LineWork& work,
                  Layout& layout, Line line, float& trailing_whitespace) {
  const ParagraphStyle& style = *resolved.paragraph;
  const uint32_t start = span.start;
  const uint32_t end = span.end;
  const float target = style.width;
  float extra = target - (line.width - trailing_whitespace);
  if (extra <= kNegligible) return line;
  uint32_t content_end = end;
  while (content_end > start && (p.flags[content_end - 1] & kWhitespace)) --content_end;
  const uint32_t content_end_byte = byte_of[content_end];
  uint32_t spaces = 0;
  for (uint32_t u = start; u < content_end; ++u) spaces += p.text[u] == u' ';
  justify_work += content_end - start;

  LineJustification how;
  bool tatweels_capped = false;
  if (style.justify != Justify::Spaces && !p.kashida.empty()) {
    std::vector<std::pair<uint32_t, uint8_t>> sites;
    double tatweel_width = 0;
    // Items are in logical order and so are the sites: one cursor finds each site's item,
    // so a line costs its own length, not the paragraph's.
    auto item = std::upper_bound(p.items.begin(), p.items.end(), start + 1,
                                 [](uint32_t u, const Item& i) { return u < i.end; });
    justify_work += content_end - start;
    for (uint32_t u = start + 1; u < content_end; ++u) {
      if (p.kashida[u] == 0) continue;
      while (item != p.items.end() && item->end <= u) {
        ++item;
        ++justify_work;
      }
      if (item == p.items.end()) break;
      sites.emplace_back(u, p.kashida[u]);
      // The tatweel takes the font and size of the letter it follows.
      const FontData& font = resolved.font_table[item->font_index]->data();
      tatweel_width += font.tatweel_advance * font.scale(resolved.font_size(item->style));
      // Reported only where the font can draw the tatweel (Nastaliq fonts cannot).
      how.kashida_sites += font.tatweel_advance > 0;
    }
    if (!sites.empty() && tatweel_width > 0) {
      tatweel_width /= static_cast<double>(sites.size());
      // Counted in double: a tiny tatweel against a wide gap is past any integer.
      double wanted;
      uint32_t per_site;
      if (style.justify == Justify::Kashida || spaces == 0) {
        // Enough tatweels to cover the gap; the last fraction is taken back by letting the
        // tatweel strokes overlap, which leaves no visible seam.
        wanted = std::ceil(extra / tatweel_width);
        per_site = kMaxTatweelsPerSite;
      } else {
        wanted = std::floor(extra / tatweel_width);
        per_site = kMaxAutoKashidasPerWord;
      }
      const double cap =
          std::min<double>(static_cast<double>(sites.size()) * per_site, kMaxTatweelsPerLine);
      tatweels_capped = wanted > cap;
      const auto count = static_cast<uint32_t>(std::min(wanted, cap));
      if (count > 0) {
        const std::vector<uint32_t> counts = distribute_kashidas(sites, count);
        std::vector<Insertion> insertions;
        for (std::size_t k = 0; k < sites.size(); ++k) {
          if (counts[k] == 0) continue;
          // The tatweels extend the letter before the site (marks skipped).
          const uint32_t letter = base_at_or_before(p.text, start, sites[k].first - 1);
          insertions.push_back({sites[k].first, std::u16string(counts[k], kTatweel),
                                byte_of[letter], p.levels[letter], letter});
        }
        DerivedParagraph derived;
        derive_paragraph(p, start, end, insertions, byte_of, resolved, work, derived);
        drop_line_output(layout, line);
        const auto n = static_cast<uint32_t>(derived.text.size());
        line = build_line(view_of(derived.shaped), {0, n}, derived.byte_of.data(), resolved,
                          work.lines, layout, &trailing_whitespace);
        const float left = target - (line.width - trailing_whitespace);
        how.tatweels = count;
        how.kashida_px = extra - left;
        extra = left;
      }
    }
  }
  // What is left goes to the spaces (Auto, Spaces, or Kashida past the tatweel caps), or
  // back into the tatweels: negative amounts, or Kashida mode, or a line without spaces. A
  // tatweel is never widened past its stroke (that would open a gap in the word), so a
  // capped line without spaces stays short.
  const bool kashida_used = how.tatweels != 0;
  if (std::abs(extra) > kNegligible) {
    const bool to_spaces =
        extra > 0 && (style.justify != Justify::Kashida || !kashida_used || tatweels_capped);
    if (to_spaces) how.spaces = widen_spaces(text, layout, line, content_end_byte, extra);
    if (how.spaces != 0) {
      how.space_px = extra;
      line.width += extra;
    } else if (kashida_used && (extra < 0 || !tatweels_capped) &&
               stretch_tatweels(layout, line, extra) != 0) {
      how.kashida_px += extra;
      line.width += extra;
    }
  }
  line.justification = how;
  return line;
}

}  // namespace satr::detail
