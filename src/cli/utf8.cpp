#include "cli/utf8.hpp"

namespace satr::cli {
namespace {

/// For a lead byte: the sequence length and the range allowed for the second byte, which
/// is where overlong forms, surrogates and values past U+10FFFF are excluded.
struct LeadInfo {
  std::size_t length = 0;  // 0: not a lead byte
  unsigned char low = 0x80, high = 0xBF;
};

LeadInfo lead_info(unsigned char lead) {
  if (lead < 0x80) return {1};
  if (lead >= 0xC2 && lead <= 0xDF) return {2};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};
  if (lead >= 0xE1 && lead <= 0xEF) return {3};
  if (lead == 0xF0) return {4, 0x90, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};
  if (lead >= 0xF1 && lead <= 0xF3) return {4};
  return {};
}

/// How many bytes from the start of `s` follow the pattern of a well-formed sequence.
std::size_t matching_prefix(std::string_view s, const LeadInfo& info) {
  std::size_t i = 1;
  for (; i < info.length && i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const unsigned char low = i == 1 ? info.low : 0x80;
    const unsigned char high = i == 1 ? info.high : 0xBF;
    if (c < low || c > high) break;
  }
  return i;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s) {
  if (s.empty()) return 0;
  const LeadInfo info = lead_info(static_cast<unsigned char>(s[0]));
  if (info.length == 0) return 0;
  return matching_prefix(s, info) == info.length ? info.length : 0;
}

std::size_t utf8_maximal_subpart(std::string_view s) {
  const LeadInfo info = lead_info(static_cast<unsigned char>(s[0]));
  if (info.length == 0) return 1;
  return matching_prefix(s, info);
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::vector<bool> character_boundaries(std::string_view text) {
  std::vector<bool> boundary(text.size() + 1, false);
  std::size_t pos = 0;
  while (pos < text.size()) {
    boundary[pos] = true;
    const std::string_view rest = text.substr(pos);
    const std::size_t length = utf8_sequence_length(rest);
    pos += length != 0 ? length : utf8_maximal_subpart(rest);
  }
  boundary[text.size()] = true;
  return boundary;
}

}  // namespace satr::cli
