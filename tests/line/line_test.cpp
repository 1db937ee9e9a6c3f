// Line breaking alone: the greedy and total-fit breakers on invented widths through
// MeasuredText (no font involved), and on the article's real ones.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "line/line_breaker.hpp"
#include "stage_support.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"

namespace satr {
namespace {

using detail::LineSpan;
using testing::read_text;

// A made-up paragraph from a pattern: one character per unit, 'a'..'z' a letter of width
// 10, ' ' a space of width 5 after which a line may break, '|' a mandatory break before
// the next unit (a zero-width unit), 'm' a 10-wide mark that extends the grapheme before it.
struct Invented {
  std::vector<double> prefix_width{0};
  std::vector<uint8_t> flags;
  std::vector<uint8_t> breaks;

  explicit Invented(const std::string& pattern) {
    const std::size_t n = pattern.size();
    flags.assign(n + 1, detail::kGraphemeStart);
    breaks.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const char c = pattern[i];
      prefix_width.push_back(prefix_width.back() + (c == ' ' ? 5 : c == '|' ? 0 : 10));
      if (c == ' ') {
        flags[i] |= detail::kWhitespace;
        if (i + 1 <= n) breaks[i + 1] |= detail::kBreakBefore;
      }
      if (c == '|' && i + 1 < n) breaks[i + 1] |= detail::kBreakBefore | detail::kMandatoryBefore;
      if (c == 'm') flags[i] &= static_cast<uint8_t>(~detail::kGraphemeStart);
    }
    breaks[n] |= detail::kBreakBefore;
  }
  detail::MeasuredText measured() const { return {prefix_width, flags, breaks, {}}; }
};

std::vector<std::pair<uint32_t, uint32_t>> spans(const std::vector<LineSpan>& lines) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const LineSpan& line : lines) out.emplace_back(line.start, line.end);
  return out;
}

using Spans = std::vector<std::pair<uint32_t, uint32_t>>;

TEST(GreedyBreaker, FillsEachLineWithWhatFits) {
  // "aaa bbb ccc": words of 30, spaces of 5. At 70 two words fit (30 + 5 + 30, the
  // trailing space hangs), at 64 one.
  const Invented text("aaa bbb ccc");
  EXPECT_EQ(spans(detail::break_lines_greedy(text.measured(), 70)), (Spans{{0, 8}, {8, 11}}));
  EXPECT_EQ(spans(detail::break_lines_greedy(text.measured(), 64)),
            (Spans{{0, 4}, {4, 8}, {8, 11}}));
  EXPECT_EQ(spans(detail::break_lines_greedy(text.measured(), 0)), (Spans{{0, 11}}));
}

TEST(GreedyBreaker, MandatoryBreaksEndLinesWhateverTheWidth) {
  const Invented text("aa|bb");
  EXPECT_EQ(spans(detail::break_lines_greedy(text.measured(), 1000)), (Spans{{0, 3}, {3, 5}}));
  EXPECT_EQ(spans(detail::break_lines_greedy(text.measured(), 0)), (Spans{{0, 3}, {3, 5}}));
}

TEST(GreedyBreaker, AWordWiderThanTheLineBreaksAtGraphemesNeverInside) {
  // "aamaa": the mark joins the second a; at 25 px the word breaks at grapheme
  // boundaries, never between a letter and its mark, and every line holds at least one.
  const Invented text("aamaa");
  EXPECT_EQ(spans(detail::break_lines_greedy(text.measured(), 25)),
            (Spans{{0, 1}, {1, 3}, {3, 5}}));
  EXPECT_EQ(spans(detail::break_lines_greedy(text.measured(), 1)),
            (Spans{{0, 1}, {1, 3}, {3, 4}, {4, 5}}));
}

TEST(GreedyBreaker, EmptyParagraphIsOneEmptyLine) {
  const Invented text("");
  EXPECT_EQ(spans(detail::break_lines_greedy(text.measured(), 100)), (Spans{{0, 0}}));
}

TEST(GreedyBreaker, ExactWidthOfACutWordIsAskedAndHonoured) {
  // The prefix sums say three letters fit in 30 px; the exact measure says a cut line is
  // 5 px wider (reshaped ends), so only two do.
  const Invented text("aaaaaa");
  const auto exact = [&](uint32_t start, uint32_t end) {
    return text.prefix_width[end] - text.prefix_width[start] + 5.0;
  };
  detail::MeasuredText measured = text.measured();
  measured.exact_line_width = exact;
  EXPECT_EQ(spans(detail::break_lines_greedy(measured, 30)), (Spans{{0, 2}, {2, 4}, {4, 6}}));
}

// The cut a breaker that gives back one grapheme at a time would choose: the reference the
// bounded search must agree with when reshaped widths grow with the cut.
Spans cut_one_at_a_time(const Invented& text, double max_width, double final_extra) {
  Spans lines;
  const uint32_t n = static_cast<uint32_t>(text.prefix_width.size() - 1);
  for (uint32_t start = 0; start < n;) {
    uint32_t end = start + 1;
    while (end < n && text.prefix_width[end + 1] - text.prefix_width[start] <= max_width) ++end;
    // The rest of the word ends the paragraph: not a cut, so nothing is reshaped.
    const bool rest_fits = end == n && text.prefix_width[n] - text.prefix_width[start] <= max_width;
    while (!rest_fits && end > start + 1 &&
           text.prefix_width[end] - text.prefix_width[start] + final_extra > max_width) {
      --end;
    }
    lines.emplace_back(start, end);
    start = end;
  }
  return lines;
}

