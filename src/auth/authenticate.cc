// Authenticate: until the auth module lands, every protected route answers 401.
#include "auth/authenticate.h"

namespace keel::auth {

StatusOr<Principal> Authenticate(const http::Request&, db::Connection&, const Config&) {
  return Status::Unauthorized();
}

}  // namespace keel::auth
