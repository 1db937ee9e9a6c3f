#include "cache/kept_lines.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <type_traits>

namespace satr::detail {
namespace {

static_assert(std::is_trivially_copyable_v<LineRecord>);
static_assert(std::is_trivially_copyable_v<RunRecord>);
static_assert(std::is_trivially_copyable_v<Glyph>);

std::size_t align_up(std::size_t offset, std::size_t alignment) {
  return (offset + alignment - 1) / alignment * alignment;
}

// Where each array starts in the block, and the block's size.
struct BlockPlan {
  std::size_t lines, runs, glyphs, end;
  explicit BlockPlan(const LineRecorder& r, std::size_t header) {
    lines = align_up(header, alignof(LineRecord));
    runs = align_up(lines + r.lines.size() * sizeof(LineRecord), alignof(RunRecord));
    glyphs = align_up(runs + r.runs.size() * sizeof(RunRecord), alignof(Glyph));
    end = glyphs + r.glyphs.size() * sizeof(Glyph);
  }
};

template <typename T>
const T* copy_into(std::byte* block, std::size_t offset, const std::vector<T>& source) {
  T* target = reinterpret_cast<T*>(block + offset);
  if (!source.empty()) std::memcpy(target, source.data(), source.size() * sizeof(T));
  return target;
}

}  // namespace

void LineRecorder::record(LineSpan span, const Line& line, float trailing_whitespace,
                          const Layout& out, const ResolvedStyle& style, uint32_t byte_base) {
  LineRecord& kept_line = lines.emplace_back();
  kept_line.span = span;
  kept_line.line = line;
  kept_line.line.range = {line.range.start - byte_base, line.range.end - byte_base};
  kept_line.line.run_start = static_cast<uint32_t>(runs.size());
  kept_line.trailing_whitespace = trailing_whitespace;
  for (const Run& run : out.runs_of(line)) {
    RunRecord& kept = runs.emplace_back();
    kept.range = {run.range.start - byte_base, run.range.end - byte_base};
    kept.level = run.level;
    // The run's font is one of the table's (build_line takes it from there); any index
    // holding an equal Font gives the same run back.
    const auto& table = style.font_table;
    kept.font_index = static_cast<uint32_t>(
        std::find_if(table.begin(), table.end(), [&](const Font* f) { return *f == run.font; }) -
        table.begin());
    kept.font_size = run.font_size;
    kept.color = run.color;
    kept.glyph_start = static_cast<uint32_t>(glyphs.size());
    kept.glyph_count = run.glyph_count;
    for (Glyph glyph : out.glyphs_of(run)) {
      glyph.cluster -= byte_base;
      glyphs.push_back(glyph);
    }
  }
}

BlockRef<KeptLines> KeptLines::keep(const LineRecorder& recorder) {
  const BlockPlan plan(recorder, sizeof(KeptLines));
  KeptLines* lines = create(plan.end, plan.end, recorder.lines.size());
  std::byte* block = lines->block();
  lines->lines_ = copy_into(block, plan.lines, recorder.lines);
  lines->runs_ = copy_into(block, plan.runs, recorder.runs);
  lines->glyphs_ = copy_into(block, plan.glyphs, recorder.glyphs);
  return BlockRef<KeptLines>::adopt(lines);
}

bool KeptLines::matches(std::span<const LineSpan> spans) const {
  if (spans.size() != line_count_) return false;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    if (spans[k].start != lines_[k].span.start || spans[k].end != lines_[k].span.end) {
      return false;
    }
  }
  return true;
}

Line KeptLines::replay(std::size_t k, const ResolvedStyle& style, uint32_t byte_base,
                       std::vector<Run>& spare_runs, Layout& out,
                       float* trailing_whitespace) const {
  const LineRecord& record = lines_[k];
  Line line = record.line;
  line.range = {line.range.start + byte_base, line.range.end + byte_base};
  line.run_start = static_cast<uint32_t>(out.runs.size());
  for (uint32_t r = record.line.run_start; r < record.line.run_start + record.line.run_count;
       ++r) {
    const RunRecord& kept = runs_[r];
    const Run& run =
        emit_run(out, spare_runs,
                 {{kept.range.start + byte_base, kept.range.end + byte_base}, kept.level,
                  style.font_table[kept.font_index], kept.font_size, kept.color,
                  static_cast<uint32_t>(out.glyphs.size()), kept.glyph_count});
    const Glyph* first = glyphs_ + kept.glyph_start;
    out.glyphs.insert(out.glyphs.end(), first, first + kept.glyph_count);
    if (byte_base != 0) {
      for (Glyph& glyph : out.glyphs_of(run)) glyph.cluster += byte_base;
    }
  }
  *trailing_whitespace = record.trailing_whitespace;
  return line;
}

bool KeptLines::note_mismatch() const {
  // Relaxed: the flag only steers when a set is replaced, never what a layout contains.
  if (mismatched_.load(std::memory_order_relaxed)) return true;
  mismatched_.store(true, std::memory_order_relaxed);
  return false;
}

void KeptLines::note_match() const {
  // Written only when it changes: threads reading the set leave its line clean.
  if (mismatched_.load(std::memory_order_relaxed)) {
    mismatched_.store(false, std::memory_order_relaxed);
  }
}

}  // namespace satr::detail
