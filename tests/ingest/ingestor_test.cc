#include "ingest/ingestor.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "catalog/loader.h"
#include "ingest/records.h"
#include "registry/enterprise_repository.h"
#include "registry/synthetic.h"
#include "testing/test_database.h"

namespace rx::ingest {
namespace {

constexpr std::string_view kTaxToml = R"(id = "tax"
name = "纳税"
department = "税务"
key = ["uscc", "period", "tax_type"]
time_field = "period"

[[fields]]
name = "uscc"
label = "统一社会信用代码"
type = "uscc"
required = true

[[fields]]
name = "period"
label = "所属期"
type = "period"
required = true

[[fields]]
name = "tax_type"
label = "税种"
type = "enum"
values = ["vat", "cit"]
required = true

[[fields]]
name = "paid_amount"
label = "实缴税额"
type = "money"
min = 0
required = true

[[fields]]
name = "note"
label = "备注"
type = "string"
max_length = 10
)";

// A source that fails after `limit` bytes, like a process killed mid-file.
class FailingSource final : public ByteSource {
 public:
  FailingSource(std::string_view data, size_t limit) : inner_(data.substr(0, limit)) {}
  Result<size_t> read(char* buffer, size_t size) override {
    RX_ASSIGN_OR_RETURN(size_t n, inner_.read(buffer, std::min<size_t>(size, 64)));
    if (n == 0) return unavailable("connection reset");
    return n;
  }

 private:
  MemorySource inner_;
};

class IngestorTest : public rx::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    auto c = catalog::parse_category(kTaxToml, "tax.toml");
    ASSERT_TRUE(c.is_ok()) << c.status().to_string();
    tax_ = *c;
    registry::generate_enterprises(3, 5, clock().now(), [&](registry::Enterprise&& e) {
      enterprises_.push_back(std::move(e));
    });
    ASSERT_TRUE(registry::EnterpriseRepository(db()).create_many(enterprises_).is_ok());
  }

  std::string uscc(int i) { return enterprises_[static_cast<size_t>(i)].uscc.str(); }

  Result<IngestSummary> ingest(std::string_view text, IngestOptions options = {},
                               const catalog::Category* category = nullptr) {
    MemorySource source(text);
    Ingestor ingestor(db(), category ? *category : tax_, 1, clock(), random_, options);
    return ingestor.run(source, {"file", "test.csv", "cli", false, "", ""});
  }

  std::vector<std::vector<std::string>> query(std::string_view sql,
                                              std::initializer_list<store::Value> params = {}) {
    std::vector<std::vector<std::string>> out;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(store::Rows rows, s.query(sql, params));
                      for (const auto& r : rows) {
                        std::vector<std::string> cells;
                        for (size_t i = 0; i < r.values.size(); ++i)
                          cells.push_back(r.is_null(i) ? "NULL"
                                          : std::holds_alternative<std::string>(r.values[i])
                                              ? r.text(i)
                                              : std::to_string(r.integer(i)));
                        out.push_back(cells);
                      }
                      return Status::ok();
                    })
                    .is_ok());
    return out;
  }

  std::string three_rows() {
    return "uscc,period,tax_type,paid_amount,note\n" + uscc(0) + ",2026-01,vat,100.50,\n" +
           uscc(0) + ",2026-01,cit,20,季度预缴\n" + uscc(1) + ",2026-01,vat,0,\n";
  }

  catalog::Category tax_;
  std::vector<registry::Enterprise> enterprises_;
  SeededRandom random_{11};
};

TEST_P(IngestorTest, StoresValidRowsAsCanonicalJson) {
  auto sum = ingest(three_rows());
  ASSERT_TRUE(sum.is_ok()) << sum.status().to_string();
  EXPECT_EQ(sum->rows, 3);
  EXPECT_EQ(sum->accepted, 3);
  EXPECT_EQ(sum->rejected, 0);
  EXPECT_EQ(sum->encoding, "utf-8");
  // Typed columns: money in fen, an empty optional cell as NULL.
  auto rows = query(
      "SELECT period, paid_amount, note, _superseded_at FROM data_tax WHERE uscc = ? AND "
      "tax_type = 'vat'",
      {uscc(0)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"2026-01", "10050", "NULL", "NULL"}));
  // Read back as the canonical JSON the API serves.
  catalog::Catalog catalog;
  catalog.categories.push_back(tax_);
  auto records = RecordStore(db()).records(
      catalog, {uscc(0), "tax", std::nullopt, 10, std::nullopt, std::nullopt});
  ASSERT_TRUE(records.is_ok()) << records.status().to_string();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[1].payload, "{\"uscc\":\"" + uscc(0) +
                                       "\",\"period\":\"2026-01\",\"tax_type\":\"vat\","
                                       "\"paid_amount\":10050,\"note\":null}");
  EXPECT_EQ((*records)[0].batch_id, sum->batch_id);
  auto batch = query("SELECT status, rows_read, accepted, channel FROM ingest_batches WHERE id = ?",
                     {sum->batch_id});
  EXPECT_EQ(batch[0], (std::vector<std::string>{"complete", "3", "3", "file"}));
}

