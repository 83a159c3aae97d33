// "Policy finds people" at city scale against a conventional peer, in one run
// (docs/benchmarks.md, "Support policies"):
//   full         P policies in force × N enterprises through policy::Screening (the batch's
//                engine: one bitset per policy over EnterpriseIndex ordinals, newly eligible
//                pairs reported and handled), rows streamed in pages as the server streams
//                them from the database; wall time and peak memory
//   incremental  1% of the enterprises changed: find their ordinals, re-screen them against
//                every policy, report the newly eligible pairs
//   peer         SQLite (in memory) with the same attributes as columns, counting each
//                policy's eligible enterprises with its rule as a WHERE clause, for the first
//                K policies (the per-policy scan cost extrapolates linearly)
// Both sides must agree on every eligible count, or the run stops. Row generation is timed
// apart from screening. Rows use the platform's real attribute schema.
// Usage (from the repository root): policy_bench [--policies P] [--enterprises N]
//        [--peer-policies K] [--seed S]
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "market/profile.h"
#include "policy/enterprise_index.h"
#include "policy/screening.h"
#include "registry/reference.h"

namespace {

using rx::bench::sqlite_check;

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kSizes[] = {"micro", "small", "medium", "large"};
const char* const kGrades[] = {"D", "C", "B", "A"};
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

uint64_t mix(uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// One enterprise's attributes, drawn from (seed, ordinal, version): a changed enterprise is the
// same ordinal with another version.
struct Firm {
  int size = 1, years = 0, headcount = 0, district = 0, loans = 0;
  double grade = kNaN;
  bool dishonest = false;
};

Firm firm(uint64_t seed, uint32_t ordinal, uint32_t version) {
  uint64_t r = mix(seed ^ (uint64_t{ordinal} << 20) ^ version);
  auto next = [&](uint64_t n) {
    r = mix(r);
    return static_cast<int>(r % n);
  };
  Firm f;
  const int s = next(100);
  f.size = s < 45 ? 0 : s < 80 ? 1 : s < 95 ? 2 : 3;
  f.years = next(15);
  f.headcount = next(60);
  f.district = next(16);
  f.loans = next(100) < 60 ? 0 : 1 + next(3);
  if (next(100) < 90) f.grade = next(4);
  f.dishonest = next(100) < 3;
  return f;
}

// The USCC of an ordinal: ascending with the ordinal, as a full run meets them.
std::string uscc_of(uint32_t ordinal) {
  std::string s = "91310000";
  uint64_t v = ordinal;
  std::string tail(10, '0');
  for (int i = 9; i >= 0; --i) {
    tail[static_cast<size_t>(i)] = kCharset[v % 31];
    v /= 31;
  }
  return s + tail;
}

struct Terms {
  bool size_ok[4] = {};
  int min_years = 0, min_grade = 0, min_headcount = 0, district = -1, loans = -1;
  bool no_dishonest = false;
};

Terms random_terms(uint64_t seed, int i) {
  uint64_t r = mix(seed * 7919 + static_cast<uint64_t>(i));
  auto next = [&](uint64_t n) {
    r = mix(r);
    return static_cast<int>(r % n);
  };
  Terms t;
  for (bool& ok : t.size_ok) ok = next(100) < 60;
  t.size_ok[1] = true;
  t.min_years = next(6);
  t.min_grade = next(3);
  t.no_dishonest = next(100) < 80;
  t.min_headcount = next(100) < 50 ? next(20) : 0;
  if (next(100) < 35) t.district = next(16);  // a district programme
  const int l = next(100);
  t.loans = l < 20 ? 0 : l < 45 ? 1 : -1;  // first-loan (== 0) or with a loan (>= 1)
  return t;
}

std::string rule_of(const Terms& t, const std::vector<std::string>& districts) {
  std::string sizes;
  for (int i = 0; i < 4; ++i)
    if (t.size_ok[i]) sizes += std::string(sizes.empty() ? "" : ", ") + "\"" + kSizes[i] + "\"";
  std::string r = "size in [" + sizes + "] and years_operating >= " + std::to_string(t.min_years) +
                  " and composite_grade >= \"" + kGrades[t.min_grade] + "\"";
  if (t.no_dishonest) r += " and not dishonest_debtor";
  if (t.min_headcount > 0) r += " and insured_headcount >= " + std::to_string(t.min_headcount);
  if (t.district >= 0)
    r += " and district == \"" + districts[static_cast<size_t>(t.district)] + "\"";
  if (t.loans == 0) r += " and loan_count == 0";
  if (t.loans == 1) r += " and loan_count >= 1";
  return r;
}

std::string where_of(const Terms& t) {
  std::string sizes;
  for (int i = 0; i < 4; ++i)
    if (t.size_ok[i]) sizes += std::string(sizes.empty() ? "" : ",") + std::to_string(i);
  std::string w = "size IN (" + sizes + ") AND years >= " + std::to_string(t.min_years) +
                  " AND grade >= " + std::to_string(t.min_grade);
  if (t.no_dishonest) w += " AND dishonest = 0";
  if (t.min_headcount > 0) w += " AND headcount >= " + std::to_string(t.min_headcount);
  if (t.district >= 0) w += " AND district = " + std::to_string(t.district);
  if (t.loans == 0) w += " AND loans = 0";
  if (t.loans == 1) w += " AND loans >= 1";
  return w;
}

class RowWriter {
 public:
  RowWriter(const rx::market::EnterpriseAttributes& a, const std::vector<std::string>& districts)
      : a_(a), s_(a.schema()) {
    for (int i = 0; i < 4; ++i) sizes_[i] = s_.encode(slot("size"), kSizes[i]);
    for (const std::string& d : districts) districts_.push_back(s_.encode(slot("district"), d));
  }
  size_t width() const { return a_.width(); }
  void write(const Firm& f, double* row) const {
    std::fill(row, row + a_.width(), kNaN);
    row[slot("size")] = sizes_[f.size];
    row[slot("years_operating")] = f.years;
    row[slot("insured_headcount")] = f.headcount;
    row[slot("composite_grade")] = f.grade;
    row[slot("dishonest_debtor")] = f.dishonest ? 1 : 0;
    row[slot("district")] = districts_[static_cast<size_t>(f.district)];
    row[slot("loan_count")] = f.loans;
  }

 private:
  size_t slot(const char* name) const { return *s_.slot(name); }
  const rx::market::EnterpriseAttributes& a_;
  const rx::rules::Schema& s_;
  double sizes_[4] = {};
  std::vector<double> districts_;
};

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  size_t policies = 200, peer_policies = 20;
  uint32_t enterprises = 3'000'000;
  uint64_t seed = 11;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const auto value = std::stoull(argv[i + 1]);
    if (flag == "--policies") policies = value;
    if (flag == "--enterprises") enterprises = static_cast<uint32_t>(value);
    if (flag == "--peer-policies") peer_policies = value;
    if (flag == "--seed") seed = value;
  }
  peer_policies = std::min(peer_policies, policies);
  auto attributes = rx::bench::load_attributes();
  if (!attributes) return 1;
  std::vector<std::string> districts;
  for (const auto& d : rx::registry::districts())
    if (districts.size() < 16) districts.emplace_back(d.name_zh);
  const RowWriter writer(*attributes, districts);
  const size_t width = writer.width();

