// SVG and PDF through cairo: the layout's glyphs drawn from their fonts' outlines, with the
// clusters mapped back to the text so that a PDF's text can be searched and copied.
#include <string>
#include <string_view>

#include "satr/error.hpp"
#include "satr/output.hpp"

#if SATR_WITH_CAIRO

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "fonts/font_data.hpp"
#include "render/layout_access.hpp"
#include "render/rasterize.hpp"
#include "text/utf8.hpp"

namespace satr {
namespace {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct FontFaceDeleter {
  void operator()(cairo_font_face_t* face) const { cairo_font_face_destroy(face); }
};
struct FontOptionsDeleter {
  void operator()(cairo_font_options_t* options) const { cairo_font_options_destroy(options); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;
using FontFacePtr = std::unique_ptr<cairo_font_face_t, FontFaceDeleter>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, FontOptionsDeleter>;

enum class VectorKind { Svg, Pdf };

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::string*>(closure);
  try {
    out->append(reinterpret_cast<const char*>(data), length);
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_NO_MEMORY;
  }
  return CAIRO_STATUS_SUCCESS;
}

[[noreturn]] void throw_cairo(const char* what, cairo_status_t status) {
  // cairo fails for want of memory, or on a font it cannot embed: neither is the caller's.
  const ErrorCode code =
      status == CAIRO_STATUS_NO_MEMORY ? ErrorCode::LimitExceeded : ErrorCode::Internal;
  throw Error(code, std::string(what) + ": " + cairo_status_to_string(status));
}

// The FreeType library behind the faces cairo draws. cairo keeps font faces after the
// surface that used them is gone (its cache holds recently used fonts for the next
// drawing), and closes them when it pleases, from any thread: so the library lives as
// long as the process, as cairo's own does, and every call into it holds its lock.
class CairoFreeType {
 public:
  static CairoFreeType& instance() {
    static CairoFreeType* const library = new CairoFreeType();  // Never destroyed: see above.
    return *library;
  }

  /// A new cairo face over a new FreeType face of `font`; the caller owns one reference.
  FontFacePtr create_face(const Font& font) {
    auto holder = std::make_unique<Holder>();
    holder->font = font;  // The face reads the font's bytes as long as it lives.
    const detail::FontData& data = font.data();
    {
      const std::lock_guard lock(mutex_);
      if (library_ == nullptr) throw Error(ErrorCode::Internal, "cannot initialize FreeType");
      const FT_Error error = FT_New_Memory_Face(
          library_, data.bytes.data(), static_cast<FT_Long>(data.bytes.size()),
          static_cast<FT_Long>(data.face_index), &holder->face);
      if (error != 0) {
        throw Error(ErrorCode::FontInvalid, "FreeType cannot open font '" + font.file_name() +
                                                "' (error " + std::to_string(error) + ")");
      }
    }
    // Unhinted outlines, as the raster renderer draws them.
    FontFacePtr face(cairo_ft_font_face_create_for_ft_face(holder->face, FT_LOAD_NO_HINTING));
    static const cairo_user_data_key_t kHolderKey{};
    const cairo_status_t status =
        cairo_font_face_set_user_data(face.get(), &kHolderKey, holder.get(), &release);
    if (status != CAIRO_STATUS_SUCCESS) {
      face.reset();
      release(holder.release());
      throw_cairo("cairo font face", status);
    }
    holder.release();  // Now cairo's.
    return face;
  }

 private:
  struct Holder {
    FT_Face face = nullptr;
    Font font;
  };

  CairoFreeType() {
    if (FT_Init_FreeType(&library_) != 0) library_ = nullptr;
  }

  static void release(void* p) {
    auto* holder = static_cast<Holder*>(p);
    {
      const std::lock_guard lock(instance().mutex_);
      if (holder->face != nullptr) FT_Done_Face(holder->face);
    }
    delete holder;
  }

  std::mutex mutex_;
  FT_Library library_ = nullptr;
};

// The cairo faces of one drawing, one per Font of the layout.
class FaceSet {
 public:
  cairo_font_face_t* face_for(const Font& font) {
    if (auto it = faces_.find(font.id()); it != faces_.end()) return it->second.get();
    FontFacePtr face = CairoFreeType::instance().create_face(font);
    return faces_.emplace(font.id(), std::move(face)).first->second.get();
  }

