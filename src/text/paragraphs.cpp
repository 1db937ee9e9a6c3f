#include "text/paragraphs.hpp"


namespace satr::detail {

std::vector<ParagraphSpan> split_paragraphs(std::u16string_view text) {
  std::vector<ParagraphSpan> out;
  split_paragraphs(text, out);
  return out;
}

void split_paragraphs(std::u16string_view text, std::vector<ParagraphSpan>& out) {
  out.clear();
  const auto n = static_cast<uint32_t>(text.size());
  uint32_t start = 0;
  uint32_t i = 0;
  while (i < n) {
    const char16_t c = text[i];
    if (!is_paragraph_separator(c)) {
      ++i;
      continue;
    }
    uint32_t next = i + 1;
    if (c == u'\r' && next < n && text[next] == u'\n') ++next;
    out.push_back({start, i, next});
    start = i = next;
  }
  if (start < n) out.push_back({start, n, n});
}

void split_paragraphs(const DecodedText& decoded, std::vector<ParagraphSpan>& out) {
  if (decoded.may_have_separators) return split_paragraphs(decoded.utf16, out);
  out.clear();
  const auto n = static_cast<uint32_t>(decoded.utf16.size());
  if (n > 0) out.push_back({0, n, n});
}

uint32_t separator_length_at_end(std::string_view text) {
  // Separators are at most three bytes long (U+2029); step back to the last character.
  for (std::size_t length = 1; length <= 3 && length <= text.size(); ++length) {
    const std::string_view last = text.substr(text.size() - length);
    if (well_formed_length(last) != length) continue;
    char32_t c = 0;
    int bad = 0;
    decode_sequence(last, 0, c, bad);
    if (!is_paragraph_separator(c)) return 0;
    if (c == u'\n' && text.size() > length && text[text.size() - length - 1] == '\r') {
      return 2;
    }
    return static_cast<uint32_t>(length);
  }
  return 0;
}

}  // namespace satr::detail
