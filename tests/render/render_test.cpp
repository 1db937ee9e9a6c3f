// Tests of the renderer: colours, images and PNG, the glyph cache, rasterization of
// hand-built layouts, and the JSON / text serializations.
#include "satr/render.hpp"

#include <gtest/gtest.h>
#include <hb.h>
#include <png.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "render/glyph_cache.hpp"
#include "render/rasterize.hpp"
#include "satr/context.hpp"
#include "satr/error.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "satr/serialize.hpp"
#include "fonts/font_data.hpp"
#include "test_support.hpp"

namespace satr {
namespace {

// Every glyph of these tests lies well inside this box around its origin.
constexpr detail::PixelBox kAnywhere{-100000, -100000, 100000, 100000};

namespace fs = std::filesystem;
using testing::expect_error;

const std::string kNaskhPath = std::string(SATR_SOURCE_DIR) + "/fonts/NotoNaskhArabic-Regular.ttf";
const std::string kSansPath = std::string(SATR_SOURCE_DIR) + "/fonts/NotoSans-Regular.ttf";

const Font& naskh() {
  static const Font font = Font::from_file(kNaskhPath);
  return font;
}

const Font& sans() {
  static const Font font = Font::from_file(kSansPath);
  return font;
}

uint32_t glyph_of(const Font& font, char32_t code_point) {
  hb_codepoint_t glyph = 0;
  EXPECT_TRUE(hb_font_get_nominal_glyph(font.data().font.get(), code_point, &glyph));
  return glyph;
}

/// Appends `line` with `runs` (each with its glyphs) to `layout`'s flat arrays.
void add_line(Layout& layout, Line line,
              const std::vector<std::pair<satr::Run, std::vector<Glyph>>>& runs) {
  line.run_start = static_cast<uint32_t>(layout.runs.size());
  line.run_count = static_cast<uint32_t>(runs.size());
  for (auto [run, glyphs] : runs) {
    run.glyph_start = static_cast<uint32_t>(layout.glyphs.size());
    run.glyph_count = static_cast<uint32_t>(glyphs.size());
    layout.glyphs.insert(layout.glyphs.end(), glyphs.begin(), glyphs.end());
    layout.runs.push_back(run);
  }
  layout.lines.push_back(line);
}

/// A one-line layout drawing `glyphs` of `font` on a baseline at y = 40.
Layout one_line_layout(const Font& font, float size, const std::vector<Glyph>& glyphs,
                       float width = 200, float height = 60) {
  Layout layout;
  layout.width = width;
  layout.height = height;
  layout.paragraphs.push_back(ParagraphInfo{Range{0, 10}, 0});
  Line line;
  line.range = Range{0, 10};
  line.baseline = 40;
  line.width = width;
  line.ascent = 40;
  line.descent = 20;
  line.height = height;
  add_line(layout, line, {{satr::Run{Range{0, 10}, 0, font, size}, glyphs}});
  return layout;
}

/// A temporary folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("satr-render-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

/// Decodes PNG bytes to RGBA with libpng's simplified API.
std::vector<uint8_t> decode_png(const std::vector<uint8_t>& bytes, int& width, int& height) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return {};
  image.format = PNG_FORMAT_RGBA;
  std::vector<uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) return {};
  width = static_cast<int>(image.width);
  height = static_cast<int>(image.height);
  return pixels;
}

std::vector<uint8_t> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

// ---------------------------------------------------------------------------------------
// Color

TEST(ColorTest, ParsesHexAndNames) {
  EXPECT_EQ(Color::parse("#000000"), (Color{0, 0, 0, 255}));
  EXPECT_EQ(Color::parse("#1a2B3c"), (Color{0x1a, 0x2b, 0x3c, 255}));
  EXPECT_EQ(Color::parse("#ff000080"), (Color{255, 0, 0, 128}));
  EXPECT_EQ(Color::parse("black"), (Color{0, 0, 0, 255}));
  EXPECT_EQ(Color::parse("White"), (Color{255, 255, 255, 255}));
  EXPECT_EQ(Color::parse("transparent"), (Color{0, 0, 0, 0}));
}

