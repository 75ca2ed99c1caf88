#include "host/http/multipart_parser.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace atrium::host::http {
namespace {

constexpr std::string_view kBoundary = "XyZ-boundary-123";

std::string filePart(std::string_view name, std::string_view filename, std::string_view data,
                     std::string_view type = "image/png") {
  return "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
         std::string(name) + "\"; filename=\"" + std::string(filename) +
         "\"\r\nContent-Type: " + std::string(type) + "\r\n\r\n" + std::string(data) + "\r\n";
}

std::string fieldPart(std::string_view name, std::string_view value) {
  return "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
         std::string(name) + "\"\r\n\r\n" + std::string(value) + "\r\n";
}

std::string closing() { return "--" + std::string(kBoundary) + "--\r\n"; }

int statusOf(std::string_view body, const MultipartLimits& limits = {}) {
  try {
    parseMultipart(body, kBoundary, limits);
    return 200;
  } catch (const MultipartError& e) {
    return e.status();
  }
}

TEST(MultipartBoundaryTest, ReadsTheBoundaryParameter) {
  EXPECT_EQ(multipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipartBoundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\""), "a b:c");
  EXPECT_EQ(multipartBoundary("multipart/form-data; boundary=" + std::string(70, 'x')),
            std::string(70, 'x'));
}

TEST(MultipartBoundaryTest, RefusesOtherTypesWith415AndBadBoundariesWith400) {
  auto status = [](std::string_view type) {
    try {
      multipartBoundary(type);
      return 200;
    } catch (const MultipartError& e) {
      return e.status();
    }
  };
  EXPECT_EQ(status("application/json"), 415);
  EXPECT_EQ(status("multipart/mixed; boundary=a"), 415);
  EXPECT_EQ(status(""), 415);
  EXPECT_EQ(status("multipart/form-data"), 400);
  EXPECT_EQ(status("multipart/form-data; boundary="), 400);
  EXPECT_EQ(status("multipart/form-data; boundary=" + std::string(71, 'x')), 400);
  EXPECT_EQ(status("multipart/form-data; boundary=\"ends with space \""), 400);
  EXPECT_EQ(status("multipart/form-data; boundary=\"a<b\""), 400);
  EXPECT_EQ(status("multipart/form-data; boundary=a; boundary=b"), 415);  // ambiguous
}

TEST(MultipartParserTest, ParsesFieldsAndFilesWithoutCopyingData) {
  const std::string body =
      fieldPart("weddingId", "42") + filePart("file", "p.png", "\x89PNG..") + closing();
  auto parts = parseMultipart(body, kBoundary, {});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "weddingId");
  EXPECT_FALSE(parts[0].isFile());
  EXPECT_EQ(parts[0].data, "42");
  EXPECT_EQ(parts[0].content_type, "text/plain");
  EXPECT_EQ(parts[1].name, "file");
  ASSERT_TRUE(parts[1].isFile());
  EXPECT_EQ(*parts[1].filename, "p.png");
  EXPECT_EQ(parts[1].content_type, "image/png");
  EXPECT_EQ(parts[1].data, "\x89PNG..");
  // The data is a view into the body, not a copy.
  EXPECT_GE(parts[1].data.data(), body.data());
  EXPECT_LE(parts[1].data.data() + parts[1].data.size(), body.data() + body.size());
  ASSERT_EQ(parts[1].headers.size(), 2u);
  EXPECT_EQ(parts[1].headers[1].first, "Content-Type");
}

TEST(MultipartParserTest, IgnoresPreambleAndEpilogueAndAcceptsPadding) {
  const std::string body = "This is the preamble\r\nline two\r\n--" + std::string(kBoundary) +
                           " \t\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--" +
                           std::string(kBoundary) + "--\r\nepilogue with --" +
                           std::string(kBoundary) + " inside";
  auto parts = parseMultipart(body, kBoundary, {});
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].data, "value");
}

