// satr — a Layout as JSON or as a readable listing, and safe file output.
#pragma once

#include <string>
#include <string_view>

#include "satr/layout.hpp"

namespace satr {

/// The layout as one JSON object:
///
///     {"width": px, "height": px, "paragraphs": [...], "lines": [{"start": byte,
///      "end": byte, "paragraph": int, "x": px, "baseline": px, "width": px, "ascent": px,
///      "descent": px, "top": px, "height": px, "runs": [{"start": byte, "end": byte,
///      "level": int, "direction": "rtl"|"ltr", "font": "<file name>", "size": px,
///      "glyphs": [{"id": int, "cluster": byte, "x": px, "y": px, "advance": px}]}]}]}
///
/// `offset_x` and `offset_y` (the render margin) are added to every x, y, top and baseline,
/// and the top-level width and height are those of the image render() would produce:
/// ceil(layout size + 2 × offset). Lines and runs are in visual order, top to bottom and
/// left to right; byte offsets index the text given to layout_text. Numbers have at most
/// two decimals. The result is valid UTF-8 JSON whatever the font file names contain.
/// Throws Error(InvalidArgument) if the layout's run or glyph index ranges are out of
/// bounds (possible only in a hand-built Layout).
[[nodiscard]] std::string layout_to_json(const Layout& layout, float offset_x = 0.0f,
                                         float offset_y = 0.0f);

/// A readable listing of the layout, for debugging and for test expectations: a header per
/// line (byte range, paragraph, base level, position, metrics), then one row per run (byte
/// range, bidi level, font, size, the run's text) with its glyphs in HarfBuzz's `hb-shape`
/// notation, `[gid=cluster@dx,dy+advance|...]` in visual order, where dx, dy are the
/// glyph's offsets from the pen position and are omitted when zero. `text` is the text the
/// layout was made from; bytes outside it are not shown. Throws like layout_to_json.
[[nodiscard]] std::string layout_to_text(const Layout& layout, std::string_view text);

/// Writes `bytes` to `path` through a temporary file in the same folder that is renamed
/// into place, so a failure never leaves a partial or truncated file behind. A path naming
/// an existing device or pipe (not a regular file) is written directly. Throws Error(Io)
/// naming the path and the system's reason.
void write_file(const std::string& path, std::string_view bytes);

}  // namespace satr
