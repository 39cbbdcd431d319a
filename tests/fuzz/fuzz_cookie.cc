// fuzz-sources: src/http/cookies.cc src/http/percent_decode.cc src/base/status.cc
// fuzz-sources: src/base/utf8.cc
//
// libFuzzer harness for ParseCookieHeader and FormatSetCookie. Parsing: no crash,
// bounded result, names tokens and values free of separators. Formatting (the input
// split at its first NUL into name and value): when accepted, the header starts with
// exactly `name=value;`, so a value can never add an attribute.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "http/cookies.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  keel::StatusOr<keel::http::Cookies> cookies = keel::http::ParseCookieHeader(input);
  if (!cookies.ok()) {
    keel::fuzz::CheckErrorIsSafe(cookies.status());
  } else {
    FUZZ_CHECK(cookies->size() <= keel::http::kMaxCookies);
    for (const auto& [name, value] : cookies->all()) {
      FUZZ_CHECK(!name.empty());
      FUZZ_CHECK(cookies->Find(name) == &value);  // the first of a name is the one kept
      for (char c : name + value) {
        unsigned char u = static_cast<unsigned char>(c);
        FUZZ_CHECK(u > 0x20 && u < 0x7F && c != ';' && c != ',' && c != '"');
      }
      keel::http::SetCookie echo;
      echo.name = name;
      echo.value = value;
      // The defaults (Secure, Path=/) satisfy the __Host- and __Secure- rules,
      // so any cookie a browser could send back, keel can also set.
      if (name.size() + value.size() <= 4096) FUZZ_CHECK(keel::http::FormatSetCookie(echo).ok());
    }
  }

  size_t nul = input.find('\0');
  keel::http::SetCookie cookie;
  cookie.name = std::string(input.substr(0, nul));
  cookie.value = nul == std::string_view::npos ? "" : std::string(input.substr(nul + 1));
  keel::StatusOr<std::string> header = keel::http::FormatSetCookie(cookie);
  if (header.ok()) {
    std::string prefix = cookie.name + "=" + cookie.value + ";";
    FUZZ_CHECK(header->compare(0, prefix.size(), prefix) == 0);
    FUZZ_CHECK(header->find(';') == prefix.size() - 1);
    for (char c : *header) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20);
  } else {
    FUZZ_CHECK(header.status().code() == keel::ErrorCode::kInternal);
  }
  return 0;
}
