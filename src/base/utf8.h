// UTF-8 well-formedness (RFC 3629): no overlong forms, no surrogates, nothing past
// U+10FFFF. Used wherever untrusted text is accepted (JSON, forms, query strings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace keel {

// Decodes the UTF-8 sequence starting at text[pos]. Returns its length in bytes and
// sets `code_point`, or returns 0 when the bytes there are not a well-formed sequence.
size_t DecodeUtf8(std::string_view text, size_t pos, uint32_t& code_point);

bool IsValidUtf8(std::string_view text);

}  // namespace keel
