// RFC 5322 / MIME composition of keel's mails (see message.h).
#include "mail/message.h"

#include <ctime>

#include "crypto/encoding.h"

namespace keel::mail {
namespace {

std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != '\r' && c != '\n') out += c;
  }
  return out;
}

bool Ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

// base64 in lines of 76 characters.
std::string Base64Lines(std::string_view bytes) {
  std::string encoded = crypto::Base64Encode(bytes);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76);
    out += "\r\n";
  }
  return out;
}

std::string RfcDate(int64_t unix_seconds) {
  time_t t = static_cast<time_t>(unix_seconds);
  tm utc{};
  gmtime_r(&t, &utc);
  char buf[64];
  strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buf;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string AddressOf(std::string_view mailbox) {
  size_t open = mailbox.rfind('<');
  size_t close = mailbox.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return std::string(mailbox.substr(open + 1, close - open - 1));
  }
  return OneLine(mailbox);
}

std::string Compose(const Mail& mail, std::string_view from, int64_t unix_seconds,
                    std::string_view unique) {
  std::string sender = AddressOf(from);
  std::string domain = sender.substr(sender.find('@') + 1);
  std::string boundary = "keel-" + std::string(unique);
  std::string subject = OneLine(mail.subject);
  if (!Ascii(subject)) subject = "=?UTF-8?B?" + crypto::Base64Encode(subject) + "?=";
  std::string m;
  m += "From: " + OneLine(from) + "\r\n";
  m += "To: " + OneLine(mail.to) + "\r\n";
  m += "Subject: " + subject + "\r\n";
  m += "Date: " + RfcDate(unix_seconds) + "\r\n";
  m += "Message-ID: <" + std::string(unique) + "@" + domain + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += Base64Lines(mail.text);
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += Base64Lines(mail.html);
  m += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace keel::mail
