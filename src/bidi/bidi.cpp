// Bidi resolution (UAX #9) through ICU's ubidi, with the line-level rules L1 and L2.
//
// ICU resolves each paragraph (P2–P3, X1–X10, W1–W7, N0–N2, I1–I2). Where ICU 72 departs
// from UAX #9, satr corrects it rather than re-implementing the algorithm:
//  - a paragraph whose characters all resolve to one direction gets its resolved levels,
//    not the paragraph level for every character (run_icu);
//  - brackets under LRO/RLO, and brackets beyond BD16's 63-entry stack, are not paired
//    (they are hidden from ICU, see resolve_bidi and mark_bd16_overflow);
//  - NSMs after a paired bracket follow its N0 type (fix_marks_after_brackets);
//  - isolate initiators and PDIs under an override take its direction
//    (fix_overridden_isolates).
// The last three need the explicit levels and override statuses of rules X1–X8, which
// are cheap to recompute and only computed for paragraphs that can need them.

#include "bidi/bidi.hpp"

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "satr/error.hpp"
#include "text/char_info.hpp"
#include "text/paragraphs.hpp"

namespace satr::detail {
namespace {

struct UBiDiCloser {
  void operator()(UBiDi* bidi) const noexcept { ubidi_close(bidi); }
};
using UBiDiPtr = std::unique_ptr<UBiDi, UBiDiCloser>;

[[noreturn]] void throw_icu_failure(const char* what, UErrorCode status) {
  throw Error(ErrorCode::Internal,
              std::string("bidi: ") + what + " failed: " + u_errorName(status));
}

// BD13/X1: the deepest explicit embedding level.
constexpr uint8_t kMaxDepth = UBIDI_MAX_EXPLICIT_LEVEL;

// BD16: the bracket stack holds 63 entries.
constexpr size_t kBracketStackSize = 63;

// A bracket-free character of class ON, standing in for the brackets ICU must not pair.
constexpr char16_t kNeutralStandIn = u'!';

UCharDirection bidi_class(char32_t code_point) {
  // The table answers for the first 2,048 code points, which is most text; ICU above.
  if (code_point < kCharInfoTableSize) {
    return static_cast<UCharDirection>(char_info_table()[code_point].bidi_class);
  }
  return u_charDirection(static_cast<UChar32>(code_point));
}

bool is_removed_class(UCharDirection type) {
  switch (type) {
    case U_LEFT_TO_RIGHT_EMBEDDING:
    case U_RIGHT_TO_LEFT_EMBEDDING:
    case U_LEFT_TO_RIGHT_OVERRIDE:
    case U_RIGHT_TO_LEFT_OVERRIDE:
    case U_POP_DIRECTIONAL_FORMAT:
    case U_BOUNDARY_NEUTRAL:
      return true;
    default:
      return false;
  }
}

bool is_isolate_initiator(UCharDirection type) {
  return type == U_LEFT_TO_RIGHT_ISOLATE || type == U_RIGHT_TO_LEFT_ISOLATE ||
         type == U_FIRST_STRONG_ISOLATE;
}

bool is_bracket(char32_t code_point) {
  return u_getIntPropertyValue(static_cast<UChar32>(code_point), UCHAR_BIDI_PAIRED_BRACKET_TYPE) !=
         U_BPT_NONE;
}

/// One code point of the paragraph with its original bidi class.
struct CodePoint {
  int32_t start = 0;  // first UTF-16 unit
  int32_t end = 0;    // one past the last UTF-16 unit
  char32_t value = 0;
  UCharDirection type = U_OTHER_NEUTRAL;
};

std::vector<CodePoint> decode(std::u16string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    CodePoint cp;
    cp.start = i;
    UChar32 c;
    U16_NEXT(text.data(), i, length, c);
    cp.end = i;
    cp.value = static_cast<char32_t>(c);
    cp.type = bidi_class(cp.value);
    out.push_back(cp);
  }
  return out;
}

/// Result of rules X1–X8 for one code point.
struct ExplicitState {
  uint8_t level = 0;
  bool overridden = false;  // X6 reset its class to L or R
};

/// Rules X1–X8 over `cps`. `paragraph_level_at(i)` gives the paragraph level in force at
/// code point i (ICU splits the text at paragraph separators, P1).
template <typename LevelAt>
std::vector<ExplicitState> resolve_explicit(const std::vector<CodePoint>& cps,
                                            LevelAt paragraph_level_at) {
  const size_t n = cps.size();

  // X5c needs P2–P3 on the text between each FSI and its matching PDI (BD9). One forward
  // pass with a stack of open isolates finds the first strong character of each: a strong
  // character belongs to the innermost open isolate only, and an unmatched isolate ends
  // with the paragraph.
  std::vector<uint8_t> fsi_is_rtl(n, 0);
  {
    struct Open {
      size_t index;
      bool resolved;
    };
    std::vector<Open> open;
    for (size_t i = 0; i < n; ++i) {
      const UCharDirection t = cps[i].type;
      if (is_isolate_initiator(t)) {
        open.push_back({i, false});
      } else if (t == U_POP_DIRECTIONAL_ISOLATE) {
        if (!open.empty()) open.pop_back();
      } else if (t == U_BLOCK_SEPARATOR) {
        open.clear();
      } else if ((t == U_LEFT_TO_RIGHT || t == U_RIGHT_TO_LEFT || t == U_RIGHT_TO_LEFT_ARABIC) &&
                 !open.empty() && !open.back().resolved) {
        open.back().resolved = true;
        fsi_is_rtl[open.back().index] = t != U_LEFT_TO_RIGHT;
      }
    }
  }

  struct Entry {
    uint8_t level;
    UCharDirection override_type;  // U_OTHER_NEUTRAL when no override is in force
    bool isolate;
  };
  std::vector<Entry> stack;
  stack.reserve(kMaxDepth + 2);
  int overflow_isolates = 0;
  int overflow_embeddings = 0;
  int valid_isolates = 0;
  auto reset = [&](uint8_t paragraph_level) {  // X1
    stack.clear();
    stack.push_back({paragraph_level, U_OTHER_NEUTRAL, false});
    overflow_isolates = overflow_embeddings = valid_isolates = 0;
  };
  reset(paragraph_level_at(0));

  std::vector<ExplicitState> out(n);
  for (size_t i = 0; i < n; ++i) {
    const UCharDirection t = cps[i].type;
    const Entry& top = stack.back();
    switch (t) {
      case U_RIGHT_TO_LEFT_EMBEDDING:
      case U_LEFT_TO_RIGHT_EMBEDDING:
      case U_RIGHT_TO_LEFT_OVERRIDE:
      case U_LEFT_TO_RIGHT_OVERRIDE: {  // X2–X5
        const bool rtl = t == U_RIGHT_TO_LEFT_EMBEDDING || t == U_RIGHT_TO_LEFT_OVERRIDE;
        const int next = rtl ? (top.level + 1) | 1 : (top.level + 2) & ~1;
        out[i] = {top.level, false};
        if (next <= kMaxDepth && overflow_isolates == 0 && overflow_embeddings == 0) {
          UCharDirection override_type = U_OTHER_NEUTRAL;
          if (t == U_RIGHT_TO_LEFT_OVERRIDE) override_type = U_RIGHT_TO_LEFT;
          if (t == U_LEFT_TO_RIGHT_OVERRIDE) override_type = U_LEFT_TO_RIGHT;
          stack.push_back({static_cast<uint8_t>(next), override_type, false});
        } else if (overflow_isolates == 0) {
          ++overflow_embeddings;
        }
        break;
      }
      case U_RIGHT_TO_LEFT_ISOLATE:
      case U_LEFT_TO_RIGHT_ISOLATE:
      case U_FIRST_STRONG_ISOLATE: {  // X5a–X5c
        out[i] = {top.level, top.override_type != U_OTHER_NEUTRAL};
        const bool rtl =
            t == U_RIGHT_TO_LEFT_ISOLATE || (t == U_FIRST_STRONG_ISOLATE && fsi_is_rtl[i]);
        const int next = rtl ? (top.level + 1) | 1 : (top.level + 2) & ~1;
        if (next <= kMaxDepth && overflow_isolates == 0 && overflow_embeddings == 0) {
          ++valid_isolates;
          stack.push_back({static_cast<uint8_t>(next), U_OTHER_NEUTRAL, true});
        } else {
          ++overflow_isolates;
        }
        break;
      }
      case U_POP_DIRECTIONAL_ISOLATE:  // X6a
        if (overflow_isolates > 0) {
          --overflow_isolates;
        } else if (valid_isolates > 0) {
          overflow_embeddings = 0;
          while (!stack.back().isolate) stack.pop_back();
          stack.pop_back();
          --valid_isolates;
        }
        out[i] = {stack.back().level, stack.back().override_type != U_OTHER_NEUTRAL};
        break;
      case U_POP_DIRECTIONAL_FORMAT:  // X7
        out[i] = {top.level, false};
        if (overflow_isolates > 0) {
        } else if (overflow_embeddings > 0) {
          --overflow_embeddings;
        } else if (!top.isolate && stack.size() >= 2) {
          stack.pop_back();
        }
        break;
      case U_BLOCK_SEPARATOR: {  // X8
        const uint8_t level = paragraph_level_at(i);
        out[i] = {level, false};
        reset(i + 1 < n ? paragraph_level_at(i + 1) : level);
        break;
      }
      case U_BOUNDARY_NEUTRAL:  // X6 skips BN; X9 removes it
        out[i] = {top.level, false};
        break;
      default:  // X6
        out[i] = {top.level, top.override_type != U_OTHER_NEUTRAL};
        break;
    }
  }
  return out;
}

// A paragraph separator, then "aא": appended to make ICU resolve all levels.
constexpr std::u16string_view kMixedSuffix = u"\u2029a\u05D0";

/// False when a paragraph that ICU finds unidirectional is certainly at one level: with
/// no explicit formatting character and no AN, all its characters resolve to the
/// paragraph's direction at the paragraph level.
bool may_have_uneven_levels(std::u16string_view text) {
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U16_NEXT(text.data(), i, length, c);
    const UCharDirection t = bidi_class(static_cast<char32_t>(c));
    if (t == U_ARABIC_NUMBER || (is_removed_class(t) && t != U_BOUNDARY_NEUTRAL) ||
        is_isolate_initiator(t) || t == U_POP_DIRECTIONAL_ISOLATE) {
      return true;
    }
  }
  return false;
}

