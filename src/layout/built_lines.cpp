#include "layout/built_lines.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <type_traits>

#include "layout/paragraph.hpp"

namespace satr::detail {
namespace {

static_assert(std::is_trivially_copyable_v<LineRecord>);
static_assert(std::is_trivially_copyable_v<RunRecord>);
static_assert(std::is_trivially_copyable_v<Glyph>);

// The block starts a cache line, like the paragraph cache's.
constexpr std::align_val_t kBlockAlignment{64};

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
                          const Layout& out, const LayoutInputs& inputs, uint32_t byte_base) {
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
    const auto& table = inputs.font_table;
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

const BuiltLines* BuiltLines::create(const LineRecorder& recorder) {
  const BlockPlan plan(recorder, sizeof(BuiltLines));
  void* memory = ::operator new(plan.end, kBlockAlignment);
  auto* lines = new (memory) BuiltLines(plan.end, recorder.lines.size());
  auto* block = static_cast<std::byte*>(memory);
  lines->lines_ = copy_into(block, plan.lines, recorder.lines);
  lines->runs_ = copy_into(block, plan.runs, recorder.runs);
  lines->glyphs_ = copy_into(block, plan.glyphs, recorder.glyphs);
  return lines;
}

bool BuiltLines::matches(std::span<const LineSpan> spans) const {
  if (spans.size() != line_count_) return false;
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
    const Glyph* first = glyphs_ + kept.glyph_start;
    out.glyphs.insert(out.glyphs.end(), first, first + kept.glyph_count);
    if (byte_base != 0) {
      for (Glyph& glyph : out.glyphs_of(run)) glyph.cluster += byte_base;
    }
  }
  *trailing_whitespace = record.trailing_whitespace;
  return line;
}

void BuiltLines::prefetch() const {
  const char* block = reinterpret_cast<const char*>(this);
  const std::size_t end = std::min<std::size_t>(bytes_, 2048);
  for (std::size_t at = 0; at < end; at += 64) __builtin_prefetch(block + at);
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
  if (references_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  auto* self = const_cast<BuiltLines*>(this);
  self->~BuiltLines();
  ::operator delete(self, kBlockAlignment);
}

}  // namespace satr::detail
