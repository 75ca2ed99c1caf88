#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/http/request.hpp"

namespace atrium::host::http {

// Routes compiled from the YAML: a segment trie per path. Patterns are "/a/:id/b" (":name"
// matches one non-empty segment) and a final "*name" that matches the rest of the path
// (possibly empty). Static segments win over parameters, parameters over the wildcard.
// One trailing slash is ignored ("/a/" matches "/a"). Parameter values are percent-decoded;
// matching happens on the encoded path so "%2F" inside a parameter stays in it.
class Router {
 public:
  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
  struct Match {
    Outcome outcome = Outcome::kNotFound;
    size_t route_index = 0;            // kFound: the value given to add()
    std::string pattern;               // kFound: the route's pattern
    std::vector<NameValue> params;     // kFound
    std::vector<std::string> allowed;  // kMethodNotAllowed: methods for the Allow header
  };

  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Throws std::invalid_argument on a malformed pattern, on a duplicate (method, pattern), and
  // on two parameter names at the same position that differ (/a/:id vs /a/:slug).
  void add(std::string_view method, std::string_view pattern, size_t route_index);

  // HEAD falls back to GET when no HEAD route exists. `allowed` lists each method once, HEAD
  // included when GET exists, in a stable order.
  Match match(std::string_view method, std::string_view path) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

// Percent-decodes; returns false on a malformed escape. '+' is kept (paths, not forms).
bool percentDecode(std::string_view in, std::string& out);

}  // namespace atrium::host::http
