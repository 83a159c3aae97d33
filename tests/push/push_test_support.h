// Shared set-up for the push tests: the shipped catalogue, an institution with an authorization
// from one enterprise, fake ingestion batches and evaluation runs written straight to the
// tables the fan-out reads, and a tiny HTTP receiver on 127.0.0.1.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "catalog/loader.h"
#include "consent/authorization_repository.h"
#include "core/clock.h"
#include "crypto/signing.h"
#include "ingest/record_table.h"
#include "registry/institution.h"
#include "store/database.h"
#include "testing/test_database.h"

namespace rx::push::testing {

inline const catalog::Catalog& shipped_catalog() {
  static const catalog::Catalog c = [] {
    const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
    return catalog::load_catalog(std::string(dir ? dir : ".") + "/data/catalog").value();
  }();
  return c;
}

inline constexpr const char* kUscc = "91310115MA1K3YJ662";

class PushTest : public rx::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    for (const char* id : {"bank-a", "bank-b"})
      ASSERT_TRUE(
          registry::InstitutionRepository(db(), clock_).create({id, id, "bank", {}}).is_ok());
    ASSERT_TRUE(db().write([&](store::Session& s) {
                      return ingest::ensure_table(s, *catalog().category("tax"));
                    })
                    .is_ok());
  }

  const catalog::Catalog& catalog() { return shipped_catalog(); }

  consent::AuthorizationRepository authorizations() { return {db(), clock_, random_, key_}; }

  // bank-a may see tax (only tax_paid_amount in clear) and the evaluation, 2025-01..2026-10.
  consent::Authorization grant(const std::string& institution = "bank-a") {
    consent::Grant g;
    g.uscc = kUscc;
    g.institution_id = institution;
    g.scopes = {{"tax", {"tax_paid_amount"}}, {"evaluation", {}}};
    g.valid_from = clock_.now();
    g.valid_until = clock_.now() + std::chrono::days(30);
    g.period_from = "2025-01";
    g.period_to = "2026-10";
    auto a = authorizations().grant(g, catalog(), "key-ent");
    EXPECT_TRUE(a.is_ok()) << a.status().to_string();
    return *a;
  }

  void revoke(const consent::Authorization& a) {
    auto r = authorizations().change_state(a.id, kUscc, consent::State::kRevoked);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }

  // A batch of tax records for kUscc, one per period; returns the batch id.
  std::string batch(const std::vector<std::string>& periods, const std::string& status = "complete",
                    std::string id = "") {
    static int counter = 0;
    if (id.empty()) id = "batch-" + std::to_string(++counter);
    EXPECT_TRUE(
        db().write([&](store::Session& s) -> Status {
              RX_ASSIGN_OR_RETURN(
                  store::Rows seq,
                  s.query("INSERT INTO ingest_batches (id, category, channel, source_name, "
                          "provider, catalog_version, status, started_at, finished_at) "
                          "VALUES (?, 'tax', 'api', 't.csv', 'tax', 1, ?, ?, ?) "
                          "RETURNING seq",
                          {id, status, micros(clock_.now()),
                           status == "running" ? store::Value() : micros(clock_.now())}));
              const int64_t b = seq.at(0).integer(0);
              int64_t row = 0;
              for (const std::string& p : periods)
                RX_RETURN_IF_ERROR(
                    s.execute("UPDATE data_tax SET _superseded_at = ? WHERE uscc = ? AND "
                              "period = ? AND tax_type = 'vat' AND _superseded_at IS NULL",
                              {micros(clock_.now()), std::string(kUscc), p})
                        .status());
              for (const std::string& p : periods)
                RX_RETURN_IF_ERROR(
                    s.execute(
                         "INSERT INTO data_tax (uscc, period, tax_type, tax_payable_amount, "
                         "tax_paid_amount, arrears_amount, sales_revenue_amount, "
                         "declared_on_time, _hash, _version, _batch, _row, _self, "
                         "_loaded_at) VALUES (?, ?, 'vat', 2500000, 2400000, 100000, "
                         "90000000, 1, ?, 1, ?, ?, 0, ?)",
                         {std::string(kUscc), p, b * 100 + row, b, ++row, micros(clock_.now())})
                        .status());
              return Status::ok();
            })
            .is_ok());
    return id;
  }

  void finish_batch(const std::string& id) {
    ASSERT_TRUE(db().write([&](store::Session& s) {
                      return s
                          .execute(
                              "UPDATE ingest_batches SET status = 'complete', finished_at = ? "
                              "WHERE id = ?",
                              {micros(clock_.now()), id})
                          .status();
                    })
                    .is_ok());
  }

  // A finished evaluation run scoring kUscc for as_of.
  std::string evaluation(const std::string& as_of, double score, const std::string& grade) {
    static int counter = 0;
    const std::string run = "run-" + std::to_string(++counter);
    EXPECT_TRUE(db().write([&](store::Session& s) -> Status {
                      RX_RETURN_IF_ERROR(
                          s.execute("INSERT INTO credit_runs (id, as_of, library_version, "
                                    "model_version, status, started_at, finished_at) VALUES "
                                    "(?, ?, 1, 'm1', 'done', ?, ?)",
                                    {run, as_of, micros(clock_.now()), micros(clock_.now())})
                              .status());
                      return s
                          .execute(
                              "INSERT INTO credit_evaluations (uscc, as_of, run_id, score, "
                              "grade, detail) VALUES (?, ?, ?, ?, ?, '{}')",
                              {std::string(kUscc), as_of, run, score, grade})
                          .status();
                    })
                    .is_ok());
    return run;
  }

  int64_t count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(store::Rows rows, s.query(sql));
                      n = rows.at(0).integer(0);
                      return Status::ok();
                    })
                    .is_ok());
    return n;
  }

  ManualClock clock_{Instant(std::chrono::seconds(1'795'000'000))};  // 2026-11-18
  SeededRandom random_{11};
  crypto::Ed25519Key key_ = crypto::Ed25519Key::generate().value();
};

// An HTTP/1.1 server on 127.0.0.1 that answers each request with the next status of `script`
// (the last one repeats) and remembers what it received.
class Receiver {
 public:
  struct Request {
    std::string target;
    std::map<std::string, std::string> headers;  // lowercase names
    std::string body;
  };

  explicit Receiver(std::vector<int> script) : script_(std::move(script)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    const int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~Receiver() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<Request> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stopping_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string data;
      char buf[4096];
      size_t header_end = std::string::npos;
      size_t length = 0;
      for (;;) {
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        data.append(buf, static_cast<size_t>(n));
        if (header_end == std::string::npos &&
            (header_end = data.find("\r\n\r\n")) != std::string::npos) {
          const std::string lower = [&] {
            std::string l = data.substr(0, header_end);
            for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            return l;
          }();
          const size_t at = lower.find("content-length:");
          if (at != std::string::npos) length = std::stoul(lower.substr(at + 15));
        }
        if (header_end != std::string::npos && data.size() >= header_end + 4 + length) break;
      }
      Request r;
      if (header_end != std::string::npos) {
        const std::string head = data.substr(0, header_end);
        size_t line_end = head.find("\r\n");
        const std::string first = head.substr(0, line_end);
        r.target = first.substr(first.find(' ') + 1);
        r.target = r.target.substr(0, r.target.find(' '));
        size_t pos = line_end + 2;
        while (line_end != std::string::npos && pos < head.size()) {
          size_t next = head.find("\r\n", pos);
          std::string line =
              head.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
          size_t colon = line.find(':');
          std::string name = line.substr(0, colon);
          for (char& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          std::string value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.erase(0, 1);
          r.headers[name] = value;
          if (next == std::string::npos) break;
          pos = next + 2;
        }
        r.body = data.substr(header_end + 4, length);
      }
      int status;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(r);
        status = script_[std::min(requests_.size() - 1, script_.size() - 1)];
      }
      const std::string response = "HTTP/1.1 " + std::to_string(status) +
                                   " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      (void)!::write(c, response.data(), response.size());
      ::close(c);
    }
  }

  std::vector<int> script_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<Request> requests_;
  std::thread thread_;
};

}  // namespace rx::push::testing
