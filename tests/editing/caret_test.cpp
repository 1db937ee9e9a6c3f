// Hit testing, carets, visual cursor movement and selection rectangles on mixed Arabic,
// English and numbers: properties checked on every caret stop of every line of a set of
// layouts, then exact expectations on known lines.
#include <gtest/gtest.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace satr {
namespace {

using testing::bundled;

constexpr float kEps = 0.01f;

// ---- Independent helpers: ICU on UTF-8 and the layout's own runs, no satr caret code. ----

// Grapheme boundaries of text[start, end), ICU's character iterator over UTF-8.
std::vector<uint32_t> graphemes(const std::string& text, uint32_t start, uint32_t end) {
  std::vector<uint32_t> out;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data() + start, end - start, &status);
  UBreakIterator* it = ubrk_open(UBRK_CHARACTER, "", nullptr, 0, &status);
  ubrk_setUText(it, ut, &status);
  EXPECT_TRUE(U_SUCCESS(status));
  for (int32_t b = ubrk_first(it); b != UBRK_DONE; b = ubrk_next(it)) out.push_back(start + b);
  ubrk_close(it);
  utext_close(ut);
  if (out.empty()) out.push_back(start);
  return out;
}

bool is_paragraph_last(const Layout& layout, uint32_t k) {
  const Line& line = layout.lines[k];
  return line.range.end == layout.paragraphs[line.paragraph].range.end;
}

// The line's end without its paragraph separator.
uint32_t content_end(const Layout& layout, const std::string& text, uint32_t k) {
  const Line& line = layout.lines[k];
  uint32_t end = line.range.end;
  if (!is_paragraph_last(layout, k) || end == line.range.start) return end;
  const std::string tail = text.substr(line.range.start, end - line.range.start);
  for (const std::string sep : {"\r\n", "\n", "\r", "\u2029", "\u0085"}) {
    if (tail.size() >= sep.size() && tail.compare(tail.size() - sep.size(), sep.size(), sep) == 0)
      return end - static_cast<uint32_t>(sep.size());
  }
  return end;
}

// The caret stops of line k, in logical order.
std::vector<uint32_t> stops_of(const Layout& layout, const std::string& text, uint32_t k) {
  const Line& line = layout.lines[k];
  const uint32_t end = content_end(layout, text, k);
  std::vector<uint32_t> out = graphemes(text, line.range.start, end);
  const bool end_is_stop = is_paragraph_last(layout, k) || k + 1 == layout.lines.size();
  if (!end_is_stop) out.pop_back();
  return out;
}

// Level of the character at `byte` on line k (from the run holding it).
int level_at(const Layout& layout, uint32_t k, uint32_t byte) {
  for (const satr::Run& run : layout.runs_of(layout.lines[k]))
    if (run.range.contains(byte)) return run.level;
  return -1;
}

uint8_t base_level(const Layout& layout, uint32_t k) {
  return layout.paragraphs[layout.lines[k].paragraph].base_level;
}

// Sum of the advances of the line's glyphs whose cluster is in [start, end).
float advances_in(const Layout& layout, uint32_t k, uint32_t start, uint32_t end) {
  float sum = 0;
  for (const satr::Run& run : layout.runs_of(layout.lines[k]))
    for (const Glyph& g : layout.glyphs_of(run))
      if (g.cluster >= start && g.cluster < end) sum += g.advance;
  return sum;
}

// Half the width of one grapheme's share of the cluster holding `byte`. A letter without
// advance (the empty alef glyph of a lam-alef) counts as part of the cluster before it.
float half_share(const Layout& layout, const std::string& text, uint32_t k, uint32_t byte) {
  std::map<uint32_t, float> advance;  // cluster -> advance
  for (const satr::Run& run : layout.runs_of(layout.lines[k]))
    for (const Glyph& g : layout.glyphs_of(run)) advance[g.cluster] += g.advance;
  std::vector<std::pair<uint32_t, float>> groups;  // first cluster, advance
  for (const auto& [cluster, width] : advance) {
    int32_t i = static_cast<int32_t>(cluster);
    UChar32 c = 0;
    U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
    if (width == 0 && u_isalpha(c) && !groups.empty()) continue;
    groups.emplace_back(cluster, width);
  }
  auto it = std::upper_bound(groups.begin(), groups.end(), byte,
                             [](uint32_t b, const auto& group) { return b < group.first; });
  const auto group = *std::prev(it);
  const uint32_t group_end = it == groups.end() ? content_end(layout, text, k) : it->first;
  const auto bounds = graphemes(text, layout.lines[k].range.start, content_end(layout, text, k));
  const auto count = std::count_if(bounds.begin(), bounds.end(),
                                   [&](uint32_t b) { return b >= group.first && b < group_end; });
  return group.second / static_cast<float>(std::max<long>(count, 1)) / 2;
}

Layout lay(const std::string& text, Direction direction = Direction::Auto, float width = 0,
           Align align = Align::Start) {
  ParagraphStyle style;
  style.direction = direction;
  style.width = width;
  style.align = align;
  return layout_text(text, bundled(), style);
}

// ---- Properties every layout must have. ----

struct Case {
  const char* name;
  std::string text;
  Direction direction = Direction::Auto;
  float width = 0;
  Align align = Align::Start;
};

