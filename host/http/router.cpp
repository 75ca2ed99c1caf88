#include "host/http/router.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace atrium::host::http {

// Matching rules beyond router.hpp:
// - A path that does not start with '/' never matches (e.g. "*" or an absolute-form target).
// - Empty segments ("/a//b") never match a static or ":param" segment; a "*wildcard" takes
//   them as part of its value.
// - A parameter (or wildcard) whose value holds a malformed escape ("%zz") makes the whole
//   match kNotFound: the path cannot name the resource, and no other route is tried.
// - When the path matches but no route has the method, later (lower priority) matches are
//   still tried for the method; `allowed` is the union over every route the path matches.
// - Patterns hold at most kMaxParams parameters (wildcard included).

namespace {

constexpr size_t kMaxParams = 32;

struct Route {
  std::string method;
  size_t route_index = 0;
  std::string pattern;
};

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// RFC 3986 pchar minus '%', which is checked separately.
bool isStaticChar(char c) {
  if (isNameChar(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '~':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@': return true;
    default: return false;
  }
}

// "/a/" -> "/a", "/" -> "": one trailing slash is not significant.
std::string_view trimTrailingSlash(std::string_view path) {
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return path;
}

const Route* findMethod(const std::vector<Route>& routes, std::string_view method) {
  for (const auto& r : routes) {
    if (r.method == method) return &r;
  }
  return nullptr;
}

// HEAD is served by GET when there is no HEAD route.
const Route* findMethodOrHead(const std::vector<Route>& routes, std::string_view method) {
  if (const Route* r = findMethod(routes, method)) return r;
  if (method == "HEAD") return findMethod(routes, "GET");
  return nullptr;
}

int methodRank(std::string_view m) {
  static constexpr std::array<std::string_view, 7> kOrder = {"GET",   "HEAD",   "POST",   "PUT",
                                                             "PATCH", "DELETE", "OPTIONS"};
  for (size_t i = 0; i < kOrder.size(); ++i) {
    if (kOrder[i] == m) return static_cast<int>(i);
  }
  return static_cast<int>(kOrder.size());
}

[[noreturn]] void badPattern(std::string_view pattern, std::string_view why) {
  throw std::invalid_argument("invalid route pattern '" + std::string(pattern) +
                              "': " + std::string(why));
}

struct Capture {
  std::string_view name;
  std::string_view raw;
};

// The trie node. Router::Node (private in the header) is a TrieNode; the search helpers below
// work on TrieNode so they need no access to Router's private members.
struct TrieNode {
  std::vector<std::pair<std::string, std::unique_ptr<TrieNode>>> statics;  // sorted by segment
  std::string param_name;
  std::unique_ptr<TrieNode> param;
  std::string wildcard_name;
  std::vector<Route> wildcard_routes;  // a wildcard is always the last segment
  std::vector<Route> routes;           // routes ending at this node

  const TrieNode* findStatic(std::string_view segment) const {
    auto it =
        std::lower_bound(statics.begin(), statics.end(), segment,
                         [](const auto& entry, std::string_view s) { return entry.first < s; });
    if (it != statics.end() && it->first == segment) return it->second.get();
    return nullptr;
  }

  TrieNode& staticChild(std::string_view segment) {
    auto it =
        std::lower_bound(statics.begin(), statics.end(), segment,
                         [](const auto& entry, std::string_view s) { return entry.first < s; });
    if (it != statics.end() && it->first == segment) return *it->second;
    it = statics.emplace(it, std::string(segment), std::make_unique<TrieNode>());
    return *it->second;
  }
};

// The state of one match() call, kept on the stack.
struct Search {
  std::string_view method;
  std::string_view path;     // as received
  std::string_view trimmed;  // without its trailing slash
  std::array<Capture, kMaxParams> captures{};
  const Route* found = nullptr;
  size_t found_captures = 0;
  std::vector<std::string_view>* allowed = nullptr;  // set for the collecting pass

  // The wildcard value when the wildcard segment starts at `pos` (a '/' or the end of trimmed).
  std::string_view rest(size_t pos) const {
    return pos + 1 >= path.size() ? std::string_view() : path.substr(pos + 1);
  }

  bool offer(const std::vector<Route>& routes, size_t depth) {
    if (routes.empty()) return false;
    if (allowed != nullptr) {
      for (const auto& r : routes) allowed->push_back(r.method);
      return false;  // keep walking: the union of all matches is wanted
    }
    if (const Route* r = findMethodOrHead(routes, method)) {
      found = r;
      found_captures = depth;
      return true;
    }
    return false;
  }

  // Depth-first in priority order: static, then parameter, then wildcard.
  bool visit(const TrieNode& node, size_t pos, size_t depth);
};

bool Search::visit(const TrieNode& node, size_t pos, size_t depth) {
  if (pos >= trimmed.size()) {
    if (offer(node.routes, depth)) return true;
    if (!node.wildcard_routes.empty() && depth < kMaxParams) {
      captures[depth] = Capture{node.wildcard_name, rest(pos)};
      if (offer(node.wildcard_routes, depth + 1)) return true;
    }
    return false;
  }
  // trimmed[pos] == '/'
  const size_t start = pos + 1;
  size_t end = trimmed.find('/', start);
  if (end == std::string_view::npos) end = trimmed.size();
  const std::string_view segment = trimmed.substr(start, end - start);

  if (!segment.empty()) {
    if (const TrieNode* child = node.findStatic(segment)) {
      if (visit(*child, end, depth)) return true;
    }
    if (node.param && depth < kMaxParams) {
      captures[depth] = Capture{node.param_name, segment};
      if (visit(*node.param, end, depth + 1)) return true;
    }
  }
  if (!node.wildcard_routes.empty() && depth < kMaxParams) {
    captures[depth] = Capture{node.wildcard_name, rest(pos)};
    if (offer(node.wildcard_routes, depth + 1)) return true;
  }
  return false;
}

}  // namespace

struct Router::Node : TrieNode {};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

namespace {

enum class SegmentKind { kStatic, kParam, kWildcard };
struct Segment {
  SegmentKind kind;
  std::string_view text;  // the static text or the parameter name
};

// Syntax only; conflicts with routes already added are checked by Router::add.
std::vector<Segment> parsePattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') badPattern(pattern, "must start with '/'");
  const std::string_view body = trimTrailingSlash(pattern);
  std::vector<Segment> segments;
  size_t params = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    const size_t start = pos + 1;
    size_t end = body.find('/', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view segment = body.substr(start, end - start);
    pos = end;
    if (segment.empty()) badPattern(pattern, "empty segment");

    if (segment.front() == ':' || segment.front() == '*') {
      const std::string_view name = segment.substr(1);
      if (name.empty()) badPattern(pattern, "parameter without a name");
      if (!std::all_of(name.begin(), name.end(), isNameChar)) {
        badPattern(pattern, "parameter name '" + std::string(name) + "' must be [A-Za-z0-9_]");
      }
      if (++params > kMaxParams) badPattern(pattern, "too many parameters");
      const bool wildcard = segment.front() == '*';
      if (wildcard && pos < body.size()) {
        badPattern(pattern, "'*" + std::string(name) + "' must be last");
      }
      segments.push_back({wildcard ? SegmentKind::kWildcard : SegmentKind::kParam, name});
      continue;
    }
    for (size_t i = 0; i < segment.size(); ++i) {
      const char c = segment[i];
      if (c == '%') {
        if (i + 2 >= segment.size() || !isHex(segment[i + 1]) || !isHex(segment[i + 2])) {
          badPattern(pattern, "malformed percent escape");
        }
        i += 2;
      } else if (!isStaticChar(c)) {
        badPattern(pattern, std::string("character '") + c + "' is not allowed in a path");
      }
    }
    segments.push_back({SegmentKind::kStatic, segment});
  }
  return segments;
}

// Throws when the new route clashes with the trie; changes nothing.
void checkConflicts(const TrieNode& root, std::string_view method, std::string_view pattern,
                    const std::vector<Segment>& segments) {
  const TrieNode* node = &root;
  for (const auto& seg : segments) {
    if (node == nullptr) return;  // a new branch cannot conflict
    switch (seg.kind) {
      case SegmentKind::kStatic: node = node->findStatic(seg.text); break;
      case SegmentKind::kParam:
        if (node->param && node->param_name != seg.text) {
          badPattern(pattern, "parameter ':" + std::string(seg.text) + "' conflicts with ':" +
                                  node->param_name + "' at the same position");
        }
        node = node->param.get();
        break;
      case SegmentKind::kWildcard:
        if (!node->wildcard_routes.empty() && node->wildcard_name != seg.text) {
          badPattern(pattern, "wildcard '*" + std::string(seg.text) + "' conflicts with '*" +
                                  node->wildcard_name + "' at the same position");
        }
        break;
    }
  }
  if (node == nullptr) return;
  const bool wildcard = !segments.empty() && segments.back().kind == SegmentKind::kWildcard;
  const std::vector<Route>& routes = wildcard ? node->wildcard_routes : node->routes;
  for (const auto& r : routes) {
    if (r.method == method) {
      throw std::invalid_argument("duplicate route " + std::string(method) + " '" +
                                  std::string(pattern) + "' (already defined as '" + r.pattern +
                                  "')");
    }
  }
}

}  // namespace