TEST_P(IngestorTest, SameFileTwiceChangesNothing) {
  ASSERT_TRUE(ingest(three_rows()).is_ok());
  auto again = ingest(three_rows());
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->accepted, 0);
  EXPECT_EQ(again->duplicates, 3);
  EXPECT_EQ(query("SELECT count(*) FROM data_tax")[0][0], "3");
}

TEST_P(IngestorTest, ACorrectionSupersedesAndHistoryIsKept) {
  ASSERT_TRUE(ingest(three_rows()).is_ok());
  auto fix = ingest("uscc,period,tax_type,paid_amount\n" + uscc(0) + ",2026-01,vat,120.00\n");
  ASSERT_TRUE(fix.is_ok()) << fix.status().to_string();
  EXPECT_EQ(fix->accepted, 1);
  EXPECT_EQ(fix->superseded, 1);
  auto versions = query(
      "SELECT paid_amount, _superseded_at IS NULL FROM data_tax WHERE uscc = ? AND period = "
      "'2026-01' AND tax_type = 'vat' ORDER BY _id",
      {uscc(0)});
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0], (std::vector<std::string>{"10050", "0"}));
  EXPECT_EQ(versions[1], (std::vector<std::string>{"12000", "1"}));
}

TEST_P(IngestorTest, BadRowsGoToTheQuarantineWithRowFieldValueAndReason) {
  std::string text = "uscc,period,tax_type,paid_amount,note\n" + uscc(0) +
                     ",2026-13,vat,1,\n" +                    // row 2: period
                     uscc(0) + ",2026-02,gst,1.234,\n" +      // row 3: two problems
                     "914403001922038217,2026-02,vat,1,\n" +  // row 4: check character
                     "914403001922038216,2026-02,vat,1,\n" +  // row 5: not registered
                     uscc(1) + ",2026-02,vat,1\n" +           // row 6: too few cells
                     uscc(1) + ",2026-02,vat,5,这个备注超过了十个字符的长度\n" +  // row 7
                     uscc(2) + ",2026-02,vat,5,ok\n";                             // row 8: fine
  auto sum = ingest(text);
  ASSERT_TRUE(sum.is_ok()) << sum.status().to_string();
  EXPECT_EQ(sum->rows, 7);
  EXPECT_EQ(sum->accepted, 1);
  EXPECT_EQ(sum->rejected, 6);
  auto rejects = query(
      "SELECT row_number, field, value, reason FROM ingest_rejects WHERE batch_id = ? "
      "ORDER BY row_number, field",
      {sum->batch_id});
  ASSERT_EQ(rejects.size(), 7u);
  EXPECT_EQ(rejects[0], (std::vector<std::string>{"2", "period", "2026-13",
                                                  "must be a period YYYY-MM with month 01 to 12"}));
  EXPECT_EQ(rejects[1], (std::vector<std::string>{
                            "3", "paid_amount", "1.234",
                            "must be an amount in yuan with at most 2 decimals, e.g. 1234.56"}));
  EXPECT_EQ(rejects[2],
            (std::vector<std::string>{"3", "tax_type", "gst", "is not one of: vat, cit"}));
  EXPECT_EQ(rejects[3][0], "4");
  EXPECT_EQ(rejects[3][1], "uscc");
  EXPECT_EQ(rejects[4][0], "5");
  EXPECT_NE(rejects[4][3].find("is not in the enterprise registry"), std::string::npos);
  EXPECT_EQ(rejects[5][0], "6");
  EXPECT_EQ(rejects[5][3], "has 4 cells; the header has 5");
  EXPECT_EQ(rejects[6][3], "has 14 characters; at most 10 allowed");
}

TEST_P(IngestorTest, UnknownEnterprisesCanBeRegistered) {
  IngestOptions options;
  options.unknown_enterprise = UnknownEnterprise::kRegister;
  auto sum =
      ingest("uscc,period,tax_type,paid_amount\n914403001922038216,2026-02,vat,1\n", options);
  ASSERT_TRUE(sum.is_ok());
  EXPECT_EQ(sum->accepted, 1);
  auto e = registry::EnterpriseRepository(db()).get(*Uscc::parse("914403001922038216"));
  ASSERT_TRUE(e.is_ok());
  EXPECT_EQ(e->name, "待核实企业（914403001922038216）");
}