TEST(ColorTest, RejectsMalformedText) {
  for (const char* bad : {"", "#", "#fff", "#12345", "#1234567", "#123456789", "123456", "#12345g",
                          "red", "blackk", " #000000", "#00000 "}) {
    expect_error([&] { (void)Color::parse(bad); }, ErrorCode::InvalidArgument,
                 "invalid colour '" + std::string(bad) + "'");
  }
}

TEST(ColorTest, MessageStaysOneLine) {
  expect_error([] { (void)Color::parse("#12\n456"); }, ErrorCode::InvalidArgument, "#12?456");
}

// ---------------------------------------------------------------------------------------
// Image

TEST(ImageTest, FillsAndReadsPixels) {
  Image image(3, 2, Color{1, 2, 3, 4});
  EXPECT_EQ(image.width(), 3);
  EXPECT_EQ(image.height(), 2);
  ASSERT_EQ(image.pixels().size(), 3u * 2u * 4u);
  EXPECT_EQ(image.pixel(2, 1), (Color{1, 2, 3, 4}));
  image.pixels()[(1 * 3 + 2) * 4] = 9;
  EXPECT_EQ(image.pixel(2, 1).r, 9);
  expect_error([&] { (void)image.pixel(3, 0); }, ErrorCode::InvalidArgument, "(3, 0)");
  expect_error([&] { (void)image.pixel(0, -1); }, ErrorCode::InvalidArgument, "(0, -1)");
}

TEST(ImageTest, ChecksLimitsBeforeAllocating) {
  // 16385 × 16385 RGBA would be a gigabyte: the check must come first.
  expect_error([] { Image(16385, 16385, Color{}); }, ErrorCode::LimitExceeded, "16385x16385");
  expect_error([] { Image(1, kMaxImageDimension + 1, Color{}); }, ErrorCode::LimitExceeded,
               "16384 px");
  expect_error([] { Image(-1, 5, Color{}); }, ErrorCode::InvalidArgument, "-1x5");
  Image widest(kMaxImageDimension, 1, Color{});
  EXPECT_EQ(widest.width(), kMaxImageDimension);
}

TEST(ImageTest, PngRoundTrip) {
  Image image(5, 3, Color{10, 20, 30, 255});
  auto& px = image.pixels();
  for (std::size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>(i * 7);
  const std::vector<uint8_t> png = image.encode_png();
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png[1], 'P');
  int width = 0, height = 0;
  const std::vector<uint8_t> decoded = decode_png(png, width, height);
  EXPECT_EQ(width, 5);
  EXPECT_EQ(height, 3);
  EXPECT_EQ(decoded, image.pixels());
}

TEST(ImageTest, EmptyImageIsNotEncoded) {
  Image empty(0, 4, Color{});
  expect_error([&] { (void)empty.encode_png(); }, ErrorCode::InvalidArgument, "0x4");
}

TEST(ImageTest, WritePngReplacesTheFileWhole) {
  TempDir dir;
  const fs::path path = dir.path() / "out.png";
  Image image(4, 4, Color{255, 0, 0, 255});
  image.write_png(path.string());
  Image second(2, 2, Color{0, 0, 255, 128});
  second.write_png(path.string());
  int width = 0, height = 0;
  const std::vector<uint8_t> decoded = decode_png(read_bytes(path), width, height);
  EXPECT_EQ(width, 2);
  EXPECT_EQ(decoded, second.pixels());
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.png"});  // no temporary left
}

TEST(ImageTest, WritePngFailureLeavesNothing) {
  TempDir dir;
  Image image(4, 4, Color{});
  const std::string missing = (dir.path() / "no-such-folder" / "out.png").string();
  expect_error([&] { image.write_png(missing); }, ErrorCode::Io, "cannot write '" + missing + "'");
  expect_error([&] { image.write_png(dir.path().string()); }, ErrorCode::Io, "directory");
  EXPECT_TRUE(dir.entries().empty());
}

