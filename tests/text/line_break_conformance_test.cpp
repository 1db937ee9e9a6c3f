// UAX #14 conformance: every line of LineBreakTest.txt (Unicode 15.0) through
// find_line_breaks, comparing the break opportunity (÷) or its absence (×) at every
// position but the first. Lines listed in tests/data/line_break_known_failures.txt may
// fail; any other failure fails the test. A few focused tests of find_line_breaks follow.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "satr/error.hpp"
#include "conformance_support.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"
#include "text/paragraphs.hpp"

namespace {

constexpr const char* kLineBreakTest = "LineBreakTest.txt";
constexpr const char* kBreak = "\xC3\xB7";    // ÷
constexpr const char* kNoBreak = "\xC3\x97";  // ×

using satr::testing::load_known_failures;

/// One test line: the text, and for each code point boundary whether it breaks.
struct Case {
  std::u16string text;
  std::vector<char32_t> code_points;
  std::vector<int32_t> boundary_units;  // UTF-16 index of each boundary, 0 … size
  std::vector<bool> breaks;             // expected ÷ at each boundary
};

bool parse_case(const std::string& line, Case& out) {
  std::istringstream in(line.substr(0, line.find('#')));
  std::string token;
  while (in >> token) {
    if (token == kBreak || token == kNoBreak) {
      out.boundary_units.push_back(static_cast<int32_t>(out.text.size()));
      out.breaks.push_back(token == kBreak);
      continue;
    }
    const auto c = static_cast<char32_t>(std::stoul(token, nullptr, 16));
    out.code_points.push_back(c);
    if (c >= 0x10000) {
      out.text.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
      out.text.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    } else {
      out.text.push_back(static_cast<char16_t>(c));
    }
  }
  return !out.breaks.empty();
}

std::string describe(const Case& test_case, const std::vector<uint8_t>& flags) {
  std::string out = "got";
  for (size_t i = 0; i < test_case.boundary_units.size(); ++i) {
    const bool got = (flags[test_case.boundary_units[i]] & satr::detail::kBreakBefore) != 0;
    out += std::string(" ") + (got ? kBreak : kNoBreak);
    if (i < test_case.code_points.size()) {
      char hex[16];
      std::snprintf(hex, sizeof hex, " %04X", static_cast<unsigned>(test_case.code_points[i]));
      out += hex;
    }
  }
  return out;
}

TEST(LineBreakConformance, LineBreakTest) {
  const std::string path = std::string(SATR_UNICODE_DATA_DIR) + "/auxiliary/" + kLineBreakTest;
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot open " << path;
  const std::set<std::string> known =
      load_known_failures(std::string(SATR_TEST_DATA_DIR) + "/line_break_known_failures.txt");

  int total = 0;
  int passed = 0;
  std::set<std::string> failing;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    Case test_case;
    ASSERT_TRUE(parse_case(line, test_case)) << kLineBreakTest << ":" << line_number;
    std::vector<uint8_t> flags(test_case.text.size() + 1, 0);
    satr::detail::find_line_breaks(test_case.text, "", flags);

    bool ok = true;
    for (size_t i = 1; i < test_case.boundary_units.size(); ++i) {  // position 0 excluded
      const bool got = (flags[test_case.boundary_units[i]] & satr::detail::kBreakBefore) != 0;
      if (got != test_case.breaks[i]) ok = false;
    }
    ++total;
    if (ok) {
      ++passed;
      continue;
    }
    const std::string key = std::string(kLineBreakTest) + ":" + std::to_string(line_number);
    failing.insert(key);
    if (known.count(key) == 0) {
      ADD_FAILURE() << key
                    << " fails and is not a known failure: " << line.substr(0, line.find('#'))
                    << "| " << describe(test_case, flags);
    }
  }
  std::printf("%s: %d/%d lines passed\n", kLineBreakTest, passed, total);
  for (const std::string& key : known) {
    if (failing.count(key) == 0) {
      std::printf("note: known failure %s now passes; remove it from the list\n", key.c_str());
    }
  }
}