TEST_P(IngestorTest, AKeyRepeatedInOneFileIsRejectedNamingTheFirstRow) {
  std::string text =
      three_rows() + uscc(0) + ",2026-01,vat,100.50,\n" + uscc(1) + ",2026-01,vat,9,\n";
  auto sum = ingest(text);
  ASSERT_TRUE(sum.is_ok());
  EXPECT_EQ(sum->accepted, 3);
  EXPECT_EQ(sum->rejected, 2);
  auto rejects = query("SELECT row_number, reason FROM ingest_rejects ORDER BY row_number");
  ASSERT_EQ(rejects.size(), 2u);
  EXPECT_EQ(rejects[0][0], "5");
  EXPECT_EQ(rejects[0][1].substr(0, 31), "repeats row 2 of this batch (us");
  EXPECT_EQ(rejects[1][1].substr(0, 41), "has the record key of row 4 of this batch");
}

TEST_P(IngestorTest, AHeaderThatDoesNotFitIsAnErrorForTheWholeFileAndWritesNoRecord) {
  auto unknown =
      ingest("uscc,period,tax_type,paid_amount,colour\n" + uscc(0) + ",2026-01,vat,1,red\n");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().details().at(0).field, "column 5");
  EXPECT_EQ(unknown.status().details().at(0).reason,
            "'colour' is not a field of category 'tax' in the shared catalogue");
  auto missing = ingest("uscc,period,paid_amount\n");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().details().at(0).field, "tax_type");
  auto twice = ingest("uscc,period,tax_type,paid_amount,period\n");
  ASSERT_FALSE(twice.is_ok());
  EXPECT_EQ(twice.status().details().at(0).reason, "'period' appears twice in the header");
  EXPECT_FALSE(ingest("").is_ok());
  EXPECT_EQ(query("SELECT count(*) FROM data_tax")[0][0], "0");
  EXPECT_EQ(query("SELECT count(*) FROM ingest_batches WHERE status = 'failed'")[0][0], "4");
}

TEST_P(IngestorTest, GbkFilesAreDetectedAndStoredAsUtf8) {
  // "备注" column value 季度 in GBK: BC BE B6 C8
  std::string text = "uscc,period,tax_type,paid_amount,note\n" + uscc(0) +
                     ",2026-03,vat,1,\xbc\xbe\xb6\xc8\n" + uscc(1) + ",2026-03,vat,1,\xff\xfe\n";
  auto sum = ingest(text);
  ASSERT_TRUE(sum.is_ok()) << sum.status().to_string();
  EXPECT_EQ(sum->encoding, "gb18030");
  EXPECT_EQ(sum->accepted, 1);
  EXPECT_EQ(sum->rejected, 1);
  EXPECT_EQ(query("SELECT note FROM data_tax")[0][0], "季度");
  auto reject = query("SELECT field, reason FROM ingest_rejects");
  EXPECT_EQ(reject[0], (std::vector<std::string>{
                           "note", "invalid GB18030 bytes at byte 1 (file read as GB18030)"}));
}

TEST_P(IngestorTest, InvalidUtf8ATruncatedLastLineAndAnOverlongRowAreRowProblems) {
  IngestOptions options;
  options.read.encoding = Encoding::kUtf8;
  options.read.max_row_bytes = 200;
  std::string text = "uscc,period,tax_type,paid_amount,note\n" + uscc(0) +
                     ",2026-05,vat,1,ok\n" +                                // row 2: fine
                     uscc(0) + ",2026-05,cit,1,bad\xff\xfe\n" +             // row 3: bytes
                     uscc(1) + ",2026-05,vat,1," + std::string(500, 'x') +  // row 4: too long
                     "\n" + uscc(2) + ",2026-05,va";                        // row 5: cut short
  auto sum = ingest(text, options);
  ASSERT_TRUE(sum.is_ok()) << sum.status().to_string();
  EXPECT_EQ(sum->accepted, 1);
  EXPECT_EQ(sum->rejected, 3);
  auto rejects = query("SELECT row_number, field, reason FROM ingest_rejects ORDER BY row_number");
  ASSERT_EQ(rejects.size(), 3u);
  EXPECT_EQ(rejects[0], (std::vector<std::string>{"3", "note", "not valid UTF-8"}));
  EXPECT_EQ(rejects[1],
            (std::vector<std::string>{"4", "", "line 4: row is longer than 200 bytes"}));
  EXPECT_EQ(rejects[2], (std::vector<std::string>{"5", "", "has 3 cells; the header has 5"}));
}

