#include "text/char_info.hpp"

#include <unicode/uchar.h>

#include <array>

namespace satr::detail {

CharInfo char_info_slow(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  CharInfo info;
  info.script = hb_unicode_script(hb_unicode_funcs_get_default(), c);
  const int gcb = u_getIntPropertyValue(cp, UCHAR_GRAPHEME_CLUSTER_BREAK);
  if (gcb == U_GCB_EXTEND || gcb == U_GCB_SPACING_MARK) {
    info.flags |= kCharExtend;
  } else if (gcb != U_GCB_OTHER) {
    info.flags |= kCharComplexGrapheme;
  }
  // Extended pictographs join across ZWJ (UAX #29 GB11): leave them to ICU too.
  if (u_hasBinaryProperty(cp, UCHAR_EXTENDED_PICTOGRAPHIC)) info.flags |= kCharComplexGrapheme;
  if (u_isUWhiteSpace(cp)) info.flags |= kCharWhiteSpace;
  info.bidi_class = static_cast<uint8_t>(u_charDirection(cp));
  if (u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) info.flags |= kCharIgnorable;
  const int bracket = u_getIntPropertyValue(cp, UCHAR_BIDI_PAIRED_BRACKET_TYPE);
  if (bracket == U_BPT_OPEN) info.flags |= kCharOpenBracket;
  if (bracket == U_BPT_CLOSE) info.flags |= kCharCloseBracket;
  const int8_t type = u_charType(cp);
  if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
      type == U_ENCLOSING_MARK) {
    info.flags |= kCharMark;
  }
  info.joining_type = static_cast<uint8_t>(u_getIntPropertyValue(cp, UCHAR_JOINING_TYPE));
  info.joining_group = static_cast<uint8_t>(u_getIntPropertyValue(cp, UCHAR_JOINING_GROUP));
  return info;
}

const CharInfo* build_char_info_table() {
  // A function-local static: built once, thread-safely, then only read.
  static const std::array<CharInfo, kCharInfoTableSize> table = [] {
    std::array<CharInfo, kCharInfoTableSize> t{};
    for (char32_t c = 0; c < kCharInfoTableSize; ++c) t[c] = char_info_slow(c);
    return t;
  }();
  return table.data();
}

}  // namespace satr::detail