UBiDiPtr run_icu_once(std::u16string_view text, BaseDirection direction) {
  UErrorCode status = U_ZERO_ERROR;
  UBiDiPtr bidi(ubidi_openSized(static_cast<int32_t>(text.size()), 0, &status));
  if (U_FAILURE(status)) throw_icu_failure("ubidi_openSized", status);
  UBiDiLevel level = UBIDI_DEFAULT_LTR;  // P2–P3, LTR when there is no strong character
  if (direction == BaseDirection::LeftToRight) level = 0;
  if (direction == BaseDirection::RightToLeft) level = 1;
  ubidi_setPara(bidi.get(), reinterpret_cast<const UChar*>(text.data()),
                static_cast<int32_t>(text.size()), level, nullptr, &status);
  if (U_FAILURE(status)) throw_icu_failure("ubidi_setPara", status);
  return bidi;
}

/// Runs ICU on `text` so that its levels are the resolved ones. ICU keeps a pointer to
/// the text it resolves: `storage` receives a copy when one is needed, and both `text`
/// and `storage` must outlive the result.
UBiDiPtr run_icu(std::u16string_view text, BaseDirection direction, std::u16string& storage) {
  UBiDiPtr bidi = run_icu_once(text, direction);
  if (ubidi_getDirection(bidi.get()) != UBIDI_MIXED && may_have_uneven_levels(text)) {
    // When every character resolves to one direction, ICU skips W1–I2 and reports the
    // paragraph level for all of them: the display is the same, but the levels are not
    // the resolved ones (an AN or an embedding in an LTR paragraph is at level 2 or more).
    // A second paragraph holding both an L and an R makes the text mixed, so ICU resolves
    // everything; by P1 the first paragraph's resolution does not depend on the second.
    storage.reserve(text.size() + kMixedSuffix.size());
    storage.assign(text).append(kMixedSuffix);
    bidi = run_icu_once(storage, direction);
  }
  return bidi;
}

