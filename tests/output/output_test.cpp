// The output folder: the format rule, and PNG encoding that keeps every pixel whatever
// colour type it picks.
#include <gtest/gtest.h>
#include <png.h>

#include <csetjmp>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "output/png_pixels.hpp"
#include "satr/error.hpp"
#include "satr/output.hpp"
#include "satr/render.hpp"
#include "test_support.hpp"

namespace satr {
namespace {

TEST(OutputFormat, TheExtensionDecidesAndMustAgree) {
  EXPECT_EQ(output_format_for("a.png"), OutputFormat::Png);
  EXPECT_EQ(output_format_for("dir.v2/a.SVG"), OutputFormat::Svg);
  EXPECT_EQ(output_format_for("a.pdf", OutputFormat::Pdf), OutputFormat::Pdf);
  EXPECT_EQ(output_format_for("a.json"), OutputFormat::Json);
  EXPECT_EQ(output_format_for("a.txt"), OutputFormat::Text);
  EXPECT_EQ(output_format_for("a.text"), OutputFormat::Text);
  EXPECT_EQ(output_format_for("/dev/null"), OutputFormat::Png);
  EXPECT_EQ(output_format_for("/dev/stdout", OutputFormat::Json), OutputFormat::Json);
  EXPECT_EQ(output_format_for(".hidden"), OutputFormat::Png);  // No extension: a dot file.
  for (const auto& [path, requested] :
       std::vector<std::pair<std::string, std::optional<OutputFormat>>>{
           {"a.pdf", OutputFormat::Png}, {"a.png", OutputFormat::Svg}, {"a.bin", std::nullopt},
           {"a.jpeg", OutputFormat::Png}, {"a.", std::nullopt}}) {
    try {
      (void)output_format_for(path, requested);
      ADD_FAILURE() << path << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << path;
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
  }
  for (const OutputFormat f : {OutputFormat::Png, OutputFormat::Svg, OutputFormat::Pdf,
                               OutputFormat::Json, OutputFormat::Text}) {
    EXPECT_EQ(output_format_named(output_format_name(f)), f);
  }
  EXPECT_EQ(output_format_named("jpeg"), std::nullopt);
}

// Decodes a PNG with libpng into 8-bit RGBA, whatever its colour type.
struct Decoded {
  int width = 0, height = 0, colour_type = -1;
  std::vector<uint8_t> rgba;
};

Decoded decode(const std::vector<uint8_t>& png) {
  Decoded out;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, png.data(), png.size())) return out;
  out.colour_type = (image.format & PNG_FORMAT_FLAG_COLORMAP) ? PNG_COLOR_TYPE_PALETTE
                    : (image.format & PNG_FORMAT_FLAG_COLOR)
                        ? ((image.format & PNG_FORMAT_FLAG_ALPHA) ? PNG_COLOR_TYPE_RGBA
                                                                  : PNG_COLOR_TYPE_RGB)
                        : PNG_COLOR_TYPE_GRAY;
  image.format = PNG_FORMAT_RGBA;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgba.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr)) out.rgba.clear();
  return out;
}

Image picture_of(int width, int height, const std::vector<Color>& colours) {
  Image image(width, height, colours[0]);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const Color c = colours[static_cast<std::size_t>(x * 7 + y * 3) % colours.size()];
      uint8_t* p = &image.pixels()[(static_cast<std::size_t>(y) * width + x) * 4];
      p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = c.a;
    }
  }
  return image;
}

TEST(PngEncoding, PicksTheSmallestTypeAndKeepsEveryPixel) {
  std::vector<Color> grays, few, opaque_many, translucent_many;
  for (int i = 0; i < 200; ++i) grays.push_back({uint8_t(i), uint8_t(i), uint8_t(i), 255});
  for (int i = 0; i < 256; ++i) few.push_back({uint8_t(i), uint8_t(255 - i), 40, uint8_t(i)});
  for (int i = 0; i < 600; ++i) opaque_many.push_back({uint8_t(i), uint8_t(i / 3), 7, 255});
  for (int i = 0; i < 600; ++i) {
    translucent_many.push_back({uint8_t(i), uint8_t(i / 3), 7, uint8_t(i % 251)});
  }
  const struct {
    const char* name;
    std::vector<Color> colours;
    detail::PngColourType type;
  } cases[] = {
      {"gray", grays, detail::PngColourType::Gray},
      {"256 colours", few, detail::PngColourType::Palette},
      {"opaque", opaque_many, detail::PngColourType::Rgb},
      {"translucent", translucent_many, detail::PngColourType::Rgba},
  };
  for (const auto& c : cases) {
    const Image image = picture_of(61, 37, c.colours);
    const detail::PngPixels pixels(image.pixels().data(), 61, 37);
    EXPECT_EQ(pixels.type(), c.type) << c.name;
    const Decoded decoded = decode(image.encode_png());
    ASSERT_EQ(decoded.width, 61) << c.name;
    EXPECT_EQ(decoded.rgba, image.pixels()) << c.name;
  }
  // 257 colours: one more than a palette holds.
  std::vector<Color> too_many = few;
  too_many.push_back({1, 2, 3, 4});
  const Image image = picture_of(61, 37, too_many);
  EXPECT_EQ(detail::PngPixels(image.pixels().data(), 61, 37).type(),
            detail::PngColourType::Rgba);
  EXPECT_EQ(decode(image.encode_png()).rgba, image.pixels());
}

TEST(PngEncoding, ARenderingGoesStraightFromCoverageWithTheSamePixels) {
  const Layout layout = layout_text("السلام عليكم 2024", testing::bundled(), ParagraphStyle{});
  for (const RenderOptions& options :
       {RenderOptions{}, RenderOptions{{200, 0, 0, 255}, {255, 255, 224, 255}, 8},
        RenderOptions{{0, 0, 0, 255}, {0, 0, 0, 0}, 4},
        RenderOptions{{30, 30, 30, 128}, {250, 250, 250, 255}, 0, 2.0f}}) {
    const Image image = render(layout, options);
    const std::string png = encode_layout(layout, "", OutputFormat::Png, options);
    const Decoded decoded = decode(std::vector<uint8_t>(png.begin(), png.end()));
    ASSERT_EQ(decoded.width, image.width());
    EXPECT_EQ(decoded.rgba, image.pixels());
  }
}

TEST(PngEncoding, RecordsTheDensity) {
  const Image image(3, 2, Color{255, 255, 255, 255});
  const std::vector<uint8_t> png = image.encode_png(300);
  const std::string bytes(png.begin(), png.end());
  const std::size_t at = bytes.find("pHYs");
  ASSERT_NE(at, std::string::npos);
  const auto be32 = [&](std::size_t i) {
    return (uint32_t(png[i]) << 24) | (uint32_t(png[i + 1]) << 16) | (uint32_t(png[i + 2]) << 8) |
           png[i + 3];
  };
  EXPECT_EQ(be32(at + 4), 11811u);  // 300 / 0.0254, rounded
  EXPECT_EQ(png[at + 12], 1);       // per metre
  const std::vector<uint8_t> plain = image.encode_png();
  EXPECT_EQ(std::string(plain.begin(), plain.end()).find("pHYs"), std::string::npos);
}

}  // namespace
}  // namespace satr
