// Bounds-checked walking of a Layout's flat line → run → glyph arrays.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "satr/error.hpp"
#include "satr/layout.hpp"

namespace satr::detail {

/// The runs of `line`. A Layout may be built by hand, so its index ranges are checked
/// rather than trusted: Error(InvalidArgument) if they reach past Layout::runs.
inline std::span<const Run> checked_runs(const Layout& layout, const Line& line) {
  if (uint64_t{line.run_start} + line.run_count > layout.runs.size()) {
    throw Error(ErrorCode::InvalidArgument,
                "layout line refers to runs [" + std::to_string(line.run_start) + ", +" +
                    std::to_string(line.run_count) + ") of " + std::to_string(layout.runs.size()));
  }
  return layout.runs_of(line);
}

/// The glyphs of `run`; Error(InvalidArgument) if they reach past Layout::glyphs.
inline std::span<const Glyph> checked_glyphs(const Layout& layout, const Run& run) {
  if (uint64_t{run.glyph_start} + run.glyph_count > layout.glyphs.size()) {
    throw Error(ErrorCode::InvalidArgument, "layout run refers to glyphs [" +
                                                std::to_string(run.glyph_start) + ", +" +
                                                std::to_string(run.glyph_count) + ") of " +
                                                std::to_string(layout.glyphs.size()));
  }
  return layout.glyphs_of(run);
}

}  // namespace satr::detail
