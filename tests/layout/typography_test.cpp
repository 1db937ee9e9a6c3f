// Arabic typography: kashida sites and justification, optimal breaking, digit shapes,
// truncation and styled spans.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <tuple>

#include "line/justify.hpp"
#include "line/line_breaker.hpp"
#include "stage_support.hpp"
#include "text/utf8.hpp"

namespace satr {
namespace {

using testing::read_text;

using testing::bundled;

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Each justified line's content spans exactly the width; the last line of each paragraph
// is flush with the start (right, in Arabic).
void expect_justified(const std::string& text, const Layout& layout, float width) {
  for (std::size_t k = 0; k < layout.lines.size(); ++k) {
    const Line& line = layout.lines[k];
    float left = INFINITY, right = -INFINITY;
    for (const satr::Run& run : layout.runs_of(line))
      for (const Glyph& g : layout.glyphs_of(run)) {
        if (g.advance == 0 || text[g.cluster] == ' ' || text[g.cluster] == '\n') continue;
        left = std::min(left, g.x);
        right = std::max(right, g.x + g.advance);
      }
    if (left == INFINITY) continue;
    const bool last = k + 1 == layout.lines.size() ||
                      layout.lines[k + 1].paragraph != line.paragraph;
    EXPECT_NEAR(right, width, 0.5) << "line " << k << " is flush right";
    if (!last) EXPECT_NEAR(left, 0, 0.5) << "line " << k << " is flush left too";
    if (last) EXPECT_GT(left, 0.5) << "last line " << k << " is not stretched";
  }
}

int count_tatweels(const Layout& layout) {
  int count = 0;
  for (const satr::Run& run : layout.runs)
    for (const Glyph& g : layout.glyphs_of(run))
      count += run.font.data().is_tatweel(g.id);
  return count;
}

// One paragraph of at least `bytes` bytes: the article's words with an English word after
// every other one (an item at every change of script).
std::string mixed_paragraph(std::size_t bytes) {
  const std::string article = read_text(testing::source_path("examples/astana.txt"));
  std::vector<std::string> words;
  std::istringstream in(article);
  for (std::string w; in >> w;) words.push_back(w);
  const char* english[] = {"the", "talks", "in", "Astana", "2017", "peace"};
  std::string text;
  for (std::size_t k = 0; text.size() < bytes; ++k) {
    if (!text.empty()) text += ' ';
    text += words[k % words.size()];
    if (k % 2 == 1) text += std::string(" ") + english[k % 6];
  }
  return text;
}

TEST(Justify, EveryMethodFillsTheWidthExactly) {
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  for (Justify method : {Justify::Auto, Justify::Kashida, Justify::Spaces}) {
    for (float width : {400.f, 600.f, 800.f}) {
      ParagraphStyle style;
      style.width = width;
      style.align = Align::Justify;
      style.justify = method;
      const Layout layout = layout_text(text, bundled(), style);
      SCOPED_TRACE(::testing::Message() << "method " << int(method) << " width " << width);
      expect_justified(text, layout, width);
      if (method == Justify::Spaces) EXPECT_EQ(count_tatweels(layout), 0);
      else EXPECT_GT(count_tatweels(layout), 20);
    }
  }
}

TEST(Justify, EachLineSaysHowItWasStretched) {
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  ParagraphStyle natural_style;
  natural_style.width = 600;
  const Layout natural = layout_text(text, bundled(), natural_style);
  for (const Line& line : natural.lines) EXPECT_TRUE(line.justification.empty());
  for (Justify method : {Justify::Auto, Justify::Kashida, Justify::Spaces}) {
    ParagraphStyle style = natural_style;
    style.align = Align::Justify;
    style.justify = method;
    const Layout layout = layout_text(text, bundled(), style);
    ASSERT_EQ(layout.lines.size(), natural.lines.size());  // Justifying keeps the breaks.
    int with_tatweels = 0;
    for (std::size_t k = 0; k < layout.lines.size(); ++k) {
      SCOPED_TRACE(::testing::Message() << "method " << int(method) << " line " << k);
      const Line& line = layout.lines[k];
      const LineJustification& how = line.justification;
      const bool last = k + 1 == layout.lines.size() ||
                        layout.lines[k + 1].paragraph != line.paragraph;
      if (last) {
        EXPECT_TRUE(how.empty());
        continue;
      }
      // What the report says was added is what the line grew by.
      EXPECT_NEAR(how.kashida_px + how.space_px, line.width - natural.lines[k].width, 0.01);
      int tatweels = 0;
      for (const satr::Run& run : layout.runs_of(line))
        for (const Glyph& g : layout.glyphs_of(run)) tatweels += run.font.data().is_tatweel(g.id);
      EXPECT_EQ(how.tatweels, static_cast<uint32_t>(tatweels));
      EXPECT_EQ(how.space_px == 0, how.spaces == 0);
      if (method == Justify::Spaces) {
        EXPECT_EQ(how.kashida_sites, 0u);
        EXPECT_EQ(how.tatweels, 0u);
        EXPECT_GT(how.spaces, 0u);
      } else {
        EXPECT_GT(how.kashida_sites, 0u);  // Every line of the article has Arabic words.
      }
      with_tatweels += how.tatweels > 0;
    }
    if (method != Justify::Spaces) EXPECT_GT(with_tatweels, 30);
  }
}

TEST(Justify, WorkIsLinearInTheParagraph) {
  // One paragraph of mixed Arabic and English (an item at every change of script), 20 KB and
  // 200 KB, wrapped at 600 px and justified with kashida: the units and items justification
  // visits stay within 3 per unit of text at both sizes (a scan of the paragraph's items for
  // each site, as there once was, visits millions).
  for (const std::size_t bytes : {20000u, 200000u}) {
    const std::string text = mixed_paragraph(bytes);
    ParagraphStyle style;
    style.width = 600;
    style.align = Align::Justify;
    style.justify = Justify::Kashida;
    const uint64_t before = detail::justify_probe.work;
    const Layout layout = layout_text(text, bundled(), style);
    const uint64_t work = detail::justify_probe.work - before;
    const std::size_t units = detail::decode_utf8(text, false).utf16.size();
    SCOPED_TRACE(::testing::Message() << bytes << " bytes, " << layout.lines.size() << " lines");
    EXPECT_GT(count_tatweels(layout), static_cast<int>(layout.lines.size()));
    EXPECT_GT(work, units);  // Every line was looked at.
    EXPECT_LE(work, 3 * units);
  }
}

// With a plain tatweel (the bundled Noto Naskh Arabic), justification inserts the tatweels
// into the built line; shaping the line again with them must give the same glyphs at the
// same places. Both ways, on the article, on the article coloured every fifth letter (a
// site then often lies between two runs) and with letter and word spacing, at several
// widths, breakers and methods.
TEST(Justify, InsertedTatweelsMatchTheLineShapedAgain) {
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  std::vector<StyledSpan> colours;
  uint32_t letters = 0;
  for (uint32_t b = 0; b < text.size(); ++b) {
    if ((static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) continue;
    uint32_t e = b + 1;
    while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
    if (letters++ % 5 == 0) colours.push_back({{b, e}, {Color{200, 0, 0, 255}, {}, {}, {}}});
  }
  uint64_t in_place = 0;
  for (const int variant : {0, 1, 2})
    for (const float width : {260.0f, 430.0f, 600.0f, 810.0f})
      for (const Breaker breaker : {Breaker::Greedy, Breaker::Optimal})
        for (const Justify method : {Justify::Kashida, Justify::Auto}) {
          ParagraphStyle style;
          style.width = width;
          style.breaker = breaker;
          style.align = Align::Justify;
          style.justify = method;
          const bool coloured = variant == 1;
          if (variant == 2) {
            style.letter_spacing = 2;
            style.word_spacing = 5;
          }
          const std::span<const StyledSpan> spans =
              coloured ? std::span<const StyledSpan>(colours) : std::span<const StyledSpan>();
          SCOPED_TRACE(::testing::Message() << "width " << width << " variant " << variant
                                            << " breaker " << static_cast<int>(breaker)
                                            << " method " << static_cast<int>(method));
          detail::JustifyProbe& probe = detail::justify_probe;
          const detail::JustifyProbe before = probe;
          Context fast_context;
          const Layout fast = layout_text(text, bundled(), style, spans, &fast_context);
          const uint64_t fast_in_place = probe.in_place - before.in_place;
          probe.always_reshape = true;
          Context slow_context;
          const uint64_t reshaped_before = probe.reshaped;
          const Layout slow = layout_text(text, bundled(), style, spans, &slow_context);
          probe.always_reshape = false;
          in_place += fast_in_place;
          // Switched off, every line with tatweels is shaped again, none inserted into.
          EXPECT_EQ(probe.in_place, before.in_place + fast_in_place);
          EXPECT_GE(probe.reshaped - reshaped_before, fast_in_place);
          ASSERT_EQ(fast.lines.size(), slow.lines.size());
          ASSERT_EQ(fast.runs.size(), slow.runs.size());
          ASSERT_EQ(fast.glyphs.size(), slow.glyphs.size());
          for (std::size_t k = 0; k < fast.lines.size(); ++k) {
            const Line& a = fast.lines[k];
            const Line& b = slow.lines[k];
            EXPECT_EQ(a.range, b.range);
            EXPECT_NEAR(a.width, b.width, 1e-3) << "line " << k;
            EXPECT_EQ(a.justification.tatweels, b.justification.tatweels) << "line " << k;
            EXPECT_EQ(a.justification.spaces, b.justification.spaces) << "line " << k;
            EXPECT_NEAR(a.justification.kashida_px, b.justification.kashida_px, 1e-3);
            EXPECT_NEAR(a.justification.space_px, b.justification.space_px, 1e-3);
          }
          for (std::size_t r = 0; r < fast.runs.size(); ++r) {
            EXPECT_EQ(fast.runs[r].range, slow.runs[r].range) << "run " << r;
            EXPECT_EQ(fast.runs[r].glyph_start, slow.runs[r].glyph_start) << "run " << r;
            EXPECT_EQ(fast.runs[r].glyph_count, slow.runs[r].glyph_count) << "run " << r;
            EXPECT_EQ(fast.runs[r].color.has_value(), slow.runs[r].color.has_value());
          }
          for (std::size_t g = 0; g < fast.glyphs.size(); ++g) {
            const Glyph& a = fast.glyphs[g];
            const Glyph& b = slow.glyphs[g];
            ASSERT_EQ(a.id, b.id) << "glyph " << g;
            ASSERT_EQ(a.cluster, b.cluster) << "glyph " << g;
            EXPECT_NEAR(a.x, b.x, 1e-3) << "glyph " << g;
            EXPECT_NEAR(a.y, b.y, 1e-3) << "glyph " << g;
            EXPECT_NEAR(a.advance, b.advance, 1e-3) << "glyph " << g;
          }
        }
  // Most stretched lines took the insertion (the rest have a site in a cut word).
  EXPECT_GT(in_place, 500u);
}

// Justification adds tatweels and widens spaces; every other glyph keeps its font and id.
// Arabic with an English word after every other one puts a guillemet after a Latin word,
// where it takes the Latin font, at line starts; shaping such a line again on its own once
// moved it to the Arabic font.
TEST(Justify, StretchingChangesNoGlyphButTheTatweels) {
  const std::string text = mixed_paragraph(10000);
  // (cluster, font id, glyph id) of every glyph but the tatweels, per line.
  const auto glyphs_of_lines = [](const Layout& layout) {
    std::vector<std::vector<std::tuple<uint32_t, uint64_t, uint32_t>>> lines;
    for (const Line& line : layout.lines) {
      auto& glyphs = lines.emplace_back();
      for (const satr::Run& run : layout.runs_of(line))
        for (const Glyph& g : layout.glyphs_of(run))
          if (!run.font.data().is_tatweel(g.id)) glyphs.emplace_back(g.cluster, run.font.id(), g.id);
      std::sort(glyphs.begin(), glyphs.end());
    }
    return lines;
  };
  for (const float width : {300.0f, 600.0f}) {
    ParagraphStyle style;
    style.width = width;
    const auto plain = glyphs_of_lines(layout_text(text, bundled(), style));
    style.align = Align::Justify;
    for (const Justify method : {Justify::Kashida, Justify::Auto, Justify::Spaces}) {
      style.justify = method;
      SCOPED_TRACE(::testing::Message() << "width " << width << " method "
                                        << static_cast<int>(method));
      const Layout justified = layout_text(text, bundled(), style);
      EXPECT_GT(count_tatweels(justified), method == Justify::Spaces ? -1 : 100);
      const auto stretched = glyphs_of_lines(justified);
      ASSERT_EQ(stretched.size(), plain.size());
      for (std::size_t k = 0; k < plain.size(); ++k) EXPECT_EQ(stretched[k], plain[k]) << "line " << k;
    }
  }
}

TEST(Justify, KashidaKeepsClustersInTheCallersText) {
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  ParagraphStyle style;
  style.width = 600;
  style.align = Align::Justify;
  style.justify = Justify::Kashida;
  const Layout layout = layout_text(text, bundled(), style);
  for (const satr::Run& run : layout.runs)
    for (const Glyph& g : layout.glyphs_of(run)) {
      ASSERT_LT(g.cluster, text.size());
      // An inserted tatweel belongs to the letter it extends: an Arabic letter (or a typed
      // tatweel), never a space.
      if (run.font.data().is_tatweel(g.id)) {
        EXPECT_EQ(static_cast<unsigned char>(text[g.cluster]) & 0xF0, 0xD0) << g.cluster;
      }
      EXPECT_GE(g.cluster, run.range.start);
      EXPECT_LT(g.cluster, run.range.end);
    }
}

TEST(Justify, LinesWithoutSpacesOrSitesStayAtTheStart) {
  // Latin text has no kashida site; spaces-only justification of a line with no space does
  // not open gaps inside the word.
  ParagraphStyle style;
  style.width = 200;
  style.align = Align::Justify;
  style.justify = Justify::Spaces;
  const std::string word(60, 'x');
  const Layout layout = layout_text(word, bundled(), style);
  ASSERT_GT(layout.lines.size(), 1u);
  for (const Glyph& g : layout.glyphs) EXPECT_NEAR(g.advance, layout.glyphs[0].advance, 1e-4);
}

void expect_justified_ltr(const std::string& text, const Layout& layout, float width) {
  for (std::size_t k = 0; k + 1 < layout.lines.size(); ++k) {
    float left = INFINITY, right = -INFINITY;
    for (const satr::Run& run : layout.runs_of(layout.lines[k]))
      for (const Glyph& g : layout.glyphs_of(run)) {
        if (text[g.cluster] == ' ') continue;
        left = std::min(left, g.x);
        right = std::max(right, g.x + g.advance);
      }
    EXPECT_NEAR(left, 0, 0.5);
    EXPECT_NEAR(right, width, 0.5);
  }
}

TEST(Justify, FontWithoutTatweelFallsBackToSpaces) {
  const Layout layout = [] {
    ParagraphStyle style;
    style.width = 300;
    style.align = Align::Justify;
    style.justify = Justify::Kashida;
    const FontCollection sans({bundled().fonts()[1]});
    return layout_text("the quick brown fox jumps over the lazy dog again and again", sans, style);
  }();
  ASSERT_GT(layout.lines.size(), 1u);
  EXPECT_EQ(count_tatweels(layout), 0);
  // The report says so: no site, every gap at the spaces.
  EXPECT_EQ(layout.lines[0].justification.kashida_sites, 0u);
  EXPECT_EQ(layout.lines[0].justification.kashida_px, 0.0f);
  EXPECT_GT(layout.lines[0].justification.spaces, 0u);
  const std::string text = "the quick brown fox jumps over the lazy dog again and again";
  expect_justified_ltr(text, layout, 300);
}

TEST(Justify, LastLineAndMandatoryBreaksAreNotJustified) {
  ParagraphStyle style;
  style.width = 500;
  style.align = Align::Justify;
  const std::string text = "كلمة قصيرة\u2028سطر ثان قصير";
  const Layout layout = layout_text(text, bundled(), style);
  ASSERT_EQ(layout.lines.size(), 2u);
  for (const Line& line : layout.lines) EXPECT_LT(line.width, 400);
}

TEST(OptimalBreaking, ThroughThePublicApi) {
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  ParagraphStyle style;
  style.width = 500;
  style.breaker = Breaker::Optimal;
  const Layout optimal = layout_text(text, bundled(), style);
  style.align = Align::Justify;
  const Layout justified = layout_text(text, bundled(), style);
  expect_justified(text, justified, 500);
  uint32_t expected = 0;
  for (const Line& line : optimal.lines) {
    EXPECT_EQ(line.range.start, expected);
    expected = line.range.end;
  }
  EXPECT_EQ(expected, text.size());
}

TEST(Digits, ShapesChangeButOffsetsAndOrderDoNot) {
  const std::string text = "في 12 و13 يونيو";
  ParagraphStyle style;
  const Layout latin = layout_text(text, bundled(), style);
  const Font& naskh = bundled().fonts()[0];
  for (auto [digits, zero] : {std::pair{Digits::ArabicIndic, 0x0660u}, std::pair{Digits::Persian, 0x06F0u}}) {
    style.digits = digits;
    const Layout shaped = layout_text(text, bundled(), style);
    hb_codepoint_t one = 0, two = 0;
    hb_font_get_nominal_glyph(naskh.data().font.get(), zero + 1, &one);
    hb_font_get_nominal_glyph(naskh.data().font.get(), zero + 2, &two);
    const auto glyphs = testing::satr_glyphs_by_cluster(shaped);
    EXPECT_EQ(glyphs.at(text.find("12")), std::vector<uint32_t>{one});
    EXPECT_EQ(glyphs.at(text.find("12") + 1), std::vector<uint32_t>{two});
    // Same visual order: "12" still reads left to right.
    EXPECT_LT(testing::x_of(shaped, text.find("12")), testing::x_of(shaped, text.find("12") + 1));
    EXPECT_EQ(testing::visual_clusters(shaped, shaped.lines[0]),
              testing::visual_clusters(latin, latin.lines[0]));
  }
}

TEST(Truncation, MaxLinesWithEllipsisAtTheLogicalEnd) {
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  ParagraphStyle style;
  style.width = 500;
  style.max_lines = 3;
  const Layout layout = layout_text(text, bundled(), style);
  ASSERT_EQ(layout.lines.size(), 3u);
  EXPECT_TRUE(layout.truncated);
  const Line& last = layout.lines.back();
  // The ellipsis is the visually leftmost glyph of an RTL line (its logical end) and its
  // cluster is where the text was cut.
  const satr::Run& leftmost = layout.runs_of(last).front();
  const Glyph& ellipsis = layout.glyphs_of(leftmost).front();
  EXPECT_EQ(ellipsis.cluster, last.range.end);
  const Font& font = leftmost.font;
  hb_codepoint_t ellipsis_glyph = 0;
  hb_font_get_nominal_glyph(font.data().font.get(), 0x2026, &ellipsis_glyph);
  EXPECT_EQ(ellipsis.id, ellipsis_glyph);
  float right = 0;
  for (const satr::Run& run : layout.runs_of(last))
    for (const Glyph& g : layout.glyphs_of(run)) right = std::max(right, g.x + g.advance);
  EXPECT_LE(right - ellipsis.x, 500.5f);
  // Not truncated when everything fits.
  style.max_lines = 1000;
  EXPECT_FALSE(layout_text(text, bundled(), style).truncated);
}

TEST(Truncation, NeverSplitsAJoinedPair) {
  std::string word;
  for (int i = 0; i < 30; ++i) word += "بب";
  ParagraphStyle style;
  style.width = 150;
  style.max_lines = 1;
  const Layout layout = layout_text(word + " " + word, bundled(), style);
  ASSERT_EQ(layout.lines.size(), 1u);
  EXPECT_TRUE(layout.truncated);
  // Beh joins on both sides: the only cut that keeps every pair joined is the word start,
  // so the line holds the ellipsis alone.
  EXPECT_EQ(layout.lines[0].range.end, 0u);
}

TEST(Truncation, LtrParagraphPutsTheEllipsisOnTheRight) {
  ParagraphStyle style;
  style.width = 200;
  style.max_lines = 1;
  const std::string text = "The quick brown fox jumps over the lazy dog";
  const Layout layout = layout_text(text, bundled(), style);
  const Line& line = layout.lines[0];
  const satr::Run& rightmost = layout.runs_of(line).back();
  const Glyph& last = layout.glyphs_of(rightmost).back();
  EXPECT_EQ(last.cluster, line.range.end);
  EXPECT_EQ(text[line.range.end - 1], text[line.range.end - 1]);  // cut on a boundary
  EXPECT_EQ(text[line.range.end], ' ');
}

TEST(Spans, ColourNeverChangesGlyphs) {
  const std::string word = "مستشفيات";
  const Layout plain = layout_text(word, bundled(), {});
  for (uint32_t letter = 0; letter < word.size(); letter += 2) {
    const StyledSpan span{{letter, letter + 2}, {Color{200, 0, 0, 255}, {}, {}, {}}};
    const Layout coloured = layout_text(word, bundled(), {}, {&span, 1});
    EXPECT_EQ(testing::satr_glyphs_by_cluster(coloured), testing::satr_glyphs_by_cluster(plain));
    ASSERT_EQ(coloured.glyphs.size(), plain.glyphs.size());
    for (std::size_t g = 0; g < plain.glyphs.size(); ++g) {
      EXPECT_EQ(coloured.glyphs[g].x, plain.glyphs[g].x);
    }
    bool saw_colour = false;
    for (const satr::Run& run : coloured.runs) {
      if (run.color) {
        saw_colour = true;
        EXPECT_EQ(run.range, (Range{letter, letter + 2}));
      }
    }
    EXPECT_TRUE(saw_colour);
  }
}

TEST(Spans, SizeAndFontChangesKeepJoiningForms) {
  const std::string word = "مستشفيات";
  const std::string naskh = testing::source_path("fonts/NotoNaskhArabic-Regular.ttf");
  const auto want = testing::hb_glyphs_by_cluster(word, naskh, true);
  // A bigger letter in the middle of the word.
  StyledSpan big{{4, 6}, {}};
  big.style.font_size = 48;
  const Layout sized = layout_text(word, bundled(), {}, {&big, 1});
  EXPECT_EQ(testing::satr_glyphs_by_cluster(sized), want);
  bool saw_big = false;
  for (const satr::Run& run : sized.runs) saw_big |= run.font_size == 48;
  EXPECT_TRUE(saw_big);
  // Another font object (the same file) for one letter: joining holds across the switch.
  StyledSpan other{{6, 8}, {}};
  other.style.fonts = FontCollection({Font::from_file(naskh)});
  const Layout switched = layout_text(word, bundled(), {}, {&other, 1});
  EXPECT_EQ(testing::satr_glyphs_by_cluster(switched), want);
  EXPECT_GE(switched.lines[0].run_count, 3u);
}

TEST(Spans, FeaturesPerRange) {
  StyledSpan unkerned{{0, 6}, {}};
  unkerned.style.features = "-kern";
  const Layout both = layout_text("AVAVAV AVAVAV", bundled(), {}, {&unkerned, 1});
  const Layout kerned = layout_text("AVAVAV AVAVAV", bundled(), {});
  EXPECT_GT(both.width, kerned.width);
}

TEST(Spans, BadSpansAreClearErrors) {
  const std::string text = "سلام";
  const auto fails = [&](StyledSpan span) {
    try {
      (void)layout_text(text, bundled(), {}, {&span, 1});
    } catch (const Error& e) {
      return e.code() == ErrorCode::InvalidArgument;
    }
    return false;
  };
  EXPECT_TRUE(fails({{0, 100}, {}}));
  EXPECT_TRUE(fails({{1, 4}, {}}));  // inside a character
  StyledSpan size{{0, 2}, {}};
  size.style.font_size = -1;
  EXPECT_TRUE(fails(size));
  StyledSpan fonts{{0, 2}, {}};
  fonts.style.fonts = FontCollection{};
  EXPECT_TRUE(fails(fonts));
  StyledSpan features{{0, 2}, {}};
  features.style.features = "%%%";
  EXPECT_TRUE(fails(features));
}

}  // namespace
}  // namespace satr
