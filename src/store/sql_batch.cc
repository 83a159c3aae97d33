#include "store/sql_batch.h"

namespace rx::store {
namespace {

constexpr size_t kMaxRows = 128;

size_t chunk_rows(size_t remaining) {
  size_t n = kMaxRows;
  while (n > remaining) n /= 2;
  return n;
}

std::string group(size_t n) {
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out + ")";
}

}  // namespace

Status insert_rows(Session& s, std::string_view head, size_t columns,
                   const std::vector<Value>& values, std::string_view tail) {
  const size_t rows = values.size() / columns;
  const std::string one = group(columns);
  for (size_t done = 0; done < rows;) {
    const size_t n = chunk_rows(rows - done);
    std::string sql(head);
    sql += " VALUES ";
    for (size_t i = 0; i < n; ++i) sql += (i == 0 ? "" : ", ") + one;
    sql += " ";
    sql += tail;
    std::vector<Value> chunk(values.begin() + static_cast<ptrdiff_t>(done * columns),
                             values.begin() + static_cast<ptrdiff_t>((done + n) * columns));
    RX_RETURN_IF_ERROR(s.execute(sql, chunk).status());
    done += n;
  }
  return Status::ok();
}

Status for_chunks(const std::vector<Value>& items,
                  const std::function<Status(const std::string&, const std::vector<Value>&)>& fn) {
  for (size_t done = 0; done < items.size();) {
    const size_t n = chunk_rows(items.size() - done);
    std::string marks = group(n);
    std::vector<Value> chunk(items.begin() + static_cast<ptrdiff_t>(done),
                             items.begin() + static_cast<ptrdiff_t>(done + n));
    RX_RETURN_IF_ERROR(fn(marks.substr(1, marks.size() - 2), chunk));
    done += n;
  }
  return Status::ok();
}

}  // namespace rx::store
