// UAX #9 conformance: every line of BidiTest.txt and BidiCharacterTest.txt (Unicode 15.0)
// through satr's own entry points: resolve_bidi, then apply_rule_l1 with the whole text
// as one line, then reorder_visually. Lines listed in tests/data/bidi_known_failures.txt
// may fail; any other failure fails the test.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "conformance_support.hpp"
#include "bidi/bidi.hpp"

namespace {

using Direction = satr::detail::BaseDirection;
using satr::testing::load_known_failures;

constexpr const char* kBidiTest = "BidiTest.txt";
constexpr const char* kBidiCharacterTest = "BidiCharacterTest.txt";

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(text);
  while (std::getline(in, field, separator)) out.push_back(field);
  return out;
}

std::vector<std::string> tokens(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string token;
  while (in >> token) out.push_back(token);
  return out;
}

/// The text as UTF-16, plus the first unit of each code point.
struct TestText {
  std::u16string units;
  std::vector<int32_t> starts;
};

TestText encode(const std::vector<char32_t>& code_points) {
  TestText text;
  for (char32_t c : code_points) {
    text.starts.push_back(static_cast<int32_t>(text.units.size()));
    if (c >= 0x10000) {
      text.units.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
      text.units.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    } else {
      text.units.push_back(static_cast<char16_t>(c));
    }
  }
  return text;
}

/// Per code point: resolved level after L1, or -1 for characters removed by X9; and the
/// visual order of the code points that are not removed.
struct Outcome {
  int paragraph_level = 0;
  std::vector<int> levels;
  std::vector<int> order;
};

Outcome run_satr(const std::vector<char32_t>& code_points, Direction direction) {
  const TestText text = encode(code_points);
  satr::detail::BidiLevels bidi = satr::detail::resolve_bidi(text.units, direction);
  satr::detail::apply_rule_l1(text.units, bidi.paragraph_level, bidi.levels);
  std::vector<int32_t> visual(text.units.size());
  satr::detail::reorder_visually(bidi.levels, visual);

  Outcome outcome;
  outcome.paragraph_level = bidi.paragraph_level;
  std::vector<int> index_of_unit(text.units.size(), -1);
  for (size_t i = 0; i < code_points.size(); ++i) {
    const bool removed = satr::detail::is_removed_by_x9(code_points[i]);
    outcome.levels.push_back(removed ? -1 : bidi.levels[text.starts[i]]);
    if (!removed) index_of_unit[text.starts[i]] = static_cast<int>(i);
  }
  for (int32_t unit : visual) {
    if (index_of_unit[unit] >= 0) outcome.order.push_back(index_of_unit[unit]);
  }
  return outcome;
}

std::vector<int> parse_levels(const std::string& text) {
  std::vector<int> out;
  for (const std::string& token : tokens(text)) out.push_back(token == "x" ? -1 : std::stoi(token));
  return out;
}

std::vector<int> parse_order(const std::string& text) {
  std::vector<int> out;
  for (const std::string& token : tokens(text)) out.push_back(std::stoi(token));
  return out;
}

std::string describe(const std::vector<int>& values) {
  std::string out;
  for (int v : values) {
    if (!out.empty()) out += ' ';
    out += v < 0 ? "x" : std::to_string(v);
  }
  return out;
}

/// Tallies cases and failing lines, then checks failures against the known list.
class Tally {
 public:
  explicit Tally(std::string file) : file_(std::move(file)) {}

  void record(int line_number, bool passed, const std::string& detail) {
    ++cases_;
    if (line_number != last_line_) ++lines_;
    last_line_ = line_number;
    if (passed) {
      ++passed_;
      return;
    }
    failing_lines_.try_emplace(line_number, detail);
  }

  void report(const std::set<std::string>& known) const {
    std::printf("%s: %d/%d cases passed (%d/%d lines)\n", file_.c_str(), passed_, cases_,
                lines_ - static_cast<int>(failing_lines_.size()), lines_);
    std::set<std::string> failing_keys;
    for (const auto& [line_number, detail] : failing_lines_) {
      const std::string key = file_ + ":" + std::to_string(line_number);
      failing_keys.insert(key);
      if (known.count(key) == 0) {
        ADD_FAILURE() << key << " fails and is not a known failure: " << detail;
      }
    }
    for (const std::string& key : known) {
      if (key.rfind(file_ + ":", 0) == 0 && failing_keys.count(key) == 0) {
        std::printf("note: known failure %s now passes; remove it from the list\n", key.c_str());
      }
    }
  }

