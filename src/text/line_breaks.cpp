// Line break opportunities (UAX #14) through ICU's line BreakIterator.
//
// ICU 72's root line rules depart from UAX #14 15.0 in three places, all around hyphens
// and numbers (ICU tailorings, some of which later versions of UAX #14 took in). satr
// puts the 15.0 opportunities back with three small passes over ICU's result, so that the
// breaks are those LineBreakTest.txt 15.0 checks.

#include "text/line_breaks.hpp"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "satr/error.hpp"
#include "text/char_info.hpp"

namespace satr::detail {
namespace {

struct BreakIteratorCloser {
  void operator()(UBreakIterator* iterator) const noexcept { ubrk_close(iterator); }
};
using BreakIteratorPtr = std::unique_ptr<UBreakIterator, BreakIteratorCloser>;

/// Opening a line iterator loads and compiles rule data, so each thread keeps the few it
/// used last, one per locale. An iterator is not safe to share between threads; a
/// thread_local cache needs no locking.
constexpr size_t kCachedIterators = 4;

/// ICU's locale ID for a BCP 47 tag ("zh-Hant" -> "zh_Hant"); "" (root) when the tag is
/// empty or malformed.
std::string icu_locale(std::string_view language) {
  if (language.empty()) return {};
  const std::string tag(language);
  char id[ULOC_FULLNAME_CAPACITY] = {};
  UErrorCode status = U_ZERO_ERROR;
  int32_t parsed = 0;
  const int32_t length = uloc_forLanguageTag(tag.c_str(), id, sizeof id, &parsed, &status);
  if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING || length <= 0 ||
      parsed != static_cast<int32_t>(tag.size())) {
    return {};
  }
  return std::string(id, static_cast<size_t>(length));
}

/// The calling thread's line iterator for `locale`, opened on first use.
UBreakIterator* line_iterator(const std::string& locale) {
  thread_local std::vector<std::pair<std::string, BreakIteratorPtr>> cache;
  auto it = std::find_if(cache.begin(), cache.end(),
                         [&](const auto& entry) { return entry.first == locale; });
  if (it != cache.end()) {
    // Most recently used first, so that eviction drops the least recently used.
    std::rotate(cache.begin(), it, it + 1);
    return cache.front().second.get();
  }
  UErrorCode status = U_ZERO_ERROR;
  BreakIteratorPtr iterator(ubrk_open(UBRK_LINE, locale.c_str(), nullptr, 0, &status));
  if (U_FAILURE(status)) {
    throw Error(ErrorCode::Internal,
                std::string("line breaks: cannot open ICU line iterator: ") + u_errorName(status));
  }
  if (cache.size() == kCachedIterators) cache.pop_back();
  cache.emplace(cache.begin(), locale, std::move(iterator));
  return cache.front().second.get();
}

/// The Line_Break class of `c` after LB1: AI, SG and XX become AL; SA becomes CM for
/// marks (Mn, Mc) and AL otherwise; CJ becomes NS. The passes below ask this for every
/// character, so the common scripts are answered from the resolved-class table.
ULineBreak resolved_class_uncached(UChar32 c) {
  const auto type = static_cast<ULineBreak>(u_getIntPropertyValue(c, UCHAR_LINE_BREAK));
  switch (type) {
    case U_LB_AMBIGUOUS:
    case U_LB_SURROGATE:
    case U_LB_UNKNOWN:
      return U_LB_ALPHABETIC;
    case U_LB_COMPLEX_CONTEXT: {
      const int8_t category = u_charType(c);
      return category == U_NON_SPACING_MARK || category == U_COMBINING_SPACING_MARK
                 ? U_LB_COMBINING_MARK
                 : U_LB_ALPHABETIC;
    }
    case U_LB_CONDITIONAL_JAPANESE_STARTER:
      return U_LB_NONSTARTER;
    default:
      return type;
  }
}

const std::array<uint8_t, kCharInfoTableSize>& resolved_class_table() {
  static const std::array<uint8_t, kCharInfoTableSize> table = [] {
    std::array<uint8_t, kCharInfoTableSize> t{};
    for (UChar32 c = 0; c < static_cast<UChar32>(kCharInfoTableSize); ++c) {
      t[c] = static_cast<uint8_t>(resolved_class_uncached(c));
    }
    return t;
  }();
  return table;
}

ULineBreak resolved_class(UChar32 c) {
  if (c >= 0 && c < static_cast<UChar32>(kCharInfoTableSize)) {
    return static_cast<ULineBreak>(resolved_class_table()[c]);
  }
  return resolved_class_uncached(c);
}

/// LB9: combining marks and ZWJ attach to the preceding character, except after BK, CR,
/// LF, NL, SP and ZW.
bool is_combining(ULineBreak type) { return type == U_LB_COMBINING_MARK || type == U_LB_ZWJ; }

UChar32 code_point_at(std::u16string_view text, int32_t index) {
  UChar32 c;
  U16_GET(text.data(), 0, index, static_cast<int32_t>(text.size()), c);
  return c;
}

ULineBreak resolved_class_at(std::u16string_view text, int32_t index) {
  return resolved_class(code_point_at(text, index));
}

/// Steps back from the unit index `end` over the combining marks and ZWJs that LB9
/// attaches to a preceding base. Returns the base's index, or -1 when the marks have no
/// base they can attach to (start of text, or BK, CR, LF, NL, SP, ZW before them), in
/// which case LB10 treats them as AL.
int32_t attached_base_before(std::u16string_view text, int32_t end) {
  int32_t i = end;
  while (i > 0) {
    int32_t start = i;
    UChar32 c;
    U16_PREV(text.data(), 0, start, c);
    const ULineBreak type = resolved_class(c);
    if (!is_combining(type)) {
      switch (type) {
        case U_LB_MANDATORY_BREAK:
        case U_LB_CARRIAGE_RETURN:
        case U_LB_LINE_FEED:
        case U_LB_NEXT_LINE:
        case U_LB_SPACE:
        case U_LB_ZWSPACE:
          return i == end ? start : -1;
        default:
          return start;
      }
    }
    i = start;
  }
  return -1;
}

/// True when the unit before `index` is a ZWJ: LB8a forbids a break after it.
bool follows_zwj(std::u16string_view text, int32_t index) {
  if (index == 0) return false;
  UChar32 c;
  U16_PREV(text.data(), 0, index, c);
  return resolved_class(c) == U_LB_ZWJ;
}

/// ICU 72 suppresses the break between a hyphen — HYPHEN-MINUS (HY) or U+2010 HYPHEN
/// (BA) — and a following letter (AL after LB1) when a break opportunity precedes the
/// hyphen, so that "-word" prefixes stay whole (ICU's rule 20.09, a tailoring that later
/// versions of UAX #14 adopted). UAX #14 15.0 has no such rule: LB21 forbids breaks before HY
/// and BA, not after them; with a break before the hyphen its predecessor is not HL, so
/// LB21a does not apply; none of LB22–LB30b covers (HY | BA) × AL; LB31 breaks. Marks after
/// the hyphen belong to it (LB9), so the break comes after them, unless the last of them
/// is a ZWJ (LB8a).
/// `hyphen` is the hyphen's index, `after` the index after it.
void restore_break_after_hyphen(std::u16string_view text, std::span<uint8_t> flags,
                                int32_t hyphen, int32_t after) {
  const int32_t length = static_cast<int32_t>(text.size());
  if (hyphen != 0 && (flags[hyphen] & kBreakBefore) == 0) return;
  int32_t next = after;  // first unit after the hyphen and its marks
  while (next < length && is_combining(resolved_class_at(text, next))) {
    U16_FWD_1(text.data(), next, length);
  }
  if (next < length && resolved_class_at(text, next) == U_LB_ALPHABETIC &&
      !follows_zwj(text, next)) {
    flags[next] |= kBreakBefore;
  }
}

/// LB13 "× IS": no break before an infix separator, even after spaces. ICU 72 breaks
/// between a space and an IS that starts a number (" .35"), a tailoring that later
/// versions of UAX #14 adopted as LB15c. In 15.0 the only rules above LB13 that break before
/// an IS are LB4–LB5 (after BK, CR, LF, NL: the break is mandatory) and LB8 (after ZW SP*).
/// `index` is the separator's index.
void remove_break_before_infix_separator(std::u16string_view text, std::span<uint8_t> flags,
                                         int32_t index) {
  if (index == 0) return;
  if ((flags[index] & kBreakBefore) == 0 || (flags[index] & kMandatoryBefore) != 0) return;
  int32_t before = index;  // skip SP* back to a possible ZW (LB8)
  UChar32 previous = 0;
  while (before > 0) {
    U16_PREV(text.data(), 0, before, previous);
    if (resolved_class(previous) != U_LB_SPACE) break;
  }
  if (resolved_class(previous) == U_LB_ZWSPACE) return;
  flags[index] &= static_cast<uint8_t>(~kBreakBefore);
}

/// LB25 as LineBreakTest.txt 15.0 applies it: the tailoring of Example 7 in UAX #14
/// section 8.2, "NU (NU | SY | IS)* × (NU | SY | IS | CL | CP)", keeps IS × NU only inside
/// a number. ICU 72 also keeps an IS before the digits that begin a number (",0", "a.2").
/// No rule between LB8 and LB31 other than LB25 joins IS and NU, so outside a number LB31
/// breaks, unless a ZWJ ends the marks attached to the IS (LB8a).
/// `digit` is the digit's index.
void restore_break_before_number(std::u16string_view text, std::span<uint8_t> flags,
                                 int32_t digit) {
  if (digit == 0) return;
  if ((flags[digit] & kBreakBefore) != 0 || follows_zwj(text, digit)) return;
  int32_t base = attached_base_before(text, digit);
  if (base < 0 || resolved_class_at(text, base) != U_LB_INFIX_NUMERIC) return;
  // Is the IS inside NU (NU | SY | IS)*? Walk back over SY and IS, marks attached.
  bool in_number = false;
  while ((base = attached_base_before(text, base)) >= 0) {
    const ULineBreak type = resolved_class_at(text, base);
    if (type == U_LB_NUMERIC) in_number = true;
    if (type != U_LB_BREAK_SYMBOLS && type != U_LB_INFIX_NUMERIC) break;
  }
  if (!in_number) flags[digit] |= kBreakBefore;
}

/// The three repairs above in one scan. Each reads and writes the flags only at its own
/// kind of character (IS, hyphen, NU; the hyphen repair writes at the AL after it), so
/// none sees another's changes and their order does not matter.
void apply_uax14_15_repairs(std::u16string_view text, std::span<uint8_t> flags) {
  const std::array<uint8_t, kCharInfoTableSize>& table = resolved_class_table();
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t index = i;
    UChar32 c;
    U16_NEXT(text.data(), i, length, c);
    const ULineBreak type = c < static_cast<UChar32>(kCharInfoTableSize)
                                ? static_cast<ULineBreak>(table[c])
                                : resolved_class_uncached(c);
    switch (type) {
      case U_LB_INFIX_NUMERIC:
        remove_break_before_infix_separator(text, flags, index);
        break;
      case U_LB_HYPHEN:
        restore_break_after_hyphen(text, flags, index, i);
        break;
      case U_LB_NUMERIC:
        restore_break_before_number(text, flags, index);
        break;
      default:
        if (c == 0x2010) restore_break_after_hyphen(text, flags, index, i);
        break;
    }
  }
}

}  // namespace

