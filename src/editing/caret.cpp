// Hit testing, carets, visual cursor movement and selection rectangles, computed from a
// finished Layout: its runs (visual order, bidi levels), glyph clusters and advances.
//
// Everything works on one line at a time through LineModel: the line's grapheme
// boundaries and its "slots", the graphemes (or parts of graphemes) in visual order with
// their x extent. Edges of graphemes then give carets, and carets give visual movement.
#include "satr/caret.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "satr/error.hpp"
#include "text/graphemes.hpp"
#include "text/paragraphs.hpp"
#include "text/utf8.hpp"

namespace satr::detail {
namespace {

// Rectangles closer than this (px) are one rectangle; float sums of advances drift by less.
constexpr float kAdjacent = 1e-3f;
// Carets closer than this (px) are drawn as one.
constexpr float kSamePlace = 1e-3f;

bool is_continuation_byte(std::string_view text, uint32_t offset) {
  return offset < text.size() && (static_cast<uint8_t>(text[offset]) & 0xC0) == 0x80;
}

// Length of the paragraph separator that ends [start, end) of `text`, or 0: the paragraph
// splitter cuts after one (the last paragraph may end without).
uint32_t separator_length(std::string_view text, uint32_t start, uint32_t end) {
  return separator_length_at_end(text.substr(start, end - start));
}

Error bad_offset(uint32_t offset, const std::string& why) {
  return Error(ErrorCode::InvalidArgument, "offset " + std::to_string(offset) + " " + why, offset);
}

// The laid-out text must cover the layout: a shorter or unrelated text would index out of
// range. A truncated layout ends before the text does.
void check_text(const Layout& layout, std::string_view text) {
  if (layout.paragraphs.empty()) {
    if (!text.empty()) {
      throw Error(ErrorCode::InvalidArgument,
                  "the text does not match the layout: the layout is empty, the text is not");
    }
    return;
  }
  const uint32_t end = layout.paragraphs.back().range.end;
  if (end > text.size() || (!layout.truncated && end != text.size())) {
    throw Error(ErrorCode::InvalidArgument,
                "the text does not match the layout: the layout covers " + std::to_string(end) +
                    " bytes, the text has " + std::to_string(text.size()));
  }
}

void check_offset_in_text(std::string_view text, uint32_t offset) {
  if (offset > text.size()) {
    throw bad_offset(offset,
                     "is past the end of the text (" + std::to_string(text.size()) + " bytes)");
  }
}

// Index of the line whose stops hold `offset`: the last line starting at or before it.
// Lines tile the text in order, the first starting at 0.
uint32_t line_of_offset(const Layout& layout, uint32_t offset) {
  const auto it =
      std::upper_bound(layout.lines.begin(), layout.lines.end(), offset,
                       [](uint32_t o, const Line& line) { return o < line.range.start; });
  return it == layout.lines.begin() ? 0 : static_cast<uint32_t>(it - layout.lines.begin() - 1);
}

// One side of a caret: a grapheme's edge, or the edge of the line where there is none.
struct Edge {
  int32_t position = 0;  // Visual position: 0 = before the leftmost slot, n = after the last.
  float x = 0;
  uint8_t level = 0;
};

// A grapheme, or the part of one that one glyph cluster draws, in visual order.
struct Slot {
  float left = 0;
  float right = 0;
  uint32_t start = 0;  // Byte range of the part.
  uint32_t end = 0;
  uint32_t grapheme = 0;  // Index g of the grapheme [bounds[g], bounds[g + 1]).
  uint8_t level = 0;
};

class LineModel {
 public:
  LineModel(const Layout& layout, std::string_view text, uint32_t index)
      : line_(layout.lines[index]) {
    const Range paragraph = line_.paragraph < layout.paragraphs.size()
                                ? layout.paragraphs[line_.paragraph].range
                                : line_.range;
    base_level_ = line_.paragraph < layout.paragraphs.size()
                      ? layout.paragraphs[line_.paragraph].base_level
                      : 0;
    start_ = line_.range.start;
    const bool paragraph_last = line_.range.end == paragraph.end;
    content_end_ =
        line_.range.end - (paragraph_last ? separator_length(text, start_, line_.range.end) : 0);
    end_is_stop_ = paragraph_last || index + 1 == layout.lines.size();
    find_boundaries(text);
    build_slots(layout);
  }

