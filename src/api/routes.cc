// The route table, redis-style: method, path, handler, who may call it; a declared
// resource (resource/resource.h) is one line that stands for its routes.
// docs/openapi.yaml documents exactly these rows (a test compares them).
#include "api/routes.h"

#include <initializer_list>
#include <utility>

#include "api/handlers.h"
#include "api/resource_handlers.h"
#include "dashboard/item_resource.h"
#include "notes/note_resource.h"
#include "projects/project_resource.h"
#include "tasks/task_resource.h"
#include "time_entries/time_entry_resource.h"

namespace keel::api {

using http::Method;

namespace {

// One line of the table: a route, or all the routes of a declared resource.
struct RouteRows {
  RouteRows(Method method, const char* path, Handler handler, Access access,
            Body body = Body::kBuffered)
      : rows{{method, path, handler, access, body}} {}
  RouteRows(std::vector<Route> resource_rows) : rows(std::move(resource_rows)) {}
  std::vector<Route> rows;
};

std::vector<Route> Table(std::initializer_list<RouteRows> lines) {
  std::vector<Route> out;
  for (const RouteRows& line : lines) out.insert(out.end(), line.rows.begin(), line.rows.end());
  return out;
}

}  // namespace

const std::vector<Route>& ApiRoutes() {
  static const std::vector<Route> kRoutes = Table({
      // Placeholder so the table is never empty; real rows follow per resource.
      {Method::kGet, "/version", HandleVersion, Access::kPublic},
      // Auth (§4)
      {Method::kPost, "/auth/register", HandleRegister, Access::kPublic},
      {Method::kPost, "/auth/signup", HandleRegister, Access::kPublic},
      {Method::kPost, "/signup", HandleRegister, Access::kPublic},
      {Method::kPost, "/auth/login", HandleLogin, Access::kPublic},
      {Method::kPost, "/login", HandleLogin, Access::kPublic},
      {Method::kPost, "/auth/refresh", HandleRefresh, Access::kPublic},
      {Method::kPost, "/auth/logout", HandleLogout, Access::kUser},
      {Method::kPost, "/auth/logout-all", HandleLogoutAll, Access::kUser},
      {Method::kGet, "/auth/me", HandleGetMe, Access::kUser},
      {Method::kPatch, "/auth/me", HandlePatchMe, Access::kUser},
      {Method::kPost, "/auth/password", HandleChangePassword, Access::kUser},
      {Method::kPut, "/auth/me/avatar", HandlePutAvatar, Access::kUser, Body::kStreamed},
      {Method::kDelete, "/auth/me/avatar", HandleDeleteAvatar, Access::kUser},
      {Method::kGet, "/auth/sessions", HandleListSessions, Access::kUser},
      {Method::kDelete, "/auth/sessions/{id}", HandleRevokeSession, Access::kUser},
      {Method::kGet, "/auth/events", HandleListAuthEvents, Access::kUser},
      // Personal API keys (scripts): managed from a signed-in session only.
      {Method::kPost, "/auth/api-keys", HandleCreateApiKey, Access::kUser},
      {Method::kGet, "/auth/api-keys", HandleListApiKeys, Access::kUser},
      {Method::kDelete, "/auth/api-keys/{id}", HandleDeleteApiKey, Access::kUser},
      // OpenID Connect sign-in (providers from KEEL_OIDC_PROVIDERS) and linked identities.
      {Method::kGet, "/auth/oauth/providers", HandleListOidcProviders, Access::kPublic},
      {Method::kGet, "/auth/oauth/{provider}/start", HandleOidcStart, Access::kPublic},
      {Method::kGet, "/auth/oauth/{provider}/callback", HandleOidcCallback, Access::kPublic},
      {Method::kPost, "/auth/oauth/{provider}/callback", HandleOidcCallback, Access::kPublic},
      {Method::kGet, "/auth/identities", HandleListIdentities, Access::kUser},
      {Method::kPost, "/auth/identities/{provider}/link", HandleLinkIdentity, Access::kUser},
      {Method::kDelete, "/auth/identities/{id}", HandleDeleteIdentity, Access::kUser},
      // Account flows by mail.
      {Method::kPost, "/auth/password/forgot", HandleForgotPassword, Access::kPublic},
      {Method::kPost, "/auth/password/reset", HandleResetPassword, Access::kPublic},
      {Method::kPost, "/auth/email/verify/request", HandleRequestEmailVerification, Access::kUser},
      {Method::kPost, "/auth/email/verify", HandleVerifyEmail, Access::kUser},
      {Method::kPost, "/auth/email/change", HandleRequestEmailChange, Access::kUser},
      {Method::kPost, "/auth/email/change/confirm", HandleConfirmEmailChange, Access::kUser},
      // Users (§5)
      {Method::kGet, "/users", HandleListUsers, Access::kAdmin},
      {Method::kGet, "/users/{id}", HandleGetUser, Access::kUser},
      {Method::kPatch, "/users/{id}", HandlePatchUser, Access::kUser},
      {Method::kPut, "/users/{id}", HandlePutUser, Access::kUser},
      {Method::kDelete, "/users/{id}", HandleDeleteUser, Access::kUser},
      // Dashboard (§5, seed 000): items are read by every user, written by admins.
      {Method::kGet, "/dashboard/data", HandleDashboardData, Access::kOwnerRead},
      ResourceRoutes<dashboard::kItems>(Access::kAdmin),
      // Engagement metrics (§5, seed 001). "summary" before "{id}": first match wins.
      {Method::kGet, "/dashboard/metrics", HandleListMetrics, Access::kOwnerRead},
      {Method::kPost, "/dashboard/metrics", HandleCreateMetric, Access::kUser},
      {Method::kGet, "/dashboard/metrics/summary", HandleMetricsSummary, Access::kOwnerRead},
      {Method::kGet, "/dashboard/metrics/{id}", HandleGetMetric, Access::kOwnerRead},
      // Projects, time entries and the time report (§5, seed 002)
      ResourceRoutes<projects::kProjects>(),
      ResourceRoutes<time_entries::kTimeEntries>(),
      {Method::kGet, "/reports/time", HandleTimeReport, Access::kOwnerRead},
      // Tasks (§5, seed 004)
      ResourceRoutes<tasks::kTasks>(),
      ResourceRoutes<notes::kNotes>(),
      // Webhooks (§5, seed 002): endpoints are the owner's; deliveries are signed, not
      // signed in.
      {Method::kGet, "/webhook-endpoints", HandleListWebhookEndpoints, Access::kOwnerRead},
      {Method::kPost, "/webhook-endpoints", HandleCreateWebhookEndpoint, Access::kUser},
      {Method::kGet, "/webhook-endpoints/{id}", HandleGetWebhookEndpoint, Access::kOwnerRead},
      {Method::kDelete, "/webhook-endpoints/{id}", HandleDeleteWebhookEndpoint, Access::kUser},
      {Method::kGet, "/webhook-endpoints/{id}/events", HandleListWebhookEvents, Access::kOwnerRead},
      {Method::kPost, "/webhooks/{endpoint_id}", HandleReceiveWebhook, Access::kPublic},
      // Outbound webhooks: the owner's subscriptions and their delivery log.
      {Method::kGet, "/webhook-subscriptions", HandleListWebhookSubscriptions, Access::kOwnerRead},
      {Method::kPost, "/webhook-subscriptions", HandleCreateWebhookSubscription, Access::kUser},
      {Method::kGet, "/webhook-subscriptions/{id}", HandleGetWebhookSubscription,
       Access::kOwnerRead},
      {Method::kPatch, "/webhook-subscriptions/{id}", HandlePatchWebhookSubscription,
       Access::kUser},
      {Method::kDelete, "/webhook-subscriptions/{id}", HandleDeleteWebhookSubscription,
       Access::kUser},
      {Method::kGet, "/webhook-subscriptions/{id}/deliveries", HandleListWebhookDeliveries,
       Access::kOwnerRead},
      {Method::kPost, "/webhook-subscriptions/{id}/deliveries/{delivery_id}/redeliver",
       HandleRedeliverWebhook, Access::kUser},
      // Files (uploads): POST files streams its body (KEEL_MAX_UPLOAD_BYTES).
      {Method::kGet, "/files", HandleListFiles, Access::kOwnerRead},
      {Method::kPost, "/files", HandleCreateFile, Access::kUser, Body::kStreamed},
      {Method::kGet, "/files/usage", HandleFilesUsage, Access::kOwnerRead},
      {Method::kGet, "/files/{id}", HandleGetFile, Access::kOwnerRead},
      {Method::kGet, "/files/{id}/content", HandleGetFileContent, Access::kOwnerRead},
      {Method::kDelete, "/files/{id}", HandleDeleteFile, Access::kUser},
      {Method::kGet, "/tasks/{id}/attachments", HandleListAttachments, Access::kOwnerRead},
      {Method::kPost, "/tasks/{id}/attachments", HandleAttachFile, Access::kUser},
      {Method::kDelete, "/tasks/{id}/attachments/{file_id}", HandleDetachFile, Access::kUser},
  });
  return kRoutes;
}

const std::vector<Route>& TopLevelRoutes() {
  static const std::vector<Route> kRoutes = {
      {Method::kGet, "/health", HandleHealth, Access::kPublic},
      {Method::kGet, "/metrics", HandleMetrics, Access::kInternal},
      {Method::kGet, "/status", HandleStatus, Access::kInternal},
  };
  return kRoutes;
}

const std::vector<std::string_view>& RouteNames() {
  static const std::vector<std::string> kOwned = [] {
    std::vector<std::string> names;
    for (const Route& r : ApiRoutes()) {
      names.push_back(std::string(http::MethodName(r.method)) + " /api/v1" + r.path);
    }
    for (const Route& r : TopLevelRoutes()) {
      names.push_back(std::string(http::MethodName(r.method)) + " " + r.path);
    }
    return names;
  }();
  static const std::vector<std::string_view> kNames(kOwned.begin(), kOwned.end());
  return kNames;
}

}  // namespace keel::api
