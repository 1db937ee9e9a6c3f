// satr — the limits that bound the work on hostile input. Each is enforced in one place,
// before the work or allocation it bounds; past it, satr throws Error(LimitExceeded).
#pragma once

#include <cstddef>
#include <cstdint>

namespace satr {

inline constexpr std::size_t kMaxTextBytes = 64u << 20;  ///< UTF-8 bytes of one layout's text.
inline constexpr float kMaxFontSize = 2048.0f;           ///< px per em, of the text or a span.
/// The smallest font size, px per em: FreeType's 1/64 px step. Below it nothing can be drawn,
/// and a size near zero makes every length (a tatweel, a space) near zero too.
inline constexpr float kMinFontSize = 1.0f / 64;
inline constexpr std::size_t kMaxSpans = 65535 / 2;      ///< Styled spans of one layout.
/// px of letter or word spacing, either sign, of the text or a span: past a line's worth
/// of spacing per character a layout means nothing, and float positions lose their pixels.
inline constexpr float kMaxSpacing = 1024.0f;
inline constexpr int kMaxImageDimension = 16384;         ///< px, either side of an image.
/// Pixels of one image: 64 Mpx, 256 MiB of RGBA (8192 × 8192, or 16384 × 4096).
inline constexpr std::size_t kMaxImagePixels = std::size_t{1} << 26;
/// Pixels of one glyph's bitmap rasterized whole and cached for reuse anywhere in an image.
/// A larger glyph (a hostile outline, a huge size) is rasterized only where it falls inside
/// the image being drawn, so its cost is bounded by the image, not by the outline.
inline constexpr std::size_t kMaxGlyphBitmapPixels = std::size_t{1} << 22;

/// Tatweels that kashida justification inserts at one site, and in one line. Justify::Auto
/// keeps to three a word for looks; Justify::Kashida fills the line as asked, up to these
/// caps (a single word in a 150 px column takes about 20). Past them the rest of the gap goes
/// to the line's spaces, or, on a line without any, is left unfilled: without the caps a tiny
/// tatweel (a 1-unit glyph, a 1/64 px span) would multiply a line's glyphs by the thousand.
inline constexpr uint32_t kMaxTatweelsPerSite = 32;
inline constexpr uint32_t kMaxTatweelsPerLine = 256;

/// Total-fit line breaking weighs each break opportunity against at most this many earlier
/// ones as the start of its line, so its work is at most this many steps per opportunity
/// (a line of more than 1,024 words is never considered; greedy breaking has no such bound
/// to need).
inline constexpr std::size_t kMaxLineBreakCandidates = 1024;

}  // namespace satr
