// The runtime: laying out into used Layouts, batches on threads, workspaces.
#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "runtime/batch_shares.hpp"
#include "runtime/context_impl.hpp"
#include "test_support.hpp"

namespace satr {
namespace {

using testing::expect_identical;
using testing::read_text;

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
