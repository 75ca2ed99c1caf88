#include "host/services/messaging/mail_composer.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>

#include "host/services/messaging/outbox_message.hpp"

namespace atrium::host::messaging {
namespace {

constexpr char kCrlf[] = "\r\n";

void refuseLineBreaks(std::string_view field, std::string_view value) {
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    throw std::invalid_argument(std::string(field) + " must not contain CR, LF or NUL");
  }
}

bool isPlainAscii(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) return false;
  }
  // "=?" would be read as the start of an encoded word.
  return text.find("=?") == std::string_view::npos;
}

size_t utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  return 4;
}

// The display name as a quoted-string or encoded words.
std::string displayName(std::string_view name) {
  if (!isPlainAscii(name)) return encodeHeaderText(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string formatMailbox(const Mailbox& mailbox) {
  if (mailbox.display_name.empty()) return mailbox.address;
  return displayName(mailbox.display_name) + " <" + mailbox.address + ">";
}

void appendPart(std::string& out, std::string_view type, std::string_view body) {
  out += "Content-Type: ";
  out += type;
  out += "; charset=UTF-8";
  out += kCrlf;
  out += "Content-Transfer-Encoding: quoted-printable";
  out += kCrlf;
  out += kCrlf;
  out += quotedPrintable(body);
  out += kCrlf;
}

}  // namespace

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Mailbox parseMailbox(std::string_view text) {
  refuseLineBreaks("mail.from", text);
  Mailbox mailbox;
  const size_t open = text.rfind('<');
  if (open == std::string_view::npos) {
    mailbox.address = std::string(text);
  } else {
    if (text.empty() || text.back() != '>') {
      throw std::invalid_argument("mail.from: expected `Name <address>` or `address`");
    }
    mailbox.address = std::string(text.substr(open + 1, text.size() - open - 2));
    std::string_view name = text.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    mailbox.display_name = std::string(name);
  }
  if (!isValidEmailAddress(mailbox.address)) {
    throw std::invalid_argument("mail.from: '" + mailbox.address + "' is not a valid address");
  }
  if (!isValidUtf8(mailbox.display_name)) {
    throw std::invalid_argument("mail.from: the display name is not valid UTF-8");
  }
  return mailbox;
}

std::string formatMailDate(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return buf;
}

std::string encodeHeaderText(std::string_view utf8) {
  if (isPlainAscii(utf8)) return std::string(utf8);
  // "=?UTF-8?B?" + base64 + "?=" <= 75 chars: at most 63 base64 chars, i.e. 45 input bytes.
  constexpr size_t kMaxChunk = 45;
  std::string out;
  size_t i = 0;
  while (i < utf8.size()) {
    size_t end = i;
    while (end < utf8.size()) {
      const size_t len = utf8Length(static_cast<unsigned char>(utf8[end]));
      if (end + len - i > kMaxChunk) break;
      end += len;
    }
    if (end == i) end = std::min(utf8.size(), i + kMaxChunk);  // not reachable for valid UTF-8
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(utf8.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string quotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t line = 0;
  auto emit = [&](std::string_view piece) {
    if (line + piece.size() > 75) {  // 75 + the soft break's '=' = 76
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // CRLF: see '\n'
    if (c == '\n') {
      out += kCrlf;
      line = 0;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' ||
                             (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n');
    const bool literal =
        (u >= 33 && u <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    // A '.' opening a line is encoded so that no SMTP server ever sees a lone "." line.
    if (literal && !(c == '.' && line == 0)) {
      emit(std::string_view(&c, 1));
    } else {
      const char encoded[3] = {'=', kHex[u >> 4], kHex[u & 0x0F]};
      emit(std::string_view(encoded, 3));
    }
  }
  return out;
}

std::string composeMail(const MailContent& mail) {
  refuseLineBreaks("from", mail.from.display_name);
  refuseLineBreaks("from", mail.from.address);
  refuseLineBreaks("to", mail.to);
  refuseLineBreaks("subject", mail.subject);
  refuseLineBreaks("message id", mail.message_id);
  refuseLineBreaks("boundary", mail.boundary);
  if (!isValidEmailAddress(mail.from.address)) {
    throw std::invalid_argument("from is not a valid address");
  }
  if (!isValidEmailAddress(mail.to)) throw std::invalid_argument("to is not a valid address");
  if (mail.text.empty() && mail.html.empty()) {
    throw std::invalid_argument("a mail needs text or html");
  }
  std::string out;
  out.reserve(mail.text.size() + mail.html.size() + 1024);
  auto header = [&](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += kCrlf;
  };
  header("Date", formatMailDate(mail.date));
  header("From", formatMailbox(mail.from));
  header("To", mail.to);
  header("Subject", encodeHeaderText(mail.subject));
  header("Message-ID", mail.message_id);
  header("MIME-Version", "1.0");
  if (!mail.text.empty() && !mail.html.empty()) {
    if (mail.boundary.empty()) throw std::invalid_argument("a multipart mail needs a boundary");
    header("Content-Type", "multipart/alternative; boundary=\"" + mail.boundary + "\"");
    out += kCrlf;
    out += "--" + mail.boundary + kCrlf;
    appendPart(out, "text/plain", mail.text);
    out += "--" + mail.boundary + kCrlf;
    appendPart(out, "text/html", mail.html);
    out += "--" + mail.boundary + "--" + kCrlf;
  } else {
    appendPart(out, mail.text.empty() ? "text/html" : "text/plain",
               mail.text.empty() ? mail.html : mail.text);
  }
  return out;
}

}  // namespace atrium::host::messaging
