// Entity tags and the conditional request headers of RFC 9110 §13 (If-None-Match,
// If-Match), for keel's JSON answers. An ETag is a 64-bit hash of the exact body keel
// sends, so equal representations have equal tags on every worker of one build and a
// changed row (its updated_at is in the body) changes the tag. No clock, no storage.
#pragma once

#include <string>
#include <string_view>

namespace keel::http {

// "\"<16 hex digits>\"": a strong entity tag for `body`.
std::string EntityTag(std::string_view body);

// True when an If-None-Match or If-Match list is "*" or names `etag`. The W/ prefix is
// ignored in both (If-None-Match compares weakly, RFC 9110 §13.1.2; for If-Match,
// nginx marks the tag weak when it gzips a body, and the tag still names the same row
// state). A malformed list matches nothing.
bool TagListNames(std::string_view header, std::string_view etag);

}  // namespace keel::http
