// HttpsGet / HttpsPostForm over libcurl's easy interface (see https_client.h).
#include "net/https_client.h"

#include <curl/curl.h>

#include <memory>

namespace keel::net {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
  std::string* body;
  size_t limit;
  bool overflow = false;
};

size_t Write(char* data, size_t size, size_t n, void* user) {
  Sink* sink = static_cast<Sink*>(user);
  size_t bytes = size * n;
  if (sink->body->size() + bytes > sink->limit) {
    sink->overflow = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->body->append(data, bytes);
  return bytes;
}

StatusOr<HttpsResponse> Perform(const std::string& url, const std::string* form,
                                const std::vector<std::string>& headers,
                                const HttpsOptions& options) {
  if (url.rfind("https://", 0) != 0) return Status::Internal("only https URLs are fetched");
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Unavailable("HTTP client unavailable");
  CURL* c = curl.get();
  HttpsResponse response;
  Sink sink{&response.body, options.max_response_bytes};
  std::unique_ptr<curl_slist, SlistDeleter> list;
  for (const std::string& h : headers) {
    curl_slist* next = curl_slist_append(list.get(), h.c_str());
    if (next == nullptr) return Status::Internal("out of memory");
    (void)list.release();
    list.reset(next);
  }
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
#else
  curl_easy_setopt(c, CURLOPT_PROTOCOLS, CURLPROTO_HTTPS);
#endif
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout_ms));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "keel");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  if (list) curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  if (form != nullptr) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
  }
  CURLcode rc = curl_easy_perform(c);
  if (sink.overflow) return Status::Unavailable("identity provider answer too large");
  if (rc != CURLE_OK) {
    return Status::Unavailable(std::string("identity provider unreachable: ") +
                               curl_easy_strerror(rc));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  char* type = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr) {
    response.content_type = type;
  }
  return response;
}

}  // namespace

StatusOr<HttpsResponse> HttpsGet(const std::string& url, const HttpsOptions& options,
                                 const std::vector<std::string>& headers) {
  std::vector<std::string> all = headers;
  all.push_back("Accept: application/json");
  return Perform(url, nullptr, all, options);
}

StatusOr<HttpsResponse> HttpsPostForm(const std::string& url, const std::string& form,
                                      const std::vector<std::string>& headers,
                                      const HttpsOptions& options) {
  std::vector<std::string> all = headers;
  all.push_back("Accept: application/json");
  all.push_back("Content-Type: application/x-www-form-urlencoded");
  return Perform(url, &form, all, options);
}

std::string UrlEncode(const std::string& s) {
  char* escaped = curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size()));
  if (escaped == nullptr) return "";
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

}  // namespace keel::net
