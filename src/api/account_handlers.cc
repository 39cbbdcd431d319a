// Account flows by mail (auth/account_flows.h):
//   POST auth/password/forgot {email}                       → 202 (always the same)
//   POST auth/password/reset {token | email+code, new_password} → 204, every session revoked
//   POST auth/email/verify/request                          → 202 (signed in)
//   POST auth/email/verify {token | code}                   → 200 the user (signed in)
//   POST auth/email/change {new_email, password}            → 202 (signed in)
//   POST auth/email/change/confirm {token | code}           → 200 the user (signed in)
#include "api/auth_support.h"
#include "api/handlers.h"
#include "api/resource_util.h"
#include "auth/account_flows.h"

namespace keel::api {
namespace {

StringRule PasswordField() {
  return StringRule{.required = true, .max_length = 1024, .trim = false, .single_line = false};
}

// token (the link's) or code (6 digits); with `email` when the caller is not signed in.
auth::OneTimeProof ReadProof(FieldReader& r, bool with_email) {
  auth::OneTimeProof proof;
  auto token = r.String("token", {.max_length = 128});
  auto code = r.String("code", {.max_length = 16});
  if (token.has_value() && !token.value.empty()) proof.token = token.value;
  if (code.has_value() && !code.value.empty()) {
    bool digits = code.value.size() == auth::kCodeDigits;
    for (char c : code.value) digits = digits && c >= '0' && c <= '9';
    if (!digits) r.AddError("code", "code must be the 6 digits from the mail");
    proof.code = code.value;
  }
  if (with_email) {
    auto email = r.Email("email", false);
    if (email.has_value()) proof.email = email.value;
  }
  if (!proof.token && !proof.code) r.AddError("token", "token or code is required");
  return proof;
}

void Accepted(RequestContext& ctx, const char* message) {
  ctx.response.Json(202, [&](http::JsonWriter& w) {
    w.StartObject();
    WriteStringField(w, "message", message);
    w.EndObject();
  });
}

}  // namespace

Status HandleForgotPassword(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  Value<std::string> email = r.Email("email", true);
  KEEL_RETURN_IF_ERROR(r.Finish());
  KEEL_RETURN_IF_ERROR(
      auth::RequestPasswordReset(ctx.db, ctx.config, email.value, ClientOf(ctx.request)));
  Accepted(ctx, "if an account has this address, a mail with a reset link is on its way");
  return Status::Ok();
}

Status HandleResetPassword(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  auth::OneTimeProof proof = ReadProof(r, true);
  Value<std::string> password = r.String("new_password", PasswordField());
  KEEL_RETURN_IF_ERROR(r.Finish());
  KEEL_RETURN_IF_ERROR(
      auth::ResetPassword(ctx.db, ctx.config, proof, password.value, ClientOf(ctx.request)));
  ctx.response.NoContent();
  return Status::Ok();
}

Status HandleRequestEmailVerification(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_RETURN_IF_ERROR(
      auth::RequestEmailVerification(ctx.db, ctx.config, ctx.user(), ClientOf(ctx.request)));
  Accepted(ctx, "a verification mail is on its way unless the address is already verified");
  return Status::Ok();
}

Status HandleVerifyEmail(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  auth::OneTimeProof proof = ReadProof(r, false);
  KEEL_RETURN_IF_ERROR(r.Finish());
  KEEL_ASSIGN_OR_RETURN(users::User user,
                        auth::VerifyEmail(ctx.db, ctx.user(), proof, ClientOf(ctx.request)));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteUser(w, user); });
  return Status::Ok();
}

Status HandleRequestEmailChange(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  Value<std::string> email = r.Email("new_email", true);
  Value<std::string> password = r.String("password", PasswordField());
  KEEL_RETURN_IF_ERROR(r.Finish());
  KEEL_RETURN_IF_ERROR(auth::RequestEmailChange(ctx.db, ctx.config, ctx.user(), email.value,
                                                password.value, ClientOf(ctx.request)));
  Accepted(ctx, "a confirmation mail was sent to the new address");
  return Status::Ok();
}

Status HandleConfirmEmailChange(RequestContext& ctx) {
  KEEL_RETURN_IF_ERROR(RejectQuery(ctx));
  KEEL_ASSIGN_OR_RETURN(const http::Fields* body, ctx.Body());
  FieldReader r(*body);
  auth::OneTimeProof proof = ReadProof(r, false);
  KEEL_RETURN_IF_ERROR(r.Finish());
  KEEL_ASSIGN_OR_RETURN(users::User user, auth::ConfirmEmailChange(ctx.db, ctx.config, ctx.user(),
                                                                   proof, ClientOf(ctx.request)));
  ctx.response.Json(200, [&](http::JsonWriter& w) { WriteUser(w, user); });
  return Status::Ok();
}

}  // namespace keel::api
