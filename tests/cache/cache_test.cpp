// Caches never change results: layouts with and without the shape cache are identical.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <latch>
#include <random>
#include <sstream>
#include <thread>

#include "layout/scratch.hpp"
#include "runtime/batch_shares.hpp"
#include "runtime/context_impl.hpp"
#include "fonts/font_data.hpp"
#include "shape/word_cache.hpp"
#include "support/brief_lock.hpp"
#include "test_support.hpp"
#include "text/utf8.hpp"

namespace satr {
namespace {

using testing::expect_identical;
using testing::read_text;

// Both corpora: the article, and the large corpus when the benchmark has extracted it (a
// build-time file); the article alone is enough to exercise every path, the large one adds
// breadth.
std::vector<std::pair<std::string, std::string>> corpora() {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("astana", read_text(testing::source_path("examples/astana.txt")));
  const std::string large = read_text(SATR_LARGE_CORPUS);
  if (!large.empty()) out.emplace_back("large", large);
  return out;
}

void compare_cached_and_uncached(const FontCollection& fonts, const std::string& font_name) {
  const std::size_t glyphs = ContextOptions{}.glyph_cache_bytes;
  Context uncached(ContextOptions{0, glyphs, 0});
  Context cached;
  Context words_only(ContextOptions{ContextOptions{}.shape_cache_bytes, glyphs, 0});
  Context tiny(ContextOptions{4096, glyphs, 4096});  // constant eviction
  for (const auto& [name, text] : corpora()) {
    for (float width : {0.f, 600.f}) {
      ParagraphStyle style;
      style.width = width;
      const Layout reference = layout_text(text, fonts, style, &uncached);
      const Layout cold = layout_text(text, fonts, style, &cached);
      const Layout warm = layout_text(text, fonts, style, &cached);
      const Layout evicting = layout_text(text, fonts, style, &tiny);
      const Layout words_cold = layout_text(text, fonts, style, &words_only);
      const Layout words_warm = layout_text(text, fonts, style, &words_only);
      const std::string what = font_name + "/" + name + "/" + std::to_string(int(width));
      expect_identical(reference, cold, what + " cold");
      expect_identical(reference, warm, what + " warm");
      expect_identical(reference, evicting, what + " evicting");
      expect_identical(reference, words_cold, what + " word cache cold");
      expect_identical(reference, words_warm, what + " word cache warm");
    }
  }
}

TEST(WordCache, BundledFontsGiveIdenticalLayouts) {
  Context cached;
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  // Admitted on the second sighting, hit on the third.
  for (int i = 0; i < 3; ++i) (void)layout_text(text, testing::bundled(), {}, &cached);
  EXPECT_GT(cached.stats().paragraph_hits, 5u) << "the paragraph cache is in use";
  Context words_only(ContextOptions{ContextOptions{}.shape_cache_bytes, 1 << 20, 0});
  (void)layout_text(text, testing::bundled(), {}, &words_only);
  (void)layout_text(text, testing::bundled(), {}, &words_only);
  EXPECT_GT(words_only.stats().shape_hits, 100u) << "the word cache is in use";
  compare_cached_and_uncached(testing::bundled(), "bundled");
}

TEST(WordCache, AmiriGivesIdenticalLayouts) {
  const std::string amiri = "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf";
  const FontCollection fonts({Font::from_file(amiri), testing::bundled().fonts()[1]});
  compare_cached_and_uncached(fonts, "amiri");
}

TEST(WordCache, SpaceInLookupsDisablesWordCaching) {
  // Amiri's lookups involve the space glyph, so its words are not independent; the Noto
  // fonts' are.
  const Font amiri = Font::from_file("/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf");
  EXPECT_FALSE(amiri.data().words_are_independent);
  EXPECT_TRUE(testing::bundled().fonts()[0].data().words_are_independent);
  EXPECT_TRUE(testing::bundled().fonts()[1].data().words_are_independent);
}

TEST(ParagraphCache, RewrappingReusesShapingAndMatches) {
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  Context cached;
  Context uncached(ContextOptions{0, 1 << 20, 0});
  for (float width : {300.f, 450.f, 600.f, 800.f}) {
    for (Align align : {Align::Start, Align::Justify}) {
      ParagraphStyle style;
      style.width = width;
      style.align = align;
      expect_identical(layout_text(text, testing::bundled(), style, &uncached),
                       layout_text(text, testing::bundled(), style, &cached), "rewrap");
    }
  }
  EXPECT_GT(cached.stats().paragraph_hits, 20u);
  // Settings that change shaping are part of the key.
  ParagraphStyle style;
  style.digits = Digits::Persian;
  expect_identical(layout_text(text, testing::bundled(), style, &uncached),
                   layout_text(text, testing::bundled(), style, &cached), "digits");
  style.features = "-kern";
  expect_identical(layout_text(text, testing::bundled(), style, &uncached),
                   layout_text(text, testing::bundled(), style, &cached), "features");
  style.font_size = 20;
  expect_identical(layout_text(text, testing::bundled(), style, &uncached),
                   layout_text(text, testing::bundled(), style, &cached), "size");
}

// A cached paragraph keeps the lines last built of it, and a layout breaking it where that
// one did copies them. Layouts that keep, copy, decline to replace, replace and decline to
// keep lines must each match the layout made without the paragraph cache.
TEST(ParagraphCache, KeptLinesMatchBuiltOnes) {
  const std::string article = read_text(testing::source_path("examples/astana.txt"));
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"article", article},
      // The same paragraph at two byte offsets: its lines are copied to another place.
      {"repeated", "سطر 12 abc و(نص)\nأول\nسطر 12 abc و(نص)"},
      {"mixed", "The book كتاب 2024 جديد (new edition) — مرحبا world! 3.5%"},
      {"trailing spaces", "قصير جدا      "},
      // One paragraph's UTF-16 from different bytes (U+FFFD for one ill-formed byte, then a
      // real U+FFFD of three): byte offsets are not a function of the text.
      {"ill-formed", "نص \xFF آخر abc\nنص \xEF\xBF\xBD آخر abc"},
  };
  const std::vector<ParagraphStyle> styles = {
      {.width = 600},
      {.width = 300, .align = Align::Justify, .justify = Justify::Kashida},
      {.width = 600, .align = Align::Center},
      {.width = 300, .align = Align::Justify, .justify = Justify::Spaces, .max_lines = 2},
      {.width = 0, .align = Align::End},
      {.width = 450, .breaker = Breaker::Optimal},
      {.width = 600},
  };
  Context uncached(ContextOptions{std::size_t{1} << 20, std::size_t{1} << 20, 0});
  Context cached;
  for (const auto& [name, text] : texts) {
    // Each setting four times in a row (stored, kept, copied), then two alternating.
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < styles.size(); ++k) order.insert(order.end(), 4, k);
    for (int k = 0; k < 6; ++k) order.push_back(k % 2);
    for (const std::size_t k : order) {
      const std::string what = name + " style " + std::to_string(k);
      expect_identical(layout_text(text, testing::bundled(), styles[k], &uncached),
                       layout_text(text, testing::bundled(), styles[k], &cached), what);
    }
  }
  const detail::ParagraphCache& paragraphs = cached.impl().paragraph_cache;
  EXPECT_GT(paragraphs.paragraphs_with_lines(), 10u) << "lines are kept";
  EXPECT_LT(paragraphs.paragraphs_with_lines(), paragraphs.paragraphs())
      << "not for the ill-formed paragraph";
}

