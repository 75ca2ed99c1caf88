#pragma once

// Small but real sample files, built byte by byte in the test (nothing binary is checked in):
// each is what libmagic recognises as its type.

#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::testing {

inline std::string bigEndian32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 8), static_cast<char>(v)};
}
inline std::string littleEndian32(uint32_t v) {
  return std::string{static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 24)};
}

// A 1x1 PNG (signature, IHDR, IDAT, IEND; CRCs are not checked by libmagic).
inline std::string samplePng() {
  auto chunk = [](std::string_view type, std::string_view data) {
    return bigEndian32(static_cast<uint32_t>(data.size())) + std::string(type) + std::string(data) +
           std::string(4, '\0');
  };
  const std::string ihdr = bigEndian32(1) + bigEndian32(1) + std::string("\x08\x02\0\0\0", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) +
         chunk("IDAT", std::string("\x78\x9c\x63\xf8\x0f\x00\x01\x01\x01\x00", 10)) +
         chunk("IEND", "");
}

// JFIF header, a quantisation table and EOI.
inline std::string sampleJpeg() {
  return std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20) +
         std::string("\xff\xdb\x00\x43\x00", 5) + std::string(64, '\x01') +
         std::string("\xff\xd9", 2);
}

inline std::string sampleGif() {
  return std::string(
      "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
      "\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
      43);
}

inline std::string sampleWebp() {
  return "RIFF" + littleEndian32(26) + "WEBPVP8L" + littleEndian32(14) +
         std::string("\x2f\x00\x00\x00", 4) + std::string(10, '\0');
}

// An ISO base media file: ftyp (isom) then a free box.
inline std::string sampleMp4() {
  return bigEndian32(24) + "ftypisom" + bigEndian32(512) + "isomiso2" + bigEndian32(8) + "free";
}

inline std::string sampleHtml() {
  return "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
}

inline std::string sampleSvgWithScript() {
  return "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">"
         "<script>alert(1)</script></svg>";
}

}  // namespace atrium::testing
