// Every limit of satr/limits.hpp, at the limit (the work is done) and one step past it
// (Error(LimitExceeded) or InvalidArgument, before the work). The README's "Bounds" lists
// the same limits; each is enforced in one place.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fonts/font_data.hpp"
#include "line/line_breaker.hpp"
#include "line/truncate.hpp"
#include "render/glyph_cache.hpp"
#include "satr/satr.hpp"
#include "test_support.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"
#include "text/utf8.hpp"

namespace satr {
namespace {

using testing::bundled;
using testing::expect_error;

TEST(Limits, TextBytes) {
  // At the limit the text decodes (the first stage, which is where the limit is checked);
  // one byte more is refused before anything is decoded.
  const std::string at_limit(kMaxTextBytes, 'a');
  EXPECT_EQ(detail::decode_utf8(at_limit, false).utf16.size(), kMaxTextBytes);
  const std::string past(kMaxTextBytes + 1, 'a');
  expect_error([&] { (void)layout_text(past, bundled(), {}); }, ErrorCode::LimitExceeded,
              "67108864");
}

TEST(Limits, Spans) {
  // One colour span per letter: kMaxSpans of them lay out, one more is refused.
  const std::string text(kMaxSpans + 1, 'a');
  std::vector<StyledSpan> spans(kMaxSpans);
  for (uint32_t i = 0; i < kMaxSpans; ++i) {
    spans[i].range = {i, i + 1};
    spans[i].style.color = Color{static_cast<uint8_t>(i), 0, 0, 255};
  }
  const Layout layout = layout_text(text, bundled(), {}, spans);
  EXPECT_EQ(layout.lines.size(), 1u);
  spans.push_back({{kMaxSpans, kMaxSpans + 1}, {}});
  expect_error([&] { (void)layout_text(text, bundled(), {}, spans); }, ErrorCode::LimitExceeded,
              "32767");
}

TEST(Limits, FontSize) {
  ParagraphStyle style;
  for (const float size : {kMinFontSize, kMaxFontSize}) {
    style.font_size = size;
    const Layout layout = layout_text("سلام abc", bundled(), style);
    EXPECT_GT(layout.width, 0) << size;
  }
  style.font_size = kMinFontSize * 0.99f;
  expect_error([&] { (void)layout_text("a", bundled(), style); }, ErrorCode::InvalidArgument,
              "below the smallest, 1/64 px");
  style.font_size = kMaxFontSize * 1.001f;
  expect_error([&] { (void)layout_text("a", bundled(), style); }, ErrorCode::LimitExceeded,
              "exceeds the limit of 2048 px");
  // A span's size obeys the same rule.
  StyledSpan span{{0, 1}, {}};
  span.style.font_size = kMaxFontSize * 2;
  expect_error([&] { (void)layout_text("ab", bundled(), {}, {&span, 1}); },
              ErrorCode::LimitExceeded, "2048");
}

TEST(Limits, Spacing) {
  // Letter and word spacing, of the paragraph or a span: at the limit either way, laid out;
  // past it, refused; not a number, a bad argument.
  for (const float px : {-kMaxSpacing, kMaxSpacing}) {
    ParagraphStyle style;
    style.letter_spacing = px;
    style.word_spacing = px;
    const Layout layout = layout_text("ab cd", bundled(), style);
    EXPECT_EQ(layout.lines.size(), 1u) << px;
  }
  ParagraphStyle style;
  style.letter_spacing = kMaxSpacing + 1;
  expect_error([&] { (void)layout_text("a", bundled(), style); }, ErrorCode::LimitExceeded,
               "letter spacing 1025 px exceeds the limit of ±1024 px");
  style.letter_spacing = 0;
  style.word_spacing = -(kMaxSpacing + 1);
  expect_error([&] { (void)layout_text("a", bundled(), style); }, ErrorCode::LimitExceeded,
               "word spacing -1025 px exceeds the limit");
  style.word_spacing = NAN;
  expect_error([&] { (void)layout_text("a", bundled(), style); }, ErrorCode::InvalidArgument,
               "word spacing must be a number of px");
  StyledSpan span{{0, 1}, {}};
  span.style.letter_spacing = -kMaxSpacing * 2;
  expect_error([&] { (void)layout_text("ab", bundled(), {}, {&span, 1}); },
               ErrorCode::LimitExceeded, "span letter spacing -2048 px");
}

TEST(Limits, ImageSides) {
  EXPECT_EQ(Image(kMaxImageDimension, 1, Color{}).width(), kMaxImageDimension);
  expect_error([] { (void)Image(kMaxImageDimension + 1, 1, Color{}); }, ErrorCode::LimitExceeded,
              "16384 px per side");
}

TEST(Limits, ImagePixels) {
  // 8192 × 8192 is the largest square (256 MiB of RGBA); one row more is refused before
  // anything is allocated.
  const Image at_limit(8192, 8192, Color{255, 255, 255, 255});
  EXPECT_EQ(at_limit.pixels().size(), kMaxImagePixels * 4);
  expect_error([] { (void)Image(8192, 8193, Color{}); }, ErrorCode::LimitExceeded,
              "67108864 pixels");
  // render() checks the image a layout would need the same way.
  ParagraphStyle style;
  style.width = 9000;
  const Layout layout = layout_text(std::string(150, '\n'), bundled(), style);
  // Each side within 16384 px, the whole over the pixel limit.
  ASSERT_GT(layout.height, 7500);
  ASSERT_LT(layout.height, 16000);
  expect_error([&] { (void)render(layout); }, ErrorCode::LimitExceeded, "pixels");
}

TEST(Limits, GlyphBitmapPixels) {
  // A glyph of exactly the limit's pixels is rasterized whole; with a limit one pixel
  // smaller the same glyph is rasterized only where it is visible.
  const Font naskh = bundled().fonts().front();
  hb_codepoint_t glyph = 0;
  ASSERT_TRUE(hb_font_get_nominal_glyph(naskh.data().font.get(), 0x0628, &glyph));  // beh
  const detail::PixelBox anywhere{-100000, -100000, 100000, 100000};
  detail::GlyphCache probe;
  const auto whole = probe.glyph(naskh, glyph, 200, 0, anywhere);
  const std::size_t pixels = static_cast<std::size_t>(whole->width) * whole->height;
  ASSERT_GT(pixels, 0u);
  detail::GlyphCache at_limit(detail::GlyphCache::kDefaultByteBudget, pixels);
  (void)at_limit.glyph(naskh, glyph, 200, 0, anywhere);
  EXPECT_EQ(at_limit.stats().clipped, 0u);
  detail::GlyphCache past(detail::GlyphCache::kDefaultByteBudget, pixels - 1);
  const auto clipped = past.glyph(naskh, glyph, 200, 0, anywhere);
  EXPECT_EQ(past.stats().clipped, 1u);
  EXPECT_EQ(clipped->coverage, whole->coverage);
}

// Kashida justification of the first line of `line1 + " " + a word too long to join it`, to
// `extra_tatweels` tatweel widths more than the line's natural width.
struct KashidaLine {
  int tatweels = 0;
  float width = 0;  ///< Of the justified first line, without its trailing space.
  float target = 0;
  float natural = 0;      ///< Of the same words unjustified.
  float widest_space = 0;
  float natural_space = 0;
};

KashidaLine justify_first_line(const std::string& line1, double extra_tatweels) {
  const FontCollection& fonts = bundled();
  const detail::FontData& font = fonts.fonts()[0].data();
  ParagraphStyle style;
  const double tatweel = font.tatweel_advance * font.scale(style.font_size);
  KashidaLine out;
  const Layout natural = layout_text(line1, fonts, style);
  out.natural = natural.lines.at(0).width;
  out.target = static_cast<float>(out.natural + extra_tatweels * tatweel);
  style.width = out.target;
  style.align = Align::Justify;
  style.justify = Justify::Kashida;
  std::string long_word;
  for (int i = 0; i < 400; ++i) long_word += "\u0628";
  const Layout layout = layout_text(line1 + " " + long_word, fonts, style);
  const Line& first = layout.lines.at(0);
  EXPECT_EQ(first.range.end, line1.size() + 1) << "the long word is on a line of its own";
  for (const Run& run : layout.runs_of(first))
    for (const Glyph& g : layout.glyphs_of(run)) {
      if (g.cluster < line1.size()) out.width += g.advance;
      out.tatweels += font.is_tatweel(g.id);
      if (g.cluster < line1.size() && line1[g.cluster] == ' ')
        out.widest_space = std::max(out.widest_space, g.advance);
    }
  for (const Run& run : natural.runs)
    for (const Glyph& g : natural.glyphs_of(run))
      if (g.cluster < line1.size() && line1[g.cluster] == ' ')
        out.natural_space = std::max(out.natural_space, g.advance);
  return out;
}

TEST(Limits, TatweelsPerSite) {
  // One word with one kashida site and no space: a gap of 31.5 tatweels is filled by 32 of
  // them; a gap of 40 still gets 32, and the line stays short rather than open the word.
  const KashidaLine at = justify_first_line("\u0628\u0628", kMaxTatweelsPerSite - 0.5);
  EXPECT_EQ(at.tatweels, static_cast<int>(kMaxTatweelsPerSite));
  EXPECT_NEAR(at.width, at.target, 0.5);
  const KashidaLine past = justify_first_line("\u0628\u0628", kMaxTatweelsPerSite + 8);
  EXPECT_EQ(past.tatweels, static_cast<int>(kMaxTatweelsPerSite));
  EXPECT_LT(past.width, past.target - 4);
  EXPECT_GT(past.width, past.natural);
}

TEST(Limits, TatweelsPerLine) {
  // Twenty words, far more sites than the line cap needs: a gap of 255.5 tatweels takes 256
  // and leaves the spaces as they are; a gap of 300 takes 256 and the spaces the rest.
  std::string words;
  for (int i = 0; i < 20; ++i) words += std::string(i ? " " : "") + "\u0628\u0628\u0628\u0628";
  const KashidaLine at = justify_first_line(words, kMaxTatweelsPerLine - 0.5);
  EXPECT_EQ(at.tatweels, static_cast<int>(kMaxTatweelsPerLine));
  EXPECT_NEAR(at.width, at.target, 0.5);
  EXPECT_NEAR(at.widest_space, at.natural_space, 1e-3);
  const KashidaLine past = justify_first_line(words, kMaxTatweelsPerLine + 44);
  EXPECT_EQ(past.tatweels, static_cast<int>(kMaxTatweelsPerLine));
  EXPECT_NEAR(past.width, past.target, 0.5);
  EXPECT_GT(past.widest_space, past.natural_space + 1);
}


// A paragraph of one-letter words "a " (10 + 5 px), `words` of them, for the breakers.
struct Words {
  std::vector<double> prefix{0};
  std::vector<uint8_t> flags, breaks;
  explicit Words(uint32_t words) {
    for (uint32_t w = 0; w < words; ++w) {
      prefix.push_back(prefix.back() + 10);
      prefix.push_back(prefix.back() + 5);
    }
    flags.assign(prefix.size(), detail::kGraphemeStart);
    breaks.assign(prefix.size(), 0);
    for (std::size_t i = 1; i < prefix.size(); i += 2) flags[i] |= detail::kWhitespace;
    for (std::size_t i = 2; i < prefix.size(); i += 2) breaks[i] |= detail::kBreakBefore;
  }
  detail::MeasuredText measured() const { return {prefix, flags, breaks, {}}; }
};

TEST(Limits, LineBreakCandidates) {
  // Total fit weighs at most kMaxLineBreakCandidates starts for each break. A line room
  // for exactly that many words is found as such; in a line room for twice as many, no
  // line holds more than the window.
  constexpr uint32_t kWindow = kMaxLineBreakCandidates;
  const Words at(3 * kWindow);
  const double exact_width = kWindow * 15.0 - 5;
  const auto lines = detail::break_lines_optimal(at.measured(), exact_width, {});
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& line : lines) EXPECT_EQ(line.end - line.start, 2 * kWindow);
  const auto wide = detail::break_lines_optimal(at.measured(), 2 * exact_width, {});
  for (const auto& line : wide) EXPECT_LE(line.end - line.start, 2 * kWindow);
  EXPECT_EQ(wide.size(), 3u);
  // Greedy breaking is not windowed: it fills the wide lines.
  EXPECT_EQ(detail::break_lines_greedy(at.measured(), 2 * exact_width).size(), 2u);
}

TEST(Limits, TruncationShapings) {
  // A last line of 20,000 zero-width spaces (a break opportunity after each, no width in
  // the prefix sums) at a width narrower than the ellipsis: every cut looks as if it fits
  // until it is shaped. Truncation shapes the first kTruncationTries and then halves the
  // rest, instead of shaping the line once per cut (20,000 shapings of up to 20,000
  // units: about a minute).
  std::string text;
  for (int k = 0; k < 20000; ++k) text += "\u200B";
  text += "ب ببببببب بببببب";
  ParagraphStyle style;
  style.width = 10;
  style.max_lines = 1;
  const uint64_t before = detail::truncation_shapings;
  const Layout layout = layout_text(text, bundled(), style);
  const uint64_t shapings = detail::truncation_shapings - before;
  EXPECT_TRUE(layout.truncated);
  ASSERT_EQ(layout.lines.size(), 1u);
  EXPECT_GE(shapings, detail::kTruncationTries);
  EXPECT_LE(shapings, detail::kTruncationTries + 2 + 16);  // log2(20,000) < 15
}

}  // namespace
}  // namespace satr