std::vector<Case> cases() {
  return {
      {"rtl_mixed", "كتب Hello World في 12 يونيو", Direction::RightToLeft},
      {"auto_mixed", "كتب Hello World في 12 يونيو"},
      {"ltr_mixed", "Hello كتب 12 World", Direction::LeftToRight},
      {"ltr_arabic_end", "The word is مرحبا", Direction::LeftToRight},
      {"rtl_english_start", "Hello كتب", Direction::RightToLeft},
      {"ltr_number_in_arabic", "Call مرحبا 123 بكم now", Direction::LeftToRight},
      {"rtl_numbers", "في 12 و13 يونيو و1.5 و50%", Direction::RightToLeft},
      {"ligatures_and_marks", "سلام لا إله كَتَبَ", Direction::Auto},
      {"latin_only", "Hello, world!", Direction::Auto},
      {"invalid_utf8", "سلام\xFF\xC0 عليكم abc", Direction::Auto},
      {"controls_and_joiners", "a\u200Fb \u2067كتب\u2069 x\u200Dy \u0661\u0662",
       Direction::LeftToRight},
      {"arabic_only", "مرحبا بالعالم", Direction::Auto},
      {"wrapped_rtl", "كتب الطالب Hello World في 12 يونيو 2024 رسالة طويلة جدا إلى صديقه عن الرحلة",
       Direction::Auto, 220},
      {"wrapped_ltr", "The meeting كتب الطالب is on 12 June 2024 in the big hall", Direction::Auto,
       200},
      {"paragraphs", "Hello\r\nمرحبا\n\nworld 42\u2029سلام 7"},
      {"justified", "كتب الطالب رسالة طويلة جدا إلى صديقه عن الرحلة الجميلة إلى البحر",
       Direction::Auto, 260, Align::Justify},
      {"centered_wrapped", "Hello كتب 12 World again and again", Direction::Auto, 180,
       Align::Center},
  };
}

void PrintTo(const Case& c, std::ostream* out) { *out << c.name; }

class CaretProperties : public ::testing::TestWithParam<Case> {};

TEST_P(CaretProperties, CaretsLieOnTheLineAndDualAtDirectionBoundaries) {
  const Case& c = GetParam();
  const Layout layout = lay(c.text, c.direction, c.width, c.align);
  ASSERT_FALSE(layout.lines.empty());
  for (uint32_t k = 0; k < layout.lines.size(); ++k) {
    const Line& line = layout.lines[k];
    const uint32_t end = content_end(layout, c.text, k);
    const auto bounds = graphemes(c.text, line.range.start, end);
    const auto zero_width_neighbour = [&](uint32_t stop) {
      const auto it = std::lower_bound(bounds.begin(), bounds.end(), stop);
      const bool before = it != bounds.begin() && advances_in(layout, k, *std::prev(it), stop) == 0;
      const bool after =
          std::next(it) != bounds.end() && advances_in(layout, k, stop, *std::next(it)) == 0;
      return before || after;
    };
    for (const uint32_t stop : stops_of(layout, c.text, k)) {
      const Caret cr = caret(layout, c.text, stop);
      EXPECT_EQ(cr.offset, stop);
      EXPECT_EQ(cr.line, k) << "stop " << stop;
      for (const auto& p : {std::optional(cr.primary), cr.secondary}) {
        if (!p) continue;
        EXPECT_GE(p->x, line.x - kEps) << "stop " << stop;
        EXPECT_LE(p->x, line.x + line.width + kEps) << "stop " << stop;
        EXPECT_FLOAT_EQ(p->top, line.top);
        EXPECT_FLOAT_EQ(p->bottom, line.top + line.height);
      }
      // A direction boundary: the levels on the two sides differ, a line edge counting as
      // the paragraph's base level.
      const int before =
          stop > line.range.start ? level_at(layout, k, stop - 1) : base_level(layout, k);
      const int after = stop < end ? level_at(layout, k, stop) : base_level(layout, k);
      if (before == after) {
        EXPECT_FALSE(cr.secondary) << c.name << " stop " << stop;
      } else if ((before & 1) != (after & 1) && !zero_width_neighbour(stop)) {
        // Opposite directions: the edges are apart unless a character between them has no
        // width (a bidi mark), and then one caret is drawn.
        EXPECT_TRUE(cr.secondary) << c.name << " stop " << stop << " levels " << before << "/"
                                  << after;
      }
      if (cr.secondary) {
        // The primary caret is on the side whose direction is the paragraph's.
        const int primary_side = (before & 1) == (base_level(layout, k) & 1) ? before : after;
        EXPECT_EQ(cr.primary.level, primary_side) << "stop " << stop;
        EXPECT_GT(std::abs(cr.primary.x - cr.secondary->x), kEps) << "stop " << stop;
      }
    }
  }
}

