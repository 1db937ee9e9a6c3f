// The glyph bitmap cache: FreeType faces built from each Font's bytes, and LRU-bounded
// coverage bitmaps.
#include "render/glyph_cache.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include <algorithm>
#include <cmath>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "satr/error.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "fonts/font_data.hpp"
#include "support/hash.hpp"

namespace satr::detail {
namespace {

struct FtLibraryDeleter {
  void operator()(FT_Library library) const { FT_Done_FreeType(library); }
};
struct FtFaceDeleter {
  void operator()(FT_Face face) const { FT_Done_Face(face); }
};
using FtLibraryPtr = std::unique_ptr<FT_LibraryRec_, FtLibraryDeleter>;
using FtFacePtr = std::unique_ptr<FT_FaceRec_, FtFaceDeleter>;

// Bookkeeping per cached bitmap (list node, hash node, shared_ptr control block), counted
// against the budget so that a flood of empty glyphs (spaces) is bounded too.
constexpr std::size_t kEntryOverhead = 160;

struct GlyphKey {
  uint64_t font_id = 0;
  uint32_t glyph_id = 0;
  uint32_t size_26_6 = 0;  // px per em in FreeType's 26.6 fixed point
  uint32_t subpixel_x = 0;
  bool clipped = false;  // the bitmap covers `clip` only, the glyph being oversized
  PixelBox clip;

  friend bool operator==(const GlyphKey&, const GlyphKey&) = default;
};

struct GlyphKeyHash {
  std::size_t operator()(const GlyphKey& key) const noexcept {
    Hasher hasher;
    hasher.value(key.font_id)
        .value((uint64_t{key.glyph_id} << 32) | (uint64_t{key.size_26_6} << 2) | key.subpixel_x);
    if (key.clipped) {
      hasher.value(static_cast<uint64_t>(key.clip.left))
          .value(static_cast<uint64_t>(key.clip.bottom))
          .value(static_cast<uint64_t>(key.clip.right))
          .value(static_cast<uint64_t>(key.clip.top));
    }
    return static_cast<std::size_t>(hasher.digest());
  }
};

struct CacheEntry {
  GlyphKey key;
  std::shared_ptr<const GlyphBitmap> bitmap;
  std::size_t cost = 0;
  // Set on the whole-glyph entry of a glyph over kMaxGlyphBitmapPixels, which holds no
  // bitmap but the glyph's pixel extent, so that later lookups go straight to clipping.
  std::optional<PixelBox> oversized_extent;
};

struct FaceEntry {
  Font font;  // keeps FontData::bytes alive: FreeType reads them lazily
  FtFacePtr face;
  uint32_t size_26_6 = 0;  // the size last set on the face, to skip redundant FT calls
};

std::string font_label(const Font& font) { return "'" + font.file_name() + "'"; }

}  // namespace

struct GlyphCache::State {
  mutable std::mutex mutex;
  FtLibraryPtr library;  // declared before faces: faces are destroyed first
  std::unordered_map<uint64_t, FaceEntry> faces;
  std::list<CacheEntry> lru;  // most recently used at the front
  std::unordered_map<GlyphKey, std::list<CacheEntry>::iterator, GlyphKeyHash> index;
  std::size_t budget = GlyphCache::kDefaultByteBudget;
  std::size_t whole_glyph_pixels = kMaxGlyphBitmapPixels;
  GlyphCacheStats stats;

  FT_Library ft_library() {
    if (!library) {
      FT_Library raw = nullptr;
      if (FT_Init_FreeType(&raw) != 0) {
        throw Error(ErrorCode::Internal, "cannot initialize FreeType");
      }
      library.reset(raw);
    }
    return library.get();
  }