TEST(MultipartParserTest, KeepsBinaryDataWithCrLfAndBoundaryLookalikes) {
  static constexpr char kBinary[] = "a\r\nb\r\n--XyZ-boundary-12\0\xff\r\n\r\n";
  const std::string data =
      std::string(kBinary, sizeof kBinary - 1) + "--" + std::string(kBoundary).substr(0, 5);
  const std::string body = filePart("file", "x.bin", data) + closing();  // parts view into it
  auto parts = parseMultipart(body, kBoundary, {});
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].data, data);
}

TEST(MultipartParserTest, EmptyValuesAndEmptyFormAreValid) {
  EXPECT_EQ(parseMultipart(closing(), kBoundary, {}).size(), 0u);
  const std::string body = fieldPart("a", "") + filePart("f", "", "") + closing();
  auto parts = parseMultipart(body, kBoundary, {});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].data, "");
  ASSERT_TRUE(parts[1].isFile());  // filename="" still marks a file part
  EXPECT_EQ(*parts[1].filename, "");
}

TEST(MultipartParserTest, FilenameStarWinsAndPathsAreStripped) {
  const std::string body =
      "--" + std::string(kBoundary) +
      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fallback.jpg\"; "
      "filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE.jpg\r\n\r\nx\r\n" +
      filePart("g", "C:\\Users\\me\\..\\secret.png", "y") + filePart("h", "../../etc/passwd", "z") +
      closing();
  auto parts = parseMultipart(body, kBoundary, {});
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(*parts[0].filename, "\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE.jpg");
  EXPECT_EQ(*parts[1].filename, "secret.png");
  EXPECT_EQ(*parts[2].filename, "passwd");
}

TEST(MultipartParserTest, EveryMalformedInputIs400) {
  const std::string b(kBoundary);
  const std::string ok_part = fieldPart("a", "1");
  EXPECT_EQ(statusOf(""), 400);                    // nothing
  EXPECT_EQ(statusOf("no boundary at all"), 400);  // no delimiter
  EXPECT_EQ(statusOf(ok_part), 400);               // no close delimiter
  EXPECT_EQ(statusOf(ok_part + "--" + b), 400);    // delimiter, then EOF
  EXPECT_EQ(statusOf("--" + b + "\r\nContent-Disposition: form-data; name=a\r\n"), 400);
  EXPECT_EQ(statusOf("--" + b + "junk\r\n" + ok_part + closing()), 400);  // bad delimiter line
  EXPECT_EQ(statusOf("--" + b + "\r\n\r\nvalue\r\n" + closing()), 400);   // no headers at all
  EXPECT_EQ(statusOf("--" + b + "\r\nContent-Type: text/plain\r\n\r\nv\r\n" + closing()), 400);
  EXPECT_EQ(
      statusOf("--" + b + "\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n" + closing()),
      400);
  EXPECT_EQ(statusOf("--" + b + "\r\nContent-Disposition: form-data\r\n\r\nv\r\n" + closing()),
            400);  // no name
  EXPECT_EQ(
      statusOf("--" + b + "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n" + closing()),
      400);  // empty name
  EXPECT_EQ(statusOf("--" + b + "\r\nno colon here\r\n\r\nv\r\n" + closing()), 400);
  EXPECT_EQ(statusOf("--" + b + "\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nv\r\n" +
                     closing()),
            400);  // folded
  EXPECT_EQ(statusOf("--" + b + "\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\nv\r\n" +
                     closing()),
            400);  // bare LF
  EXPECT_EQ(statusOf("--" + b +
                     "\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: "
                     "form-data; name=b\r\n\r\nv\r\n" +
                     closing()),
            400);  // two dispositions
  EXPECT_EQ(statusOf("--" + b +
                     "\r\nContent-Disposition: form-data; name=a; filename*=latin1''x\r\n\r\n"
                     "v\r\n" +
                     closing()),
            400);
  EXPECT_EQ(statusOf("--" + b + "\r\nBad Name: x\r\nContent-Disposition: form-data; name=a\r\n" +
                     "\r\nv\r\n" + closing()),
            400);
}

