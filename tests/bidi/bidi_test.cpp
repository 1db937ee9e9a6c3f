// Focused tests of the bidi layer: resolve_bidi's limits, rule L1 on one line, and L2.

#include "bidi/bidi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <string>
#include <vector>

#include "satr/error.hpp"

namespace {

using Direction = satr::detail::BaseDirection;
using satr::detail::apply_rule_l1;
using satr::detail::BidiLevels;
using satr::detail::is_removed_by_x9;
using satr::detail::reorder_visually;
using satr::detail::resolve_bidi;

std::vector<int32_t> visual_order(const std::vector<uint8_t>& levels) {
  std::vector<int32_t> order(levels.size());
  reorder_visually(levels, order);
  return order;
}

// --- resolve_bidi -----------------------------------------------------------------------

TEST(ResolveBidi, EmptyParagraph) {
  for (Direction d : {Direction::Auto, Direction::LeftToRight, Direction::RightToLeft}) {
    const BidiLevels bidi = resolve_bidi(u"", d);
    EXPECT_TRUE(bidi.levels.empty());
    EXPECT_EQ(bidi.paragraph_level, d == Direction::RightToLeft ? 1 : 0);
  }
}

TEST(ResolveBidi, AutoDirectionUsesFirstStrongCharacter) {
  EXPECT_EQ(resolve_bidi(u"123 \u0627\u0628 abc", Direction::Auto).paragraph_level, 1);
  EXPECT_EQ(resolve_bidi(u"123 abc \u0627\u0628", Direction::Auto).paragraph_level, 0);
  EXPECT_EQ(resolve_bidi(u"123 !?", Direction::Auto).paragraph_level, 0);  // P3 fallback
  // P2 skips isolates: the Arabic inside the LRI…PDI does not count.
  EXPECT_EQ(resolve_bidi(u"\u2066\u0627\u2069 abc", Direction::Auto).paragraph_level, 0);
}

TEST(ResolveBidi, OneLevelPerUtf16Unit) {
  // U+10900 PHOENICIAN LETTER ALF is R and takes two UTF-16 units.
  const std::u16string text = u"a \U00010900\U00010901 b";
  const BidiLevels bidi = resolve_bidi(text, Direction::LeftToRight);
  ASSERT_EQ(bidi.levels.size(), text.size());
  EXPECT_EQ(bidi.levels, (std::vector<uint8_t>{0, 0, 1, 1, 1, 1, 0, 0}));
}

TEST(ResolveBidi, ArabicNumbersInLtrParagraphAreAtLevelTwo) {
  // A paragraph ICU finds unidirectional still gets its resolved levels (I1: AN +2).
  const BidiLevels bidi = resolve_bidi(u"\u0661\u0662", Direction::LeftToRight);
  EXPECT_EQ(bidi.levels, (std::vector<uint8_t>{2, 2}));
}

// Paragraphs of one direction's letters and neutrals take a shortcut past ICU; their levels
// must be ICU's. Each text is resolved again with a mixed second paragraph appended, which
// makes ICU resolve every level (the shortcut never sees a paragraph separator).
TEST(ResolveBidi, OneDirectionShortcutAgreesWithIcu) {
  const std::vector<std::u16string> texts = {
      u"\u0633\u0644\u0627\u0645 \u0639\u0627\u0644\u0645",  // AL and WS
      u"\u0633\u0644\u0627\u0645\u060C (\u0639\u0627\u0644\u0645)! ?",  // CS, brackets, ON
      u"\u064E\u0633 +$% \u05D0\t\u05D1 ",  // NSM first, ES, ET, S, R
      u"\u0633 12",                             // EN in right-to-left text: level 2
      u"abc 123, 4.5% (def) \u0301x\tz ",  // L, EN, CS, ET, brackets, NSM, S
      u"!? 12 ...",                             // no strong character
      u"\u0661\u0662 abc",                      // AN: not one direction
      u"\u0301\u0301"};                         // marks alone
  const std::u16string mixed = u"\u2029a\u05D0";
  for (const std::u16string& text : texts) {
    for (Direction d : {Direction::Auto, Direction::LeftToRight, Direction::RightToLeft}) {
      SCOPED_TRACE(testing::Message() << "text #" << (&text - texts.data()) << " direction "
                                      << static_cast<int>(d));
      const BidiLevels alone = resolve_bidi(text, d);
      const BidiLevels with_mixed = resolve_bidi(text + mixed, d);
      EXPECT_EQ(alone.paragraph_level, with_mixed.paragraph_level);
      EXPECT_EQ(alone.levels,
                std::vector<uint8_t>(with_mixed.levels.begin(),
                                     with_mixed.levels.begin() + text.size()));
    }
  }
  // The shortcut's levels themselves.
  EXPECT_EQ(resolve_bidi(u"\u0633 \u0644!", Direction::Auto).levels,
            std::vector<uint8_t>(4, 1));
  EXPECT_EQ(resolve_bidi(u"a 1, b", Direction::Auto).levels, std::vector<uint8_t>(6, 0));
  EXPECT_EQ(resolve_bidi(u"\u0633 12", Direction::Auto).levels,
            (std::vector<uint8_t>{1, 1, 2, 2}));
}

TEST(ResolveBidi, TwoHundredNestedEmbeddingsOverflowQuietly) {
  // X2–X5: beyond max_depth 125 the embeddings overflow and are ignored, no error.
  std::u16string text;
  for (int i = 0; i < 200; ++i) text += (i % 2 == 0) ? u'\u202B' : u'\u202A';  // RLE, LRE
  text += u"x";
  for (int i = 0; i < 200; ++i) text += u'\u202C';  // PDF
  text += u"y";
  BidiLevels bidi;
  ASSERT_NO_THROW(bidi = resolve_bidi(text, Direction::LeftToRight));
  ASSERT_EQ(bidi.levels.size(), text.size());
  // The 125 valid embeddings reach level 125; the L character there resolves to 126 (I2).
  EXPECT_EQ(bidi.levels[200], 126);
  EXPECT_EQ(bidi.levels.back(), 0);
  const std::vector<int32_t> order = visual_order(bidi.levels);
  EXPECT_EQ(order.size(), text.size());
}

TEST(ResolveBidi, TwoHundredNestedIsolatesOverflowQuietly) {
  std::u16string text;
  for (int i = 0; i < 200; ++i) text += u'\u2067';  // RLI
  text += u"\u05D0";
  for (int i = 0; i < 200; ++i) text += u'\u2069';  // PDI
  BidiLevels bidi;
  ASSERT_NO_THROW(bidi = resolve_bidi(text, Direction::Auto));
  EXPECT_EQ(bidi.paragraph_level, 0);
  EXPECT_EQ(bidi.levels[200], 125);
}

TEST(ResolveBidi, OneMegabyteParagraph) {
  // Mixed Arabic, Latin, digits and brackets so that every correction pass runs.
  const std::u16string chunk =
      u"\u0627\u0644\u0639\u0631\u0628\u064A\u0629 (abc) 123 [\u0661\u0662] ";
  std::u16string text;
  while (text.size() < (1u << 20)) text += chunk;
  text += u"\u202E(x)\u202C\u0651";  // an override and a mark after a bracket
  const auto start = std::chrono::steady_clock::now();
  const BidiLevels bidi = resolve_bidi(text, Direction::Auto);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(bidi.levels.size(), text.size());
  EXPECT_EQ(bidi.paragraph_level, 1);
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  std::vector<uint8_t> levels = bidi.levels;
  apply_rule_l1(text, bidi.paragraph_level, levels);
  const std::vector<int32_t> order = visual_order(levels);
  std::vector<int32_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int32_t> identity(text.size());
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_EQ(sorted, identity);  // a permutation
}

TEST(ResolveBidi, RemovedByX9) {
  for (char32_t c :
       {U'\u202A', U'\u202B', U'\u202C', U'\u202D', U'\u202E', U'\u00AD', U'\u200D', U'\uFEFF'}) {
    EXPECT_TRUE(is_removed_by_x9(c)) << std::hex << static_cast<uint32_t>(c);
  }
  for (char32_t c : {U'a', U'\u0627', U' ', U'\u2066', U'\u2069', U'\u200F', U'\u0651'}) {
    EXPECT_FALSE(is_removed_by_x9(c)) << std::hex << static_cast<uint32_t>(c);
  }
}

// --- apply_rule_l1 ----------------------------------------------------------------------

TEST(ApplyRuleL1, TrailingSpacesTakeParagraphLevel) {
  const std::u16string line = u"\u0627\u0628  ";
  std::vector<uint8_t> levels = {1, 1, 1, 1};
  apply_rule_l1(line, 0, levels);
  EXPECT_EQ(levels, (std::vector<uint8_t>{1, 1, 0, 0}));
}

TEST(ApplyRuleL1, SpacesInsideTheLineAreKept) {
  const std::u16string line = u"\u0627 \u0628";
  std::vector<uint8_t> levels = {1, 1, 1};
  apply_rule_l1(line, 0, levels);
  EXPECT_EQ(levels, (std::vector<uint8_t>{1, 1, 1}));
}

TEST(ApplyRuleL1, TabIsASegmentSeparator) {
  // In an RTL paragraph, a tab between two LTR words goes back to the paragraph level,
  // and so do the spaces just before it; the space after it does not.
  const std::u16string line = u"ab  \t cd";
  std::vector<uint8_t> levels = {2, 2, 2, 2, 2, 2, 2, 2};
  apply_rule_l1(line, 1, levels);
  EXPECT_EQ(levels, (std::vector<uint8_t>{2, 2, 1, 1, 1, 2, 2, 2}));
}

TEST(ApplyRuleL1, TrailingTabsAndIsolatesAndRemovedCharacters) {
  // Whitespace, isolate controls and X9-removed characters at the end all reset.
  const std::u16string line = u"a \u2067\u200D\t\u2069 ";
  std::vector<uint8_t> levels = {2, 2, 2, 2, 2, 2, 2};
  apply_rule_l1(line, 1, levels);
  EXPECT_EQ(levels, (std::vector<uint8_t>{2, 1, 1, 1, 1, 1, 1}));
}

TEST(ApplyRuleL1, ParagraphSeparator) {
  const std::u16string line = u"a \u2029";
  std::vector<uint8_t> levels = {2, 2, 2};
  apply_rule_l1(line, 1, levels);
  EXPECT_EQ(levels, (std::vector<uint8_t>{2, 1, 1}));
}

TEST(ApplyRuleL1, EmptyLine) {
  std::vector<uint8_t> levels;
  apply_rule_l1(u"", 0, levels);
  EXPECT_TRUE(levels.empty());
}

// --- reorder_visually -------------------------------------------------------------------

TEST(ReorderVisually, AllLeftToRight) {
  EXPECT_EQ(visual_order({0, 0, 0}), (std::vector<int32_t>{0, 1, 2}));
}

TEST(ReorderVisually, RightToLeftRunInsideLtr) {
  EXPECT_EQ(visual_order({0, 1, 1, 1, 0}), (std::vector<int32_t>{0, 3, 2, 1, 4}));
}

TEST(ReorderVisually, NumbersInsideRtl) {
  // L2 reverses level 2 first, then everything at level 1 or more: the digits keep their
  // order inside the reversed Arabic.
  EXPECT_EQ(visual_order({1, 1, 2, 2, 1}), (std::vector<int32_t>{4, 2, 3, 1, 0}));
}

TEST(ReorderVisually, EndToEndMixedLine) {
  // "abc אבג 12" in an LTR paragraph: the digits follow the Hebrew (W7 leaves them EN,
  // N1 makes the space between R and EN right-to-left), so "12" lands left of "אבג".
  const std::u16string line = u"abc \u05D0\u05D1\u05D2 12";
  BidiLevels bidi = resolve_bidi(line, Direction::LeftToRight);
  apply_rule_l1(line, bidi.paragraph_level, bidi.levels);
  EXPECT_EQ(bidi.levels, (std::vector<uint8_t>{0, 0, 0, 0, 1, 1, 1, 1, 2, 2}));
  EXPECT_EQ(visual_order(bidi.levels), (std::vector<int32_t>{0, 1, 2, 3, 8, 9, 7, 6, 5, 4}));
}

TEST(ReorderVisually, EmptyLine) { EXPECT_TRUE(visual_order({}).empty()); }

TEST(ReorderVisually, RejectsImpossibleLevels) {
  EXPECT_THROW(visual_order({0, 200}), satr::Error);
}

}  // namespace
