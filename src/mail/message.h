// Mail messages: what keel sends (plain text + HTML, never tracking pixels or rewritten
// links) and their RFC 5322 / MIME form.
//
// Compose writes multipart/alternative with a text/plain and a text/html part, each
// UTF-8 and base64 (so no line is too long and no byte needs care), and encodes a
// non-ASCII subject as an RFC 2047 encoded-word. Header values are single lines: CR and
// LF are removed, so nothing a user typed can add a header. The HTML is built by the
// caller with HtmlEscape around every value that came from a user.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace keel::mail {

struct Mail {
  std::string to;  // a validated address
  std::string subject;
  std::string text;
  std::string html;
};

// &, <, >, " and ' as entities.
std::string HtmlEscape(std::string_view text);

// The addr-spec of "Name <a@b>" or "a@b".
std::string AddressOf(std::string_view mailbox);

// The whole message (CRLF line ends), dated `unix_seconds`, with a Message-ID made of
// `unique` and the sender's domain.
std::string Compose(const Mail& mail, std::string_view from, int64_t unix_seconds,
                    std::string_view unique);

}  // namespace keel::mail
