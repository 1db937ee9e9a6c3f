// Letter and word spacing: where each applies, what it adds, and that marks, joins,
// ligatures, justification and the caches behave with it.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "stage_support.hpp"

namespace satr {
namespace {

using testing::bundled;

// Rounding the px to whole font units: Noto Sans has 1,000 units to the em, so at 32 px a
// unit is 0.032 px and a rounded spacing is within half of that.
constexpr float kUnit = 0.02f;

const FontCollection& sans() {
  static const FontCollection fonts({bundled().fonts()[1]});
  return fonts;
}

std::vector<Glyph> glyphs_of(const Layout& layout) {
  std::vector<Glyph> out;
  for (const Line& line : layout.lines)
    for (const satr::Run& run : layout.runs_of(line))
      for (const Glyph& g : layout.glyphs_of(run)) out.push_back(g);
  return out;
}

Layout spaced(const std::string& text, float letter, float word,
              const FontCollection& fonts = bundled()) {
  ParagraphStyle style;
  style.letter_spacing = letter;
  style.word_spacing = word;
  return layout_text(text, fonts, style);
}

TEST(Spacing, LetterSpacingFollowsEachLatinLetter) {
  const Layout plain = spaced("Typewriter", 0, 0, sans());
  const Layout wide = spaced("Typewriter", 4, 0, sans());
  const auto a = glyphs_of(plain);
  const auto b = glyphs_of(wide);
  ASSERT_EQ(a.size(), 10u);
  ASSERT_EQ(b.size(), a.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].id, b[k].id);
    EXPECT_NEAR(b[k].advance - a[k].advance, 4, kUnit) << k;
    EXPECT_NEAR(b[k].x - a[k].x, 4.0f * k, k * kUnit) << k;
  }
  EXPECT_NEAR(wide.lines[0].width - plain.lines[0].width, 40, 10 * kUnit);
  // Negative spacing tightens by as much.
  const Layout tight = spaced("Typewriter", -1.5f, 0, sans());
  EXPECT_NEAR(plain.lines[0].width - tight.lines[0].width, 15, 10 * kUnit);
  // Tightening past a letter's width stops at no advance: glyphs never run backwards.
  const Layout crushed = spaced("Typewriter words", -200, -200, sans());
  for (const Glyph& g : glyphs_of(crushed)) EXPECT_EQ(g.advance, 0) << g.cluster;
  EXPECT_EQ(crushed.lines[0].width, 0);
}

TEST(Spacing, NoLetterSpacingInsideArabic) {
  // Space between joined letters would break the joins: Arabic keeps every glyph and
  // position, its spaces included, while the Latin word beside it is spaced.
  const std::string text = "سلام عليكم abc";
  const Layout plain = spaced(text, 0, 0);
  const Layout wide = spaced(text, 6, 0);
  std::map<uint32_t, float> plain_advance, wide_advance;
  for (const Glyph& g : glyphs_of(plain)) plain_advance[g.cluster] += g.advance;
  for (const Glyph& g : glyphs_of(wide)) wide_advance[g.cluster] += g.advance;
  ASSERT_EQ(plain_advance.size(), wide_advance.size());
  const std::size_t latin = text.find("abc");
  for (const auto& [cluster, advance] : plain_advance) {
    const float added = wide_advance[cluster] - advance;
    if (cluster >= latin) {
      EXPECT_NEAR(added, 6, kUnit) << cluster;
    } else if (cluster < text.find(" abc")) {
      EXPECT_EQ(added, 0) << cluster;
    }
  }
  EXPECT_EQ(testing::satr_glyphs_by_cluster(plain), testing::satr_glyphs_by_cluster(wide));
}

TEST(Spacing, WordSpacingWidensEverySpaceInEveryScript) {
  const std::string text = "إرجاء محادثات أستانا to next week";
  const Layout plain = spaced(text, 0, 0);
  const Layout wide = spaced(text, 0, 5);
  int spaces = 0;
  const auto a = glyphs_of(plain);
  const auto b = glyphs_of(wide);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    ASSERT_EQ(a[k].cluster, b[k].cluster);
    const bool space = text[a[k].cluster] == ' ';
    spaces += space;
    EXPECT_NEAR(b[k].advance - a[k].advance, space ? 5 : 0, kUnit) << a[k].cluster;
  }
  EXPECT_EQ(spaces, 5);
  EXPECT_NEAR(wide.lines[0].width - plain.lines[0].width, 25, 5 * kUnit);
  // No-break space is a word separator too.
  const Layout nbsp = spaced("a\u00a0b", 0, 5, sans());
  EXPECT_NEAR(nbsp.lines[0].width - spaced("a\u00a0b", 0, 0, sans()).lines[0].width, 5, kUnit);
}

