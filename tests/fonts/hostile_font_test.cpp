// Fonts made to break a text engine (tests/fonts/make_hostile_fonts.py writes them at test
// time) go through loading, layout, rendering and carets. Each font and scenario runs in a
// child process, so a hang or a runaway allocation is measured rather than suffered: the
// child must end within the time bound, under the memory bound (release builds), and with
// the result the manifest expects: a font that "loads" lays out and renders (an image
// over kMaxImageDimension may be refused with LimitExceeded); a font "refused" fails to
// load with FontInvalid.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fonts/font_data.hpp"
#include "satr/caret.hpp"
#include "satr/error.hpp"
#include "satr/font.hpp"
#include "satr/layout.hpp"
#include "satr/render.hpp"

extern char** environ;

namespace {

// Child exit codes.
constexpr int kDone = 0;
constexpr int kImageTooLarge = 3;
constexpr int kRefused = 4;
constexpr int kOtherError = 5;

#if defined(SATR_UNDER_SANITIZER)
// Sanitizers slow everything tenfold and reserve terabytes of address space, so only the
// outcome is checked there; the bounds are the release build's.
constexpr double kSecondsBound = 120;
constexpr long kMaxRssKiB = 0;
#else
constexpr double kSecondsBound = 5;
constexpr long kMaxRssKiB = 512 * 1024;
#endif

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kMixed = "بببب بتم الامل abc بببببببب لا 123 ـــ تم";

// Lays out and renders; renders return kImageTooLarge when the image is over the limit.
int lay_out_and_render(const std::string& text, const satr::FontCollection& fonts,
                       const satr::ParagraphStyle& style, bool carets) {
  const satr::Layout layout = satr::layout_text(text, fonts, style);
  if (carets) {
    for (uint32_t offset = 0; offset <= text.size(); ++offset) {
      if (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) {
        continue;
      }
      const satr::Caret c = satr::caret(layout, text, offset);
      (void)satr::move_visually(layout, text, offset, -1);
      (void)satr::hit_test(layout, text, c.primary.x, c.primary.top);
    }
    (void)satr::selection_rects(layout, text, 0, static_cast<uint32_t>(text.size()));
  }
  try {
    satr::RenderOptions options;
    options.margin = 4;
    const satr::Image image = satr::render(layout, options);
    (void)image.encode_png();
  } catch (const satr::Error& e) {
    if (e.code() == satr::ErrorCode::LimitExceeded) return kImageTooLarge;
    throw;
  }
  return kDone;
}

int run_scenario(const std::string& font_path, const std::string& scenario) {
  satr::FontCollection fonts;
  try {
    fonts = satr::FontCollection({satr::Font::from_file(font_path)});
  } catch (const satr::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return e.code() == satr::ErrorCode::FontInvalid ? kRefused : kOtherError;
  }
  satr::ParagraphStyle style;
  try {
    if (scenario == "line") {
      return lay_out_and_render(kMixed, fonts, style, /*carets=*/true);
    }
    if (scenario == "kashida") {
      style.width = 200;
      style.align = satr::Align::Justify;
      style.justify = satr::Justify::Kashida;
      return lay_out_and_render(repeat(kMixed + " ", 4), fonts, style, true);
    }
    if (scenario == "optimal") {
      style.width = 200;
      style.breaker = satr::Breaker::Optimal;
      style.align = satr::Align::Justify;
      style.max_lines = 2;
      return lay_out_and_render(repeat(kMixed + " ", 4), fonts, style, true);
    }
    if (scenario == "narrow") {
      // One word far wider than the line, cut at grapheme boundaries at a tiny size.
      style.font_size = 1;
      style.width = 20;
      return lay_out_and_render(repeat("ب", 2500), fonts, style, false);
    }
    if (scenario == "small-image") {
      style.font_size = 8;
      return lay_out_and_render(repeat("ب", 40), fonts, style, false);
    }
    if (scenario == "largest-size") {
      style.font_size = satr::kMaxFontSize;
      style.width = 4000;
      return lay_out_and_render("بتم abc", fonts, style, false);
    }
  } catch (const satr::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kOtherError;
  }
  std::fprintf(stderr, "unknown scenario %s\n", scenario.c_str());
  return kOtherError;
}

struct ChildResult {
  int exit_code = -1;  // -1: killed by a signal.
  int signal = 0;
  double seconds = 0;
  long max_rss_kib = 0;
};

ChildResult run_child(const std::string& font_path, const std::string& scenario) {
  const std::string self = "/proc/self/exe";
  std::vector<std::string> args = {self, "--child", font_path, scenario};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  int status = 0;
  rusage usage{};
  EXPECT_EQ(wait4(pid, &status, 0, &usage), pid);
  ChildResult result;
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.max_rss_kib = usage.ru_maxrss;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

struct HostileCase {
  std::string font;
  std::string expectation;  // "loads" or "refused".
  std::string scenario;
};

std::string font_dir() {
  const char* dir = std::getenv("SATR_HOSTILE_FONT_DIR");
  return dir ? dir : "";
}

std::vector<HostileCase> cases() {
  std::vector<HostileCase> out;
  std::ifstream manifest(font_dir() + "/MANIFEST");
  std::string font, expectation;
  while (manifest >> font >> expectation) {
    for (const char* scenario :
         {"line", "kashida", "optimal", "narrow", "small-image", "largest-size"}) {
      out.push_back({font, expectation, scenario});
      if (expectation == "refused") break;  // Loading is the whole story.
    }
  }
  return out;
}

class HostileFontTest : public testing::TestWithParam<HostileCase> {};

TEST(HostileFontManifest, ListsEveryGeneratedFont) {
  ASSERT_FALSE(font_dir().empty()) << "SATR_HOSTILE_FONT_DIR is not set";
  // 23 fonts in the generator, at most one case each for refused ones.
  EXPECT_GE(cases().size(), 23u);
}

TEST_P(HostileFontTest, EndsBoundedWithTheExpectedResult) {
  const HostileCase& c = GetParam();
  const ChildResult r = run_child(font_dir() + "/" + c.font, c.scenario);
  ASSERT_EQ(r.signal, 0) << "child killed by signal " << r.signal;
  if (c.expectation == "refused") {
    EXPECT_EQ(r.exit_code, kRefused);
  } else {
    EXPECT_TRUE(r.exit_code == kDone || r.exit_code == kImageTooLarge)
        << "exit code " << r.exit_code;
  }
  EXPECT_LT(r.seconds, kSecondsBound);
  if (kMaxRssKiB > 0) EXPECT_LT(r.max_rss_kib, kMaxRssKiB);
  std::printf("%s %s: exit %d, %.3f s, %ld KiB\n", c.font.c_str(), c.scenario.c_str(),
              r.exit_code, r.seconds, r.max_rss_kib);
}

// Justification puts tatweels straight into a built line only where the font's tatweel is
// a plain extender; everywhere else it shapes the line again. Read from the lookups at load:
// the subset keeps mark positioning on the tatweel (plain), a kerning pair on it is not, nor
// a substitution of it after lam that the probe between two behs never sees.
TEST(HostileFontTatweel, PlainOnlyWhereNoLookupButMarkAttachmentTouchesIt) {
  const std::pair<const char*, bool> fonts[] = {
      {"no-space.ttf", true},
      {"tatweel-1.ttf", true},
      {"tatweel-negative.ttf", false},
      {"tatweel-after-lam.ttf", false},
      {"tatweel-0.ttf", false},
  };
  for (const auto& [name, plain] : fonts) {
    const satr::Font font = satr::Font::from_file(font_dir() + "/" + name);
    EXPECT_EQ(font.data().tatweel_is_plain, plain) << name;
  }
  // And the justified lines of the font whose tatweel changes after lam still fill the
  // width, with the substitution in them.
  const satr::Font after_lam = satr::Font::from_file(font_dir() + "/tatweel-after-lam.ttf");
  satr::ParagraphStyle style;
  style.width = 300;
  style.align = satr::Align::Justify;
  style.justify = satr::Justify::Kashida;
  const std::string text = repeat("تململ بلببل ", 12);
  const satr::Layout layout = satr::layout_text(text, satr::FontCollection({after_lam}), style);
  ASSERT_GT(layout.lines.size(), 2u);
  for (std::size_t k = 0; k + 1 < layout.lines.size(); ++k) {
    const satr::Line& line = layout.lines[k];
    float left = 1e9f, right = -1e9f;  // The ink's extent, trailing space left out.
    for (const satr::Run& run : layout.runs_of(line))
      for (const satr::Glyph& g : layout.glyphs_of(run)) {
        if (text[g.cluster] == ' ') continue;
        left = std::min(left, g.x);
        right = std::max(right, g.x + g.advance);
      }
    EXPECT_NEAR(right - left, style.width, 0.5) << "line " << k;
    EXPECT_GT(line.justification.tatweels, 0u) << "line " << k;
  }
}

std::string case_name(const testing::TestParamInfo<HostileCase>& info) {
  std::string name = info.param.font + "_" + info.param.scenario;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Generated, HostileFontTest, testing::ValuesIn(cases()), case_name);

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--child") return run_scenario(argv[2], argv[3]);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
