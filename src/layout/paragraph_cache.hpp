// A bounded cache of shaped paragraphs: laying out the same paragraph again (a re-wrap at a
// new width, a redraw) skips bidi, segmentation, itemization and shaping, and runs only
// line breaking and positioning.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "layout/paragraph.hpp"

namespace satr::detail {

/// Everything besides the text that decides a ShapedParagraph, flattened for hashing and
/// comparison.
struct ParagraphKey {
  std::u16string text;
  std::string settings;  ///< Direction, language, digits, kashida, and per style: fonts,
                         ///< size and features, as bytes.
  uint64_t hash = 0;

  friend bool operator==(const ParagraphKey& a, const ParagraphKey& b) {
    return a.hash == b.hash && a.text == b.text && a.settings == b.settings;
  }
};

/// Builds the settings part of the key for `inputs` (unstyled layouts only).
void make_paragraph_settings(const LayoutInputs& inputs, Direction direction, std::string& out);

class ParagraphCache {
 public:
  explicit ParagraphCache(std::size_t byte_budget) : byte_budget_(byte_budget) {}

  /// Copies the cached paragraph for (text, settings) into `out` (its `text` view set to
  /// `text`); false on a miss.
  ///
  /// Admission: a paragraph is stored only when it is seen a second time (a small bit set
  /// remembers first sightings). Text laid out once — a log, a stream of OCR samples, a
  /// cold pass — then costs no copies and evicts nothing.
  bool lookup(std::u16string_view text, const std::string& settings, ShapedParagraph& out);
  void insert(std::u16string_view text, const std::string& settings, const ShapedParagraph& p);

  void clear();
  void set_byte_budget(std::size_t bytes);
  std::size_t byte_budget() const;
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  struct Entry {
    ParagraphKey key;
    ShapedParagraph value;
    std::size_t bytes = 0;
  };
  static uint64_t hash_of(std::u16string_view text, const std::string& settings);
  void evict_locked();
  /// Records a first sighting; true if `hash` was (probably) seen before.
  bool seen_before_locked(uint64_t hash);

  static constexpr std::size_t kDoorkeeperBits = std::size_t{1} << 17;
  std::vector<uint64_t> doorkeeper_ = std::vector<uint64_t>(kDoorkeeperBits / 64);
  std::size_t doorkeeper_count_ = 0;

  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // Front = most recently used.
  std::unordered_multimap<uint64_t, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
  std::size_t byte_budget_;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace satr::detail
