// Fuzz target for the text-to-layout path: arbitrary bytes and options go through
// satr::layout_text (and sometimes satr::render), and the invariants every layout must
// satisfy are checked. A violated invariant traps, so libFuzzer (or the replay driver
// under ASan/UBSan) reports the input.
//
// Input format (all multi-byte numbers little endian; see make_corpus.py):
//   byte 0  bits 0-2 align (mod 6), bits 3-4 justify (mod 3), bit 5 breaker,
//           bits 6-7 digits (mod 3)
//   byte 1  bits 0-2 max_lines (mod 6), bits 3-4 direction (mod 3), bit 5 strict UTF-8,
//           bit 6 render, bit 7 compare against a layout made without caches (and,
//           without max_lines, against one with max_lines set: line breaks found always)
//   byte 2-3 width: value mod 2001 px (0 = no wrapping)
//   byte 4  font size: 1 + value mod 200 px
//   byte 5  bits 0-1 span count (3 means 2), bits 2-3 font chain, bits 4-5 features
//           (none, from the input, two fixed sets), bits 6-7 language
//   byte 6  bits 0-2 line height, bits 3-4 ellipsis, bits 5-6 render margin,
//           bit 7 encode the rendered image as PNG and write the layout as SVG and PDF
//   byte 7  bits 0-1 both set: lay the text out twice more with the shared context (the
//           paragraph cache stores a paragraph on its second sighting, so the third
//           layout reuses it and keeps its lines, which the fourth copies) and compare
//           with a layout made without caches;
//           bit 2 changes the width and bit 3 max_lines for those repeats (a re-wrap of
//           a cached paragraph); bits 4-5 letter spacing, bits 6-7 word spacing (each
//           one of four px values, 0 first)
//   then, if features come from the input: one length byte (mod 33) and that many bytes
//   then per span: start u16, end u16, style byte, size byte (see the span loop below)
//   the rest is the text.
#include <unicode/utf8.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "satr/context.hpp"
#include "satr/error.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "satr/output.hpp"
#include "satr/render.hpp"

