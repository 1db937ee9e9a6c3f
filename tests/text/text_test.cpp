// UTF-8 decoding, paragraph splitting and text properties.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include <unicode/utf8.h>
#include <unicode/utf16.h>

#include "satr/error.hpp"
#include "text/graphemes.hpp"
#include "text/line_breaks.hpp"
#include "text/paragraphs.hpp"
#include "text/utf8.hpp"

namespace satr::detail {
namespace {

struct DecodeCase {
  std::string bytes;
  std::u16string expected;
  std::vector<uint32_t> offsets;  // byte_of without the final entry
};

// Maximal-subpart substitution, Unicode §3.9 Table 3-8 and neighbours.
TEST(Utf8, ReplacesEachMaximalSubpartOnce) {
  const std::vector<DecodeCase> cases = {
      {"abc", u"abc", {0, 1, 2}},
      {"\xD8\xB3", u"\u0633", {0}},
      {"\xF0\x9F\x98\x80", u"\U0001F600", {0, 0}},
      {"a\x80z", u"a\uFFFDz", {0, 1, 2}},
      {"\xC0\xAF", u"\uFFFD\uFFFD", {0, 1}},            // C0 is never a lead byte
      {"\xE0\x80\xAF", u"\uFFFD\uFFFD\uFFFD", {0, 1, 2}},  // overlong: E0 needs A0..BF
      {"\xED\xA0\x80", u"\uFFFD\uFFFD\uFFFD", {0, 1, 2}},  // surrogate: ED needs 80..9F
      {"\xF1\x80\x80", u"\uFFFD", {0}},                   // truncated: one subpart
      {"\xF1\x80\x80z", u"\uFFFDz", {0, 3}},
      {"\xE2\x82", u"\uFFFD", {0}},
      {"\xF4\x90\x80\x80", u"\uFFFD\uFFFD\uFFFD\uFFFD", {0, 1, 2, 3}},  // above U+10FFFF
      {"\xFF\xFE", u"\uFFFD\uFFFD", {0, 1}},
      {std::string("a\0b", 3), std::u16string(u"a\0b", 3), {0, 1, 2}},
  };
  for (const auto& c : cases) {
    const DecodedText d = decode_utf8(c.bytes, false);
    EXPECT_EQ(d.utf16, c.expected) << "input of " << c.bytes.size() << " bytes";
    std::vector<uint32_t> offsets = d.byte_of;
    ASSERT_EQ(offsets.back(), c.bytes.size());
    offsets.pop_back();
    EXPECT_EQ(offsets, c.offsets);
  }
}

// ICU's U8_NEXT, which also replaces maximal subparts: the units and the offset of each.
DecodedText decode_with_icu(const std::string& bytes) {
  DecodedText out;
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  for (int32_t i = 0; i < length;) {
    const auto offset = static_cast<uint32_t>(i);
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xFFFD;
    for (int32_t k = 0; k < U16_LENGTH(c); ++k) out.byte_of.push_back(offset);
    if (U16_LENGTH(c) == 1) {
      out.utf16.push_back(static_cast<char16_t>(c));
    } else {
      out.utf16.push_back(U16_LEAD(c));
      out.utf16.push_back(U16_TRAIL(c));
    }
  }
  out.byte_of.push_back(static_cast<uint32_t>(bytes.size()));
  return out;
}

// Runs of two-byte letters are decoded several at a time; random mixtures of them with
// what must stop such a run (overlong C0/C1 leads, stray or missing trail bytes, U+0085,
// longer sequences, ASCII) at every alignment must decode as ICU does, one at a time.
TEST(Utf8, RunsOfTwoByteLettersMatchICU) {
  const std::vector<std::string> pieces = {
      "\xD8\xB3", "\xD9\x84", "\xDB\xB3", "\xC2\x80", "\xDF\xBF", "\xC2\x85", " ", "a",
      "\n",        "\xC0\x80", "\xC1\xBF", "\xC2",     "\x80",     "\xD8\xD8", "\xE2\x80\xA9",
      "\xE0\xA0\x80", "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\xFF"};
  std::mt19937 random(5);
  for (int round = 0; round < 20000; ++round) {
    std::string bytes;
    const int count = static_cast<int>(random() % 24);
    for (int k = 0; k < count; ++k) {
      // Mostly Arabic letters, so that long runs form.
      bytes += random() % 3 != 0 ? pieces[random() % 3] : pieces[random() % pieces.size()];
    }
    const DecodedText expected = decode_with_icu(bytes);
    const DecodedText decoded = decode_utf8(bytes, false);
    ASSERT_EQ(decoded.utf16, expected.utf16) << "round " << round;
    ASSERT_EQ(decoded.byte_of, expected.byte_of) << "round " << round;
    const bool separator = expected.utf16.find_first_of(u"\n\u0085\u2029") != std::u16string::npos;
    if (separator) ASSERT_TRUE(decoded.may_have_separators) << "round " << round;
  }
}

TEST(Utf8, StrictModeReportsFirstBadOffset) {
  try {
    (void)decode_utf8("abc\xD8\xB3\xE2\x82z", true);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidUtf8);
    EXPECT_EQ(e.byte_offset(), 5u);
    EXPECT_NE(std::string(e.what()).find("byte offset 5"), std::string::npos);
  }
  EXPECT_NO_THROW((void)decode_utf8("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", true));
}

TEST(Paragraphs, SplitAtEverySeparatorKind) {
  const std::u16string text = u"a\nb\r\nc\rd\u2029e\u0085f\n";
  const auto paragraphs = split_paragraphs(text);
  ASSERT_EQ(paragraphs.size(), 6u);
  const std::vector<std::u16string> expected = {u"a", u"b", u"c", u"d", u"e", u"f"};
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    EXPECT_EQ(text.substr(paragraphs[i].start, paragraphs[i].end - paragraphs[i].start),
              expected[i]);
  }
  EXPECT_EQ(paragraphs[1].next - paragraphs[1].end, 2u);  // CRLF is one separator
  EXPECT_EQ(paragraphs.back().next, text.size());
}