TEST(WriteFileTest, SymlinksKeepPointingAtTheNewFile) {
  TempDir dir;
  const fs::path real = dir.path() / "real.json";
  const fs::path link = dir.path() / "link.json";
  write_file(real.string(), "old");
  fs::create_symlink(real, link);
  write_file(link.string(), "new");
  EXPECT_TRUE(fs::is_symlink(link));
  const std::vector<uint8_t> bytes = read_bytes(real);
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "new");
}

TEST(WriteFileTest, DevicesAreWrittenInPlace) {
  write_file("/dev/null", "abc");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  expect_error([] { write_file("/dev/full", "abc"); }, ErrorCode::Io, "'/dev/full'");
  expect_error([] { write_file("", "abc"); }, ErrorCode::Io, "cannot write ''");
}

// ---------------------------------------------------------------------------------------
// Glyph cache

TEST(GlyphCacheTest, NeverRasterizesAGlyphTwice) {
  detail::GlyphCache cache;
  const uint32_t beh = glyph_of(naskh(), U'\u0628');
  const uint32_t seen = glyph_of(naskh(), U'\u0633');
  std::set<std::tuple<uint32_t, int, int>> distinct;
  for (int round = 0; round < 50; ++round) {
    for (uint32_t id : {beh, seen}) {
      for (int sub = 0; sub < detail::kSubpixelSteps; ++sub) {
        for (float size : {16.0f, 32.0f}) {
          const auto bitmap = cache.glyph(naskh(), id, size, sub, kAnywhere);
          ASSERT_FALSE(bitmap->empty());
          distinct.emplace(id, sub, static_cast<int>(size));
        }
      }
    }
  }
  const detail::GlyphCacheStats stats = cache.stats();
  EXPECT_EQ(stats.rasterizations, distinct.size());
  EXPECT_EQ(stats.misses, distinct.size());
  EXPECT_EQ(stats.hits, 50u * distinct.size() - distinct.size());
  EXPECT_EQ(stats.entries, distinct.size());
  EXPECT_EQ(stats.faces, 1u);
}

TEST(GlyphCacheTest, SubpixelOffsetsShiftTheCoverage) {
  detail::GlyphCache cache;
  const uint32_t alef = glyph_of(naskh(), U'\u0627');
  const auto at0 = cache.glyph(naskh(), alef, 40, 0, kAnywhere);
  const auto at2 = cache.glyph(naskh(), alef, 40, 2, kAnywhere);
  EXPECT_NE(at0->coverage, at2->coverage);
  // Half a pixel to the right moves the ink's centre of mass by about half a pixel.
  const auto centre = [](const detail::GlyphBitmap& b) {
    double sum = 0, weighted = 0;
    for (int y = 0; y < b.height; ++y)
      for (int x = 0; x < b.width; ++x) {
        const double c = b.coverage[y * b.width + x];
        sum += c;
        weighted += c * (b.left + x + 0.5);
      }
    return weighted / sum;
  };
  EXPECT_NEAR(centre(*at2) - centre(*at0), 0.5, 0.05);
}

TEST(GlyphCacheTest, StaysWithinItsBudget) {
  detail::GlyphCache cache(8 * 1024);
  for (char32_t c = U'\u0621'; c <= U'\u063A'; ++c) {
    (void)cache.glyph(naskh(), glyph_of(naskh(), c), 48, 0, kAnywhere);
  }
  detail::GlyphCacheStats stats = cache.stats();
  EXPECT_LE(stats.bytes, 8u * 1024u);
  EXPECT_GT(stats.evictions, 0u);
  cache.set_byte_budget(0);
  stats = cache.stats();
  EXPECT_EQ(stats.bytes, 0u);
  EXPECT_EQ(stats.entries, 0u);
  // A bitmap larger than the budget is still returned.
  EXPECT_FALSE(cache.glyph(naskh(), glyph_of(naskh(), U'\u0628'), 48, 0, kAnywhere)->empty());
  cache.clear();
  EXPECT_EQ(cache.stats().faces, 0u);
}

