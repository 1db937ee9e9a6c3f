#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shape/word_cache.hpp"

namespace satr {
namespace {

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

}  // namespace
}  // namespace satr
