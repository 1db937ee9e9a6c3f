// satr::Color::parse.
#include <string>

#include "satr/error.hpp"
#include "satr/color.hpp"

namespace satr {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

[[noreturn]] void throw_invalid(std::string_view text) {
  // The message must stay one short line whatever the caller passed.
  std::string shown;
  for (char c : text.substr(0, 40)) shown += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  if (text.size() > 40) shown += "...";
  throw Error(
      ErrorCode::InvalidArgument,
      "invalid colour '" + shown + "' (expected #rrggbb, #rrggbbaa, black, white or transparent)");
}

}  // namespace

Color Color::parse(std::string_view text) {
  if (equals_ignoring_case(text, "black")) return Color{0, 0, 0, 255};
  if (equals_ignoring_case(text, "white")) return Color{255, 255, 255, 255};
  if (equals_ignoring_case(text, "transparent")) return Color{0, 0, 0, 0};
  if ((text.size() != 7 && text.size() != 9) || text[0] != '#') throw_invalid(text);
  uint8_t channels[4] = {0, 0, 0, 255};
  for (std::size_t i = 0; i * 2 + 1 < text.size(); ++i) {
    const int high = hex_value(text[1 + i * 2]);
    const int low = hex_value(text[2 + i * 2]);
    if (high < 0 || low < 0) throw_invalid(text);
    channels[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return Color{channels[0], channels[1], channels[2], channels[3]};
}

}  // namespace satr
