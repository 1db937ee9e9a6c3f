#include "itemize/itemize.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "fonts/font_data.hpp"
#include "text/char_info.hpp"
#include "text/graphemes.hpp"

namespace satr::detail {
namespace {

bool is_real_script(hb_script_t s) {
  return s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN;
}

inline bool covers(const FontData& font, char32_t cp) {
  // HarfBuzz hides default-ignorables (ZWJ, ZWNJ, bidi controls, variation selectors)
  // whether or not the font maps them, so they never force a fallback.
  if (cp < kCharInfoTableSize) {
    return font.covers_low(cp) || (char_info(cp).flags & kCharIgnorable);
  }
  hb_codepoint_t glyph;
  if (hb_font_get_nominal_glyph(font.font.get(), cp, &glyph)) return true;
  return char_info(cp).flags & kCharIgnorable;
}

inline bool covers_all(const FontData& font, std::u16string_view text, std::size_t start,
                       std::size_t end) {
  for (std::size_t i = start; i < end;) {
    std::size_t len;
    const char32_t cp = code_point_at(text, i, &len);
    if (!covers(font, cp)) return false;
    i += len;
  }
  return true;
}

// True if the grapheme starting at `start` has only Common and Inherited characters.
bool is_common_grapheme(std::u16string_view text, std::span<const uint8_t> flags,
                        std::size_t start) {
  std::size_t i = start;
  do {
    std::size_t len;
    if (is_real_script(char_info(code_point_at(text, i, &len)).script)) return false;
    i += len;
  } while (i < text.size() && !(flags[i] & kGraphemeStart));
  return true;
}

}  // namespace

void resolve_scripts(std::u16string_view text, std::span<hb_script_t> scripts) {
  struct OpenBracket {
    char32_t closing;
    hb_script_t script;
  };
  std::vector<OpenBracket> brackets;  // Bounded below: deep nesting is cut, not grown.
  constexpr std::size_t kMaxBracketDepth = 64;
  hb_script_t current = HB_SCRIPT_UNKNOWN;  // Unknown until the first real script.
  std::size_t first_unresolved = 0;
  const CharInfo* const table = char_info_table();
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    char32_t cp = text[i];
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = code_point_at(text, i, &len);
    const CharInfo info = cp < kCharInfoTableSize ? table[cp] : char_info_slow(cp);
    hb_script_t script = info.script;
    if (is_real_script(script)) {
      if (current == HB_SCRIPT_UNKNOWN) {
        // The leading Common run takes the first real script (and so do brackets
        // opened in it).
        for (std::size_t k = first_unresolved; k < i; ++k) scripts[k] = script;
        for (auto& b : brackets)
          if (b.script == HB_SCRIPT_UNKNOWN) b.script = script;
      }
      current = script;
    } else if (script == HB_SCRIPT_COMMON || script == HB_SCRIPT_UNKNOWN) {
      script = current;
      if (info.flags & kCharOpenBracket) {
        if (brackets.size() == kMaxBracketDepth) brackets.erase(brackets.begin());
        brackets.push_back(
            {static_cast<char32_t>(u_getBidiPairedBracket(static_cast<UChar32>(cp))), current});
      } else if (info.flags & kCharCloseBracket) {
        for (std::size_t k = brackets.size(); k-- > 0;) {
          if (brackets[k].closing == cp) {
            script = brackets[k].script;
            brackets.resize(k);
            break;
          }
        }
      }
    } else {  // Inherited: the script of the base it attaches to.
      script = current;
    }
    for (std::size_t k = 0; k < len; ++k) scripts[i + k] = script;
    i += len;
  }
  if (current == HB_SCRIPT_UNKNOWN) {
    for (auto& s : scripts) s = HB_SCRIPT_COMMON;
  }
}

