// Helpers shared by the layout tests.
#pragma once

#include <gtest/gtest.h>
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

/// Expects `statement` to throw satr::Error with `code` and a one-line message containing
/// `part`.
template <typename F>
void expect_error(F&& statement, ErrorCode code, const std::string& part) {
  try {
    statement();
    ADD_FAILURE() << "no Error thrown; expected one mentioning '" << part << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
        << "message '" << e.what() << "' lacks '" << part << "'";
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "multi-line message";
  }
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

/// Expects every field of every line, run and glyph of `a` and `b` to be equal.
inline void expect_identical(const Layout& a, const Layout& b, const std::string& what) {
  ASSERT_EQ(a.lines.size(), b.lines.size()) << what;
  EXPECT_EQ(a.width, b.width) << what;
  EXPECT_EQ(a.height, b.height) << what;
  for (std::size_t l = 0; l < a.lines.size(); ++l) {
    const Line& x = a.lines[l];
    const Line& y = b.lines[l];
    ASSERT_EQ(x.range, y.range) << what << " line " << l;
    ASSERT_EQ(x.run_count, y.run_count) << what << " line " << l;
    ASSERT_EQ(x.paragraph, y.paragraph) << what << " line " << l;
    ASSERT_EQ(x.width, y.width) << what << " line " << l;
    ASSERT_EQ(x.x, y.x) << what << " line " << l;
    ASSERT_EQ(x.baseline, y.baseline) << what << " line " << l;
    ASSERT_EQ(x.ascent, y.ascent) << what << " line " << l;
    ASSERT_EQ(x.descent, y.descent) << what << " line " << l;
    ASSERT_EQ(x.top, y.top) << what << " line " << l;
    ASSERT_EQ(x.height, y.height) << what << " line " << l;
    ASSERT_EQ(x.justification.kashida_sites, y.justification.kashida_sites) << what << l;
    ASSERT_EQ(x.justification.tatweels, y.justification.tatweels) << what << " line " << l;
    ASSERT_EQ(x.justification.spaces, y.justification.spaces) << what << " line " << l;
    ASSERT_EQ(x.justification.kashida_px, y.justification.kashida_px) << what << " line " << l;
    ASSERT_EQ(x.justification.space_px, y.justification.space_px) << what << " line " << l;
    for (std::size_t r = 0; r < x.run_count; ++r) {
      const Run& p = a.runs_of(x)[r];
      const Run& q = b.runs_of(y)[r];
      ASSERT_EQ(p.range, q.range);
      ASSERT_EQ(p.level, q.level);
      ASSERT_TRUE(p.font == q.font) << what << " line " << l << " run " << r;
      ASSERT_EQ(p.font_size, q.font_size) << what << " line " << l << " run " << r;
      ASSERT_EQ(p.color, q.color) << what << " line " << l << " run " << r;
      const auto pg = a.glyphs_of(p);
      const auto qg = b.glyphs_of(q);
      ASSERT_EQ(pg.size(), qg.size()) << what << " line " << l << " run " << r;
      for (std::size_t g = 0; g < pg.size(); ++g) {
        ASSERT_EQ(pg[g].id, qg[g].id) << what << " line " << l;
        ASSERT_EQ(pg[g].cluster, qg[g].cluster) << what << " line " << l;
        ASSERT_EQ(pg[g].x, qg[g].x) << what << " line " << l;
        ASSERT_EQ(pg[g].y, qg[g].y) << what << " line " << l;
        ASSERT_EQ(pg[g].advance, qg[g].advance) << what << " line " << l;
      }
    }
  }
}

}  // namespace satr::testing
