#include "api/access_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <thread>
#include <vector>

namespace rx::api {
namespace {

// A pipe whose read end is non-blocking, so a test can see what has been written so far.
struct Pipe {
  int fds[2];
  Pipe() {
    EXPECT_EQ(::pipe(fds), 0);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
  }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  std::string drain() {
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
      out.append(buf, static_cast<size_t>(n));
    return out;
  }
};

TEST(AccessLog, BuffersUntilFlushedThenWritesLinesInOrder) {
  Pipe pipe;
  AccessLog log(pipe.fds[1], std::chrono::hours(1));
  log.write("one");
  log.write("two");
  EXPECT_EQ(pipe.drain(), "");
  log.flush();
  EXPECT_EQ(pipe.drain(), "one\ntwo\n");
}

TEST(AccessLog, FullBufferIsWrittenWithoutWaiting) {
  Pipe pipe;
  AccessLog log(pipe.fds[1], std::chrono::hours(1), 8);
  log.write("1234");
  EXPECT_EQ(pipe.drain(), "");
  log.write("5678");
  EXPECT_EQ(pipe.drain(), "1234\n5678\n");
}

TEST(AccessLog, TheFlusherWritesOnItsInterval) {
  Pipe pipe;
  AccessLog log(pipe.fds[1], std::chrono::milliseconds(5));
  log.write("later");
  std::string seen;
  for (int i = 0; i < 2000 && seen.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    seen = pipe.drain();
  }
  EXPECT_EQ(seen, "later\n");
}

TEST(AccessLog, DestructionWritesEveryLineFromEveryThread) {
  Pipe pipe;
  {
    AccessLog log(pipe.fds[1], std::chrono::milliseconds(1), 256);
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t)
      writers.emplace_back([&log, t] {
        for (int i = 0; i < 1000; ++i) log.write("t" + std::to_string(t) + " " + std::to_string(i));
      });
    for (auto& w : writers) w.join();
  }
  std::string out = pipe.drain();
  // Every line arrives whole, and each thread's lines keep their order.
  std::vector<int> next(4, 0);
  size_t lines = 0;
  for (size_t start = 0, end; (end = out.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string line = out.substr(start, end - start);
    ASSERT_EQ(line[0], 't') << line;
    int t = line[1] - '0';
    ASSERT_EQ(line.substr(3), std::to_string(next[static_cast<size_t>(t)]++)) << line;
    ++lines;
  }
  EXPECT_EQ(lines, 4000u);
}

TEST(AccessLog, AClosedDescriptorDoesNotStopTheCaller) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  signal(SIGPIPE, SIG_IGN);
  AccessLog log(fds[1], std::chrono::hours(1), 4);
  log.write("lost");  // EPIPE: dropped, no throw, no hang
  log.flush();
  ::close(fds[1]);
  SUCCEED();
}

}  // namespace
}  // namespace rx::api