void choose_fonts(std::u16string_view text, std::span<const uint8_t> flags,
                  const FontChoice& choice, std::span<uint32_t> fonts_out) {
  const std::size_t n = text.size();
  int64_t previous = -1;
  // Whether `previous` belongs to the current chain; recomputed only when the chain
  // changes (at a style boundary), not for every grapheme.
  const std::vector<uint32_t>* chain_of_previous = nullptr;
  bool previous_in_chain = false;
  // End of a Common run that no single font covers, so it is not searched again for each
  // of its graphemes (which would be quadratic).
  std::size_t no_common_font_until = 0;
  for (std::size_t start = 0; start < n;) {
    if (choice.style_of.empty() && (previous < 0 || previous == choice.styles[0].chain[0])) {
      // Fast path for the common case: the first font of the chain, already in use (or
      // nothing before), covers the next stretch of text below U+0800. The rules below
      // give every grapheme of such a stretch that font, except a run of Common
      // characters that reaches past it (the run takes one font for all of it), so the
      // stretch stops before such a run.
      const uint32_t first_index = choice.styles[0].chain[0];
      const FontData& first = choice.font_table[first_index]->data();
      std::size_t stop = start;
      while (stop < n && text[stop] < kCharInfoTableSize &&
             (first.covers_low(text[stop]) || (char_info(text[stop]).flags & kCharIgnorable))) {
        ++stop;
      }
      if (stop < n) {
        const auto grapheme_start_before = [&](std::size_t i) {
          do --i;
          while (i > start && !(flags[i] & kGraphemeStart));
          return i;
        };
        if (stop > start && !(flags[stop] & kGraphemeStart)) stop = grapheme_start_before(stop);
        if (stop > start && is_common_grapheme(text, flags, stop)) {
          while (stop > start) {
            const std::size_t before = grapheme_start_before(stop);
            if (!is_common_grapheme(text, flags, before)) break;
            stop = before;
          }
        }
      }
      if (stop > start) {
        std::fill(fonts_out.begin() + static_cast<std::ptrdiff_t>(start),
                  fonts_out.begin() + static_cast<std::ptrdiff_t>(stop), first_index);
        previous = first_index;
        chain_of_previous = &choice.styles[0].chain;
        previous_in_chain = true;
        start = stop;
        continue;
      }
    }
    std::size_t end = start + 1;
    while (end < n && !(flags[end] & kGraphemeStart)) ++end;
    const std::vector<uint32_t>& chain = choice.styles[choice.style_at(start)].chain;
    if (&chain != chain_of_previous) {
      chain_of_previous = &chain;
      previous_in_chain =
          previous >= 0 &&
          std::find(chain.begin(), chain.end(), static_cast<uint32_t>(previous)) != chain.end();
    }
    const auto font = [&](uint32_t index) -> const FontData& {
      return choice.font_table[index]->data();
    };

    bool only_common = true;
    for (std::size_t i = start; i < end;) {
      std::size_t len;
      if (is_real_script(char_info(code_point_at(text, i, &len)).script)) only_common = false;
      i += len;
    }
    int64_t chosen = -1;
    if (only_common && start >= no_common_font_until) {
      // A run of Common characters (a number with its separators, punctuation, spaces)
      // takes one font: the preceding one if it covers the whole run, else the first of
      // the chain that does; so "31/3/2022" never mixes two fonts' digits.
      std::size_t run_end = end;
      while (run_end < n && is_common_grapheme(text, flags, run_end)) {
        ++run_end;
        while (run_end < n && !(flags[run_end] & kGraphemeStart)) ++run_end;
      }
      if (previous_in_chain && covers_all(font(static_cast<uint32_t>(previous)), text, start, run_end)) {
        chosen = previous;
      }
      for (std::size_t f = 0; chosen < 0 && f < chain.size(); ++f) {
        if (covers_all(font(chain[f]), text, start, run_end)) chosen = chain[f];
      }
      if (chosen < 0) no_common_font_until = run_end;  // Per grapheme from here on.
      if (chosen >= 0 && run_end > end) {
        // Assign the run at once, unless the style changes inside it.
        std::size_t same_style_end = end;
        while (same_style_end < run_end && choice.style_at(same_style_end) == choice.style_at(start)) {
          ++same_style_end;
        }
        if (same_style_end == run_end) end = run_end;
      }
    }
    for (std::size_t f = 0; chosen < 0 && f < chain.size(); ++f) {
      if (covers_all(font(chain[f]), text, start, end)) chosen = chain[f];
    }
    if (chosen < 0) {
      // Nobody covers the whole cluster: prefer a font that has its base character, so
      // the letter shows and only the mark is missing; else the first font's .notdef.
      std::size_t len;
      const char32_t base = code_point_at(text, start, &len);
      for (std::size_t f = 0; chosen < 0 && f < chain.size(); ++f) {
        if (covers(font(chain[f]), base)) chosen = chain[f];
      }
      if (chosen < 0) chosen = chain.front();
    }
    for (std::size_t i = start; i < end; ++i) fonts_out[i] = static_cast<uint32_t>(chosen);
    previous = chosen;
    previous_in_chain = true;  // Chosen from this chain.
    start = end;
  }
}

void itemize(std::u16string_view text, std::span<const uint8_t> levels,
             std::span<const uint8_t> flags, const FontChoice& choice, ItemizeScratch& scratch,
             std::vector<Item>& out) {
  const std::size_t n = text.size();
  std::vector<hb_script_t>& scripts = scratch.scripts;
  std::vector<uint32_t>& font_of = scratch.font_of;
  scripts.resize(n);
  font_of.resize(n);
  resolve_scripts(text, scripts);
  choose_fonts(text, flags, choice, font_of);

  out.clear();
  for (std::size_t i = 0; i < n;) {
    Item item{static_cast<uint32_t>(i), 0, levels[i], scripts[i], font_of[i], choice.style_at(i)};
    std::size_t j = i + 1;
    while (j < n && levels[j] == item.level && scripts[j] == item.script &&
           font_of[j] == item.font_index && choice.style_at(j) == item.style)
      ++j;
    item.end = static_cast<uint32_t>(j);
    out.push_back(item);
    i = j;
  }
}

}  // namespace satr::detail