  const Line& line() const { return line_; }
  bool ltr() const { return (base_level_ & 1) == 0; }
  const std::vector<Slot>& slots() const { return slots_; }
  const std::vector<uint32_t>& bounds() const { return bounds_; }
  float left_edge() const { return slots_.empty() ? line_.x : slots_.front().left; }
  float right_edge() const { return slots_.empty() ? line_.x + line_.width : slots_.back().right; }

  // True if `offset` is a caret stop of this line.
  bool is_stop(uint32_t offset) const {
    if (offset == content_end_) return end_is_stop_;
    return offset >= start_ && offset < content_end_ &&
           std::binary_search(bounds_.begin(), bounds_.end(), offset);
  }

  // The caret stop for an offset at or after the line's start: validated, moved to the
  // start of the grapheme it is inside, or to the line's end if past it.
  uint32_t snap(std::string_view text, uint32_t offset) const {
    if (offset < content_end_) {
      if (!std::binary_search(char_starts_.begin(), char_starts_.end(), offset)) {
        throw bad_offset(offset, "is not on a UTF-8 character boundary");
      }
      return *(std::upper_bound(bounds_.begin(), bounds_.end(), offset) - 1);
    }
    // A separator or the cut text of a truncated layout: only a UTF-8 check is cheap
    // there; separators are well formed, so it is exact inside them.
    if (is_continuation_byte(text, offset)) {
      throw bad_offset(offset, "is not on a UTF-8 character boundary");
    }
    return content_end_;
  }

  // The logically last stop: the line's end if it is a stop, else its last grapheme start.
  uint32_t last_stop() const {
    if (end_is_stop_ || bounds_.size() < 2) return end_is_stop_ ? content_end_ : start_;
    return bounds_[bounds_.size() - 2];
  }

  // The edge on the side of `offset` (a stop) toward the character before it, and toward
  // the character after it.
  Edge before(uint32_t offset) const {
    const auto g = grapheme_index(offset);
    if (g > 0 && trail_slot_[g - 1] >= 0) return trailing_edge(g - 1);
    return line_start_edge();
  }
  Edge after(uint32_t offset) const {
    const auto g = grapheme_index(offset);
    if (g + 1 < bounds_.size() && lead_slot_[g] >= 0) return leading_edge(g);
    return line_end_edge();
  }

  // Primary and optional secondary edge of a stop (the rule is documented on satr::Caret).
  std::pair<Edge, std::optional<Edge>> carets(uint32_t offset) const {
    const Edge b = before(offset);
    const Edge a = after(offset);
    const bool before_primary = (b.level & 1) == (base_level_ & 1);
    const Edge primary = before_primary ? b : a;
    // Same level: the two edges touch. Different levels can also meet at one place: levels
    // of one direction (a Latin letter followed by Arabic-Indic digits, levels 0 and 2), or
    // edges that only a zero-width character (a bidi mark) separates. One caret suffices.
    if (a.level == b.level || a.position == b.position || std::abs(a.x - b.x) < kSamePlace) {
      return {primary, std::nullopt};
    }
    return {primary, before_primary ? a : b};
  }

  Edge leading_edge(uint32_t g) const { return edge_of(lead_slot_[g], /*leading=*/true); }
  Edge trailing_edge(uint32_t g) const { return edge_of(trail_slot_[g], /*leading=*/false); }