TEST(GreedyBreaker, CutsOfAWordWithHugeFinalFormsTakeFewReshapes) {
  // A font whose final forms are far wider than the line: the prefix widths say 20
  // letters fit, every reshaped cut overflows but the one-letter one. Giving back one
  // letter at a time reshapes each line ~20 times; the search may reshape a few times
  // per line, and must cut where giving back would.
  const Invented text(std::string(400, 'a'));
  for (const double final_extra : {0.0, 5.0, 35.0, 150.0, 1e6}) {
    int calls = 0;
    const auto exact = [&](uint32_t start, uint32_t end) {
      ++calls;
      return text.prefix_width[end] - text.prefix_width[start] + final_extra;
    };
    detail::MeasuredText measured = text.measured();
    measured.exact_line_width = exact;
    const Spans lines = spans(detail::break_lines_greedy(measured, 200));
    EXPECT_EQ(lines, cut_one_at_a_time(text, 200, final_extra)) << final_extra;
    // Two tries at the prefix cut, then doubling steps and bisection over 20 letters.
    EXPECT_LE(calls, static_cast<int>(lines.size()) * 12) << final_extra;
  }
}

TEST(OptimalBreaker, EvensOutLinesWhereGreedyLeavesOneShort) {
  // Words of 30, 20, 20 and 50 at 60 px. Greedy fills the first line (30 + 5 + 20, slack
  // 5) and leaves the second with one word (slack 40): 25 + 1600. Total fit moves a word
  // down: slack 30 and 15, 900 + 225.
  const Invented text("aaa bb cc ddddd");
  const double width = 60;
  const auto greedy = detail::break_lines_greedy(text.measured(), width);
  const auto optimal = detail::break_lines_optimal(text.measured(), width, {});
  EXPECT_EQ(spans(greedy), (Spans{{0, 7}, {7, 10}, {10, 15}}));
  EXPECT_EQ(spans(optimal), (Spans{{0, 4}, {4, 10}, {10, 15}}));
  EXPECT_EQ(detail::sum_squared_slack(text.measured(), width, greedy), 1625);
  EXPECT_EQ(detail::sum_squared_slack(text.measured(), width, optimal), 1125);
}

TEST(OptimalBreaker, FallsBackToGreedyWhenAWordIsWiderThanTheLine) {
  const Invented text("aaaaaaaa bb");
  EXPECT_EQ(spans(detail::break_lines_optimal(text.measured(), 30, {})),
            spans(detail::break_lines_greedy(text.measured(), 30)));
}

TEST(OptimalBreaker, NoLineCrossesAMandatoryBreak) {
  const Invented text("aa bb|cc dd");
  const auto lines = detail::break_lines_optimal(text.measured(), 1000, {});
  EXPECT_EQ(spans(lines), (Spans{{0, 6}, {6, 11}}));
}

TEST(OptimalBreaker, StretchPointsShareTheSlackWhenJustifying) {
  // Words of 20, 20, 20 and 40 at 50 px: [aa][bb cc][dddd] and [aa bb][cc][dddd] both
  // cost 900 + 25 by squared slack. Justifying, a line's cost is divided by its stretch
  // points: 100 of them in the first word make the first way cheap (9 + 25 against
  // 0.25 + 900), 100 in the third word the second (34 against 900.25).
  const Invented text("aa bb cc dddd");
  const auto break_with_stretch_at = [&](uint32_t unit) {
    std::vector<uint32_t> stretch(text.prefix_width.size(), 0);
    for (std::size_t i = unit + 1; i < stretch.size(); ++i) stretch[i] = 100;
    detail::LineCostModel model;
    model.justify = true;
    model.prefix_stretch = stretch;
    return spans(detail::break_lines_optimal(text.measured(), 50, model));
  };
  EXPECT_EQ(break_with_stretch_at(0), (Spans{{0, 3}, {3, 9}, {9, 13}}));
  EXPECT_EQ(break_with_stretch_at(6), (Spans{{0, 6}, {6, 9}, {9, 13}}));
}

TEST(OptimalBreaking, NeverWorseThanGreedyOnTheArticle) {
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  for (float width = 300; width <= 800; width += 100) {
    double greedy_total = 0, optimal_total = 0;
    std::size_t greedy_lines = 0, optimal_lines = 0;
    ParagraphStyle style;
    style.width = width;
    testing::ShapedText shaped(text, style);
    for (const auto& span : detail::split_paragraphs(shaped.decoded().utf16)) {
      shaped.shape(span);
      shaped.find_breaks();
      const detail::ShapedParagraph& p = shaped.paragraph();
      const detail::MeasuredText measured{p.prefix_width, p.flags, p.breaks, {}};
      const auto greedy = detail::break_lines_greedy(measured, width);
      const auto optimal = detail::break_lines_optimal(measured, width, {});
      greedy_total += detail::sum_squared_slack(measured, width, greedy);
      optimal_total += detail::sum_squared_slack(measured, width, optimal);
      greedy_lines += greedy.size();
      optimal_lines += optimal.size();
      for (const auto& line : optimal) EXPECT_LE(measured.trimmed_width(line.start, line.end), width + 1e-3);
    }
    std::printf("width %4.0f: greedy %zu lines, slack² %.0f; optimal %zu lines, slack² %.0f\n",
                width, greedy_lines, greedy_total, optimal_lines, optimal_total);
    EXPECT_LE(optimal_total, greedy_total + 1e-6);
  }
}

}  // namespace
}  // namespace satr
