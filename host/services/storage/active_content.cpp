#include "host/services/storage/active_content.hpp"

#include <array>
#include <cstring>

namespace atrium::host::storage {
namespace {

// Lower case. A marker ending in a tag name must be followed by a delimiter (see below), so
// "<html" inside "<htmlx" does not count and chance matches stay rare.
struct Marker {
  std::string_view text;
  bool needs_delimiter;
};

// "<svg" is not scanned for: four letters match random bytes too often (about once in 20 GB),
// and a file that *is* SVG is refused by its sniffed type already.
constexpr std::array<Marker, 9> kMarkers = {{
    {"<?php", true},
    {"<script", true},
    {"<html", true},
    {"<body", true},
    {"<iframe", true},
    {"<object", true},
    {"<embed", true},
    {"<!doctype html", false},
    {"javascript:", false},
}};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool isDelimiter(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/' || c == '\f';
}

bool matchesAt(std::string_view data, size_t at, const Marker& marker) {
  const std::string_view text = marker.text;
  if (data.size() - at < text.size()) return false;
  for (size_t i = 1; i < text.size(); ++i) {  // text[0] matched by the caller
    if (lower(data[at + i]) != text[i]) return false;
  }
  if (!marker.needs_delimiter) return true;
  const size_t after = at + text.size();
  return after < data.size() && isDelimiter(data[after]);
}

}  // namespace

std::optional<std::string_view> findActiveContent(std::string_view data) {
  // Every marker starts with '<' or 'j'/'J': jump between candidates with memchr.
  for (char first : {'<', 'j', 'J'}) {
    size_t at = 0;
    while (at < data.size()) {
      const void* hit = std::memchr(data.data() + at, first, data.size() - at);
      if (hit == nullptr) break;
      at = static_cast<size_t>(static_cast<const char*>(hit) - data.data());
      for (const Marker& marker : kMarkers) {
        if (lower(first) == marker.text[0] && matchesAt(data, at, marker)) return marker.text;
      }
      ++at;
    }
  }
  return std::nullopt;
}

}  // namespace atrium::host::storage
