// The sample library (样本库) and model registry: named, versioned labelled samples (CSV kept
// whole, with its SHA-256) and models fitted on them, each with its report, author and time.
// Per scenario one model is the champion (used by the batch evaluation), others challengers.
// Names are reused across versions: adding "sme-2026" twice gives versions 1 and 2.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/database.h"

namespace rx::lab {

// The scenarios a model serves: general SMEs, sci-tech firms, trade, shipping.
inline constexpr std::string_view kScenarios[] = {"general", "sci_tech", "trade", "shipping"};
bool is_scenario(std::string_view s);

struct SampleRecord {
  std::string id, name;
  int64_t version = 0;
  std::string source;  // "platform" (rongxin lab sample) or "import" (an uploaded CSV)
  std::string description, target, bad_value;
  int64_t rows = 0, bad = 0, columns = 0;
  std::string sha256;
  std::string content;  // the CSV; empty in listings
  std::string created_by;
  int64_t created_at = 0;  // microseconds since the epoch
};

struct ModelRecord {
  std::string id, name;
  int64_t version = 0;
  std::string scenario, algorithm, sample_id;
  std::string role;    // "champion" or "challenger"
  std::string model;   // the model file (JSON); empty in listings
  std::string report;  // evaluation_report on its sample (JSON); empty in listings
  std::optional<double> auc, ks, cv_auc;
  std::string author;
  int64_t created_at = 0;
};

class LabRegistry {
 public:
  LabRegistry(store::Database& db, const Clock& clock, Random& random)
      : db_(db), clock_(clock), random_(random) {}

  // Fills id, version, sha256 and created_at; the caller fills the rest.
  Result<SampleRecord> add_sample(SampleRecord sample);
  Result<std::vector<SampleRecord>> samples();
  Result<SampleRecord> sample(const std::string& id);  // with content

  // Fills id, version and created_at. REQUIRES: the sample exists (else not_found). With
  // `champion`, the model replaces its scenario's champion in the same transaction.
  Result<ModelRecord> add_model(ModelRecord model, bool champion);
  Result<std::vector<ModelRecord>> models();
  Result<ModelRecord> model(const std::string& id);  // with model and report
  Status promote(const std::string& id);             // champion of its scenario
  // The scenario's champion, if any (with model and report).
  Result<std::optional<ModelRecord>> champion(std::string_view scenario);

 private:
  store::Database& db_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace rx::lab
