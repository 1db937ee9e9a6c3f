// Command-line parsing for `shape`. Hand-written rather than getopt_long so that every
// problem becomes one UsageError whose message names the option, in our own words.
#include "cli/options.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "cli/spans.hpp"
#include "cli/utf8.hpp"
#include "satr/error.hpp"

namespace satr::cli {
namespace {

struct OptionSpec {
  std::string_view long_name;  // without the leading "--"
  char short_name;             // 0 if none
  bool takes_value;
};

constexpr OptionSpec kOptions[] = {
    {"output", 'o', true},     {"text-file", 0, true}, {"font", 0, true},
    {"font-size", 0, true},    {"features", 0, true},  {"language", 0, true},
    {"direction", 0, true},    {"width", 0, true},     {"align", 0, true},
    {"line-height", 0, true},  {"margin", 0, true},    {"fg", 0, true},
    {"bg", 0, true},           {"format", 0, true},    {"strict-utf8", 0, false},
    {"help", 'h', false},      {"version", 0, false},  {"justify", 0, true},
    {"breaker", 0, true},      {"digits", 0, true},    {"max-lines", 0, true},
    {"ellipsis", 0, true},     {"spans", 0, true},     {"markup", 0, false},
    {"dpi", 0, true},          {"scale", 0, true},     {"letter-spacing", 0, true},
    {"word-spacing", 0, true},
};

/// A value shown in a message: quoted, cut short, control characters replaced, so that
/// the message stays on one line whatever was typed.
std::string shown(std::string_view value) {
  std::string out = "'";
  for (char c : value.substr(0, 60)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  if (value.size() > 60) out += "...";
  return out + "'";
}

float parse_number(std::string_view option, std::string_view value) {
  float number = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, number);
  if (ec == std::errc::result_out_of_range && ptr == end) {
    throw UsageError("--" + std::string(option) + ": " + shown(value) + " is out of range");
  }
  if (value.empty() || ec != std::errc() || ptr != end || !std::isfinite(number)) {
    throw UsageError("--" + std::string(option) + ": " + shown(value) + " is not a number");
  }
  return number;
}

/// A count: decimal digits only, so that "-1", "2.5" and "3x" are refused rather than
/// wrapped or truncated.
uint32_t parse_count(std::string_view option, std::string_view value) {
  uint32_t count = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, count);
  const bool digits_only =
      !value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits_only && ec == std::errc::result_out_of_range) {
    throw UsageError("--" + std::string(option) + ": " + shown(value) + " is out of range");
  }
  if (!digits_only || ec != std::errc() || ptr != end) {
    throw UsageError("--" + std::string(option) + ": " + shown(value) +
                     " is not a whole number >= 0");
  }
  return count;
}

