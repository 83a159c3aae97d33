#include "ingest/encoding.h"

#include <gtest/gtest.h>

namespace rx::ingest {
namespace {

const std::string kGbk = "\xc4\xc9\xcb\xb0";  // 纳税 in GBK

TEST(Encoding, DetectsUtf8AndGbk) {
  EXPECT_EQ(detect_encoding("plain ascii"), Encoding::kUtf8);
  EXPECT_EQ(detect_encoding("纳税"), Encoding::kUtf8);
  EXPECT_EQ(detect_encoding("\xEF\xBB\xBF"
                            "a"),
            Encoding::kUtf8);
  EXPECT_EQ(detect_encoding(std::string("纳税").substr(0, 4)), Encoding::kUtf8)
      << "a character cut at the end of the sample is not evidence";
  EXPECT_EQ(detect_encoding("a," + kGbk + "\n"), Encoding::kGb18030);
}

TEST(Encoding, ParsesNames) {
  EXPECT_EQ(parse_encoding("GBK"), Encoding::kGb18030);
  EXPECT_EQ(parse_encoding("gb2312"), Encoding::kGb18030);
  EXPECT_EQ(parse_encoding("UTF-8"), Encoding::kUtf8);
  EXPECT_EQ(parse_encoding("latin1"), std::nullopt);
}

TEST(Encoding, DecodesGb18030AndNamesTheBadByte) {
  Gb18030Decoder d;
  auto ok = d.decode("x" + kGbk);
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(*ok, "x纳税");
  auto bad = d.decode("ab\xff\xff");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().message(), "invalid GB18030 bytes at byte 3");
  auto cut = d.decode("ab\xc4");
  ASSERT_FALSE(cut.is_ok());
  EXPECT_EQ(cut.status().message(), "incomplete GB18030 bytes at byte 3");
}

TEST(Encoding, PeekedSourceReplaysTheHead) {
  std::string data(100'000, 'a');
  data[70'000] = 'b';
  MemorySource inner(data);
  PeekedSource peeked(inner, 65'536);
  ASSERT_TRUE(peeked.peek().is_ok());
  EXPECT_EQ(peeked.head().size(), 65'536u);
  std::string all;
  char buf[4096];
  for (size_t n; (n = *peeked.read(buf, sizeof buf)) > 0;) all.append(buf, n);
  EXPECT_EQ(all, data);
}

}  // namespace
}  // namespace rx::ingest
