// Kashida sites as shaping finds them (the priority rules are data-driven cases in
// tests/data/kashida_sites.tests).
#include <gtest/gtest.h>

#include <string>

#include "stage_support.hpp"

namespace satr {
namespace {

// Runs the analysis and shaping stages on one paragraph, as layout_text does when
// justifying with kashida.
ParagraphStyle kashida_style() {
  ParagraphStyle style;
  style.align = Align::Justify;
  style.justify = Justify::Kashida;
  style.width = 1000;
  return style;
}

struct ShapedForTest {
  testing::ShapedText shaped;
  const detail::DecodedText& decoded;
  detail::ShapedParagraph& paragraph;

  explicit ShapedForTest(const std::string& text)
      : shaped(text, kashida_style()), decoded(shaped.decoded()), paragraph(shaped.paragraph()) {}
};

TEST(Kashida, NeverBetweenLamAndAlefNorBesideZwnj) {
  for (const std::string word : {"الا", "سلالم", "بلا", "می\u200Cخواهم"}) {
    ShapedForTest shaped(word);
    const std::u16string& t = shaped.decoded.utf16;
    for (std::size_t u = 1; u < shaped.paragraph.kashida.size(); ++u) {
      if (shaped.paragraph.kashida[u] == 0) continue;
      EXPECT_FALSE(t[u - 1] == u'\u0644' && t[u] == u'\u0627') << word;
      EXPECT_NE(t[u - 1], u'\u200C') << word;
      EXPECT_NE(t[u], u'\u200C') << word;
    }
  }
}

}  // namespace
}  // namespace satr