TEST(Spacing, MarksStayOnTheirBase) {
  // The space goes after the cluster's last glyph as drawn: a combining mark keeps its
  // place over its letter, left to right and right to left.
  const auto check = [](const std::string& text, const FontCollection& fonts) {
    SCOPED_TRACE(text);
    const auto a = glyphs_of(spaced(text, 0, 0, fonts));
    const auto b = glyphs_of(spaced(text, 8, 0, fonts));
    ASSERT_EQ(a.size(), b.size());
    int marks = 0;
    for (std::size_t k = 0; k + 1 < a.size(); ++k) {
      if (a[k].cluster != a[k + 1].cluster) continue;
      ++marks;
      EXPECT_NEAR(b[k + 1].x - b[k].x, a[k + 1].x - a[k].x, 1e-3) << k;
    }
    EXPECT_GT(marks, 0);
  };
  check("q\u0307x\u0323q\u0307", sans());
  const FontCollection hebrew(
      {Font::from_file("/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf")});
  check("שָׁלוֹם עוֹלָם", hebrew);
  // And Hebrew, not a joining script, is spaced.
  EXPECT_NEAR(
      spaced("שלום", 3, 0, hebrew).lines[0].width - spaced("שלום", 0, 0, hebrew).lines[0].width, 12,
      4 * kUnit);
}

TEST(Spacing, LetterSpacingTurnsOffOptionalLigatures) {
  // Noto Sans forms f_f_i; spaced, the three letters stand apart (CSS asks for this).
  EXPECT_EQ(glyphs_of(spaced("office", 0, 0, sans())).size(), 4u);
  EXPECT_EQ(glyphs_of(spaced("office", 2, 0, sans())).size(), 6u);
  // Word spacing alone leaves them.
  EXPECT_EQ(glyphs_of(spaced("office", 0, 2, sans())).size(), 4u);
}

TEST(Spacing, SpansSpaceTheirRangeOnly) {
  const std::string text = "abc def";
  StyledSpan span{{0, 3}, {}};
  span.style.letter_spacing = 5;
  const Layout layout = layout_text(text, sans(), {}, {&span, 1});
  const Layout plain = spaced(text, 0, 0, sans());
  const auto a = glyphs_of(plain);
  const auto b = glyphs_of(layout);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k)
    EXPECT_NEAR(b[k].advance - a[k].advance, a[k].cluster < 3 ? 5 : 0, kUnit) << k;
  StyledSpan words{{3, 4}, {}};
  words.style.word_spacing = 7;
  const Layout wide = layout_text(text, sans(), {}, {&words, 1});
  EXPECT_NEAR(wide.lines[0].width - plain.lines[0].width, 7, kUnit);
}

TEST(Spacing, BreaksAndJustificationMeasureTheSpacedText) {
  const std::string text = testing::read_text(testing::source_path("examples/astana.txt"));
  ParagraphStyle style;
  style.width = 600;
  style.align = Align::Justify;
  style.justify = Justify::Spaces;
  const Layout plain = layout_text(text, bundled(), style);
  style.word_spacing = 12;
  const Layout wide = layout_text(text, bundled(), style);
  // Wider spaces take room: more lines, each still flush at both edges.
  EXPECT_GT(wide.lines.size(), plain.lines.size());
  for (std::size_t k = 0; k < wide.lines.size(); ++k) {
    const Line& line = wide.lines[k];
    EXPECT_LE(line.width - 0.5f, 600 + 60) << k;  // Trailing spaces hang past the edge.
    const bool last = k + 1 == wide.lines.size() || wide.lines[k + 1].paragraph != line.paragraph;
    if (last) continue;
    float left = INFINITY, right = -INFINITY;
    for (const satr::Run& run : wide.runs_of(line))
      for (const Glyph& g : wide.glyphs_of(run)) {
        if (text[g.cluster] == ' ' || text[g.cluster] == '\n') continue;
        left = std::min(left, g.x);
        right = std::max(right, g.x + g.advance);
      }
    EXPECT_NEAR(left, 0, 0.5) << k;
    EXPECT_NEAR(right, 600, 0.5) << k;
  }
}

TEST(Spacing, CachesKeepSpacedAndPlainApart) {
  // The paragraph cache is keyed by the spacing too: plain, spaced, plain again in one
  // context give the plain and spaced layouts a fresh context gives.
  const std::string text = "محادثات Astana في 2017";
  Context context;
  ParagraphStyle plain_style;
  ParagraphStyle spaced_style;
  spaced_style.letter_spacing = 3;
  spaced_style.word_spacing = 4;
  const Layout fresh_plain = layout_text(text, bundled(), plain_style);
  const Layout fresh_spaced = layout_text(text, bundled(), spaced_style);
  for (int round = 0; round < 2; ++round) {
    testing::expect_identical(layout_text(text, bundled(), plain_style, &context), fresh_plain,
                              "plain");
    testing::expect_identical(layout_text(text, bundled(), spaced_style, &context), fresh_spaced,
                              "spaced");
  }
  EXPECT_GT(fresh_spaced.lines[0].width, fresh_plain.lines[0].width + 3 * 4);
}

}  // namespace
}  // namespace satr
