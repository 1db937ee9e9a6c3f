// The data-driven cases: every tests/data/*.tests file, one case a line, run through one
// parameterized test. A file's name says which check its lines go through (kChecks); a
// file without a check, or with fewer cases than its check expects, fails.
#include <gtest/gtest.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "stage_support.hpp"

namespace satr {
namespace {

using testing::bundled;

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// The fields of a case line, split at `separator`; trimmed if `trimmed` (a field whose
// spaces matter, such as the text of a bidi case, keeps them with " | " separators).
std::vector<std::string> fields_of(const std::string& row, const std::string& separator,
                                   bool trimmed) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t bar; (bar = row.find(separator, start)) != std::string::npos;
       start = bar + separator.size()) {
    out.push_back(row.substr(start, bar - start));
  }
  out.push_back(row.substr(start));
  if (trimmed) {
    for (std::string& field : out) field = trim(field);
  }
  return out;
}

// Replaces \uXXXX escapes with UTF-8.
std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 5 < s.size() + 0 && s[i + 1] == 'u') {
      const auto code_point = static_cast<UChar32>(std::stoul(s.substr(i + 2, 4), nullptr, 16));
      icu::UnicodeString(code_point).toUTF8String(out);
      i += 5;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool is_bidi_control(const std::string& cluster_text) {
  static const std::vector<std::string> controls = {
      "\u200E", "\u200F", "\u061C", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
      "\u2066", "\u2067", "\u2068", "\u2069"};
  return std::find(controls.begin(), controls.end(), cluster_text) != controls.end();
}

// The characters of one line in visual order, rebuilt from the glyph clusters: each
// cluster's text, reversed inside right-to-left runs (so a lam-alef ligature reads as a
// visual-order implementation would print it).
std::string visual_text(const std::string& text, const Layout& layout, const Line& line) {
  std::vector<uint32_t> starts;
  for (const satr::Run& run : layout.runs_of(line))
    for (const Glyph& g : layout.glyphs_of(run)) starts.push_back(g.cluster);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  const auto cluster_end = [&](uint32_t start) {
    auto it = std::upper_bound(starts.begin(), starts.end(), start);
    return it == starts.end() ? line.range.end : *it;
  };
  std::string out;
  for (const satr::Run& run : layout.runs_of(line)) {
    uint32_t previous = UINT32_MAX;
    for (const Glyph& g : layout.glyphs_of(run)) {
      if (g.cluster == previous) continue;
      previous = g.cluster;
      const std::string cluster = text.substr(g.cluster, cluster_end(g.cluster) - g.cluster);
      if (is_bidi_control(cluster)) continue;
      if (!run.is_rtl()) {
        out += cluster;
        continue;
      }
      std::vector<std::string> chars;  // reverse by code point
      for (std::size_t i = 0; i < cluster.size();) {
        const int len = testing::utf8_length(static_cast<unsigned char>(cluster[i]));
        chars.push_back(cluster.substr(i, len));
        i += len;
      }
      for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
    }
  }
  return out;
}

// bidi_order.tests: direction | logical text | expected visual text, fields separated by
// " | " exactly (the texts' own spaces count).
void check_bidi_order(const std::string& row) {
  const std::vector<std::string> fields = fields_of(row, " | ", false);
  ASSERT_EQ(fields.size(), 3u);
  const std::string text = unescape(fields[1]);
  const std::string expected = unescape(fields[2]);
  ParagraphStyle style;
  const std::string direction = trim(fields[0]);
  style.direction = direction == "rtl"   ? Direction::RightToLeft
                    : direction == "ltr" ? Direction::LeftToRight
                                         : Direction::Auto;
  const Layout layout = layout_text(text, bundled(), style);
  ASSERT_EQ(layout.lines.size(), 1u);
  EXPECT_EQ(visual_text(text, layout, layout.lines[0]), expected);
}

// Shaping as layout_text does when justifying with kashida.
ParagraphStyle kashida_style() {
  ParagraphStyle style;
  style.align = Align::Justify;
  style.justify = Justify::Kashida;
  style.width = 1000;
  return style;
}

// kashida_sites.tests: word | unit before which the tatweel goes, or - | priority.
void check_kashida_site(const std::string& row) {
  const std::vector<std::string> fields = fields_of(row, "|", true);
  ASSERT_EQ(fields.size(), 3u);
  const std::string& site = fields[1];
  const int priority = std::stoi(fields[2]);
  testing::ShapedText shaped(fields[0], kashida_style());
  const detail::ShapedParagraph& p = shaped.paragraph();
  int found_at = -1, found_priority = 0, sites = 0;
  for (std::size_t u = 0; u < p.kashida.size(); ++u) {
    if (p.kashida[u] == 0) continue;
    ++sites;
    found_at = static_cast<int>(u);
    found_priority = p.kashida[u];
  }
  EXPECT_LE(sites, 1) << "one site per word";
  if (site == "-") {
    EXPECT_EQ(sites, 0);
  } else {
    EXPECT_EQ(found_at, std::stoi(site));
    EXPECT_EQ(found_priority, priority);
  }
}

struct Check {
  std::function<void(const std::string&)> run;
  int min_cases;  // A file that lost its cases fails instead of passing empty.
};

const std::map<std::string, Check>& checks() {
  static const std::map<std::string, Check> kChecks = {
      {"bidi_order", {check_bidi_order, 20}},
      {"kashida_sites", {check_kashida_site, 12}},
  };
  return kChecks;
}

struct Case {
  std::string file;  // Stem: "bidi_order".
  int line = 0;
  std::string row;
};

std::vector<std::filesystem::path> data_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(SATR_TEST_DATA_DIR)) {
    if (entry.path().extension() == ".tests") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const auto& path : data_files()) {
    std::ifstream in(path);
    std::string row;
    for (int line = 1; std::getline(in, row); ++line) {
      if (row.empty() || row[0] == '#') continue;
      out.push_back({path.stem().string(), line, row});
    }
  }
  return out;
}

class DataDriven : public ::testing::TestWithParam<Case> {};

TEST_P(DataDriven, Case) {
  const Case& c = GetParam();
  SCOPED_TRACE(c.file + ".tests:" + std::to_string(c.line) + ": " + c.row);
  const auto it = checks().find(c.file);
  ASSERT_NE(it, checks().end()) << "no check for " << c.file << ".tests";
  it->second.run(c.row);
}

INSTANTIATE_TEST_SUITE_P(Files, DataDriven, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.file + "_line" + std::to_string(info.param.line);
                         });

TEST(DataFiles, EveryFileHasACheckAndItsCases) {
  std::map<std::string, int> counts;
  for (const Case& c : all_cases()) ++counts[c.file];
  for (const auto& path : data_files()) {
    const std::string stem = path.stem().string();
    const auto it = checks().find(stem);
    ASSERT_NE(it, checks().end()) << "no check for " << path;
    EXPECT_GE(counts[stem], it->second.min_cases) << path;
  }
  for (const auto& [stem, check] : checks()) EXPECT_GT(counts[stem], 0) << stem << ".tests";
}

}  // namespace
}  // namespace satr
