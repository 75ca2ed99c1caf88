#pragma once

// A small SMTP server for the transport tests: EHLO/HELO, optional STARTTLS (OpenSSL, with a
// certificate from makeSelfSignedCertificate), AUTH PLAIN and LOGIN, MAIL/RCPT/DATA, RSET,
// NOOP, QUIT. It records what it received and can be told to refuse (4xx at the end of DATA,
// 5xx at RCPT) or to hang (accept the connection and never answer).
//
//   SmtpTestServer smtp;                      // 127.0.0.1, a free port
//   ... deliver to smtp://127.0.0.1:<smtp.port()> ...
//   ASSERT_TRUE(smtp.waitForMessages(1));
//   EXPECT_EQ(smtp.received()[0].rcpt_to[0], "a@example.com");

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace atrium::testing {

struct SmtpReceived {
  std::string helo;
  std::string mail_from;             // the address inside <>
  std::vector<std::string> rcpt_to;  // the addresses inside <>
  std::string data;                  // the message, dot-unstuffed, without the final "."
  std::string auth_user;             // empty: no AUTH
  std::string auth_password;
  std::string auth_mechanism;  // PLAIN or LOGIN
  bool tls = false;            // the session was upgraded with STARTTLS
};

enum class SmtpMode {
  kAccept,
  kTempFail,  // 451 after DATA
  kPermFail,  // 550 at RCPT
  kHang,      // never send the greeting
};

struct SmtpTestServerOptions {
  uint16_t port = 0;  // 0: a free port; else that port (to bring a "crashed" server back)
  std::filesystem::path cert_file = {};  // set both to offer STARTTLS
  std::filesystem::path key_file = {};
  bool implicit_tls = false;  // with a certificate: TLS from the first byte (smtps://)
  std::string user = {};      // set: AUTH PLAIN LOGIN offered and required before MAIL
  std::string password = {};
};

class SmtpTestServer {
 public:
  explicit SmtpTestServer(SmtpTestServerOptions options = {});
  ~SmtpTestServer();  // stop()
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const {
    return (options_.implicit_tls ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") +
           std::to_string(port_);
  }
  void setMode(SmtpMode mode) { mode_ = mode; }

  std::vector<SmtpReceived> received() const;
  // Connections accepted so far (also those that delivered nothing).
  size_t connections() const { return connections_; }
  bool waitForMessages(size_t count,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // Closes the listening socket and every connection, joins the thread. Idempotent.
  void stop();

 private:
  void run();
  void serve(int fd);

  SmtpTestServerOptions options_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<SmtpMode> mode_{SmtpMode::kAccept};
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> connections_{0};
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<SmtpReceived> received_;
  void* ssl_ctx_ = nullptr;  // SSL_CTX*
  std::thread thread_;
};

// Writes a throwaway self-signed certificate for 127.0.0.1 and localhost (EC P-256, valid one
// day) into `dir` with the openssl command: dir/cert.pem and dir/key.pem. Throws on failure.
void makeSelfSignedCertificate(const std::filesystem::path& dir);

// Decodes standard base64 (for AUTH; also handy in tests). Throws std::invalid_argument.
std::string decodeBase64(std::string_view text);

}  // namespace atrium::testing