  FaceEntry& face_for(const Font& font) {
    const uint64_t id = font.id();
    if (auto it = faces.find(id); it != faces.end()) return it->second;
    // Closing every face is crude but rare: more than kMaxFaces distinct fonts in use. The
    // bitmaps stay cached; only faces for fonts drawn again are reopened.
    if (faces.size() >= GlyphCache::kMaxFaces) faces.clear();
    const FontData& data = font.data();
    FT_Face raw = nullptr;
    const FT_Error error =
        FT_New_Memory_Face(ft_library(), data.bytes.data(), static_cast<FT_Long>(data.bytes.size()),
                           static_cast<FT_Long>(data.face_index), &raw);
    if (error != 0 || raw == nullptr) {
      throw Error(ErrorCode::FontInvalid, "FreeType cannot open font " + font_label(font) +
                                              " (error " + std::to_string(error) + ")");
    }
    FaceEntry entry{font, FtFacePtr(raw), 0};
    return faces.emplace(id, std::move(entry)).first->second;
  }

  /// Loads the glyph of `key` into its face's slot, scaled, unhinted and shifted by the
  /// subpixel offset.
  FT_GlyphSlot load(const Font& font, const GlyphKey& key) {
    FaceEntry& entry = face_for(font);
    FT_Face face = entry.face.get();
    // The shaper keeps glyph ids below maxp.numGlyphs; FreeType counts a CFF font's glyphs
    // from its charstrings, and in a corrupt font the two disagree. A glyph FreeType does
    // not have is drawn as .notdef, as one past maxp is.
    const FT_UInt glyph_id =
        key.glyph_id < static_cast<FT_ULong>(std::max<FT_Long>(face->num_glyphs, 0)) ? key.glyph_id
                                                                                    : 0;
    if (entry.size_26_6 != key.size_26_6) {
      // At 72 dpi one point is one pixel, so the char size is the size in px per em.
      if (FT_Set_Char_Size(face, 0, key.size_26_6, 72, 72) != 0) {
        throw Error(ErrorCode::FontInvalid, "FreeType cannot scale font " + font_label(font) +
                                                " to " + std::to_string(key.size_26_6 / 64.0) +
                                                " px");
      }
      entry.size_26_6 = key.size_26_6;
    }
    // Unhinted outlines: HarfBuzz positions are unhinted, and hinting would distort the
    // shapes that joined Arabic letters rely on to meet.
    const FT_Error load_error =
        FT_Load_Glyph(face, glyph_id, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
    if (load_error != 0) {
      throw Error(ErrorCode::FontInvalid,
                  "FreeType cannot load glyph " + std::to_string(key.glyph_id) + " of font " +
                      font_label(font) + " (error " + std::to_string(load_error) + ")");
    }
    FT_GlyphSlot slot = face->glyph;
    if (slot->format == FT_GLYPH_FORMAT_OUTLINE) {
      // Shift the outline by the subpixel offset (26.6 units: 64 per px) so the coverage
      // is computed at the glyph's true fractional position.
      FT_Outline_Translate(&slot->outline,
                           static_cast<FT_Pos>(key.subpixel_x * 64 / kSubpixelSteps), 0);
    }
    return slot;
  }

  /// The whole pixels an outline touches; nullopt for a glyph that is not an outline.
  static std::optional<PixelBox> outline_extent(FT_GlyphSlot slot) {
    if (slot->format != FT_GLYPH_FORMAT_OUTLINE) return std::nullopt;
    FT_BBox box;
    FT_Outline_Get_CBox(&slot->outline, &box);
    const auto floor_px = [](FT_Pos v) { return static_cast<long>((v >= 0 ? v : v - 63) / 64); };
    const auto ceil_px = [&](FT_Pos v) { return floor_px(v + 63); };
    return PixelBox{floor_px(box.xMin), floor_px(box.yMin), ceil_px(box.xMax), ceil_px(box.yMax)};
  }

  static std::size_t pixels_of(const PixelBox& box) {
    if (box.right <= box.left || box.top <= box.bottom) return 0;
    return static_cast<std::size_t>(box.right - box.left) *
           static_cast<std::size_t>(box.top - box.bottom);
  }

  GlyphBitmap render_whole(const Font& font, const GlyphKey& key, FT_GlyphSlot slot) {
    const FT_Error render_error = FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL);
    if (render_error != 0) {
      throw Error(ErrorCode::FontInvalid,
                  "FreeType cannot render glyph " + std::to_string(key.glyph_id) + " of font " +
                      font_label(font) + " (error " + std::to_string(render_error) + ")");
    }
    const FT_Bitmap& source = slot->bitmap;
    GlyphBitmap bitmap;
    if (source.width == 0 || source.rows == 0 || source.pixel_mode != FT_PIXEL_MODE_GRAY) {
      return bitmap;  // an empty glyph (space) draws nothing
    }
    bitmap.left = slot->bitmap_left;
    bitmap.top = slot->bitmap_top;
    bitmap.width = static_cast<int>(source.width);
    bitmap.height = static_cast<int>(source.rows);
    bitmap.coverage.resize(static_cast<std::size_t>(bitmap.width) * bitmap.height);
    for (int row = 0; row < bitmap.height; ++row) {
      // pitch is negative for bottom-up bitmaps; indexing through it handles both.
      const unsigned char* src = source.buffer + static_cast<std::ptrdiff_t>(row) * source.pitch;
      std::copy(src, src + bitmap.width,
                bitmap.coverage.begin() + static_cast<std::ptrdiff_t>(row) * bitmap.width);
    }
    return bitmap;
  }