// Kept lines count towards the paragraph cache's budget.
TEST(ParagraphCache, KeptLinesStayWithinTheBudget) {
  const std::string article = read_text(testing::source_path("examples/astana.txt"));
  for (const std::size_t budget : {std::size_t{96} << 10, std::size_t{256} << 10}) {
    Context context(ContextOptions{std::size_t{1} << 20, std::size_t{1} << 20, budget});
    for (const float width : {600.f, 600.f, 600.f, 400.f, 400.f, 400.f, 250.f, 250.f, 250.f}) {
      ParagraphStyle style;
      style.width = width;
      (void)layout_text(article, testing::bundled(), style, &context);
      EXPECT_LE(context.impl().paragraph_cache.bytes(), budget) << width;
    }
    EXPECT_GT(context.impl().paragraph_cache.paragraphs_with_lines(), 0u) << budget;
  }
  // With room for everything: keeping lines (on the third layout) adds their bytes.
  Context roomy;
  std::size_t before = 0;
  for (int k = 0; k < 3; ++k) {
    if (k == 2) before = roomy.impl().paragraph_cache.bytes();
    (void)layout_text(article, testing::bundled(), {}, &roomy);
  }
  EXPECT_EQ(roomy.impl().paragraph_cache.paragraphs_with_lines(),
            roomy.impl().paragraph_cache.paragraphs());
  EXPECT_GT(roomy.impl().paragraph_cache.bytes(), before + 9 * sizeof(Glyph) * 100);
}

