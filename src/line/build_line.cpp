#include "line/build_line.hpp"

#include <algorithm>

#include "shape/spacing.hpp"
#include "text/graphemes.hpp"

namespace satr::detail {
namespace {

// A contiguous part of one item inside a line, at one (post-L1) level; its glyphs are
// [glyph_begin, glyph_end) of the paragraph's glyph array (in_paragraph) or of the line's.
using Piece = LineScratch::Piece;

// Where a part of a line's glyphs lies: [begin, end) of the paragraph's glyph array, or of
// the line's own array when an edge was reshaped.
struct GlyphSource {
  bool in_paragraph;
  uint32_t begin;
  uint32_t end;
};

// True if a line may start at the cluster whose first glyph is glyphs[index] without
// reshaping: HarfBuzz flags every glyph of a cluster that depends on its neighbours.
bool is_safe_cluster(std::span<const ShapedGlyph> glyphs, uint32_t index, uint32_t limit) {
  const uint32_t cluster = glyphs[index].cluster;
  for (uint32_t k = index; k < limit && glyphs[k].cluster == cluster; ++k) {
    if (glyphs[k].flags & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) return false;
  }
  return true;
}

class LineBuilder {
 public:
  LineBuilder(const ShapedParagraphView& p, uint32_t line_start, uint32_t line_end,
              const ResolvedStyle& style, LineScratch& scratch)
      : p_(p),
        line_start_(line_start),
        line_end_(line_end),
        style_(style),
        buffer_(scratch.buffer.get()),
        glyphs_(scratch.glyphs) {
    glyphs_.clear();
  }

  // The glyphs of units [a, b) of item `i`: the paragraph's own shaping, except next to a
  // line edge that cuts through an unsafe-to-break cluster, where only the units up to the
  // nearest safe cluster are shaped again with the line as context. A part that needs no
  // reshaping (most of them) is left in the paragraph's array instead of being copied.
  GlyphSource add_item_part(uint32_t i, uint32_t a, uint32_t b) {
    const Item& item = p_.items[i];
    const uint32_t g0 = p_.item_glyphs[i];
    const uint32_t g1 = p_.item_glyphs[i + 1];
    const auto first_at = [&](uint32_t unit) {
      if (unit <= item.start) return g0;
      if (unit >= item.end) return g1;
      return static_cast<uint32_t>(
          std::lower_bound(p_.glyphs.begin() + g0, p_.glyphs.begin() + g1, unit,
                           [](const ShapedGlyph& g, uint32_t u) { return g.cluster < u; }) -
          p_.glyphs.begin());
    };
    const auto safe_at = [&](uint32_t unit) {
      const uint32_t k = first_at(unit);
      return k < g1 && p_.glyphs[k].cluster == unit && is_safe_cluster(p_.glyphs, k, g1);
    };

    uint32_t reuse_start = a;
    if (a > item.start && !safe_at(a)) {
      reuse_start = b;
      for (uint32_t k = first_at(a + 1); k < g1 && p_.glyphs[k].cluster < b; ++k) {
        if ((k == g0 || p_.glyphs[k - 1].cluster != p_.glyphs[k].cluster) &&
            is_safe_cluster(p_.glyphs, k, g1)) {
          reuse_start = p_.glyphs[k].cluster;
          break;
        }
      }
    }
    uint32_t reuse_end = b;
    if (b < item.end && !safe_at(b)) {
      reuse_end = reuse_start;
      for (uint32_t k = first_at(b); k-- > g0 && p_.glyphs[k].cluster > reuse_start;) {
        if ((k == g0 || p_.glyphs[k - 1].cluster != p_.glyphs[k].cluster) &&
            is_safe_cluster(p_.glyphs, k, g1)) {
          reuse_end = p_.glyphs[k].cluster;
          break;
        }
      }
    }
    if (reuse_start == a && reuse_end == b) return {true, first_at(a), first_at(b)};
    const auto begin = static_cast<uint32_t>(glyphs_.size());
    if (reuse_start > a) reshape(item, a, reuse_start);
    glyphs_.insert(glyphs_.end(), p_.glyphs.begin() + first_at(reuse_start),
                   p_.glyphs.begin() + first_at(reuse_end));
    if (reuse_end < b && reuse_end >= reuse_start) reshape(item, reuse_end, b);
    return {false, begin, static_cast<uint32_t>(glyphs_.size())};
  }

  const ShapedGlyph* data(bool in_paragraph) const {
    return in_paragraph ? p_.glyphs.data() : glyphs_.data();
  }

 private:
  void reshape(const Item& item, uint32_t start, uint32_t end) {
    ShapeRequest request;
    request.paragraph = p_.shaping();
    request.context_start = line_start_;
    request.context_end = line_end_;
    request.start = start;
    request.end = end;
    request.font = &style_.font_table[item.font_index]->data();
    request.rtl = (item.level & 1) != 0;
    request.script = item.script;
    request.language = style_.language;
    const ShapingStyle& shaping_style = style_.styles[item.style];
    request.features = shaping_features(shaping_style, item.script, request.features_hash);
    request.tatweel_flags = style_.kashida;
    const std::size_t first = glyphs_.size();
    shape_item(request, buffer_, glyphs_);
    if (style_.spaced) {
      apply_spacing(request.paragraph, shaping_style, item.script, request.rtl,
                    request.font->scale(shaping_style.font_size),
                    std::span(glyphs_).subspan(first));
    }
  }

