// One signed webhook POST through libcurl (see outbound_sender.h).
#include "webhooks/outbound_sender.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>

#include "base/version.h"
#include "webhooks/ssrf_guard.h"

namespace keel::webhooks {
namespace {

struct Transfer {
  bool allow_private = false;
  bool refused = false;  // the guard refused an address at connect time
};

// The answer's body is read and dropped: only its status counts.
size_t DropBody(char*, size_t size, size_t count, void*) { return size * count; }

curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || !AddressAllowed(&address->addr, t->allow_private)) {
    t->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

}  // namespace

PostOutcome PostSigned(const SignedPost& post) {
  PostOutcome out;
  // One handle per process, reset before each use: its connection cache keeps a
  // receiver's connection open for the next delivery (a job worker sends one at a time).
  static std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                                  curl_easy_cleanup);
  if (!curl) {
    out.error = "cannot start a transfer";
    return out;
  }
  curl_easy_reset(curl.get());
  Transfer transfer;
  transfer.allow_private = post.allow_private;
  std::string url(post.url);
  std::string id = "webhook-id: " + std::string(post.webhook_id);
  std::string timestamp = "webhook-timestamp: " + std::string(post.timestamp);
  std::string signature = "webhook-signature: " + std::string(post.signature);
  std::string agent = std::string("keel-webhooks/") + kKeelVersion;
  curl_slist* headers = nullptr;
  for (const std::string* h : {&id, &timestamp, &signature}) {
    headers = curl_slist_append(headers, h->c_str());
  }
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Expect:");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(post.timeout_ms));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<int64_t>(post.timeout_ms, 5000)));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, DropBody);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_MAXCONNECTS, 4L);
  CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    out.error = transfer.refused ? "address refused by the SSRF guard"
                                 : std::string(curl_easy_strerror(code));
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    out.status = status;
    return out;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  if (!out.ok()) out.error = "HTTP " + std::to_string(out.status);
  return out;
}

}  // namespace keel::webhooks
