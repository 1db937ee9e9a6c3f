#include "text/text_properties.hpp"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>

#include <memory>

#include "satr/error.hpp"
#include "text/line_breaks.hpp"

namespace satr::detail {
namespace {

struct BreakIteratorCloser {
  void operator()(UBreakIterator* p) const { ubrk_close(p); }
};
using BreakIteratorPtr = std::unique_ptr<UBreakIterator, BreakIteratorCloser>;

}  // namespace

void find_graphemes_and_whitespace(std::u16string_view text, std::span<uint8_t> flags) {
  const auto n = static_cast<int32_t>(text.size());
  flags[text.size()] |= kGraphemeStart;
  if (n == 0) return;

  // Fast path: text without combining marks, surrogates, joiners or other extenders has a
  // grapheme boundary before every unit. Arabic letters are below U+0610; marks, ZWJ and
  // the like are checked exactly by ICU's property lookup.
  bool needs_icu = false;
  for (int32_t i = 0; i < n; ++i) {
    const char16_t c = text[i];
    if (c >= 0x300) {
      const int8_t type = u_charType(c);
      if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
          type == U_COMBINING_SPACING_MARK || type == U_SURROGATE || type == U_FORMAT_CHAR ||
          (c >= 0x1100 && c <= 0x11FF) || (c >= 0xAC00 && c <= 0xD7A3) || c >= 0xFE00) {
        needs_icu = true;
      }
    } else if (c == u'\r') {
      needs_icu = true;  // CR LF is one grapheme.
    }
    if (c == u' ' || (c >= 0x80 && u_isUWhiteSpace(c)) || c == u'\t') flags[i] |= kWhitespace;
  }
  if (!needs_icu) {
    for (int32_t i = 0; i < n; ++i) flags[i] |= kGraphemeStart;
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  BreakIteratorPtr it(ubrk_open(UBRK_CHARACTER, "", reinterpret_cast<const UChar*>(text.data()),
                                n, &status));
  if (U_FAILURE(status)) {
    throw Error(ErrorCode::LimitExceeded,
                std::string("ICU character break iterator failed: ") + u_errorName(status));
  }
  for (int32_t pos = ubrk_first(it.get()); pos != UBRK_DONE && pos < n;
       pos = ubrk_next(it.get())) {
    flags[pos] |= kGraphemeStart;
  }
}

}  // namespace satr::detail
