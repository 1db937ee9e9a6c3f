// satr — fonts and fallback chains.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace satr {

namespace detail {
struct FontData;
}

/// A font face loaded from a file or from memory.
///
/// A Font is a cheap, shareable handle (copying it shares the same face). It carries no
/// size: sizes belong to the layout style, and the face is shaped in font units and scaled,
/// so one Font serves every size. After construction a Font is immutable and safe to use
/// from several threads at once.
class Font {
 public:
  /// An empty handle (as in a default-constructed Run); only assignment and valid() may be
  /// used on it.
  Font() = default;

  /// Loads face `face_index` of the font file at `path`.
  /// Throws Error(FontNotFound) if the file cannot be opened, Error(FontInvalid) if it is
  /// not a usable OpenType/TrueType font.
  static Font from_file(const std::string& path, unsigned face_index = 0);

  /// Loads a font from bytes in memory; `name` stands in for the file name in messages.
  static Font from_memory(std::vector<uint8_t> bytes, const std::string& name = "<memory>",
                          unsigned face_index = 0);

  /// The path the font was loaded from (or the name given to from_memory).
  const std::string& path() const;
  /// The last component of path(), as used in the JSON output.
  std::string file_name() const;
  /// The family name from the font's name table ("Noto Naskh Arabic").
  std::string family_name() const;
  /// Design units per em.
  uint32_t units_per_em() const;
  /// True if the font maps `code_point` to a glyph through its cmap.
  bool has_glyph(char32_t code_point) const;
  /// Typographic ascender and descender (both positive, in px) at `size_px`.
  float ascender(float size_px) const;
  float descender(float size_px) const;

  /// False for a default-constructed handle.
  bool valid() const { return data_ != nullptr; }

  /// A process-unique identity of the face, stable for the lifetime of the handle.
  uint64_t id() const;

  friend bool operator==(const Font& a, const Font& b) { return a.data_ == b.data_; }

  /// Internal access for satr's own stages.
  const detail::FontData& data() const { return *data_; }

 private:
  explicit Font(std::shared_ptr<const detail::FontData> data) : data_(std::move(data)) {}
  std::shared_ptr<const detail::FontData> data_;
};

/// An ordered fallback chain: each grapheme cluster is drawn with the first font of the
/// chain that covers all of it. Copies share the fonts. Immutable use is thread-safe.
class FontCollection {
 public:
  FontCollection() = default;
  explicit FontCollection(std::vector<Font> fonts) : fonts_(std::move(fonts)) {}

  /// The fonts that ship with satr (Noto Naskh Arabic, then Noto Sans), loaded once per
  /// process and shared. Looks in $SATR_FONT_DIR, then the installed data folder, then the
  /// source tree. Throws Error(FontNotFound) naming the folders searched.
  static FontCollection bundled();
  /// The folder bundled() loads from (the first of the candidates that exists).
  static std::string bundled_font_dir();

  void add(Font font) { fonts_.push_back(std::move(font)); }
  const std::vector<Font>& fonts() const { return fonts_; }
  bool empty() const { return fonts_.empty(); }
  std::size_t size() const { return fonts_.size(); }

 private:
  std::vector<Font> fonts_;
};

}  // namespace satr