  // The stops of the line sorted by the visual position of their primary caret, left to
  // right. Ties (which a well-formed layout does not produce) fall back to logical order.
  // Built on first use and kept, with each stop's place in it.
  const std::vector<uint32_t>& visual_stops() const {
    if (!visual_stops_.empty() || bounds_.empty()) return visual_stops_;
    std::vector<std::pair<int32_t, uint32_t>> keyed;
    keyed.reserve(bounds_.size());
    for (const uint32_t b : bounds_) {
      if (!is_stop(b)) continue;
      keyed.emplace_back(carets(b).first.position, b);
    }
    std::sort(keyed.begin(), keyed.end());
    visual_stops_.reserve(keyed.size());
    visual_rank_.assign(bounds_.size(), -1);
    for (const auto& [position, stop] : keyed) {
      visual_rank_[grapheme_index(stop)] = static_cast<int32_t>(visual_stops_.size());
      visual_stops_.push_back(stop);
    }
    return visual_stops_;
  }

  // The place of `stop` (a stop of this line) in visual_stops(), or -1.
  int32_t visual_rank(uint32_t stop) const {
    visual_stops();
    const std::size_t g = grapheme_index(stop);
    return g < visual_rank_.size() ? visual_rank_[g] : -1;
  }

  // The first slot with width whose right edge is past x, or -1: what a scan of the slots
  // from the left finds, by binary search over the running maximum of their right edges
  // (nondecreasing even where a hostile font's negative advances make edges go back).
  int32_t first_wide_slot_past(float x) const {
    if (wide_max_right_.empty() && !slots_.empty()) {
      wide_max_right_.resize(slots_.size());
      float highest = -INFINITY;
      for (std::size_t s = 0; s < slots_.size(); ++s) {
        if (slots_[s].right > slots_[s].left) highest = std::max(highest, slots_[s].right);
        wide_max_right_[s] = highest;
      }
    }
    const auto it = std::upper_bound(wide_max_right_.begin(), wide_max_right_.end(), x);
    return it == wide_max_right_.end() ? -1 : static_cast<int32_t>(it - wide_max_right_.begin());
  }

  // The last slot with width, or -1.
  int32_t last_wide_slot() const {
    for (std::size_t s = slots_.size(); s-- > 0;)
      if (slots_[s].right > slots_[s].left) return static_cast<int32_t>(s);
    return -1;
  }

  // Slot indices of graphemes [g0, g1), ascending: for a selection, so that its cost is
  // that of the selected graphemes, not of the line.
  void slots_of_graphemes(std::size_t g0, std::size_t g1, std::vector<uint32_t>& out) const {
    const std::size_t graphemes = bounds_.empty() ? 0 : bounds_.size() - 1;
    if (slot_begin_.empty()) {
      // Counting sort of the slots by grapheme; within one grapheme, slot order.
      slot_begin_.assign(graphemes + 2, 0);
      for (const Slot& slot : slots_)
        if (slot.grapheme < graphemes) ++slot_begin_[slot.grapheme + 2];
      for (std::size_t g = 2; g < slot_begin_.size(); ++g) slot_begin_[g] += slot_begin_[g - 1];
      slot_by_grapheme_.resize(slot_begin_.back());
      for (std::size_t s = 0; s < slots_.size(); ++s) {
        const uint32_t g = slots_[s].grapheme;
        if (g < graphemes) slot_by_grapheme_[slot_begin_[g + 1]++] = static_cast<uint32_t>(s);
      }
      wide_before_.assign(slots_.size() + 1, 0);
      for (std::size_t s = 0; s < slots_.size(); ++s) {
        wide_before_[s + 1] = wide_before_[s] + (slots_[s].right > slots_[s].left ? 1 : 0);
      }
    }
    out.clear();
    g1 = std::min(g1, graphemes);
    if (g0 >= g1) return;
    out.assign(slot_by_grapheme_.begin() + slot_begin_[g0],
               slot_by_grapheme_.begin() + slot_begin_[g1]);
    std::sort(out.begin(), out.end());
  }

  // Slots with width strictly between slot indices a and b (a < b).
  uint32_t wide_slots_between(uint32_t a, uint32_t b) const {
    return wide_before_[b] - wide_before_[a + 1];
  }

