#pragma once

#include <mutex>
#include <string>

#include "host/services/messaging/transport.hpp"

namespace atrium::host::messaging {

// The development transport: appends one JSON line per message to a file
// (var/outbox/mail.jsonl, var/outbox/sms.jsonl by default), so that a developer can read the
// mail or code they were sent:
//   {"id":1,"channel":"mail","to":"a@example.com","subject":"...","text":"...","html":"...",
//    "template":"...","product":"...","written_at":"2026-11-22T08:10:00.000Z"}
// The file's directory is created when missing; the file is created with mode 0600 (it holds
// one-time codes). A line is written with one write(2) on an O_APPEND descriptor, so lines from
// several instances never interleave.
class FileTransport : public Transport {
 public:
  explicit FileTransport(std::string path);

  std::string_view name() const override { return "file"; }
  DeliveryResult deliver(int64_t id, const OutboxMessage& message,
                         const std::atomic<bool>& cancel) override;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::mutex mutex_;
};

}  // namespace atrium::host::messaging
