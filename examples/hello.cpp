// Lays out a mixed Arabic/English paragraph, prints its lines and runs, and renders a PNG.
#include <satr/satr.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  const char* output = argc > 1 ? argv[1] : "hello.png";
  try {
    const satr::FontCollection fonts = satr::FontCollection::bundled();
    satr::ParagraphStyle style;
    style.font_size = 32;  // px
    style.width = 600;     // wrap width in px; 0 = no wrapping
    style.align = satr::Align::Start;
    const satr::Layout layout =
        satr::layout_text("محادثات أستانا في 12 و13 يونيو (with English words)", fonts, style);
    for (const satr::Line& line : layout.lines) {
      std::printf("line [%u, %u) baseline %.1f\n", line.range.start, line.range.end, line.baseline);
      for (const satr::Run& run : layout.runs_of(line))  // visual order, left to right
        std::printf("  run level %u, %zu glyphs, %s\n", run.level, layout.glyphs_of(run).size(),
                    run.font.file_name().c_str());
    }
    satr::render(layout, satr::RenderOptions{}).write_png(output);
    std::printf("wrote %s\n", output);
  } catch (const satr::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  return 0;
}