// A paragraph's missing words are shaped in one HarfBuzz call per context (font, features,
// script, language, direction), gathered from every item of the paragraph. Each case puts
// the same words in several items and several contexts; the layout must match the one
// shaped item by item without the cache, on a cold cache and a warm one.
TEST(WordCache, WordsBatchedAcrossItemsAndContexts) {
  struct Case {
    const char* name;
    std::string text;
    std::vector<StyledSpan> spans;
  };
  const std::string words = "كتب الطالب الدرس";
  const std::string repeated = words + " 12 " + words + " 3.5 " + words;
  SpanStyle no_kern;
  no_kern.features = "-kern,-mark";
  SpanStyle large;
  large.font_size = 48;
  const std::vector<Case> cases = {
      {"numbers split the Arabic items", repeated, {}},
      {"Latin words between Arabic ones", "word " + words + " word " + words + " word", {}},
      {"one word in two feature contexts", repeated,
       {{Range{0, static_cast<uint32_t>(words.size())}, no_kern}}},
      {"a size change is not a new context", repeated,
       {{Range{static_cast<uint32_t>(words.size() + 4),
               static_cast<uint32_t>(2 * words.size() + 4)},
         large}}},
      {"a left-to-right embedding", words + " \u202a" + words + " abc\u202c " + words, {}},
      {"a left-to-right override", words + " \u202d" + words + " 12\u202c " + words, {}},
      {"digits beside letters", "12 كتب12 3كتب ،12، 12ب ب12 12", {}},
      {"words touching numbers and brackets", "(12)كتب «الطالب»3 كتب(الدرس) 12كتب", {}},
      // Numbers in Arabic text are words of their own context (left to right).
      {"numbers as words", "في 12 و13 يونيو، 1.5% ثم ١٢٫٥ و١٢٫٥ و12 و3/4 و-7 و+8 و10:30 و1.5%",
       {}},
      {"numbers beside marks and joiners", "ب12َ و1‍2 و١٢ٌ و 1 2 و12ّ و12", {}},
      // Left to right but of the Arabic script after the Arabic-Indic zero: not a number.
      {"a space carrying a mark after a number", "\u0660\uFFFD \u0670", {}},
      {"a number in a size span", "في 12 و12 و12",
       {{Range{5, 7}, large}}},
  };
  for (const Case& c : cases) {
    Context uncached(ContextOptions{0, 1 << 20, 0});
    Context words_only(ContextOptions{ContextOptions{}.shape_cache_bytes, 1 << 20, 0});
    for (float width : {0.f, 150.f}) {
      ParagraphStyle style;
      style.width = width;
      const Layout reference = layout_text(c.text, testing::bundled(), style, c.spans, &uncached);
      words_only.clear_caches();
      const Layout cold = layout_text(c.text, testing::bundled(), style, c.spans, &words_only);
      const Layout warm = layout_text(c.text, testing::bundled(), style, c.spans, &words_only);
      const std::string what = std::string(c.name) + " width " + std::to_string(int(width));
      expect_identical(reference, cold, what + " cold");
      expect_identical(reference, warm, what + " warm");
    }
    EXPECT_GT(words_only.stats().shape_hits, 0u) << c.name << ": the word cache is in use";
  }
}

// Texts strung together at random from pieces that meet at every edge the word cache
// reasons about: numbers of each kind, marks, joiners, spaces, bidi controls, brackets,
// tatweel, Latin. Every layout must match the one made without the cache, cold and warm.
TEST(WordCache, RandomMixturesMatchTheUncachedLayout) {
  const std::vector<std::string> pieces = {
      "كتب", "الطالب", "ب", "12", "1.5", "١٢٫٥", "٠", "۴۵", "%", "٪", " ", "  ", "\u064e",
      "\u0670", "\u0651", "\u200d", "\u200c", "\u202a", "\u202b", "\u202c", "\u202d",
      "\u202e", "\u2066", "\u2069", "abc", "(", ")", "«", "»", "-", "+", "/", ":", "،",
      "\uFFFD", "ـ", "0", "\u0600", "x\u0301"};
  std::mt19937 random(20261129);
  Context uncached(ContextOptions{0, 1 << 20, 0});
  Context words_only(ContextOptions{ContextOptions{}.shape_cache_bytes, 1 << 20, 0});
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    const int count = 1 + static_cast<int>(random() % 12);
    for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
    ParagraphStyle style;
    style.direction = static_cast<Direction>(random() % 3);
    style.width = random() % 2 == 0 ? 0.f : 120.f;
    const Layout reference = layout_text(text, testing::bundled(), style, &uncached);
    if (round % 50 == 0) words_only.clear_caches();
    const Layout cached = layout_text(text, testing::bundled(), style, &words_only);
    const Layout again = layout_text(text, testing::bundled(), style, &words_only);
    expect_identical(reference, cached, "random text " + std::to_string(round) + ": " + text);
    expect_identical(reference, again, "random text " + std::to_string(round) + " again");
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(words_only.stats().shape_hits, 1000u);
}

