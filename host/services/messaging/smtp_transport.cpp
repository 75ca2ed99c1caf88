#include "host/services/messaging/smtp_transport.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <openssl/rand.h>

#include "host/net/curl_easy.hpp"

namespace atrium::host::messaging {
namespace {

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t readUpload(char* buffer, size_t size, size_t count, void* self) {
  auto* upload = static_cast<Upload*>(self);
  const size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

std::string randomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("no random bytes available");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    out += kHex[u >> 4];
    out += kHex[u & 0x0F];
  }
  return out;
}

SmtpTransport::SmtpTransport(config::SmtpConfig config, const std::string& from)
    : config_(std::move(config)), from_(parseMailbox(from)) {
  net::initCurl();
}

std::string SmtpTransport::compose(int64_t id, const OutboxMessage& message,
                                   std::chrono::system_clock::time_point now) const {
  MailContent mail;
  mail.from = from_;
  mail.to = message.recipient;
  mail.subject = message.subject;
  mail.text = message.text;
  mail.html = message.html;
  mail.date = now;
  const std::string domain = from_.address.substr(from_.address.rfind('@') + 1);
  mail.message_id = "<" + std::to_string(id) + "." + randomHex(12) + "@" + domain + ">";
  mail.boundary = "=_atrium_" + randomHex(12);
  return composeMail(mail);
}

DeliveryResult SmtpTransport::deliver(int64_t id, const OutboxMessage& message,
                                      const std::atomic<bool>& cancel) {
  std::string data;
  try {
    data = compose(id, message, std::chrono::system_clock::now());
  } catch (const std::invalid_argument& e) {
    return DeliveryResult::permanent(std::string("smtp: message refused before sending: ") +
                                     e.what());
  }
  net::CurlEasy easy(cancel, config_.connect_timeout, config_.timeout);
  CURL* curl = easy.get();
  // libcurl sends the URL's path as the EHLO name.
  std::string url = config_.url;
  const size_t authority = url.find("://") + 3;
  if (!config_.helo_name.empty() && url.find('/', authority) == std::string::npos) {
    url += "/" + config_.helo_name;
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (config_.url.rfind("smtp://", 0) == 0) {
    const long use_ssl = config_.starttls == config::TlsMode::kRequired   ? CURLUSESSL_ALL
                         : config_.starttls == config::TlsMode::kOptional ? CURLUSESSL_TRY
                                                                          : CURLUSESSL_NONE;
    curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl);
  }
  if (!config_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (!config_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  const std::string mail_from = "<" + from_.address + ">";
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + message.recipient + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  Upload upload{&data};
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, &readUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  const CURLcode code = easy.perform();
  curl_slist_free_all(recipients);
  if (code == CURLE_OK) return DeliveryResult::sent();
  const long reply = easy.responseCode();
  std::string error = "smtp: " + easy.describe(code);
  if (reply != 0) error += " (last reply " + std::to_string(reply) + ")";
  if (easy.cancelled()) return DeliveryResult::retry("smtp: interrupted by shutdown");
  if (code == CURLE_LOGIN_DENIED) return DeliveryResult::retry(error);
  if (reply >= 500 && reply < 600 && reply != 535 && reply != 530) {
    return DeliveryResult::permanent(error);
  }
  return DeliveryResult::retry(error);
}

}  // namespace atrium::host::messaging
