// satr — version.
#pragma once

namespace satr {

/// The library version, "major.minor.patch".
const char* version();

}  // namespace satr
