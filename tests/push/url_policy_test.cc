#include "push/url_policy.h"

#include <gtest/gtest.h>

namespace rx::push {
namespace {

std::string reason(std::string_view url, bool production) {
  Status st = check_webhook_url(url, production);
  if (st.is_ok()) return "ok";
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.details().size(), 1u);
  EXPECT_EQ(st.details().at(0).field, "webhook_url");
  // Nothing of the URL comes back.
  EXPECT_EQ(st.message().find("token"), std::string::npos) << st.message();
  return st.details().at(0).reason;
}

TEST(UrlPolicy, DevelopmentAllowsLoopbackOnly) {
  for (const char* ok :
       {"http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "http://localhost:9/x?token=1",
        "http://127.9.8.7", "http://[::1]:8080/hook", "HTTP://LOCALHOST/", "http://api.localhost/"})
    EXPECT_EQ(reason(ok, false), "ok") << ok;
  for (const char* bad : {"http://example.com/hook?token=secret", "http://10.0.0.1/",
                          "http://192.168.1.2/", "http://[::2]/", "http://128.0.0.1/"})
    EXPECT_NE(reason(bad, false).find("loopback"), std::string::npos) << bad;
}

TEST(UrlPolicy, ProductionAllowsPublicHttpsOnly) {
  for (const char* ok : {"https://bank.example.com/hooks/rongxin", "https://8.8.8.8/h",
                         "https://[2001:4860:4860::8888]:8443/h", "https://hooks.example.cn:443"})
    EXPECT_EQ(reason(ok, true), "ok") << ok;
  EXPECT_EQ(reason("http://bank.example.com/hook?token=secret", true),
            "must be an https:// URL in production mode");
  for (const char* bad :
       {"https://127.0.0.1/", "https://localhost/", "https://10.1.2.3/", "https://172.16.0.1/",
        "https://172.31.255.255/", "https://192.168.0.1/", "https://169.254.169.254/latest",
        "https://100.64.0.1/", "https://0.0.0.0/", "https://[::1]/", "https://[fe80::1]/",
        "https://[fd00::1]/", "https://[::ffff:10.0.0.1]/", "https://224.0.0.1/"})
    EXPECT_NE(reason(bad, true).find("loopback, link-local or private"), std::string::npos) << bad;
  EXPECT_EQ(reason("https://172.32.0.1/", true), "ok");
  EXPECT_EQ(reason("https://intranet/", true),
            "must name a fully qualified host in production mode");
}

TEST(UrlPolicy, MalformedUrls) {
  EXPECT_EQ(reason("", false), "must not be empty");
  EXPECT_EQ(reason("ftp://127.0.0.1/", false), "must be an http:// or https:// URL");
  EXPECT_EQ(reason("ftp://x/", true), "must be an https:// URL");
  EXPECT_EQ(reason("127.0.0.1/hook", false), "must be an http:// or https:// URL");
  EXPECT_EQ(reason("http://user:token@127.0.0.1/", false),
            "must not contain credentials (user:password@)");
  EXPECT_EQ(reason("http:///hook", false), "has no host");
  EXPECT_EQ(reason("http://127.0.0.1:0/", false), "has a port outside 1-65535");
  EXPECT_EQ(reason("http://127.0.0.1:70000/", false), "has a port outside 1-65535");
  EXPECT_EQ(reason("http://127.0.0.1:8o/", false), "has a non-numeric port");
  EXPECT_EQ(reason("http://127.0.0.1:/", false), "has an empty port");
  EXPECT_EQ(reason("http://127.0.0.1/a b", false),
            "must not contain spaces, control or non-ASCII characters");
  EXPECT_EQ(reason("http://[::1/", false), "has an unterminated [IPv6] host");
  EXPECT_EQ(reason("http://exa_mple.com/", true), "must be an https:// URL in production mode");
  EXPECT_EQ(reason("https://exa_mple.com/", true), "has a malformed host");
  EXPECT_EQ(reason("http://127.0.0.1/" + std::string(2100, 'a'), false),
            "must be at most 2048 characters");
}

}  // namespace
}  // namespace rx::push
