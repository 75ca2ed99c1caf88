#include "host/db/named_parameters.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "host/db/query_error.hpp"

namespace atrium::host::db {
namespace {

bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
// PostgreSQL identifiers (and dollar-quote tags) may also hold '$' and non-ASCII bytes.
bool isIdentifierChar(char c) {
  return isNameChar(c) || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

[[noreturn]] void invalid(const std::string& message) {
  throw QueryError(QueryErrorKind::kInvalidQuery, message);
}

class Scanner {
 public:
  Scanner(std::string_view sql, Backend backend) : sql_(sql), backend_(backend) {
    out_.sql.reserve(sql.size() + 8);
  }

  ParsedSql run() {
    while (pos_ < sql_.size()) step();
    return std::move(out_);
  }

 private:
  bool postgres() const { return backend_ == Backend::kPostgresql; }
  char at(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }
  bool afterIdentifier() const { return pos_ > 0 && isIdentifierChar(sql_[pos_ - 1]); }

  void step() {
    const char c = sql_[pos_];
    if (c == '\'') return quoted('\'', false, "string literal");
    if (c == '"') return quoted('"', false, "quoted identifier");
    if (c == '-' && at(pos_ + 1) == '-') return lineComment();
    if (c == '/' && at(pos_ + 1) == '*') return blockComment();
    if (c == ':') return colon();
    if (postgres()) {
      if ((c == 'E' || c == 'e') && at(pos_ + 1) == '\'' && !afterIdentifier()) {
        copy(1);
        return quoted('\'', true, "string literal");
      }
      if (c == '$' && !afterIdentifier()) return dollar();
    } else {
      if (c == '[') return quoted(']', false, "[identifier]");
      if (c == '`') return quoted('`', false, "`identifier`");
    }
    copy(1);
  }

  void copy(size_t n) {
    out_.sql.append(sql_.substr(pos_, n));
    pos_ += n;
  }

  // From the opening quote to the closing one; a doubled closing quote is an escaped quote.
  void quoted(char close, bool backslash_escapes, const char* what) {
    const size_t start = pos_++;
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (backslash_escapes && c == '\\') {
        pos_ += 2;
      } else if (c == close && at(pos_ + 1) == close && close != ']') {
        pos_ += 2;
      } else if (c == close) {
        ++pos_;
        out_.sql.append(sql_.substr(start, pos_ - start));
        return;
      } else {
        ++pos_;
      }
    }
    invalid(std::string("unterminated ") + what + " in the SQL");
  }

  void lineComment() {
    const size_t end = sql_.find('\n', pos_);
    copy(end == std::string_view::npos ? sql_.size() - pos_ : end - pos_);
  }

  // PostgreSQL block comments nest; SQLite's end at the first "*/".
  void blockComment() {
    const size_t start = pos_;
    pos_ += 2;
    int depth = 1;
    while (pos_ < sql_.size() && depth > 0) {
      if (sql_[pos_] == '*' && at(pos_ + 1) == '/') {
        --depth;
        pos_ += 2;
      } else if (postgres() && sql_[pos_] == '/' && at(pos_ + 1) == '*') {
        ++depth;
        pos_ += 2;
      } else {
        ++pos_;
      }
    }
    if (depth > 0) invalid("unterminated /* comment in the SQL");
    out_.sql.append(sql_.substr(start, pos_ - start));
  }

  // $tag$ ... $tag$ (the tag may be empty); $1 is a positional placeholder, refused.
  void dollar() {
    if (std::isdigit(static_cast<unsigned char>(at(pos_ + 1))) != 0) {
      invalid("positional placeholder $" + std::string(1, at(pos_ + 1)) +
              "... in the SQL: use :name parameters");
    }
    size_t tag_end = pos_ + 1;
    if (isNameStart(at(tag_end)) || static_cast<unsigned char>(at(tag_end)) >= 0x80) {
      while (tag_end < sql_.size() && isIdentifierChar(sql_[tag_end]) && sql_[tag_end] != '$') {
        ++tag_end;
      }
    }
    if (at(tag_end) != '$') return copy(1);  // not a dollar quote
    const std::string_view tag = sql_.substr(pos_, tag_end + 1 - pos_);
    const size_t close = sql_.find(tag, tag_end + 1);
    if (close == std::string_view::npos) invalid("unterminated dollar-quoted string in the SQL");
    copy(close + tag.size() - pos_);
  }

  void colon() {
    if (at(pos_ + 1) == ':') return copy(2);  // PostgreSQL cast
    if (!isNameStart(at(pos_ + 1))) return copy(1);
    size_t end = pos_ + 1;
    while (end < sql_.size() && isNameChar(sql_[end])) ++end;
    const std::string name(sql_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end;
    const auto found = std::find(out_.names.begin(), out_.names.end(), name);
    const size_t index = static_cast<size_t>(found - out_.names.begin()) + 1;
    if (found == out_.names.end()) out_.names.push_back(name);
    out_.sql += postgres() ? '$' : '?';
    out_.sql += std::to_string(index);
  }

  std::string_view sql_;
  Backend backend_;
  size_t pos_ = 0;
  ParsedSql out_;
};

}  // namespace

ParsedSql parseNamedParameters(std::string_view sql, Backend backend) {
  return Scanner(sql, backend).run();
}

std::vector<const Value*> orderParameters(const std::vector<std::string>& names,
                                          const Params& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const std::string& name = params[i].name;
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      invalid("parameter :" + name + " is not used in the SQL");
    }
    for (size_t j = i + 1; j < params.size(); ++j) {
      if (params[j].name == name) invalid("parameter :" + name + " is given twice");
    }
  }
  std::vector<const Value*> ordered;
  ordered.reserve(names.size());
  for (const std::string& name : names) {
    const auto found = std::find_if(params.begin(), params.end(),
                                    [&name](const Param& p) { return p.name == name; });
    if (found == params.end()) invalid("missing parameter :" + name);
    const auto* text = std::get_if<std::string>(&found->value);
    if (text != nullptr && text->find('\0') != std::string::npos) {
      invalid("text parameter :" + name + " holds a NUL byte (PostgreSQL text cannot; use a blob)");
    }
    ordered.push_back(&found->value);
  }
  return ordered;
}

}  // namespace atrium::host::db
