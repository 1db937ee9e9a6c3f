// The engines satr is measured against: raw HarfBuzz (the reference), libraqm and Pango.
// All use the same font files at the same size as satr.
#include <hb.h>
#include <satr/font.hpp>

#include <memory>
#include <stdexcept>
#include <string>

#include "fonts/font_data.hpp"  // RAII handles for HarfBuzz objects.
#include "workload.hpp"

#ifdef SATR_BENCH_HAVE_RAQM
#include <ft2build.h>
#include FT_FREETYPE_H
#include <raqm.h>
#endif

#ifdef SATR_BENCH_HAVE_PANGO
#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangoft2.h>
#endif

namespace satr_bench {
namespace {

std::string naskh_path() {
  return satr::FontCollection::bundled_font_dir() + "/NotoNaskhArabic-Regular.ttf";
}
std::string sans_path() {
  return satr::FontCollection::bundled_font_dir() + "/NotoSans-Regular.ttf";
}

// hb_shape of each whole paragraph with Noto Naskh Arabic: no bidi, no itemization, no
// fallback, no line breaking. One buffer, cleared before each paragraph.
class HarfBuzzBaseline final : public Workload {
 public:
  explicit HarfBuzzBaseline(const Corpus& corpus) : Workload(corpus) {
    const std::string path = naskh_path();
    blob_.reset(hb_blob_create_from_file_or_fail(path.c_str()));
    if (!blob_) throw std::runtime_error("cannot read " + path);
    face_.reset(hb_face_create(blob_.get(), 0));
    font_.reset(hb_font_create(face_.get()));
    // 32 px in 26.6 fixed point, as a renderer drawing at 32 px would set it.
    hb_font_set_scale(font_.get(), static_cast<int>(kFontSize * 64), static_cast<int>(kFontSize * 64));
    buffer_.reset(hb_buffer_create());
  }

  void run_pass() override {
    for (const std::string_view paragraph : corpus_.paragraphs) {
      shape(paragraph);
      unsigned count = 0;
      const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer_.get(), &count);
      benchmark::DoNotOptimize(positions);
    }
  }

  std::size_t count_glyphs(std::string_view paragraph) override {
    shape(paragraph);
    return hb_buffer_get_length(buffer_.get());
  }

 private:
  void shape(std::string_view paragraph) {
    hb_buffer_clear_contents(buffer_.get());
    hb_buffer_add_utf8(buffer_.get(), paragraph.data(), static_cast<int>(paragraph.size()), 0,
                       static_cast<int>(paragraph.size()));
    hb_buffer_guess_segment_properties(buffer_.get());
    hb_shape(font_.get(), buffer_.get(), nullptr, 0);
  }

  satr::detail::HbBlob blob_;
  satr::detail::HbFace face_;
  satr::detail::HbFont font_;
  satr::detail::HbBuffer buffer_;
};

#ifdef SATR_BENCH_HAVE_RAQM
struct FtLibraryDeleter { void operator()(FT_Library p) const { FT_Done_FreeType(p); } };
struct FtFaceDeleter { void operator()(FT_Face p) const { FT_Done_Face(p); } };
struct RaqmDeleter { void operator()(raqm_t* p) const { raqm_destroy(p); } };
using FtLibrary = std::unique_ptr<std::remove_pointer_t<FT_Library>, FtLibraryDeleter>;
using FtFace = std::unique_ptr<std::remove_pointer_t<FT_Face>, FtFaceDeleter>;
using Raqm = std::unique_ptr<raqm_t, RaqmDeleter>;

// libraqm per paragraph, the way its documentation shows it: a new raqm_t for each text,
// FreeType face of Noto Naskh Arabic at 32 px, paragraph direction from the text.
class RaqmWorkload final : public Workload {
 public:
  explicit RaqmWorkload(const Corpus& corpus) : Workload(corpus) {
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) throw std::runtime_error("FT_Init_FreeType failed");
    library_.reset(library);
    const std::string path = naskh_path();
    FT_Face face = nullptr;
    if (FT_New_Face(library_.get(), path.c_str(), 0, &face) != 0) {
      throw std::runtime_error("FreeType cannot open " + path);
    }
    face_.reset(face);
    if (FT_Set_Pixel_Sizes(face_.get(), 0, static_cast<FT_UInt>(kFontSize)) != 0) {
      throw std::runtime_error("FT_Set_Pixel_Sizes failed");
    }
  }

  void run_pass() override {
    for (const std::string_view paragraph : corpus_.paragraphs) {
      benchmark::DoNotOptimize(layout(paragraph));
    }
  }

  std::size_t count_glyphs(std::string_view paragraph) override { return layout(paragraph); }

 private:
  std::size_t layout(std::string_view paragraph) {
    const Raqm rq(raqm_create());
    if (!rq) throw std::runtime_error("raqm_create failed");
    if (!raqm_set_text_utf8(rq.get(), paragraph.data(), paragraph.size()) ||
        !raqm_set_freetype_face(rq.get(), face_.get()) ||
        !raqm_set_par_direction(rq.get(), RAQM_DIRECTION_DEFAULT) || !raqm_layout(rq.get())) {
      throw std::runtime_error("raqm failed to lay out a paragraph");
    }
    std::size_t count = 0;
    const raqm_glyph_t* glyphs = raqm_get_glyphs(rq.get(), &count);
    benchmark::DoNotOptimize(glyphs);
    return count;
  }

