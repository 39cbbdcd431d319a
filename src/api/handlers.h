// Declarations of every handler named in the route table, grouped by resource.
// Each group is implemented in its own file (api/<resource>_handlers.cc).
#pragma once

#include "api/context.h"

namespace keel::api {

// operations_handlers.cc
Status HandleHealth(RequestContext& ctx);
Status HandleMetrics(RequestContext& ctx);
Status HandleStatus(RequestContext& ctx);
Status HandleVersion(RequestContext& ctx);

// auth_handlers.cc (CONTRACT §4)
Status HandleRegister(RequestContext& ctx);
Status HandleLogin(RequestContext& ctx);
Status HandleRefresh(RequestContext& ctx);
Status HandleLogout(RequestContext& ctx);
Status HandleLogoutAll(RequestContext& ctx);
Status HandleGetMe(RequestContext& ctx);
Status HandlePatchMe(RequestContext& ctx);
Status HandleChangePassword(RequestContext& ctx);
Status HandleListSessions(RequestContext& ctx);
Status HandleRevokeSession(RequestContext& ctx);
Status HandleListAuthEvents(RequestContext& ctx);

// api_key_handlers.cc (personal API keys)
Status HandleCreateApiKey(RequestContext& ctx);
Status HandleListApiKeys(RequestContext& ctx);
Status HandleDeleteApiKey(RequestContext& ctx);

// oidc_handlers.cc (OpenID Connect sign-in and linked identities)
Status HandleListOidcProviders(RequestContext& ctx);
Status HandleOidcStart(RequestContext& ctx);
Status HandleOidcCallback(RequestContext& ctx);
Status HandleListIdentities(RequestContext& ctx);
Status HandleLinkIdentity(RequestContext& ctx);
Status HandleDeleteIdentity(RequestContext& ctx);

// users_handlers.cc (CONTRACT §5)
Status HandleListUsers(RequestContext& ctx);
Status HandleGetUser(RequestContext& ctx);
Status HandlePatchUser(RequestContext& ctx);
Status HandlePutUser(RequestContext& ctx);
Status HandleDeleteUser(RequestContext& ctx);

// dashboard_handlers.cc (seed 000; its items are a declared resource)
Status HandleDashboardData(RequestContext& ctx);

// metrics_handlers.cc (seed 001)
Status HandleListMetrics(RequestContext& ctx);
Status HandleCreateMetric(RequestContext& ctx);
Status HandleMetricsSummary(RequestContext& ctx);
Status HandleGetMetric(RequestContext& ctx);

// reports_handlers.cc (seed 002)
Status HandleTimeReport(RequestContext& ctx);

// webhooks_handlers.cc (seed 002)
Status HandleListWebhookEndpoints(RequestContext& ctx);
Status HandleCreateWebhookEndpoint(RequestContext& ctx);
Status HandleGetWebhookEndpoint(RequestContext& ctx);
Status HandleDeleteWebhookEndpoint(RequestContext& ctx);
Status HandleListWebhookEvents(RequestContext& ctx);
Status HandleReceiveWebhook(RequestContext& ctx);
// Account flows by mail (account_handlers.cc).
Status HandleForgotPassword(RequestContext& ctx);
Status HandleResetPassword(RequestContext& ctx);
Status HandleRequestEmailVerification(RequestContext& ctx);
Status HandleVerifyEmail(RequestContext& ctx);
Status HandleRequestEmailChange(RequestContext& ctx);
Status HandleConfirmEmailChange(RequestContext& ctx);
// Outbound webhook subscriptions (webhook_subscriptions_handlers.cc).
Status HandleListWebhookSubscriptions(RequestContext& ctx);
Status HandleCreateWebhookSubscription(RequestContext& ctx);
Status HandleGetWebhookSubscription(RequestContext& ctx);
Status HandlePatchWebhookSubscription(RequestContext& ctx);
Status HandleDeleteWebhookSubscription(RequestContext& ctx);
Status HandleListWebhookDeliveries(RequestContext& ctx);
Status HandleRedeliverWebhook(RequestContext& ctx);

// files_handlers.cc (uploads)
Status HandleCreateFile(RequestContext& ctx);
Status HandleListFiles(RequestContext& ctx);
Status HandleGetFile(RequestContext& ctx);
Status HandleFilesUsage(RequestContext& ctx);
Status HandleGetFileContent(RequestContext& ctx);
Status HandleDeleteFile(RequestContext& ctx);
Status HandleListAttachments(RequestContext& ctx);
Status HandleAttachFile(RequestContext& ctx);
Status HandleDetachFile(RequestContext& ctx);

// avatar_handlers.cc
Status HandlePutAvatar(RequestContext& ctx);
Status HandleDeleteAvatar(RequestContext& ctx);

}  // namespace keel::api
