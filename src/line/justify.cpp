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

thread_local JustifyProbe justify_probe;

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
  uint32_t count = 0;
  for (const Run& run : layout.runs_of(line)) {
    const FontData& font = run.font.data();
    if (font.tatweel_glyphs.empty()) continue;
    for (const Glyph& g : layout.glyphs_of(run)) count += font.is_tatweel(g.id);
  }
  if (count == 0) return 0;
  const float each = extra / static_cast<float>(count);
  float shift = 0;
  for (const Run& run : layout.runs_of(line)) {
    const FontData& font = run.font.data();
    const bool has_tatweel = !font.tatweel_glyphs.empty();
    for (Glyph& g : layout.glyphs_of(run)) {
      g.x += shift;
      if (has_tatweel && font.is_tatweel(g.id)) {
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

using KashidaSite = LineScratch::KashidaSite;

// Gives `count` tatweels to `sites` in rounds, best priority first, one per site per
// round; within a priority, words from the logical end first, so that the extensions
// gather toward the line's end less than they would from its start.
void distribute_kashidas(std::vector<KashidaSite>& sites, std::vector<uint32_t>& order,
                         uint32_t count) {
  order.resize(sites.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    return sites[x].priority < sites[y].priority;
  });
  for (KashidaSite& site : sites) site.tatweels = 0;
  for (uint32_t placed = 0; placed < count;) {
    for (std::size_t k = 0; k < order.size() && placed < count; ++k, ++placed) {
      ++sites[order[k]].tatweels;
    }
  }
}

// Inserts the sites' tatweels into `line` as built, without shaping it again. Exact where
// every site's font has a plain tatweel (FontData::tatweel_is_plain): HarfBuzz flags a
// site only where no lookup reaches across it, and the tatweel itself takes part in none,
// so shaping the line again would give the same glyphs with the tatweels between. Sites
// in a word cut by a line edge are left to the reshaping: build_line shaped that word
// again, and the flags were found on its uncut shaping. Returns false, the line
// untouched, where insertion does not apply; when it applies, `sites` is left sorted by
// place, without the sites that got no tatweel.
bool insert_plain_tatweels(const ShapedParagraphView& p, LineSpan span, uint32_t content_end,
                           std::vector<KashidaSite>& sites, const uint32_t* byte_of,
                           std::vector<Glyph>& rebuilt, Layout& layout, Line& line) {
  if (justify_probe.always_reshape || line.run_count == 0) return false;
  // The line's whole words: after the first space when it starts inside a word, before
  // the last one when it ends inside one.
  uint32_t whole_from = span.start;
  if (span.start > 0 && !(p.flags[span.start - 1] & kWhitespace)) {
    while (whole_from < content_end && !(p.flags[whole_from] & kWhitespace)) ++whole_from;
  }
  uint32_t whole_to = content_end;
  if (content_end == span.end && span.end < p.text.size()) {
    while (whole_to > whole_from && !(p.flags[whole_to - 1] & kWhitespace)) --whole_to;
  }
  const uint32_t first_run = line.run_start;
  const uint32_t end_run = line.run_start + line.run_count;
  for (KashidaSite& site : sites) {
    if (site.tatweels == 0) continue;
    if (site.unit <= whole_from || site.unit >= whole_to) return false;
    // The run drawing the letter the tatweels extend; a line has few runs.
    const uint32_t letter_byte = byte_of[site.letter];
    uint32_t r = first_run;
    while (r < end_run && !(layout.runs[r].range.start <= letter_byte &&
                            letter_byte < layout.runs[r].range.end)) {
      ++r;
    }
    if (r == end_run) return false;
    const Run& run = layout.runs[r];
    const FontData& font = run.font.data();
    if (!font.tatweel_is_plain) return false;
    // Glyphs run left to right, so in a right-to-left run clusters fall along them. The
    // tatweels go between the letter's cluster and the next one in logical order.
    const uint32_t site_byte = byte_of[site.unit];
    const Glyph* first = layout.glyphs.data() + run.glyph_start;
    const Glyph* last = first + run.glyph_count;
    const Glyph* at =
        run.is_rtl()
            ? std::partition_point(first, last,
                                   [&](const Glyph& g) { return g.cluster >= site_byte; })
            : std::partition_point(first, last,
                                   [&](const Glyph& g) { return g.cluster < site_byte; });
    site.run = r;
    site.glyph = static_cast<uint32_t>(at - layout.glyphs.data());
    site.advance = font.tatweel_advance * font.scale(run.font_size);
    site.glyph_id = font.tatweel_glyph;
  }
  std::erase_if(sites, [](const KashidaSite& site) { return site.tatweels == 0; });
  std::sort(sites.begin(), sites.end(), [](const KashidaSite& a, const KashidaSite& b) {
    return a.glyph != b.glyph ? a.glyph < b.glyph : a.run < b.run;
  });

  // The line's glyphs are the layout's last; rebuilt with the tatweels in place, each
  // glyph keeping its offset from the pen as build_line set it.
  const uint32_t begin = layout.runs[first_run].glyph_start;
  rebuilt.clear();
  double old_pen = 0;
  double pen = 0;
  std::size_t next = 0;
  const auto copy = [&](uint32_t from, uint32_t to) {
    for (uint32_t i = from; i < to; ++i) {
      Glyph g = layout.glyphs[i];
      const double offset = g.x - old_pen;
      old_pen += g.advance;
      g.x = static_cast<float>(pen + offset);
      pen += g.advance;
      rebuilt.push_back(g);
    }
  };
  // Sorted by place, the sites come run by run (a site at a run's end belongs to it).
  for (uint32_t r = first_run; r < end_run; ++r) {
    Run& run = layout.runs[r];
    uint32_t from = run.glyph_start;
    const uint32_t to = from + run.glyph_count;
    run.glyph_start = begin + static_cast<uint32_t>(rebuilt.size());
    for (; next < sites.size() && sites[next].run == r; ++next) {
      const KashidaSite& site = sites[next];
      copy(from, site.glyph);
      from = site.glyph;
      for (uint32_t t = 0; t < site.tatweels; ++t) {
        rebuilt.push_back(
            {site.glyph_id, byte_of[site.letter], static_cast<float>(pen), 0, site.advance});
        pen += site.advance;
      }
    }
    copy(from, to);
    run.glyph_count = begin + static_cast<uint32_t>(rebuilt.size()) - run.glyph_start;
  }
  layout.glyphs.resize(begin);
  layout.glyphs.insert(layout.glyphs.end(), rebuilt.begin(), rebuilt.end());
  line.width = static_cast<float>(pen);
  return true;
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
  LineJustification how;
  bool tatweels_capped = false;
  const bool with_kashida = style.justify != Justify::Spaces && !p.kashida.empty();
  std::vector<KashidaSite>& sites = work.lines.kashida_sites;
  sites.clear();
  double tatweel_width = 0;
  // Items are in logical order and so are the sites: one cursor finds each site's item,
  // so a line costs its own length, not the paragraph's.
  auto item = with_kashida ? std::upper_bound(p.items.begin(), p.items.end(), start + 1,
                                              [](uint32_t u, const Item& i) { return u < i.end; })
                           : p.items.end();
  justify_probe.work += content_end - start;
  // One pass over the line: its spaces, and its kashida sites with their items.
  for (uint32_t u = start; u < content_end; ++u) {
    spaces += p.text[u] == u' ';
    if (!with_kashida || u == start || p.kashida[u] == 0) continue;
    while (item != p.items.end() && item->end <= u) {
      ++item;
      ++justify_probe.work;
    }
    if (item == p.items.end()) continue;  // Items cover the text; never taken.
    KashidaSite site;
    site.unit = u;
    site.letter = base_at_or_before(p.text, start, u - 1);
    site.priority = p.kashida[u];
    sites.push_back(site);
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
      distribute_kashidas(sites, work.lines.kashida_order, count);
      if (insert_plain_tatweels(p, span, content_end, sites, byte_of,
                                work.lines.justified_glyphs, layout, line)) {
        ++justify_probe.in_place;
      } else {
        ++justify_probe.reshaped;
        std::vector<Insertion> insertions;
        for (const KashidaSite& site : sites) {
          if (site.tatweels == 0) continue;
          insertions.push_back({site.unit, std::u16string(site.tatweels, kTatweel),
                                byte_of[site.letter], p.levels[site.letter], site.letter});
        }
        DerivedParagraph derived;
        derive_paragraph(p, start, end, insertions, byte_of, resolved, work, derived);
        drop_line_output(layout, line);
        const auto n = static_cast<uint32_t>(derived.text.size());
        line = build_line(view_of(derived.shaped), {0, n}, derived.byte_of.data(), resolved,
                          work.lines, layout, &trailing_whitespace);
      }
      const float left = target - (line.width - trailing_whitespace);
      how.tatweels = count;
      how.kashida_px = extra - left;
      extra = left;
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