TEST(Paragraphs, EmptyTextAndEmptyParagraphs) {
  EXPECT_TRUE(split_paragraphs(u"").empty());
  const auto p = split_paragraphs(u"\n\nx");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].end - p[0].start, 0u);
  EXPECT_EQ(p[1].end - p[1].start, 0u);
}

// Decoding notes whether a separator may occur, and splitting skips its scan when none
// can: both ways must split alike, for every separator kind in every encoding length.
TEST(Paragraphs, DecodedTextSplitsLikeItsUnits) {
  const std::vector<std::string> texts = {
      "", "abc", "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD8\xB9", "a\nb", "a\r\nb", "\x1C",
      "x\x1Ey", "\xD8\xB3\xC2\x85\xD8\xB3", "a\xE2\x80\xA9" "b", "a\xE2\x80\xA8" "b",
      "\xC2\x80\xE2\x80\xAA", "\tx", "\xF0\x9F\x98\x80\n", "\xFF\n\xFF"};
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    const DecodedText decoded = decode_utf8(text, false);
    std::vector<ParagraphSpan> by_flag;
    split_paragraphs(decoded, by_flag);
    const std::vector<ParagraphSpan> by_scan = split_paragraphs(decoded.utf16);
    ASSERT_EQ(by_flag.size(), by_scan.size());
    for (std::size_t i = 0; i < by_scan.size(); ++i) {
      EXPECT_EQ(by_flag[i].start, by_scan[i].start);
      EXPECT_EQ(by_flag[i].end, by_scan[i].end);
      EXPECT_EQ(by_flag[i].next, by_scan[i].next);
    }
  }
  EXPECT_FALSE(decode_utf8("\xD8\xB3 abc", false).may_have_separators);
  EXPECT_TRUE(decode_utf8("a\xC2\x85", false).may_have_separators);
  EXPECT_TRUE(decode_utf8("a\xE2\x80\xA9", false).may_have_separators);
}

TEST(TextProperties, GraphemesKeepMarksWithTheirBase) {
  // Beh + fatha + shadda, space, lam.
  const std::u16string text = u"\u0628\u064E\u0651 \u0644";
  std::vector<uint8_t> flags(text.size() + 1, 0);
  find_graphemes_and_whitespace(text, flags);
  const std::vector<bool> expected = {true, false, false, true, true, true};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((flags[i] & kGraphemeStart) != 0, expected[i]) << "at " << i;
  }
  EXPECT_TRUE(flags[3] & kWhitespace);
  EXPECT_FALSE(flags[0] & kWhitespace);
}

}  // namespace
}  // namespace satr::detail
