#include "satr/batch.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "layout/context_impl.hpp"
#include "satr/context.hpp"

namespace satr {

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

  // Work is handed out in small chunks of consecutive texts from a shared counter: a few
  // long texts do not leave the other workers idle, the counter is touched once per chunk
  // rather than per text, and neighbouring results (which share cache lines) are mostly
  // written by the same thread. Each worker keeps one workspace for all its texts.
  const std::size_t chunk =
      std::clamp<std::size_t>(texts.size() / (std::size_t{threads} * 16), 1, 32);
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    detail::BorrowedWorkspace workspace(ctx.impl());
    for (std::size_t begin = next.fetch_add(chunk); begin < texts.size();
         begin = next.fetch_add(chunk)) {
      const std::size_t end = std::min(begin + chunk, texts.size());
      for (std::size_t i = begin; i < end; ++i) {
        try {
          detail::layout_in_workspace(*workspace, ctx, texts[i], fonts, style, {}, out[i]);
        } catch (...) {
          const std::lock_guard lock(error_mutex);
          if (i < first_failed) {
            first_failed = i;
            first_error = std::current_exception();
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
