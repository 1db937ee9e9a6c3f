// Fuzz target for font bytes: whatever a downloaded font file holds goes through loading,
// layout (unwrapped, wrapped, justified with kashida, total-fit, truncated), rendering and
// carets. A font may be refused with Error (FontInvalid, LimitExceeded for an image past
// the limit); anything else, a crash, a hang or a sanitizer report, is a finding.
//
// Input: byte 0 chooses the scenario (bits 0-2) and the size (bits 3-5); the rest is the
// font file. tests/fuzz/make_font_seeds.py writes the seeds from real fonts.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "satr/caret.hpp"
#include "satr/error.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "satr/render.hpp"

namespace {

#define FONT_CHECK(cond, a, b) SATR_FUZZ_CHECK("font_fuzzer", cond, a, b)

// Arabic letters in all four forms, lam-alef, marks, tatweel, Latin, digits, a direction
// change and a paragraph break: what a font's cmap, GSUB and GPOS are asked about.
const std::string kText =
    "بسم الله الرحمن الرحيم، إرجاء محادثات أستانا ١٥/٠٣ في 2017 "
    "عَرَبِيّ ــ لا Hello world fi 42\nسطر ثانٍ";

constexpr float kSizes[] = {16, 1, 4, 32, 0.5f, 64, 200, 11};

void check(const satr::Layout& layout) {
  FONT_CHECK(std::isfinite(layout.width) && layout.width >= 0, 0, 0);
  FONT_CHECK(std::isfinite(layout.height) && layout.height >= 0, 0, 0);
  for (const satr::Line& line : layout.lines) {
    FONT_CHECK(std::isfinite(line.width), line.range.start, line.range.end);
    for (const satr::Run& run : layout.runs_of(line)) {
      for (const satr::Glyph& g : layout.glyphs_of(run)) {
        FONT_CHECK(std::isfinite(g.x) && std::isfinite(g.y) && std::isfinite(g.advance), g.id,
                   g.cluster);
        FONT_CHECK(g.cluster < kText.size(), g.cluster, kText.size());
      }
    }
  }
}

void exercise(const satr::FontCollection& fonts, unsigned scenario, float size) {
  satr::ParagraphStyle style;
  style.font_size = size;
  switch (scenario) {
    case 0: break;
    case 1: style.width = 120; break;
    case 2:
      style.width = 150;
      style.align = satr::Align::Justify;
      style.justify = satr::Justify::Kashida;
      break;
    case 3:
      style.width = 150;
      style.breaker = satr::Breaker::Optimal;
      style.align = satr::Align::Justify;
      break;
    case 4:
      style.width = 100;
      style.max_lines = 2;
      break;
    case 5: style.direction = satr::Direction::RightToLeft; break;
    case 6: style.features = "-liga,+ss01,kern=0"; break;
    default: style.width = 3; break;  // Every grapheme on a line of its own.
  }
  const satr::Layout layout = satr::layout_text(kText, fonts, style);
  check(layout);
  for (uint32_t offset = 0; offset <= kText.size(); ++offset) {
    if (offset < kText.size() && (static_cast<unsigned char>(kText[offset]) & 0xC0) == 0x80) {
      continue;
    }
    const satr::Caret c = satr::caret(layout, kText, offset);
    FONT_CHECK(std::isfinite(c.primary.x), offset, 0);
    const uint32_t moved = satr::move_visually(layout, kText, offset, 1);
    FONT_CHECK(moved <= kText.size(), moved, offset);
    (void)satr::hit_test(layout, kText, c.primary.x, c.primary.top);
  }
  satr::RenderOptions options;
  options.margin = 2;
  try {
    const satr::Image image = satr::render(layout, options);
    FONT_CHECK(image.width() > 0 && image.height() > 0, image.width(), image.height());
  } catch (const satr::Error& e) {
    // An image past the limit, or a font whose glyphs FreeType cannot draw at this size
    // (a bitmap-only colour font today), is a clear refusal.
    FONT_CHECK(e.code() == satr::ErrorCode::LimitExceeded ||
                   e.code() == satr::ErrorCode::FontInvalid,
               static_cast<int>(e.code()), 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const unsigned scenario = data[0] & 7;
  const float font_size = kSizes[(data[0] >> 3) & 7];
  std::vector<uint8_t> bytes(data + 1, data + size);
  try {
    const satr::Font font = satr::Font::from_memory(std::move(bytes), "fuzz");
    exercise(satr::FontCollection({font}), scenario, font_size);
  } catch (const satr::Error& e) {
    // Refusing a font, or an image past the limit, is a correct answer; a code that says
    // the caller's text or an internal failure is not, for a fixed valid text.
    const satr::ErrorCode code = e.code();
    FONT_CHECK(code == satr::ErrorCode::FontInvalid || code == satr::ErrorCode::LimitExceeded,
               static_cast<int>(code), 0);
  }
  return 0;
}