  std::size_t grapheme_of(uint32_t offset) const { return grapheme_index(offset); }

 private:
  // Code point starts (for validation) and grapheme boundaries of [start_, content_end_],
  // both through the same UTF-16 decoding and ICU grapheme rules the layout used. The line
  // starts at a grapheme boundary, so finding graphemes in the line alone gives the
  // paragraph's boundaries (UAX #29's look-behind rules, GB11–GB13, never reach across one).
  void find_boundaries(std::string_view text) {
    const std::string_view content = text.substr(start_, content_end_ - start_);
    DecodedText decoded = decode_utf8(content, /*strict=*/false);
    std::vector<uint8_t> flags(decoded.utf16.size() + 1, 0);
    find_graphemes_and_whitespace(decoded.utf16, flags);
    char_starts_.reserve(decoded.byte_of.size());
    for (std::size_t u = 0; u < decoded.byte_of.size(); ++u) {
      const uint32_t byte = start_ + decoded.byte_of[u];
      if (char_starts_.empty() || char_starts_.back() != byte) char_starts_.push_back(byte);
      if ((flags[u] & kGraphemeStart) && (bounds_.empty() || bounds_.back() != byte)) {
        bounds_.push_back(byte);
      }
    }
    if (bounds_.empty() || bounds_.back() != content_end_) bounds_.push_back(content_end_);
    utf16_ = std::move(decoded.utf16);
    byte_of_ = std::move(decoded.byte_of);
  }

  // The code point at byte `offset` of the line's content.
  char32_t code_point_at_byte(uint32_t offset) const {
    const auto it = std::lower_bound(byte_of_.begin(), byte_of_.end(), offset - start_);
    const auto unit = static_cast<std::size_t>(it - byte_of_.begin());
    if (unit >= utf16_.size()) return 0;
    std::size_t length = 0;
    return detail::code_point_at(utf16_, unit, &length);
  }

  // True for a cell that draws a character which normally takes room (a letter, digit,
  // punctuation or symbol) with no advance at all: the font has drawn it inside a
  // neighbouring glyph. Noto Naskh Arabic makes lam-alef this way, the lam glyph drawing
  // both letters and the alef becoming an empty glyph, where other fonts use one ligature
  // glyph for both; either way the two letters share one advance.
  bool drawn_by_neighbour(uint32_t cluster, float width) const {
    if (width != 0.0f) return false;
    // Letters, numbers, punctuation and symbols; not marks, controls, format characters
    // (ZWJ, bidi controls) or spaces, which may rightly have no advance.
    const auto category = U_GET_GC_MASK(static_cast<UChar32>(code_point_at_byte(cluster)));
    return (category & (U_GC_L_MASK | U_GC_N_MASK | U_GC_P_MASK | U_GC_S_MASK)) != 0;
  }

