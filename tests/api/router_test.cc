#include "api/router.h"

#include <gtest/gtest.h>

#include "api/errors.h"
#include "api/json_input.h"

namespace rx::api {
namespace {

Router make_router() {
  Router r;
  auto ok = [](RequestContext&) -> Result<HttpResponse> { return HttpResponse{}; };
  r.add({"GET", "/api/v1/enterprises", all_roles(), false, ok});
  r.add({"GET", "/api/v1/enterprises/{uscc}", all_roles(), false, ok});
  r.add({"PATCH", "/api/v1/enterprises/{uscc}", {auth::Role::kAdmin}, true, ok});
  return r;
}

TEST(Router, MatchesPatternsAndDecodesParameters) {
  Router r = make_router();
  auto m = r.match("GET", "/api/v1/enterprises/ABC%20D");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/enterprises/{uscc}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "ABC D");
  EXPECT_NE(r.match("HEAD", "/api/v1/enterprises").route, nullptr);
  EXPECT_EQ(r.match("GET", "/api/v1/enterprises/a/b").route, nullptr);
  EXPECT_EQ(r.match("GET", "/api/v1/nothing").allowed_methods, "");
}

TEST(Router, ReportsAllowedMethodsWhenOnlyTheMethodIsWrong) {
  auto m = make_router().match("DELETE", "/api/v1/enterprises/X");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, "GET, PATCH");
}

TEST(Query, ParsesAndDecodes) {
  auto q = parse_query("q=%E4%B8%8A%E6%B5%B7+a&limit=5&&flag");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].second, "上海 a");
  EXPECT_EQ(q[2].first, "flag");
  EXPECT_EQ(url_decode("%zz%4"), "%zz%4");
}

TEST(QueryReader, ValidatesRangesDuplicatesAndUnknownNames) {
  auto q = parse_query("limit=0&limit=3&x=1&n=abc");
  QueryReader r(q);
  EXPECT_FALSE(r.integer("limit", 1, 200).has_value());
  EXPECT_FALSE(r.integer("n", 1, 5).has_value());
  Status s = r.finish();
  ASSERT_EQ(s.details().size(), 3u);
  EXPECT_EQ(s.details()[0], (FieldError{"limit", "given more than once"}));
  EXPECT_EQ(s.details()[1].field, "n");
  EXPECT_EQ(s.details()[2], (FieldError{"x", "unknown query parameter"}));
}

TEST(JsonBody, MalformedJsonNamesLineAndColumn) {
  auto r = parse_json_body("{\n  \"name\": ,\n}");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("line 2, column 11"), std::string::npos)
      << r.status().message();
}

TEST(BodyReader, CollectsTypeErrorsAndUnknownFields) {
  Json body = Json::parse(R"({"name": 5, "capital": "x", "extra": true, "ok": "y"})");
  BodyReader r(body);
  EXPECT_FALSE(r.string("name").has_value());
  EXPECT_FALSE(r.integer("capital").has_value());
  EXPECT_EQ(r.string("ok"), "y");
  Status s = r.finish("thing");
  ASSERT_EQ(s.details().size(), 3u);
  EXPECT_EQ(s.details()[0], (FieldError{"name", "must be a string"}));
  EXPECT_EQ(s.details()[1], (FieldError{"capital", "must be an integer"}));
  EXPECT_EQ(s.details()[2], (FieldError{"extra", "unknown field"}));
  EXPECT_FALSE(BodyReader(Json::array()).finish("thing").is_ok());
}

TEST(Errors, OneShapeAndInternalDetailsStayInside) {
  HttpResponse r = error_response(invalid_argument("bad", {{"f", "why"}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      Json::parse(r.body),
      Json::parse(
          R"({"error":{"code":"invalid_argument","message":"bad","details":[{"field":"f","reason":"why"}]}})"));
  HttpResponse internal = error_response(internal_error("SELECT secret FROM x failed"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("secret"), std::string::npos);
  EXPECT_EQ(error_response(unauthenticated("no")).status, 401);
  EXPECT_EQ(error_response(permission_denied("no")).status, 403);
  EXPECT_EQ(error_response(not_found("no")).status, 404);
  EXPECT_EQ(error_response(already_exists("no")).status, 409);
  EXPECT_EQ(error_response(unavailable("no")).status, 503);
}

}  // namespace
}  // namespace rx::api

namespace rx::api {
namespace {

TEST(Router, PlusInAPathSegmentIsAPlus) {
  auto m = make_router().match("GET", "/api/v1/enterprises/a+b%20c");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at(0).second, "a+b c");
}

}  // namespace
}  // namespace rx::api
