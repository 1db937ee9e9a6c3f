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

using testing::read_text;

void expect_identical(const Layout& a, const Layout& b, const std::string& what) {
  ASSERT_EQ(a.lines.size(), b.lines.size()) << what;
  EXPECT_EQ(a.width, b.width) << what;
  EXPECT_EQ(a.height, b.height) << what;
  for (std::size_t l = 0; l < a.lines.size(); ++l) {
    const Line& x = a.lines[l];
    const Line& y = b.lines[l];
    ASSERT_EQ(x.range, y.range) << what << " line " << l;
    ASSERT_EQ(x.run_count, y.run_count) << what << " line " << l;
    ASSERT_EQ(x.paragraph, y.paragraph) << what << " line " << l;
    ASSERT_EQ(x.width, y.width) << what << " line " << l;
    ASSERT_EQ(x.x, y.x) << what << " line " << l;
    ASSERT_EQ(x.baseline, y.baseline) << what << " line " << l;
    ASSERT_EQ(x.ascent, y.ascent) << what << " line " << l;
    ASSERT_EQ(x.descent, y.descent) << what << " line " << l;
    ASSERT_EQ(x.top, y.top) << what << " line " << l;
    ASSERT_EQ(x.height, y.height) << what << " line " << l;
    for (std::size_t r = 0; r < x.run_count; ++r) {
      const satr::Run& p = a.runs_of(x)[r];
      const satr::Run& q = b.runs_of(y)[r];
      ASSERT_EQ(p.range, q.range);
      ASSERT_EQ(p.level, q.level);
      ASSERT_TRUE(p.font == q.font) << what << " line " << l << " run " << r;
      ASSERT_EQ(p.font_size, q.font_size) << what << " line " << l << " run " << r;
      ASSERT_EQ(p.color, q.color) << what << " line " << l << " run " << r;
      const auto pg = a.glyphs_of(p);
      const auto qg = b.glyphs_of(q);
      ASSERT_EQ(pg.size(), qg.size()) << what << " line " << l << " run " << r;
      for (std::size_t g = 0; g < pg.size(); ++g) {
        ASSERT_EQ(pg[g].id, qg[g].id) << what << " line " << l;
        ASSERT_EQ(pg[g].cluster, qg[g].cluster) << what << " line " << l;
        ASSERT_EQ(pg[g].x, qg[g].x) << what << " line " << l;
        ASSERT_EQ(pg[g].y, qg[g].y) << what << " line " << l;
        ASSERT_EQ(pg[g].advance, qg[g].advance) << what << " line " << l;
      }
    }
  }
}

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

// The word cache's storage on its own: words made up for the test, each with glyphs that
// say which word they belong to.
namespace word_table {

const detail::WordContext kContext{7, 0, HB_SCRIPT_ARABIC, HB_LANGUAGE_INVALID, true};

std::u16string word(int i) {
  std::u16string w = u"w";
  for (const char c : std::to_string(i)) w.push_back(static_cast<char16_t>(c));
  return w;
}

// Word i has i % 7 + 1 glyphs; clusters start at `start`, as in a paragraph.
std::vector<detail::ShapedGlyph> glyphs(int i, uint32_t start) {
  std::vector<detail::ShapedGlyph> out;
  for (int g = 0; g <= i % 7; ++g) {
    out.push_back({static_cast<uint32_t>(i * 10 + g), start + static_cast<uint32_t>(g),
                   100 + i, g, -g, 0});
  }
  return out;
}

void insert(detail::WordCache& cache, int i) {
  const std::vector<detail::ShapedGlyph> g = glyphs(i, 40);
  cache.insert(detail::WordCache::hash_of(kContext, word(i)), kContext, word(i), g, 40);
}

// Looks word i up, placing it at cluster 5: either a miss, or exactly its glyphs.
bool present(detail::WordCache& cache, int i) {
  std::vector<detail::ShapedGlyph> out;
  if (!cache.lookup(kContext, word(i), 5, out)) {
    EXPECT_TRUE(out.empty());
    return false;
  }
  const std::vector<detail::ShapedGlyph> expected = glyphs(i, 5);
  EXPECT_EQ(out.size(), expected.size()) << "word " << i;
  for (std::size_t g = 0; g < std::min(out.size(), expected.size()); ++g) {
    EXPECT_EQ(out[g].glyph_id, expected[g].glyph_id) << "word " << i;
    EXPECT_EQ(out[g].cluster, expected[g].cluster) << "word " << i;
    EXPECT_EQ(out[g].advance, expected[g].advance) << "word " << i;
    EXPECT_EQ(out[g].y_offset, expected[g].y_offset) << "word " << i;
  }
  return true;
}

}  // namespace word_table