  std::vector<Terms> terms;
  std::vector<rx::policy::Target> targets;
  for (size_t i = 0; i < policies; ++i) {
    terms.push_back(random_terms(seed, static_cast<int>(i)));
    auto rule = rx::rules::compile(rule_of(terms.back(), districts), attributes->schema());
    if (!rule.is_ok()) {
      std::fprintf(stderr, "%s\n", rule.status().to_string().c_str());
      return 1;
    }
    targets.push_back({"policy-" + std::to_string(i), 1, "guarantee", std::move(*rule)});
  }
  rx::policy::Screening screening(std::move(targets));
  rx::policy::EnterpriseIndex index;
  std::printf("policy_bench: %zu policies x %u enterprises, %zu attributes per row, %u threads\n",
              policies, enterprises, width, std::thread::hardware_concurrency());

  // ---- full batch ---------------------------------------------------------------------------
  constexpr uint32_t kPage = 65'536;
  std::vector<double> rows(static_cast<size_t>(kPage) * width);
  std::vector<rx::policy::Hit> hits;
  uint64_t newly = 0;
  Clock::duration generating{}, screening_time{};
  const auto full_start = Clock::now();
  for (uint32_t first = 0; first < enterprises; first += kPage) {
    const uint32_t n = std::min(kPage, enterprises - first);
    auto t0 = Clock::now();
    for (uint32_t i = 0; i < n; ++i) writer.write(firm(seed, first + i, 0), &rows[i * width]);
    auto t1 = Clock::now();
    for (uint32_t i = 0; i < n; ++i)
      index.add(uscc_of(first + i), rx::registry::districts()[0].code, "C39");
    screening.reserve(index.size());
    hits.clear();
    screening.assess_rows(first, std::span(rows).first(static_cast<size_t>(n) * width), width,
                          hits);
    for (const rx::policy::Hit& h : hits) screening.handle(h.ordinal, h.target);
    newly += hits.size();
    auto t2 = Clock::now();
    generating += t1 - t0;
    screening_time += t2 - t1;
  }
  const double full_wall = seconds(Clock::now() - full_start);
  uint64_t eligible = 0;
  for (uint32_t t = 0; t < policies; ++t) eligible += screening.eligible_count(t);
  const double peak = peak_mib();
  std::printf(
      "full         %.2f s wall (screening %.2f s, generating rows %.2f s); %.1f M "
      "rule evaluations/s; %llu eligible pairs, %llu newly eligible; bitsets %.0f MiB; "
      "peak RSS %.0f MiB\n",
      full_wall, seconds(screening_time), seconds(generating),
      static_cast<double>(policies) * enterprises / seconds(screening_time) / 1e6,
      static_cast<unsigned long long>(eligible), static_cast<unsigned long long>(newly),
      static_cast<double>(screening.memory()) / (1 << 20), peak);

