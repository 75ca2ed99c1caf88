#include "tests/support/smtp_test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace atrium::testing {
namespace {

// One client connection, plain or TLS, with line reads that give up when the server stops.
class Connection {
 public:
  Connection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}
  ~Connection() {
    if (ssl_ != nullptr) {
      SSL_shutdown(ssl_);
      SSL_free(ssl_);
    }
    ::close(fd_);
  }

  bool startTls(SSL_CTX* ctx) {
    ssl_ = SSL_new(ctx);
    SSL_set_fd(ssl_, fd_);
    buffer_.clear();
    return SSL_accept(ssl_) == 1;
  }
  bool tls() const { return ssl_ != nullptr; }

  bool send(const std::string& text) {
    size_t sent = 0;
    while (sent < text.size()) {
      const ssize_t n =
          ssl_ != nullptr
              ? SSL_write(ssl_, text.data() + sent, static_cast<int>(text.size() - sent))
              : ::send(fd_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // A line without its CRLF; false when the peer closed or the server is stopping.
  bool readLine(std::string& line) {
    for (;;) {
      const size_t end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return true;
      }
      if (!fill()) return false;
    }
  }

  // Waits (without reading) until the peer closes or the server stops.
  void idle() {
    char c;
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0 && ::recv(fd_, &c, 1, 0) <= 0) return;
    }
  }

 private:
  bool fill() {
    char chunk[4096];
    for (;;) {
      if (stopping_) return false;
      if (ssl_ == nullptr || SSL_pending(ssl_) == 0) {
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, 50);
        if (ready == 0) continue;
        if (ready < 0) return false;
      }
      const ssize_t n = ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof chunk)
                                        : ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
  }

  int fd_;
  const std::atomic<bool>& stopping_;
  SSL* ssl_ = nullptr;
  std::string buffer_;
};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string between(const std::string& line, char open, char close) {
  const size_t a = line.find(open);
  const size_t b = line.find(close, a == std::string::npos ? 0 : a + 1);
  if (a == std::string::npos || b == std::string::npos) return {};
  return line.substr(a + 1, b - a - 1);
}

}  // namespace

std::string decodeBase64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=' || c == '\r' || c == '\n' || c == ' ') continue;
    const int v = value(c);
    if (v < 0) throw std::invalid_argument("not base64");
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

void makeSelfSignedCertificate(const std::filesystem::path& dir) {
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
      (dir / "key.pem").string() + "' -out '" + (dir / "cert.pem").string() + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("openssl could not make a self-signed certificate");
  }
}

SmtpTestServer::SmtpTestServer(SmtpTestServerOptions options) : options_(std::move(options)) {
  if (!options_.cert_file.empty()) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_file(ctx, options_.cert_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, options_.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
      SSL_CTX_free(ctx);
      throw std::runtime_error("SmtpTestServer: cannot load the certificate or key");
    }
    ssl_ctx_ = ctx;
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(options_.port);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("SmtpTestServer: cannot listen on port " +
                             std::to_string(options_.port));
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

SmtpTestServer::~SmtpTestServer() {
  stop();
  if (ssl_ctx_ != nullptr) SSL_CTX_free(static_cast<SSL_CTX*>(ssl_ctx_));
}

void SmtpTestServer::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
}

std::vector<SmtpReceived> SmtpTestServer::received() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

bool SmtpTestServer::waitForMessages(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return received_.size() >= count; });
}

void SmtpTestServer::run() {
  std::vector<std::thread> sessions;
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    sessions.emplace_back([this, fd] { serve(fd); });
  }
  for (auto& session : sessions) session.join();
}