TEST(GlyphCacheTest, ThreadsShareOneRasterization) {
  detail::GlyphCache cache;
  std::vector<uint32_t> ids;
  for (char32_t c = U'\u0627'; c <= U'\u0637'; ++c) ids.push_back(glyph_of(naskh(), c));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round)
        for (uint32_t id : ids) (void)cache.glyph(naskh(), id, 24, round % 4, kAnywhere);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(cache.stats().rasterizations, ids.size() * 4);
}

TEST(GlyphCacheTest, RejectsBadRequests) {
  detail::GlyphCache cache;
  expect_error([&] { (void)cache.glyph(naskh(), 1, 0.0f, 0, kAnywhere); }, ErrorCode::InvalidArgument,
               "font size");
  expect_error([&] { (void)cache.glyph(naskh(), 1, 4096.0f, 0, kAnywhere); }, ErrorCode::InvalidArgument,
               "2048");
  expect_error([&] { (void)cache.glyph(naskh(), 1, NAN, 0, kAnywhere); }, ErrorCode::InvalidArgument,
               "font size");
  expect_error([&] { (void)cache.glyph(naskh(), 1, 12, 4, kAnywhere); }, ErrorCode::InvalidArgument,
               "subpixel");
}

TEST(GlyphCacheTest, GlyphPastTheFontDrawsNotdef) {
  // A corrupt font can make HarfBuzz and FreeType count its glyphs differently (a font
  // fuzzer finding); a glyph FreeType does not have is drawn as .notdef.
  detail::GlyphCache cache;
  const auto past = cache.glyph(naskh(), 999999, 12, 0, kAnywhere);
  const auto notdef = cache.glyph(naskh(), 0, 12, 0, kAnywhere);
  ASSERT_FALSE(notdef->empty());
  EXPECT_EQ(past->width, notdef->width);
  EXPECT_EQ(past->height, notdef->height);
  EXPECT_EQ(past->coverage, notdef->coverage);
}

// ---------------------------------------------------------------------------------------
// Rendering hand-built layouts

/// Bounding box of the pixels that differ from `background`.
struct Ink {
  int left = 1 << 30, top = 1 << 30, right = -1, bottom = -1;
  long count = 0;
};

Ink find_ink(const Image& image, Color background) {
  Ink ink;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (!(image.pixel(x, y) == background)) {
        ink.left = std::min(ink.left, x);
        ink.right = std::max(ink.right, x);
        ink.top = std::min(ink.top, y);
        ink.bottom = std::max(ink.bottom, y);
        ++ink.count;
      }
  return ink;
}

TEST(RenderTest, ImageIsTheLayoutBoxPlusMargins) {
  detail::GlyphCache cache;
  Layout layout = one_line_layout(naskh(), 32, {}, 100.2f, 50.0f);
  RenderOptions options;
  options.margin = 16;
  Image image = detail::render_layout(layout, options, cache);
  EXPECT_EQ(image.width(), 133);  // ceil(100.2 + 32)
  EXPECT_EQ(image.height(), 82);
  EXPECT_EQ(find_ink(image, options.background).count, 0);
}

TEST(RenderTest, DrawsGlyphsAtTheirPositions) {
  Context context;
  const uint32_t alef = glyph_of(naskh(), U'\u0627');
  Layout layout = one_line_layout(naskh(), 40, {Glyph{alef, 0, 50, 40, 10}});
  RenderOptions options;
  options.margin = 10;
  options.foreground = Color{0, 0, 0, 255};
  Image image = render(layout, options, &context);
  const Ink ink = find_ink(image, options.background);
  ASSERT_GT(ink.count, 20);
  // Alef is a vertical stroke just right of its origin, standing on the baseline.
  EXPECT_GE(ink.left, 60 - 1);
  EXPECT_LE(ink.right, 60 + 12);
  EXPECT_LE(ink.bottom, 50 + 2);
  EXPECT_LT(ink.top, 50 - 15);
  // Fully covered pixels get exactly the foreground colour.
  bool saw_solid = false;
  for (int y = ink.top; y <= ink.bottom; ++y)
    for (int x = ink.left; x <= ink.right; ++x)
      saw_solid |= image.pixel(x, y) == options.foreground;
  EXPECT_TRUE(saw_solid);
}