TEST(WordCacheTable, StaysWithinItsBudgetAndAnswersRightForWhatItKeeps) {
  for (const std::size_t budget : {std::size_t{4096}, std::size_t{64} << 10, std::size_t{1} << 20}) {
    detail::WordCache cache(budget);
    constexpr int kWords = 20000;
    for (int i = 0; i < kWords; ++i) {
      word_table::insert(cache, i);
      if (i % 97 == 0) ASSERT_LE(cache.stats().bytes, budget) << "after " << i << " words";
    }
    ASSERT_LE(cache.stats().bytes, budget);
    int kept = 0;
    for (int i = 0; i < kWords; ++i) kept += word_table::present(cache, i) ? 1 : 0;
    const detail::WordCacheStats stats = cache.stats();
    EXPECT_GT(kept, 0) << budget;
    EXPECT_LT(kept, kWords) << budget;
    EXPECT_EQ(static_cast<std::size_t>(kept), stats.entries) << budget;
    EXPECT_EQ(stats.evictions, static_cast<uint64_t>(kWords - kept)) << budget;
    // A smaller budget takes effect at once; zero empties the cache.
    cache.set_byte_budget(budget / 4);
    EXPECT_LE(cache.stats().bytes, budget / 4);
    cache.set_byte_budget(0);
    EXPECT_EQ(cache.stats().bytes, 0u);
    EXPECT_FALSE(word_table::present(cache, kWords - 1));
  }
}

// Words looked up while a stream of new words passes through stay, however long the
// stream: dropping a chunk gives its entries in use a second chance.
TEST(WordCacheTable, WordsInUseOutliveAStreamOfNewOnes) {
  detail::WordCache cache(std::size_t{512} << 10);
  constexpr int kHot = 64;
  for (int i = 0; i < kHot; ++i) word_table::insert(cache, i);
  for (int i = kHot; i < 200000; ++i) {
    word_table::insert(cache, i);
    if (i % 200 == 0) {
      for (int h = 0; h < kHot; ++h) ASSERT_TRUE(word_table::present(cache, h)) << h << " " << i;
    }
  }
  EXPECT_GT(cache.stats().evictions, 100000u);
  EXPECT_FALSE(word_table::present(cache, kHot));  // The oldest of the stream is gone.
  cache.clear();
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_FALSE(word_table::present(cache, 0));
}

