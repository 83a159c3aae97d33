#include "report/render_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "report/internal/document.h"

namespace rx::report {
namespace {

using internal::Badge;
using internal::Block;
using internal::Cell;
using internal::Column;
using internal::Document;
using internal::KeyValues;
using internal::Mark;
using internal::Paragraph;
using internal::Section;
using internal::Subheading;
using internal::Table;

// RAII owners of every cairo and pango object a render creates.
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  void operator()(cairo_font_options_t* o) const { cairo_font_options_destroy(o); }
};
struct GObjectDeleter {
  void operator()(gpointer object) const { g_object_unref(object); }
};
struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, CairoDeleter>;
using FontMapPtr = std::unique_ptr<PangoFontMap, GObjectDeleter>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontDescriptionDeleter>;

// A4 portrait in points; the content box lies between the header rule and the footer.
constexpr double kPageWidth = 595;
constexpr double kPageHeight = 842;
constexpr double kMargin = 42;
constexpr double kContentTop = 62;
constexpr double kContentBottom = kPageHeight - 52;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kPad = 3;           // cell padding
constexpr double kLabelWidth = 128;  // key column of key-value tables
constexpr double kBodySize = 8.5;    // points
constexpr const char* kFont = "WenQuanYi Micro Hei";

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.11, 0.13, 0.16};
constexpr Rgb kGrey{0.45, 0.47, 0.50};
constexpr Rgb kRule{0.79, 0.80, 0.83};
constexpr Rgb kHeadFill{0.95, 0.96, 0.97};
constexpr Rgb kBlue{0.12, 0.37, 0.66};
constexpr Rgb kNoticeFill{1.0, 0.98, 0.90};

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string cell_markup(const Cell& c) {
  std::string out;
  size_t done = 0;
  for (const Mark& m : c.marks) {
    const size_t at = std::clamp(m.at, done, c.text.size());
    out += xml_escape(std::string_view(c.text).substr(done, at - done));
    if (at > 0) out += " ";
    out += m.badge == Badge::kDispute ? "<span foreground=\"#b34d00\" weight=\"bold\">【"
                                      : "<span foreground=\"#4e5969\" size=\"smaller\">【";
    out += xml_escape(internal::badge_text(m.badge)) + "】</span>";
    done = at;
  }
  return out + xml_escape(std::string_view(c.text).substr(done));
}

// A label with its English translation below it, smaller and grey.
std::string label_markup(const std::string& zh, const std::string& en) {
  std::string out = xml_escape(zh);
  if (!en.empty())
    out += "\n<span size=\"smaller\" foreground=\"#666666\">" + xml_escape(en) + "</span>";
  return out;
}

struct Style {
  double size = kBodySize;
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
};

// Lays out the document on pages. Owns nothing; the render function owns cr and context.
class Pager {
 public:
  Pager(cairo_t* cr, PangoContext* context, const Document& doc)
      : cr_(cr), context_(context), doc_(doc) {}