  // ---- incremental: 1% changed --------------------------------------------------------------
  const uint32_t changed = std::max<uint32_t>(1, enterprises / 100);
  std::vector<uint32_t> which;
  for (uint32_t i = 0; i < changed; ++i)
    which.push_back(static_cast<uint32_t>(mix(seed + 99 + i) % enterprises));
  std::vector<std::string> usccs;
  for (uint32_t o : which) usccs.push_back(uscc_of(o));
  std::vector<double> row(width);
  hits.clear();
  const auto inc_start = Clock::now();
  for (size_t i = 0; i < which.size(); ++i) {
    const auto ordinal = index.find(usccs[i]);
    if (!ordinal || *ordinal != which[i]) {
      std::fprintf(stderr, "index lost %s\n", usccs[i].c_str());
      return 1;
    }
    writer.write(firm(seed, which[i], 1), row.data());
    screening.assess(*ordinal, row, hits);
  }
  for (const rx::policy::Hit& h : hits) screening.handle(h.ordinal, h.target);
  const double inc_wall = seconds(Clock::now() - inc_start);
  std::printf(
      "incremental  %u enterprises changed: %.3f s (index lookups, new rows, %zu "
      "policies each); %zu newly eligible pairs\n",
      changed, inc_wall, policies, hits.size());

  // ---- peer: SQLite counting with WHERE -----------------------------------------------------
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite_check(
      sqlite3_exec(db,
                   "CREATE TABLE firms (id INTEGER PRIMARY KEY, size, years, headcount, grade, "
                   "dishonest, district, loans)",
                   nullptr, nullptr, nullptr),
      db, "create");
  sqlite_check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  sqlite3_stmt* insert = nullptr;
  sqlite_check(sqlite3_prepare_v2(db, "INSERT INTO firms VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1,
                                  &insert, nullptr),
               db, "prepare");
  std::vector<uint32_t> version(enterprises, 0);
  for (uint32_t o : which) version[o] = 1;
  const auto load_start = Clock::now();
  for (uint32_t o = 0; o < enterprises; ++o) {
    const Firm f = firm(seed, o, version[o]);
    sqlite3_bind_int64(insert, 1, o);
    sqlite3_bind_int(insert, 2, f.size);
    sqlite3_bind_int(insert, 3, f.years);
    sqlite3_bind_int(insert, 4, f.headcount);
    if (std::isnan(f.grade))
      sqlite3_bind_null(insert, 5);
    else
      sqlite3_bind_double(insert, 5, f.grade);
    sqlite3_bind_int(insert, 6, f.dishonest ? 1 : 0);
    sqlite3_bind_int(insert, 7, f.district);
    sqlite3_bind_int(insert, 8, f.loans);
    sqlite_check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  sqlite_check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  const double load = seconds(Clock::now() - load_start);
  const auto peer_start = Clock::now();
  for (size_t p = 0; p < peer_policies; ++p) {
    sqlite3_stmt* count = nullptr;
    const std::string sql = "SELECT count(*) FROM firms WHERE " + where_of(terms[p]);
    sqlite_check(sqlite3_prepare_v2(db, sql.c_str(), -1, &count, nullptr), db, sql.c_str());
    sqlite_check(sqlite3_step(count), db, "count");
    const auto theirs = static_cast<uint64_t>(sqlite3_column_int64(count, 0));
    sqlite3_finalize(count);
    const uint64_t ours = screening.eligible_count(static_cast<uint32_t>(p));
    if (theirs != ours) {
      std::fprintf(stderr, "policy %zu: screening %llu, SQLite %llu\n", p,
                   static_cast<unsigned long long>(ours), static_cast<unsigned long long>(theirs));
      return 1;
    }
  }
  const double peer = seconds(Clock::now() - peer_start);
  const double peer_per_policy = peer / static_cast<double>(peer_policies);
  const double ours_per_policy = seconds(screening_time) / static_cast<double>(policies);
  std::printf(
      "peer         SQLite count(*) WHERE rule: %zu policies in %.2f s (%.3f s each, "
      "%.0f s extrapolated to %zu); table load %.1f s; counts agree\n",
      peer_policies, peer, peer_per_policy, peer_per_policy * static_cast<double>(policies),
      policies, load);
  std::printf(
      "ratio        per policy over all enterprises: screening %.4f s, SQLite %.3f s "
      "(%.1fx)\n",
      ours_per_policy, peer_per_policy, peer_per_policy / ours_per_policy);
  sqlite3_close(db);
  return 0;
}
