// The core pipeline through the public API: ordering, joining, breaking, alignment and
// hostile input.
#include <gtest/gtest.h>
#include <unicode/unistr.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "itemize/itemize.hpp"
#include "fonts/font_data.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"
#include "text/paragraphs.hpp"
#include "text/utf8.hpp"
#include "test_support.hpp"

namespace satr {
namespace {

using testing::read_text;

using testing::bundled;
using testing::source_path;

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Arabic words with a run boundary inside them keep the joining forms that HarfBuzz gives
// the whole word.
TEST(Joining, SurvivesFontChangeInsideWord) {
  const std::string naskh = source_path("fonts/NotoNaskhArabic-Regular.ttf");
  const FontCollection chain({Font::from_file(source_path("tests/data/fonts/NotoNaskhArabic-NoTeh.ttf")),
                              Font::from_file(naskh)});
  for (const std::string word : {"كتاب", "بيت", "الكتاتيب", "مكتبة"}) {
    const Layout layout = layout_text(word, chain, {});
    ASSERT_EQ(layout.lines.size(), 1u);
    EXPECT_GE(layout.lines[0].run_count, 2u) << word << ": the fallback should split runs";
    EXPECT_EQ(testing::satr_glyphs_by_cluster(layout),
              testing::hb_glyphs_by_cluster(word, naskh, true))
        << word;
  }
}

TEST(Joining, SurvivesBidiLevelChangeInsideWord) {
  const std::string naskh = source_path("fonts/NotoNaskhArabic-Regular.ttf");
  const FontCollection chain({Font::from_file(naskh)});
  // An LTR embedding around one letter gives it its own level and run. Embedding
  // controls are transparent to Arabic joining (ArabicShaping.txt: Cf has joining type T),
  // so the letters keep the forms of the plain word.
  const std::string plain = "كتاب";
  const std::string embedded = "ك\u202Aت\u202Cاب";
  const Layout layout = layout_text(embedded, chain, {});
  ASSERT_EQ(layout.lines.size(), 1u);
  EXPECT_GE(layout.lines[0].run_count, 2u);
  const auto got = testing::satr_glyphs_by_cluster(layout);
  const auto want = testing::hb_glyphs_by_cluster(plain, naskh, true);
  // Map the plain word's byte offsets onto the embedded text's.
  const std::map<uint32_t, uint32_t> plain_to_embedded = {{0, 0}, {2, 5}, {4, 10}, {6, 12}};
  for (const auto& [plain_offset, ids] : want) {
    const auto it = got.find(plain_to_embedded.at(plain_offset));
    ASSERT_NE(it, got.end()) << plain_offset;
    EXPECT_EQ(it->second, ids) << "letter at " << plain_offset;
  }
}

TEST(Joining, MarkInItsOwnRunKeepsForms) {
  // A fallback for the mark only: the chain's first font lacks Teh, so "تَ" falls to the
  // second, and the cluster (letter + mark) stays whole in one font.
  const std::string naskh = source_path("fonts/NotoNaskhArabic-Regular.ttf");
  const FontCollection chain({Font::from_file(source_path("tests/data/fonts/NotoNaskhArabic-NoTeh.ttf")),
                              Font::from_file(naskh)});
  const std::string word = "كَتَبَ";
  const Layout layout = layout_text(word, chain, {});
  EXPECT_EQ(testing::satr_glyphs_by_cluster(layout),
            testing::hb_glyphs_by_cluster(word, naskh, true));
}

TEST(Mirroring, BracketsAtOddLevelsAreMirrored) {
  const std::string text = "قال (نعم) و«لا»";
  const Layout layout = layout_text(text, bundled(), {});
  // Noto Naskh Arabic has the guillemets; the parentheses come from Noto Sans.
  const Font& naskh = bundled().fonts()[0];
  const Font& sans = bundled().fonts()[1];
  hb_codepoint_t open_paren = 0, close_paren = 0, open_guillemet = 0, close_guillemet = 0;
  hb_font_get_nominal_glyph(sans.data().font.get(), '(', &open_paren);
  hb_font_get_nominal_glyph(sans.data().font.get(), ')', &close_paren);
  hb_font_get_nominal_glyph(naskh.data().font.get(), 0xAB, &open_guillemet);
  hb_font_get_nominal_glyph(naskh.data().font.get(), 0xBB, &close_guillemet);
  const auto glyphs = testing::satr_glyphs_by_cluster(layout);
  const auto at = [&](const char* needle) { return static_cast<uint32_t>(text.find(needle)); };
  EXPECT_EQ(glyphs.at(at("(")), std::vector<uint32_t>{close_paren});
  EXPECT_EQ(glyphs.at(at(")")), std::vector<uint32_t>{open_paren});
  EXPECT_EQ(glyphs.at(at("«")), std::vector<uint32_t>{close_guillemet});
  EXPECT_EQ(glyphs.at(at("»")), std::vector<uint32_t>{open_guillemet});
  // And in an LTR paragraph they are not.
  const Layout ltr = layout_text("a (b)", bundled(), {});
  EXPECT_EQ(testing::satr_glyphs_by_cluster(ltr).at(2), std::vector<uint32_t>{open_paren});
}

TEST(Numbers, StayLeftToRightInsideArabic) {
  const std::string text = "في 12 و13 يونيو و1.5 و50% و-5";
  const Layout layout = layout_text(text, bundled(), {});
  ASSERT_EQ(layout.lines.size(), 1u);
  const auto x = [&](const char* needle, std::size_t from = 0) {
    return testing::x_of(layout, static_cast<uint32_t>(text.find(needle, from)));
  };
  EXPECT_LT(x("1"), x("2"));                  // 12 reads left to right
  EXPECT_LT(x("13"), x("12"));                // and the numbers follow the RTL sentence
  EXPECT_LT(x("1.5"), x(".5"));
  EXPECT_LT(x(".5"), x("5", text.find(".5")));
  EXPECT_LT(x("50%"), x("0%"));
  // After an Arabic letter, digits are Arabic numbers (W2), so the percent sign is not
  // absorbed (W5) and sits on the number's left, as UAX #9 requires.
  EXPECT_LT(x("%"), x("50%"));
  EXPECT_LT(x("5", text.find("-5")), x("-5"));  // UAX #9: the minus sign stays to the right
}

TEST(LineBreaking, AstanaArticleFitsTheWidth) {
  const std::string text = read_text(source_path("examples/astana.txt"));
  ASSERT_FALSE(text.empty());
  for (float width : {300.f, 600.f, 800.f}) {
    ParagraphStyle style;
    style.width = width;
    const Layout layout = layout_text(text, bundled(), style);
    ASSERT_GT(layout.lines.size(), 5u);
    uint32_t expected_start = 0;
    float previous_top = -1;
    for (const Line& line : layout.lines) {
      EXPECT_EQ(line.range.start, expected_start) << "line ranges must tile the text";
      expected_start = line.range.end;
      EXPECT_GT(line.top, previous_top);
      previous_top = line.top;
      // Content (without the hanging trailing space) fits and is flush right (start).
      float left = INFINITY, right = -INFINITY;
      for (const satr::Run& run : layout.runs_of(line))
        for (const Glyph& g : layout.glyphs_of(run)) {
          if (g.advance == 0) continue;
          const char c = text[g.cluster];
          if (c == ' ') continue;
          left = std::min(left, g.x);
          right = std::max(right, g.x + g.advance);
        }
      if (left == INFINITY) continue;
      EXPECT_LE(right - left, width + 0.5f);
      EXPECT_NEAR(right, width, 0.5f) << "RTL start alignment is flush right";
      EXPECT_GE(left, -0.5f);
    }
    EXPECT_EQ(expected_start, text.size());
  }
}

TEST(LineBreaking, WordWiderThanLineBreaksAtGraphemes) {
  std::string word;
  for (int i = 0; i < 40; ++i) word += "بَ";  // marks must stay with their letters
  ParagraphStyle style;
  style.width = 120;
  const Layout layout = layout_text(word, bundled(), style);
  ASSERT_GT(layout.lines.size(), 2u);
  for (const Line& line : layout.lines) {
    EXPECT_EQ(line.range.start % 4, 0u) << "a line starts inside a grapheme";
    float width = 0;
    for (const satr::Run& run : layout.runs_of(line))
      for (const Glyph& g : layout.glyphs_of(run)) width += g.advance;
    EXPECT_LE(width, 120.5f);
  }
}

TEST(LineBreaking, EdgesInsideWordsAreReshaped) {
  // A long unspaced Arabic word broken mid-word: each fragment is shaped as if it were the
  // whole line (letters at a line edge take final/initial forms), as HarfBuzz's
  // unsafe-to-break contract requires.
  std::string word;
  for (int i = 0; i < 12; ++i) word += "مستشفى";
  const std::string naskh = source_path("fonts/NotoNaskhArabic-Regular.ttf");
  const FontCollection chain({Font::from_file(naskh)});
  ParagraphStyle style;
  style.width = 150;
  const Layout layout = layout_text(word, chain, style);
  ASSERT_GT(layout.lines.size(), 2u);
  for (const Line& line : layout.lines) {
    const std::string fragment = word.substr(line.range.start, line.range.length());
    const auto want = testing::hb_glyphs_by_cluster(fragment, naskh, true);
    std::map<uint32_t, std::vector<uint32_t>> shifted;
    for (const satr::Run& run : layout.runs_of(line))
      for (const Glyph& g : layout.glyphs_of(run)) shifted[g.cluster - line.range.start].push_back(g.id);
    for (auto& [cluster, ids] : shifted) std::sort(ids.begin(), ids.end());
    EXPECT_EQ(shifted, want) << "line starting at " << line.range.start;
  }
}

TEST(LineBreaking, MandatoryBreakInsideParagraph) {
  const Layout layout = layout_text("سطر\u2028سطر آخر", bundled(), {});
  EXPECT_EQ(layout.paragraphs.size(), 1u);
  EXPECT_EQ(layout.lines.size(), 2u);
}

TEST(LineBreaking, TrailingSpacesHangAndStayInRange) {
  const std::string text = "كلمة كلمة كلمة كلمة كلمة كلمة كلمة كلمة";
  ParagraphStyle style;
  style.width = 200;
  for (Align align : {Align::Start, Align::End, Align::Center}) {
    style.align = align;
    const Layout layout = layout_text(text, bundled(), style);
    ASSERT_GT(layout.lines.size(), 1u);
    for (std::size_t k = 0; k + 1 < layout.lines.size(); ++k) {
      const Line& line = layout.lines[k];
      EXPECT_EQ(text[line.range.end - 1], ' ') << "the space belongs to the line it ends";
      // L1: the trailing space is at paragraph level, drawn at the visual left of an RTL line.
      const satr::Run& leftmost = layout.runs_of(line).front();
      EXPECT_EQ(leftmost.level, 1);
      EXPECT_EQ(text[layout.glyphs_of(leftmost).front().cluster], ' ');
      float content_left = INFINITY, content_right = -INFINITY;
      for (const satr::Run& run : layout.runs_of(line))
        for (const Glyph& g : layout.glyphs_of(run))
          if (text[g.cluster] != ' ') {
            content_left = std::min(content_left, g.x);
            content_right = std::max(content_right, g.x + g.advance);
          }
      if (align == Align::Start) EXPECT_NEAR(content_right, 200, 0.01);
      if (align == Align::End) EXPECT_NEAR(content_left, 0, 0.01);
      if (align == Align::Center) EXPECT_NEAR(content_left, 200 - content_right, 0.01);
    }
  }
}

TEST(Alignment, LeftRightAndDirectionalAliases) {
  ParagraphStyle style;
  style.width = 500;
  const auto first_x = [&](const char* text, Align align) {
    style.align = align;
    const Layout layout = layout_text(text, bundled(), style);
    return layout.lines[0].x;
  };
  EXPECT_FLOAT_EQ(first_x("Hello", Align::Start), 0);
  EXPECT_FLOAT_EQ(first_x("Hello", Align::Left), 0);
  EXPECT_GT(first_x("Hello", Align::End), 300);
  EXPECT_FLOAT_EQ(first_x("Hello", Align::End), first_x("Hello", Align::Right));
  EXPECT_FLOAT_EQ(first_x("مرحبا", Align::Start), first_x("مرحبا", Align::Right));
  EXPECT_FLOAT_EQ(first_x("مرحبا", Align::End), 0);
  const float centre = first_x("Hello", Align::Center);
  EXPECT_NEAR(centre, first_x("Hello", Align::Right) / 2, 0.01);
}

TEST(Paragraphs, EachHasItsOwnDirectionAndStacks) {
  const std::string text = "Hello\r\nمرحبا\n\nworld";
  const Layout layout = layout_text(text, bundled(), {});
  ASSERT_EQ(layout.paragraphs.size(), 4u);
  EXPECT_EQ(layout.paragraphs[0].base_level, 0);
  EXPECT_EQ(layout.paragraphs[1].base_level, 1);
  ASSERT_EQ(layout.lines.size(), 4u);
  EXPECT_EQ(layout.lines[0].range, (Range{0, 7}));  // separator CRLF included
  EXPECT_EQ(layout.lines[2].run_count, 0u);        // the empty paragraph
  for (std::size_t k = 1; k < layout.lines.size(); ++k) {
    EXPECT_NEAR(layout.lines[k].top, layout.lines[k - 1].top + layout.lines[k - 1].height, 1e-3);
  }
  EXPECT_NEAR(layout.height, layout.lines.back().top + layout.lines.back().height, 1e-3);
}

TEST(Style, FeaturesReachHarfBuzz) {
  ParagraphStyle style;
  const Layout kerned = layout_text("AVAVAV", bundled(), style);
  style.features = "-kern";
  const Layout plain = layout_text("AVAVAV", bundled(), style);
  EXPECT_LT(kerned.width, plain.width);
  style.features = "kern=0, +liga";
  EXPECT_NO_THROW((void)layout_text("fi", bundled(), style));
  style.features = "!!nonsense";
  try {
    (void)layout_text("x", bundled(), style);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("!!nonsense"), std::string::npos);
  }
}

TEST(Style, PositionsScaleWithFontSize) {
  ParagraphStyle style;
  style.font_size = 16;
  const Layout small = layout_text("سلام عليكم", bundled(), style);
  style.font_size = 64;
  const Layout big = layout_text("سلام عليكم", bundled(), style);
  EXPECT_NEAR(big.width, small.width * 4, 0.01);
}

TEST(HostileInput, InvalidUtf8LenientAndStrict) {
  const std::string text = "سلام\xFF\xC0 عليكم";
  const Layout layout = layout_text(text, bundled(), {});
  ASSERT_EQ(layout.lines.size(), 1u);
  const auto clusters = testing::satr_glyphs_by_cluster(layout);
  EXPECT_TRUE(clusters.count(8) && clusters.count(9)) << "one U+FFFD per bad byte, at its offset";
  ParagraphStyle strict;
  strict.strict_utf8 = true;
  try {
    (void)layout_text(text, bundled(), strict);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidUtf8);
    EXPECT_EQ(e.byte_offset(), 8u);
  }
}

