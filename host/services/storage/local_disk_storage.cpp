#include "host/services/storage/local_disk_storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "host/services/storage/storage_error.hpp"
#include "host/services/storage/storage_key.hpp"

namespace atrium::host::storage {
namespace fs = std::filesystem;

namespace {

constexpr auto kStaleTemporaryAge = std::chrono::hours(1);

// Closes a descriptor once; an RAII guard so every path out closes it.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // close() and its error (a delayed write error shows here on some file systems).
  int release() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

[[noreturn]] void diskError(const std::string& what, const fs::path& path, int error) {
  throw StorageError(500, "storage_failed", "Storage failure",
                     what + " " + path.string() + ": " + std::strerror(error));
}

void writeAll(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      diskError("write", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

void syncDirectory(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) diskError("fsync directory", dir, errno);
}

// A random temporary name; O_EXCL makes a collision an error rather than a shared file.
fs::path temporaryPath(const fs::path& tmp_dir) {
  std::string name = newStorageKey("part");
  return tmp_dir / name.substr(6);  // the 32 hex digits + ".part"
}

}  // namespace

LocalDiskStorage::LocalDiskStorage(fs::path dir) : dir_(std::move(dir)), tmp_dir_(dir_ / ".tmp") {
  std::error_code ec;
  fs::create_directories(tmp_dir_, ec);
  if (ec) {
    throw std::runtime_error("storage: cannot create the directory " + tmp_dir_.string() + ": " +
                             ec.message());
  }
  removeStaleTemporaries();
}

void LocalDiskStorage::removeStaleTemporaries() const {
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& entry : fs::directory_iterator(tmp_dir_, ec)) {
    std::error_code item_ec;
    const auto written = entry.last_write_time(item_ec);
    if (!item_ec && now - written > kStaleTemporaryAge) fs::remove(entry.path(), item_ec);
  }
}

fs::path LocalDiskStorage::pathOf(std::string_view key) const {
  // Defence in depth: the service checks keys, and so does every backend call.
  if (!isValidStorageKey(key)) throw StorageError(400, "invalid_key", "Invalid storage key");
  return dir_ / fs::path(std::string(key));
}

void LocalDiskStorage::put(std::string_view key, std::string_view data) {
  const fs::path target = pathOf(key);
  const fs::path temporary = temporaryPath(tmp_dir_);
  bool linked = false;
  try {
    {
      Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
      if (fd.get() < 0) diskError("create", temporary, errno);
      writeAll(fd.get(), data, temporary);
      if (::fsync(fd.get()) != 0) diskError("fsync", temporary, errno);
      if (fd.release() != 0) diskError("close", temporary, errno);
    }
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) diskError("create directory", target.parent_path(), ec.value());
    // link() rather than rename(): it fails instead of replacing an existing file, so a key
    // collision (2^-128) can never overwrite someone's upload.
    if (::link(temporary.c_str(), target.c_str()) != 0) diskError("link", target, errno);
    linked = true;
    ::unlink(temporary.c_str());
    syncDirectory(target.parent_path());
  } catch (...) {
    ::unlink(temporary.c_str());
    if (linked) ::unlink(target.c_str());  // not durable: the caller is told it failed
    throw;
  }
}

std::optional<ObjectInfo> LocalDiskStorage::stat(std::string_view key) const {
  const fs::path path = pathOf(key);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  ObjectInfo info;
  info.size = static_cast<uint64_t>(st.st_size);
  info.modified = std::chrono::system_clock::time_point(std::chrono::seconds(st.st_mtim.tv_sec));
  return info;
}

std::string LocalDiskStorage::read(std::string_view key, uint64_t offset, uint64_t length) const {
  const fs::path path = pathOf(key);
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    if (errno == ENOENT) throw StorageError(404, "not_found", "Not found");
    diskError("open", path, errno);
  }
  std::string out;
  out.resize(length);
  size_t done = 0;
  while (done < length) {
    const ssize_t n =
        ::pread(fd.get(), out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      diskError("read", path, errno);
    }
    if (n == 0) break;  // end of file
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return out;
}

bool LocalDiskStorage::remove(std::string_view key) {
  const fs::path path = pathOf(key);
  if (::unlink(path.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  diskError("unlink", path, errno);
}

}  // namespace atrium::host::storage