TEST(RenderTest, WholePixelMovesShiftTheImage) {
  detail::GlyphCache cache;
  const uint32_t beh = glyph_of(naskh(), U'\u0628');
  RenderOptions options;
  options.margin = 0;
  Image a = detail::render_layout(one_line_layout(naskh(), 32, {Glyph{beh, 0, 50.25f, 40, 20}}),
                                  options, cache);
  Image b = detail::render_layout(one_line_layout(naskh(), 32, {Glyph{beh, 0, 51.25f, 40, 20}}),
                                  options, cache);
  Image c = detail::render_layout(one_line_layout(naskh(), 32, {Glyph{beh, 0, 50.75f, 40, 20}}),
                                  options, cache);
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x + 1 < a.width(); ++x) ASSERT_EQ(a.pixel(x, y), b.pixel(x + 1, y));
  EXPECT_NE(a.pixels(), c.pixels());
  EXPECT_EQ(cache.stats().rasterizations, 2u);  // subpixel 1 (twice) and 3
}

TEST(RenderTest, RepeatedGlyphsAreRasterizedOnce) {
  detail::GlyphCache cache;
  const uint32_t beh = glyph_of(naskh(), U'\u0628');
  std::vector<Glyph> glyphs;
  for (int i = 0; i < 400; ++i) glyphs.push_back(Glyph{beh, 0, i * 0.5f, 40, 0.5f});
  Image image = detail::render_layout(one_line_layout(naskh(), 24, glyphs), {}, cache);
  EXPECT_EQ(cache.stats().rasterizations, 2u);  // x = n and x = n + 0.5
  EXPECT_EQ(cache.stats().hits, 398u);
}

TEST(RenderTest, CompositesWithAlpha) {
  detail::GlyphCache cache;
  const uint32_t alef = glyph_of(naskh(), U'\u0627');
  RenderOptions options;
  options.background = Color{0, 0, 0, 0};
  options.foreground = Color{255, 0, 0, 128};
  Image image = detail::render_layout(one_line_layout(naskh(), 64, {Glyph{alef, 0, 50, 50, 10}}),
                                      options, cache);
  const Ink ink = find_ink(image, options.background);
  ASSERT_GT(ink.count, 0);
  int max_alpha = 0;
  for (int y = ink.top; y <= ink.bottom; ++y)
    for (int x = ink.left; x <= ink.right; ++x) {
      const Color p = image.pixel(x, y);
      if (p.a == 0) continue;
      EXPECT_EQ(p.r, 255);  // straight alpha: the colour is the foreground's
      EXPECT_EQ(p.g, 0);
      max_alpha = std::max<int>(max_alpha, p.a);
    }
  EXPECT_EQ(max_alpha, 128);
}

TEST(RenderTest, AbuttingGlyphsLeaveNoSeam) {
  // Two tatweels side by side at a fractional position: their edge pixels share coverage
  // and must add up to a solid stroke.
  const uint32_t tatweel = naskh().data().tatweel_glyph;
  ASSERT_NE(tatweel, 0u);
  hb_position_t advance_units = hb_font_get_glyph_h_advance(naskh().data().font.get(), tatweel);
  const float size = 48;
  const float advance = advance_units * naskh().data().scale(size);
  detail::GlyphCache cache;
  RenderOptions options;
  options.margin = 0;
  Image image =
      detail::render_layout(one_line_layout(naskh(), size,
                                            {Glyph{tatweel, 0, 20.25f, 40, advance},
                                             Glyph{tatweel, 1, 20.25f + advance, 40, advance}}),
                            options, cache);
  // Along the row through the middle of the stroke, every pixel between the two glyphs is
  // as dark as the stroke's core.
  int darkest_row = 0, darkest = 256;
  for (int y = 0; y < image.height(); ++y) {
    const int v = image.pixel(static_cast<int>(22 + advance / 2), y).r;
    if (v < darkest) darkest = v, darkest_row = y;
  }
  ASSERT_LT(darkest, 10);
  const int seam = static_cast<int>(20.25f + advance);
  for (int x = seam - 1; x <= seam + 1; ++x) {
    EXPECT_LT(image.pixel(x, darkest_row).r, 10) << "seam at x=" << x;
  }
}