/// Sets `text` on an existing `bidi` (ICU reuses its arrays), with the same fix as run_icu
/// for unidirectional paragraphs.
void set_para(UBiDi* bidi, std::u16string_view text, BaseDirection direction) {
  UErrorCode status = U_ZERO_ERROR;
  UBiDiLevel level = UBIDI_DEFAULT_LTR;  // P2–P3, LTR when there is no strong character
  if (direction == BaseDirection::LeftToRight) level = 0;
  if (direction == BaseDirection::RightToLeft) level = 1;
  ubidi_setPara(bidi, reinterpret_cast<const UChar*>(text.data()),
                static_cast<int32_t>(text.size()), level, nullptr, &status);
  if (U_FAILURE(status)) throw_icu_failure("ubidi_setPara", status);
}

/// `uneven` = may_have_uneven_levels(text), when the caller has it from its own scan.
void run_icu_into(UBiDi* bidi, std::u16string_view text, BaseDirection direction,
                  std::u16string& storage, bool uneven) {
  set_para(bidi, text, direction);
  if (ubidi_getDirection(bidi) != UBIDI_MIXED && uneven) {
    storage.reserve(text.size() + kMixedSuffix.size());
    storage.assign(text).append(kMixedSuffix);
    set_para(bidi, storage, direction);
  }
}