// A paragraph that fits on one line is laid out without ICU's line breaking; setting
// max_lines (which always has the breaks found) must give the same lines, with and without
// the paragraph cache, whose stored paragraphs serve narrower widths later.
TEST(LineBreaks, FoundOnlyWhenNeededWithoutChangingALayout) {
  std::vector<std::pair<std::string, std::string>> texts = corpora();
  texts.emplace_back("forced breaks", "سطر\u2028ثان\vثالث\fرابع\u0085خامس and more");
  texts.emplace_back("short", "قصير 12 short");
  texts.emplace_back("spaces at the end", "قصير جدا      ");
  Context paragraphs_uncached(ContextOptions{std::size_t{1} << 20, std::size_t{1} << 20, 0});
  Context cached;
  for (const auto& [name, text] : texts) {
    for (const float width : {5000.f, 600.f, 90.f, 0.f}) {
      ParagraphStyle lazy;
      lazy.width = width;
      ParagraphStyle full = lazy;
      full.max_lines = 1u << 30;
      const std::string what = name + " at " + std::to_string(int(width));
      const Layout reference = layout_text(text, testing::bundled(), full, &paragraphs_uncached);
      ASSERT_FALSE(reference.truncated);
      // Five lines however wide: LS, VT, FF and NEL each force a break.
      if (name == "forced breaks") EXPECT_GE(reference.lines.size(), 5u) << what;
      expect_identical(reference, layout_text(text, testing::bundled(), lazy, &paragraphs_uncached),
                       what);
      for (int sighting = 0; sighting < 3; ++sighting) {
        expect_identical(reference, layout_text(text, testing::bundled(), lazy, &cached),
                         what + " cached " + std::to_string(sighting));
      }
    }
  }

  // The shortcut is taken where it should be, and only there.
  detail::LayoutScratch s;
  const auto breaks_found = [&](const std::string& text, float width) {
    detail::decode_utf8(text, false, s.decoded);
    ParagraphStyle style;
    style.width = width;
    detail::resolve_style(text, s.decoded, testing::bundled(), style, {}, s.style);
    detail::analyze_paragraph(s.decoded.utf16, 0, s.style, s.shaping.bidi, s.shaped);
    EXPECT_FALSE(s.shaped.has_breaks());
    detail::shape_analyzed(s.style, nullptr, s.shaping, s.shaped);
    return detail::needs_line_breaks(detail::view_of(s.shaped), style);
  };
  EXPECT_FALSE(breaks_found("قصير 12 short", 600));
  EXPECT_FALSE(breaks_found("قصير 12 short", 0));
  EXPECT_TRUE(breaks_found("قصير 12 short", 50));
  EXPECT_TRUE(breaks_found("قصير\u2028short", 600));
  EXPECT_TRUE(breaks_found("قصير\u2028short", 0));
}

TEST(WordCache, FeaturesAreAPartOfTheKey) {
  Context context;
  ParagraphStyle style;
  const Layout kerned = layout_text("AVAVAV AVAVAV", testing::bundled(), style, &context);
  style.features = "-kern";
  const Layout plain = layout_text("AVAVAV AVAVAV", testing::bundled(), style, &context);
  EXPECT_LT(kerned.width, plain.width);
}

TEST(WordCache, ConcurrentLayoutsShareOneContext) {
  Context shared;
  const std::string text = read_text(testing::source_path("examples/astana.txt"));
  ParagraphStyle style;
  style.width = 600;
  Context alone(ContextOptions{0, 0, 0});
  const Layout reference = layout_text(text, testing::bundled(), style, &alone);
  ParagraphStyle narrow = style;
  narrow.width = 450;
  const Layout narrow_reference = layout_text(text, testing::bundled(), narrow, &alone);
  // Threads 0 and 1 keep to one width, 2 and 3 alternate: the lines kept with each cached
  // paragraph are read, replaced and read again by several threads at once.
  std::vector<Layout> results(4);
  std::vector<Layout> narrow_results(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 8; ++i) {
        if (t >= 2 && i % 2 == 1) {
          narrow_results[t] = layout_text(text, testing::bundled(), narrow, &shared);
        } else {
          results[t] = layout_text(text, testing::bundled(), style, &shared);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& result : results) expect_identical(reference, result, "threaded");
  for (int t = 2; t < 4; ++t) expect_identical(narrow_reference, narrow_results[t], "threaded");
}

}  // namespace
}  // namespace satr
