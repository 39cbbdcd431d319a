// OutboundSender: one signed POST of a webhook delivery, through libcurl.
//
// Bounded in every way a receiver could stretch it: a total timeout, a connect
// timeout, no redirects followed, http/https only, no proxy from the environment, the
// answer's body dropped as it arrives (only its status counts, and a receiver streaming
// forever costs no memory). Every address libcurl connects to is checked by the SSRF
// guard at connect time (CURLOPT_OPENSOCKETFUNCTION): a refused address fails the
// attempt without a connection being made.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace keel::webhooks {

struct PostOutcome {
  long status = 0;    // HTTP status; 0 when no answer came
  std::string error;  // why the attempt failed (empty for a 2xx)
  bool ok() const { return status >= 200 && status < 300; }
};

struct SignedPost {
  std::string_view url;
  std::string_view webhook_id;
  std::string_view timestamp;
  std::string_view signature;  // "v1,<base64>"
  std::string_view body;
  int64_t timeout_ms = 10000;
  bool allow_private = false;
};

PostOutcome PostSigned(const SignedPost& post);

}  // namespace keel::webhooks
