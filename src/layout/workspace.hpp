// Everything one layout_text call needs besides its inputs and output, kept between calls.
#pragma once

#include <thread>
#include <vector>

#include "layout/built_lines.hpp"
#include "layout/line_breaker.hpp"
#include "layout/paragraph.hpp"
#include "shape/font_data.hpp"
#include "text/utf8.hpp"

namespace satr::detail {

/// Working memory of a layout: the decoded text, the per-paragraph stage data and every
/// scratch array. A Context lends one to each layout_text call and takes it back after, so
/// a warm layout reuses grown arrays instead of allocating (the Layout it returns is the
/// only new memory). Used by one thread at a time.
struct Workspace {
  HbBuffer buffer{hb_buffer_create()};
  DecodedText decoded;
  std::vector<ParagraphSpan> paragraphs;
  LayoutInputs inputs;
  WordShaperScratch word_scratch;
  LineScratch line_scratch;
  LineRecorder line_recorder;  ///< Lines being recorded to keep with a cached paragraph.
  ItemizeScratch itemize_scratch;
  BidiScratch bidi_scratch;  ///< ICU's UBiDi, whose arrays grow once and are reused.
  std::vector<Run> spare_runs;  ///< See LayoutInputs::spare_runs; empty between layouts.
  ShapedParagraph shaped;
  Layout measure;  ///< Lines built only to be measured.
  std::vector<uint32_t> prefix_stretch;
  std::vector<LineSpan> line_spans;
  std::vector<float> trailing_whitespace;
  std::string paragraph_settings;  ///< Paragraph cache key part, built once per call.
  /// The thread that last used this workspace: the pool hands it back to that thread
  /// first, whose core's caches still hold its arrays.
  std::thread::id last_thread;

  /// Clears per-call state, keeping capacity, and points the inputs at the scratch arrays.
  void reset() {
    inputs.font_table.clear();
    // inputs.styles is not cleared: resolve_styles refills it, reusing the paragraph
    // style's arrays.
    inputs.colors.clear();
    inputs.style_of.clear();
    inputs.color_of.clear();
    inputs.styled = false;
    inputs.digits = Digits::Latin;
    inputs.kashida = false;
    inputs.language = HB_LANGUAGE_INVALID;
    inputs.icu_language = {};
    inputs.buffer = buffer.get();
    inputs.scratch = &word_scratch;
    inputs.line_scratch = &line_scratch;
    inputs.itemize_scratch = &itemize_scratch;
    inputs.bidi_scratch = &bidi_scratch;
    inputs.spare_runs = &spare_runs;
    trailing_whitespace.clear();
  }
};

}  // namespace satr::detail