TEST(RenderTest, RejectsOversizedImagesBeforeAllocating) {
  detail::GlyphCache cache;
  Layout layout = one_line_layout(naskh(), 32, {}, 20000.0f, 50.0f);
  expect_error([&] { (void)detail::render_layout(layout, {}, cache); }, ErrorCode::LimitExceeded,
               "image size 20032x82 px exceeds the limit of 16384");
  layout.width = 100;
  layout.height = 1e30f;
  expect_error([&] { (void)detail::render_layout(layout, {}, cache); }, ErrorCode::LimitExceeded,
               "exceeds the limit");
  RenderOptions options;
  options.margin = -1;
  layout.height = 10;
  expect_error([&] { (void)detail::render_layout(layout, options, cache); },
               ErrorCode::InvalidArgument, "margin");
  options.margin = NAN;
  expect_error([&] { (void)detail::render_layout(layout, options, cache); },
               ErrorCode::InvalidArgument, "margin");
}

TEST(RenderTest, EmptyLayoutWithoutMarginIsOnePixel) {
  detail::GlyphCache cache;
  RenderOptions options;
  options.margin = 0;
  Image image = detail::render_layout(Layout{}, options, cache);
  EXPECT_EQ(image.width(), 1);
  EXPECT_EQ(image.height(), 1);
  EXPECT_FALSE(image.encode_png().empty());
}