  // Cells (maximal glyph sequences of one cluster in one run) in visual order, with pen
  // positions, split into slots at grapheme boundaries.
  void build_slots(const Layout& layout) {
    struct Cell {
      uint32_t cluster;  // First byte of the characters the cell draws.
      float left;
      float right;
      uint8_t level;
      uint32_t run;
      bool absorbed;  // Drawn by a neighbouring cell; holds no slot of its own.
    };
    std::vector<Cell> cells;
    // Pen positions, not Glyph::x: x includes mark offsets, and in a right-to-left run a
    // cluster's first glyph on screen may be a mark.
    double pen = line_.x;
    uint32_t run_number = 0;
    for (const Run& run : layout.runs_of(line_)) {
      ++run_number;
      bool continues = false;
      for (const Glyph& glyph : layout.glyphs_of(run)) {
        const auto left = static_cast<float>(pen);
        pen += glyph.advance;
        // Glyphs outside the line's characters (an ellipsis, whose cluster is where the
        // text was cut) take room but hold no caret stop.
        if (glyph.cluster < start_ || glyph.cluster >= content_end_) {
          continues = false;
          continue;
        }
        if (continues && cells.back().cluster == glyph.cluster) {
          cells.back().right = static_cast<float>(pen);
        } else {
          cells.push_back(
              {glyph.cluster, left, static_cast<float>(pen), run.level, run_number, false});
        }
        continues = true;
      }
    }

    // Merge each character drawn by a neighbour into the cell of that neighbour in the same
    // run: the logically previous one (lam before alef), else the logically next one.
    for (std::size_t i = 0; i < cells.size(); ++i) {
      Cell& cell = cells[i];
      if (!drawn_by_neighbour(cell.cluster, cell.right - cell.left)) continue;
      const bool rtl = (cell.level & 1) != 0;
      for (const bool previous : {true, false}) {
        // In a right-to-left run the logically previous cell is the one on the right.
        const bool right_side = previous == rtl;
        if (right_side ? i + 1 >= cells.size() : i == 0) continue;
        Cell& other = cells[right_side ? i + 1 : i - 1];
        if (other.run != cell.run || other.absorbed ||
            drawn_by_neighbour(other.cluster, other.right - other.left) ||
            (previous ? other.cluster > cell.cluster : other.cluster < cell.cluster)) {
          continue;
        }
        cell.absorbed = true;
        if (!previous) other.cluster = cell.cluster;  // The next cell now starts here.
        break;
      }
    }

    // A cell covers its characters: up to the next cell's first byte in logical order.
    std::vector<uint32_t> starts;
    starts.reserve(cells.size());
    for (const Cell& cell : cells)
      if (!cell.absorbed) starts.push_back(cell.cluster);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());

    for (const Cell& cell : cells) {
      if (cell.absorbed) continue;
      // Characters before the first cell (none when every character has a glyph) go with
      // it, so every grapheme of the line has a place.
      const uint32_t cell_start = cell.cluster == starts.front() ? start_ : cell.cluster;
      const auto next = std::upper_bound(starts.begin(), starts.end(), cell.cluster);
      const uint32_t cell_end = next == starts.end() ? content_end_ : *next;
      // Cut points: the cell's ends and the grapheme boundaries inside it.
      const auto first = std::upper_bound(bounds_.begin(), bounds_.end(), cell_start) - 1;
      std::vector<uint32_t>& cuts = cuts_scratch_;
      cuts.clear();
      cuts.push_back(cell_start);
      for (auto it = first + 1; it != bounds_.end() && *it < cell_end; ++it) cuts.push_back(*it);
      cuts.push_back(cell_end);
      const auto parts = static_cast<uint32_t>(cuts.size() - 1);
      const auto g0 = static_cast<uint32_t>(first - bounds_.begin());
      const bool rtl = (cell.level & 1) != 0;
      const float width = cell.right - cell.left;
      // A ligature's advance is shared evenly by its graphemes, the logically first at the
      // run's leading side.
      const auto at = [&](uint32_t k) {
        return k == parts ? cell.right
                          : cell.left + width * static_cast<float>(k) / static_cast<float>(parts);
      };
      for (uint32_t v = 0; v < parts; ++v) {         // v counts parts left to right
        const uint32_t i = rtl ? parts - 1 - v : v;  // logical index of that part
        slots_.push_back({at(v), at(v + 1), cuts[i], cuts[i + 1], g0 + i, cell.level});
      }
    }

    const std::size_t graphemes = bounds_.size() - 1;
    lead_slot_.assign(graphemes, -1);
    trail_slot_.assign(graphemes, -1);
    for (std::size_t s = 0; s < slots_.size(); ++s) {
      const Slot& slot = slots_[s];
      const uint32_t g = slot.grapheme;
      if (g >= graphemes) continue;
      // The part holding the grapheme's first byte gives its leading edge, the part holding
      // its last byte its trailing edge. A grapheme split over several clusters (possible
      // with unusual fonts) still has an earliest and a latest part.
      if (lead_slot_[g] < 0 || slot.start < slots_[lead_slot_[g]].start) {
        lead_slot_[g] = static_cast<int32_t>(s);
      }
      if (trail_slot_[g] < 0 || slot.end > slots_[trail_slot_[g]].end) {
        trail_slot_[g] = static_cast<int32_t>(s);
      }
    }
  }

