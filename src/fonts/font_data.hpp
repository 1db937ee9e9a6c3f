// The private side of satr::Font: the face's bytes and its HarfBuzz objects.
#pragma once

#include <hb.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace satr::detail {

struct HbBlobDeleter { void operator()(hb_blob_t* p) const { hb_blob_destroy(p); } };
struct HbFaceDeleter { void operator()(hb_face_t* p) const { hb_face_destroy(p); } };
struct HbFontDeleter { void operator()(hb_font_t* p) const { hb_font_destroy(p); } };
struct HbBufferDeleter { void operator()(hb_buffer_t* p) const { hb_buffer_destroy(p); } };
struct HbSetDeleter { void operator()(hb_set_t* p) const { hb_set_destroy(p); } };
using HbBlob = std::unique_ptr<hb_blob_t, HbBlobDeleter>;
using HbFace = std::unique_ptr<hb_face_t, HbFaceDeleter>;
using HbFont = std::unique_ptr<hb_font_t, HbFontDeleter>;
using HbBuffer = std::unique_ptr<hb_buffer_t, HbBufferDeleter>;
using HbSet = std::unique_ptr<hb_set_t, HbSetDeleter>;

/// Everything a Font owns. Immutable after construction, so shared freely across threads
/// (HarfBuzz fonts are thread-safe for shaping once made immutable).
struct FontData {
  std::string path;               ///< File path, or the name given for in-memory fonts.
  std::vector<uint8_t> bytes;     ///< The whole font file; the renderer builds FT faces from it.
  unsigned face_index = 0;
  uint64_t id = 0;                ///< Process-unique, for cache keys.
  HbBlob blob;
  HbFace face;
  HbFont font;                    ///< Scale = units per em: shaping results are in font units.
  uint32_t units_per_em = 1000;
  /// maxp.numGlyphs. A corrupt GSUB may still substitute glyph ids past it.
  uint32_t glyph_count = 0;
  int32_t ascender = 0;           ///< Font units, positive up.
  int32_t descender = 0;          ///< Font units, positive down.
  std::string family_name;
  hb_codepoint_t space_glyph = 0;    ///< 0 if the font has no space glyph.
  hb_codepoint_t tatweel_glyph = 0;  ///< 0 if the font has no U+0640.
  /// The glyphs shaping gives runs of one to eight tatweels between two joined letters: the
  /// cmap glyph of a plain extender, or the alternates a font such as Amiri substitutes for
  /// it (Amiri's cmap tatweel is 0 units wide and never drawn). Sorted.
  std::vector<hb_codepoint_t> tatweel_glyphs;
  /// Advance of one tatweel as shaped between joined letters, font units; 0 if none.
  int32_t tatweel_advance = 0;
  /// Whether HarfBuzz's safe-to-insert-tatweel flags say anything in this font. They do not
  /// where the font's lookups make every glyph unsafe to concatenate (SIL's Scheherazade New
  /// and Harmattan): then kashida sites come from satr's rules at every cluster start, and
  /// the line is reshaped and measured after the insertion as for every font.
  bool tatweel_flags_informative = true;
  /// True if inserting tatweels at HarfBuzz's flagged sites changes no glyph but adds the
  /// tatweels: a run of k shapes to k copies of the cmap glyph, no substitution and no
  /// positioning involves it (except as a base for marks, which an inserted tatweel never
  /// carries), no legacy table applies, and the flags are informative. Justification then
  /// inserts the glyphs into the built line instead of shaping the line again.
  bool tatweel_is_plain = false;
  /// True if no OpenType lookup of the font involves the space glyph and no legacy
  /// (kern, AAT) table applies: then nothing in a word's shaping can see past a space,
  /// and words may be shaped, cached and reused independently.
  bool words_are_independent = false;
  /// cmap coverage of U+0000…U+07FF, one bit each: font fallback asks this for every
  /// character, and a bit test is far cheaper than a cmap lookup.
  std::array<uint64_t, 32> low_coverage{};

  bool is_tatweel(hb_codepoint_t glyph) const {
    // Most fonts have one; justification asks this of every glyph of a stretched line.
    if (tatweel_glyphs.size() == 1) return glyph == tatweel_glyphs[0];
    return std::binary_search(tatweel_glyphs.begin(), tatweel_glyphs.end(), glyph);
  }

  bool covers_low(char32_t cp) const { return (low_coverage[cp >> 6] >> (cp & 63)) & 1; }

  /// px per font unit at `size_px`.
  float scale(float size_px) const { return size_px / static_cast<float>(units_per_em); }
};

}  // namespace satr::detail
