#include "satr/batch.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "runtime/batch_shares.hpp"
#include "runtime/context_impl.hpp"
#include "satr/context.hpp"

namespace satr {
namespace {

// Workers of one batch at most; more threads than this are not started. Shares live on
// the stack, so that a batch laid out again allocates nothing.
constexpr unsigned kMaxWorkers = 64;

// One worker's texts [next, end); `next` moves forward as chunks are taken. A cache line
// each, so that workers taking chunks do not slow each other down.
struct alignas(64) Share {
  std::atomic<std::size_t> next{0};
  std::size_t end = 0;
};

}  // namespace

namespace detail {

void split_into_shares(std::span<const std::string_view> texts, std::span<std::size_t> ends) {
  std::size_t total = 0;
  for (const std::string_view text : texts) total += text.size() + 1;
  const std::size_t count = ends.size();
  std::size_t index = 0;
  std::size_t length_before = 0;
  for (std::size_t k = 0; k < count; ++k) {
    // Nearest, not always up to the end of the crossing text, which could give a share
    // almost a whole text more than its part; nor always down, which leaves texts for
    // other workers to take (slower, see layout_batch_into).
    const std::size_t target = total / count * (k + 1);
    const bool last = k + 1 == count;
    while (index < texts.size() && (last || length_before < target)) {
      const std::size_t after = length_before + texts[index].size() + 1;
      if (!last && after > target && after - target > target - length_before) break;
      length_before = after;
      ++index;
    }
    ends[k] = index;
  }
}

void deal_longest_first(std::span<const std::string_view> texts, std::span<uint32_t> order,
                        std::span<std::size_t> ends) {
  const std::size_t n = texts.size();
  const std::size_t workers = ends.size();
  std::array<uint32_t, kMaxDealtTexts> by_length;
  for (uint32_t i = 0; i < n; ++i) by_length[i] = i;
  // std::sort with the index as tie-break, not std::stable_sort, which allocates a buffer.
  std::sort(by_length.begin(), by_length.begin() + n, [&](uint32_t a, uint32_t b) {
    return texts[a].size() != texts[b].size() ? texts[a].size() > texts[b].size() : a < b;
  });
  std::array<std::size_t, kMaxDealtTexts> load{};
  std::array<uint8_t, kMaxDealtTexts> worker_of;
  for (std::size_t r = 0; r < n; ++r) {
    std::size_t least = 0;
    for (std::size_t k = 1; k < workers; ++k) {
      if (load[k] < load[least]) least = k;
    }
    load[least] += texts[by_length[r]].size() + 1;
    worker_of[r] = static_cast<uint8_t>(least);
  }
  std::size_t at = 0;
  for (std::size_t k = 0; k < workers; ++k) {
    for (std::size_t r = 0; r < n; ++r) {
      if (worker_of[r] == k) order[at++] = by_length[r];
    }
    ends[k] = at;
  }
}

}  // namespace detail

std::vector<Layout> layout_batch(std::span<const std::string_view> texts,
                                 const FontCollection& fonts, const ParagraphStyle& style,
                                 unsigned threads, Context* context) {
  std::vector<Layout> results;
  layout_batch_into(results, texts, fonts, style, threads, context);
  return results;
}

void layout_batch_into(std::vector<Layout>& out, std::span<const std::string_view> texts,
                       const FontCollection& fonts, const ParagraphStyle& style,
                       unsigned threads, Context* context) {
  out.resize(texts.size());
  if (texts.empty()) return;
  // The error of the first failing text (in text order) is the one rethrown.
  std::mutex error_mutex;
  std::size_t first_failed = texts.size();
  std::exception_ptr first_error;
  Context& ctx = context ? *context : Context::default_context();
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, texts.size()));

  // Each worker owns a share of the texts, of about equal total length, and takes it in
  // small chunks from the front; when its share is done it takes chunks of the others'
  // shares, so a few long texts do not leave anyone idle. A batch of a few texts is dealt
  // longest first, each text to the least loaded worker: cut into contiguous shares, the
  // article's nine paragraphs gave one of two workers 56% of the work, and taking from
  // another's share does not even that out (below). Larger batches are cut into contiguous
  // shares, which even out by themselves.
  //
  // The shares are the same each time the same texts are laid out, and the calling thread
  // always takes the first: a batch laid out again finds each text's cached paragraphs in
  // the cache of the core that read them last time. A text laid out by a different core
  // from one batch to the next is slower than the imbalance that taking it saves (measured
  // with shares cut short on purpose: 1.1-1.3 times faster on two threads than on one,
  // against 1.6-1.7). Each worker keeps one workspace for all its texts, and gets the same
  // one back in the next batch (see Context::Impl::acquire_workspace).
  threads = std::min(threads, kMaxWorkers);
  std::array<Share, kMaxWorkers> shares;
  std::array<std::size_t, kMaxWorkers> ends;
  std::array<uint32_t, detail::kMaxDealtTexts> dealt_order;
  const bool dealt = threads > 1 && texts.size() <= detail::kMaxDealtTexts;
  if (dealt) {
    detail::deal_longest_first(texts, dealt_order, std::span(ends).first(threads));
  } else {
    detail::split_into_shares(texts, std::span(ends).first(threads));
  }
  for (unsigned k = 0; k < threads; ++k) {
    shares[k].next.store(k == 0 ? 0 : ends[k - 1], std::memory_order_relaxed);
    shares[k].end = ends[k];
  }
  const std::size_t chunk =
      std::clamp<std::size_t>(texts.size() / (std::size_t{threads} * 16), 1, 32);
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<unsigned> next_helper{1};
  const auto work = [&] {
    const unsigned me = std::this_thread::get_id() == caller
                            ? 0
                            : next_helper.fetch_add(1, std::memory_order_relaxed);
    if (me >= threads) return;
    detail::BorrowedWorkspace workspace(ctx.impl());
    for (unsigned step = 0; step < threads; ++step) {
      Share& share = shares[(me + step) % threads];
      for (std::size_t begin = share.next.fetch_add(chunk); begin < share.end;
           begin = share.next.fetch_add(chunk)) {
        const std::size_t end = std::min(begin + chunk, share.end);
        for (std::size_t at = begin; at < end; ++at) {
          const std::size_t i = dealt ? dealt_order[at] : at;
          try {
            detail::layout_into({texts[i], fonts, style, {}}, ctx.impl().layout_caches(),
                                workspace->scratch, out[i]);
          } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (i < first_failed) {
              first_failed = i;
              first_error = std::current_exception();
            }
          }
        }
      }
    }
  };
  if (threads <= 1) {
    work();
  } else {
    // Passed by reference: a std::function holding the lambda itself would allocate.
    ctx.impl().thread_pool.run(threads - 1, std::ref(work));
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace satr
