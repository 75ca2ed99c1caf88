#include "host/services/messaging/file_transport.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <nlohmann/json.hpp>

#include "host/services/messaging/outbox_store.hpp"

namespace atrium::host::messaging {

FileTransport::FileTransport(std::string path) : path_(std::move(path)) {}

DeliveryResult FileTransport::deliver(int64_t id, const OutboxMessage& message,
                                      const std::atomic<bool>& /*cancel*/) {
  nlohmann::json line = {
      {"id", id}, {"channel", channelName(message.channel)}, {"to", message.recipient}};
  if (message.channel == Channel::kMail) {
    line["subject"] = message.subject;
    line["text"] = message.text;
    line["html"] = message.html;
  } else {
    line["body"] = message.text;
  }
  line["template"] = message.template_id;
  line["product"] = message.product;
  line["written_at"] = formatOutboxTime(std::chrono::system_clock::now());
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  const std::lock_guard<std::mutex> lock(mutex_);
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec)
    return DeliveryResult::retry("file: cannot create " + parent.string() + ": " + ec.message());
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return DeliveryResult::retry("file: cannot open " + path_ + ": " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      return DeliveryResult::retry("file: cannot write " + path_ + ": " + reason);
    }
    written += static_cast<size_t>(n);
  }
  ::close(fd);
  return DeliveryResult::sent();
}

}  // namespace atrium::host::messaging
