// Where a plain HTML form (no JavaScript) may be sent after login or register
// (CONTRACT §4.3): only back into this site, never to another one (no open redirect).
#pragma once

#include <string>
#include <string_view>

namespace keel::auth {

inline constexpr size_t kMaxRedirectBytes = 512;

// True when `target` is a relative URL of this site: 1 to kMaxRedirectBytes bytes,
// starting with exactly one '/' (so not "//host" or "/\host", which browsers read as
// protocol-relative), with no backslash anywhere, and no control character (CR, LF,
// TAB... which browsers strip, turning "/\t/evil" into "//evil") or space. Everything
// else — absolute URLs, "javascript:", relative paths without the leading slash — is
// refused.
bool IsSafeRedirectPath(std::string_view target);

// `target` with `name=value` appended to its query (value percent-encoded): for the
// error redirect of a failed form login ("/login?next=/x" → "/login?next=/x&error=...").
// A fragment stays at the end.
std::string WithQueryParam(std::string_view target, std::string_view name, std::string_view value);

}  // namespace keel::auth