std::string format_number(float value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

template <typename T, std::size_t N>
T parse_choice(std::string_view option, std::string_view value,
               const std::pair<std::string_view, T> (&choices)[N]) {
  std::string names;
  for (const auto& [name, result] : choices) {
    if (value == name) return result;
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  throw UsageError("--" + std::string(option) + ": " + shown(value) + " is not one of " + names);
}

Color parse_color(std::string_view option, std::string_view value) {
  try {
    return parse_color_value(value);
  } catch (const Error& e) {
    throw UsageError("--" + std::string(option) + ": " + e.what());
  }
}

/// BCP 47 tags are ASCII letters, digits and hyphens; anything else is surely a typo.
void check_language(std::string_view value) {
  const bool ok = !value.empty() && value.size() <= 35 && value.front() != '-' &&
                  value.find_first_not_of(
                      "abcdefghijklmnopqrstuvwxyz"
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == std::string_view::npos;
  if (!ok) throw UsageError("--language: " + shown(value) + " is not a BCP 47 language tag");
}

void apply(Options& options, std::string_view name, std::string_view value) {
  if (name == "output") {
    if (value.empty()) throw UsageError("--output: the file name is empty");
    options.output = std::string(value);
  } else if (name == "text-file") {
    if (value.empty()) throw UsageError("--text-file: the file name is empty");
    options.text_file = std::string(value);
  } else if (name == "font") {
    if (value.empty()) throw UsageError("--font: the file name is empty");
    options.fonts.emplace_back(value);
  } else if (name == "font-size") {
    const float size = parse_number(name, value);
    if (!(size > 0)) throw UsageError("--font-size: " + shown(value) + " is not a positive size");
    if (size < kMinFontSize) {
      throw UsageError("--font-size: " + shown(value) + " is below the smallest size, 1/64 px");
    }
    if (size > kMaxFontSize) {
      throw UsageError("--font-size: " + format_number(size) + " px exceeds the limit of " +
                       format_number(kMaxFontSize) + " px");
    }
    options.style.font_size = size;
  } else if (name == "features") {
    options.style.features = std::string(value);
    options.features_given = true;
  } else if (name == "language") {
    check_language(value);
    options.style.language = std::string(value);
  } else if (name == "direction") {
    static constexpr std::pair<std::string_view, Direction> kChoices[] = {
        {"auto", Direction::Auto},
        {"rtl", Direction::RightToLeft},
        {"ltr", Direction::LeftToRight}};
    options.style.direction = parse_choice(name, value, kChoices);
  } else if (name == "width") {
    const float width = parse_number(name, value);
    if (width < 0) throw UsageError("--width: " + shown(value) + " is negative");
    options.style.width = width;
  } else if (name == "align") {
    static constexpr std::pair<std::string_view, Align> kChoices[] = {
        {"start", Align::Start}, {"end", Align::End},       {"left", Align::Left},
        {"right", Align::Right}, {"center", Align::Center}, {"justify", Align::Justify}};
    options.style.align = parse_choice(name, value, kChoices);
  } else if (name == "justify") {
    static constexpr std::pair<std::string_view, Justify> kChoices[] = {
        {"auto", Justify::Auto}, {"kashida", Justify::Kashida}, {"spaces", Justify::Spaces}};
    options.style.justify = parse_choice(name, value, kChoices);
  } else if (name == "breaker") {
    static constexpr std::pair<std::string_view, Breaker> kChoices[] = {
        {"greedy", Breaker::Greedy}, {"optimal", Breaker::Optimal}};
    options.style.breaker = parse_choice(name, value, kChoices);
  } else if (name == "digits") {
    static constexpr std::pair<std::string_view, Digits> kChoices[] = {
        {"latin", Digits::Latin}, {"arabic", Digits::ArabicIndic}, {"persian", Digits::Persian}};
    options.style.digits = parse_choice(name, value, kChoices);
  } else if (name == "max-lines") {
    options.style.max_lines = parse_count(name, value);
  } else if (name == "ellipsis") {
    options.style.ellipsis = std::string(value);
    options.ellipsis_given = true;
  } else if (name == "spans") {
    if (value.empty()) throw UsageError("--spans: the file name is empty");
    options.spans_file = std::string(value);
  } else if (name == "markup") {
    options.markup = true;
  } else if (name == "letter-spacing") {
    options.style.letter_spacing = parse_number(name, value);
    options.spacing_given = true;
  } else if (name == "word-spacing") {
    options.style.word_spacing = parse_number(name, value);
    options.spacing_given = true;
  } else if (name == "line-height") {
    const float factor = parse_number(name, value);
    if (!(factor > 0)) throw UsageError("--line-height: " + shown(value) + " is not positive");
    options.style.line_height = factor;
    options.line_height_given = true;
  } else if (name == "margin") {
    const float margin = parse_number(name, value);
    if (margin < 0) throw UsageError("--margin: " + shown(value) + " is negative");
    options.render.margin = margin;
  } else if (name == "fg") {
    options.render.foreground = parse_color(name, value);
  } else if (name == "bg") {
    options.render.background = parse_color(name, value);
  } else if (name == "format") {
    static constexpr std::pair<std::string_view, OutputFormat> kChoices[] = {
        {"png", OutputFormat::Png},
        {"svg", OutputFormat::Svg},
        {"pdf", OutputFormat::Pdf},
        {"json", OutputFormat::Json},
        {"text", OutputFormat::Text}};
    options.format = parse_choice(name, value, kChoices);
  } else if (name == "dpi") {
    const float dpi = parse_number(name, value);
    if (!(dpi > 0) || dpi > 10000) {
      throw UsageError("--dpi: " + shown(value) + " is not in (0, 10000]");
    }
    options.dpi = dpi;
  } else if (name == "scale") {
    const float scale = parse_number(name, value);
    if (!(scale > 0) || scale > kMaxRenderScale) {
      throw UsageError("--scale: " + shown(value) + " is not in (0, " +
                       format_number(kMaxRenderScale) + "]");
    }
    options.render.scale = scale;
  } else if (name == "strict-utf8") {
    options.style.strict_utf8 = true;
  } else if (name == "help") {
    options.help = true;
  } else if (name == "version") {
    options.version = true;
  }
}

const OptionSpec* find_long(std::string_view name) {
  for (const OptionSpec& spec : kOptions) {
    if (spec.long_name == name) return &spec;
  }
  return nullptr;
}

const OptionSpec* find_short(char name) {
  for (const OptionSpec& spec : kOptions) {
    if (spec.short_name != 0 && spec.short_name == name) return &spec;
  }
  return nullptr;
}

}  // namespace

Options parse_options(int argc, const char* const* argv) {
  Options options;
  bool options_ended = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool is_option = !options_ended && arg.size() > 1 && arg[0] == '-';
    if (!is_option) {
      if (options.text) {
        throw UsageError("unexpected argument " + shown(arg) +
                         ": give the text as one argument (quote it)");
      }
      options.text = std::string(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }

    const OptionSpec* spec = nullptr;
    std::string display;  // the option as typed, for messages
    std::optional<std::string_view> inline_value;
    if (arg.starts_with("--")) {
      std::string_view name = arg.substr(2);
      if (const auto eq = name.find('='); eq != std::string_view::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      spec = find_long(name);
      display = "--" + std::string(name);
    } else {
      spec = find_short(arg[1]);
      display = std::string(arg.substr(0, 2));
      if (arg.size() > 2) inline_value = arg.substr(2);  // -oFILE
    }
    if (!spec) throw UsageError("unknown option " + shown(display) + " (see --help)");

    std::string_view value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        throw UsageError("option " + shown(display) + " requires a value");
      }
    } else if (inline_value) {
      throw UsageError("option " + shown(display) + " takes no value");
    }
    apply(options, spec->long_name, value);
  }

  if (options.help || options.version) return options;
  if (options.text && options.text_file) {
    throw UsageError("give either TEXT or --text-file, not both");
  }
  if (options.spans_file && options.text_file && *options.spans_file == "-" &&
      *options.text_file == "-") {
    throw UsageError("--spans and --text-file cannot both read standard input");
  }
  if (!options.text && !options.text_file) {
    throw UsageError("no text: give TEXT or --text-file FILE (- for standard input); see --help");
  }
  if (options.output) {
    try {
      (void)output_format_for(*options.output, options.format);
    } catch (const Error& e) {
      throw UsageError(std::string("--output: ") + e.what());
    }
  }
  if (options.dpi) {
    // As pango-view: with a density given, sizes are in points.
    const float points = options.style.font_size;
    options.style.font_size = points * *options.dpi / 72.0f;
    options.render.dpi = *options.dpi;
    if (!(options.style.font_size >= kMinFontSize)) {
      throw UsageError("--dpi: " + format_number(points) + " pt at " + format_number(*options.dpi) +
                       " dpi is " + format_number(options.style.font_size) +
                       " px, below the smallest font size, 1/64 px");
    }
    if (options.style.font_size > kMaxFontSize) {
      throw UsageError("--font-size: " + format_number(options.style.font_size) +
                       " px at --dpi exceeds the limit of " + format_number(kMaxFontSize) + " px");
    }
  }
  return options;
}

std::string usage_text() {
  return R"(Usage: shape [OPTIONS] [TEXT]
Lays out UTF-8 text (Arabic, bidirectional, mixed) and writes it as PNG, JSON or text.

Input:
  TEXT                    the text to lay out
      --text-file FILE    read the text from FILE; "-" reads standard input
      --strict-utf8       fail on invalid UTF-8, naming its byte offset
                          (by default invalid bytes show as U+FFFD)
      --markup            the text holds <span> markup, stripped before layout:
                            <span color="#c00" size="40" font="FILE"
                                  features="liga=0" letter_spacing="2"
                                  word_spacing="4">text</span>
                          spans nest, every attribute is optional; write &lt; &gt;
                          &amp; &quot; (or &#N; &#xH;) for those characters
      --spans FILE        styled spans from a JSON file ("-": standard input):
                            [{"start": 0, "end": 8, "color": "#rrggbb",
                              "font-size": 40, "font": "a.ttf" or ["a.ttf", ...],
                              "features": "liga=0", "letter-spacing": 2,
                              "word-spacing": 4}, ...]
                          start and end (required) are byte offsets into the text
                          as laid out, i.e. after --markup is stripped; later
                          spans override earlier ones, and --spans comes after
                          --markup. A span's fonts are followed by the paragraph's
                          fonts as fallback; relative font paths are relative to
                          the current folder. At most 32767 spans in all.
Fonts:
      --font FILE         a font file; repeat for a fallback chain, first font first
                          (default: the bundled Noto Naskh Arabic, then Noto Sans)
      --font-size PX      pixels per em, at most 2048 (default 32)
      --features LIST     OpenType features, e.g. "liga=0,+ss01"
      --language TAG      BCP 47 language, e.g. ar, fa, ur
      --digits SHAPES     latin (0123), arabic (U+0660 ...) or persian (U+06F0 ...):
                          the shapes ASCII digits are drawn with (default latin)
Layout:
      --direction DIR     auto, rtl or ltr (default auto: from the first strong letter)
      --width PX          wrap lines at PX pixels (default 0: no wrapping)
      --align ALIGN       start, end, left, right, center or justify (default start);
                          justify stretches wrapped lines to --width and leaves
                          the last line of each paragraph at the start
      --justify METHOD    how justify stretches a line: kashida (tatweel in Arabic
                          words, spaces where there is no place for one), spaces,
                          or auto (kashida first, then spaces; the default)
      --breaker KIND      greedy (each line as full as it can be; the default) or
                          optimal (least total squared slack over the paragraph)
      --line-height F     line height factor (default 1)
      --letter-spacing PX px after each letter (CSS letter-spacing; may be
                          negative); not in Arabic and other joining scripts
      --word-spacing PX   px added to each space (CSS word-spacing), before
                          justification
      --max-lines N       keep at most N lines, ending the last with the ellipsis
                          (default 0: no limit)
      --ellipsis TEXT     what marks cut text (default "…", U+2026)
Output:
  -o, --output FILE       write to FILE (replaced only once complete); without it,
                          output goes to standard output, which must not be a
                          terminal for PNG or PDF
      --format FORMAT     png, svg, pdf, json or text; by default the one FILE's
                          extension names (.png .svg .pdf .json .txt), else png. An
                          extension that disagrees with --format, or an unknown one,
                          is a usage error
      --scale F           image pixels per layout pixel, e.g. 2 for a screen of
                          twice the density (default 1; at most 16); PNG, SVG and
                          PDF (JSON and text stay in layout pixels)
      --dpi N             pixel density: --font-size is then in points (as
                          pango-view), the PNG records it and PDF pages take their
                          physical size from it
      --margin PX         space around the text in the image (default 16)
      --fg COLOR          text colour (default black)
      --bg COLOR          background colour (default white)
                          COLOR: #rrggbb, #rrggbbaa, #rgb, #rgba, black, white or
                          transparent
  -h, --help              show this help and exit
      --version           show the version and exit

Exit status: 0 on success, 1 for a usage error (unknown option, bad value, missing
argument), 2 when the input (text, markup, spans file), a font or the output fails.
)";
}

}  // namespace satr::cli
