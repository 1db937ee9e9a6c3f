// Letter and word spacing (CSS letter-spacing and word-spacing), added to the advances of
// shaped glyphs, so that line breaking, line building and justification all measure the
// spaced text.
#pragma once

#include <hb.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "shape/shaper.hpp"
#include "style/resolved_style.hpp"

namespace satr::detail {

/// False for the cursive (joining) scripts, where space between letters would break the
/// joins: Arabic, Syriac, N'Ko, Mongolian, Mandaic, Manichaean, Psalter Pahlavi, Phags-pa,
/// Adlam, Hanifi Rohingya, Sogdian.
bool takes_letter_spacing(hb_script_t script);

/// The features to shape an item of `script` in `style` with: the style's own, or with the
/// optional ligatures off where letter spacing applies. Sets `hash` to their cache key.
std::span<const hb_feature_t> shaping_features(const ShapingStyle& style, hb_script_t script,
                                               uint64_t& hash);

/// Adds `style`'s spacing to `glyphs`, the logical-order glyphs of text[...] in one item of
/// `script` (right to left when `rtl`) whose font has `scale` px per font unit: letter
/// spacing after each cluster, word spacing after each cluster that starts with a word
/// separator. The space goes on the cluster's last glyph as drawn, so its marks stay on
/// their base. Negative spacing takes a cluster's advance down to 0 at most. Font units
/// are whole: the px are rounded to the nearest unit.
void apply_spacing(std::u16string_view text, const ShapingStyle& style, hb_script_t script,
                   bool rtl, float scale, std::span<ShapedGlyph> glyphs);

}  // namespace satr::detail
