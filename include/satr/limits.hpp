// satr — the limits that bound the work on hostile input. Each is enforced in one place,
// before the work or allocation it bounds; past it, satr throws Error(LimitExceeded).
#pragma once

#include <cstddef>

namespace satr {

inline constexpr std::size_t kMaxTextBytes = 64u << 20;  ///< UTF-8 bytes of one layout's text.
inline constexpr float kMaxFontSize = 2048.0f;           ///< px per em, of the text or a span.
/// The smallest font size, px per em: FreeType's 1/64 px step. Below it nothing can be drawn,
/// and a size near zero makes every length (a tatweel, a space) near zero too.
inline constexpr float kMinFontSize = 1.0f / 64;
inline constexpr std::size_t kMaxSpans = 65535 / 2;      ///< Styled spans of one layout.
inline constexpr int kMaxImageDimension = 16384;         ///< px, either side of an image.

}  // namespace satr