void SmtpTestServer::serve(int fd) {
  Connection conn(fd, stopping_);
  if (mode_ == SmtpMode::kHang) {
    conn.idle();
    return;
  }
  if (options_.implicit_tls && !conn.startTls(static_cast<SSL_CTX*>(ssl_ctx_))) return;
  if (!conn.send("220 127.0.0.1 ESMTP atrium-test\r\n")) return;
  SmtpReceived current;
  current.tls = conn.tls();
  bool authenticated = false;
  std::string line;
  const bool offer_tls = ssl_ctx_ != nullptr;
  const bool auth = !options_.user.empty();
  auto checkCredentials = [&](const std::string& user, const std::string& password,
                              const char* mechanism) {
    authenticated = user == options_.user && password == options_.password;
    if (authenticated) {
      current.auth_user = user;
      current.auth_password = password;
      current.auth_mechanism = mechanism;
    }
    return conn.send(authenticated ? "235 2.7.0 Authentication successful\r\n"
                                   : "535 5.7.8 Authentication credentials invalid\r\n");
  };
  while (conn.readLine(line)) {
    const std::string command = upper(line.substr(0, line.find(' ')));
    bool ok = true;
    if (command == "EHLO") {
      current.helo = line.size() > 5 ? line.substr(5) : "";
      current.tls = conn.tls();
      std::string reply = "250-127.0.0.1\r\n";
      if (offer_tls && !conn.tls()) reply += "250-STARTTLS\r\n";
      if (auth) reply += "250-AUTH PLAIN LOGIN\r\n";
      reply += "250 SIZE 10485760\r\n";
      ok = conn.send(reply);
    } else if (command == "HELO") {
      current.helo = line.size() > 5 ? line.substr(5) : "";
      ok = conn.send("250 127.0.0.1\r\n");
    } else if (command == "STARTTLS" && offer_tls && !conn.tls()) {
      ok = conn.send("220 2.0.0 Ready to start TLS\r\n") &&
           conn.startTls(static_cast<SSL_CTX*>(ssl_ctx_));
      current = SmtpReceived{};
      current.tls = true;
    } else if (command == "AUTH" && auth) {
      const std::string rest = line.size() > 5 ? line.substr(5) : "";
      const std::string mechanism = upper(rest.substr(0, rest.find(' ')));
      try {
        if (mechanism == "PLAIN") {
          std::string encoded =
              rest.find(' ') == std::string::npos ? std::string() : rest.substr(rest.find(' ') + 1);
          if (encoded.empty()) {
            if (!conn.send("334 \r\n") || !conn.readLine(encoded)) return;
          }
          const std::string plain = decodeBase64(encoded);  // authzid \0 user \0 password
          const size_t a = plain.find('\0');
          const size_t b = plain.find('\0', a + 1);
          ok = a != std::string::npos && b != std::string::npos
                   ? checkCredentials(plain.substr(a + 1, b - a - 1), plain.substr(b + 1), "PLAIN")
                   : conn.send("501 5.5.2 malformed\r\n");
        } else if (mechanism == "LOGIN") {
          std::string user;
          std::string password;
          if (rest.find(' ') != std::string::npos) {
            user = rest.substr(rest.find(' ') + 1);
          } else if (!conn.send("334 VXNlcm5hbWU6\r\n") || !conn.readLine(user)) {
            return;
          }
          if (!conn.send("334 UGFzc3dvcmQ6\r\n") || !conn.readLine(password)) return;
          ok = checkCredentials(decodeBase64(user), decodeBase64(password), "LOGIN");
        } else {
          ok = conn.send("504 5.5.4 unrecognised mechanism\r\n");
        }
      } catch (const std::invalid_argument&) {
        ok = conn.send("501 5.5.2 bad base64\r\n");
      }
    } else if (command == "MAIL") {
      if (auth && !authenticated) {
        ok = conn.send("530 5.7.0 Authentication required\r\n");
      } else {
        current.mail_from = between(line, '<', '>');
        current.rcpt_to.clear();
        ok = conn.send("250 2.1.0 Ok\r\n");
      }
    } else if (command == "RCPT") {
      if (mode_ == SmtpMode::kPermFail) {
        ok = conn.send("550 5.1.1 No such user here\r\n");
      } else {
        current.rcpt_to.push_back(between(line, '<', '>'));
        ok = conn.send("250 2.1.5 Ok\r\n");
      }
    } else if (command == "DATA") {
      if (current.rcpt_to.empty()) {
        ok = conn.send("554 5.5.1 No valid recipients\r\n");
        continue;
      }
      if (!conn.send("354 End data with <CR><LF>.<CR><LF>\r\n")) return;
      std::string data;
      while (conn.readLine(line) && line != ".") {
        data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
      }
      if (line != ".") return;
      if (mode_ == SmtpMode::kTempFail) {
        ok = conn.send("451 4.3.0 Try again later\r\n");
      } else {
        current.data = std::move(data);
        {
          const std::lock_guard<std::mutex> lock(mutex_);
          received_.push_back(current);
        }
        changed_.notify_all();
        ok = conn.send("250 2.0.0 Ok: queued\r\n");
      }
    } else if (command == "RSET") {
      current.mail_from.clear();
      current.rcpt_to.clear();
      ok = conn.send("250 2.0.0 Ok\r\n");
    } else if (command == "NOOP") {
      ok = conn.send("250 2.0.0 Ok\r\n");
    } else if (command == "QUIT") {
      conn.send("221 2.0.0 Bye\r\n");
      return;
    } else {
      ok = conn.send("502 5.5.2 Command not recognised\r\n");
    }
    if (!ok) return;
  }
}

}  // namespace atrium::testing
