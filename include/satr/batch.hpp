// satr — laying out many independent texts on several threads.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "satr/layout.hpp"

namespace satr {

class Context;

/// Lays out every text of `texts` with the same fonts and style, on `threads` worker threads
/// (0 = one per hardware thread; at most 64). Result i belongs to texts[i]; results are
/// identical to calling layout_text on each text in turn. The threads share `context`
/// (nullptr: the default context) and so its caches. If any text fails, the first Error (in
/// text order) is rethrown after all workers have stopped.
[[nodiscard]] std::vector<Layout> layout_batch(std::span<const std::string_view> texts,
                                               const FontCollection& fonts,
                                               const ParagraphStyle& style,
                                               unsigned threads = 0,
                                               Context* context = nullptr);

/// layout_batch into `out`, resized to texts.size(), reusing the arrays of the Layouts
/// already there (see layout_text_into): a batch laid out again into the same vector
/// allocates nothing once they have grown. If any text fails, the first Error is rethrown
/// after all workers have stopped, and the failed texts' Layouts are left empty.
void layout_batch_into(std::vector<Layout>& out, std::span<const std::string_view> texts,
                       const FontCollection& fonts, const ParagraphStyle& style,
                       unsigned threads = 0, Context* context = nullptr);

}  // namespace satr
