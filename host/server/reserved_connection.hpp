#pragma once

namespace Pistache::Http {
class ResponseWriter;
}

namespace atrium::host::server {

// The socket of a connection that is about to be handed over to a streaming answer (server-
// sent events), kept as a duplicate descriptor of Pistache's.
//
// Why a duplicate: Pistache queues every write by descriptor number and closes the number on
// its reactor thread when the client leaves or the keep-alive timeout passes; a write queued
// from another thread could then reach a new connection that got the same number. A duplicate
// is a number only the new owner closes, so whatever writes to it can only ever reach this
// connection; Pistache never writes to the connection again (the answer is not sent through
// it), and its own descriptor is closed by it as usual.
//
// reserve() must run on the reactor thread that owns the connection (the number is valid
// there); take() may run anywhere. An untaken duplicate is closed with this object.
class ReservedConnection {
 public:
  ReservedConnection() = default;
  ~ReservedConnection();
  ReservedConnection(const ReservedConnection&) = delete;
  ReservedConnection& operator=(const ReservedConnection&) = delete;

  void reserve(const Pistache::Http::ResponseWriter& writer);
  // The descriptor (the caller owns it from now on), or -1 when nothing is reserved.
  int take();

 private:
  int fd_ = -1;
};

}  // namespace atrium::host::server
