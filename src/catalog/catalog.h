// The shared catalogue (共享清单): which credit data the platform collects, from which
// department, how often, under which key, with which fields and how sensitive each field is.
// Everything on the list is collected, nothing off it. The operator edits TOML files under
// data/catalog/ (one category per file); see data/catalog/README.md for the format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace rx::catalog {

enum class FieldType {
  kString,   // UTF-8 text, at most max_length characters (default 200)
  kInteger,  // signed 64-bit
  kDecimal,  // decimal number, at most `scale` fraction digits (default 4), kept as text
  kMoney,    // yuan in the file ("1234.56"), stored as integer fen
  kDate,     // YYYY-MM-DD
  kPeriod,   // YYYY-MM
  kEnum,     // one of `values`
  kUscc,     // an 18-character unified social credit code, check characters verified
  kBoolean,  // true/false, 1/0, 是/否
};

// Who may see a field: public data goes to anyone with a financing purpose; the rest only
// under the enterprise's authorization (and sensitive-personal data is desensitized).
enum class Sensitivity { kPublic, kRestricted, kSensitivePersonal, kTradeSecret };

// What the desensitized view (脱敏视图) does with a field of a sensitivity level: shows it as it
// is, generalizes it (amounts and counts as ranges, dates as months), masks it (keeps only a
// few characters, see MaskPattern) or leaves it out.
enum class Treatment { kClear, kGeneralize, kMask, kWithhold };

// How a masked text keeps its shape: a person's name keeps its first character (张*),
// an ID number its first 3 and last 4, a phone number its first 3 and last 4; other text its
// first and last character.
enum class MaskPattern { kDefault, kName, kIdNumber, kPhone };

// One treatment per sensitivity level, set in catalog.toml's [masking] table.
struct MaskingRules {
  Treatment public_fields = Treatment::kClear;
  Treatment restricted = Treatment::kGeneralize;
  Treatment sensitive_personal = Treatment::kMask;
  Treatment trade_secret = Treatment::kWithhold;

  Treatment treatment(Sensitivity s) const;
};

// Stored: rows are ingested and kept with history. Interface: the platform keeps nothing and
// asks the source department live (专线接口), through a connector with timeout, retries and
// a short cache.
enum class Mode { kStored, kInterface };

enum class Frequency { kDaily, kWeekly, kMonthly, kQuarterly, kYearly, kOnEvent };

std::string_view to_string(FieldType t);
std::string_view to_string(Sensitivity s);
std::string_view to_string(Mode m);
std::string_view to_string(Frequency f);
std::string_view to_string(Treatment t);
std::string_view to_string(MaskPattern p);

struct Field {
  std::string name;      // [a-z][a-z0-9_]*, the column name in files
  std::string label;     // Chinese label, e.g. "实缴税额"
  std::string label_en;  // English label
  FieldType type = FieldType::kString;
  std::string unit;  // display unit, e.g. "元", "人", "千瓦时"; empty when none
  bool required = false;
  std::optional<double> min;  // inclusive range for integer, decimal, money (in yuan)
  std::optional<double> max;
  std::vector<std::string> values;  // kEnum only
  int max_length = 200;             // kString only, in characters
  int scale = 4;                    // kDecimal only
  Sensitivity sensitivity = Sensitivity::kPublic;
  MaskPattern mask = MaskPattern::kDefault;  // string fields only
  std::string description;
};

struct InterfaceSource {
  std::string url;  // "{uscc}" is replaced; http:// only
  int timeout_ms = 2000;
  int retries = 2;
  int cache_seconds = 60;
};

struct Category {
  std::string id;  // [a-z][a-z0-9_]*, e.g. "tax"
  std::string name;
  std::string name_en;
  std::string department;  // source department, e.g. "市税务局"
  std::string department_en;
  Frequency frequency = Frequency::kMonthly;
  Mode mode = Mode::kStored;
  std::vector<std::string> key;  // field names identifying one record; always includes "uscc"
  std::string time_field;        // the date or period field that dates a record; may be empty
  int retention_years = 5;       // records older than this (by time_field) may be purged
  bool self_reported = false;    // submitted by the enterprise itself with a credit commitment
  std::string description;
  std::vector<Field> fields;
  std::optional<InterfaceSource> source;  // mode == kInterface only

  const Field* field(std::string_view field_name) const;
  int field_index(std::string_view field_name) const;  // -1 when absent
};

struct Catalog {
  std::string name;
  std::string name_en;
  std::string description;
  MaskingRules masking;
  std::vector<Category> categories;  // sorted by id

  const Category* category(std::string_view id) const;
};

}  // namespace rx::catalog