/// The first `count` levels ICU resolved, into `out`.
void copy_levels(UBiDi* bidi, size_t count, std::vector<uint8_t>& out) {
  UErrorCode status = U_ZERO_ERROR;
  const UBiDiLevel* levels = ubidi_getLevels(bidi, &status);
  if (U_FAILURE(status)) throw_icu_failure("ubidi_getLevels", status);
  out.assign(levels, levels + count);
}

/// The paragraph level ICU used at UTF-16 index `unit` (P2–P3 run per paragraph, P1).
uint8_t icu_paragraph_level_at(const UBiDi* bidi, int32_t unit) {
  UErrorCode status = U_ZERO_ERROR;
  UBiDiLevel level = 0;
  ubidi_getParagraph(bidi, unit, nullptr, nullptr, &level, &status);
  if (U_FAILURE(status)) throw_icu_failure("ubidi_getParagraph", status);
  return level;
}

/// Bidi_Paired_Bracket values are compared up to canonical equivalence (BD16): U+2329 and
/// U+232A decompose to U+3008 and U+3009.
char32_t canonical_bracket(char32_t code_point) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfd = unorm2_getNFDInstance(&status);
  if (U_FAILURE(status)) return code_point;
  UChar decomposition[4];
  const int32_t length =
      unorm2_getRawDecomposition(nfd, static_cast<UChar32>(code_point), decomposition, 4, &status);
  if (U_FAILURE(status) || length <= 0) return code_point;
  UChar32 first;
  int32_t i = 0;
  U16_NEXT(decomposition, i, length, first);
  return i == length ? static_cast<char32_t>(first) : code_point;
}

/// Marks the brackets that BD16 never pairs because the 63-entry bracket stack of their
/// isolating run sequence overflowed before them. ICU's stack grows without bound, so
/// without this it pairs brackets that UAX #9 leaves to N1–N2.
void mark_bd16_overflow(const std::vector<CodePoint>& cps,
                        const std::vector<ExplicitState>& explicit_states,
                        std::vector<uint8_t>& hidden) {
  const size_t n = cps.size();

  // BD9: the isolate initiator that each PDI matches.
  std::vector<int32_t> initiator_of(n, -1);
  {
    std::vector<int32_t> open;
    for (size_t i = 0; i < n; ++i) {
      const UCharDirection t = cps[i].type;
      if (is_isolate_initiator(t)) {
        open.push_back(static_cast<int32_t>(i));
      } else if (t == U_POP_DIRECTIONAL_ISOLATE && !open.empty()) {
        initiator_of[i] = open.back();
        open.pop_back();
      } else if (t == U_BLOCK_SEPARATOR) {
        open.clear();
      }
    }
  }

  // X10: level runs of the characters left by X9; a run that starts with the matching
  // PDI of an isolate initiator ending the previous run of its sequence continues that
  // sequence. Logical order inside a sequence is the sequence's order, so one pass with
  // one bracket stack per sequence follows BD16 in every sequence at once.
  struct Sequence {
    std::vector<std::pair<char32_t, size_t>> stack;  // closing bracket expected, opener
    bool overflowed = false;
  };
  std::vector<Sequence> sequences;
  std::vector<int32_t> sequence_of(n, -1);
  std::vector<uint8_t> ends_run(n, 0);
  int32_t previous = -1;
  int32_t current = -1;
  for (size_t i = 0; i < n; ++i) {
    const UCharDirection t = cps[i].type;
    if (is_removed_class(t)) continue;
    const bool new_run = previous < 0 ||
                         explicit_states[i].level != explicit_states[previous].level ||
                         cps[previous].type == U_BLOCK_SEPARATOR;
    if (new_run) {
      if (previous >= 0) ends_run[previous] = 1;
      const int32_t initiator = t == U_POP_DIRECTIONAL_ISOLATE ? initiator_of[i] : -1;
      if (initiator >= 0 && ends_run[initiator]) {
        current = sequence_of[initiator];
      } else {
        current = static_cast<int32_t>(sequences.size());
        sequences.emplace_back();
      }
    }
    sequence_of[i] = current;
    previous = static_cast<int32_t>(i);

    // BD14–BD15: only characters whose current class is ON are paired brackets.
    if (hidden[i] || t != U_OTHER_NEUTRAL || explicit_states[i].overridden) continue;
    const auto bracket_type = static_cast<UBidiPairedBracketType>(
        u_getIntPropertyValue(static_cast<UChar32>(cps[i].value), UCHAR_BIDI_PAIRED_BRACKET_TYPE));
    if (bracket_type == U_BPT_NONE) continue;
    Sequence& sequence = sequences[current];
    if (sequence.overflowed) {
      hidden[i] = 1;
    } else if (bracket_type == U_BPT_OPEN) {
      if (sequence.stack.size() == kBracketStackSize) {
        // "Stop processing BD16 for the remainder of the isolating run sequence": the
        // brackets still open stay unpaired as the closing ones are hidden from ICU.
        sequence.overflowed = true;
        hidden[i] = 1;
      } else {
        const auto closing =
            static_cast<char32_t>(u_getBidiPairedBracket(static_cast<UChar32>(cps[i].value)));
        sequence.stack.emplace_back(canonical_bracket(closing), i);
      }
    } else {
      const char32_t closing = canonical_bracket(cps[i].value);
      for (size_t k = sequence.stack.size(); k-- > 0;) {
        if (sequence.stack[k].first == closing) {
          sequence.stack.resize(k);
          break;
        }
      }
    }
  }
}

