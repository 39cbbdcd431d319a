// Mail through the job queue: a request enqueues a mail in its own transaction
// (EnqueueMail), and only a job worker sends it (RunMailJob, kind "mail.send"): through
// libcurl's SMTP when KEEL_SMTP_URL is set, else as an .eml file in KEEL_MAIL_DIR. A
// failed send is a failed attempt, retried with the queue's back-off.
#pragma once

#include "base/status.h"
#include "config/config.h"
#include "db/connection.h"
#include "jobs/job_store.h"
#include "mail/message.h"

namespace keel::mail {

inline constexpr const char* kSendJobKind = "mail.send";

Status EnqueueMail(db::Connection& db, const Mail& mail);
Status RunMailJob(db::Connection& db, const Config& config, const jobs::ClaimedJob& job);
// Sends (or writes) one composed message now.
Status Deliver(const Config& config, const Mail& mail);

}  // namespace keel::mail
