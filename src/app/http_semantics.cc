// Conditional requests and idempotent POSTs for every API route (see http_semantics.h).
#include "app/http_semantics.h"

#include <cstring>

#include "api/routes.h"
#include "crypto/hash.h"
#include "db/params.h"
#include "db/statement.h"
#include "http/conditional.h"
#include "http/error_response.h"

namespace keel {
namespace {

// A claim takes a free key, an expired one, or one whose first request died (a row
// still running after a minute: no request lives that long) and, on the way, sweeps a
// few expired rows of anybody's.
constexpr db::Statement kClaim{
    "idempotency_claim",
    "WITH swept AS (DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY("
    "SELECT ctid FROM idempotency_keys WHERE created_at < now() - interval '24 hours' "
    "AND NOT (user_id = $1 AND key = $2) ORDER BY created_at LIMIT 16))) "
    "INSERT INTO idempotency_keys AS k (user_id, key, request_hash) VALUES ($1, $2, $3) "
    "ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
    "status = NULL, content_type = NULL, location = NULL, body = NULL, created_at = now() "
    "WHERE k.created_at < now() - interval '24 hours' "
    "OR (k.status IS NULL AND k.created_at < now() - interval '1 minute') RETURNING 1"};
constexpr db::Statement kLookup{
    "idempotency_lookup",
    "SELECT request_hash, status, content_type, location, body FROM idempotency_keys "
    "WHERE user_id = $1 AND key = $2"};
constexpr db::Statement kStore{
    "idempotency_store",
    "UPDATE idempotency_keys SET status = $3, content_type = $4, location = $5, body = $6 "
    "WHERE user_id = $1 AND key = $2"};
constexpr db::Statement kRelease{
    "idempotency_release",
    "DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status IS NULL"};

constexpr size_t kMaxKeyLength = 255;

bool SerializationFailure(const db::Connection& db, const Status& status) {
  return !status.ok() && db.last_error().sqlstate == "40001";
}

Status Stale() {
  return Status::Error(ErrorCode::kPreconditionFailed,
                       "the resource has changed since the If-Match entity tag was read");
}

void Release(api::RequestContext& ctx) {
  db::Params params;
  params.Add(ctx.user().user_id).Add(ctx.request.idempotency_key);
  auto ignored = ctx.db.Execute(kRelease, params);
  (void)ignored;
}

}  // namespace

namespace {

bool IsSignInRoute(const api::Route& route) { return std::strncmp(route.path, "/auth/", 6) == 0; }

}  // namespace

bool TagsReads(const api::Route& route) {
  return route.method == http::Method::kGet && !IsSignInRoute(route);
}

bool TakesIdempotencyKey(const api::Route& route) {
  const bool signed_in =
      route.access != api::Access::kPublic && route.access != api::Access::kInternal;
  return route.method == http::Method::kPost && signed_in && !IsSignInRoute(route);
}

const api::Route* ReadTwinOf(const api::Route& write_route) {
  const bool write = write_route.method == http::Method::kPut ||
                     write_route.method == http::Method::kPatch ||
                     write_route.method == http::Method::kDelete;
  if (!write || IsSignInRoute(write_route)) return nullptr;
  for (const api::Route& r : api::ApiRoutes()) {
    if (r.method == http::Method::kGet && std::strcmp(r.path, write_route.path) == 0) return &r;
  }
  return nullptr;
}

Status RunConditionalWrite(api::RequestContext& ctx, const api::Route& read_twin,
                           const std::function<Status()>& write) {
  // The read takes the snapshot; under REPEATABLE READ the write's UPDATE/DELETE then
  // fails with a serialization failure if another transaction changed the row since.
  KEEL_RETURN_IF_ERROR(ctx.db.ExecuteScript("BEGIN ISOLATION LEVEL REPEATABLE READ"));
  http::Response current;
  api::RequestContext read{ctx.request, current, ctx.params, ctx.db, ctx.config};
  read.principal = ctx.principal;
  Status status = read_twin.handler(read);
  if (status.ok() && !http::TagListNames(ctx.request.if_match, http::EntityTag(current.body()))) {
    status = Stale();
  }
  if (status.ok()) {
    status = write();
    if (status.ok()) status = ctx.db.Commit();
    if (SerializationFailure(ctx.db, status)) status = Stale();
  }
  ctx.db.Rollback();  // no-op after a commit
  return status;
}

Status RunIdempotent(api::RequestContext& ctx, std::string_view api_path,
                     const std::function<Status()>& create) {
  const http::Request& request = ctx.request;
  if (request.idempotency_key.size() > kMaxKeyLength) {
    return Status::InvalidField("Idempotency-Key", "Idempotency-Key must be 1-255 characters");
  }
  std::string fingerprint;
  fingerprint.reserve(api_path.size() + request.content_type.size() + request.body.size() + 8);
  fingerprint.append(request.method_text).append("\n").append(api_path).append("\n");
  fingerprint.append(request.content_type).append("\n").append(request.body);
  std::string request_hash = crypto::Sha256Hex(fingerprint);

  db::Params key;
  key.Add(ctx.user().user_id).Add(request.idempotency_key);
  db::Params claim;
  claim.Add(ctx.user().user_id).Add(request.idempotency_key).Add(request_hash);
  KEEL_ASSIGN_OR_RETURN(db::Result claimed, ctx.db.Execute(kClaim, claim));
  if (claimed.empty()) {
    KEEL_ASSIGN_OR_RETURN(db::Result first, ctx.db.Execute(kLookup, key));
    if (!first.empty() && first.Text(0, 0) != request_hash) {
      return Status::Error(ErrorCode::kUnprocessable,
                           "this Idempotency-Key was already used for a different request");
    }
    if (first.empty() || first.IsNull(0, 1)) {
      return Status::Conflict("a request with this Idempotency-Key is still running");
    }
    ctx.response.Text(static_cast<int>(first.Int64(0, 1)), first.String(0, 2), first.String(0, 4));
    if (!first.Text(0, 3).empty()) ctx.response.AddHeader("Location", first.String(0, 3));
    ctx.response.AddHeader("Idempotent-Replayed", "true");
    return Status::Ok();
  }

  // The handler's writes and the stored answer commit together: a worker that dies in
  // between leaves neither, and the key is taken over a minute later.
  Status status = ctx.db.Begin();
  if (status.ok()) status = create();
  if (status.ok() && ctx.response.status() >= 200 && ctx.response.status() < 300) {
    db::Params store;
    store.Add(ctx.user().user_id).Add(request.idempotency_key);
    store.Add(int64_t{ctx.response.status()}).Add(ctx.response.content_type());
    store.Add(ctx.response.Header("Location")).Add(ctx.response.body());
    auto stored = ctx.db.Execute(kStore, store);
    if (!stored.ok()) status = stored.status();
  }
  if (status.ok()) status = ctx.db.Commit();
  if (ctx.db.in_transaction()) ctx.db.Rollback();
  // Only a 2xx answer is kept: after an error the client may retry under the same key.
  bool kept = status.ok() && ctx.response.status() >= 200 && ctx.response.status() < 300;
  if (!kept) Release(ctx);
  return status;
}

void ApplyEntityTag(const http::Request& request, http::Response& response) {
  std::string etag = http::EntityTag(response.body());
  bool hit = !request.if_none_match.empty() && http::TagListNames(request.if_none_match, etag);
  response.AddHeader("ETag", std::move(etag));
  if (hit) response.NotModified();
}

}  // namespace keel