/// N0: "characters that had original bidirectional character type NSM prior to the
/// application of W1 that immediately follow a paired bracket which changed to L or R
/// under N0 should change to match the type of their paired bracket". ICU 72 misses some
/// of them. An NSM run right after a bracket, in its level run, ends at the bracket's
/// level in every case: with the bracket's new type when N0 changed it, and otherwise as
/// part of the same neutral run (W1 gave the NSMs the bracket's class ON). The X9-removed
/// characters between them keep ICU's convention of taking the next character's level.
void fix_marks_after_brackets(const std::vector<CodePoint>& cps,
                              const std::vector<ExplicitState>& explicit_states,
                              const std::vector<uint8_t>& hidden, std::vector<uint8_t>& levels) {
  int32_t bracket = -1;       // last bracket followed only by marks and removed characters
  int32_t removed_from = -1;  // first unit of the removed characters just before
  for (size_t i = 0; i < cps.size(); ++i) {
    const CodePoint& cp = cps[i];
    if (is_removed_class(cp.type)) {
      if (removed_from < 0) removed_from = cp.start;
      continue;
    }
    const int32_t fill_from = removed_from >= 0 ? removed_from : cp.start;
    removed_from = -1;
    if (cp.type == U_DIR_NON_SPACING_MARK && !explicit_states[i].overridden && bracket >= 0 &&
        explicit_states[i].level == explicit_states[bracket].level) {
      std::fill(levels.begin() + fill_from, levels.begin() + cp.end, levels[cps[bracket].start]);
      continue;
    }
    const bool paired_candidate = cp.type == U_OTHER_NEUTRAL && !explicit_states[i].overridden &&
                                  !hidden[i] && is_bracket(cp.value);
    bracket = paired_candidate ? static_cast<int32_t>(i) : -1;
  }
}

/// X5a–X5c and X6a: an isolate initiator or PDI under a directional override takes the
/// override's class, L or R, which is the direction of its own embedding level (LRO
/// pushes even levels, RLO odd ones), so I1–I2 leave it at that level. ICU 72 never
/// applies overrides to these characters and resolves them as neutrals instead.
void fix_overridden_isolates(const std::vector<CodePoint>& cps,
                             const std::vector<ExplicitState>& explicit_states,
                             std::vector<uint8_t>& levels) {
  int32_t removed_from = -1;
  for (size_t i = 0; i < cps.size(); ++i) {
    const CodePoint& cp = cps[i];
    if (is_removed_class(cp.type)) {
      if (removed_from < 0) removed_from = cp.start;
      continue;
    }
    const int32_t fill_from = removed_from >= 0 ? removed_from : cp.start;
    removed_from = -1;
    if ((is_isolate_initiator(cp.type) || cp.type == U_POP_DIRECTIONAL_ISOLATE) &&
        explicit_states[i].overridden) {
      std::fill(levels.begin() + fill_from, levels.begin() + cp.end, explicit_states[i].level);
    }
  }
}

