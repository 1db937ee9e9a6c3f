// shape: lays out text with satr and writes a PNG, the layout as JSON, or a listing.
//
// A thin composition of the public API: options in, layout_text, then render or
// serialize. Exit status 0 on success, 1 for usage errors, 2 for input, font and output
// errors; every failure prints exactly one line, "shape: <message>", on stderr.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options.hpp"
#include "cli/spans.hpp"
#include "satr/output.hpp"
#include "satr/satr.hpp"
#include "satr/serialize.hpp"

namespace satr::cli {
namespace {

constexpr int kExitUsage = 1;
constexpr int kExitFailure = 2;

/// An input, font or output failure found by the command itself (not by the library).
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Closes a stdio stream on scope exit.
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

/// Reads all of `stream`, refusing more than kMaxTextBytes so that a huge or endless input
/// (a device, a pipe) is bounded.
std::string read_stream(std::FILE* stream, const std::string& label) {
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const std::size_t count = std::fread(buffer, 1, sizeof(buffer), stream);
    text.append(buffer, count);
    if (text.size() > kMaxTextBytes) {
      throw RunError(label + " is larger than the limit of " + std::to_string(kMaxTextBytes) +
                     " bytes");
    }
    if (count < sizeof(buffer)) break;
  }
  if (std::ferror(stream)) throw RunError("cannot read " + label + ": " + std::strerror(errno));
  return text;
}

/// Reads the file at `path` ("-": standard input), setting `label` to its name in messages.
std::string read_named_file(const std::string& path, std::string& label) {
  if (path == "-") {
    label = "standard input";
    return read_stream(stdin, label);
  }
  label = "'" + path + "'";
  errno = 0;
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) throw RunError("cannot read " + label + ": " + std::strerror(errno));
  return read_stream(file.get(), label);
}

std::string read_input(const Options& options, std::string& label) {
  if (options.text) {
    label = "the TEXT argument";
    return *options.text;
  }
  return read_named_file(*options.text_file, label);
}

/// The text to lay out and its styled spans: markup stripped first, then the spans file,
/// whose offsets refer to the stripped text.
struct StyledText {
  std::string text;
  std::vector<StyledSpan> spans;
};

StyledText read_styled_text(const Options& options, const FontCollection& fonts, Context& context,
                            std::string& label) {
  StyledText result;
  result.text = read_input(options, label);
  if (!options.markup && !options.spans_file) return result;
  SpanValues values(fonts, context);
  if (options.markup) {
    MarkedUpText marked = parse_markup(result.text, label, options.style.strict_utf8, values);
    result.text = std::move(marked.text);
    result.spans = std::move(marked.spans);
  }
  if (options.spans_file) {
    std::string spans_label;
    const std::string json = read_named_file(*options.spans_file, spans_label);
    std::vector<StyledSpan> spans = parse_spans_file(json, spans_label, result.text, values);
    result.spans.insert(result.spans.end(), std::make_move_iterator(spans.begin()),
                        std::make_move_iterator(spans.end()));
  }
  // Checked here too, so that the message counts the spans of both sources.
  if (result.spans.size() > kMaxSpans) {
    throw InputError("too many styled spans: " + std::to_string(result.spans.size()) +
                     " (the limit is " + std::to_string(kMaxSpans) + ")");
  }
  return result;
}

FontCollection load_fonts(const Options& options) {
  if (options.fonts.empty()) return FontCollection::bundled();
  FontCollection fonts;
  for (const std::string& path : options.fonts) fonts.add(Font::from_file(path));
  return fonts;
}

/// Asks the library whether the style values it alone knows the limits of are acceptable,
/// one option at a time, so that a bad --features, --line-height or --ellipsis is a usage
/// error naming the option.
void check_style(const Options& options) {
  const auto probe = [&](const char* option, std::string_view field, const ParagraphStyle& style) {
    try {
      validate(style);
    } catch (const Error& e) {
      std::string_view message = e.what();
      // The option names the field already: "letter spacing: x" or "letter spacing x".
      if (message.starts_with(field) && message.substr(field.size()).starts_with(": ")) {
        message.remove_prefix(field.size() + 2);
      } else if (message.starts_with(field) && message.substr(field.size()).starts_with(" ")) {
        message.remove_prefix(field.size() + 1);
      }
      throw UsageError(std::string(option) + ": " + std::string(message));
    }
  };
  if (options.features_given) {
    ParagraphStyle style;
    style.features = options.style.features;
    probe("--features", "features", style);
  }
  if (options.spacing_given) {
    ParagraphStyle style;
    style.letter_spacing = options.style.letter_spacing;
    probe("--letter-spacing", "letter spacing", style);
    style.letter_spacing = 0;
    style.word_spacing = options.style.word_spacing;
    probe("--word-spacing", "word spacing", style);
  }
  if (options.line_height_given) {
    ParagraphStyle style;
    style.line_height = options.style.line_height;
    probe("--line-height", "line_height", style);
  }
  if (options.ellipsis_given) {
    ParagraphStyle style;
    style.ellipsis = options.style.ellipsis;
    style.max_lines = 1;  // The ellipsis is checked only where it is used.
    probe("--ellipsis", "ellipsis", style);
  }
}

