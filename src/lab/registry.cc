#include "lab/registry.h"

#include <algorithm>

#include "core/id.h"
#include "crypto/crypto.h"

namespace rx::lab {
namespace {

using store::Rows;
using store::Session;
using store::Value;

Result<int64_t> next_version(Session& s, const char* table, const std::string& name) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT COALESCE(MAX(version), 0) FROM " +
                                             std::string(table) + " WHERE name = ?",
                                         {Value(name)}));
  return rows.at(0).integer(0) + 1;
}

constexpr const char* kSampleColumns =
    "id, name, version, source, description, target, bad_value, rows_count, bad_count, "
    "columns_count, content_sha256, created_by, created_at";

SampleRecord sample_of(const store::Row& r) {
  SampleRecord s;
  s.id = r.text(0);
  s.name = r.text(1);
  s.version = r.integer(2);
  s.source = r.text(3);
  s.description = r.text(4);
  s.target = r.text(5);
  s.bad_value = r.text(6);
  s.rows = r.integer(7);
  s.bad = r.integer(8);
  s.columns = r.integer(9);
  s.sha256 = r.text(10);
  s.created_by = r.text(11);
  s.created_at = r.integer(12);
  return s;
}

constexpr const char* kModelColumns =
    "id, name, version, scenario, algorithm, sample_id, role, auc, ks, cv_auc, author, "
    "created_at";

ModelRecord model_of(const store::Row& r) {
  ModelRecord m;
  m.id = r.text(0);
  m.name = r.text(1);
  m.version = r.integer(2);
  m.scenario = r.text(3);
  m.algorithm = r.text(4);
  m.sample_id = r.text(5);
  m.role = r.text(6);
  m.auc = r.maybe_real(7);
  m.ks = r.maybe_real(8);
  m.cv_auc = r.maybe_real(9);
  m.author = r.text(10);
  m.created_at = r.integer(11);
  return m;
}

Status make_champion(Session& s, const std::string& scenario, const std::string& id) {
  RX_RETURN_IF_ERROR(s.execute("UPDATE lab_models SET role = 'challenger' WHERE scenario = ? AND "
                               "role = 'champion'",
                               {Value(scenario)})
                         .status());
  return s.execute("UPDATE lab_models SET role = 'champion' WHERE id = ?", {Value(id)}).status();
}

Result<ModelRecord> full_model(Session& s, const std::string& where, const Value& key) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT " + std::string(kModelColumns) +
                                             ", model, report FROM lab_models WHERE " + where,
                                         {key}));
  if (rows.empty()) return not_found("no such model");
  ModelRecord m = model_of(rows[0]);
  m.model = rows[0].text(12);
  m.report = rows[0].text(13);
  return m;
}

}  // namespace

bool is_scenario(std::string_view s) {
  return std::find(std::begin(kScenarios), std::end(kScenarios), s) != std::end(kScenarios);
}

Result<SampleRecord> LabRegistry::add_sample(SampleRecord sample) {
  sample.id = new_uuid_v7(clock_, random_);
  sample.sha256 = crypto::sha256_hex(sample.content);
  sample.created_at = micros(clock_.now());
  RX_RETURN_IF_ERROR(db_.write([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(sample.version, next_version(s, "lab_samples", sample.name));
    return s
        .execute(
            "INSERT INTO lab_samples (" + std::string(kSampleColumns) +
                ", content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {Value(sample.id), Value(sample.name), Value(sample.version), Value(sample.source),
             Value(sample.description), Value(sample.target), Value(sample.bad_value),
             Value(sample.rows), Value(sample.bad), Value(sample.columns), Value(sample.sha256),
             Value(sample.created_by), Value(sample.created_at), Value(sample.content)})
        .status();
  }));
  return sample;
}

Result<std::vector<SampleRecord>> LabRegistry::samples() {
  std::vector<SampleRecord> out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT " + std::string(kSampleColumns) +
                                           " FROM lab_samples ORDER BY seq DESC"));
    for (const store::Row& r : rows) out.push_back(sample_of(r));
    return Status::ok();
  }));
  return out;
}

Result<SampleRecord> LabRegistry::sample(const std::string& id) {
  SampleRecord out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT " + std::string(kSampleColumns) +
                                               ", content FROM lab_samples WHERE id = ?",
                                           {Value(id)}));
    if (rows.empty()) return not_found("no sample with id '" + id + "'");
    out = sample_of(rows[0]);
    out.content = rows[0].text(13);
    return Status::ok();
  }));
  return out;
}

Result<ModelRecord> LabRegistry::add_model(ModelRecord model, bool champion) {
  if (!is_scenario(model.scenario))
    return invalid_argument("'" + model.scenario + "' is not a scenario",
                            {{"scenario", "must be general, sci_tech, trade or shipping"}});
  model.id = new_uuid_v7(clock_, random_);
  model.created_at = micros(clock_.now());
  model.role = "challenger";
  RX_RETURN_IF_ERROR(db_.write([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows found, s.query("SELECT count(*) FROM lab_samples WHERE id = ?",
                                            {Value(model.sample_id)}));
    if (found.at(0).integer(0) == 0)
      return not_found("no sample with id '" + model.sample_id + "'");
    RX_ASSIGN_OR_RETURN(model.version, next_version(s, "lab_models", model.name));
    RX_RETURN_IF_ERROR(
        s.execute("INSERT INTO lab_models (" + std::string(kModelColumns) +
                      ", model, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {Value(model.id), Value(model.name), Value(model.version), Value(model.scenario),
                   Value(model.algorithm), Value(model.sample_id), Value(model.role),
                   store::nullable(model.auc), store::nullable(model.ks),
                   store::nullable(model.cv_auc), Value(model.author), Value(model.created_at),
                   Value(model.model), Value(model.report)})
            .status());
    if (!champion) return Status::ok();
    model.role = "champion";
    return make_champion(s, model.scenario, model.id);
  }));
  return model;
}

Result<std::vector<ModelRecord>> LabRegistry::models() {
  std::vector<ModelRecord> out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT " + std::string(kModelColumns) +
                                           " FROM lab_models ORDER BY seq DESC"));
    for (const store::Row& r : rows) out.push_back(model_of(r));
    return Status::ok();
  }));
  return out;
}

Result<ModelRecord> LabRegistry::model(const std::string& id) {
  ModelRecord out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    auto found = full_model(s, "id = ?", Value(id));
    if (!found.is_ok()) return not_found("no model with id '" + id + "'");
    out = std::move(*found);
    return Status::ok();
  }));
  return out;
}

Status LabRegistry::promote(const std::string& id) {
  return db_.write([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Rows rows,
                        s.query("SELECT scenario FROM lab_models WHERE id = ?", {Value(id)}));
    if (rows.empty()) return not_found("no model with id '" + id + "'");
    return make_champion(s, rows[0].text(0), id);
  });
}

Result<std::optional<ModelRecord>> LabRegistry::champion(std::string_view scenario) {
  std::optional<ModelRecord> out;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    auto found = full_model(s, "scenario = ? AND role = 'champion'", Value(std::string(scenario)));
    if (found.is_ok()) out = std::move(*found);
    return Status::ok();
  }));
  return out;
}

}  // namespace rx::lab