/// What the corrections need to know about a paragraph, from one cheap scan.
struct Features {
  bool override = false;
  bool isolate = false;
  bool bracket = false;
  bool mark_after_bracket = false;  // An NSM right after a bracket (BN between ignored).
  size_t opening_brackets = 0;
  bool uneven = false;  // What may_have_uneven_levels looks for.
  uint32_t classes = 0;  // Bit t set when a character of UCharDirection t occurs.
};

/// Bidi_Paired_Bracket_Type: below U+0F3A only the six ASCII brackets have one, so the
/// property lookup is needed only above.
UBidiPairedBracketType bracket_type(UChar32 c) {
  if (c < 0x0F3A) {
    switch (c) {
      case u'(': case u'[': case u'{': return U_BPT_OPEN;
      case u')': case u']': case u'}': return U_BPT_CLOSE;
      default: return U_BPT_NONE;
    }
  }
  return static_cast<UBidiPairedBracketType>(
      u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE));
}

constexpr uint32_t bit(UCharDirection t) { return 1u << t; }

Features scan_features(std::u16string_view text) {
  Features f;
  bool after_bracket = false;
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U16_NEXT(text.data(), i, length, c);
    const UCharDirection t = bidi_class(static_cast<char32_t>(c));
    f.classes |= bit(t);
    // Letters, European numbers and their separators, and spaces bear on none of the
    // features: most characters leave the loop here.
    constexpr uint32_t kInert =
        bit(U_LEFT_TO_RIGHT) | bit(U_RIGHT_TO_LEFT) | bit(U_RIGHT_TO_LEFT_ARABIC) |
        bit(U_EUROPEAN_NUMBER) | bit(U_EUROPEAN_NUMBER_SEPARATOR) |
        bit(U_EUROPEAN_NUMBER_TERMINATOR) | bit(U_COMMON_NUMBER_SEPARATOR) |
        bit(U_BLOCK_SEPARATOR) | bit(U_SEGMENT_SEPARATOR) | bit(U_WHITE_SPACE_NEUTRAL);
    if ((kInert >> t) & 1) {
      after_bracket = false;
      continue;
    }
    if (t == U_LEFT_TO_RIGHT_OVERRIDE || t == U_RIGHT_TO_LEFT_OVERRIDE) f.override = true;
    if (is_isolate_initiator(t) || t == U_POP_DIRECTIONAL_ISOLATE) f.isolate = true;
    if (t == U_DIR_NON_SPACING_MARK && after_bracket) f.mark_after_bracket = true;
    if (t == U_ARABIC_NUMBER || (is_removed_class(t) && t != U_BOUNDARY_NEUTRAL) ||
        is_isolate_initiator(t) || t == U_POP_DIRECTIONAL_ISOLATE) {
      f.uneven = true;
    }
    if (t == U_BOUNDARY_NEUTRAL) continue;  // X9 removes it: it separates nothing.
    after_bracket = false;
    if (t == U_OTHER_NEUTRAL) {
      const UBidiPairedBracketType type = bracket_type(c);
      if (type != U_BPT_NONE) f.bracket = after_bracket = true;
      if (type == U_BPT_OPEN) ++f.opening_brackets;
    }
  }
  return f;
}

// Neutrals, separators, terminators and marks: with no strong character of the other
// direction, no number of the other kind and nothing explicit in the paragraph, W1–W7 and
// N0–N2 give each of them the paragraph's direction (their sos, eos and every strong
// neighbour are of that direction), so every level is the paragraph level.
constexpr uint32_t kFollowers = bit(U_OTHER_NEUTRAL) | bit(U_WHITE_SPACE_NEUTRAL) |
                                bit(U_SEGMENT_SEPARATOR) | bit(U_COMMON_NUMBER_SEPARATOR) |
                                bit(U_EUROPEAN_NUMBER_SEPARATOR) |
                                bit(U_EUROPEAN_NUMBER_TERMINATOR) | bit(U_DIR_NON_SPACING_MARK);
constexpr uint32_t kRtlStrong = bit(U_RIGHT_TO_LEFT) | bit(U_RIGHT_TO_LEFT_ARABIC);
// European numbers follow a left-to-right paragraph (W7 makes them L there); in a
// right-to-left one they are at level 2, so they leave the shortcut to ICU.
constexpr uint32_t kLtrKinds = bit(U_LEFT_TO_RIGHT) | bit(U_EUROPEAN_NUMBER) | kFollowers;
constexpr uint32_t kRtlKinds = kRtlStrong | kFollowers;