  const ShapedParagraphView& p_;
  uint32_t line_start_;
  uint32_t line_end_;
  const ResolvedStyle& style_;
  hb_buffer_t* buffer_;
  std::vector<ShapedGlyph>& glyphs_;
};

}  // namespace

Line build_line(const ShapedParagraphView& p, LineSpan span, const uint32_t* byte_of,
                const ResolvedStyle& style, LineScratch& scratch, Layout& out,
                float* trailing_whitespace_width) {
  const uint32_t line_start = span.start;
  const uint32_t line_end = span.end;
  const auto& fonts = style.font_table;
  Line line;
  line.range = {byte_of[line_start], byte_of[line_end]};

  // UAX #9 L1 works on the line's levels, so it runs after breaking, per line; it only
  // ever sets levels to the paragraph level, so a paragraph all at that level skips it.
  std::vector<uint8_t>& levels = scratch.levels;
  if (!p.one_level) {
    levels.assign(p.levels.begin() + line_start, p.levels.begin() + line_end);
    apply_rule_l1(p.text.substr(line_start, line_end - line_start), p.paragraph_level, levels);
  }
  const auto level_at = [&](uint32_t unit) {
    return p.one_level ? p.paragraph_level : levels[unit - line_start];
  };

  LineBuilder builder(p, line_start, line_end, style, scratch);
  std::vector<Piece>& pieces = scratch.pieces;
  pieces.clear();
  auto item_it = std::upper_bound(p.items.begin(), p.items.end(), line_start,
                                  [](uint32_t u, const Item& it) { return u < it.end; });
  for (; item_it != p.items.end() && item_it->start < line_end; ++item_it) {
    const auto i = static_cast<uint32_t>(item_it - p.items.begin());
    const uint32_t a = std::max(item_it->start, line_start);
    const uint32_t b = std::min(item_it->end, line_end);
    const GlyphSource part = builder.add_item_part(i, a, b);
    const ShapedGlyph* source = builder.data(part.in_paragraph);
    // Split where L1 changed levels (trailing whitespace) or the colour changes; glyphs
    // follow their cluster, so neither split changes a glyph.
    uint32_t g = part.begin;
    for (uint32_t s = a; s < b;) {
      const uint8_t level = level_at(s);
      const uint16_t color = p.color_at(s);
      // One level and one colour: the whole part is one piece, without a scan.
      uint32_t e = p.one_level && p.color_of.empty() ? b : s + 1;
      while (e < b && level_at(e) == level && p.color_at(e) == color) ++e;
      Piece piece{s, e, level, i, color, part.in_paragraph, g, part.end};
      if (e < b) {
        while (g < part.end && source[g].cluster < e) ++g;
        piece.glyph_end = g;
      }
      pieces.push_back(piece);
      s = e;
    }
  }

  // UAX #9 L2 over pieces: each has one level, so reordering them reorders the characters.
  scratch.piece_levels.resize(pieces.size());
  for (std::size_t k = 0; k < pieces.size(); ++k) scratch.piece_levels[k] = pieces[k].level;
  scratch.order.resize(pieces.size());
  reorder_visually(scratch.piece_levels, scratch.order);

  for (const Piece& piece : pieces) {
    const Item& item = p.items[piece.item];
    const Font& font = *fonts[item.font_index];
    line.ascent = std::max(line.ascent, font.ascender(style.font_size(item.style)));
    line.descent = std::max(line.descent, font.descender(style.font_size(item.style)));
  }
  if (pieces.empty()) {
    // An empty line still has the height of the first font of its style.
    const uint16_t first = line_start < p.text.size() ? p.style_at(line_start) : 0;
    const Font& font = *fonts[style.styles[first].chain.front()];
    line.ascent = font.ascender(style.font_size(first));
    line.descent = font.descender(style.font_size(first));
  }

  double pen = 0;
  line.run_start = static_cast<uint32_t>(out.runs.size());
  line.run_count = static_cast<uint32_t>(pieces.size());
  for (int32_t index : scratch.order) {
    const Piece& piece = pieces[index];
    const Item& item = p.items[piece.item];
    const Run& run = emit_run(out, scratch.spare_runs,
                              {{byte_of[piece.start], byte_of[piece.end]},
                               piece.level,
                               fonts[item.font_index],
                               style.font_size(item.style),
                               style.colors[piece.color],
                               static_cast<uint32_t>(out.glyphs.size()),
                               piece.glyph_end - piece.glyph_begin});
    const float scale = run.font.data().scale(run.font_size);
    // Glyphs are kept in logical order; an RTL run is drawn from its logical end.
    const bool rtl = (item.level & 1) != 0;
    const ShapedGlyph* source = builder.data(piece.in_paragraph);
    const std::size_t first_out = out.glyphs.size();
    out.glyphs.resize(first_out + run.glyph_count);
    Glyph* g = out.glyphs.data() + first_out;
    for (uint32_t k = 0; k < run.glyph_count; ++k, ++g) {
      const ShapedGlyph& s = source[rtl ? piece.glyph_end - 1 - k : piece.glyph_begin + k];
      g->id = s.glyph_id;
      g->cluster = byte_of[s.cluster];
      g->advance = s.advance * scale;
      g->x = static_cast<float>(pen + s.x_offset * scale);
      g->y = -s.y_offset * scale;
      pen += g->advance;
    }
  }
  line.width = static_cast<float>(pen);

  uint32_t whitespace_start = line_end;
  while (whitespace_start > line_start && (p.flags[whitespace_start - 1] & kWhitespace)) {
    --whitespace_start;
  }
  *trailing_whitespace_width =
      static_cast<float>(p.prefix_width[line_end] - p.prefix_width[whitespace_start]);
  return line;
}

}  // namespace satr::detail