// --- find_line_breaks -------------------------------------------------------------------

using satr::detail::find_line_breaks;
using satr::detail::kBreakBefore;
using satr::detail::kGraphemeStart;
using satr::detail::kMandatoryBefore;

std::vector<uint8_t> breaks_of(std::u16string_view text, std::string_view language = "") {
  std::vector<uint8_t> flags(text.size() + 1, 0);
  find_line_breaks(text, language, flags);
  return flags;
}

TEST(FindLineBreaks, SpacesAndMandatoryBreaks) {
  const std::vector<uint8_t> flags = breaks_of(u"ab cd\r\nef");
  EXPECT_EQ(flags[0], 0);                                // never before the first unit
  EXPECT_EQ(flags[3], kBreakBefore);                     // after the space
  EXPECT_EQ(flags[6], 0);                                // CR × LF
  EXPECT_EQ(flags[7], kBreakBefore | kMandatoryBefore);  // after CR LF
  EXPECT_EQ(flags[9], kBreakBefore);                     // end of text
}

TEST(FindLineBreaks, ArabicWords) {
  const std::u16string text = u"\u0633\u0644\u0627\u0645 \u0639\u0644\u064A\u0643\u0645";
  const std::vector<uint8_t> flags = breaks_of(text, "ar");
  for (size_t i = 1; i < text.size(); ++i) {
    EXPECT_EQ((flags[i] & kBreakBefore) != 0, i == 5) << i;
  }
}

TEST(FindLineBreaks, KeepsOtherFlags) {
  std::vector<uint8_t> flags(4, kGraphemeStart | kBreakBefore | kMandatoryBefore);
  find_line_breaks(u"a b", "", flags);
  EXPECT_EQ(flags,
            (std::vector<uint8_t>{kGraphemeStart, kGraphemeStart, kGraphemeStart | kBreakBefore,
                                  kGraphemeStart | kBreakBefore}));
}

TEST(FindLineBreaks, EmptyTextAndBadArguments) {
  EXPECT_EQ(breaks_of(u""), std::vector<uint8_t>{0});
  std::vector<uint8_t> too_short(2, 0);
  EXPECT_THROW(find_line_breaks(u"abc", "", too_short), satr::Error);
  // Malformed or unknown language tags fall back to the root rules.
  EXPECT_EQ(breaks_of(u"a b", "not a tag!"), breaks_of(u"a b"));
  EXPECT_EQ(breaks_of(u"a b", "x-unknown"), breaks_of(u"a b"));
}

TEST(FindLineBreaks, Uax14Version15Corrections) {
  // (HY | U+2010) ÷ AL after a break opportunity.
  EXPECT_EQ(breaks_of(u"-a")[1], kBreakBefore);
  EXPECT_EQ(breaks_of(u"x \u2010a")[3], kBreakBefore);
  EXPECT_EQ(breaks_of(u"a-b")[2], kBreakBefore);  // inside a word ICU breaks there too
  // LB13: SP × IS; LB25: IS ÷ NU outside a number, × inside one.
  const std::vector<uint8_t> flags = breaks_of(u"x .5 1.5");
  EXPECT_EQ(flags[2], 0);
  EXPECT_EQ(flags[3], kBreakBefore);
  EXPECT_EQ(flags[7], 0);
}

TEST(FindLineBreaks, ThreadsGetTheSameAnswers) {
  const std::u16string text =
      u"\u0627\u0644\u0643\u062A\u0627\u0628 book-keeping 12.5% \u65E5\u672C\u8A9E";
  const char* languages[] = {"", "ar", "ja", "fi"};
  std::vector<std::vector<uint8_t>> expected;
  for (const char* language : languages) expected.push_back(breaks_of(text, language));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        const int which = (t + round) % 4;
        if (breaks_of(text, languages[which]) != expected[which]) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
