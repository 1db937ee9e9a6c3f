// Shared by the Unicode conformance tests: where the test files are, and the
// known-failures lists beside them.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#ifndef SATR_UNICODE_DATA_DIR
#define SATR_UNICODE_DATA_DIR "/usr/share/unicode"
#endif
#ifndef SATR_TEST_DATA_DIR
#define SATR_TEST_DATA_DIR "tests/data"
#endif

namespace satr::testing {

/// Entries of a known-failures file: "<file>:<line> <reason>", '#' starts a comment.
inline std::set<std::string> load_known_failures(const std::string& path) {
  std::set<std::string> keys;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string key, reason;
    fields >> key;
    std::getline(fields, reason);
    if (key.empty()) continue;
    EXPECT_NE(reason.find_first_not_of(" \t"), std::string::npos)
        << path << ": entry without a reason: " << line;
    keys.insert(key);
  }
  return keys;
}

}  // namespace satr::testing
