// satr — half-open ranges of UTF-8 byte offsets.
#pragma once

#include <cstdint>

namespace satr {

/// A half-open range [start, end) of UTF-8 byte offsets into the caller's text.
struct Range {
  uint32_t start = 0;
  uint32_t end = 0;

  constexpr uint32_t length() const { return end - start; }
  constexpr bool empty() const { return end <= start; }
  constexpr bool contains(uint32_t offset) const { return offset >= start && offset < end; }
  friend constexpr bool operator==(const Range&, const Range&) = default;
};

}  // namespace satr
