// The texts the benchmarks lay out: `astana` (a news article, one paragraph a line) and
// `large` (Arabic interface strings extracted at build time, one a line).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace satr_bench {

struct Corpus {
  std::string name;
  std::string text;                           ///< The whole file.
  std::vector<std::string_view> paragraphs;   ///< Lines of `text`, separators and empty lines dropped.
  std::vector<std::size_t> paragraph_chars;   ///< Code points of each paragraph.
  std::size_t chars = 0;                      ///< Code points of all paragraphs together.
};

/// The names of the corpora, in the order benchmarks are registered.
const std::vector<std::string>& corpus_names();

/// Loads a corpus on first use; later calls return the same object. Throws
/// std::runtime_error if the file cannot be read or holds no paragraph.
const Corpus& corpus(std::string_view name);

/// Unicode code points in well-formed UTF-8 `text` (bytes that are not continuation bytes).
std::size_t count_code_points(std::string_view text);

/// The first whole words of `source` (split at spaces, wrapping around) adding up to about
/// `chars` code points: synthetic paragraphs of a chosen length made of real text.
std::string paragraph_of_length(const Corpus& source, std::size_t chars);

}  // namespace satr_bench
