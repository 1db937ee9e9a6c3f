// satr::Font and satr::FontCollection.
#include <hb-aat.h>
#include <hb-ot.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <mutex>
#include <optional>

#include "satr/error.hpp"
#include "satr/font.hpp"
#include "fonts/font_data.hpp"

namespace satr {
namespace {

std::atomic<uint64_t> next_font_id{1};

bool table_present(hb_face_t* face, hb_tag_t tag) {
  detail::HbBlob blob(hb_face_reference_table(face, tag));
  return hb_blob_get_length(blob.get()) > 0;
}

// Each lookup's type in a GSUB or GPOS table, read from the table's bytes (HarfBuzz does
// not say); an extension lookup reports the type it wraps. A lookup whose bytes fall outside
// the table gets type 0, which no rule below accepts.
std::vector<uint16_t> lookup_types(hb_face_t* face, hb_tag_t table) {
  detail::HbBlob blob(hb_face_reference_table(face, table));
  unsigned length = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(hb_blob_get_data(blob.get(), &length));
  const auto u16 = [&](std::size_t at) -> std::optional<uint16_t> {
    if (bytes == nullptr || at + 2 > length) return std::nullopt;
    return static_cast<uint16_t>((bytes[at] << 8) | bytes[at + 1]);
  };
  std::vector<uint16_t> types;
  const auto list = u16(8);
  const auto count = list ? u16(*list) : std::nullopt;
  if (!count) return types;
  const uint16_t extension = table == HB_OT_TAG_GSUB ? 7 : 9;
  types.resize(*count, 0);
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto offset = u16(*list + 2 + 2 * i);
    if (!offset) break;
    const std::size_t lookup = std::size_t{*list} + *offset;
    auto type = u16(lookup);
    if (type == extension) {
      const auto first = u16(lookup + 6);  // The first subtable says for all of them.
      type = first ? u16(lookup + *first + 2) : std::nullopt;
    }
    types[i] = type.value_or(0);
  }
  return types;
}

// What the font's OpenType lookups do with the space and the tatweel, found in one pass
// over them (collecting every lookup's glyph sets costs a few milliseconds for a large
// font, once per Font).
struct LookupFacts {
  bool space_untouched = false;    // FontData::words_are_independent
  bool tatweel_untouched = false;  // the lookup half of FontData::tatweel_is_plain
};

LookupFacts inspect_lookups(hb_face_t* face, hb_codepoint_t space, hb_codepoint_t tatweel) {
  LookupFacts facts{space != 0, tatweel != 0};
  if (hb_aat_layout_has_substitution(face) || hb_aat_layout_has_positioning(face) ||
      hb_aat_layout_has_tracking(face) || table_present(face, HB_TAG('k', 'e', 'r', 'n'))) {
    return {};
  }
  // A tatweel classed as a mark would attach to the letter before it.
  if (hb_ot_layout_get_glyph_class(face, tatweel) == HB_OT_LAYOUT_GLYPH_CLASS_MARK) {
    facts.tatweel_untouched = false;
  }
  detail::HbSet before(hb_set_create()), input(hb_set_create()), after(hb_set_create()),
      output(hb_set_create());
  const auto mentions = [&](hb_codepoint_t glyph) {
    return hb_set_has(before.get(), glyph) || hb_set_has(input.get(), glyph) ||
           hb_set_has(after.get(), glyph) || hb_set_has(output.get(), glyph);
  };
  for (hb_tag_t table : {HB_OT_TAG_GSUB, HB_OT_TAG_GPOS}) {
    const std::vector<uint16_t> types =
        facts.tatweel_untouched ? lookup_types(face, table) : std::vector<uint16_t>{};
    detail::HbSet lookups(hb_set_create());
    hb_ot_layout_collect_lookups(face, table, nullptr, nullptr, nullptr, lookups.get());
    hb_codepoint_t index = HB_SET_VALUE_INVALID;
    while (hb_set_next(lookups.get(), &index)) {
      if (!facts.space_untouched && !facts.tatweel_untouched) return facts;
      for (const auto& set : {&before, &input, &after, &output}) hb_set_clear(set->get());
      hb_ot_layout_lookup_collect_glyphs(face, table, index, before.get(), input.get(),
                                         after.get(), output.get());
      if (mentions(space)) facts.space_untouched = false;
      if (facts.tatweel_untouched && mentions(tatweel)) {
        // Mark-to-base and mark-to-ligature positioning may hold the tatweel as a base for
        // marks typed on it; an inserted tatweel is followed by a letter, never a mark.
        const uint16_t type = index < types.size() ? types[index] : 0;
        const bool as_mark_base = table == HB_OT_TAG_GPOS && (type == 4 || type == 5);
        if (!as_mark_base) facts.tatweel_untouched = false;
      }
    }
  }
  return facts;
}

// head.unitsPerEm as the font states it: HarfBuzz replaces a value outside 16–16384 by
// 1000, which would let an impossible font through. 0 if there is no head table.
unsigned units_per_em_of(hb_face_t* face) {
  detail::HbBlob head(hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd')));
  unsigned length = 0;
  const char* bytes = hb_blob_get_data(head.get(), &length);
  constexpr unsigned kUnitsPerEmOffset = 18;
  if (bytes == nullptr || length < kUnitsPerEmOffset + 2) return 0;
  return (static_cast<unsigned>(static_cast<uint8_t>(bytes[kUnitsPerEmOffset])) << 8) |
         static_cast<uint8_t>(bytes[kUnitsPerEmOffset + 1]);
}

// Shapes runs of 1 to 8 tatweels between two behs (alone, if the font has no beh) and keeps
// the glyphs they become and the advance of one: fonts may substitute the cmap tatweel with
// wider alternates, or one glyph for two or three tatweels, so neither the cmap glyph's id
// nor its advance says what justification will get.
void measure_tatweel(detail::FontData& data) {
  hb_codepoint_t beh = 0;
  const bool joined = hb_font_get_nominal_glyph(data.font.get(), 0x628, &beh);
  detail::HbBuffer buffer(hb_buffer_create());
  unsigned length = 0;
  // Shapes `text` as Arabic, right to left; returns the glyphs (`length` of them).
  const auto shape_arabic = [&](std::u16string_view text, hb_buffer_flags_t flags) {
    hb_buffer_clear_contents(buffer.get());
    hb_buffer_add_utf16(buffer.get(), reinterpret_cast<const uint16_t*>(text.data()),
                        static_cast<int>(text.size()), 0, -1);
    hb_buffer_set_direction(buffer.get(), HB_DIRECTION_RTL);
    hb_buffer_set_script(buffer.get(), HB_SCRIPT_ARABIC);
    hb_buffer_set_language(buffer.get(), hb_language_from_string("ar", -1));
    hb_buffer_set_flags(buffer.get(), flags);
    hb_shape(data.font.get(), buffer.get(), nullptr, 0);
    return hb_buffer_get_glyph_infos(buffer.get(), &length);
  };
  bool uniform = true;  // k tatweels advance k times one
  for (unsigned count = 1; count <= 8; ++count) {
    std::u16string text;
    if (joined) text += u'\u0628';
    text.append(count, u'\u0640');
    if (joined) text += u'\u0628';
    const hb_glyph_info_t* infos = shape_arabic(text, HB_BUFFER_FLAG_DEFAULT);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer.get(), nullptr);
    const unsigned first = joined ? 1 : 0;
    int64_t advance = 0;
    for (unsigned i = 0; i < length; ++i) {
      if (infos[i].cluster < first || infos[i].cluster >= first + count) continue;
      if (infos[i].codepoint >= data.glyph_count) continue;
      advance += positions[i].x_advance;
      const auto at = std::lower_bound(data.tatweel_glyphs.begin(), data.tatweel_glyphs.end(),
                                       infos[i].codepoint);
      if (at == data.tatweel_glyphs.end() || *at != infos[i].codepoint)
        data.tatweel_glyphs.insert(at, infos[i].codepoint);
    }
    if (count == 1) {
      data.tatweel_advance = static_cast<int32_t>(std::clamp<int64_t>(advance, -65535, 65535));
    }
    uniform = uniform && advance == int64_t{count} * data.tatweel_advance;
  }
  data.tatweel_is_plain = uniform && data.tatweel_advance > 0 &&
                          data.tatweel_glyphs.size() == 1 &&
                          data.tatweel_glyphs[0] == data.tatweel_glyph;
  // Two words of joined letters offer HarfBuzz places to flag in any Arabic font it sees
  // as concatenable; no flag at all means the flags are off for the whole font.
  if (!joined) return;
  const hb_glyph_info_t* infos = shape_arabic(u"\u0628\u0628\u0628\u0628 \u0633\u0633\u0633",
                                              HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL);
  data.tatweel_flags_informative = false;
  for (unsigned i = 0; i < length; ++i) {
    if (hb_glyph_info_get_glyph_flags(&infos[i]) & HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL) {
      data.tatweel_flags_informative = true;
    }
  }
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error(ErrorCode::FontNotFound, "font file not found: " + path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::FontNotFound, "cannot open font file: " + path);
  // Read in one call: a font is read at every start of a command, and a byte-wise stream
  // iterator costs more than the rest of a short layout.
  std::vector<uint8_t> bytes;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) {
    bytes.resize(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), size);
  }
  if (!in) throw Error(ErrorCode::Io, "cannot read font file: " + path);
  return bytes;
}