  // Markup laid out `width` points wide, wrapping between words or, in CJK text, characters.
  LayoutPtr layout(const std::string& markup, double width, Style style = {}) const {
    LayoutPtr l(pango_layout_new(context_));
    FontPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), kFont);
    pango_font_description_set_size(font.get(),
                                    static_cast<gint>(std::lround(style.size * PANGO_SCALE)));
    pango_font_description_set_weight(font.get(),
                                      style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), font.get());
    pango_layout_set_width(l.get(),
                           width < 0 ? -1 : static_cast<int>(std::lround(width * PANGO_SCALE)));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), style.align);
    pango_layout_set_markup(l.get(), markup.c_str(), -1);
    return l;
  }

  static double height(PangoLayout* l) {
    PangoRectangle logical;
    pango_layout_get_pixel_extents(l, nullptr, &logical);
    return logical.height;
  }

  void start() { begin_page(); }

  // Starts a new page unless `h` more points fit on this one. True when it did.
  bool ensure(double h) {
    if (y_ + h <= kContentBottom || y_ <= kContentTop) return false;
    watermark();
    cairo_show_page(cr_);
    begin_page();
    return true;
  }

  // Completes the last page; cairo_surface_finish() then emits it.
  void finish() { watermark(); }

  void title() {
    LayoutPtr zh = layout(xml_escape(doc_.title), kContentWidth, {15, true, PANGO_ALIGN_CENTER});
    LayoutPtr en = layout(xml_escape(doc_.title_en), kContentWidth, {8, false, PANGO_ALIGN_CENTER});
    draw(zh.get(), kMargin, y_, kInk);
    y_ += height(zh.get()) + 2;
    draw(en.get(), kMargin, y_, kGrey);
    y_ += height(en.get()) + 4;
    rule(y_, kBlue, 1.5);
    y_ += 8;
  }

  void header() { key_values(doc_.header); }

  void section(const Section& s) {
    y_ += 8;
    LayoutPtr h = layout(std::to_string(s.number) + " " + xml_escape(s.title) +
                             "  <span size=\"smaller\" weight=\"normal\" foreground=\"#666666\">" +
                             xml_escape(s.title_en) + "</span>",
                         kContentWidth - 8, {11.5, true});
    const double hh = height(h.get());
    ensure(hh + 40);  // keep the heading with the start of its content
    fill(kMargin, y_, 3, hh, kBlue);
    draw(h.get(), kMargin + 8, y_, kInk);
    y_ += hh + 5;
    for (const Block& b : s.blocks) block(b);
  }

 private:
  void block(const Block& b) {
    if (const auto* kv = std::get_if<KeyValues>(&b)) return key_values(*kv);
    if (const auto* t = std::get_if<Table>(&b)) return table(*t);
    if (const auto* sub = std::get_if<Subheading>(&b)) return subheading(*sub);
    paragraph(std::get<Paragraph>(b));
  }

  void key_values(const KeyValues& kv) {
    for (const auto& row : kv.rows) {
      LayoutPtr key = layout(label_markup(row.label, row.label_en), kLabelWidth - 2 * kPad);
      LayoutPtr value = layout(cell_markup(row.value), kContentWidth - kLabelWidth - 2 * kPad);
      const double h = std::max(height(key.get()), height(value.get())) + 2 * kPad;
      ensure(h);
      fill(kMargin, y_, kLabelWidth, h, kHeadFill);
      box(kMargin, y_, kLabelWidth, h);
      box(kMargin + kLabelWidth, y_, kContentWidth - kLabelWidth, h);
      draw(key.get(), kMargin + kPad, y_ + kPad, kInk);
      draw(value.get(), kMargin + kLabelWidth + kPad, y_ + kPad, kInk);
      y_ += h;
    }
    y_ += 6;
  }

  // Column widths in points, in proportion to the columns' weights.
  static std::vector<double> widths(const Table& t) {
    double total = 0;
    for (const Column& c : t.columns) total += c.weight > 0 ? c.weight : 1;
    std::vector<double> out;
    for (const Column& c : t.columns)
      out.push_back(kContentWidth * (c.weight > 0 ? c.weight : 1) / total);
    return out;
  }

  // One row of cells; `head` rows are filled grey. Starts a new page first when it does not fit,
  // repeating the table's head row there. REQUIRES: markup.size() == w.size().
  void row(const std::vector<std::string>& markup, const std::vector<double>& w, const Table& t,
           bool head) {
    std::vector<LayoutPtr> cells;
    double h = 0;
    for (size_t i = 0; i < markup.size(); ++i) {
      const bool right = t.columns[i].numeric && !head;
      cells.push_back(layout(markup[i], w[i] - 2 * kPad,
                             {head ? kBodySize - 0.5 : kBodySize, head,
                              right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT}));
      h = std::max(h, height(cells.back().get()));
    }
    h += 2 * kPad;
    if (ensure(h) && !head) head_row(t, w);
    double x = kMargin;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (head) fill(x, y_, w[i], h, kHeadFill);
      box(x, y_, w[i], h);
      draw(cells[i].get(), x + kPad, y_ + kPad, kInk);
      x += w[i];
    }
    y_ += h;
  }

  void head_row(const Table& t, const std::vector<double>& w) {
    std::vector<std::string> markup;
    for (const Column& c : t.columns) markup.push_back(label_markup(c.label, c.label_en));
    row(markup, w, t, true);
  }

  void table(const Table& t) {
    if (t.columns.empty()) return;
    const std::vector<double> w = widths(t);
    ensure(60);  // the head row and at least one body row together
    head_row(t, w);
    for (const std::vector<Cell>& cells : t.rows) {
      std::vector<std::string> markup;
      for (size_t i = 0; i < t.columns.size(); ++i)
        markup.push_back(i < cells.size() ? cell_markup(cells[i]) : "");
      row(markup, w, t, false);
    }
    y_ += 6;
  }

  void subheading(const Subheading& s) {
    LayoutPtr l = layout(xml_escape(s.text), kContentWidth, {9.5, true});
    const double h = height(l.get());
    ensure(h + 40);
    draw(l.get(), kMargin, y_, kInk);
    y_ += h + 3;
  }

  void paragraph(const Paragraph& p) {
    const bool notice = p.tone == Paragraph::Tone::kNotice;
    const double inset = notice ? 5 : 0;
    LayoutPtr l = layout(xml_escape(p.text), kContentWidth - 2 * inset);
    const double h = height(l.get()) + 2 * inset;
    ensure(h);
    if (notice) fill(kMargin, y_, kContentWidth, h, kNoticeFill);
    draw(l.get(), kMargin + inset, y_ + inset, p.tone == Paragraph::Tone::kEmpty ? kGrey : kInk);
    y_ += h + 4;
  }

  void begin_page() {
    ++page_;
    LayoutPtr left = layout(xml_escape(doc_.title), kContentWidth, {7.5});
    LayoutPtr right = layout("报告编号 " + xml_escape(doc_.report_number), kContentWidth,
                             {7.5, false, PANGO_ALIGN_RIGHT});
    draw(left.get(), kMargin, 30, kGrey);
    draw(right.get(), kMargin, 30, kGrey);
    rule(44, kRule, 0.8);
    rule(kPageHeight - 44, kRule, 0.8);
    // 1 pt letter spacing keeps the spaces of "第 N 页" visible to text extraction (pdftotext
    // joins "1 页" at small sizes without it).
    LayoutPtr footer = layout("<span letter_spacing=\"1024\">第 " + std::to_string(page_) +
                                  " 页</span>    报告编号 " + xml_escape(doc_.report_number),
                              kContentWidth, {7.5, false, PANGO_ALIGN_CENTER});
    draw(footer.get(), kMargin, kPageHeight - 38, kGrey);
    y_ = kContentTop;
  }

  // The institution's name in translucent grey, rotated 30 degrees, in a grid over the page.
  // Drawn last so that cell fills do not hide it.
  void watermark() {
    if (doc_.institution.empty()) return;
    LayoutPtr l = layout(xml_escape(doc_.institution), -1, {22});
    PangoRectangle logical;
    pango_layout_get_pixel_extents(l.get(), nullptr, &logical);
    cairo_save(cr_);
    cairo_translate(cr_, kPageWidth / 2, kPageHeight / 2);
    cairo_rotate(cr_, -std::numbers::pi / 6);
    cairo_set_source_rgba(cr_, 0.5, 0.5, 0.5, 0.10);
    const double step_x = logical.width + 90;
    for (int row = -3; row <= 3; ++row) {
      const double shift = (row % 2 == 0) ? 0 : step_x / 2;
      for (int col = -2; col <= 1; ++col) {
        cairo_move_to(cr_, col * step_x + shift, row * 130.0 - logical.height / 2.0);
        pango_cairo_show_layout(cr_, l.get());
      }
    }
    cairo_restore(cr_);
  }

  void draw(PangoLayout* l, double x, double y, Rgb color) {
    cairo_set_source_rgb(cr_, color.r, color.g, color.b);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l);
  }

  void fill(double x, double y, double w, double h, Rgb color) {
    cairo_set_source_rgb(cr_, color.r, color.g, color.b);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_fill(cr_);
  }

  void box(double x, double y, double w, double h) {
    cairo_set_source_rgb(cr_, kRule.r, kRule.g, kRule.b);
    cairo_set_line_width(cr_, 0.5);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_stroke(cr_);
  }

  void rule(double y, Rgb color, double width) {
    cairo_set_source_rgb(cr_, color.r, color.g, color.b);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, kMargin, y);
    cairo_line_to(cr_, kPageWidth - kMargin, y);
    cairo_stroke(cr_);
  }

  cairo_t* cr_;
  PangoContext* context_;
  const Document& doc_;
  int page_ = 0;
  double y_ = kContentTop;
};

