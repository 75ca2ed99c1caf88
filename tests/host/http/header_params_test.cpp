#include "host/http/header_params.hpp"

#include <gtest/gtest.h>

namespace atrium::host::http {
namespace {

TEST(HeaderParamsTest, ParsesValueAndTokenAndQuotedParameters) {
  auto parsed = parseHeaderParams(R"(Form-Data; name="file"; FILENAME="a \"b\".jpg";  x=y ;)");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->value, "form-data");
  EXPECT_EQ(parsed->get("name"), "file");
  EXPECT_EQ(parsed->get("filename"), "a \"b\".jpg");
  EXPECT_EQ(parsed->get("x"), "y");
  EXPECT_FALSE(parsed->get("missing"));
  // Backslashes other than \" and \\ stay (a Windows path as browsers send it).
  EXPECT_EQ(parseHeaderParams(R"(a; f="C:\dir\x.png"; g="q\\")")->get("f"), R"(C:\dir\x.png)");
  EXPECT_EQ(parseHeaderParams(R"(a; g="q\\")")->get("g"), "q\\");
}

TEST(HeaderParamsTest, RefusesMalformedText) {
  EXPECT_FALSE(parseHeaderParams(""));
  EXPECT_FALSE(parseHeaderParams("; name=a"));
  EXPECT_FALSE(parseHeaderParams("form-data; name"));
  EXPECT_FALSE(parseHeaderParams("form-data; name=\"open"));
  EXPECT_FALSE(parseHeaderParams("form-data; =value"));
  EXPECT_FALSE(parseHeaderParams("form-data; name=a b"));
  EXPECT_FALSE(parseHeaderParams("form-data; name=a; NAME=b"));  // repeated: ambiguous
  EXPECT_FALSE(parseHeaderParams("form-data; name=\"a\nb\""));
}

TEST(HeaderParamsTest, DecodesUtf8ExtValues) {
  EXPECT_EQ(decodeExtValue("UTF-8''na%C3%AFve%20photo.jpg"), "na\xC3\xAFve photo.jpg");
  EXPECT_EQ(decodeExtValue("utf-8'en'x.png"), "x.png");
  EXPECT_FALSE(decodeExtValue("ISO-8859-1''x.png"));
  EXPECT_FALSE(decodeExtValue("UTF-8''bad%zz"));
  EXPECT_FALSE(decodeExtValue("no-quotes"));
}

}  // namespace
}  // namespace atrium::host::http
