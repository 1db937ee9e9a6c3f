// A bounded, thread-safe cache of rasterized glyph coverage bitmaps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "satr/limits.hpp"

namespace satr {
class Font;
}

namespace satr::detail {

/// Horizontal subpixel positions per pixel: glyph origins are quantized to 1/4 px, so a
/// glyph is rasterized at most four times per (font, size) however long the text.
inline constexpr int kSubpixelSteps = 4;

/// An 8-bit coverage bitmap of one glyph, placed relative to the glyph origin.
struct GlyphBitmap {
  int left = 0;    ///< px from the (quantized) origin to the bitmap's left column.
  int top = 0;     ///< px from the baseline up to the bitmap's top row (positive = above).
  int width = 0;   ///< Columns.
  int height = 0;  ///< Rows.
  std::vector<uint8_t> coverage;  ///< width × height bytes, rows top to bottom, 0 = empty.

  bool empty() const { return width == 0 || height == 0; }
};

/// A rectangle of whole pixels relative to a glyph's whole-pixel origin, y up: the columns
/// [left, right) and the rows whose bottom edges lie in [bottom, top).
struct PixelBox {
  long left = 0;
  long bottom = 0;
  long right = 0;
  long top = 0;

  friend bool operator==(const PixelBox&, const PixelBox&) = default;
};

/// Counters for tests and tuning; a snapshot taken under the cache's lock.
struct GlyphCacheStats {
  uint64_t hits = 0;            ///< Lookups answered from the cache.
  uint64_t misses = 0;          ///< Lookups that had to rasterize.
  uint64_t rasterizations = 0;  ///< Glyphs rendered by FreeType.
  uint64_t evictions = 0;       ///< Bitmaps dropped to stay within the byte budget.
  uint64_t clipped = 0;         ///< Rasterizations of an oversized glyph's visible part.
  std::size_t bytes = 0;        ///< Bytes currently accounted to cached bitmaps.
  std::size_t entries = 0;      ///< Bitmaps currently cached.
  std::size_t faces = 0;        ///< FreeType faces currently open.
};

/// Owns the FreeType library handle, one FreeType face per Font, and the glyph bitmaps
/// rendered from them, keyed by (font id, glyph id, size, subpixel x offset).
///
/// Thread safety: every public member may be called from several threads at once. One
/// mutex guards the FreeType objects and the maps, because neither FT_Library nor FT_Face
/// may be used from two threads at a time; rasterizing under the lock also guarantees that
/// two threads asking for the same missing glyph rasterize it once. Returned bitmaps are
/// immutable and shared, so they stay valid after eviction.
///
/// Memory: bitmaps are kept in least-recently-used order within a byte budget. A Font
/// stays alive (its bytes back the FreeType face) while its face is open; faces are closed
/// when more than kMaxFaces are open or on clear().
class GlyphCache {
 public:
  static constexpr std::size_t kDefaultByteBudget = std::size_t{64} << 20;  // 64 MiB
  static constexpr std::size_t kMaxFaces = 64;

  /// `whole_glyph_pixels` is the largest glyph rasterized whole (kMaxGlyphBitmapPixels
  /// unless a test wants every glyph clipped).
  explicit GlyphCache(std::size_t byte_budget = kDefaultByteBudget,
                      std::size_t whole_glyph_pixels = kMaxGlyphBitmapPixels);
  ~GlyphCache();
  GlyphCache(const GlyphCache&) = delete;
  GlyphCache& operator=(const GlyphCache&) = delete;

  /// The coverage of glyph `glyph_id` of `font` at `size_px` (px per em, in
  /// (0, kMaxFontSize]) with its origin shifted right by `subpixel_x` / kSubpixelSteps px,
  /// at least where it overlaps `visible` (the image, relative to the glyph's origin). A
  /// glyph of up to kMaxGlyphBitmapPixels is rasterized whole, once for every position; a
  /// larger one only inside `visible`, cached for that rectangle.
  /// Throws Error(FontInvalid) if FreeType cannot open the font or render the glyph,
  /// Error(InvalidArgument) for an out-of-range size, glyph id or subpixel offset.
  std::shared_ptr<const GlyphBitmap> glyph(const Font& font, uint32_t glyph_id, float size_px,
                                           int subpixel_x, const PixelBox& visible);

  GlyphCacheStats stats() const;
  std::size_t byte_budget() const;
  /// Changes the budget, evicting least recently used bitmaps at once if needed.
  void set_byte_budget(std::size_t bytes);
  /// Drops every bitmap and closes every face; counters are kept.
  void clear();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace satr::detail
