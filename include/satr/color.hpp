// satr — colours.
#pragma once

#include <cstdint>
#include <string_view>

namespace satr {

/// A straight (not premultiplied) RGBA colour.
struct Color {
  uint8_t r = 0, g = 0, b = 0, a = 255;

  /// Parses "#rrggbb", "#rrggbbaa", "black", "white" or "transparent".
  /// Throws Error(InvalidArgument) naming the text otherwise.
  static Color parse(std::string_view text);
  friend bool operator==(const Color&, const Color&) = default;
};

}  // namespace satr