void write_stdout(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() ||
      std::fflush(stdout) != 0) {
    throw RunError(std::string("cannot write to standard output: ") + std::strerror(errno));
  }
}

/// Prints "shape: <message>" as exactly one line.
void report(std::string_view message) {
  std::string line = "shape: ";
  for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
  line += '\n';
  std::fputs(line.c_str(), stderr);
}

/// With --justify kashida, says once if some paragraph was stretched without a single
/// tatweel (its font has none satr can draw, or its words allow none), since its lines
/// then took the whole gap at the spaces, which is not what the user asked for.
void warn_if_kashida_fell_back(const Layout& layout, const ParagraphStyle& style) {
  if (style.align != Align::Justify || style.justify != Justify::Kashida) return;
  std::vector<uint32_t> tatweels(layout.paragraphs.size(), 0);
  std::vector<bool> stretched(layout.paragraphs.size(), false);
  for (const Line& line : layout.lines) {
    if (line.paragraph >= tatweels.size()) continue;
    tatweels[line.paragraph] += line.justification.tatweels;
    if (!line.justification.empty()) stretched[line.paragraph] = true;
  }
  std::size_t count = 0;
  std::size_t first = 0;
  for (std::size_t p = 0; p < tatweels.size(); ++p) {
    if (!stretched[p] || tatweels[p] != 0) continue;
    if (count++ == 0) first = p;
  }
  if (count == 0) return;
  std::string font;
  for (const Line& line : layout.lines) {
    if (line.paragraph != first || line.run_count == 0) continue;
    font = layout.runs_of(line).front().font.file_name();
    break;
  }
  report("warning: --justify kashida found no kashida site in " + std::to_string(count) +
         (count == 1 ? " paragraph" : " paragraphs") + " (the first is paragraph " +
         std::to_string(first + 1) + ", set in " + font +
         "); their lines were stretched at the spaces");
}

int run(int argc, const char* const* argv) {
  const Options options = parse_options(argc, argv);
  if (options.help) {
    write_stdout(usage_text());
    return 0;
  }
  if (options.version) {
    write_stdout(std::string("shape (satr) ") + version() + "\n");
    return 0;
  }
  const OutputFormat format = options.output ? output_format_for(*options.output, options.format)
                                             : options.format.value_or(OutputFormat::Png);
  // Checked before any work: an image on a terminal is never what the user meant.
  if ((format == OutputFormat::Png || format == OutputFormat::Pdf) && !options.output &&
      ::isatty(STDOUT_FILENO)) {
    throw UsageError("standard output is a terminal; give -o FILE for the " +
                     std::string(format == OutputFormat::Png ? "PNG" : "PDF"));
  }

  check_style(options);
  Context context;
  const FontCollection fonts = load_fonts(options);
  std::string label;
  const StyledText styled = read_styled_text(options, fonts, context, label);
  const std::string& text = styled.text;

  Layout layout;
  try {
    layout = layout_text(text, fonts, options.style, styled.spans, &context);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::InvalidUtf8) throw RunError(std::string(e.what()) + " in " + label);
    throw;
  }

  warn_if_kashida_fell_back(layout, options.style);

  const std::string output = encode_layout(layout, text, format, options.render, &context);
  if (options.output) {
    write_file(*options.output, output);
  } else {
    write_stdout(output);
  }
  return 0;
}

}  // namespace
}  // namespace satr::cli

int main(int argc, char** argv) {
  using namespace satr::cli;
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    report(e.what());
    return kExitUsage;
  } catch (const satr::Error& e) {
    report(e.what());
    return kExitFailure;
  } catch (const RunError& e) {
    report(e.what());
    return kExitFailure;
  } catch (const InputError& e) {
    report(e.what());
    return kExitFailure;
  } catch (const std::bad_alloc&) {
    report("out of memory");
    return kExitFailure;
  } catch (const std::exception& e) {
    report(e.what());
    return kExitFailure;
  }
}