// The caches' lock: every increment made under it counts, with more threads than cores so
// that holders are preempted and waiters go to sleep (and must be woken).
TEST(BriefMutex, NoIncrementLostUnderContention) {
  detail::BriefMutex mutex;
  uint64_t counter = 0;  // Guarded by `mutex` only.
  constexpr int kThreads = 4;
  constexpr int kIncrements = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        const std::lock_guard lock(mutex);
        ++counter;
        if (i % 1000 == 0) std::this_thread::yield();  // Sometimes hold it across a yield.
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(counter, uint64_t{kThreads} * kIncrements);
  EXPECT_TRUE(mutex.try_lock());
  EXPECT_FALSE(mutex.try_lock());
  mutex.unlock();
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

namespace satr {
namespace {

// Laying out into a used Layout must give exactly what a fresh one gets, whatever the
// Layout held before (more lines, a truncation, another paragraph count).
TEST(Reuse, LayoutIntoAUsedLayoutMatchesAFreshOne) {
  std::vector<std::string> texts = testing::article_paragraphs();
  texts.push_back(read_text(testing::source_path("examples/astana.txt")));  // Many paragraphs.
  texts.push_back("");
  texts.push_back("short");  // A Latin font in runs that held the Arabic one.
  texts.push_back("قصير");
  Context context;
  Layout reused;
  for (const int max_lines : {0, 2}) {
    ParagraphStyle style;
    style.width = 500;
    style.max_lines = max_lines;
    for (const std::string& text : texts) {
      layout_text_into(reused, text, testing::bundled(), style, &context);
      const Layout fresh = layout_text(text, testing::bundled(), style, &context);
      expect_identical(fresh, reused, "into");
      EXPECT_EQ(fresh.truncated, reused.truncated);
      ASSERT_EQ(fresh.paragraphs.size(), reused.paragraphs.size());
      EXPECT_EQ(fresh.runs.size(), reused.runs.size());
      EXPECT_EQ(fresh.glyphs.size(), reused.glyphs.size());
    }
  }
  // A failed layout leaves the target empty rather than holding the previous result.
  ParagraphStyle strict;
  strict.strict_utf8 = true;
  layout_text_into(reused, texts[0], testing::bundled(), strict, &context);
  ASSERT_FALSE(reused.lines.empty());
  EXPECT_THROW(layout_text_into(reused, "bad \xFF", testing::bundled(), strict, &context), Error);
  EXPECT_TRUE(reused.lines.empty());
  EXPECT_TRUE(reused.glyphs.empty());
  EXPECT_TRUE(reused.paragraphs.empty());
  EXPECT_EQ(reused.height, 0);

  // The batch form, into a vector that held a longer batch laid out at another width.
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<Layout> batch;
  ParagraphStyle wide;
  wide.width = 900;
  layout_batch_into(batch, views, testing::bundled(), wide, 2, &context);
  views.pop_back();
  ParagraphStyle narrow;
  narrow.width = 300;
  layout_batch_into(batch, views, testing::bundled(), narrow, 2, &context);
  ASSERT_EQ(batch.size(), views.size());
  for (std::size_t i = 0; i < views.size(); ++i) {
    expect_identical(layout_text(views[i], testing::bundled(), narrow, &context), batch[i],
                     "batch into");
  }
}

TEST(Batch, SameResultsAsOneByOneOnAnyNumberOfThreads) {
  std::vector<std::string> paragraphs = testing::article_paragraphs();
  std::vector<std::string_view> views(paragraphs.begin(), paragraphs.end());
  ParagraphStyle style;
  style.width = 600;
  Context context;
  for (unsigned threads : {1u, 2u, 4u}) {
    for (int round = 0; round < 3; ++round) {
      const std::vector<Layout> batch = layout_batch(views, testing::bundled(), style, threads, &context);
      ASSERT_EQ(batch.size(), views.size());
      for (std::size_t i = 0; i < views.size(); ++i) {
        expect_identical(layout_text(views[i], testing::bundled(), style), batch[i], "batch");
      }
    }
  }
  // Enough texts that each worker takes several consecutive ones at a time.
  std::vector<std::string_view> many;
  for (int k = 0; k < 40; ++k) many.insert(many.end(), views.begin(), views.end());
  const std::vector<Layout> reference = layout_batch(many, testing::bundled(), style, 1, &context);
  for (unsigned threads : {2u, 3u}) {
    const std::vector<Layout> batch =
        layout_batch(many, testing::bundled(), style, threads, &context);
    ASSERT_EQ(batch.size(), many.size());
    for (std::size_t i = 0; i < many.size(); ++i) {
      expect_identical(reference[i], batch[i], "chunks");
    }
  }
  EXPECT_TRUE(layout_batch({}, testing::bundled(), style, 2, &context).empty());

  // An error in one text is reported after all have run.
  views.push_back("x");
  style.strict_utf8 = true;
  paragraphs.push_back("bad \xFF");
  views.back() = paragraphs.back();
  EXPECT_THROW((void)layout_batch(views, testing::bundled(), style, 2, &context), Error);
}

// Each worker starts on its own share of the texts, of about equal length, then takes
// from the others': shares left empty by one long text, empty texts and more threads than
// texts must still give every text its layout.
TEST(Batch, UnevenTextsAndEmptyShares) {
  const std::string article = read_text(testing::source_path("examples/astana.txt"));
  const std::vector<std::string_view> texts = {article, "a", "", "عالم", "b", article, "c"};
  ParagraphStyle style;
  style.width = 400;
  Context context;
  for (unsigned threads : {2u, 3u, 5u, 7u, 16u}) {
    const std::vector<Layout> batch =
        layout_batch(texts, testing::bundled(), style, threads, &context);
    ASSERT_EQ(batch.size(), texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      expect_identical(layout_text(texts[i], testing::bundled(), style), batch[i], "uneven");
    }
  }
}

// Shares end at the text boundary nearest to their part of the total length.
TEST(Batch, SharesEndAtTheNearestBoundary) {
  const auto split = [](const std::vector<std::size_t>& lengths, std::size_t count) {
    std::vector<std::string> owned;
    for (std::size_t n : lengths) owned.emplace_back(n, 'x');
    const std::vector<std::string_view> texts(owned.begin(), owned.end());
    std::vector<std::size_t> ends(count, 99);
    detail::split_into_shares(texts, ends);
    return ends;
  };
  // The byte lengths of the article's paragraphs: the fifth crosses the middle (1,961 of
  // 3,922), from 1,598 to 2,181, and lies mostly before it.
  EXPECT_EQ(split({83, 716, 452, 343, 582, 250, 469, 603, 415}, 2),
            (std::vector<std::size_t>{5, 9}));
  EXPECT_EQ(split({10, 10, 30}, 2), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(split({10, 10, 10, 10}, 2), (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(split({10, 10, 10, 10}, 4), (std::vector<std::size_t>{1, 2, 3, 4}));
  // One long text: the first share ends before it when that is nearer, and shares after
  // it may be empty; the last share always reaches the end.
  EXPECT_EQ(split({1000, 1, 1}, 3), (std::vector<std::size_t>{0, 1, 3}));
  EXPECT_EQ(split({1, 1000, 1, 1}, 2), (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(split({0, 0, 0}, 2), (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(split({}, 2), (std::vector<std::size_t>{0, 0}));
  EXPECT_EQ(split({5, 6, 7}, 1), (std::vector<std::size_t>{3}));
}

// A small batch is dealt longest first, each text to the least loaded worker: the
// article's nine paragraphs come to 1,975 and 1,947 bytes on two workers, where contiguous
// shares could do no better than 2,181 and 1,741.
TEST(Batch, SmallBatchesAreDealtLongestFirst) {
  const auto deal = [](const std::vector<std::size_t>& lengths, std::size_t workers) {
    std::vector<std::string> owned;
    for (std::size_t n : lengths) owned.emplace_back(n, 'x');
    const std::vector<std::string_view> texts(owned.begin(), owned.end());
    std::vector<uint32_t> order(texts.size(), 99);
    std::vector<std::size_t> ends(workers, 99);
    detail::deal_longest_first(texts, order, ends);
    return std::pair(order, ends);
  };
  const std::vector<std::size_t> article = {83, 716, 452, 343, 582, 250, 469, 603, 415};
  const auto [order, ends] = deal(article, 2);
  EXPECT_EQ(order, (std::vector<uint32_t>{1, 6, 2, 5, 0, 7, 4, 8, 3}));
  EXPECT_EQ(ends, (std::vector<std::size_t>{5, 9}));
  std::size_t first = 0;
  for (std::size_t at = 0; at < ends[0]; ++at) first += article[order[at]] + 1;
  EXPECT_EQ(first, 1975u);
  // Ties go to the lower worker; equal lengths keep their order; a worker may get nothing.
  EXPECT_EQ(deal({5, 5, 5, 5}, 2),
            std::pair(std::vector<uint32_t>{0, 2, 1, 3}, std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(deal({9, 1}, 3),
            std::pair(std::vector<uint32_t>{0, 1}, std::vector<std::size_t>{1, 2, 2}));
  EXPECT_EQ(deal({}, 2), std::pair(std::vector<uint32_t>{}, std::vector<std::size_t>{0, 0}));
  // Every text is dealt exactly once, and no worker ends up with more than the least loaded
  // one plus its own shortest text.
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::size_t> lengths(1 + random() % detail::kMaxDealtTexts);
    for (std::size_t& n : lengths) n = random() % 2000;
    const std::size_t workers = 2 + random() % 6;
    const auto [dealt, bounds] = deal(lengths, workers);
    std::vector<uint32_t> sorted = dealt;
    std::sort(sorted.begin(), sorted.end());
    for (uint32_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i);
    std::vector<std::size_t> load(workers, 0), shortest(workers, SIZE_MAX);
    for (std::size_t k = 0, at = 0; k < workers; ++k) {
      for (; at < bounds[k]; ++at) {
        load[k] += lengths[dealt[at]] + 1;
        shortest[k] = std::min(shortest[k], lengths[dealt[at]] + 1);
      }
    }
    const std::size_t least = *std::min_element(load.begin(), load.end());
    for (std::size_t k = 0; k < workers; ++k) {
      if (load[k] > 0) ASSERT_LE(load[k] - shortest[k], least);
    }
  }
}

// A thread gets back the workspace it used last, when it is free, whatever was released
// after it: workers laying out batch after batch keep their arrays in their own core's
// cache instead of swapping workspaces.
TEST(Workspaces, AThreadGetsBackTheOneItUsedLast) {
  Context context;
  Context::Impl& impl = context.impl();
  std::unique_ptr<detail::Workspace> mine = impl.acquire_workspace();
  const detail::Workspace* const mine_address = mine.get();
  const detail::Workspace* theirs_address = nullptr;
  std::latch theirs_acquired(1), mine_released(1);
  std::thread other([&] {
    std::unique_ptr<detail::Workspace> theirs = impl.acquire_workspace();  // A new one.
    theirs_address = theirs.get();
    theirs_acquired.count_down();
    mine_released.wait();
    impl.release_workspace(std::move(theirs));  // Released last: on top of the pool.
  });
  theirs_acquired.wait();
  impl.release_workspace(std::move(mine));
  mine_released.count_down();
  other.join();
  ASSERT_NE(theirs_address, mine_address);
  std::unique_ptr<detail::Workspace> again = impl.acquire_workspace();
  EXPECT_EQ(again.get(), mine_address);
  impl.release_workspace(std::move(again));
}

// The pool's helpers poll for a while after each batch before they sleep: batches in
// quick succession are picked up while they poll, batches after a pause wake them from
// sleep, and a Context destroyed while they poll must stop them.
TEST(Batch, BackToBackBatchesAndPausesBetweenThem) {
  const std::vector<std::string_view> views = {"سلام abc", "عالم 123", "x"};
  ParagraphStyle style;
  style.width = 300;
  std::vector<Layout> reference;
  for (std::string_view v : views) reference.push_back(layout_text(v, testing::bundled(), style));
  for (int context_round = 0; context_round < 20; ++context_round) {
    Context context;
    std::vector<Layout> out;
    for (int batch = 0; batch < 50; ++batch) {
      if (batch == 25) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      layout_batch_into(out, views, testing::bundled(), style, 2, &context);
      ASSERT_EQ(out.size(), views.size());
      for (std::size_t i = 0; i < views.size(); ++i) {
        expect_identical(reference[i], out[i], "back to back");
      }
    }
  }  // Each Context goes while its helper may still be polling.
}

}  // namespace
}  // namespace satr
