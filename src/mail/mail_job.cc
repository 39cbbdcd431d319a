// Mail jobs: enqueue in the request's transaction, send from a job worker (see mail_job.h).
#include "mail/mail_job.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "base/clock.h"
#include "base/log.h"
#include "crypto/encoding.h"
#include "crypto/random.h"
#include "json/safe_parse.h"

namespace keel::mail {
namespace {

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t n = std::min(size * count, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

bool LoopbackHost(const std::string& url) {
  size_t host = url.find("://") + 3;
  std::string rest = url.substr(host);
  size_t at = rest.rfind('@');
  if (at != std::string::npos) rest = rest.substr(at + 1);
  return rest.rfind("127.", 0) == 0 || rest.rfind("localhost", 0) == 0 ||
         rest.rfind("[::1]", 0) == 0;
}

Status SendSmtp(const Config& config, const Mail& mail, const std::string& message) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Status::Internal("cannot start a transfer");
  CURL* c = curl.get();
  std::string from = "<" + AddressOf(config.mail_from) + ">";
  std::string to = "<" + AddressOf(mail.to) + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(
      curl_slist_append(nullptr, to.c_str()), curl_slist_free_all);
  Upload upload{&message};
  curl_easy_setopt(c, CURLOPT_URL, config.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (config.smtp_url.rfind("smtp://", 0) == 0) {
    // STARTTLS: required, except to a server on this host (a local relay or a test).
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     LoopbackHost(config.smtp_url) ? CURLUSESSL_TRY : CURLUSESSL_ALL);
  }
  if (!config.smtp_user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config.smtp_user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config.smtp_password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30000L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    return Status::Unavailable(std::string("SMTP: ") + curl_easy_strerror(code));
  }
  return Status::Ok();
}

// Writes the message to DIR/<time>-<unique>.eml (written aside, then renamed: a reader
// never sees half a file).
Status WriteFile(const std::string& dir, const std::string& unique, const std::string& message) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Status::FromErrno("mkdir " + dir);
  std::string name = dir + "/" + std::to_string(UnixSeconds()) + "-" + unique + ".eml";
  std::string tmp = name + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FromErrno("open " + tmp);
  bool written = write(fd, message.data(), message.size()) == static_cast<ssize_t>(message.size());
  close(fd);
  if (!written || rename(tmp.c_str(), name.c_str()) != 0) {
    unlink(tmp.c_str());
    return Status::FromErrno("write " + name);
  }
  log::Info("mail written", {{"path", name}});
  return Status::Ok();
}

}  // namespace

Status EnqueueMail(db::Connection& db, const Mail& mail) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (auto [key, value] : {std::pair<const char*, const std::string*>{"to", &mail.to},
                            {"subject", &mail.subject},
                            {"text", &mail.text},
                            {"html", &mail.html}}) {
    w.Key(key);
    w.String(value->data(), static_cast<rapidjson::SizeType>(value->size()));
  }
  w.EndObject();
  return jobs::Enqueue(db, kSendJobKind, std::string_view(buffer.GetString(), buffer.GetSize()))
      .status();
}

Status Deliver(const Config& config, const Mail& mail) {
  std::string unique = crypto::HexEncode(crypto::RandomBytes(12));
  std::string message = Compose(mail, config.mail_from, UnixSeconds(), unique);
  if (!config.smtp_url.empty()) return SendSmtp(config, mail, message);
  if (!config.mail_dir.empty()) return WriteFile(config.mail_dir, unique, message);
  return Status::Unavailable("no KEEL_SMTP_URL or KEEL_MAIL_DIR: mail cannot be sent");
}

Status RunMailJob(db::Connection&, const Config& config, const jobs::ClaimedJob& job) {
  rapidjson::Document doc;
  KEEL_RETURN_IF_ERROR(json::ParseJson(job.payload, doc));
  Mail mail;
  for (auto [key, out] : {std::pair<const char*, std::string*>{"to", &mail.to},
                          {"subject", &mail.subject},
                          {"text", &mail.text},
                          {"html", &mail.html}}) {
    if (!doc.IsObject() || !doc.HasMember(key) || !doc[key].IsString()) {
      log::Error("mail job without its fields", {{"job_id", job.id}});
      return Status::Ok();  // nothing a retry could fix
    }
    out->assign(doc[key].GetString(), doc[key].GetStringLength());
  }
  Status sent = Deliver(config, mail);
  if (sent.ok()) log::Info("mail sent", {{"job_id", job.id}, {"subject", mail.subject}});
  return sent;
}

}  // namespace keel::mail