namespace {

#define FUZZ_CHECK(cond, ...)                                                           \
  do {                                                                                  \
    if (!(cond)) ::satr::fuzz::fail("layout_fuzzer", #cond __VA_OPT__(, ) __VA_ARGS__); \
  } while (0)

// Consumes option bytes from the front of the input; past the end it yields zeros, so a
// short input is still a valid (default) configuration.
class Reader {
 public:
  Reader(const uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t u16() {
    const uint16_t lo = byte();
    return static_cast<uint16_t>(lo | (byte() << 8));
  }
  std::string_view bytes(std::size_t n) {
    n = std::min(n, size_ - std::min(pos_, size_));
    const std::string_view out(reinterpret_cast<const char*>(data_) + pos_, n);
    pos_ += n;
    return out;
  }
  std::string_view rest() { return bytes(size_); }

 private:
  const uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// Offsets at which a lenient decoder starts a character (well-formed sequence or maximal
// ill-formed subpart, Unicode Table 3-7), plus the text size; and the first ill-formed
// offset. Taken from ICU's U8_NEXT, which follows the same Unicode practice, so that
// satr's decoder is checked against an implementation it shares no code with.
struct Utf8Scan {
  std::vector<bool> boundary;  // size + 1 entries
  std::size_t first_invalid = std::string_view::npos;
};

Utf8Scan scan_utf8(std::string_view s) {
  Utf8Scan out;
  out.boundary.assign(s.size() + 1, false);
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    out.boundary[static_cast<std::size_t>(i)] = true;
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 && out.first_invalid == std::string_view::npos) {
      out.first_invalid = static_cast<std::size_t>(start);
    }
  }
  out.boundary[s.size()] = true;
  return out;
}

const satr::FontCollection& bundled() {
  static const satr::FontCollection fonts = satr::FontCollection::bundled();
  return fonts;
}

// Font chains to choose from: the bundled chain, each font alone (so fallback to .notdef
// happens) and the chain reversed (Latin font first).
const satr::FontCollection& chain(unsigned which) {
  static const std::vector<satr::FontCollection> chains = [] {
    const auto& fonts = bundled().fonts();
    std::vector<satr::FontCollection> out;
    out.push_back(bundled());
    out.emplace_back(std::vector<satr::Font>{fonts.back()});
    out.emplace_back(std::vector<satr::Font>{fonts.front()});
    out.emplace_back(std::vector<satr::Font>(fonts.rbegin(), fonts.rend()));
    return out;
  }();
  return chains[which % chains.size()];
}

// The context shared by all inputs: its caches carry over from input to input, which is
// how a production process uses it and what a stale or colliding cache entry needs.
satr::Context& shared_context() {
  static satr::Context context;
  return context;
}

// A context without caches, the reference for "caches never change results".
satr::Context& uncached_context() {
  static satr::Context context([] {
    satr::ContextOptions options;
    options.shape_cache_bytes = 0;
    options.glyph_cache_bytes = 0;
    options.paragraph_cache_bytes = 0;
    return options;
  }());
  return context;
}

struct SpanBytes {
  uint16_t start = 0, end = 0;
  uint8_t style = 0, size = 0;
};

constexpr const char* kFixedFeatures[] = {"", "", "kern=0,liga=0", "+ss01,-calt,rlig=0"};
constexpr const char* kSpanFeatures[] = {"+liga", "kern=0", "-init,-medi,-fina", "dlig"};
constexpr const char* kLanguages[] = {"", "ar", "fa", "ur"};
constexpr float kLineHeights[] = {1.0f, 1.5f, 0.5f, 2.0f, 3.0f, 0.25f, 1.0f, 100.0f};
constexpr const char* kEllipses[] = {"\u2026", "...", "", "\xD9\x80\xE2\x80\xA6"};
constexpr float kMargins[] = {16.0f, 0.0f, 1.0f, 40.0f};

bool finite(float v) { return std::isfinite(v); }

// Everything a caller may rely on, whatever the input.
void check_layout(const satr::Layout& layout, std::string_view text,
                  const satr::ParagraphStyle& style) {
  const auto size = static_cast<long long>(text.size());
  FUZZ_CHECK(finite(layout.width) && layout.width >= 0);
  FUZZ_CHECK(finite(layout.height) && layout.height >= 0);
  if (style.width > 0) FUZZ_CHECK(layout.width == style.width);
  if (text.empty()) FUZZ_CHECK(layout.lines.empty());
  if (!text.empty()) FUZZ_CHECK(!layout.lines.empty());
  if (layout.truncated) {
    FUZZ_CHECK(style.max_lines != 0);
    FUZZ_CHECK(layout.lines.size() == style.max_lines, layout.lines.size(), style.max_lines);
  }
  if (style.max_lines != 0) FUZZ_CHECK(layout.lines.size() <= style.max_lines);

  // Paragraphs tile a prefix of the text (all of it unless truncated).
  uint32_t paragraph_end = 0;
  for (const satr::ParagraphInfo& p : layout.paragraphs) {
    FUZZ_CHECK(p.range.start == paragraph_end, p.range.start, paragraph_end);
    FUZZ_CHECK(p.range.start < p.range.end, p.range.start, p.range.end);
    FUZZ_CHECK(p.range.end <= size, p.range.end, size);
    FUZZ_CHECK(p.base_level <= 1, p.base_level);
    paragraph_end = p.range.end;
  }
  if (!layout.truncated) FUZZ_CHECK(paragraph_end == size, paragraph_end, size);

  // Lines tile the text in logical order.
  uint32_t line_end = 0;
  double height_sum = 0;
  float previous_bottom = 0;
  uint32_t previous_paragraph = 0;
  for (std::size_t k = 0; k < layout.lines.size(); ++k) {
    const satr::Line& line = layout.lines[k];
    FUZZ_CHECK(line.range.start == line_end, line.range.start, line_end);
    FUZZ_CHECK(line.range.start <= line.range.end, line.range.start, line.range.end);
    FUZZ_CHECK(line.range.end <= size, line.range.end, size);
    line_end = line.range.end;
    FUZZ_CHECK(line.paragraph < layout.paragraphs.size(), line.paragraph);
    FUZZ_CHECK(line.paragraph >= previous_paragraph, line.paragraph, previous_paragraph);
    previous_paragraph = line.paragraph;
    const satr::Range para = layout.paragraphs[line.paragraph].range;
    FUZZ_CHECK(line.range.start >= para.start && line.range.end <= para.end, line.range.start,
               para.start);
    FUZZ_CHECK(finite(line.x) && finite(line.baseline) && finite(line.width));
    FUZZ_CHECK(finite(line.ascent) && finite(line.descent));
    FUZZ_CHECK(finite(line.top) && finite(line.height) && line.height >= 0);
    FUZZ_CHECK(line.width >= 0, (line.width * 1000));
    // Stacked top to bottom without gaps or overlaps.
    FUZZ_CHECK(std::fabs(line.top - previous_bottom) <= 1e-3f * (1 + std::fabs(line.top)));
    previous_bottom = line.top + line.height;
    height_sum += line.height;

    FUZZ_CHECK(line.run_start <= layout.runs.size(), line.run_start);
    FUZZ_CHECK(line.run_count <= layout.runs.size() - line.run_start, line.run_count);
    for (const satr::Run& run : layout.runs_of(line)) {
      FUZZ_CHECK(run.range.start <= run.range.end, run.range.start, run.range.end);
      FUZZ_CHECK(run.range.start >= line.range.start && run.range.end <= line.range.end,
                 run.range.start, run.range.end);
      FUZZ_CHECK(run.font.valid());
      FUZZ_CHECK(finite(run.font_size) && run.font_size > 0);
      FUZZ_CHECK(run.level <= 126, run.level);
      FUZZ_CHECK(run.glyph_start <= layout.glyphs.size(), run.glyph_start);
      FUZZ_CHECK(run.glyph_count <= layout.glyphs.size() - run.glyph_start, run.glyph_count);
      for (const satr::Glyph& g : layout.glyphs_of(run)) {
        FUZZ_CHECK(g.cluster <= size, g.cluster, size);
        FUZZ_CHECK(g.cluster >= line.range.start && g.cluster <= line.range.end, g.cluster,
                   line.range.start);
        FUZZ_CHECK(finite(g.x) && finite(g.y) && finite(g.advance));
      }
    }
  }
  if (!layout.lines.empty()) {
    FUZZ_CHECK(layout.lines.front().range.start == 0);
    if (!layout.truncated) FUZZ_CHECK(line_end == size, line_end, size);
  }
  FUZZ_CHECK(std::fabs(height_sum - layout.height) <= 1e-3 * (1 + std::fabs(height_sum)));
}

// Layouts made with and without caches must be identical, member by member.
void check_same(const satr::Layout& a, const satr::Layout& b) {
  FUZZ_CHECK(a.width == b.width && a.height == b.height && a.truncated == b.truncated);
  FUZZ_CHECK(a.paragraphs.size() == b.paragraphs.size());
  FUZZ_CHECK(a.lines.size() == b.lines.size(), a.lines.size(), b.lines.size());
  FUZZ_CHECK(a.runs.size() == b.runs.size(), a.runs.size(), b.runs.size());
  FUZZ_CHECK(a.glyphs.size() == b.glyphs.size(), a.glyphs.size(), b.glyphs.size());
  for (std::size_t k = 0; k < a.lines.size(); ++k) {
    const satr::Line& x = a.lines[k];
    const satr::Line& y = b.lines[k];
    FUZZ_CHECK(x.range == y.range && x.paragraph == y.paragraph, k);
    FUZZ_CHECK(x.x == y.x && x.width == y.width && x.baseline == y.baseline, k);
    FUZZ_CHECK(x.run_start == y.run_start && x.run_count == y.run_count, k);
  }
  for (std::size_t k = 0; k < a.runs.size(); ++k) {
    const satr::Run& x = a.runs[k];
    const satr::Run& y = b.runs[k];
    FUZZ_CHECK(x.range == y.range && x.level == y.level && x.font == y.font, k);
    FUZZ_CHECK(x.font_size == y.font_size && x.color == y.color, k);
    FUZZ_CHECK(x.glyph_start == y.glyph_start && x.glyph_count == y.glyph_count, k);
  }
  for (std::size_t k = 0; k < a.glyphs.size(); ++k) {
    const satr::Glyph& x = a.glyphs[k];
    const satr::Glyph& y = b.glyphs[k];
    FUZZ_CHECK(x.id == y.id && x.cluster == y.cluster, k, x.cluster);
    FUZZ_CHECK(x.x == y.x && x.y == y.y && x.advance == y.advance, k, x.cluster);
  }
}

void maybe_render(const satr::Layout& layout, std::string_view text, uint8_t options6,
                  bool spans) {
  satr::RenderOptions options;
  options.margin = kMargins[(options6 >> 5) & 3];
  if (spans) options.background = satr::Color{0, 0, 0, 0};
  const double w = std::ceil(double{layout.width} + 2.0 * options.margin);
  const double h = std::ceil(double{layout.height} + 2.0 * options.margin);
  // Over the limit the renderer must refuse before allocating; in between, a valid but
  // large image is skipped (see kLargestFuzzedImage).
  const bool over_limit = w > satr::kMaxImageDimension || h > satr::kMaxImageDimension;
  if (!over_limit &&
      satr::fuzz::image_pixels(layout, options.margin) > satr::fuzz::kLargestFuzzedImage)
    return;
  try {
    const satr::Image image = satr::render(layout, options, &shared_context());
    FUZZ_CHECK(!over_limit, w, h);
    FUZZ_CHECK(image.width() > 0 && image.height() > 0, image.width(), image.height());
    FUZZ_CHECK(image.width() <= satr::kMaxImageDimension &&
               image.height() <= satr::kMaxImageDimension);
    FUZZ_CHECK(image.pixels().size() ==
               static_cast<std::size_t>(image.width()) * image.height() * 4);
    if (options6 & 0x80) {
      const std::vector<uint8_t> png = image.encode_png();
      FUZZ_CHECK(png.size() > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
      // The vector writers (cairo, which the default build requires) take the same layout
      // and page size; the PDF also maps its glyphs back to the text.
      const std::string svg = satr::layout_to_svg(layout, options);
      FUZZ_CHECK(svg.find("<svg") != std::string::npos, svg.size());
      const std::string pdf = satr::layout_to_pdf(layout, text, options);
      FUZZ_CHECK(pdf.rfind("%PDF-", 0) == 0 && pdf.find("%%EOF") != std::string::npos,
                 pdf.size());
    }
  } catch (const satr::Error& e) {
    // Only an image beyond the documented limit may be refused.
    FUZZ_CHECK(over_limit && e.code() == satr::ErrorCode::LimitExceeded, w, h);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  Reader in(data, size);
  const uint8_t b0 = in.byte(), b1 = in.byte();
  const uint16_t width = in.u16();
  const uint8_t b4 = in.byte(), b5 = in.byte(), b6 = in.byte(), b7 = in.byte();

  satr::ParagraphStyle style;
  style.align = static_cast<satr::Align>((b0 & 7) % 6);
  style.justify = static_cast<satr::Justify>(((b0 >> 3) & 3) % 3);
  style.breaker = (b0 & 0x20) ? satr::Breaker::Optimal : satr::Breaker::Greedy;
  style.digits = static_cast<satr::Digits>((b0 >> 6) % 3);
  style.max_lines = (b1 & 7) % 6;
  style.direction = static_cast<satr::Direction>(((b1 >> 3) & 3) % 3);
  style.strict_utf8 = (b1 & 0x20) != 0;
  const bool do_render = (b1 & 0x40) != 0;
  const bool compare_uncached = (b1 & 0x80) != 0;
  style.width = static_cast<float>(width % 2001);
  style.font_size = static_cast<float>(1 + b4 % 200);
  const unsigned span_count = std::min(b5 & 3, 2);
  const satr::FontCollection& fonts = chain((b5 >> 2) & 3);
  const unsigned feature_mode = (b5 >> 4) & 3;
  style.language = kLanguages[b5 >> 6];
  style.line_height = kLineHeights[b6 & 7];
  style.ellipsis = kEllipses[(b6 >> 3) & 3];
  // Spacing that tightens past a glyph's width, and spacing wider than a word.
  static constexpr float kLetterSpacings[] = {0, 3, -40, 200};
  static constexpr float kWordSpacings[] = {0, 5, -30, 500};
  style.letter_spacing = kLetterSpacings[(b7 >> 4) & 3];
  style.word_spacing = kWordSpacings[b7 >> 6];

  // Features parsed from the input may be rejected; the fixed sets are valid.
  bool features_known_valid = true;
  if (feature_mode == 1) {
    const uint8_t length = in.byte() % 33;
    style.features = std::string(in.bytes(length));
    features_known_valid = false;
  } else {
    style.features = kFixedFeatures[feature_mode];
  }
  SpanBytes span_bytes[2];
  for (unsigned k = 0; k < span_count; ++k) {
    span_bytes[k].start = in.u16();
    span_bytes[k].end = in.u16();
    span_bytes[k].style = in.byte();
    span_bytes[k].size = in.byte();
  }
  const std::string_view text = in.rest();
  const Utf8Scan scan = scan_utf8(text);

  // Span ranges are taken modulo a little more than the text, so most land inside it and
  // some past its end or reversed; those, a split character, a zero size or an empty
  // font collection must be rejected with satr::Error.
  std::vector<satr::StyledSpan> spans;
  bool spans_valid = true;
  static const satr::FontCollection empty_fonts;
  for (unsigned k = 0; k < span_count; ++k) {
    const SpanBytes& sb = span_bytes[k];
    satr::StyledSpan span;
    span.range.start = static_cast<uint32_t>(sb.start % (text.size() + 3));
    span.range.end = static_cast<uint32_t>(sb.end % (text.size() + 3));
    if (span.range.start > span.range.end || span.range.end > text.size() ||
        !scan.boundary[span.range.start] || !scan.boundary[span.range.end]) {
      spans_valid = false;
    }
    if (sb.style & 1) {
      span.style.color = satr::Color{sb.size, static_cast<uint8_t>(sb.start), 0x40, 0xFF};
    }
    if (sb.style & 2) {
      span.style.font_size = static_cast<float>(sb.size) / 2.0f;
      if (sb.size == 0) spans_valid = false;
    }
    switch ((sb.style >> 2) & 7) {
      case 1:
        span.style.fonts = chain(0);
        break;
      case 2:
        span.style.fonts = chain(1);
        break;
      case 3:
        span.style.fonts = chain(2);
        break;
      case 4:
        span.style.fonts = empty_fonts;
        spans_valid = false;
        break;
      default:
        break;
    }
    if (sb.style & 0x20) span.style.features = kSpanFeatures[sb.style >> 6];
    spans.push_back(std::move(span));
  }

  const auto lay_out = [&](const satr::ParagraphStyle& s, satr::Context& context) {
    return spans.empty() ? satr::layout_text(text, fonts, s, &context)
                         : satr::layout_text(text, fonts, s, spans, &context);
  };
  satr::Layout layout;
  try {
    layout = lay_out(style, shared_context());
  } catch (const satr::Error& e) {
    const bool utf8_error = style.strict_utf8 && scan.first_invalid != std::string_view::npos;
    // The style (features included) is checked before the text is read, the spans after
    // it is decoded.
    const bool feature_error = e.code() == satr::ErrorCode::InvalidArgument &&
                               std::string_view(e.what()).starts_with("invalid OpenType feature");
    if (feature_error) {
      FUZZ_CHECK(!features_known_valid, 0);
    } else if (utf8_error) {
      // Decoding comes before span validation, so the first ill-formed sequence is what
      // must be reported.
      FUZZ_CHECK(e.code() == satr::ErrorCode::InvalidUtf8, static_cast<int>(e.code()));
      FUZZ_CHECK(e.byte_offset() == scan.first_invalid, e.byte_offset(), scan.first_invalid);
    } else {
      // Every option chosen above is in range, so an error must come from the spans or a
      // feature string taken from the input.
      FUZZ_CHECK(!spans_valid || !features_known_valid, static_cast<int>(e.code()));
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "layout_fuzzer: unexpected exception: %s\n", e.what());
    satr::fuzz::fail("layout_fuzzer", "only satr::Error may be thrown");
  } catch (...) {
    satr::fuzz::fail("layout_fuzzer", "only satr::Error may be thrown");
  }
  FUZZ_CHECK(!(style.strict_utf8 && scan.first_invalid != std::string_view::npos),
             scan.first_invalid);
  FUZZ_CHECK(spans_valid);
  check_layout(layout, text, style);

  if (compare_uncached) check_same(layout, lay_out(style, uncached_context()));
  if (compare_uncached && style.max_lines == 0) {
    // Line breaks are found only where a layout can use them; with max_lines set they
    // always are, and the lines must be the same.
    satr::ParagraphStyle full = style;
    full.max_lines = 1u << 30;
    check_same(layout, lay_out(full, uncached_context()));
  }
  {
    // Into a Layout that still holds an earlier input's result: exactly a fresh layout.
    static satr::Layout reused;
    if (spans.empty()) {
      satr::layout_text_into(reused, text, fonts, style, &shared_context());
    } else {
      satr::layout_text_into(reused, text, fonts, style, spans, &shared_context());
    }
    check_same(layout, reused);
  }
  if ((b7 & 3) == 3) {
    satr::ParagraphStyle again = style;
    if (b7 & 4) again.width = static_cast<float>((width / 3 + 7) % 2001);
    if (b7 & 8) again.max_lines = (style.max_lines + 1) % 6;
    (void)lay_out(again, shared_context());
    const satr::Layout repeated = lay_out(again, shared_context());
    check_layout(repeated, text, again);
    check_same(repeated, lay_out(again, uncached_context()));
  }
  if (do_render) maybe_render(layout, text, b6, !spans.empty());
  return 0;
}