// The paragraph level when the classes present fix every level to it, else -1. Which
// classes qualify is checked against the Unicode conformance files like the ICU path.
int uniform_level(uint32_t classes, BaseDirection direction) {
  if ((classes & ~kRtlKinds) == 0 && (classes & kRtlStrong) != 0 &&
      direction != BaseDirection::LeftToRight) {
    return 1;  // P2 finds R or AL first (there is no L), or the direction says so.
  }
  if ((classes & ~kLtrKinds) == 0 && direction != BaseDirection::RightToLeft) {
    return 0;  // P2 finds L first, or no strong character at all (P3: LTR).
  }
  return -1;
}

}  // namespace

bool is_removed_by_x9(char32_t code_point) { return is_removed_class(bidi_class(code_point)); }

void BidiScratch::Closer::operator()(UBiDi* bidi) const noexcept { ubidi_close(bidi); }

BidiLevels resolve_bidi(std::u16string_view paragraph, BaseDirection direction) {
  BidiScratch scratch;
  BidiLevels result;
  resolve_bidi(paragraph, direction, scratch, result);
  return result;
}

void resolve_bidi(std::u16string_view paragraph, BaseDirection direction, BidiScratch& scratch,
                  BidiLevels& result) {
  result.paragraph_level = resolve_bidi(paragraph, direction, scratch, result.levels);
}

uint8_t resolve_bidi(std::u16string_view paragraph, BaseDirection direction, BidiScratch& scratch,
                     std::vector<uint8_t>& levels) {
  levels.clear();
  if (paragraph.empty()) return direction == BaseDirection::RightToLeft ? 1 : 0;
  // Room for the suffix run_icu may append, within ICU's int32_t lengths.
  if (paragraph.size() > static_cast<size_t>(INT32_MAX) - kMixedSuffix.size()) {
    throw Error(ErrorCode::LimitExceeded, "bidi: paragraph longer than 2^31 UTF-16 units");
  }

  // The corrections below need rules X1–X8, computed only when the paragraph has what
  // ICU 72 gets wrong: brackets or isolates under an override, marks after brackets, or
  // more opening brackets than BD16's stack holds.
  const Features features = scan_features(paragraph);
  if (const int level = uniform_level(features.classes, direction); level >= 0) {
    // Most short texts (one language, no digits or none inside right-to-left text) end
    // here, sparing ICU's per-paragraph setup, which costs more than the scan.
    levels.assign(paragraph.size(), static_cast<uint8_t>(level));
    return static_cast<uint8_t>(level);
  }
  const bool needs_explicit = (features.override && (features.bracket || features.isolate)) ||
                              features.mark_after_bracket ||
                              features.opening_brackets > kBracketStackSize;
  std::u16string& storage = scratch.storage;
  if (!needs_explicit) {
    // The common case: one ICU run on a UBiDi kept from the previous paragraph.
    if (!scratch.bidi) {
      UErrorCode status = U_ZERO_ERROR;
      scratch.bidi.reset(ubidi_open());
      if (!scratch.bidi) throw_icu_failure("ubidi_open", status);
    }
    UBiDi* bidi = scratch.bidi.get();
    run_icu_into(bidi, paragraph, direction, storage, features.uneven);
    copy_levels(bidi, paragraph.size(), levels);
    return ubidi_getParaLevel(bidi) & 1;
  }

  // X1–X8 start from the paragraph levels ICU chose (P2–P3 for each paragraph, P1).
  // Brackets are neutrals and cannot change them, so ICU gets a copy with every bracket
  // replaced by a bracket-free ON character: ICU's bracket pairing is the costly part of
  // its work, and on deeply nested hostile input it is far too slow.
  const std::vector<CodePoint> cps = decode(paragraph);
  std::u16string substituted(paragraph);
  for (const CodePoint& cp : cps) {
    // Every paired bracket is in the BMP, so the stand-in keeps the unit count.
    if (cp.type == U_OTHER_NEUTRAL && cp.end - cp.start == 1 && is_bracket(cp.value)) {
      substituted[cp.start] = kNeutralStandIn;
    }
  }
  std::vector<ExplicitState> explicit_states;
  {
    UBiDiPtr probe = run_icu(substituted, direction, storage);
    explicit_states = resolve_explicit(
        cps, [&](size_t i) { return icu_paragraph_level_at(probe.get(), cps[i].start); });
  }

  // BD14–BD16 pair only brackets whose current class is ON, and X6 resets the class of
  // overridden characters to L or R; ICU 72 pairs brackets under LRO/RLO anyway. Those
  // brackets, and the ones BD16 never reaches, stay replaced in the text ICU resolves:
  // their class is ON either way, so only the pairing differs.
  std::vector<uint8_t> hidden(cps.size(), 0);
  for (size_t i = 0; i < cps.size(); ++i) {
    if (explicit_states[i].overridden && is_bracket(cps[i].value)) hidden[i] = 1;
  }
  if (features.opening_brackets > kBracketStackSize) {
    mark_bd16_overflow(cps, explicit_states, hidden);
  }
  for (size_t i = 0; i < cps.size(); ++i) {
    if (!hidden[i]) substituted[cps[i].start] = paragraph[cps[i].start];
  }
  storage.clear();
  UBiDiPtr bidi = run_icu(substituted, direction, storage);
  const uint8_t paragraph_level = ubidi_getParaLevel(bidi.get()) & 1;
  copy_levels(bidi.get(), paragraph.size(), levels);

  fix_marks_after_brackets(cps, explicit_states, hidden, levels);
  if (features.override && features.isolate) {
    fix_overridden_isolates(cps, explicit_states, levels);
  }
  return paragraph_level;
}