std::shared_ptr<detail::FontData> make_font_data(std::vector<uint8_t> bytes,
                                                 const std::string& path,
                                                 unsigned face_index) {
  auto data = std::make_shared<detail::FontData>();
  data->path = path;
  data->bytes = std::move(bytes);
  data->face_index = face_index;
  data->id = next_font_id.fetch_add(1);
  data->blob.reset(hb_blob_create(reinterpret_cast<const char*>(data->bytes.data()),
                                  static_cast<unsigned>(data->bytes.size()),
                                  HB_MEMORY_MODE_READONLY, nullptr, nullptr));
  const unsigned face_count = hb_face_count(data->blob.get());
  if (face_count == 0) throw Error(ErrorCode::FontInvalid, "not a usable font file: " + path);
  if (face_index >= face_count) {
    throw Error(ErrorCode::FontInvalid, "font file has no face " + std::to_string(face_index) +
                                            " (it has " + std::to_string(face_count) + "): " + path);
  }
  data->face.reset(hb_face_create(data->blob.get(), face_index));
  // HarfBuzz accepts any bytes and yields an empty face; a font without glyphs or a cmap
  // cannot draw text, so it is refused here rather than producing invisible output.
  const unsigned glyph_count = hb_face_get_glyph_count(data->face.get());
  const unsigned upem = units_per_em_of(data->face.get());
  detail::HbSet unicodes(hb_set_create());
  hb_face_collect_unicodes(data->face.get(), unicodes.get());
  const bool has_cmap = hb_set_get_population(unicodes.get()) > 0;
  if (glyph_count == 0 || !has_cmap) {
    throw Error(ErrorCode::FontInvalid, "not a usable font file: " + path);
  }
  // OpenType allows 16 to 16384 units per em; outside it the font's metrics mean nothing
  // (HarfBuzz would quietly assume 1000).
  if (upem < 16 || upem > 16384) {
    throw Error(ErrorCode::FontInvalid, "font has " + std::to_string(upem) +
                                            " units per em (OpenType allows 16 to 16384): " +
                                            path);
  }
  hb_face_make_immutable(data->face.get());
  data->units_per_em = upem;
  data->glyph_count = hb_face_get_glyph_count(data->face.get());
  data->font.reset(hb_font_create(data->face.get()));
  hb_font_set_scale(data->font.get(), static_cast<int>(upem), static_cast<int>(upem));
  hb_font_make_immutable(data->font.get());

  hb_font_extents_t extents{};
  hb_font_get_h_extents(data->font.get(), &extents);
  data->ascender = extents.ascender;
  data->descender = -extents.descender;
  if (data->ascender <= 0 && data->descender <= 0) {
    data->ascender = static_cast<int32_t>(upem * 0.8);
    data->descender = static_cast<int32_t>(upem * 0.2);
  }
  hb_font_get_nominal_glyph(data->font.get(), 0x20, &data->space_glyph);
  hb_font_get_nominal_glyph(data->font.get(), 0x640, &data->tatweel_glyph);
  if (data->tatweel_glyph != 0) measure_tatweel(*data);
  const LookupFacts facts =
      inspect_lookups(data->face.get(), data->space_glyph, data->tatweel_glyph);
  data->words_are_independent = facts.space_untouched;
  data->tatweel_is_plain = data->tatweel_is_plain && facts.tatweel_untouched &&
                           data->tatweel_flags_informative;
  for (char32_t cp = 0; cp < 64 * data->low_coverage.size(); ++cp) {
    hb_codepoint_t glyph;
    if (hb_font_get_nominal_glyph(data->font.get(), cp, &glyph)) {
      data->low_coverage[cp >> 6] |= uint64_t{1} << (cp & 63);
    }
  }

  char name[256];
  unsigned name_size = sizeof(name);
  if (hb_ot_name_get_utf8(data->face.get(), HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY, HB_LANGUAGE_INVALID,
                          &name_size, name) == 0) {
    name_size = sizeof(name);
    hb_ot_name_get_utf8(data->face.get(), HB_OT_NAME_ID_FONT_FAMILY, HB_LANGUAGE_INVALID,
                        &name_size, name);
  }
  data->family_name.assign(name, name_size);
  return data;
}

}  // namespace