  std::size_t grapheme_index(uint32_t offset) const {
    return static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), offset) -
                                    bounds_.begin());
  }

  Edge edge_of(int32_t s, bool leading) const {
    const Slot& slot = slots_[s];
    const bool rtl = (slot.level & 1) != 0;
    // The leading edge of left-to-right text is its left edge, of right-to-left text its
    // right edge.
    const bool left = leading != rtl;
    return {left ? s : s + 1, left ? slot.left : slot.right, slot.level};
  }

  // Where text of the paragraph direction starts and ends on this line.
  Edge line_start_edge() const {
    const auto n = static_cast<int32_t>(slots_.size());
    return ltr() ? Edge{0, left_edge(), base_level_} : Edge{n, right_edge(), base_level_};
  }
  Edge line_end_edge() const {
    const auto n = static_cast<int32_t>(slots_.size());
    return ltr() ? Edge{n, right_edge(), base_level_} : Edge{0, left_edge(), base_level_};
  }

  const Line& line_;
  uint8_t base_level_ = 0;
  uint32_t start_ = 0;
  uint32_t content_end_ = 0;  // The line's end without the paragraph separator.
  bool end_is_stop_ = false;
  std::u16string utf16_;               // The line's content, decoded.
  std::vector<uint32_t> byte_of_;      // Per unit of utf16_: byte offset from start_.
  std::vector<uint32_t> char_starts_;  // Code point starts in [start_, content_end_].
  std::vector<uint32_t> bounds_;       // Grapheme boundaries in [start_, content_end_].
  std::vector<Slot> slots_;
  std::vector<int32_t> lead_slot_;   // Per grapheme: slot of its leading edge, or -1.
  std::vector<int32_t> trail_slot_;  // Per grapheme: slot of its trailing edge, or -1.
  std::vector<uint32_t> cuts_scratch_;
  // Built on first use by the queries above; a LineModel is used by one thread at a time.
  mutable std::vector<uint32_t> visual_stops_;
  mutable std::vector<int32_t> visual_rank_;     // Per grapheme: place in visual_stops_.
  mutable std::vector<float> wide_max_right_;    // Per slot: highest right edge so far.
  mutable std::vector<uint32_t> slot_begin_;     // Per grapheme: first of its slots below.
  mutable std::vector<uint32_t> slot_by_grapheme_;
  mutable std::vector<uint32_t> wide_before_;    // Per slot: slots with width before it.
};

// The LineModel of a line: built for each call by the free functions (one line kept, the
// last one asked for), kept for every line by a CaretIndex.
class LineModels {
 public:
  LineModels(const Layout& layout, std::string_view text, bool keep_all)
      : layout_(layout), text_(text) {
    if (keep_all) kept_.resize(layout.lines.size());
  }

  // Valid until the next call (when not keeping all).
  const LineModel& at(uint32_t index) {
    if (!kept_.empty()) {
      if (!kept_[index]) kept_[index] = std::make_unique<LineModel>(layout_, text_, index);
      return *kept_[index];
    }
    if (!one_ || one_index_ != index) {
      one_.emplace(layout_, text_, index);
      one_index_ = index;
    }
    return *one_;
  }

  const Layout& layout() const { return layout_; }
  std::string_view text() const { return text_; }

 private:
  const Layout& layout_;
  std::string_view text_;
  std::vector<std::unique_ptr<LineModel>> kept_;
  std::optional<LineModel> one_;
  uint32_t one_index_ = 0;
};

CaretPosition to_caret(const Edge& edge, const Line& line) {
  return {edge.x, line.top, line.top + line.height, edge.level};
}

}  // namespace
}  // namespace satr::detail

