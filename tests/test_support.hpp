// Helpers shared by the layout tests.
#pragma once

#include <hb.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "satr/satr.hpp"
#include "fonts/font_data.hpp"

namespace satr::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(SATR_SOURCE_DIR) + "/" + relative;
}

/// The whole file at `path` as bytes; empty if it cannot be read.
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The paragraphs of the article, examples/astana.txt (one a line).
inline std::vector<std::string> article_paragraphs() {
  std::stringstream article(read_text(source_path("examples/astana.txt")));
  std::vector<std::string> out;
  for (std::string line; std::getline(article, line);) out.push_back(line);
  return out;
}

inline const FontCollection& bundled() {
  static const FontCollection fonts = FontCollection::bundled();
  return fonts;
}

/// The clusters of a line in visual order, left to right, one entry per cluster.
inline std::vector<uint32_t> visual_clusters(const Layout& layout, const Line& line) {
  std::vector<uint32_t> out;
  for (const Run& run : layout.runs_of(line))
    for (const Glyph& g : layout.glyphs_of(run))
      if (out.empty() || out.back() != g.cluster) out.push_back(g.cluster);
  return out;
}

/// Left x of the first glyph drawn for the cluster at `byte`, or NaN.
inline float x_of(const Layout& layout, uint32_t byte) {
  for (const Line& line : layout.lines)
    for (const Run& run : layout.runs_of(line))
      for (const Glyph& g : layout.glyphs_of(run))
        if (g.cluster == byte) return g.x;
  return __builtin_nanf("");
}

/// Decodes one code point of UTF-8 starting at `i`; returns its byte length.
inline int utf8_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/// Glyph ids by cluster from shaping `text` whole with HarfBuzz directly.
inline std::map<uint32_t, std::vector<uint32_t>> hb_glyphs_by_cluster(const std::string& text,
                                                                      const std::string& font_path,
                                                                      bool rtl) {
  detail::HbBlob blob(hb_blob_create_from_file(font_path.c_str()));
  detail::HbFace face(hb_face_create(blob.get(), 0));
  detail::HbFont font(hb_font_create(face.get()));
  detail::HbBuffer buffer(hb_buffer_create());
  hb_buffer_add_utf8(buffer.get(), text.data(), static_cast<int>(text.size()), 0, -1);
  hb_buffer_guess_segment_properties(buffer.get());
  hb_buffer_set_direction(buffer.get(), rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_shape(font.get(), buffer.get(), nullptr, 0);
  unsigned count = 0;
  hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer.get(), &count);
  std::map<uint32_t, std::vector<uint32_t>> out;
  for (unsigned i = 0; i < count; ++i) out[infos[i].cluster].push_back(infos[i].codepoint);
  for (auto& [cluster, ids] : out) std::sort(ids.begin(), ids.end());
  return out;
}

/// Glyph ids by cluster from a satr layout (all lines).
inline std::map<uint32_t, std::vector<uint32_t>> satr_glyphs_by_cluster(const Layout& layout) {
  std::map<uint32_t, std::vector<uint32_t>> out;
  for (const Line& line : layout.lines)
    for (const Run& run : layout.runs_of(line))
      for (const Glyph& g : layout.glyphs_of(run)) out[g.cluster].push_back(g.id);
  for (auto& [cluster, ids] : out) std::sort(ids.begin(), ids.end());
  return out;
}

}  // namespace satr::testing
