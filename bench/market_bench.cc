// The marketplace's two matching directions against a conventional peer, in one run
// (docs/benchmarks.md, "Financing marketplace"):
//   demand   one enterprise's demand against N listed products, ranked, with explanations of
//            the returned results and near misses (market::match), against SQLite selecting
//            the same products from fixed eligibility columns (no explanations, no near misses)
//   product  one new product against the demands of M enterprises (the institution's view),
//            market::eligible over the rows on 1 and on all threads, against SQLite counting
//            the same rows with the rule as a WHERE clause
// Both sides hold their data in memory and agree on every answer (checked). Rows are drawn
// from the platform's real attribute schema (data/credit/indicators.toml).
// Usage: market_bench [--products N] [--enterprises M] [--demands D] [--seed S]
#include <sqlite3.h>
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "market/matching.h"
#include "market/profile.h"
#include "registry/reference.h"

namespace {

using rx::bench::sqlite_check;

using rx::market::Ask;
using rx::market::CompiledProduct;
using rx::market::Product;
using Clock = std::chrono::steady_clock;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kSizes[] = {"micro", "small", "medium", "large"};
const char* const kGrades[] = {"D", "C", "B", "A"};          // rank 0..3
const char* const kTaxGrades[] = {"D", "C", "M", "B", "A"};  // rank 0..4

// The eligibility of a generated product, as parameters (for the SQL peer) and as a rule.
struct Terms {
  bool size_ok[4] = {};
  int min_years = 0, min_grade = 0, min_headcount = 0, min_tax = 0;
  bool no_dishonest = false;
  std::vector<std::string> districts;
  int64_t amount_min = 0, amount_max = 0;
  int term_min = 0, term_max = 0, rate_bp = 0;
};

std::string rule_of(const Terms& t) {
  std::string sizes;
  for (int i = 0; i < 4; ++i)
    if (t.size_ok[i]) sizes += std::string(sizes.empty() ? "" : ", ") + "\"" + kSizes[i] + "\"";
  std::string r = "size in [" + sizes + "] and years_operating >= " + std::to_string(t.min_years) +
                  " and composite_grade >= \"" + kGrades[t.min_grade] + "\"";
  if (t.no_dishonest) r += " and not dishonest_debtor";
  if (!t.districts.empty()) {
    r += " and district in [";
    for (size_t i = 0; i < t.districts.size(); ++i)
      r += (i ? ", \"" : "\"") + t.districts[i] + "\"";
    r += "]";
  }
  if (t.min_headcount > 0) r += " and insured_headcount >= " + std::to_string(t.min_headcount);
  if (t.min_tax > 0) r += " and tax_credit_grade >= \"" + std::string(kTaxGrades[t.min_tax]) + "\"";
  return r;
}

Terms random_terms(std::mt19937_64& rng, const std::vector<std::string>& districts) {
  Terms t;
  std::uniform_int_distribution<int> pct(0, 99);
  for (bool& ok : t.size_ok) ok = pct(rng) < 60;
  t.size_ok[1] = true;  // every product takes small firms
  t.min_years = pct(rng) % 6;
  t.min_grade = pct(rng) % 3;
  t.no_dishonest = pct(rng) < 80;
  if (pct(rng) < 30)
    for (int i = 0, n = 1 + pct(rng) % 3; i < n; ++i)
      t.districts.push_back(districts[static_cast<size_t>(pct(rng)) % districts.size()]);
  t.min_headcount = pct(rng) < 50 ? pct(rng) % 20 : 0;
  t.min_tax = pct(rng) < 40 ? 3 : 0;
  t.amount_min = int64_t{100'000} * (1 + pct(rng) % 50);  // 1k-50k yuan
  t.amount_max = t.amount_min * (10 + pct(rng) % 90);
  t.term_min = 1 + pct(rng) % 12;
  t.term_max = t.term_min + 6 + pct(rng) % 48;
  t.rate_bp = 300 + pct(rng) % 900;
  return t;
}

// One enterprise: its attribute values as the SQL peer stores them.
struct Firm {
  int size = 1, years = 0, headcount = 0;
  double grade = kNaN, tax = kNaN;  // ranks; NaN when never evaluated
  bool dishonest = false;
  std::string district;
  int64_t amount = 0;
  int term = 0;
};

Firm random_firm(std::mt19937_64& rng, const std::vector<std::string>& districts) {
  std::uniform_int_distribution<int> pct(0, 99);
  Firm f;
  f.size = pct(rng) < 45 ? 0 : pct(rng) < 80 ? 1 : pct(rng) < 95 ? 2 : 3;
  f.years = pct(rng) % 15;
  f.headcount = pct(rng) % 60;
  if (pct(rng) < 90) {
    f.grade = pct(rng) < 20 ? 3 : pct(rng) < 60 ? 2 : pct(rng) < 85 ? 1 : 0;
    f.tax = pct(rng) % 5;
  }
  f.dishonest = pct(rng) < 3;
  f.district = districts[static_cast<size_t>(pct(rng)) % districts.size()];
  f.amount = int64_t{100'000} * (1 + pct(rng) % 500);
  f.term = 3 + pct(rng) % 36;
  return f;
}

class Rows {
 public:
  Rows(const rx::market::EnterpriseAttributes& a) : a_(a), width_(a.width()) {}
  void add(const Firm& f) {
    std::vector<double> row = a_.empty_row();
    const rx::rules::Schema& s = a_.schema();
    row[*s.slot("size")] = s.encode(*s.slot("size"), kSizes[f.size]);
    row[*s.slot("years_operating")] = f.years;
    row[*s.slot("insured_headcount")] = f.headcount;
    row[*s.slot("composite_grade")] = f.grade;
    row[*s.slot("composite_score")] = std::isnan(f.grade) ? kNaN : 450 + 120 * f.grade;
    row[*s.slot("tax_credit_grade")] = f.tax;
    row[*s.slot("dishonest_debtor")] = f.dishonest ? 1 : 0;
    row[*s.slot("district")] = s.encode(*s.slot("district"), f.district);
    data_.insert(data_.end(), row.begin(), row.end());
  }
  std::span<const double> row(size_t i) const { return {data_.data() + i * width_, width_}; }
  size_t size() const { return data_.size() / width_; }

 private:
  const rx::market::EnterpriseAttributes& a_;
  size_t width_;
  std::vector<double> data_;
};

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

sqlite3_stmt* prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  sqlite_check(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), db, sql.c_str());
  return st;
}

void bind_rank(sqlite3_stmt* st, int i, double v) {
  if (std::isnan(v))
    sqlite3_bind_null(st, i);
  else
    sqlite3_bind_double(st, i, v);
}

// The SQL form of a product's terms over the enterprises table (firm columns) or as a query of
// the products table (parameters) — the conventional fixed-column eligibility.
std::string where_of(const Terms& t) {
  std::string sizes;
  for (int i = 0; i < 4; ++i)
    if (t.size_ok[i]) sizes += std::string(sizes.empty() ? "" : ",") + std::to_string(i);
  std::string w = "size IN (" + sizes + ") AND years >= " + std::to_string(t.min_years) +
                  " AND grade >= " + std::to_string(t.min_grade);
  if (t.no_dishonest) w += " AND dishonest = 0";
  if (!t.districts.empty()) {
    w += " AND district IN (";
    for (size_t i = 0; i < t.districts.size(); ++i) w += (i ? ",'" : "'") + t.districts[i] + "'";
    w += ")";
  }
  if (t.min_headcount > 0) w += " AND headcount >= " + std::to_string(t.min_headcount);
  if (t.min_tax > 0) w += " AND tax >= " + std::to_string(t.min_tax);
  w += " AND amount BETWEEN " + std::to_string(t.amount_min) + " AND " +
       std::to_string(t.amount_max) + " AND term BETWEEN " + std::to_string(t.term_min) + " AND " +
       std::to_string(t.term_max);
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  size_t products = 10'000, enterprises = 1'000'000, demands = 2'000;
  uint64_t seed = 7;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const auto value = std::stoull(argv[i + 1]);
    if (flag == "--products")
      products = value;
    else if (flag == "--enterprises")
      enterprises = value;
    else if (flag == "--demands")
      demands = value;
    else if (flag == "--seed")
      seed = value;
  }
  auto attributes = rx::bench::load_attributes();
  if (!attributes) return 1;
  std::vector<std::string> districts;
  for (const auto& d : rx::registry::districts()) districts.emplace_back(d.name_zh);
  std::mt19937_64 rng(seed);