 private:
  std::unordered_map<uint64_t, FontFacePtr> faces_;
};

void set_color(cairo_t* cr, Color c) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

// The clusters of a run's glyphs for cairo_show_text_glyphs: groups of glyphs with one
// cluster, each mapped to the bytes from its cluster to the next one in logical order.
// `run_text` gets the text the clusters map, in the order PDF readers expect, and `order`
// the glyphs' indices in the order cairo takes them (below). False when the glyphs cannot
// be mapped to the run's text (an ellipsis, whose cluster is where the text was cut, or a
// hand-built layout); the run is then drawn without text.
bool map_clusters(std::string_view text, const Run& run, std::span<const Glyph> glyphs,
                  std::vector<cairo_text_cluster_t>& clusters, std::string& run_text,
                  std::vector<std::size_t>& order) {
  clusters.clear();
  run_text.clear();
  order.clear();
  if (glyphs.empty() || run.range.end > text.size() || run.range.empty()) return false;
  const bool rtl = run.is_rtl();
  struct Group {
    uint32_t cluster;
    // Its own glyphs in logical order (a letter before its marks: a PDF reader puts a
    // cluster's text where its first glyph is, and joins marks drawn after a letter to
    // it), then those of the groups it took in.
    std::vector<std::size_t> glyphs;
    float advance;
  };
  // The groups in logical order: the glyph array runs left to right, so an RTL run's
  // is read from its end.
  std::vector<Group> groups;
  for (std::size_t v = 0; v < glyphs.size(); ++v) {
    const std::size_t i = rtl ? glyphs.size() - 1 - v : v;
    const Glyph& g = glyphs[i];
    if (g.cluster < run.range.start || g.cluster >= run.range.end) return false;
    if (!groups.empty() && groups.back().cluster == g.cluster) {
      groups.back().glyphs.push_back(i);
      groups.back().advance += g.advance;
      continue;
    }
    if (!groups.empty() && g.cluster < groups.back().cluster) return false;
    groups.push_back({g.cluster, {i}, g.advance});
  }

  // A group that takes no room draws its letter inside a neighbour's glyph (Noto Naskh
  // Arabic's lam-alef is a lam glyph drawing the lam and a zero-advance glyph the alef):
  // it joins the logically previous group, after that group's own glyphs, because a PDF
  // reader puts a cluster's text where its first glyph is drawn. Text of its own would
  // stand where no letter begins, and pdftotext would move it away or open a gap.
  std::size_t kept = 0;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    if (kept > 0 && groups[k].advance == 0.0f) {
      std::vector<std::size_t>& into = groups[kept - 1].glyphs;
      into.insert(into.end(), groups[k].glyphs.begin(), groups[k].glyphs.end());
      continue;
    }
    if (kept != k) groups[kept] = std::move(groups[k]);
    ++kept;
  }
  groups.resize(kept);
  // The run's first bytes belong to its first group, even before its first glyph; a
  // group's bytes run to the next group's.
  std::vector<std::string_view> characters;  // One cluster's, reused.
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const uint32_t from = k == 0 ? run.range.start : groups[k].cluster;
    const uint32_t to = k + 1 < groups.size() ? groups[k + 1].cluster : run.range.end;
    // The cluster's characters; an ill-formed sequence (the layout was made from text
    // decoded leniently) is given as U+FFFD, as layout drew it, since cairo takes only
    // well-formed UTF-8.
    const std::string_view bytes = text.substr(from, to - from);
    characters.clear();
    for (std::size_t i = 0; i < bytes.size();) {
      char32_t code_point = 0;
      int bad_length = 0;
      const int length = detail::decode_sequence(bytes, i, code_point, bad_length);
      if (length > 0) {
        characters.emplace_back(bytes.substr(i, static_cast<std::size_t>(length)));
        i += static_cast<std::size_t>(length);
      } else {
        characters.emplace_back("\xEF\xBF\xBD");
        i += static_cast<std::size_t>(std::max(1, bad_length));
      }
    }
    // PDF readers (poppler's pdftotext among them) take a right-to-left run's characters
    // in visual order and reverse them, a cluster's text with them: a cluster of several
    // characters (a lam-alef, a letter and its marks) is given to them reversed, so that
    // their reversal gives the logical order back.
    const std::size_t before = run_text.size();
    if (rtl) {
      for (auto it = characters.rbegin(); it != characters.rend(); ++it) run_text.append(*it);
    } else {
      for (const std::string_view c : characters) run_text.append(c);
    }
    clusters.push_back({static_cast<int>(run_text.size() - before),
                        static_cast<int>(groups[k].glyphs.size())});
  }
  // cairo maps an RTL run's clusters (with CAIRO_TEXT_CLUSTER_FLAG_BACKWARD) to the
  // glyph array from its end.
  if (rtl) {
    for (auto it = groups.rbegin(); it != groups.rend(); ++it) {
      order.insert(order.end(), it->glyphs.begin(), it->glyphs.end());
    }
  } else {
    for (const Group& group : groups) order.insert(order.end(), group.glyphs.begin(), group.glyphs.end());
  }
  return true;
}

std::string render_vector(VectorKind kind, const Layout& layout, std::string_view text,
                          const RenderOptions& options) {
  const detail::ImageSize size = detail::image_size_for(layout, options.margin, options.scale);
  // PDF measures pages in points: 1 px is a point unless the options say how dense the
  // pixels are meant to be.
  const double unit = kind == VectorKind::Pdf && options.dpi > 0 ? 72.0 / options.dpi : 1.0;
  std::string out;
  SurfacePtr surface(kind == VectorKind::Svg
                         ? cairo_svg_surface_create_for_stream(append_to_string, &out,
                                                               size.width, size.height)
                         : cairo_pdf_surface_create_for_stream(append_to_string, &out,
                                                               size.width * unit,
                                                               size.height * unit));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw_cairo("cannot create the page", cairo_surface_status(surface.get()));
  }
  if (kind == VectorKind::Pdf) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "satr");
  } else {
    // Sized in px, as the PNG of the same layout, rather than cairo's default points.
    cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
  }
  {
    ContextPtr cr(cairo_create(surface.get()));
    cairo_scale(cr.get(), unit * options.scale, unit * options.scale);
    if (options.background.a != 0) {
      set_color(cr.get(), options.background);
      cairo_paint(cr.get());
    }
    FontOptionsPtr font_options(cairo_font_options_create());
    cairo_font_options_set_hint_style(font_options.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(font_options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr.get(), font_options.get());

    FaceSet faces;
    std::vector<cairo_glyph_t> glyphs;
    std::vector<cairo_text_cluster_t> clusters;
    std::string run_text;
    std::vector<Glyph> drawn;
    std::vector<std::size_t> order;
    std::vector<cairo_glyph_t> ordered;
    const double margin = options.margin;
    for (const Line& line : layout.lines) {
      for (const Run& run : detail::checked_runs(layout, line)) {
        const auto run_glyphs = detail::checked_glyphs(layout, run);
        if (run_glyphs.empty()) continue;
        cairo_set_font_face(cr.get(), faces.face_for(run.font));
        cairo_set_font_size(cr.get(), run.font_size);
        set_color(cr.get(), run.color.value_or(options.foreground));
        glyphs.clear();
        drawn.clear();
        cairo_scaled_font_t* scaled = cairo_get_scaled_font(cr.get());
        for (const Glyph& g : run_glyphs) {
          // Far outside the page (a hand-built layout may hold any float): left out.
          if (!(std::fabs(g.x) < 1e7 && std::fabs(g.y) < 1e7)) continue;
          const cairo_glyph_t glyph{g.id, g.x + margin, g.y + margin};
          // A glyph that neither draws nor advances (the empty half of a ligature) is left
          // out: in a PDF, text given to it would sit where nothing is drawn.
          if (g.advance == 0.0f) {
            cairo_text_extents_t extents;
            cairo_scaled_font_glyph_extents(scaled, &glyph, 1, &extents);
            if (extents.width == 0 && extents.height == 0) continue;
          }
          glyphs.push_back(glyph);
          drawn.push_back(g);
        }
        if (glyphs.empty()) continue;
        if (kind == VectorKind::Pdf &&
            map_clusters(text, run, drawn, clusters, run_text, order)) {
          ordered.clear();
          for (const std::size_t i : order) ordered.push_back(glyphs[i]);
          glyphs.swap(ordered);
          cairo_show_text_glyphs(
              cr.get(), run_text.data(), static_cast<int>(run_text.size()), glyphs.data(),
              static_cast<int>(glyphs.size()), clusters.data(), static_cast<int>(clusters.size()),
              run.is_rtl() ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : cairo_text_cluster_flags_t{});
        } else {
          cairo_show_glyphs(cr.get(), glyphs.data(), static_cast<int>(glyphs.size()));
        }
      }
    }
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      throw_cairo("drawing failed", cairo_status(cr.get()));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw_cairo("writing the page failed", cairo_surface_status(surface.get()));
  }
  return out;
}

}  // namespace

std::string layout_to_svg(const Layout& layout, const RenderOptions& options) {
  return render_vector(VectorKind::Svg, layout, {}, options);
}

std::string layout_to_pdf(const Layout& layout, std::string_view text,
                          const RenderOptions& options) {
  return render_vector(VectorKind::Pdf, layout, text, options);
}

}  // namespace satr

#else  // !SATR_WITH_CAIRO

namespace satr {
namespace {

[[noreturn]] void no_vector_output(const char* format) {
  throw Error(ErrorCode::InvalidArgument,
              std::string("this build of satr has no ") + format + " output (built without cairo)");
}

}  // namespace

std::string layout_to_svg(const Layout&, const RenderOptions&) { no_vector_output("SVG"); }

std::string layout_to_pdf(const Layout&, std::string_view, const RenderOptions&) {
  no_vector_output("PDF");
}

}  // namespace satr

#endif
