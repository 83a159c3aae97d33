// Credit reports rendered per second on one thread: a stored report JSON (as POST
// /api/v1/reports returned it) rendered with report::render_report_pdf in a loop for SECONDS,
// then with report::render_report_html for SECONDS, in the same process. One warm-up render of
// each comes first (fontconfig and pango load their caches on the first call). Prints the wall
// and CPU time per report and the reports per second; bench/export-bench.sh runs it pinned to
// one core with taskset, next to the same rendering driven over HTTP.
//
// Usage: report_pdf_bench REPORT.json [SECONDS=10]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include "report/render_html.h"
#include "report/render_pdf.h"

namespace {

using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Calls `render` until `seconds` have passed; prints one line with the rates.
void measure(const char* what, double seconds, const std::function<size_t()>& render) {
  size_t bytes = render();  // warm-up, not counted
  long n = 0;
  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  double wall = 0;
  do {
    bytes = render();
    ++n;
    wall = std::chrono::duration<double>(Clock::now() - t0).count();
  } while (wall < seconds);
  const double cpu = cpu_seconds() - cpu0;
  std::printf(
      "%-4s %8.1f reports/s  %8.3f ms wall and %8.3f ms CPU per report  %zu bytes  (%ld in %.1f "
      "s)\n",
      what, static_cast<double>(n) / wall, wall * 1e3 / static_cast<double>(n),
      cpu * 1e3 / static_cast<double>(n), bytes, n, wall);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s REPORT.json [SECONDS=10]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) return std::fprintf(stderr, "cannot read %s\n", argv[1]), 1;
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const nlohmann::json report = nlohmann::json::parse(text, nullptr, false);
  if (report.is_discarded()) return std::fprintf(stderr, "%s is not JSON\n", argv[1]), 1;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 10.0;
  if (!(seconds > 0)) return std::fprintf(stderr, "SECONDS must be positive\n"), 2;

  auto first = rx::report::render_report_pdf(report);
  if (!first.is_ok()) return std::fprintf(stderr, "%s\n", first.status().to_string().c_str()), 1;
  std::printf("report %s: %zu bytes of JSON, one thread, %.0f s per format\n",
              report.value("report_number", std::string("?")).c_str(), text.size(), seconds);
  measure("pdf", seconds, [&] {
    auto pdf = rx::report::render_report_pdf(report);
    if (!pdf.is_ok()) std::abort();
    return pdf->size();
  });
  measure("html", seconds, [&] { return rx::report::render_report_html(report).size(); });
  return 0;
}