TEST(MultipartParserTest, LimitsAnswer413) {
  MultipartLimits limits;
  limits.max_parts = 2;
  limits.max_field_bytes = 4;
  limits.max_file_bytes = 8;
  limits.max_header_bytes = 200;
  EXPECT_EQ(statusOf(fieldPart("a", "1") + fieldPart("b", "2") + closing(), limits), 200);
  EXPECT_EQ(
      statusOf(fieldPart("a", "1") + fieldPart("b", "2") + fieldPart("c", "3") + closing(), limits),
      413);
  EXPECT_EQ(statusOf(fieldPart("a", "1234") + closing(), limits), 200);
  EXPECT_EQ(statusOf(fieldPart("a", "12345") + closing(), limits), 413);
  EXPECT_EQ(statusOf(filePart("f", "x", "12345678") + closing(), limits), 200);
  EXPECT_EQ(statusOf(filePart("f", "x", "123456789") + closing(), limits), 413);
  const std::string big_header =
      "--" + std::string(kBoundary) +
      "\r\nContent-Disposition: form-data; name=a\r\nX-Pad: " + std::string(300, 'p') +
      "\r\n\r\nv\r\n" + closing();
  EXPECT_EQ(statusOf(big_header, limits), 413);
  // An endless header block without a blank line is also refused by size, not scanned forever.
  EXPECT_EQ(statusOf("--" + std::string(kBoundary) + "\r\nX: " + std::string(1000, 'h'), limits),
            413);
}

TEST(MultipartParserTest, ParsesFromARequest) {
  Request request;
  request.headers.emplace_back("content-type",
                               "multipart/form-data; boundary=" + std::string(kBoundary));
  request.body = fieldPart("weddingId", "7") + closing();
  auto parts = parseMultipartRequest(request, {});
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].data, "7");
  Request json;
  json.headers.emplace_back("Content-Type", "application/json");
  EXPECT_THROW(parseMultipartRequest(json, {}), MultipartError);
  Request none;
  EXPECT_THROW(parseMultipartRequest(none, {}), MultipartError);
}

// Random and truncated inputs: the parser answers with parts or a MultipartError, never
// anything else, and never reads outside the body (run under ASan in make test-asan).
TEST(MultipartParserTest, RandomAndTruncatedInputsNeverCrash) {
  const std::string valid = fieldPart("weddingId", "42") +
                            filePart("file", "p.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10)) +
                            closing();
  // Cut anywhere before the close delimiter's "--" (its CRLF is optional): always 400.
  for (size_t cut = 0; cut + 2 < valid.size(); ++cut) {
    const std::string truncated = valid.substr(0, cut);
    EXPECT_EQ(statusOf(truncated), 400) << "cut at " << cut;
  }
  std::mt19937 rng(20261122);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string alphabet = "-\r\n:;=\" XyZbo" + std::string(kBoundary);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  for (int round = 0; round < 3000; ++round) {
    std::string input = valid;
    const int edits = 1 + round % 8;
    for (int e = 0; e < edits && !input.empty(); ++e) {
      const size_t at = std::uniform_int_distribution<size_t>(0, input.size() - 1)(rng);
      switch (rng() % 3) {
        case 0: input[at] = static_cast<char>(byte(rng)); break;
        case 1: input.insert(at, 1, alphabet[pick(rng)]); break;
        default: input.erase(at, 1);
      }
    }
    try {
      auto parts = parseMultipart(input, kBoundary, {});
      for (const auto& part : parts) {
        EXPECT_GE(part.data.data(), input.data());
        EXPECT_LE(part.data.data() + part.data.size(), input.data() + input.size());
      }
    } catch (const MultipartError& e) {
      EXPECT_TRUE(e.status() == 400 || e.status() == 413) << e.status();
    }
  }
}

}  // namespace
}  // namespace atrium::host::http