  // ---- one demand against N products ------------------------------------------------------
  std::vector<Terms> terms;
  std::vector<CompiledProduct> compiled;
  const auto compile_start = Clock::now();
  for (size_t i = 0; i < products; ++i) {
    terms.push_back(random_terms(rng, districts));
    const Terms& t = terms.back();
    Product p;
    p.id = std::to_string(i);
    p.name = "product " + p.id;
    p.amount_min = t.amount_min;
    p.amount_max = t.amount_max;
    p.term_min = t.term_min;
    p.term_max = t.term_max;
    p.rate_min_bp = t.rate_bp;
    p.rate_max_bp = t.rate_bp + 200;
    p.eligibility = rule_of(t);
    p.status = rx::market::ProductStatus::kListed;
    auto cp = rx::market::compile(std::move(p), attributes->schema());
    if (!cp.is_ok()) {
      std::fprintf(stderr, "%s\n", cp.status().to_string().c_str());
      return 1;
    }
    compiled.push_back(std::move(*cp));
  }
  const rx::market::ProductSet set(compiled);
  const double compile_ms = ms(Clock::now() - compile_start);

  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite_check(
      sqlite3_exec(db,
                   "CREATE TABLE products (id INTEGER PRIMARY KEY, s0, s1, s2, s3, min_years, "
                   "min_grade, no_dishonest, districts TEXT, min_headcount, min_tax, amount_min, "
                   "amount_max, term_min, term_max, rate)",
                   nullptr, nullptr, nullptr),
      db, "create products");
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = prepare(db, "INSERT INTO products VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (size_t i = 0; i < terms.size(); ++i) {
    const Terms& t = terms[i];
    std::string ds;
    for (const std::string& d : t.districts) ds += "|" + d + "|";
    int k = 1;
    sqlite3_bind_int64(ins, k++, static_cast<int64_t>(i));
    for (bool ok : t.size_ok) sqlite3_bind_int(ins, k++, ok);
    for (int v : {t.min_years, t.min_grade, int{t.no_dishonest}}) sqlite3_bind_int(ins, k++, v);
    sqlite3_bind_text(ins, k++, ds.c_str(), -1, SQLITE_TRANSIENT);
    for (int v : {t.min_headcount, t.min_tax}) sqlite3_bind_int(ins, k++, v);
    sqlite3_bind_int64(ins, k++, t.amount_min);
    sqlite3_bind_int64(ins, k++, t.amount_max);
    for (int v : {t.term_min, t.term_max, t.rate_bp}) sqlite3_bind_int(ins, k++, v);
    sqlite_check(sqlite3_step(ins), db, "insert product");
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_stmt* select = prepare(
      db,
      "SELECT count(*) OVER (), id FROM products WHERE CASE ?1 WHEN 0 THEN s0 WHEN 1 THEN s1 "
      "WHEN 2 THEN s2 ELSE s3 END = 1 AND min_years <= ?2 AND min_grade <= ?3 AND "
      "(no_dishonest = 0 OR ?4 = 0) AND (districts = '' OR instr(districts, '|' || ?5 || '|') > "
      "0) AND min_headcount <= ?6 AND (min_tax = 0 OR min_tax <= ?7) AND amount_min <= ?8 AND "
      "amount_max >= ?8 AND term_min <= ?9 AND term_max >= ?9 ORDER BY rate LIMIT 20");

  Rows demand_rows(*attributes);
  std::vector<Firm> asking;
  for (size_t i = 0; i < demands; ++i) {
    asking.push_back(random_firm(rng, districts));
    demand_rows.add(asking.back());
  }
  std::vector<double> ours, theirs;
  size_t eligible_total = 0, near_total = 0;
  for (size_t i = 0; i < demands; ++i) {
    const Firm& f = asking[i];
    const Ask ask{f.amount, f.term, {}, false};
    auto start = Clock::now();
    auto result =
        rx::market::match(set, {}, ask, demand_rows.row(i), attributes->composite_score_slot(),
                          {.schema = &attributes->schema()});
    ours.push_back(ms(Clock::now() - start));
    start = Clock::now();
    sqlite3_bind_int(select, 1, f.size);
    sqlite3_bind_int(select, 2, f.years);
    bind_rank(select, 3, f.grade);
    sqlite3_bind_int(select, 4, f.dishonest);
    sqlite3_bind_text(select, 5, f.district.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(select, 6, f.headcount);
    bind_rank(select, 7, f.tax);
    sqlite3_bind_int64(select, 8, f.amount);
    sqlite3_bind_int(select, 9, f.term);
    int64_t sql_eligible = 0;
    while (sqlite3_step(select) == SQLITE_ROW) sql_eligible = sqlite3_column_int64(select, 0);
    sqlite3_reset(select);
    theirs.push_back(ms(Clock::now() - start));
    // Both must find the same eligible products.
    int64_t our_eligible = 0;
    for (const CompiledProduct& cp : compiled)
      our_eligible += rx::market::eligible(cp, ask, demand_rows.row(i));
    if (our_eligible != sql_eligible) {
      std::fprintf(stderr, "demand %zu: ours %lld eligible, SQLite %lld\n", i,
                   static_cast<long long>(our_eligible), static_cast<long long>(sql_eligible));
      return 1;
    }
    eligible_total += static_cast<size_t>(our_eligible);
    near_total += result.near_misses.size();
  }
  sqlite3_finalize(select);
  std::printf(
      "demand: %zu demands x %zu products (compiled in %.0f ms); eligible per demand %.1f, near "
      "misses shown %.1f\n",
      demands, products, compile_ms,
      static_cast<double>(eligible_total) / static_cast<double>(demands),
      static_cast<double>(near_total) / static_cast<double>(demands));
  std::printf("  rongxin match (rank + explain + near misses)  p50 %.3f ms  p99 %.3f ms\n",
              percentile(ours, 0.5), percentile(ours, 0.99));
  std::printf("  SQLite fixed-column select (eligible only)    p50 %.3f ms  p99 %.3f ms\n",
              percentile(theirs, 0.5), percentile(theirs, 0.99));
  std::printf("  ratio p99 SQLite / rongxin %.2f\n",
              percentile(theirs, 0.99) / percentile(ours, 0.99));

  // ---- one product against M enterprises' demands -----------------------------------------
  Rows rows(*attributes);
  sqlite_check(
      sqlite3_exec(db,
                   "CREATE TABLE firms (size, years, grade, tax, dishonest, district TEXT, "
                   "headcount, amount, term)",
                   nullptr, nullptr, nullptr),
      db, "create firms");
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  ins = prepare(db, "INSERT INTO firms VALUES (?,?,?,?,?,?,?,?,?)");
  std::vector<Ask> asks;
  for (size_t i = 0; i < enterprises; ++i) {
    const Firm f = random_firm(rng, districts);
    rows.add(f);
    asks.push_back({f.amount, f.term, {}, false});
    sqlite3_bind_int(ins, 1, f.size);
    sqlite3_bind_int(ins, 2, f.years);
    bind_rank(ins, 3, f.grade);
    bind_rank(ins, 4, f.tax);
    sqlite3_bind_int(ins, 5, f.dishonest);
    sqlite3_bind_text(ins, 6, f.district.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 7, f.headcount);
    sqlite3_bind_int64(ins, 8, f.amount);
    sqlite3_bind_int(ins, 9, f.term);
    sqlite_check(sqlite3_step(ins), db, "insert firm");
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);

  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::printf("product: 1 new product x %zu enterprises' demands (5 products, medians of 3)\n",
              enterprises);
  std::vector<double> one, all, sql;
  for (int p = 0; p < 5; ++p) {
    Terms t = random_terms(rng, districts);
    t.amount_max = std::max<int64_t>(t.amount_max, 100'000'000);  // a broad product
    Product product;
    product.amount_min = t.amount_min;
    product.amount_max = t.amount_max;
    product.term_min = t.term_min;
    product.term_max = t.term_max;
    product.eligibility = rule_of(t);
    product.status = rx::market::ProductStatus::kListed;
    const CompiledProduct cp = *rx::market::compile(product, attributes->schema());
    auto count = [&](unsigned n) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, n);
      return tbb::parallel_reduce(
          tbb::blocked_range<size_t>(0, rows.size(), 4096), size_t{0},
          [&](const tbb::blocked_range<size_t>& r, size_t found) {
            for (size_t i = r.begin(); i < r.end(); ++i)
              found += rx::market::eligible(cp, asks[i], rows.row(i));
            return found;
          },
          std::plus<>());
    };
    for (int rep = 0; rep < 3; ++rep) {
      auto start = Clock::now();
      const size_t single = count(1);
      one.push_back(ms(Clock::now() - start));
      start = Clock::now();
      const size_t parallel = count(threads);
      all.push_back(ms(Clock::now() - start));
      start = Clock::now();
      sqlite3_stmt* st = prepare(db, "SELECT count(*) FROM firms WHERE " + where_of(t));
      sqlite_check(sqlite3_step(st), db, "count");
      const auto sql_count = static_cast<size_t>(sqlite3_column_int64(st, 0));
      sqlite3_finalize(st);
      sql.push_back(ms(Clock::now() - start));
      if (single != parallel || single != sql_count) {
        std::fprintf(stderr, "product %d: ours %zu / %zu, SQLite %zu\n", p, single, parallel,
                     sql_count);
        return 1;
      }
      if (rep == 0) std::printf("  product %d matches %zu demands\n", p, single);
    }
  }
  std::printf("  rongxin eligible(), 1 thread     median %.0f ms\n", percentile(one, 0.5));
  std::printf("  rongxin eligible(), %u threads    median %.0f ms\n", threads,
              percentile(all, 0.5));
  std::printf("  SQLite count(*) WHERE rule       median %.0f ms\n", percentile(sql, 0.5));
  std::printf("  ratio SQLite / rongxin (1 thread) %.2f, (%u threads) %.2f\n",
              percentile(sql, 0.5) / percentile(one, 0.5), threads,
              percentile(sql, 0.5) / percentile(all, 0.5));
  sqlite3_close(db);
  return 0;
}
