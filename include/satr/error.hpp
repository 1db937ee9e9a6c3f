// satr — error reporting.
//
// Policy: every recoverable problem is thrown as one exception type, satr::Error, carrying
// a code, a one-line message and, where it applies, the byte offset into the caller's
// text. The code says whose fault it is: the caller's input (InvalidArgument, InvalidUtf8,
// LimitExceeded), the environment (FontNotFound, FontInvalid, Io), or satr's own
// (Internal: a failure inside ICU, FreeType or libpng that no input explains). Programmer
// errors (broken invariants inside satr) are asserts, not Errors.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace satr {

/// What went wrong; stable values, usable for exit codes and exception mapping.
enum class ErrorCode {
  InvalidArgument,  ///< An option or parameter is out of its domain (size, width, colour…).
  InvalidUtf8,      ///< Strict decoding met an ill-formed sequence; see Error::byte_offset().
  FontNotFound,     ///< A font file does not exist or cannot be opened.
  FontInvalid,      ///< A font file exists but is not a usable font.
  LimitExceeded,    ///< The work or the output would exceed a documented limit.
  Io,               ///< Reading or writing a file failed.
  Internal,         ///< ICU, FreeType or libpng failed where no input explains it.
};

/// Marks "no byte offset applies" in Error::byte_offset().
inline constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

/// The one exception type satr throws for recoverable problems.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message, std::size_t byte_offset = kNoOffset)
      : std::runtime_error(message), code_(code), byte_offset_(byte_offset) {}

  ErrorCode code() const noexcept { return code_; }
  /// Byte offset into the caller's UTF-8 text, or kNoOffset.
  std::size_t byte_offset() const noexcept { return byte_offset_; }

 private:
  ErrorCode code_;
  std::size_t byte_offset_;
};

}  // namespace satr
