// Fuzz target for the styled-span readers of `shape`, which take what a server's users
// write: the --spans JSON reader and the --markup parser, then layout and rendering of
// what they accept. A reader may refuse its input with InputError or Error; a crash, a
// hang, a sanitizer report or an accepted span outside the text is a finding.
//
// Input: byte 0 bit 0 chooses markup (1) or JSON (0), bits 1-2 the wrap width, bit 3
// rendering. For markup the rest is the markup. For JSON the rest is the text, a NUL byte,
// then the spans file (no NUL: the whole rest is the spans file over a fixed text).
// tests/fuzz/make_spans_seeds.py writes the seeds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cli/spans.hpp"
#include "fuzz_check.hpp"
#include "satr/context.hpp"
#include "satr/error.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "satr/render.hpp"

namespace {

#define SPANS_CHECK(cond, a, b) SATR_FUZZ_CHECK("spans_fuzzer", cond, a, b)

constexpr std::string_view kFixedText = "إرجاء محادثات أستانا بمشاركة Russia في 2017";
constexpr float kWidths[] = {0, 300, 80, 1};

const satr::FontCollection& bundled() {
  static const satr::FontCollection fonts = satr::FontCollection::bundled();
  return fonts;
}

satr::Context& shared_context() {
  static satr::Context context;
  return context;
}

void lay_out(std::string_view text, const std::vector<satr::StyledSpan>& spans, float width,
             bool render) {
  for (const satr::StyledSpan& span : spans) {
    SPANS_CHECK(span.range.start <= span.range.end, span.range.start, span.range.end);
    SPANS_CHECK(span.range.end <= text.size(), span.range.end, text.size());
  }
  satr::ParagraphStyle style;
  style.width = width;
  style.align = satr::Align::Justify;
  style.justify = satr::Justify::Kashida;
  const satr::Layout layout = satr::layout_text(text, bundled(), style, spans, &shared_context());
  satr::RenderOptions options;
  options.margin = 1;
  if (render &&
      satr::fuzz::image_pixels(layout, options.margin) <= satr::fuzz::kLargestFuzzedImage) {
    (void)satr::render(layout, options, &shared_context());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool markup = data[0] & 1;
  const float width = kWidths[(data[0] >> 1) & 3];
  const bool render = data[0] & 8;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    satr::cli::SpanValues values(bundled(), shared_context());
    if (markup) {
      const satr::cli::MarkedUpText parsed =
          satr::cli::parse_markup(input, "fuzz", /*strict_utf8=*/false, values);
      lay_out(parsed.text, parsed.spans, width, render);
    } else {
      const std::size_t nul = input.find('\0');
      const std::string_view text =
          nul == std::string_view::npos ? kFixedText : input.substr(0, nul);
      const std::string_view json = nul == std::string_view::npos ? input : input.substr(nul + 1);
      const std::vector<satr::StyledSpan> spans =
          satr::cli::parse_spans_file(json, "fuzz", text, values);
      lay_out(text, spans, width, render);
    }
  } catch (const satr::cli::InputError&) {
  } catch (const satr::Error&) {
  }
  return 0;
}
