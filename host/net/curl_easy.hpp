#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <curl/curl.h>

namespace atrium::host::net {

// Once per process, before any transfer (thread-safe; libcurl >= 7.84 also makes the call
// itself thread-safe).
void initCurl();

// One libcurl easy handle with the settings every transport shares: no signals, timeouts, no
// redirects, a response body capped at `max_body` bytes, an error buffer, and a progress
// callback that aborts the transfer when `cancel` turns true.
class CurlEasy {
 public:
  CurlEasy(const std::atomic<bool>& cancel, std::chrono::milliseconds connect_timeout,
           std::chrono::milliseconds timeout, size_t max_body = 64 * 1024);
  ~CurlEasy();
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;

  CURL* get() const { return curl_; }
  // Runs the transfer.
  CURLcode perform();
  // "Couldn't connect to server: Failed to connect to 127.0.0.1 port 1: Connection refused".
  std::string describe(CURLcode code) const;
  long responseCode() const;
  const std::string& body() const { return body_; }
  // The value of the response header `lower_name` (the last response's, when curl followed
  // none), or "" when absent. At most 64 headers of 8 KiB are kept.
  std::string header(std::string_view lower_name) const;
  bool cancelled() const { return cancel_.load(); }

 private:
  static size_t write(char* data, size_t size, size_t count, void* self);
  static size_t headerLine(char* data, size_t size, size_t count, void* self);
  static int progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

  const std::atomic<bool>& cancel_;
  CURL* curl_;
  size_t max_body_;
  std::string body_;
  std::vector<std::pair<std::string, std::string>> headers_;  // names lower-cased
  char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace atrium::host::net
