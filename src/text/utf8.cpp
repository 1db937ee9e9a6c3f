#include "text/utf8.hpp"

#include <bit>
#include <cstring>
#include <string>

#include "satr/error.hpp"
#include "satr/limits.hpp"
#include "satr/utf8.hpp"

namespace satr::detail {
namespace {

constexpr char16_t kReplacement = 0xFFFD;

}  // namespace

// Table 3-7 of the Unicode Standard: the second byte's range depends on the lead byte,
// which excludes overlongs and surrogates.
int decode_sequence(std::string_view text, std::size_t i, char32_t& code_point, int& bad_length) {
  const auto byte = [&](std::size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t lead = byte(i);
  int length;
  uint8_t low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else if (lead < 0x80) {
    code_point = lead;
    return 1;
  } else {
    bad_length = 1;  // A stray continuation byte, C0, C1 or F5..FF.
    return 0;
  }
  for (int k = 1; k < length; ++k) {
    if (i + k >= text.size()) {
      bad_length = k;
      return 0;
    }
    const uint8_t b = byte(i + k);
    const uint8_t lo = k == 1 ? low : 0x80;
    const uint8_t hi = k == 1 ? high : 0xBF;
    if (b < lo || b > hi) {
      bad_length = k;
      return 0;
    }
    code_point = (code_point << 6) | (b & 0x3F);
  }
  return length;
}

std::size_t first_invalid_byte(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t code_point = 0;
    int bad_length = 0;
    const int length = decode_sequence(text, i, code_point, bad_length);
    if (length == 0) return i;
    i += static_cast<std::size_t>(length);
  }
  return text.size();
}

DecodedText decode_utf8(std::string_view text, bool strict) {
  DecodedText out;
  decode_utf8(text, strict, out);
  return out;
}

void decode_utf8(std::string_view text, bool strict, DecodedText& out) {
  if (text.size() > kMaxTextBytes) {
    throw Error(ErrorCode::LimitExceeded,
                "text of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                    std::to_string(kMaxTextBytes) + " bytes");
  }
  // Sized once for the worst case (one unit per byte), written through raw pointers and
  // trimmed at the end: this loop runs over every byte of every layout.
  out.utf16.resize(text.size());
  out.byte_of.resize(text.size() + 1);
  char16_t* units = out.utf16.data();
  uint32_t* byte_of = out.byte_of.data();
  std::size_t n = 0;
  std::size_t i = 0;
  // Paragraph separators are C0 controls, U+0085 or U+2029; noting them here (an OR per
  // character) spares split_paragraphs a second pass over text that has none.
  bool control = false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  while (i < text.size()) {
    // Four two-byte sequences at once (Arabic words are runs of them), as four 16-bit
    // lanes of one 64-bit word: each pair a lead 110xxxxx and a trail 10xxxxxx, and no
    // unit below U+0080 (the overlong leads C0 and C1). A lane x <= 0x7FF is nonzero
    // exactly when x + 0x7FFF sets the lane's top bit, without carrying into the next.
    if (std::endian::native == std::endian::little && i + 8 <= text.size()) {
      constexpr uint64_t kLanes = 0x0001000100010001ull;
      constexpr uint64_t kTopBits = 0x8000 * kLanes;
      uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      if ((word & (0xC0E0 * kLanes)) == 0x80C0 * kLanes) {
        const uint64_t quad = ((word & (0x1F * kLanes)) << 6) | ((word >> 8) & (0x3F * kLanes));
        const bool none_overlong = (((quad & (0x780 * kLanes)) + 0x7FFF * kLanes) & kTopBits) ==
                                   kTopBits;
        if (none_overlong) {
          control |= ((((quad ^ (0x85 * kLanes)) + 0x7FFF * kLanes) & kTopBits) != kTopBits);
          std::memcpy(units + n, &quad, 8);
          const auto offset = static_cast<uint32_t>(i);
          byte_of[n] = offset;
          byte_of[n + 1] = offset + 2;
          byte_of[n + 2] = offset + 4;
          byte_of[n + 3] = offset + 6;
          n += 4;
          i += 8;
          continue;
        }
      }
    }
    const auto offset = static_cast<uint32_t>(i);
    const auto lead = static_cast<uint8_t>(text[i]);
    if (lead < 0x80) {  // ASCII: the common case, no table lookups.
      control |= lead < 0x20;
      units[n] = lead;
      byte_of[n++] = offset;
      ++i;
      continue;
    }
    if (lead >= 0xC2 && lead <= 0xDF && i + 1 < text.size() &&
        (static_cast<uint8_t>(text[i + 1]) & 0xC0) == 0x80) {
      // Two bytes (U+0080–U+07FF: Arabic, Hebrew, Greek, Cyrillic), the other common case.
      const auto trail = static_cast<uint8_t>(text[i + 1]);
      units[n] = static_cast<char16_t>(((lead & 0x1F) << 6) | (trail & 0x3F));
      control |= units[n] == 0x85;
      byte_of[n++] = offset;
      i += 2;
      continue;
    }
    char32_t cp = 0;
    int bad_length = 0;
    const int length = decode_sequence(text, i, cp, bad_length);
    if (length == 0) {
      if (strict) {
        throw Error(ErrorCode::InvalidUtf8,
                    "invalid UTF-8 at byte offset " + std::to_string(offset), offset);
      }
      units[n] = kReplacement;
      byte_of[n++] = offset;
      i += bad_length;
      continue;
    }
    if (cp >= 0x10000) {  // A 4-byte sequence becomes two units: still no more than bytes.
      units[n] = static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
      byte_of[n++] = offset;
      units[n] = static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
      byte_of[n++] = offset;
    } else {
      control |= cp == 0x2029;
      units[n] = static_cast<char16_t>(cp);
      byte_of[n++] = offset;
    }
    i += length;
  }
  byte_of[n] = static_cast<uint32_t>(text.size());
  out.utf16.resize(n);
  out.byte_of.resize(n + 1);
  out.may_have_separators = control;
}

}  // namespace satr::detail

namespace satr {

std::size_t utf8_sequence_length(std::string_view text) { return detail::well_formed_length(text); }

std::size_t utf8_invalid_length(std::string_view text) {
  if (text.empty()) return 0;
  char32_t code_point = 0;
  int bad_length = 0;
  if (detail::decode_sequence(text, 0, code_point, bad_length) != 0) return 0;
  return static_cast<std::size_t>(bad_length);
}

std::size_t find_invalid_utf8(std::string_view text) { return detail::first_invalid_byte(text); }

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

}  // namespace satr
