#include "host/common/buffered_line_writer.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace atrium::host::common {
namespace {

// A temporary file to write log lines into, read back as text.
class LogFile {
 public:
  LogFile() {
    char path[] = "/tmp/atrium-blw-XXXXXX";
    fd_ = mkstemp(path);
    path_ = path;
  }
  ~LogFile() {
    ::close(fd_);
    std::remove(path_.c_str());
  }
  int fd() const { return fd_; }
  std::string text() const {
    std::ifstream in(path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  int fd_ = -1;
  std::string path_;
};

TEST(BufferedLineWriterTest, HoldsLinesUntilTheBlockIsFull) {
  LogFile file;
  LogSink sink(file.fd());
  BufferedLineWriter writer(sink, 32, std::chrono::hours(1));
  writer.write("0123456789");  // 11 bytes with the newline
  writer.write("0123456789");
  EXPECT_EQ(file.text(), "");
  writer.write("0123456789");  // 33 bytes: over capacity, written at once
  EXPECT_EQ(file.text(), "0123456789\n0123456789\n0123456789\n");
}

TEST(BufferedLineWriterTest, FlushesOnTheInterval) {
  LogFile file;
  LogSink sink(file.fd());
  BufferedLineWriter writer(sink, 1 << 20, std::chrono::milliseconds(20));
  writer.write("hello");
  for (int i = 0; i < 100 && file.text().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(file.text(), "hello\n");
}

TEST(BufferedLineWriterTest, FlushesEverythingAtDestructionAndOnDemand) {
  LogFile file;
  LogSink sink(file.fd());
  {
    BufferedLineWriter writer(sink, 1 << 20, std::chrono::hours(1));
    writer.write("a");
    writer.flush();
    EXPECT_EQ(file.text(), "a\n");
    writer.write("b");
  }
  EXPECT_EQ(file.text(), "a\nb\n");
}

TEST(BufferedLineWriterTest, ConcurrentLinesStayWholeAndNoneIsLost) {
  LogFile file;
  LogSink sink(file.fd());
  constexpr int kThreads = 4;
  constexpr int kLines = 2000;
  {
    BufferedLineWriter writer(sink, 4096, std::chrono::milliseconds(5));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&writer, t] {
        const std::string line = "thread-" + std::to_string(t) + "-" + std::string(50, 'x');
        for (int i = 0; i < kLines; ++i) writer.write(line);
      });
    }
    for (auto& thread : threads) thread.join();
  }
  std::istringstream lines(file.text());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    ASSERT_EQ(line.size(), 59u) << line;
    ASSERT_EQ(line.rfind("thread-", 0), 0u) << line;
  }
  EXPECT_EQ(count, kThreads * kLines);
}

}  // namespace
}  // namespace atrium::host::common
