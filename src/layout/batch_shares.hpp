// How layout_batch divides its texts among its workers.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace satr::detail {

/// Cuts `texts` into `ends.size()` contiguous shares of about equal total length (a text
/// counts its bytes plus one, so empty texts weigh something): share k is
/// [ends[k-1], ends[k]) (share 0 starts at 0), and the last one ends at texts.size(). Each
/// share ends at the text boundary nearest to its part of the total, so a text that
/// crosses the mark goes to the side it mostly lies on. A share may be empty after a very
/// long text.
void split_into_shares(std::span<const std::string_view> texts, std::span<std::size_t> ends);

}  // namespace satr::detail