void apply_rule_l1(std::u16string_view line, uint8_t paragraph_level, std::span<uint8_t> levels) {
  // L1: segment and paragraph separators, and every run of whitespace and isolate
  // formatting characters before them or before the end of the line, take the paragraph
  // level. Characters removed by X9 are kept in the text (UAX #9 section 5.2), so they
  // neither end such a run nor escape the reset.
  //
  // Lines are scanned for separators only (classes S and B are U+0009–U+000D and
  // U+001C–U+001F, U+0085, U+2029), then whitespace runs are walked back from each
  // separator and from the end: a line costs a compare per unit, not a class lookup.
  const int32_t length = static_cast<int32_t>(std::min(line.size(), levels.size()));
  const auto in_whitespace_run = [](UChar32 c) {
    const UCharDirection t = bidi_class(static_cast<char32_t>(c));
    return t == U_WHITE_SPACE_NEUTRAL || is_isolate_initiator(t) ||
           t == U_POP_DIRECTIONAL_ISOLATE || is_removed_class(t);
  };
  // Resets [start of the whitespace run ending at `end`, `through`) to the paragraph level.
  const auto reset_back_from = [&](int32_t end, int32_t through) {
    int32_t from = end;
    while (from > 0) {
      int32_t previous = from;
      UChar32 c;
      U16_PREV(line.data(), 0, previous, c);
      if (!in_whitespace_run(c)) break;
      from = previous;
    }
    std::fill(levels.begin() + from, levels.begin() + through, paragraph_level);
  };
  for (int32_t i = 0; i < length; ++i) {
    const char16_t c = line[i];
    // Classes S and B: U+0009–U+001F controls and the paragraph separators.
    if (c >= 0x20 && !is_paragraph_separator(c)) continue;
    const UCharDirection t = bidi_class(c);
    if (t == U_SEGMENT_SEPARATOR || t == U_BLOCK_SEPARATOR) reset_back_from(i, i + 1);
  }
  reset_back_from(length, length);
}

void reorder_visually(std::span<const uint8_t> levels, std::span<int32_t> visual_to_logical) {
  // L2: from the highest level down to the lowest odd level, reverse every maximal run at
  // that level or higher. ICU does exactly this on a bare levels array.
  const size_t n = std::min(levels.size(), visual_to_logical.size());
  if (n == 0) return;
  if (n > static_cast<size_t>(INT32_MAX)) {
    throw Error(ErrorCode::LimitExceeded, "bidi: line longer than 2^31 UTF-16 units");
  }
  // ICU rejects levels above max_depth + 1 silently, leaving the map unfilled; such
  // levels cannot come out of resolve_bidi, so they are a caller's mistake.
  const auto [lowest, highest] = std::minmax_element(levels.begin(), levels.begin() + n);
  if (*highest > kMaxDepth + 1) {
    throw Error(ErrorCode::InvalidArgument, "bidi: level above 126 in reorder_visually");
  }
  if (*lowest == *highest) {
    // One level (most lines): an even one keeps the logical order, an odd one is reversed
    // once; no ICU call.
    const bool reversed = (*lowest & 1) != 0;
    for (size_t k = 0; k < n; ++k) {
      visual_to_logical[k] = static_cast<int32_t>(reversed ? n - 1 - k : k);
    }
    return;
  }
  ubidi_reorderVisual(levels.data(), static_cast<int32_t>(n), visual_to_logical.data());
}

}  // namespace satr::detail