TEST(HostileInput, EmptyAndBlankText) {
  const Layout empty = layout_text("", bundled(), {});
  EXPECT_TRUE(empty.lines.empty());
  EXPECT_EQ(empty.height, 0);
  const Layout spaces = layout_text("     ", bundled(), {});
  ASSERT_EQ(spaces.lines.size(), 1u);
  EXPECT_EQ(spaces.lines[0].range, (Range{0, 5}));
  ParagraphStyle narrow;
  narrow.width = 10;
  const Layout many = layout_text(std::string(500, ' '), bundled(), narrow);
  EXPECT_EQ(many.lines.size(), 1u) << "spaces hang; they never force a break";
}

TEST(HostileInput, MegabyteParagraphWithoutBreakOpportunity) {
  std::string text;
  while (text.size() < (1u << 20)) text += "ب";
  ParagraphStyle style;
  style.width = 600;
  const Layout wrapped = layout_text(text, bundled(), style);
  EXPECT_GT(wrapped.lines.size(), 1000u);
  EXPECT_EQ(wrapped.lines.back().range.end, text.size());
  const Layout single = layout_text(text, bundled(), {});
  EXPECT_EQ(single.lines.size(), 1u);
}

TEST(HostileInput, DeepEmbeddingsNulAndMixedNewlines) {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += (i % 2 ? "\u202A" : "\u202B");
  deep += "abc سلام";
  for (int i = 0; i < 200; ++i) deep += "\u202C";
  const Layout nested = layout_text(deep, bundled(), {});
  EXPECT_EQ(nested.lines.size(), 1u);
  for (const satr::Run& run : nested.runs_of(nested.lines[0])) EXPECT_LE(run.level, 126);

  const Layout nul = layout_text(std::string("a\0b", 3), bundled(), {});
  EXPECT_EQ(nul.lines.size(), 1u);
  const Layout newlines = layout_text("a\nb\r\nc\rd\r\n", bundled(), {});
  EXPECT_EQ(newlines.paragraphs.size(), 4u);
}