Font Font::from_file(const std::string& path, unsigned face_index) {
  return Font(make_font_data(read_file(path), path, face_index));
}

Font Font::from_memory(std::vector<uint8_t> bytes, const std::string& name,
                       unsigned face_index) {
  return Font(make_font_data(std::move(bytes), name, face_index));
}

const std::string& Font::path() const { return data_->path; }

std::string Font::file_name() const {
  return std::filesystem::path(data_->path).filename().string();
}

std::string Font::family_name() const { return data_->family_name; }
uint32_t Font::units_per_em() const { return data_->units_per_em; }

bool Font::has_glyph(char32_t code_point) const {
  hb_codepoint_t glyph = 0;
  return hb_font_get_nominal_glyph(data_->font.get(), code_point, &glyph) != 0;
}

float Font::ascender(float size_px) const { return data_->ascender * data_->scale(size_px); }
float Font::descender(float size_px) const { return data_->descender * data_->scale(size_px); }
uint64_t Font::id() const { return data_->id; }

std::string FontCollection::bundled_font_dir() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("SATR_FONT_DIR"); env && *env) candidates.push_back(env);
  candidates.push_back(SATR_INSTALL_FONT_DIR);
  candidates.push_back(SATR_SOURCE_FONT_DIR);
  std::error_code ec;
  for (const auto& dir : candidates) {
    if (std::filesystem::is_regular_file(dir + "/NotoNaskhArabic-Regular.ttf", ec)) return dir;
  }
  std::string searched;
  for (const auto& dir : candidates) searched += (searched.empty() ? "" : ", ") + dir;
  throw Error(ErrorCode::FontNotFound, "bundled fonts not found; searched " + searched +
                                           " (set SATR_FONT_DIR to the folder)");
}

FontCollection FontCollection::bundled() {
  // Loaded once per process: the fonts are immutable, and loading costs a file read and
  // table parsing that every convenience call would otherwise repeat.
  static std::mutex mutex;
  static std::vector<Font> fonts;
  std::lock_guard lock(mutex);
  if (fonts.empty()) {
    const std::string dir = bundled_font_dir();
    std::vector<Font> loaded;
    loaded.push_back(Font::from_file(dir + "/NotoNaskhArabic-Regular.ttf"));
    loaded.push_back(Font::from_file(dir + "/NotoSans-Regular.ttf"));
    fonts = std::move(loaded);
  }
  return FontCollection(fonts);
}

}  // namespace satr
