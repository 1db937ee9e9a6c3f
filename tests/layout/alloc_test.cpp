// Heap allocations in steady state: a warm layout allocates a small constant whatever the
// paragraph's length, and laying out again into used results allocates nothing, on one
// thread or in a batch on two. Counted with the benchmark's replacement of the global
// operator new (C++ allocations of satr and the standard library).
#include <gtest/gtest.h>

#include <satr/batch.hpp>
#include <satr/context.hpp>
#include <satr/layout.hpp>

#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "test_support.hpp"

namespace satr {
namespace {

using satr_bench::AllocScope;
using testing::article_paragraphs;

ParagraphStyle style_at(float width) {
  ParagraphStyle style;
  style.width = width;
  return style;
}

// The paragraph cache stores a paragraph on its second sighting and keeps its lines on the
// first hit: three passes make a layout warm.
constexpr int kWarmingPasses = 3;

TEST(Allocations, WarmLayoutIntoAUsedLayoutMakesNone) {
  Context context;
  const ParagraphStyle style = style_at(600);
  Layout layout;
  for (const std::string& paragraph : article_paragraphs()) {
    for (int k = 0; k < kWarmingPasses; ++k) {
      layout_text_into(layout, paragraph, testing::bundled(), style, &context);
    }
    const AllocScope scope;
    layout_text_into(layout, paragraph, testing::bundled(), style, &context);
    EXPECT_EQ(scope.counts().cpp, 0u) << paragraph.substr(0, 40);
  }
}

TEST(Allocations, WarmLayoutTextMakesAsManyForAShortParagraphAsForALongOne) {
  Context context;
  const ParagraphStyle style = style_at(600);
  std::string long_paragraph;
  for (const std::string& paragraph : article_paragraphs()) long_paragraph += paragraph + " ";
  std::vector<uint64_t> counts;
  for (const std::string& text : {std::string("سلام"), article_paragraphs()[1], long_paragraph}) {
    for (int k = 0; k < kWarmingPasses; ++k) {
      (void)layout_text(text, testing::bundled(), style, &context);
    }
    const AllocScope scope;
    const Layout layout = layout_text(text, testing::bundled(), style, &context);
    counts.push_back(scope.counts().cpp);
  }
  EXPECT_EQ(counts[0], counts[1]);
  EXPECT_EQ(counts[0], counts[2]);
  EXPECT_LE(counts[0], 4u);  // The returned Layout's arrays.
}

// Which worker lays out which text can change from batch to batch (a worker that finishes
// first takes the others' texts; a helper kept off its core misses a batch), and a workspace
// grows when it meets a longer text than before. So a batch may allocate now and then, but
// not batch after batch.
void expect_batches_allocate_nothing(const std::vector<std::string>& owned) {
  const std::vector<std::string_view> texts(owned.begin(), owned.end());
  Context context;
  const ParagraphStyle style = style_at(600);
  std::vector<Layout> out;
  for (int k = 0; k < kWarmingPasses + 2; ++k) {
    layout_batch_into(out, texts, testing::bundled(), style, 2, &context);
  }
  constexpr int kBatches = 20;
  int batches_that_allocated = 0;
  for (int k = 0; k < kBatches; ++k) {
    const AllocScope scope;
    layout_batch_into(out, texts, testing::bundled(), style, 2, &context);
    batches_that_allocated += scope.counts().cpp != 0;
  }
  EXPECT_LE(batches_that_allocated, 3) << "of " << kBatches << " batches of " << texts.size();
}

TEST(Allocations, BatchesOfAFewTextsAllocateNothing) {
  expect_batches_allocate_nothing(article_paragraphs());
}

TEST(Allocations, BatchesOfManyTextsAllocateNothing) {
  std::vector<std::string> many;
  for (int k = 0; k < 12; ++k) {
    for (const std::string& paragraph : article_paragraphs()) many.push_back(paragraph);
  }
  expect_batches_allocate_nothing(many);
}

}  // namespace
}  // namespace satr