namespace satr::detail {
namespace {

HitTestResult hit_test_in(LineModels& models, float x, float y) {
  const Layout& layout = models.layout();
  HitTestResult result;
  if (layout.lines.empty()) return result;
  // The last line whose top is at or above y; lines are stacked top to bottom.
  const auto it = std::upper_bound(layout.lines.begin(), layout.lines.end(), y,
                                   [](float v, const Line& line) { return v < line.top; });
  const auto index =
      it == layout.lines.begin() ? 0u : static_cast<uint32_t>(it - layout.lines.begin() - 1);
  const LineModel& model = models.at(index);
  const Line& line = model.line();
  result.line = index;
  const bool inside_y = y >= line.top && y < line.top + line.height;
  const auto& slots = model.slots();
  const auto& bounds = model.bounds();
  if (slots.empty()) {
    result.offset = line.range.start;
    result.grapheme = {line.range.start, line.range.start};
    return result;
  }
  result.inside = inside_y && x >= model.left_edge() && x <= model.right_edge();
  const float cx =
      std::isnan(x) ? model.left_edge() : std::clamp(x, model.left_edge(), model.right_edge());
  // The slot under cx; zero-width slots (controls, joiners) cannot be hit.
  int32_t chosen = model.first_wide_slot_past(cx);
  if (chosen < 0) chosen = std::max(model.last_wide_slot(), 0);
  const uint32_t g = slots[chosen].grapheme;
  const float lead = model.leading_edge(g).x;
  const float trail = model.trailing_edge(g).x;
  result.grapheme = {bounds[g], bounds[g + 1]};
  result.trailing = std::abs(cx - trail) < std::abs(cx - lead);
  result.offset = result.trailing ? bounds[g + 1] : bounds[g];
  if (!model.is_stop(result.offset)) result.offset = bounds[g];
  return result;
}

Caret caret_in(LineModels& models, uint32_t offset) {
  const Layout& layout = models.layout();
  check_offset_in_text(models.text(), offset);
  Caret result;
  if (layout.lines.empty()) return result;
  const uint32_t index = line_of_offset(layout, offset);
  const LineModel& model = models.at(index);
  result.offset = model.snap(models.text(), offset);
  result.line = index;
  const auto [primary, secondary] = model.carets(result.offset);
  result.primary = to_caret(primary, model.line());
  if (secondary) result.secondary = to_caret(*secondary, model.line());
  return result;
}

void check_direction(int direction) {
  if (direction != -1 && direction != 1) {
    throw Error(ErrorCode::InvalidArgument,
                "direction must be -1 (left) or +1 (right), got " + std::to_string(direction));
  }
}

// `direction` is checked by the caller (before the text, as the free function always has).
uint32_t move_visually_in(LineModels& models, uint32_t offset, int direction) {
  const Layout& layout = models.layout();
  check_offset_in_text(models.text(), offset);
  if (layout.lines.empty()) return offset;
  const uint32_t index = line_of_offset(layout, offset);
  const LineModel& model = models.at(index);
  const uint32_t stop = model.snap(models.text(), offset);
  const std::vector<uint32_t>& stops = model.visual_stops();
  const int32_t at = model.visual_rank(stop);
  const std::ptrdiff_t next = static_cast<std::ptrdiff_t>(at) + direction;
  if (at >= 0 && next >= 0 && next < static_cast<std::ptrdiff_t>(stops.size())) {
    return stops[static_cast<std::size_t>(next)];
  }
  // Off the line's visual edge: toward the paragraph's end edge means logically forward.
  const bool forward = (direction > 0) == model.ltr();
  if (forward) {
    if (index + 1 < layout.lines.size()) return layout.lines[index + 1].range.start;
    return offset;
  }
  if (index == 0) return offset;
  return models.at(index - 1).last_stop();
}

std::vector<SelectionRect> selection_rects_in(LineModels& models, uint32_t start, uint32_t end) {
  const Layout& layout = models.layout();
  const std::string_view text = models.text();
  check_offset_in_text(text, start);
  check_offset_in_text(text, end);
  std::vector<SelectionRect> rects;
  if (layout.lines.empty()) return rects;
  if (start > end) std::swap(start, end);
  const uint32_t first_line = line_of_offset(layout, start);
  const uint32_t last_line = line_of_offset(layout, end);
  // Validate and snap both ends in their own lines.
  start = models.at(first_line).snap(text, start);
  end = models.at(last_line).snap(text, end);
  if (start >= end) return rects;
  std::vector<uint32_t> selected;
  for (uint32_t k = first_line; k <= last_line && k < layout.lines.size(); ++k) {
    const LineModel& model = models.at(k);
    const Line& line = model.line();
    const auto& slots = model.slots();
    // start and end are grapheme boundaries, so the selected slots are those of the
    // graphemes between them; visited left to right.
    model.slots_of_graphemes(model.grapheme_of(start), model.grapheme_of(end), selected);
    // True while the last slot with width was selected and ends rects.back().
    bool open = false;
    uint32_t previous = 0;
    bool any = false;
    for (const uint32_t s : selected) {
      const Slot& slot = slots[s];
      // Zero-width slots (bidi marks, joiners) cover nothing and split nothing.
      if (!(slot.right > slot.left)) continue;
      // An unselected slot with width between two selected ones ends the rectangle.
      if (any && model.wide_slots_between(previous, s) != 0) open = false;
      if (open && rects.back().level == slot.level &&
          std::abs(rects.back().x + rects.back().width - slot.left) <= kAdjacent) {
        rects.back().width = slot.right - rects.back().x;
      } else {
        rects.push_back({slot.left, line.top, slot.right - slot.left, line.height, k, slot.level});
      }
      open = true;
      previous = s;
      any = true;
    }
  }
  return rects;
}

}  // namespace
}  // namespace satr::detail