  /// The coverage of the outline in `slot` inside `clip` only: FreeType's rasterizer clips
  /// to the target bitmap, so the work is bounded by the clip, not by the outline.
  GlyphBitmap render_clipped(const Font& font, const GlyphKey& key, FT_GlyphSlot slot,
                             const PixelBox& clip) {
    GlyphBitmap bitmap;
    bitmap.left = static_cast<int>(clip.left);
    bitmap.top = static_cast<int>(clip.top);
    bitmap.width = static_cast<int>(clip.right - clip.left);
    bitmap.height = static_cast<int>(clip.top - clip.bottom);
    bitmap.coverage.assign(pixels_of(clip), 0);
    FT_Outline_Translate(&slot->outline, static_cast<FT_Pos>(-clip.left * 64),
                         static_cast<FT_Pos>(-clip.bottom * 64));
    FT_Bitmap target{};
    target.rows = static_cast<unsigned>(bitmap.height);
    target.width = static_cast<unsigned>(bitmap.width);
    target.pitch = bitmap.width;  // rows top to bottom, as GlyphBitmap keeps them
    target.buffer = bitmap.coverage.data();
    target.num_grays = 256;
    target.pixel_mode = FT_PIXEL_MODE_GRAY;
    const FT_Error error = FT_Outline_Get_Bitmap(ft_library(), &slot->outline, &target);
    if (error != 0) {
      throw Error(ErrorCode::FontInvalid,
                  "FreeType cannot render glyph " + std::to_string(key.glyph_id) + " of font " +
                      font_label(font) + " (error " + std::to_string(error) + ")");
    }
    return bitmap;
  }

  void keep(const GlyphKey& key, std::shared_ptr<const GlyphBitmap> bitmap, std::size_t cost,
            std::optional<PixelBox> oversized_extent = std::nullopt) {
    // A bitmap larger than the whole budget is returned but not kept.
    if (cost > budget) return;
    evict_to(budget - cost);
    lru.push_front(CacheEntry{key, std::move(bitmap), cost, oversized_extent});
    index.emplace(key, lru.begin());
    stats.bytes += cost;
  }

  /// The part of an oversized glyph inside `visible`, from the cache or rasterized; `slot`
  /// is the glyph already loaded, or null.
  std::shared_ptr<const GlyphBitmap> clipped_glyph(const Font& font, GlyphKey key,
                                                   const PixelBox& extent,
                                                   const PixelBox& visible, FT_GlyphSlot slot) {
    key.clipped = true;
    key.clip = PixelBox{std::max(extent.left, visible.left), std::max(extent.bottom, visible.bottom),
                        std::min(extent.right, visible.right), std::min(extent.top, visible.top)};
    if (pixels_of(key.clip) == 0) {
      static const auto nothing = std::make_shared<const GlyphBitmap>();
      return nothing;
    }
    if (auto it = index.find(key); it != index.end()) {
      ++stats.hits;
      lru.splice(lru.begin(), lru, it->second);
      return it->second->bitmap;
    }
    ++stats.misses;
    if (slot == nullptr) slot = load(font, key);
    auto bitmap = std::make_shared<const GlyphBitmap>(render_clipped(font, key, slot, key.clip));
    ++stats.rasterizations;
    ++stats.clipped;
    keep(key, bitmap, bitmap->coverage.size() + kEntryOverhead);
    return bitmap;
  }