 private:
  std::string file_;
  int cases_ = 0;
  int passed_ = 0;
  int lines_ = 0;
  int last_line_ = -1;
  std::map<int, std::string> failing_lines_;
};

const std::set<std::string>& known_failures() {
  static const std::set<std::string> known =
      load_known_failures(std::string(SATR_TEST_DATA_DIR) + "/bidi_known_failures.txt");
  return known;
}

/// A representative code point for each bidi class used by BidiTest.txt. None of them is
/// a paired bracket, as that file assumes.
char32_t representative(const std::string& bidi_class) {
  static const std::map<std::string, char32_t> kMap = {
      {"L", 0x0061},   {"R", 0x05D0},   {"AL", 0x0627},  {"EN", 0x0030},  {"ES", 0x002B},
      {"ET", 0x0024},  {"AN", 0x0660},  {"CS", 0x002C},  {"NSM", 0x0300}, {"BN", 0x00AD},
      {"B", 0x2029},   {"S", 0x0009},   {"WS", 0x0020},  {"ON", 0x0021},  {"LRE", 0x202A},
      {"LRO", 0x202D}, {"RLE", 0x202B}, {"RLO", 0x202E}, {"PDF", 0x202C}, {"LRI", 0x2066},
      {"RLI", 0x2067}, {"FSI", 0x2068}, {"PDI", 0x2069},
  };
  auto it = kMap.find(bidi_class);
  if (it == kMap.end()) throw std::runtime_error("unknown bidi class " + bidi_class);
  return it->second;
}

TEST(BidiConformance, BidiTest) {
  const std::string path = std::string(SATR_UNICODE_DATA_DIR) + "/" + kBidiTest;
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot open " << path;

  Tally tally(kBidiTest);
  std::vector<int> levels;
  std::vector<int> order;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("@Levels:", 0) == 0) {
      levels = parse_levels(line.substr(8));
      continue;
    }
    if (line.rfind("@Reorder:", 0) == 0) {
      order = parse_order(line.substr(9));
      continue;
    }
    if (line[0] == '@') continue;
    const std::vector<std::string> fields = split(line, ';');
    ASSERT_EQ(fields.size(), 2u) << kBidiTest << ":" << line_number;
    std::vector<char32_t> code_points;
    for (const std::string& name : tokens(fields[0])) code_points.push_back(representative(name));
    const int bitset = std::stoi(fields[1], nullptr, 16);

    const struct {
      int bit;
      Direction direction;
      const char* name;
    } kRuns[] = {{1, Direction::Auto, "auto"},
                 {2, Direction::LeftToRight, "LTR"},
                 {4, Direction::RightToLeft, "RTL"}};
    for (const auto& run : kRuns) {
      if ((bitset & run.bit) == 0) continue;
      const Outcome got = run_satr(code_points, run.direction);
      const bool passed = got.levels == levels && got.order == order;
      tally.record(line_number, passed,
                   passed ? std::string()
                          : std::string(run.name) + " levels [" + describe(got.levels) +
                                "] order [" + describe(got.order) + "]");
    }
  }
  tally.report(known_failures());
}

TEST(BidiConformance, BidiCharacterTest) {
  const std::string path = std::string(SATR_UNICODE_DATA_DIR) + "/" + kBidiCharacterTest;
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot open " << path;

  Tally tally(kBidiCharacterTest);
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = split(line, ';');
    ASSERT_EQ(fields.size(), 5u) << kBidiCharacterTest << ":" << line_number;
    std::vector<char32_t> code_points;
    for (const std::string& hex : tokens(fields[0])) {
      code_points.push_back(static_cast<char32_t>(std::stoul(hex, nullptr, 16)));
    }
    const int direction_field = std::stoi(fields[1]);
    const Direction direction = direction_field == 0   ? Direction::LeftToRight
                                : direction_field == 1 ? Direction::RightToLeft
                                                       : Direction::Auto;
    const int paragraph_level = std::stoi(fields[2]);
    const std::vector<int> levels = parse_levels(fields[3]);
    const std::vector<int> order = parse_order(fields[4]);

    const Outcome got = run_satr(code_points, direction);
    const bool passed =
        got.paragraph_level == paragraph_level && got.levels == levels && got.order == order;
    tally.record(line_number, passed,
                 passed ? std::string()
                        : "paragraph " + std::to_string(got.paragraph_level) + " levels [" +
                              describe(got.levels) + "] order [" + describe(got.order) + "]");
  }
  tally.report(known_failures());
}

}  // namespace
