// How layout_batch divides its texts among its workers.
#pragma once

#include <cstddef>
#include <cstdint>
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

/// Deals `texts` (at most kMaxDealtTexts) to `ends.size()` workers, longest first, each to
/// the worker whose total is least so far (ties to the lower worker; lengths count as in
/// split_into_shares). Writes the text indices to `order` (texts.size() entries), worker
/// after worker and each worker's longest first: worker k's texts are order[ends[k-1],
/// ends[k]). The same texts are always dealt alike.
void deal_longest_first(std::span<const std::string_view> texts, std::span<uint32_t> order,
                        std::span<std::size_t> ends);

/// Batches up to this many texts are dealt, larger ones split (their shares even out).
inline constexpr std::size_t kMaxDealtTexts = 64;

}  // namespace satr::detail
