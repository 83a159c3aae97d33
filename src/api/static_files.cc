#include "api/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rx::api {
namespace {

std::string_view content_type(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<HttpResponse> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream data;
  data << in.rdbuf();
  HttpResponse r;
  r.content_type = std::string(content_type(p));
  r.body = std::move(data).str();
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (p.extension() == ".html") {
    r.headers.emplace_back("Cache-Control", "no-cache");
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
                           "data:; font-src 'self' data:; frame-ancestors 'none'");
  } else if (p.parent_path().filename() == "assets") {
    // Vite names assets by content hash.
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  }
  return r;
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::optional<HttpResponse> StaticFiles::serve(std::string_view path) const {
  if (root_.empty()) return std::nullopt;
  namespace fs = std::filesystem;
  std::string relative(path.substr(path.find_first_not_of('/') == std::string_view::npos
                                       ? path.size()
                                       : path.find_first_not_of('/')));
  for (std::string_view part : {std::string_view(".."), std::string_view("\\")}) {
    if (relative.find(part) != std::string::npos) return std::nullopt;
  }
  if (relative.find('\0') != std::string::npos) return std::nullopt;
  fs::path root(root_);
  std::error_code ec;
  if (relative.empty()) return read_file(root / "index.html");
  fs::path candidate = root / relative;
  if (fs::is_regular_file(candidate, ec)) return read_file(candidate);
  // Single-page-app routes (no extension) get the app shell.
  if (fs::path(relative).extension().empty()) return read_file(root / "index.html");
  return std::nullopt;
}

}  // namespace rx::api
