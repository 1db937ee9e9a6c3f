// Itemization alone: which font each grapheme takes, and the runs it cuts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fonts/font_data.hpp"
#include "itemize/itemize.hpp"
#include "test_support.hpp"
#include "text/graphemes.hpp"
#include "text/utf8.hpp"

namespace satr {
namespace {

using testing::bundled;
using testing::read_text;
using testing::source_path;

// choose_fonts takes a shortcut when the chain's first font covers a stretch of text; with
// a per-unit style array (all zeros, so the same fonts apply) it goes grapheme by grapheme
// through the full rules. Both must choose the same font for every unit.
TEST(FontChoice, ShortcutMatchesTheFullRules) {
  const Font no_teh = Font::from_file(source_path("tests/data/fonts/NotoNaskhArabic-NoTeh.ttf"));
  const Font naskh = Font::from_file(source_path("fonts/NotoNaskhArabic-Regular.ttf"));
  const Font sans = Font::from_file(source_path("fonts/NotoSans-Regular.ttf"));
  std::vector<std::string> texts = testing::article_paragraphs();
  for (const char* t : {"Hello, world 123", "١٢٣ abc ٤٥٦", "كتب 31/3/2022 في", "(كتاب) [x] «قول»",
                        "ت ت ت", "a\u0301b كتاب\u200Dي", "12 ✓ 34 ☃ ب", "→ ← ↔ 5", "ب ٪ 5%",
                        " 123 abc", "x 1 ✓", "", "\u0651\u064E كتاب", "شت ∑ ت", "\u0301a",
                        "\u0651ب", "☃ب"}) {
    texts.emplace_back(t);
  }
  const std::vector<std::vector<const Font*>> chains = {
      {&naskh, &sans}, {&no_teh, &naskh, &sans}, {&sans, &naskh}, {&no_teh, &sans}};
  int checked = 0;
  for (const auto& chain_fonts : chains) {
    std::vector<detail::ShapingStyle> styles(1);
    for (uint32_t i = 0; i < chain_fonts.size(); ++i) styles[0].chain.push_back(i);
    for (const std::string& text : texts) {
      detail::DecodedText decoded;
      detail::decode_utf8(text, false, decoded);
      const std::u16string_view units = decoded.utf16;
      std::vector<uint8_t> flags(units.size() + 1);
      detail::find_graphemes_and_whitespace(units, flags);
      const std::vector<uint16_t> all_zero(units.size(), 0);
      std::vector<uint32_t> fast(units.size()), full(units.size());
      detail::choose_fonts(units, flags, {chain_fonts, styles, {}}, fast);
      detail::choose_fonts(units, flags, {chain_fonts, styles, all_zero}, full);
      EXPECT_EQ(fast, full) << text;
      // A text that starts inside a grapheme (as a justified line's copy may): no walking
      // back past its start (the sanitizer builds catch an out-of-range index).
      if (!units.empty()) {
        flags[0] &= static_cast<uint8_t>(~detail::kGraphemeStart);
        detail::choose_fonts(units, flags, {chain_fonts, styles, {}}, fast);
        detail::choose_fonts(units, flags, {chain_fonts, styles, all_zero}, full);
        EXPECT_EQ(fast, full) << text << " (no grapheme start at 0)";
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4 * static_cast<int>(texts.size()));
}

TEST(FontFallback, ANumberWithItsSeparatorsTakesOneFont) {
  // Noto Naskh Arabic has digits but no '/', so the whole date goes to Noto Sans rather
  // than mixing two fonts' digits.
  const std::string text = "حتى 31/3/2022 في";
  const Layout layout = layout_text(text, testing::bundled(), {});
  const auto date_start = static_cast<uint32_t>(text.find("31"));
  const auto date_end = static_cast<uint32_t>(text.find(" في"));
  std::set<std::string> fonts;
  for (const satr::Run& run : layout.runs) {
    for (const Glyph& g : layout.glyphs_of(run)) {
      if (g.cluster >= date_start && g.cluster < date_end) fonts.insert(run.font.file_name());
    }
  }
  EXPECT_EQ(fonts, std::set<std::string>{"NotoSans-Regular.ttf"});
  // A number that the Arabic font covers stays in it.
  const Layout plain = layout_text("في 12 و13", testing::bundled(), {});
  for (const satr::Run& run : plain.runs) EXPECT_EQ(run.font.file_name(), "NotoNaskhArabic-Regular.ttf");
}

}  // namespace
}  // namespace satr
