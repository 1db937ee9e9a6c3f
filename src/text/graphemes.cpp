#include "text/graphemes.hpp"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>

#include <memory>

#include "satr/error.hpp"
#include "text/char_info.hpp"

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

  // Fast path: when every character is plain (grapheme break property Other) or extends
  // the grapheme before it (Extend, SpacingMark), UAX #29 reduces to "a boundary before
  // every character that does not extend" — which covers Arabic with its harakat. Anything
  // else (CR LF, controls, Prepend, Hangul, emoji, surrogates) takes ICU's iterator.
  bool needs_icu = false;
  const CharInfo* const table = char_info_table();
  for (int32_t i = 0; i < n; ++i) {
    const char16_t c = text[i];
    if (c >= 0xD800 && c <= 0xDFFF) {
      needs_icu = true;
      std::size_t length;
      const char32_t cp = code_point_at(text, static_cast<std::size_t>(i), &length);
      if (length == 2 && (char_info(cp).flags & kCharIgnorable)) flags[i] |= kIgnorable;
      i += static_cast<int32_t>(length) - 1;
      continue;
    }
    const CharInfo info = c < kCharInfoTableSize ? table[c] : char_info_slow(c);
    if (info.flags & kCharWhiteSpace) flags[i] |= kWhitespace;
    if (info.flags & kCharIgnorable) flags[i] |= kIgnorable;
    if (info.flags & kCharComplexGrapheme) needs_icu = true;
    if (!(info.flags & kCharExtend)) flags[i] |= kGraphemeStart;
  }
  flags[0] |= kGraphemeStart;
  if (!needs_icu) return;

  for (int32_t i = 1; i < n; ++i) flags[i] &= static_cast<uint8_t>(~kGraphemeStart);
  // Opening an ICU iterator costs far more than a short paragraph's layout, so each thread
  // keeps one. It is left pointing at `text`, which is safe: it is only used here, after a
  // new ubrk_setText, and closing it does not read the text.
  thread_local BreakIteratorPtr iterator;
  UErrorCode status = U_ZERO_ERROR;
  if (!iterator) iterator.reset(ubrk_open(UBRK_CHARACTER, "", nullptr, 0, &status));
  if (U_SUCCESS(status)) {
    ubrk_setText(iterator.get(), reinterpret_cast<const UChar*>(text.data()), n, &status);
  }
  if (U_FAILURE(status)) {
    throw Error(ErrorCode::Internal,
                std::string("ICU character break iterator failed: ") + u_errorName(status));
  }
  UBreakIterator* it = iterator.get();
  for (int32_t pos = ubrk_first(it); pos != UBRK_DONE && pos < n; pos = ubrk_next(it)) {
    flags[pos] |= kGraphemeStart;
  }
}

}  // namespace satr::detail