  void evict_to(std::size_t limit) {
    while (stats.bytes > limit && !lru.empty()) {
      const CacheEntry& victim = lru.back();
      stats.bytes -= victim.cost;
      index.erase(victim.key);
      lru.pop_back();
      ++stats.evictions;
    }
  }
};

GlyphCache::GlyphCache(std::size_t byte_budget, std::size_t whole_glyph_pixels)
    : state_(std::make_unique<State>()) {
  state_->budget = byte_budget;
  state_->whole_glyph_pixels = whole_glyph_pixels;
}

GlyphCache::~GlyphCache() = default;

std::shared_ptr<const GlyphBitmap> GlyphCache::glyph(const Font& font, uint32_t glyph_id,
                                                     float size_px, int subpixel_x,
                                                     const PixelBox& visible) {
  if (!(size_px > 0.0f && size_px <= kMaxFontSize)) {
    throw Error(ErrorCode::InvalidArgument,
                "font size " + std::to_string(size_px) + " px is out of range (0, " +
                    std::to_string(static_cast<int>(kMaxFontSize)) + "]");
  }
  if (subpixel_x < 0 || subpixel_x >= kSubpixelSteps) {
    throw Error(ErrorCode::InvalidArgument,
                "subpixel offset " + std::to_string(subpixel_x) + " is out of range");
  }
  GlyphKey key;
  key.font_id = font.id();
  key.glyph_id = glyph_id;
  key.size_26_6 = std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(size_px * 64.0f)));
  key.subpixel_x = static_cast<uint32_t>(subpixel_x);

  State& s = *state_;
  std::lock_guard lock(s.mutex);
  if (auto it = s.index.find(key); it != s.index.end()) {
    s.lru.splice(s.lru.begin(), s.lru, it->second);
    if (const std::optional<PixelBox> extent = it->second->oversized_extent) {
      return s.clipped_glyph(font, key, *extent, visible, nullptr);
    }
    ++s.stats.hits;
    return it->second->bitmap;
  }
  FT_GlyphSlot slot = s.load(font, key);
  if (const std::optional<PixelBox> extent = State::outline_extent(slot);
      extent && State::pixels_of(*extent) > s.whole_glyph_pixels) {
    s.keep(key, nullptr, kEntryOverhead, *extent);
    return s.clipped_glyph(font, key, *extent, visible, slot);
  }
  ++s.stats.misses;
  auto bitmap = std::make_shared<const GlyphBitmap>(s.render_whole(font, key, slot));
  ++s.stats.rasterizations;
  s.keep(key, bitmap, bitmap->coverage.size() + kEntryOverhead);
  return bitmap;
}

GlyphCacheStats GlyphCache::stats() const {
  std::lock_guard lock(state_->mutex);
  GlyphCacheStats snapshot = state_->stats;
  snapshot.entries = state_->index.size();
  snapshot.faces = state_->faces.size();
  return snapshot;
}

std::size_t GlyphCache::byte_budget() const {
  std::lock_guard lock(state_->mutex);
  return state_->budget;
}

void GlyphCache::set_byte_budget(std::size_t bytes) {
  std::lock_guard lock(state_->mutex);
  state_->budget = bytes;
  state_->evict_to(bytes);
}

void GlyphCache::clear() {
  std::lock_guard lock(state_->mutex);
  state_->index.clear();
  state_->lru.clear();
  state_->stats.bytes = 0;
  state_->faces.clear();
}

}  // namespace satr::detail
