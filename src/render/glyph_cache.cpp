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

  friend bool operator==(const GlyphKey&, const GlyphKey&) = default;
};

struct GlyphKeyHash {
  std::size_t operator()(const GlyphKey& key) const noexcept {
    return static_cast<std::size_t>(
        Hasher()
            .value(key.font_id)
            .value((uint64_t{key.glyph_id} << 32) | (uint64_t{key.size_26_6} << 2) | key.subpixel_x)
            .digest());
  }
};

struct CacheEntry {
  GlyphKey key;
  std::shared_ptr<const GlyphBitmap> bitmap;
  std::size_t cost = 0;
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

  GlyphBitmap rasterize(const Font& font, const GlyphKey& key) {
    FaceEntry& entry = face_for(font);
    FT_Face face = entry.face.get();
    if (key.glyph_id >= static_cast<uint32_t>(face->num_glyphs)) {
      throw Error(ErrorCode::InvalidArgument, "glyph " + std::to_string(key.glyph_id) +
                                                  " is not in font " + font_label(font) + " (" +
                                                  std::to_string(face->num_glyphs) + " glyphs)");
    }
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
        FT_Load_Glyph(face, key.glyph_id, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
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

GlyphCache::GlyphCache(std::size_t byte_budget) : state_(std::make_unique<State>()) {
  state_->budget = byte_budget;
}

GlyphCache::~GlyphCache() = default;

std::shared_ptr<const GlyphBitmap> GlyphCache::glyph(const Font& font, uint32_t glyph_id,
                                                     float size_px, int subpixel_x) {
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
    ++s.stats.hits;
    s.lru.splice(s.lru.begin(), s.lru, it->second);
    return it->second->bitmap;
  }
  ++s.stats.misses;
  auto bitmap = std::make_shared<const GlyphBitmap>(s.rasterize(font, key));
  ++s.stats.rasterizations;
  const std::size_t cost = bitmap->coverage.size() + kEntryOverhead;
  if (cost <= s.budget) {
    s.evict_to(s.budget - cost);
    s.lru.push_front(CacheEntry{key, bitmap, cost});
    s.index.emplace(key, s.lru.begin());
    s.stats.bytes += cost;
  }
  // A bitmap larger than the whole budget is returned but not kept.
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
