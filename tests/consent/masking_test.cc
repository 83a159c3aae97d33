#include "consent/masking.h"

#include <gtest/gtest.h>

#include "catalog/loader.h"

namespace rx::consent {
namespace {

using catalog::MaskPattern;
using nlohmann::json;

const catalog::Catalog& shipped() {
  static const catalog::Catalog c = [] {
    const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
    return catalog::load_catalog(std::string(dir ? dir : ".") + "/data/catalog").value();
  }();
  return c;
}

TEST(MaskText, KeepsTheShapeOfNamesIdsAndPhones) {
  EXPECT_EQ(mask_text("张三丰", MaskPattern::kName), "张**");
  EXPECT_EQ(mask_text("李明", MaskPattern::kName), "李*");
  EXPECT_EQ(mask_text("110101199003071234", MaskPattern::kIdNumber), "110***********1234");
  EXPECT_EQ(mask_text("13812345678", MaskPattern::kPhone), "138****5678");
  EXPECT_EQ(mask_text("上海某某公司", MaskPattern::kDefault), "上****司");
  EXPECT_EQ(mask_text("王", MaskPattern::kName), "*");
  EXPECT_EQ(mask_text("123", MaskPattern::kPhone), "1**");  // too short to keep both ends
}

TEST(Bands, MoneyAndCountsBecomeRanges) {
  EXPECT_EQ(money_band(0).display, "0元");
  EXPECT_EQ(money_band(5'000).display, "0–1万元");
  EXPECT_EQ(money_band(123'456'00).display, "10万–50万元");
  const Band b = money_band(123'456'00);
  EXPECT_EQ(b.from, 100'000'00);
  EXPECT_EQ(b.below, 500'000'00);
  EXPECT_EQ(money_band(3'000'000'000'00).display, "1亿元以上");
  EXPECT_EQ(money_band(3'000'000'000'00).below, std::nullopt);
  EXPECT_EQ(count_band(37, "人").display, "10–49人");
  EXPECT_EQ(count_band(0, "人").display, "0人");
  EXPECT_EQ(count_band(7000, "").display, "5000以上");
}

TEST(PresentRecord, DesensitizedViewFollowsTheSensitivityOfEachField) {
  const catalog::Catalog& c = shipped();
  const json tax = {
      {"uscc", "91310000MA1FL8XQ30"},       {"period", "2026-10"},          {"tax_type", "vat"},
      {"tax_payable_amount", 1'234'500},    {"tax_paid_amount", 1'234'500}, {"arrears_amount", 0},
      {"sales_revenue_amount", 98'765'400}, {"declared_on_time", true}};
  const json out =
      present_record(*c.category("tax"), c.masking, tax, [](std::string_view) { return false; });
  EXPECT_EQ(out["fields"]["uscc"], "91310000MA1FL8XQ30");               // public
  EXPECT_EQ(out["fields"]["period"], "2026-10");                        // public
  EXPECT_EQ(out["fields"]["tax_paid_amount"]["display"], "1万–5万元");  // restricted money
  EXPECT_EQ(out["desensitized"]["tax_paid_amount"], "generalize");
  EXPECT_FALSE(out["fields"].contains("sales_revenue_amount"));  // trade secret
  EXPECT_FALSE(out["fields"].contains("declared_on_time"));      // restricted boolean
  EXPECT_EQ(out["withheld"], json({"sales_revenue_amount", "declared_on_time"}));
  EXPECT_EQ(out.dump().find("98765400"), std::string::npos);
}

TEST(PresentRecord, PersonalDataIsMaskedUnlessAuthorized) {
  const catalog::Catalog& c = shipped();
  const json reg = {{"uscc", "91310000MA1FL8XQ30"},
                    {"name", "上海示例科技有限公司"},
                    {"registration_date", "2018-05-02"},
                    {"legal_representative", "王建华"},
                    {"legal_representative_id", "310107198805121234"},
                    {"contact_phone", "13912345678"}};
  const json masked = present_record(*c.category("registration"), c.masking, reg,
                                     [](std::string_view) { return false; });
  EXPECT_EQ(masked["fields"]["legal_representative"], "王**");
  EXPECT_EQ(masked["fields"]["legal_representative_id"], "310***********1234");
  EXPECT_EQ(masked["fields"]["contact_phone"], "139****5678");
  EXPECT_EQ(masked["fields"]["registration_date"], "2018-05-02");  // public date stays
  EXPECT_EQ(masked.dump().find("王建华"), std::string::npos);
  const json clear = present_record(*c.category("registration"), c.masking, reg,
                                    [](std::string_view f) { return f == "legal_representative"; });
  EXPECT_EQ(clear["fields"]["legal_representative"], "王建华");
  EXPECT_EQ(clear["fields"]["contact_phone"], "139****5678");
  EXPECT_FALSE(clear["desensitized"].contains("legal_representative"));
}

}  // namespace
}  // namespace rx::consent
