// layout_text: the recipe that runs the stages in order.
//
//   decode → per paragraph: analyze (bidi, breaks, graphemes) → shape (itemize, HarfBuzz)
//   → break into lines → per line: build (reshape edges, L1, L2, positions) → justify or
//   truncate → stack vertically; finally align every line to the layout width.
#include <cmath>
#include <string>

#include "layout/context_impl.hpp"
#include "layout/justify.hpp"
#include "layout/line_breaker.hpp"
#include "layout/paragraph.hpp"
#include "layout/styles.hpp"
#include "layout/truncate.hpp"
#include "satr/error.hpp"
#include "text/line_breaks.hpp"
#include "text/utf8.hpp"

namespace satr {
namespace {

std::string format_px(float value) {
  std::string s = std::to_string(value);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void validate(const ParagraphStyle& style, const FontCollection& fonts) {
  if (fonts.empty()) throw Error(ErrorCode::InvalidArgument, "the font collection is empty");
  if (!(style.font_size > 0) || !std::isfinite(style.font_size)) {
    throw Error(ErrorCode::InvalidArgument,
                "font size must be a positive number of px, got " + format_px(style.font_size));
  }
  if (style.font_size > kMaxFontSize) {
    throw Error(ErrorCode::LimitExceeded, "font size " + format_px(style.font_size) +
                                              " px exceeds the limit of " +
                                              format_px(kMaxFontSize) + " px");
  }
  if (!(style.width >= 0) || !std::isfinite(style.width)) {
    throw Error(ErrorCode::InvalidArgument,
                "width must be 0 (no wrapping) or a positive number of px, got " +
                    format_px(style.width));
  }
  if (!(style.line_height > 0) || !(style.line_height <= 100)) {
    throw Error(ErrorCode::InvalidArgument,
                "line height factor must be in (0, 100], got " + format_px(style.line_height));
  }
}

// Where the line's content starts, given the resolved alignment. Trailing whitespace hangs
// past the edge: it is left out of the width being aligned (it sits at the visual left of
// an RTL line, at the visual right of an LTR line).
float line_x(const Line& line, float trailing_whitespace, bool rtl, Align align,
             float available) {
  if (align == Align::Start || align == Align::Justify) align = rtl ? Align::Right : Align::Left;
  if (align == Align::End) align = rtl ? Align::Left : Align::Right;
  const float content = line.width - trailing_whitespace;
  const float leading = rtl ? trailing_whitespace : 0.0f;
  float content_left = 0;
  if (align == Align::Right) content_left = available - content;
  if (align == Align::Center) content_left = (available - content) / 2;
  return content_left - leading;
}

template <typename T>
void grow(std::vector<T>& v, std::size_t extra) {
  if (v.capacity() < v.size() + extra) v.reserve(std::max(v.size() + extra, 2 * v.capacity()));
}

// Per-layout state of the line loop.
struct LineSink {
  Layout& layout;
  std::vector<float>& trailing_whitespace;
  float y = 0;
  float line_height = 1;

  void add(Line line, uint32_t paragraph, float whitespace) {
    line.paragraph = paragraph;
    line.top = y;
    line.height = (line.ascent + line.descent) * line_height;
    line.baseline = y + (line.height - line.ascent - line.descent) / 2 + line.ascent;
    y += line.height;  // Glyphs are moved to the baseline with the alignment, at the end.
    layout.lines.push_back(line);
    trailing_whitespace.push_back(whitespace);
  }
};

// The recipe itself; `layout` arrives empty.
void lay_out(detail::Workspace& workspace, Context& ctx, std::string_view text,
             const FontCollection& fonts, const ParagraphStyle& style,
             std::span<const StyledSpan> spans, Layout& layout) {
  validate(style, fonts);
  const bool justifying = style.align == Align::Justify && style.width > 0;

  detail::Workspace* ws = &workspace;
  ws->reset();
  detail::LayoutInputs& inputs = ws->inputs;

  // Stage 1: decode once; every later index is a UTF-16 unit of `decoded`.
  detail::decode_utf8(text, style.strict_utf8, ws->decoded);
  const detail::DecodedText& decoded = ws->decoded;

  inputs.kashida = justifying && style.justify != Justify::Spaces;
  detail::resolve_styles(text, decoded, fonts, style, spans, inputs);
  inputs.digits = style.digits;
  if (!style.language.empty()) {
    inputs.language =
        hb_language_from_string(style.language.data(), static_cast<int>(style.language.size()));
  }
  inputs.icu_language = style.language;
  inputs.shape_cache = &ctx.impl().shape_cache;

  // Styled text is not cached whole (its styles would have to be part of the key); its
  // words still are.
  detail::ParagraphCache& paragraph_cache = ctx.impl().paragraph_cache;
  const bool use_paragraph_cache = !inputs.styled && paragraph_cache.byte_budget() > 0;
  if (use_paragraph_cache) {
    detail::make_paragraph_settings(inputs, style.direction, ws->paragraph_settings);
  }

  LineSink sink{layout, ws->trailing_whitespace, 0, style.line_height};
  detail::split_paragraphs(decoded, ws->paragraphs);
  const std::vector<detail::ParagraphSpan>& paragraphs = ws->paragraphs;
  layout.paragraphs.reserve(paragraphs.size());
  for (std::size_t pi = 0; pi < paragraphs.size(); ++pi) {
    const detail::ParagraphSpan& span = paragraphs[pi];
    // Stage 2: bidi, itemization and shaping of the whole paragraph.
    const std::u16string_view paragraph_text(decoded.utf16.data() + span.start,
                                             span.end - span.start);
    // A cache hit is read in place (shared with the cache, which may evict it meanwhile);
    // a miss is shaped into the workspace.
    detail::ParagraphCache::Ref cached;
    const uint64_t key_hash =
        use_paragraph_cache
            ? detail::ParagraphCache::hash_of(paragraph_text, ws->paragraph_settings)
            : 0;
    if (use_paragraph_cache) {
      cached = paragraph_cache.lookup(key_hash, paragraph_text, ws->paragraph_settings);
    }
    if (!cached) {
      detail::analyze_paragraph(paragraph_text, span.start, style.direction, inputs, ws->shaped,
                                detail::LineBreakTiming::WhenNeeded);
      detail::shape_analyzed(inputs, ws->shaped);
      detail::find_line_breaks_if_needed(inputs, style, ws->shaped);
      // A stored paragraph serves other widths too: it is stored with its breaks.
      if (use_paragraph_cache && paragraph_cache.admit(key_hash)) {
        detail::complete_line_breaks(inputs, ws->shaped);
        paragraph_cache.store(key_hash, paragraph_text, ws->paragraph_settings, ws->shaped);
      }
    }
    const detail::ParagraphView shaped = cached ? cached.view() : ws->shaped.view();
    const auto paragraph_index = static_cast<uint32_t>(layout.paragraphs.size());
    layout.paragraphs.push_back(
        {{decoded.byte_of[span.start], decoded.byte_of[span.next]}, shaped.bidi.paragraph_level});
    const uint32_t* byte_of = decoded.byte_of.data() + span.start;

    // Stage 3: line breaking on measured widths.
    const auto exact_line_width = [&](uint32_t start, uint32_t end) {
      float whitespace = 0;
      ws->measure.runs.clear();
      ws->measure.glyphs.clear();
      const Line line =
          detail::build_line(shaped, start, end, inputs, byte_of, ws->measure, &whitespace);
      return static_cast<double>(line.width - whitespace);
    };
    const detail::MeasuredText measured{shaped.prefix_width, shaped.flags, exact_line_width};
    std::vector<detail::LineSpan>& spans_of_lines = ws->line_spans;
    if (style.breaker == Breaker::Optimal) {
      detail::LineCostModel model;
      model.justify = justifying;
      if (justifying) {
        // Stretch points: inter-word spaces and, with kashida, kashida sites.
        std::vector<uint32_t>& prefix_stretch = ws->prefix_stretch;
        prefix_stretch.assign(paragraph_text.size() + 1, 0);
        for (std::size_t i = 0; i < paragraph_text.size(); ++i) {
          const bool space = style.justify != Justify::Kashida && paragraph_text[i] == u' ';
          const bool site = !shaped.kashida.empty() && shaped.kashida[i] != 0;
          prefix_stretch[i + 1] = prefix_stretch[i] + (space || site);
        }
        model.prefix_stretch = prefix_stretch;
      }
      detail::break_lines_optimal(measured, style.width, model, spans_of_lines);
    } else if (detail::fits_on_one_line(shaped, style.width)) {
      // The greedy breaker's answer, without walking the paragraph's widths: most short
      // paragraphs, whose arrays a warm layout then need not read.
      spans_of_lines.assign(1, {0, static_cast<uint32_t>(paragraph_text.size())});
    } else {
      detail::break_lines_greedy(measured, style.width, spans_of_lines);
    }

    // Room for this paragraph's output, grown geometrically, so that the arrays of a
    // layout are allocated a bounded number of times however long the text. Lines may
    // add runs (levels, reshaped edges) and glyphs (reshaped edges, ellipsis, tatweels).
    grow(layout.lines, spans_of_lines.size());
    grow(layout.runs, shaped.items.size() + 2 * spans_of_lines.size() + 4);
    grow(layout.glyphs, shaped.glyphs.size() + 8 * spans_of_lines.size() + 16);

    // Stage 4: per line, build (reshape edges, L1, L2, positions), then justify or
    // truncate. A cached paragraph broken where it was before has its lines copied from
    // those kept with it; otherwise they are built, and kept if the paragraph is cached.
    const uint32_t byte_base = byte_of[0];
    const detail::BuiltLines* kept = cached ? cached.lines() : nullptr;
    const bool replaying = kept != nullptr && kept->matches(spans_of_lines);
    if (replaying) kept->note_match();
    bool recording = cached && !replaying && cached.may_keep_lines() &&
                     (kept == nullptr || kept->note_mismatch());
    detail::LineRecorder& recorder = ws->line_recorder;
    if (recording) recorder.clear();
    for (std::size_t k = 0; k < spans_of_lines.size(); ++k) {
      const detail::LineSpan& ls = spans_of_lines[k];
      const bool last_in_paragraph = k + 1 == spans_of_lines.size();
      const bool more_follows = !last_in_paragraph || pi + 1 < paragraphs.size();
      if (style.max_lines != 0 && layout.lines.size() + 1 == style.max_lines && more_follows) {
        float whitespace = 0;
        Line line = detail::build_truncated_line(shaped, ls.start, ls.end, inputs, byte_of,
                                                 style, layout, &whitespace);
        layout.truncated = true;
        sink.add(line, paragraph_index, whitespace);
        recording = false;  // Its last line is missing.
        break;
      }
      float whitespace = 0;
      Line line =
          replaying
              ? kept->replay(k, inputs, byte_base, layout, &whitespace)
              : detail::build_line(shaped, ls.start, ls.end, inputs, byte_of, layout,
                                   &whitespace);
      if (recording) recorder.record(ls, line, whitespace, layout, inputs, byte_base);
      const bool mandatory_end = ls.end < paragraph_text.size() &&
                                 (shaped.flags[ls.end] & detail::kMandatoryBefore);
      if (justifying && !last_in_paragraph && !mandatory_end) {
        line = detail::justify_line(shaped, ls.start, ls.end, inputs, byte_of, text, style,
                                    layout, line, whitespace);
      }
      if (last_in_paragraph) line.range.end = decoded.byte_of[span.next];
      sink.add(line, paragraph_index, whitespace);
    }
    if (recording) paragraph_cache.keep_lines(cached, detail::BuiltLines::create(recorder));
    if (layout.truncated) break;
  }
  layout.height = sink.y;

  // Stage 5: alignment, once the layout width is known.
  layout.width = style.width;
  if (style.width <= 0) {
    for (std::size_t k = 0; k < layout.lines.size(); ++k) {
      layout.width =
          std::max(layout.width, layout.lines[k].width - sink.trailing_whitespace[k]);
    }
  }
  for (std::size_t k = 0; k < layout.lines.size(); ++k) {
    Line& line = layout.lines[k];
    const bool rtl = layout.paragraphs[line.paragraph].base_level & 1;
    line.x = line_x(line, sink.trailing_whitespace[k], rtl, style.align, layout.width);
    for (const Run& run : layout.runs_of(line)) {
      for (Glyph& g : layout.glyphs_of(run)) {
        g.x += line.x;
        g.y += line.baseline;
      }
    }
  }
}

}  // namespace

Layout layout_text(std::string_view text, const FontCollection& fonts,
                   const ParagraphStyle& style, Context* context) {
  return layout_text(text, fonts, style, {}, context);
}

Layout layout_text(std::string_view text, const FontCollection& fonts,
                   const ParagraphStyle& style, std::span<const StyledSpan> spans,
                   Context* context) {
  Layout layout;
  layout_text_into(layout, text, fonts, style, spans, context);
  return layout;
}

void layout_text_into(Layout& out, std::string_view text, const FontCollection& fonts,
                      const ParagraphStyle& style, Context* context) {
  layout_text_into(out, text, fonts, style, {}, context);
}

void layout_text_into(Layout& out, std::string_view text, const FontCollection& fonts,
                      const ParagraphStyle& style, std::span<const StyledSpan> spans,
                      Context* context) {
  Context& ctx = context ? *context : Context::default_context();
  detail::BorrowedWorkspace workspace(ctx.impl());
  detail::layout_in_workspace(*workspace, ctx, text, fonts, style, spans, out);
}

void detail::layout_in_workspace(Workspace& workspace, Context& ctx, std::string_view text,
                                 const FontCollection& fonts, const ParagraphStyle& style,
                                 std::span<const StyledSpan> spans, Layout& out) {
  // `out` keeps its arrays' storage; whatever happens below, it never holds a partial
  // result.
  const auto empty = [&out] {
    out.width = out.height = 0;
    out.truncated = false;
    out.paragraphs.clear();
    out.lines.clear();
    out.runs.clear();
    out.glyphs.clear();
  };
  // Its old runs become spares for the new ones (moved: a move does not touch the fonts'
  // reference counts), in reverse so that build_line takes them in their old order.
  std::vector<Run>& spare = workspace.spare_runs;
  spare.clear();
  spare.insert(spare.end(), std::make_move_iterator(out.runs.rbegin()),
               std::make_move_iterator(out.runs.rend()));
  empty();
  try {
    lay_out(workspace, ctx, text, fonts, style, spans, out);
  } catch (...) {
    spare.clear();
    empty();
    throw;
  }
  // Runs not reused would keep their fonts alive inside the Context: drop them now.
  spare.clear();
}

}  // namespace satr