TEST(RenderTest, GlyphsFarOutsideAreClipped) {
  detail::GlyphCache cache;
  const uint32_t beh = glyph_of(naskh(), U'\u0628');
  Layout layout = one_line_layout(
      naskh(), 32,
      {Glyph{beh, 0, -1e20f, 40, 10}, Glyph{beh, 0, 1e9f, 40, 10}, Glyph{beh, 0, -80, 40, 10},
       Glyph{beh, 0, 20, 4000, 10}, Glyph{beh, 0, NAN, 40, 10}});
  Image image = detail::render_layout(layout, {}, cache);
  EXPECT_EQ(find_ink(image, Color{255, 255, 255, 255}).count, 0);
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(RenderTest, LongTextRasterizesEachGlyphOnce) {
  const std::string text = read_text(fs::path(SATR_SOURCE_DIR) / "examples/astana.txt");
  ASSERT_GT(text.size(), 1000u);
  Context context;
  ParagraphStyle style;
  style.width = 800;
  const Layout layout = layout_text(text, FontCollection::bundled(), style, &context);
  detail::GlyphCache cache;
  const Image first = detail::render_layout(layout, {}, cache);
  const detail::GlyphCacheStats after_first = cache.stats();
  // Every rasterization produced a distinct cached entry: nothing was rendered twice.
  EXPECT_EQ(after_first.rasterizations, after_first.entries);
  EXPECT_EQ(after_first.evictions, 0u);
  EXPECT_EQ(after_first.hits + after_first.misses, layout.glyphs.size());
  EXPECT_LT(after_first.rasterizations, layout.glyphs.size() / 2);
  const Image second = detail::render_layout(layout, {}, cache);
  EXPECT_EQ(cache.stats().rasterizations, after_first.rasterizations);
  EXPECT_EQ(first.pixels(), second.pixels());
}

TEST(RenderTest, GlyphsRasterizedInsideTheImageOnlyDrawTheSamePixels) {
  // A cache that rasterizes every glyph clipped to the image, as it does for glyphs over
  // kMaxGlyphBitmapPixels, draws exactly what whole bitmaps draw, edges and joins included.
  const std::string text = read_text(fs::path(SATR_SOURCE_DIR) / "examples/astana.txt");
  ParagraphStyle style;
  style.width = 500;
  style.font_size = 27.3f;
  const Layout layout = layout_text(text.substr(0, 1500), FontCollection::bundled(), style);
  RenderOptions options;
  options.margin = 0;  // glyphs cut by the image's edges too
  detail::GlyphCache whole;
  detail::GlyphCache clipped(detail::GlyphCache::kDefaultByteBudget, 0);
  const Image expected = detail::render_layout(layout, options, whole);
  const Image actual = detail::render_layout(layout, options, clipped);
  EXPECT_EQ(whole.stats().clipped, 0u);
  EXPECT_GT(clipped.stats().clipped, 100u);
  ASSERT_EQ(expected.width(), actual.width());
  EXPECT_TRUE(expected.pixels() == actual.pixels());
  // Drawn again, the clipped bitmaps come from the cache.
  const uint64_t rasterized = clipped.stats().rasterizations;
  EXPECT_TRUE(detail::render_layout(layout, options, clipped).pixels() == actual.pixels());
  EXPECT_EQ(clipped.stats().rasterizations, rasterized);
}

TEST(RenderTest, ThreadsSharingAContextRenderIdentically) {
  Context context;
  ParagraphStyle style;
  style.width = 300;
  const Layout layout = layout_text(
      "\xd8\xa8\xd8\xb3\xd9\x85 \xd8\xa7\xd9\x84\xd9\x84\xd9\x87 "
      "abc 123 \xd8\xa7\xd9\x84\xd8\xb1\xd8\xad\xd9\x85\xd9\x86",
      FontCollection::bundled(), style, &context);
  const Image reference = render(layout, {}, nullptr);
  std::vector<std::vector<uint8_t>> results(6);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) results[t] = render(layout, {}, &context).pixels();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& pixels : results) EXPECT_EQ(pixels, reference.pixels());
}

// ---------------------------------------------------------------------------------------
// Serialization

Layout sample_layout() {
  Layout layout;
  layout.width = 100.5f;
  layout.height = 40;
  layout.paragraphs.push_back(ParagraphInfo{Range{0, 9}, 1});
  Line line;
  line.range = Range{0, 9};
  line.x = 10.25f;
  line.baseline = 30;
  line.width = 90.126f;
  line.ascent = 30;
  line.descent = 10;
  line.top = 0;
  line.height = 40;
  add_line(layout, line,
           {{satr::Run{Range{6, 9}, 2, sans(), 32},
             {Glyph{20, 6, 10.25f, 30, 12}, Glyph{21, 7, 22.25f, 30, 12}}},
            {satr::Run{Range{0, 6}, 1, naskh(), 32},
             {Glyph{7, 4, 34.25f, 30, 20}, Glyph{8, 2, 56.25f, 25, 0},
              Glyph{9, 0, 54.25f, 30, -0.001f}}}});
  return layout;
}