// issued_at as cairo wants a PDF date: "YYYY-MM-DDThh:mm:ssZ" (fractions dropped); empty when
// it is not of that form.
std::string pdf_date(const std::string& iso) {
  if (iso.size() < 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' ||
      iso[16] != ':' || iso.back() != 'Z')
    return "";
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    if (iso[i] < '0' || iso[i] > '9') return "";
  return iso.substr(0, 19) + "Z";
}

Status cairo_error(cairo_status_t status) {
  return internal_error(std::string("report pdf: cairo: ") + cairo_status_to_string(status));
}

}  // namespace

Result<std::string> render_report_pdf(const nlohmann::json& report) {
  RX_RETURN_IF_ERROR(internal::check_required(report));
  const Document doc = internal::build_document(report, "zh");

  std::string bytes;
  SurfacePtr surface(
      cairo_pdf_surface_create_for_stream(append_to_string, &bytes, kPageWidth, kPageHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return cairo_error(cairo_surface_status(surface.get()));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                 doc.report_number.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "rongxin");
  // Without an explicit date cairo stamps the current time, and the bytes would differ per run.
  const std::string date = pdf_date(doc.issued_at);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                 date.empty() ? "2000-01-01T00:00:00Z" : date.c_str());
  {
    CairoPtr cr(cairo_create(surface.get()));
    // Thread safety: a PangoFontMap and its caches are not safe to share between threads
    // without locking, and pango_cairo_font_map_get_default() is only per-thread since pango
    // 1.32.6 (kept alive until the thread ends). A font map of this call's own is safe on any
    // pango version and is freed with the call; fontconfig and cairo themselves are thread-safe
    // for separate surfaces.
    FontMapPtr font_map(pango_cairo_font_map_new());
    ContextPtr context(pango_font_map_create_context(font_map.get()));
    // 72 dpi: one pango point is one PDF user unit.
    pango_cairo_context_set_resolution(context.get(), 72);
    FontOptionsPtr options(cairo_font_options_create());
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context.get(), options.get());
    pango_cairo_update_context(cr.get(), context.get());

    Pager pager(cr.get(), context.get(), doc);
    pager.start();
    pager.title();
    pager.header();
    for (const Section& s : doc.sections) pager.section(s);
    pager.finish();
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return cairo_error(cairo_status(cr.get()));
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return cairo_error(cairo_surface_status(surface.get()));
  return bytes;
}

}  // namespace rx::report