TEST_P(CaretProperties, CaretIndexAnswersAsTheFunctions) {
  // A CaretIndex keeps each line's data between calls; every answer is the functions'.
  const Case& c = GetParam();
  const Layout layout = lay(c.text, c.direction, c.width, c.align);
  CaretIndex index(layout, c.text);
  const auto same_caret = [](const CaretPosition& a, const CaretPosition& b) {
    return a.x == b.x && a.top == b.top && a.bottom == b.bottom && a.level == b.level;
  };
  std::vector<uint32_t> offsets;
  for (uint32_t offset = 0; offset <= c.text.size(); ++offset) {
    if (offset < c.text.size() && (static_cast<unsigned char>(c.text[offset]) & 0xC0) == 0x80)
      continue;
    offsets.push_back(offset);
  }
  for (const uint32_t offset : offsets) {
    const Caret a = caret(layout, c.text, offset);
    const Caret b = index.caret(offset);
    EXPECT_EQ(a.offset, b.offset);
    EXPECT_EQ(a.line, b.line);
    EXPECT_TRUE(same_caret(a.primary, b.primary)) << offset;
    ASSERT_EQ(a.secondary.has_value(), b.secondary.has_value()) << offset;
    if (a.secondary) EXPECT_TRUE(same_caret(*a.secondary, *b.secondary)) << offset;
    for (const int direction : {-1, 1}) {
      EXPECT_EQ(move_visually(layout, c.text, offset, direction),
                index.move_visually(offset, direction)) << offset << " " << direction;
    }
  }
  for (const Line& line : layout.lines) {
    for (float x = line.x - 5; x <= line.x + line.width + 5; x += 1.25f) {
      const float y = line.top + line.height / 2;
      const HitTestResult a = hit_test(layout, c.text, x, y);
      const HitTestResult b = index.hit_test(x, y);
      EXPECT_EQ(a.offset, b.offset) << x;
      EXPECT_EQ(a.grapheme.start, b.grapheme.start) << x;
      EXPECT_EQ(a.trailing, b.trailing) << x;
      EXPECT_EQ(a.inside, b.inside) << x;
      EXPECT_EQ(a.line, b.line) << x;
    }
  }
  for (std::size_t i = 0; i < offsets.size(); i += 2) {
    for (std::size_t j = i; j < offsets.size(); j += 3) {
      const auto a = selection_rects(layout, c.text, offsets[i], offsets[j]);
      const auto b = index.selection_rects(offsets[j], offsets[i]);
      ASSERT_EQ(a.size(), b.size()) << offsets[i] << "-" << offsets[j];
      for (std::size_t r = 0; r < a.size(); ++r) {
        EXPECT_EQ(a[r].x, b[r].x);
        EXPECT_EQ(a[r].width, b[r].width);
        EXPECT_EQ(a[r].line, b[r].line);
        EXPECT_EQ(a[r].level, b[r].level);
      }
    }
  }
}

TEST_P(CaretProperties, CaretsAreMonotonicInsideEachRun) {
  const Case& c = GetParam();
  const Layout layout = lay(c.text, c.direction, c.width, c.align);
  for (uint32_t k = 0; k < layout.lines.size(); ++k) {
    const auto stops = stops_of(layout, c.text, k);
    for (const satr::Run& run : layout.runs_of(layout.lines[k])) {
      std::vector<float> xs;
      for (const uint32_t stop : stops) {
        if (stop <= run.range.start || stop >= run.range.end) continue;
        const Caret cr = caret(layout, c.text, stop);
        EXPECT_FALSE(cr.secondary) << "inside a run there is one caret, stop " << stop;
        EXPECT_EQ(cr.primary.level, run.level);
        xs.push_back(cr.primary.x);
      }
      for (std::size_t i = 1; i < xs.size(); ++i) {
        if (run.is_rtl()) {
          EXPECT_LE(xs[i], xs[i - 1] + kEps) << c.name << " run at " << run.range.start;
        } else {
          EXPECT_GE(xs[i], xs[i - 1] - kEps) << c.name << " run at " << run.range.start;
        }
      }
      if (xs.size() >= 2) EXPECT_NE(xs.front(), xs.back());
    }
  }
}

