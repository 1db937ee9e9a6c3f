#include "cli/utf8.hpp"

namespace satr::cli {

std::vector<bool> character_boundaries(std::string_view text) {
  std::vector<bool> boundary(text.size() + 1, false);
  std::size_t pos = 0;
  while (pos < text.size()) {
    boundary[pos] = true;
    const std::string_view rest = text.substr(pos);
    const std::size_t length = utf8_sequence_length(rest);
    pos += length != 0 ? length : utf8_invalid_length(rest);
  }
  boundary[text.size()] = true;
  return boundary;
}

}  // namespace satr::cli