namespace satr {

HitTestResult hit_test(const Layout& layout, std::string_view text, float x, float y) {
  detail::check_text(layout, text);
  detail::LineModels models(layout, text, /*keep_all=*/false);
  return detail::hit_test_in(models, x, y);
}

Caret caret(const Layout& layout, std::string_view text, uint32_t offset) {
  detail::check_text(layout, text);
  detail::LineModels models(layout, text, false);
  return detail::caret_in(models, offset);
}

uint32_t move_visually(const Layout& layout, std::string_view text, uint32_t offset,
                       int direction) {
  detail::check_direction(direction);
  detail::check_text(layout, text);
  detail::LineModels models(layout, text, false);
  return detail::move_visually_in(models, offset, direction);
}

std::vector<SelectionRect> selection_rects(const Layout& layout, std::string_view text,
                                           uint32_t start, uint32_t end) {
  detail::check_text(layout, text);
  detail::LineModels models(layout, text, false);
  return detail::selection_rects_in(models, start, end);
}

struct CaretIndex::State {
  State(const Layout& layout, std::string_view text) : models(layout, text, true) {}
  detail::LineModels models;
};

CaretIndex::CaretIndex(const Layout& layout, std::string_view text) {
  detail::check_text(layout, text);
  state_ = std::make_unique<State>(layout, text);
}
CaretIndex::~CaretIndex() = default;
CaretIndex::CaretIndex(CaretIndex&&) noexcept = default;
CaretIndex& CaretIndex::operator=(CaretIndex&&) noexcept = default;

HitTestResult CaretIndex::hit_test(float x, float y) {
  return detail::hit_test_in(state_->models, x, y);
}
Caret CaretIndex::caret(uint32_t offset) { return detail::caret_in(state_->models, offset); }
uint32_t CaretIndex::move_visually(uint32_t offset, int direction) {
  detail::check_direction(direction);
  return detail::move_visually_in(state_->models, offset, direction);
}
std::vector<SelectionRect> CaretIndex::selection_rects(uint32_t start, uint32_t end) {
  return detail::selection_rects_in(state_->models, start, end);
}

}  // namespace satr