TEST_P(CaretProperties, HitTestRoundTripsThroughCaret) {
  const Case& c = GetParam();
  const Layout layout = lay(c.text, c.direction, c.width, c.align);
  int checked = 0;
  for (uint32_t k = 0; k < layout.lines.size(); ++k) {
    const Line& line = layout.lines[k];
    const float y = line.top + line.height / 2;
    const bool wraps = !is_paragraph_last(layout, k) && k + 1 < layout.lines.size();
    for (float x = line.x - 10; x <= line.x + line.width + 10; x += 0.5f) {
      const HitTestResult hit = hit_test(layout, c.text, x, y);
      ASSERT_EQ(hit.line, k);
      EXPECT_EQ(hit.inside, !line.range.empty() &&
                                content_end(layout, c.text, k) > line.range.start && x >= line.x &&
                                x <= line.x + line.width)
          << x;
      if (line.range.empty() || hit.grapheme.empty()) continue;
      EXPECT_EQ(hit.offset == hit.grapheme.end,
                hit.trailing && !(wraps && hit.grapheme.end == line.range.end));
      if (wraps && hit.trailing && hit.grapheme.end == line.range.end) {
        // The end of a wrapped line belongs to the next line: the caret stays on this one.
        EXPECT_EQ(hit.offset, hit.grapheme.start);
        continue;
      }
      const float clamped = std::clamp(x, line.x, line.x + line.width);
      const Caret cr = caret(layout, c.text, hit.offset);
      EXPECT_EQ(cr.line, k);
      float distance = std::abs(cr.primary.x - clamped);
      if (cr.secondary) distance = std::min(distance, std::abs(cr.secondary->x - clamped));
      EXPECT_LE(distance, half_share(layout, c.text, k, hit.grapheme.start) + kEps)
          << c.name << " x " << x << " offset " << hit.offset;
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
}

TEST_P(CaretProperties, MoveVisuallyVisitsEveryStopOfALineOnce) {
  const Case& c = GetParam();
  const Layout layout = lay(c.text, c.direction, c.width, c.align);
  for (uint32_t k = 0; k < layout.lines.size(); ++k) {
    const auto stops = stops_of(layout, c.text, k);
    const auto on_line = [&](uint32_t offset) { return caret(layout, c.text, offset).line == k; };
    // Find the leftmost stop: walk left until the caret leaves the line or stops moving.
    uint32_t at = layout.lines[k].range.start;
    for (int guard = 0; guard < 10000; ++guard) {
      const uint32_t next = move_visually(layout, c.text, at, -1);
      if (next == at || !on_line(next)) break;
      at = next;
    }
    for (const int direction : {+1, -1}) {
      std::vector<uint32_t> walk = {at};
      float previous_x = caret(layout, c.text, at).primary.x;
      for (int guard = 0; guard < 10000; ++guard) {
        const uint32_t next = move_visually(layout, c.text, at, direction);
        if (next == at || !on_line(next)) break;
        const float x = caret(layout, c.text, next).primary.x;
        if (direction > 0) {
          EXPECT_GE(x, previous_x - kEps) << c.name << " moving right to " << next;
        } else {
          EXPECT_LE(x, previous_x + kEps) << c.name << " moving left to " << next;
        }
        previous_x = x;
        walk.push_back(next);
        at = next;
      }
      std::vector<uint32_t> sorted = walk;
      std::sort(sorted.begin(), sorted.end());
      EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end())
          << c.name << " line " << k << ": a stop visited twice";
      EXPECT_EQ(sorted, stops) << c.name << " line " << k << " direction " << direction;
    }
  }
}

TEST_P(CaretProperties, ForwardWalkVisitsEveryStopOfTheText) {
  const Case& c = GetParam();
  const Layout layout = lay(c.text, c.direction, c.width, c.align);
  std::vector<uint32_t> all;
  for (uint32_t k = 0; k < layout.lines.size(); ++k) {
    const auto stops = stops_of(layout, c.text, k);
    all.insert(all.end(), stops.begin(), stops.end());
  }
  // Forward is right in a left-to-right paragraph and left in a right-to-left one.
  uint32_t at = 0;
  std::vector<uint32_t> walk = {at};
  for (int guard = 0; guard < 10000; ++guard) {
    const uint32_t line = caret(layout, c.text, at).line;
    const int forward = base_level(layout, line) & 1 ? -1 : +1;
    const uint32_t next = move_visually(layout, c.text, at, forward);
    if (next == at) break;
    walk.push_back(next);
    at = next;
  }
  std::sort(walk.begin(), walk.end());
  EXPECT_EQ(walk, all) << c.name;
}

TEST_P(CaretProperties, WholeLineSelectionCoversEveryAdvance) {
  const Case& c = GetParam();
  const Layout layout = lay(c.text, c.direction, c.width, c.align);
  for (uint32_t k = 0; k < layout.lines.size(); ++k) {
    const Line& line = layout.lines[k];
    const auto rects = selection_rects(layout, c.text, line.range.start, line.range.end);
    float total = 0;
    for (const SelectionRect& r : rects) {
      EXPECT_EQ(r.line, k);
      EXPECT_FLOAT_EQ(r.y, line.top);
      EXPECT_FLOAT_EQ(r.height, line.height);
      EXPECT_GT(r.width, 0);
      total += r.width;
    }
    EXPECT_NEAR(total, advances_in(layout, k, 0, UINT32_MAX), 0.05) << c.name << " line " << k;
    for (std::size_t i = 1; i < rects.size(); ++i) {
      EXPECT_GE(rects[i].x, rects[i - 1].x + rects[i - 1].width - kEps) << "sorted, disjoint";
      // Adjacent rectangles are only split where the direction changes.
      if (std::abs(rects[i].x - rects[i - 1].x - rects[i - 1].width) < kEps)
        EXPECT_NE(rects[i].level, rects[i - 1].level);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Texts, CaretProperties, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

// ---- Exact expectations. ----

uint32_t at(const std::string& text, const char* needle, std::size_t from = 0) {
  const auto found = text.find(needle, from);
  EXPECT_NE(found, std::string::npos) << needle;
  return static_cast<uint32_t>(found);
}

// A horizontal extent in px.
struct Box {
  float left;
  float right;
};
// Pen extent of the first glyph (in visual order) of the cluster at `byte`.
Box box_of(const Layout& layout, uint32_t byte) {
  for (const Line& line : layout.lines) {
    double pen = line.x;
    for (const satr::Run& run : layout.runs_of(line))
      for (const Glyph& g : layout.glyphs_of(run)) {
        if (g.cluster == byte)
          return {static_cast<float>(pen), static_cast<float>(pen + g.advance)};
        pen += g.advance;
      }
  }
  ADD_FAILURE() << "no glyph for cluster " << byte;
  return {0, 0};
}

TEST(Caret, MixedRtlLine) {
  const std::string text = "كتب Hello World في 12 يونيو";
  const Layout layout = lay(text, Direction::RightToLeft);
  ASSERT_EQ(layout.lines.size(), 1u);
  const Line& line = layout.lines[0];

  // The start of an RTL line whose first word is Arabic: one caret at the right edge.
  Caret c = caret(layout, text, 0);
  EXPECT_FALSE(c.secondary);
  EXPECT_NEAR(c.primary.x, line.x + line.width, kEps);
  EXPECT_TRUE(c.primary.is_rtl());

  // Before "Hello": the Arabic text ends at the space's left edge (primary, where Arabic
  // typing continues); English typed here goes at the left of "Hello" (secondary).
  const uint32_t hello = at(text, "Hello");
  c = caret(layout, text, hello);
  ASSERT_TRUE(c.secondary);
  EXPECT_NEAR(c.primary.x, box_of(layout, hello - 1).left, kEps);
  EXPECT_TRUE(c.primary.is_rtl());
  EXPECT_NEAR(c.secondary->x, box_of(layout, hello).left, kEps);
  EXPECT_FALSE(c.secondary->is_rtl());
  EXPECT_EQ(c.secondary->level, 2);

  // Inside "Hello" carets move right with the offset; inside "كتب" they move left.
  EXPECT_NEAR(caret(layout, text, hello + 1).primary.x, box_of(layout, hello).right, kEps);
  EXPECT_LT(caret(layout, text, 4).primary.x, caret(layout, text, 2).primary.x);

  // The number is a direction boundary on both sides.
  const uint32_t twelve = at(text, "12");
  EXPECT_TRUE(caret(layout, text, twelve).secondary);
  EXPECT_FALSE(caret(layout, text, twelve + 1).secondary);
  EXPECT_TRUE(caret(layout, text, twelve + 2).secondary);

  // The end of the line: one caret at the left edge.
  c = caret(layout, text, static_cast<uint32_t>(text.size()));
  EXPECT_FALSE(c.secondary);
  EXPECT_NEAR(c.primary.x, line.x, kEps);
}

TEST(Caret, LevelsOfOneDirectionMeetingGiveOneCaret) {
  // Arabic-Indic digits after a Latin letter are level 2 in an LTR paragraph (UAX #9 W2
  // leaves them AN, I2 raises them by two), drawn right after the letter: one caret.
  const std::string text = "abc\u0661\u0662 x";
  const Layout layout = lay(text, Direction::LeftToRight);
  const Caret c = caret(layout, text, 3);
  EXPECT_EQ(level_at(layout, 0, 3), 2);
  EXPECT_FALSE(c.secondary);
  EXPECT_NEAR(c.primary.x, box_of(layout, 3).left, kEps);
}

TEST(Caret, LtrParagraphEndingInArabic) {
  // At the end, English typed continues at the line's right edge (primary); the last Arabic
  // letter's trailing edge is the left edge of the Arabic word (secondary).
  const std::string text = "The word is مرحبا";
  const Layout layout = lay(text, Direction::LeftToRight);
  const Line& line = layout.lines[0];
  const Caret c = caret(layout, text, static_cast<uint32_t>(text.size()));
  ASSERT_TRUE(c.secondary);
  EXPECT_NEAR(c.primary.x, line.x + line.width, kEps);
  EXPECT_FALSE(c.primary.is_rtl());
  EXPECT_NEAR(c.secondary->x, box_of(layout, at(text, "ا")).left, kEps);
  EXPECT_TRUE(c.secondary->is_rtl());
}

TEST(MoveVisually, CrossesDirectionChangesOnScreen) {
  const std::string text = "كتب Hello";
  const Layout layout = lay(text, Direction::RightToLeft);
  // Screen, left to right: "Hello", space, "كتب". In the RTL run moving right goes to the
  // logically previous grapheme; in the LTR run to the logically next one.
  EXPECT_EQ(move_visually(layout, text, 4, +1), 2u);
  EXPECT_EQ(move_visually(layout, text, 2, +1), 0u);
  EXPECT_EQ(move_visually(layout, text, 0, +1), 0u) << "the right edge of the only line";
  const uint32_t hello = at(text, "Hello");
  EXPECT_EQ(move_visually(layout, text, hello + 1, +1), hello + 2u);
  // From the right end of "Hello" (the text's end is at the line's left edge, so the right
  // of "o" is the primary caret of the offset before "H") moving right crosses the space.
  const uint32_t end = static_cast<uint32_t>(text.size());
  EXPECT_NEAR(caret(layout, text, end).primary.x, layout.lines[0].x, kEps);
  EXPECT_EQ(move_visually(layout, text, end - 1, +1), hello);
  EXPECT_EQ(move_visually(layout, text, hello, +1), hello - 1);
  EXPECT_EQ(move_visually(layout, text, end, -1), end) << "the left edge of the only line";
  EXPECT_EQ(move_visually(layout, text, end, +1), hello + 1u);
}

TEST(MoveVisually, CrossesLines) {
  const std::string text = "كلمة كلمة كلمة كلمة كلمة كلمة كلمة كلمة";
  const Layout layout = lay(text, Direction::Auto, 200);
  ASSERT_GT(layout.lines.size(), 1u);
  const Line& first = layout.lines[0];
  const Line& second = layout.lines[1];
  // Leaving line 0 at its left edge (its logical end in an RTL paragraph) enters line 1 at
  // its start, the right edge.
  const uint32_t before_space = first.range.end - 1;
  EXPECT_EQ(move_visually(layout, text, before_space, -1), second.range.start);
  const Caret entered = caret(layout, text, second.range.start);
  EXPECT_EQ(entered.line, 1u);
  EXPECT_NEAR(entered.primary.x, second.x + second.width, kEps);
  // And back: right from the start of line 1 goes to line 0's last stop.
  EXPECT_EQ(move_visually(layout, text, second.range.start, +1), before_space);
  EXPECT_EQ(caret(layout, text, before_space).line, 0u);
}

// Pen extent of the glyphs whose cluster is in [start, end) on the first line.
Box span_of(const Layout& layout, uint32_t start, uint32_t end) {
  Box box{INFINITY, -INFINITY};
  const Line& line = layout.lines[0];
  double pen = line.x;
  for (const satr::Run& run : layout.runs_of(line))
    for (const Glyph& g : layout.glyphs_of(run)) {
      if (g.cluster >= start && g.cluster < end) {
        box.left = std::min(box.left, static_cast<float>(pen));
        box.right = std::max(box.right, static_cast<float>(pen + g.advance));
      }
      pen += g.advance;
    }
  return box;
}

TEST(HitTest, LigatureHalves) {
  // Lam-alef takes one advance for two letters (Noto Naskh Arabic draws it with the lam's
  // glyph and an empty alef glyph; other fonts with one ligature glyph): each letter gets
  // half of it, the lam (logically first) on the right in this RTL word.
  const std::string text = "سلام";
  const Layout layout = lay(text);
  const uint32_t lam = at(text, "ل");
  const uint32_t alef = at(text, "ا");
  const uint32_t meem = at(text, "م");
  ASSERT_NEAR(span_of(layout, alef, meem).right - span_of(layout, alef, meem).left, 0, kEps)
      << "expected the alef to take no advance of its own";
  const Box lig = span_of(layout, lam, meem);
  ASSERT_GT(lig.right - lig.left, 1);
  const float mid = (lig.left + lig.right) / 2;
  const float quarter = (lig.right - lig.left) / 4;
  EXPECT_NEAR(caret(layout, text, lam).primary.x, lig.right, kEps);
  EXPECT_NEAR(caret(layout, text, alef).primary.x, mid, kEps);
  EXPECT_NEAR(caret(layout, text, meem).primary.x, lig.left, kEps);

  const float y = layout.lines[0].top + layout.lines[0].height / 2;
  struct Expect {
    float x;
    uint32_t grapheme;
    bool trailing;
    uint32_t offset;
  };
  for (const Expect& e :
       {Expect{lig.right - quarter / 2, lam, false, lam},
        Expect{mid + quarter / 2, lam, true, alef}, Expect{mid - quarter / 2, alef, false, alef},
        Expect{lig.left + quarter / 2, alef, true, meem}}) {
    const HitTestResult hit = hit_test(layout, text, e.x, y);
    EXPECT_EQ(hit.grapheme.start, e.grapheme) << e.x;
    EXPECT_EQ(hit.trailing, e.trailing) << e.x;
    EXPECT_EQ(hit.offset, e.offset) << e.x;
    EXPECT_TRUE(hit.inside);
  }
  // Selecting only the alef covers the left half of the ligature.
  const auto rects = selection_rects(layout, text, alef, meem);
  ASSERT_EQ(rects.size(), 1u);
  EXPECT_NEAR(rects[0].x, lig.left, kEps);
  EXPECT_NEAR(rects[0].width, (lig.right - lig.left) / 2, kEps);
  EXPECT_TRUE(rects[0].is_rtl());
  // Moving through the ligature stops between its letters.
  EXPECT_EQ(move_visually(layout, text, lam, -1), alef);
  EXPECT_EQ(move_visually(layout, text, alef, -1), meem);
}

TEST(HitTest, ClampsToLinesAndEnds) {
  const std::string text = "Hello\nمرحبا";
  const Layout layout = lay(text);
  ASSERT_EQ(layout.lines.size(), 2u);
  const Line& ltr = layout.lines[0];
  const Line& rtl = layout.lines[1];
  // Above the first line, far left: the start of "Hello".
  HitTestResult hit = hit_test(layout, text, -100, -100);
  EXPECT_EQ(hit.line, 0u);
  EXPECT_EQ(hit.offset, 0u);
  EXPECT_FALSE(hit.trailing);
  EXPECT_FALSE(hit.inside);
  // Far right of the LTR line: its end, before the newline.
  hit = hit_test(layout, text, 10000, ltr.top + 1);
  EXPECT_EQ(hit.offset, 5u);
  EXPECT_TRUE(hit.trailing);
  // Below everything, far left of the RTL line: its logical end.
  hit = hit_test(layout, text, -100, 10000);
  EXPECT_EQ(hit.line, 1u);
  EXPECT_EQ(hit.offset, text.size());
  EXPECT_TRUE(hit.trailing);
  // Far right of the RTL line: its start.
  hit = hit_test(layout, text, 10000, rtl.top + 1);
  EXPECT_EQ(hit.offset, 6u);
  EXPECT_FALSE(hit.trailing);
  EXPECT_FALSE(hit.inside);
}

TEST(HitTest, PastTheEndOfAWrappedLineStaysOnIt) {
  const std::string text = "Hello world again and again";
  const Layout layout = lay(text, Direction::LeftToRight, 120);
  ASSERT_GT(layout.lines.size(), 1u);
  const Line& line = layout.lines[0];
  ASSERT_EQ(text[line.range.end - 1], ' ');
  const HitTestResult hit = hit_test(layout, text, 10000, line.top + 1);
  EXPECT_EQ(hit.line, 0u);
  EXPECT_EQ(hit.grapheme, (Range{line.range.end - 1, line.range.end}));
  EXPECT_TRUE(hit.trailing);
  EXPECT_EQ(hit.offset, line.range.end - 1) << "before the trailing space, not the next line";
  EXPECT_EQ(caret(layout, text, hit.offset).line, 0u);
  EXPECT_EQ(caret(layout, text, line.range.end).line, 1u);
}

TEST(Selection, OneRectForOneDirectionSeveralForMixed) {
  const std::string text = "كتب Hello World في 12 يونيو";
  const Layout layout = lay(text, Direction::RightToLeft);
  const auto width_of = [&](uint32_t s, uint32_t e) { return advances_in(layout, 0, s, e); };
  const auto total = [](const std::vector<SelectionRect>& rects) {
    float sum = 0;
    for (const auto& r : rects) sum += r.width;
    return sum;
  };

  // Inside the English words.
  const uint32_t hello = at(text, "Hello");
  auto rects = selection_rects(layout, text, hello, hello + 11);
  ASSERT_EQ(rects.size(), 1u);
  EXPECT_NEAR(rects[0].x, box_of(layout, hello).left, kEps);
  EXPECT_NEAR(rects[0].width, width_of(hello, hello + 11), 0.01);
  EXPECT_FALSE(rects[0].is_rtl());
  // Reversed ends select the same.
  EXPECT_EQ(selection_rects(layout, text, hello + 11, hello).size(), 1u);

  // Inside the Arabic word "يونيو".
  const uint32_t june = at(text, "يونيو");
  rects = selection_rects(layout, text, june, static_cast<uint32_t>(text.size()));
  ASSERT_EQ(rects.size(), 1u);
  EXPECT_TRUE(rects[0].is_rtl());

  // "World في 12": three pieces on screen, left to right "12", " في ", "World".
  const uint32_t world = at(text, "World");
  const uint32_t after_twelve = at(text, "12") + 2;
  rects = selection_rects(layout, text, world, after_twelve);
  ASSERT_EQ(rects.size(), 3u);
  EXPECT_EQ(rects[0].level, 2);
  EXPECT_EQ(rects[1].level, 1);
  EXPECT_EQ(rects[2].level, 2);
  EXPECT_NEAR(rects[0].x, box_of(layout, at(text, "12")).left, kEps);
  EXPECT_NEAR(rects[2].x, box_of(layout, world).left, kEps);
  EXPECT_NEAR(total(rects), width_of(world, after_twelve), 0.01);
  // Not adjacent to "World": "Hello " lies between.
  EXPECT_GT(rects[2].x, rects[1].x + rects[1].width + 1);

  // Crossing from Arabic into English: "كتب Hello" is two adjacent pieces of two levels.
  rects = selection_rects(layout, text, 0, hello + 5);
  ASSERT_EQ(rects.size(), 2u);
  EXPECT_NEAR(total(rects), width_of(0, hello + 5), 0.01);

  EXPECT_TRUE(selection_rects(layout, text, 4, 4).empty());
}

TEST(Selection, SpansLines) {
  const std::string text = "Hello world again and again\nمرحبا بالعالم";
  const Layout layout = lay(text, Direction::Auto, 120);
  ASSERT_GE(layout.lines.size(), 3u);
  const auto rects = selection_rects(layout, text, 2, static_cast<uint32_t>(text.size()));
  std::set<uint32_t> lines;
  float total = 0;
  for (const auto& r : rects) {
    lines.insert(r.line);
    total += r.width;
  }
  EXPECT_EQ(lines.size(), layout.lines.size());
  float expected = 0;
  for (uint32_t k = 0; k < layout.lines.size(); ++k)
    expected += advances_in(layout, k, 2, UINT32_MAX);
  EXPECT_NEAR(total, expected, 0.05);
}

TEST(Caret, EmptyTextAndEmptyLines) {
  const Layout empty = lay("");
  const Caret c = caret(empty, "", 0);
  EXPECT_EQ(c.offset, 0u);
  EXPECT_FALSE(c.secondary);
  EXPECT_EQ(hit_test(empty, "", 5, 5).offset, 0u);
  EXPECT_FALSE(hit_test(empty, "", 5, 5).inside);
  EXPECT_EQ(move_visually(empty, "", 0, +1), 0u);
  EXPECT_TRUE(selection_rects(empty, "", 0, 0).empty());
  EXPECT_THROW((void)caret(empty, "", 1), Error);

  // An empty paragraph between two others has one stop, at its line's start.
  const std::string text = "ab\n\ncd";
  const Layout layout = lay(text);
  ASSERT_EQ(layout.lines.size(), 3u);
  const Caret middle = caret(layout, text, 3);
  EXPECT_EQ(middle.line, 1u);
  EXPECT_FALSE(middle.secondary);
  EXPECT_NEAR(middle.primary.x, layout.lines[1].x, kEps);
  EXPECT_EQ(middle.primary.top, layout.lines[1].top);
  const HitTestResult hit = hit_test(layout, text, 50, layout.lines[1].top + 1);
  EXPECT_EQ(hit.line, 1u);
  EXPECT_EQ(hit.offset, 3u);
  EXPECT_EQ(move_visually(layout, text, 2, +1), 3u);
  EXPECT_EQ(move_visually(layout, text, 3, +1), 4u);
  EXPECT_EQ(move_visually(layout, text, 4, -1), 3u);
  EXPECT_EQ(move_visually(layout, text, 3, -1), 2u);
}

TEST(Caret, SeparatorsAndTheOffsetAfterTheLastOne) {
  const std::string text = "abc\r\nمرحبا\n";
  const Layout layout = lay(text);
  ASSERT_EQ(layout.lines.size(), 2u);
  // Between CR and LF: one grapheme, so the stop before it.
  EXPECT_EQ(caret(layout, text, 4).offset, 3u);
  EXPECT_EQ(caret(layout, text, 4).line, 0u);
  // After the final newline: the end of the last line.
  const Caret end = caret(layout, text, static_cast<uint32_t>(text.size()));
  EXPECT_EQ(end.offset, text.size() - 1);
  EXPECT_EQ(end.line, 1u);
  EXPECT_NEAR(end.primary.x, layout.lines[1].x, kEps);
}

TEST(Caret, OffsetsInsideGraphemesMoveToTheirStart) {
  const std::string text = "كَتَبَ";  // letters with marks: three graphemes of four bytes
  const Layout layout = lay(text);
  EXPECT_EQ(caret(layout, text, 2).offset, 0u);
  EXPECT_EQ(caret(layout, text, 6).offset, 4u);
  EXPECT_EQ(move_visually(layout, text, 0, -1), 4u);
  EXPECT_EQ(move_visually(layout, text, 4, -1), 8u);
  const auto rects = selection_rects(layout, text, 0, 4);
  ASSERT_EQ(rects.size(), 1u);
  EXPECT_NEAR(rects[0].width, advances_in(layout, 0, 0, 4), 0.01);
}

TEST(Caret, TruncatedLayoutKeepsCaretsBeforeTheEllipsis) {
  const std::string text = "Hello world, this text is far too long to fit";
  ParagraphStyle style;
  style.width = 150;
  style.max_lines = 1;
  const Layout layout = layout_text(text, bundled(), style);
  ASSERT_TRUE(layout.truncated);
  ASSERT_EQ(layout.lines.size(), 1u);
  const Line& line = layout.lines[0];
  const uint32_t cut = line.range.end;
  const Caret at_cut = caret(layout, text, cut);
  EXPECT_EQ(at_cut.offset, cut);
  EXPECT_FALSE(at_cut.secondary);
  // The ellipsis is the last glyph; the caret at the cut is at its left.
  const auto glyphs = layout.glyphs_of(layout.runs_of(line).back());
  EXPECT_NEAR(at_cut.primary.x, glyphs.back().x, 0.5);
  EXPECT_LT(at_cut.primary.x, line.x + line.width - 1);
  // Offsets in the cut text are the cut.
  EXPECT_EQ(caret(layout, text, static_cast<uint32_t>(text.size())).offset, cut);
  EXPECT_EQ(hit_test(layout, text, 10000, 1).offset, cut);
  EXPECT_EQ(move_visually(layout, text, cut, +1), cut);
}

TEST(Caret, Errors) {
  const std::string text = "مرحبا World";
  const Layout layout = lay(text);
  const auto expect_error = [](auto&& call, std::size_t offset) {
    try {
      call();
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
      EXPECT_EQ(e.byte_offset(), offset) << e.what();
    }
  };
  const auto n = static_cast<uint32_t>(text.size());
  expect_error([&] { (void)caret(layout, text, n + 1); }, n + 1);
  expect_error([&] { (void)caret(layout, text, 1); }, 1);  // inside the two bytes of م
  expect_error([&] { (void)move_visually(layout, text, 3, +1); }, 3);
  expect_error([&] { (void)selection_rects(layout, text, 0, 5); }, 5);
  expect_error([&] { (void)selection_rects(layout, text, 0, n + 7); }, n + 7);
  expect_error([&] { (void)move_visually(layout, text, 0, 0); }, kNoOffset);
  expect_error([&] { (void)move_visually(layout, text, 0, 2); }, kNoOffset);
  // A text that is not the laid-out one.
  expect_error([&] { (void)caret(layout, "short", 0); }, kNoOffset);
  expect_error([&] { (void)hit_test(layout, text + " more", 0, 0); }, kNoOffset);
  expect_error([&] { (void)caret(lay(""), "x", 0); }, kNoOffset);
}

}  // namespace
}  // namespace satr