  FtLibrary library_;  // Declared before the face, so destroyed after it.
  FtFace face_;
};
#endif  // SATR_BENCH_HAVE_RAQM

#ifdef SATR_BENCH_HAVE_PANGO
struct GObjectDeleter { void operator()(gpointer p) const { g_object_unref(p); } };
template <class T>
using GObject = std::unique_ptr<T, GObjectDeleter>;
struct FcConfigDeleter { void operator()(FcConfig* p) const { FcConfigDestroy(p); } };
struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
};
struct LayoutIterDeleter { void operator()(PangoLayoutIter* p) const { pango_layout_iter_free(p); } };

// A PangoLayout per paragraph, 600 px wide with word wrapping, extents queried so the whole
// layout is computed. The font map sees only the bundled fonts (a private fontconfig
// configuration), Noto Naskh Arabic first, as satr's fallback chain has them.
class PangoWorkload final : public Workload {
 public:
  explicit PangoWorkload(const Corpus& corpus) : Workload(corpus) {
    const std::unique_ptr<FcConfig, FcConfigDeleter> config(FcConfigCreate());
    for (const std::string& path : {naskh_path(), sans_path()}) {
      if (!FcConfigAppFontAddFile(config.get(), reinterpret_cast<const FcChar8*>(path.c_str()))) {
        throw std::runtime_error("fontconfig cannot add " + path);
      }
    }
    font_map_.reset(pango_ft2_font_map_new());
    // The font map takes its own reference to the configuration.
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map_.get()), config.get());
    context_.reset(pango_font_map_create_context(font_map_.get()));
    const std::unique_ptr<PangoFontDescription, FontDescriptionDeleter> description(
        pango_font_description_from_string("Noto Naskh Arabic"));
    pango_font_description_set_absolute_size(description.get(), kFontSize * PANGO_SCALE);
    pango_context_set_font_description(context_.get(), description.get());
  }

  void run_pass() override {
    for (const std::string_view paragraph : corpus_.paragraphs) {
      const GObject<PangoLayout> layout = make_layout(paragraph);
      PangoRectangle logical{};
      pango_layout_get_extents(layout.get(), nullptr, &logical);
      benchmark::DoNotOptimize(logical);
    }
  }

  // Also checks that every run was drawn with one of the bundled fonts.
  std::size_t count_glyphs(std::string_view paragraph) override {
    const GObject<PangoLayout> layout = make_layout(paragraph);
    const std::unique_ptr<PangoLayoutIter, LayoutIterDeleter> iter(pango_layout_get_iter(layout.get()));
    std::size_t glyphs = 0;
    do {
      const PangoGlyphItem* run = pango_layout_iter_get_run_readonly(iter.get());
      if (run == nullptr) continue;  // End of a line.
      glyphs += static_cast<std::size_t>(run->glyphs->num_glyphs);
      const std::unique_ptr<PangoFontDescription, FontDescriptionDeleter> used(
          pango_font_describe(run->item->analysis.font));
      const std::string family = pango_font_description_get_family(used.get());
      if (family != "Noto Naskh Arabic" && family != "Noto Sans") {
        throw std::runtime_error("Pango used an unexpected font: " + family);
      }
    } while (pango_layout_iter_next_run(iter.get()));
    return glyphs;
  }

 private:
  GObject<PangoLayout> make_layout(std::string_view paragraph) {
    GObject<PangoLayout> layout(pango_layout_new(context_.get()));
    pango_layout_set_width(layout.get(), static_cast<int>(kWidth) * PANGO_SCALE);
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD);
    pango_layout_set_text(layout.get(), paragraph.data(), static_cast<int>(paragraph.size()));
    return layout;
  }

  GObject<PangoFontMap> font_map_;  // Declared before the context, so destroyed after it.
  GObject<PangoContext> context_;
};
#endif  // SATR_BENCH_HAVE_PANGO

}  // namespace

void add_baseline_workload(const Corpus& corpus, std::vector<WorkloadSpec>& out) {
  const Corpus* c = &corpus;
  out.push_back({"HarfBuzzBaseline/" + corpus.name, c,
                 [c] { return std::make_unique<HarfBuzzBaseline>(*c); }});
}

void add_peer_workloads(const Corpus& corpus, std::vector<WorkloadSpec>& out) {
  [[maybe_unused]] const Corpus* c = &corpus;
#ifdef SATR_BENCH_HAVE_RAQM
  out.push_back({"Raqm/" + corpus.name, c, [c] { return std::make_unique<RaqmWorkload>(*c); }});
#endif
#ifdef SATR_BENCH_HAVE_PANGO
  out.push_back({"Pango/" + corpus.name, c, [c] { return std::make_unique<PangoWorkload>(*c); }});
#endif
}

}  // namespace satr_bench