TEST(HostileInput, StyleLimits) {
  ParagraphStyle style;
  for (float bad : {0.f, -3.f, NAN, INFINITY}) {
    style.font_size = bad;
    EXPECT_THROW((void)layout_text("x", bundled(), style), Error);
  }
  style.font_size = 4096;
  try {
    (void)layout_text("x", bundled(), style);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::LimitExceeded);
    EXPECT_NE(std::string(e.what()).find("2048"), std::string::npos);
  }
  style.font_size = 32;
  style.width = -1;
  EXPECT_THROW((void)layout_text("x", bundled(), style), Error);
  style.width = 0;
  EXPECT_THROW((void)layout_text("x", FontCollection{}, style), Error);
}

TEST(Fonts, MissingAndCorruptFilesAreClearErrors) {
  try {
    (void)Font::from_file("/nonexistent/font.ttf");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::FontNotFound);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/font.ttf"), std::string::npos);
  }
  EXPECT_THROW((void)Font::from_memory({'n', 'o', 't', ' ', 'a', ' ', 'f', 'o', 'n', 't'}), Error);
  // A real font cut short is refused too, not drawn as nothing.
  std::string bytes = read_text(source_path("fonts/NotoSans-Regular.ttf"));
  bytes.resize(200);
  try {
    (void)Font::from_memory(std::vector<uint8_t>(bytes.begin(), bytes.end()), "cut.ttf");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::FontInvalid);
    EXPECT_NE(std::string(e.what()).find("cut.ttf"), std::string::npos);
  }
}

}  // namespace
}  // namespace satr

namespace satr {
namespace {

}  // namespace
}  // namespace satr