TEST_P(IngestorTest, JsonLines) {
  IngestOptions options;
  options.read.format = Format::kJsonLines;
  std::string text = "{\"uscc\":\"" + uscc(0) +
                     "\",\"period\":\"2026-04\",\"tax_type\":\"vat\",\"paid_amount\":12.5}\n" +
                     "\n{\"uscc\":\"" + uscc(0) +
                     "\",\"period\":\"2026-04\",\"tax_type\":\"cit\",\"paid_amount\":1,\"x\":1}\n" +
                     "{\"uscc\": [1]}\nnot json\n";
  auto sum = ingest(text, options);
  ASSERT_TRUE(sum.is_ok()) << sum.status().to_string();
  EXPECT_EQ(sum->accepted, 1);
  EXPECT_EQ(sum->rejected, 3);
  auto rejects = query("SELECT row_number, field, reason FROM ingest_rejects ORDER BY row_number");
  ASSERT_EQ(rejects.size(), 3u);
  EXPECT_EQ(rejects[0], (std::vector<std::string>{"3", "x", "is not a field of category 'tax'"}));
  EXPECT_EQ(rejects[1],
            (std::vector<std::string>{"4", "uscc", "must be a string, number, boolean or null"}));
  EXPECT_EQ(rejects[2][2], "not valid JSON at byte 2");
}

TEST_P(IngestorTest, AnInterruptedLoadKeepsCommittedChunksAndARerunAddsNoDuplicate) {
  std::string text = "uscc,period,tax_type,paid_amount\n";
  // Larger than the 64 KiB read ahead for encoding detection, so the cut falls mid-load.
  constexpr int kMonths = 480, kRows = kMonths * 3 * 2;
  for (int m = 0; m < kMonths; ++m)
    for (int e = 0; e < 3; ++e)
      for (const char* t : {"vat", "cit"})
        text += uscc(e) + "," + std::to_string(2000 + m / 12) + "-" + (m % 12 < 9 ? "0" : "") +
                std::to_string(m % 12 + 1) + "," + t + "," + std::to_string(m * 10 + e) + "\n";
  ASSERT_GT(text.size(), 90'000u);
  IngestOptions options;
  options.chunk_rows = 100;
  FailingSource broken(text, text.size() * 3 / 4);
  Ingestor ingestor(db(), tax_, 1, clock(), random_, options);
  auto cut = ingestor.run(broken, {"file", "cut.csv", "cli", false, "", ""});
  ASSERT_FALSE(cut.is_ok());
  EXPECT_EQ(cut.status().message(), "connection reset");
  int64_t committed = std::stoll(query("SELECT count(*) FROM data_tax")[0][0]);
  EXPECT_GT(committed, 0);
  EXPECT_LT(committed, kRows);
  EXPECT_EQ(query("SELECT count(*) FROM ingest_batches WHERE status = 'failed' AND accepted = ?",
                  {committed})[0][0],
            "1")
      << "the batch report counts exactly what was committed";
  auto rerun = ingest(text, options);
  ASSERT_TRUE(rerun.is_ok());
  EXPECT_EQ(rerun->duplicates, committed);
  EXPECT_EQ(rerun->accepted, kRows - committed);
  EXPECT_EQ(query("SELECT count(*) FROM data_tax")[0][0], std::to_string(kRows));
}

TEST_P(IngestorTest, RegistrationRowsKeepTheRegistryUpToDate) {
  const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
  auto catalog = catalog::load_catalog(std::string(dir ? dir : ".") + "/data/catalog");
  ASSERT_TRUE(catalog.is_ok()) << catalog.status().to_string();
  const catalog::Category& registration = *catalog->category("registration");
  std::string text =
      "uscc,name,district,industry,size,registration_date,registered_capital_amount,status\n"
      "914403001922038216,上海测试科技有限公司,310115,I65,small,2019-05-20,1000000,active\n" +
      uscc(0) + ",改名后的公司,310104,C39,micro,2010-01-01,50000.00,active\n" +
      "91330100799655058B,坏行业,310104,Q99,micro,2010-01-01,1,active\n";
  auto sum = ingest(text, {}, &registration);
  ASSERT_TRUE(sum.is_ok()) << sum.status().to_string();
  EXPECT_EQ(sum->accepted, 2);
  EXPECT_EQ(sum->rejected, 1);
  registry::EnterpriseRepository repo(db());
  EXPECT_EQ(repo.get(*Uscc::parse("914403001922038216"))->name, "上海测试科技有限公司");
  EXPECT_EQ(repo.get(enterprises_[0].uscc)->name, "改名后的公司");
  EXPECT_EQ(repo.get(*Uscc::parse("91330100799655058B")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(query("SELECT field FROM ingest_rejects")[0][0], "industry");
}

RX_INSTANTIATE_BACKENDS(IngestorTest);

}  // namespace
}  // namespace rx::ingest