void Router::add(std::string_view method, std::string_view pattern, size_t route_index) {
  if (method.empty() ||
      !std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    throw std::invalid_argument("invalid method '" + std::string(method) + "' for route pattern '" +
                                std::string(pattern) + "' (expected upper case, e.g. GET)");
  }
  const std::vector<Segment> segments = parsePattern(pattern);
  checkConflicts(*root_, method, pattern, segments);

  TrieNode* node = root_.get();
  std::vector<Route>* routes = &node->routes;
  for (const auto& seg : segments) {
    switch (seg.kind) {
      case SegmentKind::kStatic:
        node = &node->staticChild(seg.text);
        routes = &node->routes;
        break;
      case SegmentKind::kParam:
        if (!node->param) {
          node->param_name = std::string(seg.text);
          node->param = std::make_unique<TrieNode>();
        }
        node = node->param.get();
        routes = &node->routes;
        break;
      case SegmentKind::kWildcard:
        node->wildcard_name = std::string(seg.text);
        routes = &node->wildcard_routes;
        break;
    }
  }
  routes->push_back(Route{std::string(method), route_index, std::string(pattern)});
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  if (path.empty() || path.front() != '/') return result;

  Search search;
  search.method = method;
  search.path = path;
  search.trimmed = trimTrailingSlash(path);

  if (search.visit(*root_, 0, 0)) {
    result.params.reserve(search.found_captures);
    for (size_t i = 0; i < search.found_captures; ++i) {
      const Capture& c = search.captures[i];
      std::string value;
      if (!percentDecode(c.raw, value)) return Match{};  // documented: malformed escape → 404
      result.params.emplace_back(std::string(c.name), std::move(value));
    }
    result.outcome = Outcome::kFound;
    result.route_index = search.found->route_index;
    result.pattern = search.found->pattern;
    return result;
  }

  std::vector<std::string_view> allowed;
  search.allowed = &allowed;
  search.visit(*root_, 0, 0);
  if (allowed.empty()) return result;

  if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) allowed.push_back("HEAD");
  std::sort(allowed.begin(), allowed.end(), [](std::string_view a, std::string_view b) {
    const int ra = methodRank(a);
    const int rb = methodRank(b);
    return ra != rb ? ra < rb : a < b;
  });
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  result.outcome = Outcome::kMethodNotAllowed;
  result.allowed.assign(allowed.begin(), allowed.end());
  return result;
}

bool percentDecode(std::string_view in, std::string& out) {
  out.clear();
  const size_t first = in.find('%');
  if (first == std::string_view::npos) {
    out.assign(in);
    return true;
  }
  out.reserve(in.size());
  out.append(in.substr(0, first));
  for (size_t i = first; i < in.size(); ++i) {
    const char c = in[i];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (i + 2 >= in.size() || !isHex(in[i + 1]) || !isHex(in[i + 2])) return false;
    out.push_back(static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
    i += 2;
  }
  return true;
}

}  // namespace atrium::host::http
