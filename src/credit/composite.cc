#include "credit/composite.h"

#include <cmath>
#include <cstdio>

#include "config/toml_reader.h"

namespace rx::credit {
namespace {

using config::TableReader;

// Whole numbers in full ("1000000", not "1e+06"); fractions with up to 6 significant digits.
std::string number_text(double v) {
  char text[40];
  if (v == std::floor(v) && std::abs(v) < 1e15)
    std::snprintf(text, sizeof text, "%.0f", v);
  else
    std::snprintf(text, sizeof text, "%g", v);
  return text;
}

std::string band_label(const Band& b) {
  return (b.from ? "[" + number_text(*b.from) : "(-∞") + ", " +
         (b.below ? number_text(*b.below) + ")" : "+∞)");
}

// Bands must run from -inf to +inf without gaps or overlaps, in order.
void check_bands(TableReader& r, const std::vector<Band>& bands) {
  if (bands.empty()) return r.fail("bands", "needs at least one band");
  if (bands.front().from) r.fail("bands", "the first band must have no 'from' (it starts at -∞)");
  if (bands.back().below) r.fail("bands", "the last band must have no 'below' (it ends at +∞)");
  for (size_t i = 0; i + 1 < bands.size(); ++i) {
    const Band &a = bands[i], &b = bands[i + 1];
    const std::string at = "bands " + std::to_string(i + 1) + " and " + std::to_string(i + 2);
    if (!a.below || !b.from)
      r.fail("bands", at + ": only the first band may omit 'from' and only the last 'below'");
    else if (*a.below < *b.from)
      r.fail("bands",
             at + ": gap between " + number_text(*a.below) + " and " + number_text(*b.from));
    else if (*a.below > *b.from)
      r.fail("bands",
             at + ": overlap between " + number_text(*b.from) + " and " + number_text(*a.below));
  }
  for (size_t i = 0; i < bands.size(); ++i)
    if (bands[i].from && bands[i].below && *bands[i].from >= *bands[i].below)
      r.fail("bands", "band " + std::to_string(i + 1) + " is empty: 'from' must be below 'below'");
}

Factor parse_factor(TableReader& r, const std::string& prefix, std::string_view source,
                    std::vector<FieldError>& errors, const IndicatorLibrary& library) {
  Factor f;
  if (!r.string("indicator", f.indicator)) r.fail("indicator", "is required");
  const int index = library.indicator_index(f.indicator);
  if (index < 0 && !f.indicator.empty())
    r.fail("indicator", "'" + f.indicator + "' is not in the indicator library");
  f.indicator_index = static_cast<size_t>(std::max(index, 0));
  std::optional<double> weight, missing;
  if (!r.number("weight", weight) || !weight || *weight <= 0)
    r.fail("weight", "is required and must be above 0");
  f.weight = weight.value_or(0);
  r.number("missing_points", missing);
  f.missing_points = missing.value_or(0);
  if (f.missing_points < 0 || f.missing_points > 100)
    r.fail("missing_points", "must be from 0 to 100");
  if (const toml::array* bands = r.table_array("bands")) {
    for (size_t i = 0; i < bands->size(); ++i) {
      TableReader b(*(*bands)[i].as_table(), prefix + "bands[" + std::to_string(i) + "].", source,
                    errors);
      Band band;
      b.number("from", band.from);
      b.number("below", band.below);
      std::optional<double> points;
      if (!b.number("points", points) || !points || *points < 0 || *points > 100)
        b.fail("points", "is required and must be from 0 to 100");
      band.points = points.value_or(0);
      b.string("label", band.label);
      b.reject_unknown();
      if (band.label.empty()) band.label = band_label(band);
      f.bands.push_back(std::move(band));
    }
  }
  r.reject_unknown();
  check_bands(r, f.bands);
  return f;
}

}  // namespace

Result<CompositeModel> parse_composite_model(std::string_view text, std::string_view source,
                                             const IndicatorLibrary& library) {
  RX_ASSIGN_OR_RETURN(toml::table root, config::parse_toml(text, source, "composite model"));
  std::vector<FieldError> errors;
  CompositeModel m;
  TableReader r(root, "", source, errors);
  if (!r.string("version", m.version) || m.version.empty()) r.fail("version", "is required");
  if (!r.string("name", m.name)) r.fail("name", "is required");
  if (const toml::array* grades = r.table_array("grades")) {
    for (size_t i = 0; i < grades->size(); ++i) {
      TableReader g(*(*grades)[i].as_table(), "grades[" + std::to_string(i) + "].", source, errors);
      Grade grade;
      std::optional<double> min;
      if (!g.string("grade", grade.name) || grade.name.empty()) g.fail("grade", "is required");
      if (!g.number("min_score", min) || !min || *min < 0 || *min > 1000)
        g.fail("min_score", "is required and must be from 0 to 1000");
      grade.min_score = min.value_or(0);
      g.reject_unknown();
      if (!m.grades.empty() && grade.min_score >= m.grades.back().min_score)
        g.fail("min_score", "must be below the previous grade's (" +
                                number_text(m.grades.back().min_score) + ")");
      m.grades.push_back(std::move(grade));
    }
    if (!m.grades.empty() && m.grades.back().min_score != 0)
      r.fail("grades", "the last grade must have min_score = 0 so every score has a grade");
  } else {
    r.fail("grades", "is required: [[grades]] from the best down");
  }
  if (const toml::array* factors = r.table_array("factors")) {
    for (size_t i = 0; i < factors->size(); ++i) {
      const std::string prefix = "factors[" + std::to_string(i) + "].";
      TableReader f(*(*factors)[i].as_table(), prefix, source, errors);
      m.factors.push_back(parse_factor(f, prefix, source, errors, library));
      m.total_weight += m.factors.back().weight;
    }
  } else {
    r.fail("factors", "is required: at least one [[factors]] table");
  }
  r.reject_unknown();
  if (!errors.empty()) return config::errors_status(std::move(errors), "composite model");
  return m;
}

Result<CompositeModel> load_composite_model(const std::string& path,
                                            const IndicatorLibrary& library) {
  RX_ASSIGN_OR_RETURN(std::string text, config::read_text_file(path, "composite model"));
  return parse_composite_model(text, path, library);
}

CompositeResult evaluate_composite(const CompositeModel& model, std::span<const float> indicators) {
  CompositeResult out;
  out.contributions.reserve(model.factors.size());
  const double per_weight = 1000.0 / (100.0 * model.total_weight);
  for (size_t i = 0; i < model.factors.size(); ++i) {
    const Factor& f = model.factors[i];
    Contribution c{.factor = i, .value = indicators[f.indicator_index]};
    if (std::isnan(c.value)) {
      c.points = f.missing_points;
    } else {
      for (size_t b = 0; b < f.bands.size(); ++b)
        if (!f.bands[b].below || c.value < *f.bands[b].below) {
          c.band = static_cast<int>(b);
          c.points = f.bands[b].points;
          break;
        }
    }
    c.score = c.points * f.weight * per_weight;
    c.max_score = 100.0 * f.weight * per_weight;
    out.score += c.score;
    out.contributions.push_back(c);
  }
  out.score = std::round(out.score * 10) / 10;
  for (const Grade& g : model.grades)
    if (out.score >= g.min_score) {
      out.grade = g.name;
      break;
    }
  return out;
}

}  // namespace rx::credit
