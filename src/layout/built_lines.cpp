#include "layout/built_lines.hpp"

#include <algorithm>

#include "layout/paragraph.hpp"

namespace satr::detail {

void BuiltLines::reserve(std::size_t lines, std::size_t runs, std::size_t glyphs) {
  lines_.reserve(lines);
  runs_.reserve(runs);
  glyphs_.reserve(glyphs);
}

void BuiltLines::record(LineSpan span, const Line& line, float trailing_whitespace,
                        const Layout& out, const LayoutInputs& inputs, uint32_t byte_base) {
  LineRecord& record = lines_.emplace_back();
  record.span = span;
  record.line = line;
  record.line.range = {line.range.start - byte_base, line.range.end - byte_base};
  record.line.run_start = static_cast<uint32_t>(runs_.size());
  record.trailing_whitespace = trailing_whitespace;
  for (const Run& run : out.runs_of(line)) {
    RunRecord& kept = runs_.emplace_back();
    kept.range = {run.range.start - byte_base, run.range.end - byte_base};
    kept.level = run.level;
    // The run's font is one of the table's (build_line takes it from there); any index
    // holding an equal Font gives the same run back.
    const auto& table = inputs.font_table;
    kept.font_index = static_cast<uint32_t>(
        std::find_if(table.begin(), table.end(), [&](const Font* f) { return *f == run.font; }) -
        table.begin());
    kept.font_size = run.font_size;
    kept.color = run.color;
    kept.glyph_start = static_cast<uint32_t>(glyphs_.size());
    kept.glyph_count = run.glyph_count;
    for (Glyph glyph : out.glyphs_of(run)) {
      glyph.cluster -= byte_base;
      glyphs_.push_back(glyph);
    }
  }
}

bool BuiltLines::matches(std::span<const LineSpan> spans) const {
  if (spans.size() != lines_.size()) return false;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    if (spans[k].start != lines_[k].span.start || spans[k].end != lines_[k].span.end) {
      return false;
    }
  }
  return true;
}

Line BuiltLines::replay(std::size_t k, const LayoutInputs& inputs, uint32_t byte_base,
                        Layout& out, float* trailing_whitespace) const {
  const LineRecord& record = lines_[k];
  Line line = record.line;
  line.range = {line.range.start + byte_base, line.range.end + byte_base};
  line.run_start = static_cast<uint32_t>(out.runs.size());
  for (uint32_t r = record.line.run_start; r < record.line.run_start + record.line.run_count;
       ++r) {
    const RunRecord& kept = runs_[r];
    Run& run = append_run(inputs, out);
    run.range = {kept.range.start + byte_base, kept.range.end + byte_base};
    run.level = kept.level;
    set_font(run, *inputs.font_table[kept.font_index]);
    run.font_size = kept.font_size;
    run.color = kept.color;
    run.glyph_start = static_cast<uint32_t>(out.glyphs.size());
    run.glyph_count = kept.glyph_count;
    const auto first = glyphs_.begin() + kept.glyph_start;
    out.glyphs.insert(out.glyphs.end(), first, first + kept.glyph_count);
    if (byte_base != 0) {
      for (Glyph& glyph : out.glyphs_of(run)) glyph.cluster += byte_base;
    }
  }
  *trailing_whitespace = record.trailing_whitespace;
  return line;
}

std::size_t BuiltLines::bytes() const {
  return sizeof(BuiltLines) + lines_.capacity() * sizeof(LineRecord) +
         runs_.capacity() * sizeof(RunRecord) + glyphs_.capacity() * sizeof(Glyph);
}

bool BuiltLines::note_mismatch() const {
  // Relaxed: the flag only steers when a set is replaced, never what a layout contains.
  if (mismatched_.load(std::memory_order_relaxed)) return true;
  mismatched_.store(true, std::memory_order_relaxed);
  return false;
}

void BuiltLines::note_match() const {
  // Written only when it changes: threads reading the set leave its line clean.
  if (mismatched_.load(std::memory_order_relaxed)) {
    mismatched_.store(false, std::memory_order_relaxed);
  }
}

void BuiltLines::release() const {
  if (references_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

}  // namespace satr::detail
