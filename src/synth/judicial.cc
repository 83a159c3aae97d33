// Court records: civil judgments, and for firms that do not pay what they were ordered to,
// enforcement cases, then the dishonest-debtor list and consumption restrictions.
#include <algorithm>
#include <cmath>
#include <string>

#include "synth/firm.h"

namespace rx::synth {
namespace {

constexpr std::string_view kCauses[] = {
    "买卖合同纠纷",     "借款合同纠纷", "金融借款合同纠纷", "劳动争议",
    "房屋租赁合同纠纷", "服务合同纠纷", "承揽合同纠纷",     "建设工程施工合同纠纷",
};

struct Court {
  std::string name;  // 上海市浦东新区人民法院
  std::string code;  // 沪0115
};

Court court_of(std::string_view district) {
  std::string_view name = district_name(district);
  if (name.empty()) return {"上海市浦东新区人民法院", "沪0115"};  // seat of the platform's hub
  return {"上海市" + std::string(name) + "人民法院", "沪01" + std::string(district.substr(4, 2))};
}

std::string case_number(const Court& c, int year, std::string_view kind, Rng& r) {
  std::string out = "(";
  append_int(out, year);
  out += ")";
  out += c.code;
  out += kind;
  append_int(out, r.range(1, 60000));
  out += "号";
  return out;
}

struct Record {
  std::string_view type, role;
  std::string_view cause;
  int32_t filed;
  int32_t closed;  // -1 when open
  int64_t amount;
  std::string_view status;
};

}  // namespace

void write_judicial(const Firm& f, const Window& w, CsvTable& out) {
  if (f.first_month > f.last_month) return;
  const Court court = court_of(f.e->district);
  const std::string& uscc = f.e->uscc.str();
  const double size = std::sqrt(f.scale());
  std::vector<std::string> used;
  Rng r = f.rng(Stream::kJudicial);

  auto emit = [&](const std::string& number, const Record& rec) {
    out.text(uscc).text(number).text(rec.type).text(rec.role).text(court.name).text(rec.cause);
    out.date(rec.filed);
    if (rec.closed >= 0)
      out.date(rec.closed);
    else
      out.empty();
    out.money(rec.amount).text(rec.status).end();
  };
  auto year_of = [](int32_t day) { return civil_from_days(day).year; };

  for (int m = f.first_month; m <= f.last_month; ++m) {
    const double d = f.distress_at(m);
    const bool defendant = r.chance((0.0015 + 0.05 * std::pow(d, 1.3)) * size);
    const bool plaintiff = !defendant && r.chance(0.0015 * size * (0.5 + f.health));
    if (!defendant && !plaintiff) continue;
    const int32_t filed = day_in_month(f, w, r, m);
    if (filed < 0) continue;
    std::string_view cause =
        f.e->industry[0] == 'E' && r.chance(0.5) ? kCauses[7] : kCauses[r.below(7)];
    const int64_t amount =
        to_fen(std::round(r.lognormal(std::log(80000 * std::pow(f.scale(), 0.7)), 1.0)));
    std::string number = case_number(court, year_of(filed), "民初", r);
    if (!claim(used, number)) continue;

    Record j{"judgment", defendant ? "defendant" : "plaintiff", cause, filed, -1, amount,
             "pending"};
    int32_t closed = filed + static_cast<int32_t>(r.range(45, 400));
    if (closed <= w.last_day) {
      j.closed = closed;
      j.status = r.chance(0.15) ? "withdrawn" : "closed";
    }
    emit(number, j);
    if (j.status != "closed") continue;

    // The loser does not pay: the winner applies for enforcement.
    if (!r.chance(defendant ? 0.25 + 0.6 * d : 0.1)) continue;
    Record e{"enforcement", j.role,   cause, closed + static_cast<int32_t>(r.range(20, 90)), -1,
             amount,        "pending"};
    if (e.filed > w.last_day) continue;
    std::string enforcement = case_number(court, year_of(e.filed), "执", r);
    if (!claim(used, enforcement)) continue;
    const int32_t done = e.filed + static_cast<int32_t>(r.range(30, 300));
    const bool can_pay = !defendant || d < 0.5 || r.chance(0.2);
    if (done <= w.last_day) e.closed = done, e.status = can_pay ? "closed" : "terminated";
    emit(enforcement, e);
    if (!defendant || can_pay || d < 0.3) continue;

    if (r.chance(0.3 + 0.6 * d)) {
      Record l{"dishonest_debtor",
               "defendant",
               cause,
               e.filed + static_cast<int32_t>(r.range(30, 120)),
               -1,
               amount,
               r.chance(0.3) ? "partially_performed" : "unperformed"};
      if (l.filed <= w.last_day) {
        if (r.chance(0.1)) {
          int32_t removed = l.filed + static_cast<int32_t>(r.range(60, 300));
          if (removed <= w.last_day) l.closed = removed, l.status = "removed";
        }
        emit(enforcement, l);
      }
    }
    if (r.chance(0.5 + 0.4 * d)) {
      Record c{"consumption_restriction",
               "defendant",
               cause,
               e.filed + static_cast<int32_t>(r.range(10, 60)),
               -1,
               amount,
               "in_effect"};
      if (c.filed <= w.last_day) emit(enforcement, c);
    }
  }
}

}  // namespace rx::synth
