#include "host/net/curl_easy.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <new>
#include <stdexcept>

namespace atrium::host::net {

void initCurl() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl could not be initialised");
    }
  });
}

CurlEasy::CurlEasy(const std::atomic<bool>& cancel, std::chrono::milliseconds connect_timeout,
                   std::chrono::milliseconds timeout, size_t max_body)
    : cancel_(cancel), curl_(curl_easy_init()), max_body_(max_body) {
  if (curl_ == nullptr) throw std::bad_alloc();
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &CurlEasy::write);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &CurlEasy::headerLine);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, &CurlEasy::progress);
  curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, this);
}

CurlEasy::~CurlEasy() { curl_easy_cleanup(curl_); }

CURLcode CurlEasy::perform() {
  error_[0] = '\0';
  return curl_easy_perform(curl_);
}

std::string CurlEasy::describe(CURLcode code) const {
  std::string text = curl_easy_strerror(code);
  if (error_[0] != '\0') {
    text += ": ";
    text += error_;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return text;
}

long CurlEasy::responseCode() const {
  long code = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

size_t CurlEasy::write(char* data, size_t size, size_t count, void* self) {
  auto* easy = static_cast<CurlEasy*>(self);
  const size_t n = size * count;
  const size_t room = easy->max_body_ - std::min(easy->max_body_, easy->body_.size());
  easy->body_.append(data, std::min(n, room));
  return n;  // the rest is dropped, not an error
}

std::string CurlEasy::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers_) {
    if (name == lower_name) return value;
  }
  return {};
}

size_t CurlEasy::headerLine(char* data, size_t size, size_t count, void* self) {
  auto* easy = static_cast<CurlEasy*>(self);
  const size_t n = size * count;
  const std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    easy->headers_.clear();  // a new response (after 100 Continue): its headers only
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || easy->headers_.size() >= 64 || n > 8192) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  easy->headers_.emplace_back(std::move(name), std::string(value));
  return n;
}

int CurlEasy::progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<CurlEasy*>(self)->cancel_.load() ? 1 : 0;
}

}  // namespace atrium::host::net