void find_line_breaks(std::u16string_view text, std::string_view language,
                      std::span<uint8_t> flags) {
  if (flags.size() != text.size() + 1) {
    throw Error(ErrorCode::InvalidArgument, "line breaks: flags must have text.size() + 1 entries");
  }
  // Other bits are left alone, so the array may share bytes with other per-unit flags.
  for (uint8_t& f : flags) f &= static_cast<uint8_t>(~(kBreakBefore | kMandatoryBefore));
  if (text.empty()) return;
  if (text.size() > static_cast<size_t>(INT32_MAX)) {
    throw Error(ErrorCode::LimitExceeded, "line breaks: text longer than 2^31 UTF-16 units");
  }

  UBreakIterator* iterator = line_iterator(icu_locale(language));
  UErrorCode status = U_ZERO_ERROR;
  ubrk_setText(iterator, reinterpret_cast<const UChar*>(text.data()),
               static_cast<int32_t>(text.size()), &status);
  if (U_FAILURE(status)) {
    throw Error(ErrorCode::Internal,
                std::string("line breaks: ubrk_setText failed: ") + u_errorName(status));
  }
  ubrk_first(iterator);
  for (int32_t position = ubrk_next(iterator); position != UBRK_DONE;
       position = ubrk_next(iterator)) {
    if (position <= 0) continue;  // no break before the first unit (LB2)
    flags[position] |= kBreakBefore;
    // UAX #14 LB4–LB6: ICU tags the boundaries after BK, CR, LF and NL as hard.
    const int32_t rule = ubrk_getRuleStatus(iterator);
    if (rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT) {
      flags[position] |= kMandatoryBefore;
    }
  }
  // The iterator outlives this call in the thread's cache still pointing at `text`. That is
  // safe: it is used only here, always after a new ubrk_setText, and closing it does not
  // read the text. (Pointing it at an empty string instead would cost a second
  // ubrk_setText per paragraph, a noticeable share of short paragraphs' layout.)

  // Where ICU 72's rules differ from UAX #14 15.0 (see the functions), put back the
  // 15.0 opportunities.
  apply_uax14_15_repairs(text, flags);
}

}  // namespace satr::detail
