#include "satr/batch.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <thread>

#include "layout/context_impl.hpp"
#include "satr/context.hpp"

namespace satr {

std::vector<Layout> layout_batch(std::span<const std::string_view> texts,
                                 const FontCollection& fonts, const ParagraphStyle& style,
                                 unsigned threads, Context* context) {
  std::vector<Layout> results(texts.size());
  std::vector<std::exception_ptr> errors(texts.size());
  Context& ctx = context ? *context : Context::default_context();
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, texts.size()));

  // Work is handed out one text at a time from a shared counter, so a few long texts do
  // not leave the other workers idle.
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next.fetch_add(1); i < texts.size(); i = next.fetch_add(1)) {
      try {
        results[i] = layout_text(texts[i], fonts, style, &ctx);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  if (threads <= 1) {
    work();
  } else {
    ctx.impl().thread_pool.run(threads - 1, work);
  }
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
  return results;
}

}  // namespace satr
