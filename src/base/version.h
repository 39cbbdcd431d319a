// keel's version string (printed by `keel version` and served at /api/v1/version).
#pragma once

namespace keel {
inline constexpr const char* kKeelVersion = "0.1.0";
}  // namespace keel