TEST(SerializeTest, JsonMatchesTheSchema) {
  const std::string json = layout_to_json(sample_layout(), 16, 8);
  const std::string expected =
      R"({"width": 133, "height": 56, "paragraphs": [{"start": 0, "end": 9, "level": 1}], "lines": [)"
      "\n"
      R"(  {"start": 0, "end": 9, "paragraph": 0, "x": 26.25, "baseline": 38, "width": 90.13, )"
      R"("ascent": 30, "descent": 10, "top": 8, "height": 40, "runs": [)"
      "\n"
      R"(    {"start": 6, "end": 9, "level": 2, "direction": "ltr", "font": "NotoSans-Regular.ttf", )"
      R"("size": 32, "glyphs": [{"id": 20, "cluster": 6, "x": 26.25, "y": 38, "advance": 12}, )"
      R"({"id": 21, "cluster": 7, "x": 38.25, "y": 38, "advance": 12}]},)"
      "\n"
      R"(    {"start": 0, "end": 6, "level": 1, "direction": "rtl", )"
      R"("font": "NotoNaskhArabic-Regular.ttf", "size": 32, "glyphs": [)"
      R"({"id": 7, "cluster": 4, "x": 50.25, "y": 38, "advance": 20}, )"
      R"({"id": 8, "cluster": 2, "x": 72.25, "y": 33, "advance": 0}, )"
      R"({"id": 9, "cluster": 0, "x": 70.25, "y": 38, "advance": 0}]}]}]})"
      "\n";
  EXPECT_EQ(json, expected);
}

TEST(SerializeTest, JsonEscapesFontNames) {
  std::vector<uint8_t> bytes = read_bytes(kNaskhPath);
  Font odd = Font::from_memory(bytes, "dir/q\"b\\s\x01\n\xff\xd8\xa8.ttf");
  Layout layout;
  add_line(layout, Line{}, {{satr::Run{Range{0, 1}, 0, odd, 10}, {}}});
  const std::string json = layout_to_json(layout, 0, 0);
  EXPECT_NE(json.find(R"("font": "q\"b\\s\u0001\n\ufffd)"
                      "\xd8\xa8"
                      R"(.ttf")"),
            std::string::npos)
      << json;
}

TEST(SerializeTest, JsonWritesNonFiniteAsNull) {
  Layout layout;
  layout.lines.push_back(Line{});
  layout.lines[0].x = NAN;
  EXPECT_NE(layout_to_json(layout).find(R"("x": null)"), std::string::npos);
}

TEST(SerializeTest, OutOfRangeIndicesAreErrors) {
  Layout layout = sample_layout();
  layout.lines[0].run_count = 3;
  expect_error([&] { (void)layout_to_json(layout); }, ErrorCode::InvalidArgument,
               "runs [0, +3) of 2");
  expect_error([&] { (void)layout_to_text(layout, ""); }, ErrorCode::InvalidArgument, "runs");
  layout = sample_layout();
  layout.runs[1].glyph_count = 4;
  expect_error([&] { (void)layout_to_json(layout); }, ErrorCode::InvalidArgument,
               "glyphs [2, +4) of 5");
  detail::GlyphCache cache;
  expect_error([&] { (void)detail::render_layout(layout, {}, cache); }, ErrorCode::InvalidArgument,
               "glyphs");
}

TEST(SerializeTest, TextListsLinesRunsAndGlyphs) {
  const std::string text = "\xd8\xa8\xd8\xb3\xd9\x85 ab";  // 3 Arabic letters, space, "ab"
  const std::string listing = layout_to_text(sample_layout(), text);
  const std::string expected =
      "line 0 [0,9) paragraph 0 level 1 x=10.25 baseline=30 width=90.13 ascent=30 descent=10\n"
      "  run 0 [6,9) level 2 ltr NotoSans-Regular.ttf 32px \" ab\"\n"
      "  run 1 [0,6) level 1 rtl NotoNaskhArabic-Regular.ttf 32px "
      "\"\xd8\xa8\xd8\xb3\xd9\x85\"\n"
      "  [20=6+12|21=7+12] [7=4+20|8=2@2,-5+0|9=0+0]\n";
  EXPECT_EQ(listing, expected);
}

TEST(SerializeTest, TextEscapesControlsAndClipsRanges) {
  Layout layout = sample_layout();
  const std::string listing = layout_to_text(layout, std::string("a\n\"\xff", 4));
  EXPECT_NE(listing.find("32px \"\"\n"), std::string::npos) << listing;  // range past the end
  EXPECT_NE(listing.find("32px \"a\\n\\\"\\xFF\"\n"), std::string::npos) << listing;
}

}  // namespace
}  // namespace satr
