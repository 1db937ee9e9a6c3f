// The paragraph cache on its own: what a lookup returns is what was stored for exactly
// that key, eviction keeps within the budget and spares what is in use, and a paragraph a
// layout still reads outlives its eviction.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <tuple>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cache/paragraph_cache.hpp"
#include "stage_support.hpp"

namespace satr::detail {
namespace {

// A paragraph whose every array is derived from its text, so that a hit can be checked
// against the text it was looked up with.
ShapedParagraph paragraph_for(const std::u16string& text) {
  ShapedParagraph p;
  p.text = text;
  const auto n = static_cast<uint32_t>(text.size());
  p.paragraph_level = text.size() % 2;
  for (uint32_t i = 0; i < n; ++i) p.levels.push_back(static_cast<uint8_t>(text[i] % 3));
  for (uint32_t i = 0; i <= n; ++i) p.flags.push_back(static_cast<uint8_t>(i * 7 + n));
  p.items.push_back(Item{0, n, 1, HB_SCRIPT_ARABIC, n % 5, 0});
  p.item_glyphs = {0, n};
  for (uint32_t i = 0; i < n; ++i) {
    p.glyphs.push_back(ShapedGlyph{text[i] + 1000u, i, static_cast<int32_t>(text[i]), 1, -2, 0});
  }
  for (uint32_t i = 0; i <= n; ++i) p.prefix_width.push_back(i * 1.5 + text.size());
  if (n % 3 == 0) {
    const std::u16string shaped = text + u"\u0640";
    p.shaped_text.assign(shaped.begin(), shaped.end());
  }
  return p;
}

// Checks every array of `view` against paragraph_for(text).
void expect_paragraph_of(const ShapedParagraphView& view, const std::u16string& text) {
  const ShapedParagraph expected = paragraph_for(text);
  ASSERT_EQ(view.text, text);
  EXPECT_TRUE(std::equal(view.shaped_text.begin(), view.shaped_text.end(),
                         expected.shaped_text.begin(), expected.shaped_text.end()));
  EXPECT_EQ(view.paragraph_level, expected.paragraph_level);
  ASSERT_EQ(view.levels.size(), expected.levels.size());
  ASSERT_EQ(view.flags.size(), expected.flags.size());
  ASSERT_EQ(view.glyphs.size(), expected.glyphs.size());
  ASSERT_EQ(view.prefix_width.size(), expected.prefix_width.size());
  ASSERT_EQ(view.items.size(), 1u);
  EXPECT_EQ(view.items[0].font_index, expected.items[0].font_index);
  EXPECT_EQ(view.item_glyphs.back(), text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    EXPECT_EQ(view.levels[i], expected.levels[i]);
    EXPECT_EQ(view.glyphs[i].glyph_id, expected.glyphs[i].glyph_id);
    EXPECT_EQ(view.glyphs[i].advance, expected.glyphs[i].advance);
  }
  for (std::size_t i = 0; i <= text.size(); ++i) {
    EXPECT_EQ(view.flags[i], expected.flags[i]);
    EXPECT_EQ(view.prefix_width[i], expected.prefix_width[i]);
  }
  EXPECT_TRUE(view.style_of.empty());
  EXPECT_TRUE(view.kashida.empty());
}

std::u16string text_number(int k) {
  std::u16string text = u"فقرة ";
  for (int v = k; v > 0; v /= 10) text.push_back(static_cast<char16_t>(u'٠' + v % 10));
  return text;
}

// Stores a paragraph: the cache admits one on its second sighting.
void store(ParagraphCache& cache, const std::u16string& text, const std::string& settings) {
  const ShapedParagraph p = paragraph_for(text);
  const uint64_t hash = ParagraphCache::hash_of(text, settings);
  cache.insert(hash, text, settings, p);
  cache.insert(hash, text, settings, p);
}

ParagraphCache::Ref find(ParagraphCache& cache, const std::u16string& text,
                         const std::string& settings) {
  return cache.lookup(ParagraphCache::hash_of(text, settings), text, settings);
}

TEST(ParagraphCacheTable, FindsEveryParagraphItHoldsAndNothingElse) {
  ParagraphCache cache(64 << 20);  // Room for all: the table grows many times.
  const std::string settings = "a";
  for (int k = 0; k < 3000; ++k) store(cache, text_number(k), settings);
  for (int k = 0; k < 3000; ++k) {
    const ParagraphCache::Ref ref = find(cache, text_number(k), settings);
    ASSERT_TRUE(ref) << k;
    expect_paragraph_of(ref.view(), text_number(k));
  }
  EXPECT_FALSE(find(cache, text_number(3000), settings));
  EXPECT_FALSE(find(cache, text_number(5), "b")) << "the settings are part of the key";
  EXPECT_EQ(cache.hits(), 3000u);

  cache.clear();
  EXPECT_FALSE(find(cache, text_number(5), settings));
}

TEST(ParagraphCacheTable, SeenOnceIsNotStored) {
  ParagraphCache cache(1 << 20);
  const std::u16string text = u"مرة واحدة";
  cache.insert(ParagraphCache::hash_of(text, ""), text, "", paragraph_for(text));
  EXPECT_FALSE(find(cache, text, ""));
}

TEST(ParagraphCacheTable, EvictionKeepsWhatIsUsedAndAnswersRightForTheRest) {
  // A budget far smaller than the paragraphs stored: most are evicted, in a random order
  // of inserts and lookups; every hit must still be the paragraph asked for.
  ParagraphCache cache(64 << 10);
  const std::string settings = "s";
  const std::u16string hot = u"الفقرة التي تقرأ كثيرا";
  store(cache, hot, settings);
  std::mt19937 random(7);
  int hits = 0;
  for (int round = 0; round < 20000; ++round) {
    const int k = static_cast<int>(random() % 4000);
    if (random() % 2 == 0) {
      store(cache, text_number(k), settings);
    } else if (const ParagraphCache::Ref ref = find(cache, text_number(k), settings)) {
      ASSERT_EQ(ref.view().text, text_number(k));
      if (round % 50 == 0) expect_paragraph_of(ref.view(), text_number(k));
      ++hits;
    }
    if (round % 8 == 0) {
      ASSERT_TRUE(find(cache, hot, settings)) << "a paragraph hit between sweeps stays";
    }
  }
  EXPECT_GT(hits, 20);
  EXPECT_LT(hits, 10000) << "the budget does evict";
}

TEST(ParagraphCacheTable, EveryParagraphStillStoredIsFoundAfterEvictions) {
  // Evictions take entries out of the middle of probe sequences; the ones left behind
  // must all stay reachable.
  ParagraphCache cache(256 << 10);
  const std::string settings = "e";
  std::mt19937 random(11);
  for (int round = 0; round < 6000; ++round) {
    store(cache, text_number(static_cast<int>(random() % 3000)), settings);
  }
  std::size_t found = 0;
  for (int k = 0; k < 3000; ++k) {
    if (const ParagraphCache::Ref ref = find(cache, text_number(k), settings)) {
      ASSERT_EQ(ref.view().text, text_number(k));
      ++found;
    }
  }
  EXPECT_GT(found, 100u);
  EXPECT_LT(found, 1500u) << "the budget does evict";
  EXPECT_EQ(found, cache.paragraphs());
}

TEST(ParagraphCacheTable, ParagraphInUseOutlivesEvictionAndClear) {
  ParagraphCache cache(1 << 20);
  const std::u16string text = u"نص يقرأ بعد إخلاء الذاكرة";
  store(cache, text, "");
  ParagraphCache::Ref ref = find(cache, text, "");
  ASSERT_TRUE(ref);
  cache.set_byte_budget(0);  // Evicts everything.
  EXPECT_FALSE(find(cache, text, ""));
  cache.clear();
  expect_paragraph_of(ref.view(), text);  // Still readable (AddressSanitizer checks it).
  ParagraphCache::Ref moved = std::move(ref);
  EXPECT_FALSE(ref);
  expect_paragraph_of(moved.view(), text);
}

TEST(ParagraphCacheTable, ThreadsInsertLookUpAndEvictAtOnce) {
  ParagraphCache cache(32 << 10);
  std::atomic<int> wrong{0};
  std::atomic<int> hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(t);
      for (int round = 0; round < 4000; ++round) {
        const int k = static_cast<int>(random() % 300);
        const std::u16string text = text_number(k);
        if (random() % 3 == 0) {
          store(cache, text, "x");
        } else if (const ParagraphCache::Ref ref = find(cache, text, "x")) {
          const ShapedParagraphView& view = ref.view();
          if (view.text != text || view.glyphs.size() != text.size() ||
              view.glyphs.back().glyph_id != text.back() + 1000u) {
            ++wrong;
          }
          ++hits;
        }
        if (round % 1000 == 999 && t == 0) cache.clear();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(hits, 0);
}

// The cache keeps a shaped paragraph field for field: every scalar and every array that
// ShapedParagraph lists (arrays_of, scalars_of) comes back from a lookup as it went in.
// A field added to the paragraph is covered without changing this test.
TEST(ParagraphCache, AStoredParagraphKeepsEveryField) {
  ParagraphStyle style;
  style.width = 300;
  style.align = Align::Justify;  // Kashida sites and line breaks are filled in too.
  style.digits = Digits::Persian;  // And the shaped text differs from the text.
  testing::ShapedText shaped("في 12 يونيو قال الناطق باسم وزارة الخارجية", style);
  shaped.find_breaks();
  const ShapedParagraph& p = shaped.paragraph();
  ASSERT_FALSE(p.kashida.empty());
  ASSERT_FALSE(p.shaped_text.empty());
  ASSERT_TRUE(p.has_breaks());

  ParagraphCache cache(1 << 20);
  const std::u16string text(p.text);
  const uint64_t hash = ParagraphCache::hash_of(text, "settings");
  cache.insert(hash, text, "settings", p);
  cache.insert(hash, text, "settings", p);
  const ParagraphCache::Ref ref = cache.lookup(hash, text, "settings");
  ASSERT_TRUE(ref);
  const ShapedParagraphView& stored = ref.view();
  EXPECT_EQ(stored.text, p.text);
  int fields = 0;
  for_each_field(stored, p, [&](const auto& kept, const auto& original) {
    ++fields;
    if constexpr (requires { original.data(); }) {
      ASSERT_EQ(kept.size(), original.size()) << "field " << fields;
      // memcmp on an empty field would pass null pointers.
      if (!original.empty())
        EXPECT_EQ(std::memcmp(kept.data(), original.data(), kept.size_bytes()), 0)
            << "field " << fields;
    } else {
      EXPECT_EQ(kept, original) << "field " << fields;
    }
  });
  EXPECT_EQ(fields, std::tuple_size_v<decltype(ShapedParagraph::arrays_of(p))> +
                        std::tuple_size_v<decltype(ShapedParagraph::scalars_of(p))>);
}

}  // namespace
}  // namespace satr::detail
