#include "host/services/auth/key_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "host/services/auth/crypto_random.hpp"

namespace atrium::host::auth {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMinSecretBytes = 32;
constexpr size_t kGeneratedSecretBytes = 48;
constexpr size_t kMaxKeyFileBytes = 64 * 1024;

std::string errnoText() { return std::strerror(errno); }

std::string readKeyFile(const std::string& path, const char* setting) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw KeyError(std::string(setting) + ": cannot read " + path + ": " + ec.message());
  if (size > kMaxKeyFileBytes) {
    throw KeyError(std::string(setting) + ": " + path + " is larger than 64 KiB; not a PEM key");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) throw KeyError(std::string(setting) + ": cannot read " + path);
  return text.str();
}

// Strips one trailing newline (a file written with echo) but nothing else.
std::string trimNewline(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string readSecretFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw KeyError("auth.secret_file: cannot open " + path + ": " + errnoText());
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw KeyError("auth.secret_file: " + path + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    throw KeyError("auth.secret_file: " + path +
                   " is readable or writable by group or others; run chmod 600 on it");
  }
  std::string text(static_cast<size_t>(std::min<off_t>(st.st_size, 4096)), '\0');
  const ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) throw KeyError("auth.secret_file: cannot read " + path + ": " + errnoText());
  text.resize(static_cast<size_t>(n));
  text = trimNewline(std::move(text));
  if (text.size() < kMinSecretBytes) {
    throw KeyError("auth.secret_file: " + path + " holds " + std::to_string(text.size()) +
                   " bytes; at least 32 are needed (delete it to generate a new one)");
  }
  return text;
}

// Creates the file with O_EXCL so that two instances starting together agree on one secret:
// the loser reads the winner's file.
bool createSecretFile(const std::string& path, const std::string& secret) {
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) {
      throw KeyError("auth.secret_file: cannot create directory " + parent.string() + ": " +
                     ec.message());
    }
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw KeyError("auth.secret_file: cannot create " + path + ": " + errnoText());
  }
  const std::string line = secret + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    throw KeyError("auth.secret_file: cannot write " + path + ": " + errnoText());
  }
  return true;
}

std::string pemFrom(const std::string& text, const std::string& file, const char* setting) {
  if (!text.empty()) return text;
  if (!file.empty()) return readKeyFile(file, setting);
  return {};
}

}  // namespace

std::string developmentSecret(const std::string& path, bool create, const common::Logger& logger) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) return readSecretFile(path);
  if (!create) {
    logger.warn("auth.secret is not set; serve will generate a development secret",
                {{"secret_file", path}});
    return randomToken(kGeneratedSecretBytes);
  }
  const std::string secret = randomToken(kGeneratedSecretBytes);
  if (!createSecretFile(path, secret)) return readSecretFile(path);
  logger.warn(
      "auth.secret is not set: generated a development secret (tokens stay valid across "
      "restarts of this instance only; set auth.secret: ${JWT_SECRET} for anything shared)",
      {{"secret_file", path}});
  return secret;
}

std::unique_ptr<SigningKey> loadSigningKey(const config::AuthConfig& auth,
                                           const std::string& environment,
                                           const common::Logger& logger,
                                           const KeyLoadOptions& options) {
  if (auth.algorithm == config::TokenAlgorithm::kRS256) {
    const std::string private_pem =
        pemFrom(auth.private_key, auth.private_key_file, "auth.private_key_file");
    const std::string public_pem =
        pemFrom(auth.public_key, auth.public_key_file, "auth.public_key_file");
    try {
      return makeRs256Key(private_pem, public_pem);
    } catch (const std::exception& e) {
      throw KeyError(std::string("auth: ") + e.what());
    }
  }
  if (!auth.secret.empty()) {
    if (environment == "production" && auth.secret.size() < kMinSecretBytes) {
      throw KeyError(auth.secret_origin + ": the HS256 secret is " +
                     std::to_string(auth.secret.size()) + " bytes; production needs at least 32");
    }
    return makeHs256Key(auth.secret);
  }
  if (environment == "production") {
    throw KeyError(auth.secret_origin +
                   ": environment is production and no HS256 secret is configured (set "
                   "auth.secret: ${JWT_SECRET})");
  }
  return makeHs256Key(developmentSecret(auth.secret_file, options.create_secret_file, logger));
}

}  // namespace atrium::host::auth
