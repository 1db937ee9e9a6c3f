#include "corpus.hpp"

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace satr_bench {
namespace {

std::string corpus_path(std::string_view name) {
  if (name == "astana") return SATR_BENCH_ASTANA;
  if (name == "large") return SATR_BENCH_LARGE;
  throw std::runtime_error("unknown corpus: " + std::string(name));
}

Corpus load(std::string_view name) {
  Corpus c;
  c.name = name;
  const std::string path = corpus_path(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read corpus " + c.name + " from " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  c.text = bytes.str();
  return c;  // Paragraph views are taken once the Corpus has reached its final address.
}

void split_lines(Corpus& c) {
  c.paragraphs.clear();
  c.paragraph_chars.clear();
  c.chars = 0;
  const std::string_view text = c.text;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      c.paragraphs.push_back(line);
      c.paragraph_chars.push_back(count_code_points(line));
      c.chars += c.paragraph_chars.back();
    }
    start = end + 1;
  }
  if (c.paragraphs.empty()) throw std::runtime_error("corpus " + c.name + " is empty");
}

}  // namespace

const std::vector<std::string>& corpus_names() {
  static const std::vector<std::string> names{"astana", "large"};
  return names;
}

const Corpus& corpus(std::string_view name) {
  // Node-based map: a loaded Corpus never moves, so its string_views stay valid.
  static std::mutex mutex;
  static std::map<std::string, Corpus, std::less<>> loaded;
  std::lock_guard lock(mutex);
  if (const auto it = loaded.find(name); it != loaded.end()) return it->second;
  Corpus& c = loaded.emplace(std::string(name), load(name)).first->second;
  split_lines(c);
  return c;
}

std::size_t count_code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char ch : text) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

std::string paragraph_of_length(const Corpus& source, std::size_t chars) {
  std::vector<std::string_view> words;
  for (const std::string_view p : source.paragraphs) {
    std::size_t start = 0;
    while (start < p.size()) {
      std::size_t end = p.find(' ', start);
      if (end == std::string_view::npos) end = p.size();
      if (end > start) words.push_back(p.substr(start, end - start));
      start = end + 1;
    }
  }
  std::string out;
  std::size_t n = 0;
  for (std::size_t k = 0; n < chars; ++k) {
    const std::string_view w = words[k % words.size()];
    if (!out.empty()) {
      out += ' ';
      ++n;
    }
    out += w;
    n += count_code_points(w);
  }
  return out;
}

}  // namespace satr_bench
