#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace atrium::host::messaging {

// An address with an optional display name: `Name <local@domain>` or `local@domain`.
struct Mailbox {
  std::string display_name;  // UTF-8; may be empty
  std::string address;
};

// Parses the mail.from setting. Throws std::invalid_argument (CR/LF, no valid address, ...).
Mailbox parseMailbox(std::string_view text);

// What one e-mail is made of. Every field is checked again by composeMail.
struct MailContent {
  Mailbox from;
  std::string to;
  std::string subject;  // UTF-8
  std::string text;     // UTF-8; may be empty when html is set
  std::string html;     // UTF-8; may be empty when text is set
  std::chrono::system_clock::time_point date;
  std::string message_id;  // "<unique@domain>"
  std::string boundary;    // MIME boundary for multipart/alternative, [A-Za-z0-9_.=-]
};

// An RFC 5322 message with CRLF line endings: Date, From, To, Subject (RFC 2047 encoded when it
// is not plain ASCII), Message-ID, MIME-Version; a text/plain or text/html part, or
// multipart/alternative (text first, html last) when both exist; bodies in quoted-printable
// UTF-8. Throws std::invalid_argument when a header value holds CR, LF or NUL (no header
// injection is possible) or an address is invalid.
std::string composeMail(const MailContent& mail);

// "Sun, 22 Nov 2026 08:10:00 +0000" (RFC 5322 date-time, UTC).
std::string formatMailDate(std::chrono::system_clock::time_point at);
// Printable ASCII stays as it is; anything else becomes RFC 2047 encoded words
// (=?UTF-8?B?...?=), each at most 75 characters, never splitting a UTF-8 sequence, joined by
// CRLF + space (folding).
std::string encodeHeaderText(std::string_view utf8);
// Quoted-printable (RFC 2045) with CRLF hard line breaks and lines of at most 76 characters.
std::string quotedPrintable(std::string_view text);
std::string base64(std::string_view bytes);

}  // namespace atrium::host::messaging
