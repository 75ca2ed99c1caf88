/*
 * Atrium plugin ABI — the only boundary between the atrium host and a plugin.
 *
 * Rules (see docs/plugins.md):
 *  - Plain C11, depends only on the C standard library. Compiles as C and as C++.
 *  - Only POD crosses: fixed-width integers, explicit-valued enums as int32_t, {ptr,len} strings,
 *    opaque handles. Whoever allocates frees. No exception ever crosses this boundary.
 *  - Every table starts with atrium_abi_header {struct_size, abi_major, abi_minor}. Tables are
 *    append-only within a major version: a reader touches a field only when the table's
 *    struct_size covers it (ATRIUM_ABI_HAS_FIELD).
 *  - One exported symbol per plugin: atrium_plugin_init (ATRIUM_PLUGIN_INIT_SYMBOL).
 *
 * Lifecycle:
 *  1. The host dlopen()s the plugin (RTLD_NOW | RTLD_LOCAL) and calls
 *     atrium_plugin_init(host, plugin). `host` is host-owned and valid until the plugin is
 *     unloaded. `plugin` is host-owned; its header says how many bytes the host reads. The plugin
 *     fills in its descriptor (name, version, config schema, handlers) and returns ATRIUM_OK.
 *  2. The host validates the plugin's config block against the declared schema, then calls
 *     plugin->start(plugin->state, ctx). `ctx` identifies this plugin instance in every host call.
 *  3. Handlers are called concurrently from the host's worker threads.
 *  4. plugin->stop(plugin->state) is called once at shutdown, after the last handler returned.
 *     Whenever init returned ATRIUM_OK, stop is called once before unload, also when start never
 *     ran (`atrium plugin info`, a config error, another plugin failing to start): it is where
 *     the plugin frees what init allocated.
 */
#ifndef ATRIUM_ABI_H
#define ATRIUM_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ATRIUM_ABI_MAJOR 1
#define ATRIUM_ABI_MINOR 5

#define ATRIUM_PLUGIN_INIT_SYMBOL "atrium_plugin_init"

#if defined(__GNUC__) || defined(__clang__)
#define ATRIUM_EXPORT __attribute__((visibility("default")))
#else
#define ATRIUM_EXPORT
#endif

/* True when a table whose header says `struct_size` bytes contains `field` entirely. */
#define ATRIUM_ABI_HAS_FIELD(table_ptr, type, field) \
  ((table_ptr)->header.struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* ---- Status codes ---------------------------------------------------------------------- */
typedef int32_t atrium_status;
#define ATRIUM_OK 0
#define ATRIUM_ERR_INVALID_ARGUMENT 1 /* a caller passed something malformed */
#define ATRIUM_ERR_NOT_FOUND 2        /* the thing asked for does not exist */
#define ATRIUM_ERR_ABI_MISMATCH 3     /* major versions differ */
#define ATRIUM_ERR_CONFIG 4           /* configuration rejected */
#define ATRIUM_ERR_INTERNAL 5         /* a bug or unexpected failure; detail in the message */
#define ATRIUM_ERR_HTTP 6             /* a handler finished with an HTTP error response */
#define ATRIUM_ERR_UNAVAILABLE 7      /* a dependency is down; retry later */
#define ATRIUM_ERR_DB 8               /* a database call failed; see db_result_error (ABI 1.1) */

/* ---- Log levels ------------------------------------------------------------------------- */
typedef int32_t atrium_log_level;
#define ATRIUM_LOG_DEBUG 10
#define ATRIUM_LOG_INFO 20
#define ATRIUM_LOG_WARN 30
#define ATRIUM_LOG_ERROR 40

/* ---- Handler flags ------------------------------------------------------------------------ */
/* The handler never blocks (no I/O, no locks held long): the host may run it on the network
 * thread instead of the worker pool. Leave it unset when in doubt. */
#define ATRIUM_HANDLER_NONBLOCKING 0x1u

/* ---- Basic types ------------------------------------------------------------------------ */
/* A borrowed string: not NUL-terminated, valid for the documented lifetime only. */
typedef struct atrium_str {
  const char* ptr;
  size_t len;
} atrium_str;

typedef struct atrium_abi_header {
  uint32_t struct_size; /* bytes of the table the writer provides */
  uint16_t abi_major;
  uint16_t abi_minor;
} atrium_abi_header;

/* Opaque, host-owned handles. */
typedef struct atrium_request atrium_request;       /* valid during one handler call */
typedef struct atrium_response atrium_response;     /* valid during one handler call */
typedef struct atrium_plugin_ctx atrium_plugin_ctx; /* valid from start() to stop() */
typedef struct atrium_db_tx atrium_db_tx;           /* an open transaction or savepoint (1.1) */
typedef struct atrium_db_result atrium_db_result;   /* freed with db_result_free (1.1) */
typedef struct atrium_script_result atrium_script_result; /* freed with script_result_free (1.1) */
typedef struct atrium_ai_result atrium_ai_result;         /* freed with ai_result_free (1.4) */
typedef struct atrium_storage_result
    atrium_storage_result; /* freed with storage_result_free (1.5) */

/* ---- Database values (ABI 1.1) ----------------------------------------------------------- */
typedef int32_t atrium_value_type;
#define ATRIUM_VALUE_NULL 0
#define ATRIUM_VALUE_INT 1    /* int_value */
#define ATRIUM_VALUE_DOUBLE 2 /* double_value */
#define ATRIUM_VALUE_TEXT 3   /* bytes: UTF-8 text */
#define ATRIUM_VALUE_BOOL 4   /* int_value: 0 or 1 */
#define ATRIUM_VALUE_BLOB 5   /* bytes: raw bytes */

/* One SQL value. Only the member named by `type` is meaningful. */
typedef struct atrium_value {
  atrium_value_type type;
  int32_t reserved; /* 0 */
  int64_t int_value;
  double double_value;
  atrium_str bytes;
} atrium_value;

/* A named parameter: `name` without the colon (":email" in SQL is "email"). */
typedef struct atrium_db_param {
  atrium_str name;
  atrium_value value;
} atrium_db_param;

/* Why a database call failed (db_result_error). Stable numbers. */
typedef int32_t atrium_db_error_kind;
#define ATRIUM_DB_OK 0
#define ATRIUM_DB_UNIQUE_VIOLATION 1      /* SDK: 409 */
#define ATRIUM_DB_FOREIGN_KEY_VIOLATION 2 /* SDK: 400 */
#define ATRIUM_DB_NOT_NULL_VIOLATION 3    /* SDK: 400 */
#define ATRIUM_DB_CHECK_VIOLATION 4       /* SDK: 400 */
#define ATRIUM_DB_INVALID_QUERY 5         /* a bug in the SQL or its parameters: 500 */
#define ATRIUM_DB_BUSY 6                  /* lock not granted in time: 503 */
#define ATRIUM_DB_TIMEOUT 7               /* statement_timeout: 503 */
#define ATRIUM_DB_SERIALIZATION 8         /* serialization failure or deadlock; retry: 503 */
#define ATRIUM_DB_TOO_LARGE 9             /* result over database.max_result_size: 500 */
#define ATRIUM_DB_UNAVAILABLE 10          /* database unreachable or no connection free: 503 */
#define ATRIUM_DB_MISUSE 11               /* wrong use of the API (finished tx, bad name): 500 */
#define ATRIUM_DB_OTHER 12                /* anything else: 500 */

/* Why a script call failed (script_result_error). Stable numbers. */
typedef int32_t atrium_script_error_kind;
#define ATRIUM_SCRIPT_OK 0
#define ATRIUM_SCRIPT_NOT_FOUND 1         /* no such script, or no such function in it */
#define ATRIUM_SCRIPT_COMPILE 2           /* the script never compiled */
#define ATRIUM_SCRIPT_RUNTIME 3           /* the script raised an error */
#define ATRIUM_SCRIPT_INSTRUCTION_LIMIT 4 /* stopped by the instruction budget */
#define ATRIUM_SCRIPT_MEMORY_LIMIT 5      /* stopped at the memory ceiling */
#define ATRIUM_SCRIPT_BAD_RESULT 6        /* returned something that is not JSON-able */
#define ATRIUM_SCRIPT_BAD_ARGUMENT 7      /* args_json is not valid JSON, or a bad id */
#define ATRIUM_SCRIPT_UNAVAILABLE 8       /* no script engine in this process */

/* Why an AI call failed (ai_result_error, ABI 1.4). Stable numbers; the names are the ones the
 * usage table and Lua use. */
typedef int32_t atrium_ai_error_kind;
#define ATRIUM_AI_OK 0
#define ATRIUM_AI_INVALID_REQUEST 1 /* malformed or too large request; SDK: 400 */
#define ATRIUM_AI_UNAVAILABLE 2     /* provider down, not configured or refusing the key; 503 */
#define ATRIUM_AI_RATE_LIMITED 3    /* the provider kept answering 429; 429 */
#define ATRIUM_AI_BAD_RESPONSE 4    /* the provider's answer was not in its format; 502 */
#define ATRIUM_AI_REFUSED 5         /* blocked by the provider's safety filters; 422 */
#define ATRIUM_AI_TIMEOUT 6         /* an attempt or ai.deadline ran out; 504 */
#define ATRIUM_AI_TEMPLATE 7        /* the prompt template script failed; 500 */

/* ---- Messages (ABI 1.2) ------------------------------------------------------------------
 * What mail_send / sms_send take. Strings are borrowed for the call (the host copies them) and
 * must be UTF-8. `struct_size` is sizeof the struct as the plugin compiled it: the host reads
 * only the fields it covers, so later versions may append fields. */
typedef struct atrium_mail_message {
  uint32_t struct_size;
  uint32_t reserved;          /* 0 */
  atrium_str to;              /* one address: local@domain */
  atrium_str subject;         /* no CR/LF; RFC 2047-encoded by the host when not ASCII */
  atrium_str text;            /* text/plain body; text or html (or both) is required */
  atrium_str html;            /* text/html body */
  atrium_str template_id;     /* the message script it was rendered from; may be empty */
  atrium_str idempotency_key; /* a second message with the same key is not sent; may be empty */
} atrium_mail_message;

typedef struct atrium_sms_message {
  uint32_t struct_size;
  uint32_t reserved; /* 0 */
  atrium_str to;     /* E.164: +15005550006 */
  atrium_str body;   /* at most 1600 bytes */
  atrium_str template_id;
  atrium_str idempotency_key;
} atrium_sms_message;

/* ---- Storage (ABI 1.5) --------------------------------------------------------------------
 * One part of a multipart/form-data request body (request_multipart_part). Strings are
 * host-owned and valid during the handler call. `content_type` is what the client declared:
 * never trust it; storage_save_part decides the type from the bytes. The caller sets
 * struct_size to sizeof the struct it compiled; the host fills only the fields it covers. */
typedef struct atrium_multipart_part {
  uint32_t struct_size;
  int32_t is_file;         /* 1: the part had a filename parameter */
  atrium_str name;         /* the form field name */
  atrium_str filename;     /* without directories; empty when not a file */
  atrium_str content_type; /* as declared by the client (default text/plain) */
  atrium_str data;         /* the part's bytes */
} atrium_multipart_part;

/* A stored file (storage_result_object). Strings live as long as the result. */
typedef struct atrium_stored_object {
  uint32_t struct_size;
  uint32_t reserved;       /* 0 */
  atrium_str key;          /* "ab/cd/<32 hex>.jpg": keep it to stat/delete the file later */
  atrium_str url;          /* "/uploads/ab/cd/<32 hex>.jpg"; empty when not served here */
  atrium_str content_type; /* sniffed from the bytes: "image/jpeg" */
  uint64_t size;           /* bytes */
  atrium_str sha256;       /* 64 lowercase hex digits; empty from storage_stat */
} atrium_stored_object;

/* ---- The host's function table (host-owned, valid until the plugin is unloaded) --------- */
typedef struct atrium_host_api {
  atrium_abi_header header;

  /* Logging: one structured line tagged with the plugin's name and, when req is not NULL,
   * the request id. */
  void (*log)(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_log_level level,
              atrium_str message);

  /* The plugin's config block after validation and defaults, as JSON text. Host-owned, valid
   * until stop(). */
  atrium_str (*config_json)(atrium_plugin_ctx* ctx);

  /* Request accessors. Returned strings are host-owned and valid during the handler call. */
  atrium_str (*request_method)(const atrium_request* req);
  atrium_str (*request_path)(const atrium_request* req);
  atrium_str (*request_route)(const atrium_request* req); /* the route pattern, e.g. /items/:id */
  atrium_str (*request_body)(const atrium_request* req);
  atrium_str (*request_client_ip)(const atrium_request* req);
  atrium_str (*request_id)(const atrium_request* req);
  /* The authenticated principal as a JSON object, or an empty string when anonymous. */
  atrium_str (*request_principal_json)(const atrium_request* req);
  /* Lookups: return 1 and set *out when present, 0 otherwise. Header names are
   * case-insensitive; a repeated query key yields its first value. */
  int32_t (*request_param)(const atrium_request* req, atrium_str name, atrium_str* out);
  int32_t (*request_query)(const atrium_request* req, atrium_str name, atrium_str* out);
  int32_t (*request_header)(const atrium_request* req, atrium_str name, atrium_str* out);
  /* Iteration: count, then entries 0..count-1 (name and value). Out-of-range returns 0. */
  size_t (*request_query_count)(const atrium_request* req);
  int32_t (*request_query_at)(const atrium_request* req, size_t index, atrium_str* name,
                              atrium_str* value);
  size_t (*request_header_count)(const atrium_request* req);
  int32_t (*request_header_at)(const atrium_request* req, size_t index, atrium_str* name,
                               atrium_str* value);

  /* Response writers. The host copies every string it is given. */
  void (*response_set_status)(atrium_response* res, int32_t status);
  /* Rejects names that are not HTTP tokens and values holding CR/LF/NUL
   * (ATRIUM_ERR_INVALID_ARGUMENT). Setting a header twice appends a second line. */
  atrium_status (*response_add_header)(atrium_response* res, atrium_str name, atrium_str value);
  void (*response_set_body)(atrium_response* res, atrium_str body, atrium_str content_type);
  /* Finish with an error rendered in the product's envelope: status 4xx/5xx, a stable
   * machine code (e.g. "not_found") and a message safe to show to the client. */
  void (*response_set_error)(atrium_response* res, int32_t status, atrium_str code,
                             atrium_str message);
  /* Record the internal detail of an unexpected failure (exception text, errno...). It goes to
   * the log only, never to the client. Call it, then return a non-OK status. */
  void (*response_set_failure)(atrium_response* res, atrium_str internal_detail);

  /* ---- Database (ABI 1.1; check ATRIUM_ABI_HAS_FIELD before calling) ----------------------
   * Every call returns a host-owned result that the caller frees with db_result_free, also on
   * failure (check db_result_error); NULL only when the host is out of memory. `req` may be NULL
   * (start hook, background work); when given, the query is logged with its request id and a
   * transaction begun with it that is still open when the handler returns is rolled back.
   * `name` labels metrics and the slow-query log: [a-z0-9_.], 1..64 chars ("items.get"). */

  /* Runs one statement with named parameters. `tx` NULL: its own implicit transaction on a
   * pooled connection. */
  atrium_db_result* (*db_query)(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_db_tx* tx,
                                atrium_str name, atrium_str sql, const atrium_db_param* params,
                                size_t param_count);
  /* ATRIUM_DB_OK, or the error kind with a one-line message safe for logs (never parameter
   * values or passwords) and, when the backend names it, the violated constraint. The strings
   * live as long as the result. */
  atrium_db_error_kind (*db_result_error)(const atrium_db_result* res, atrium_str* message,
                                          atrium_str* constraint);
  size_t (*db_result_column_count)(const atrium_db_result* res);
  atrium_str (*db_result_column_name)(const atrium_db_result* res, size_t column);
  size_t (*db_result_row_count)(const atrium_db_result* res);
  /* Returns 1 and fills *out (strings live as long as the result), 0 when out of range. */
  int32_t (*db_result_value)(const atrium_db_result* res, size_t row, size_t column,
                             atrium_value* out);
  /* Rows changed by INSERT/UPDATE/DELETE. */
  int64_t (*db_result_affected_rows)(const atrium_db_result* res);
  void (*db_result_free)(atrium_db_result* res);

  /* Begins a transaction (parent NULL: a pooled connection is held until it ends) or a
   * savepoint inside `parent` (which must be the innermost open scope). On success *out is the
   * new scope; end it with db_commit or db_rollback exactly once. */
  atrium_db_result* (*db_begin)(atrium_plugin_ctx* ctx, const atrium_request* req,
                                atrium_db_tx* parent, atrium_db_tx** out);
  /* Commits (a savepoint: releases it) and ends the scope; on failure the scope is rolled back.
   * Either way `tx` is invalid afterwards. */
  atrium_db_result* (*db_commit)(atrium_db_tx* tx);
  /* Rolls back and ends the scope; `tx` is invalid afterwards. Never fails visibly: a rollback
   * that cannot reach the database leaves the connection to be checked by the pool. */
  void (*db_rollback)(atrium_db_tx* tx);

  /* ---- Scripts (ABI 1.1; check ATRIUM_ABI_HAS_FIELD before calling) -----------------------
   * Calls `function` of the Lua script `script_id` (its path under the scripts directory without
   * .lua, e.g. "kaya/rules/xp") with one argument decoded from `args_json`, on the calling
   * thread's Lua state, within the script's limits. Returns a host-owned result, freed with
   * script_result_free; NULL only when out of memory. `req` may be NULL; when given, the
   * script's log lines carry the request id. */
  atrium_script_result* (*script_call)(atrium_plugin_ctx* ctx, const atrium_request* req,
                                       atrium_str script_id, atrium_str function,
                                       atrium_str args_json);
  /* ATRIUM_SCRIPT_OK, or the error kind with a one-line message (with file:line when the
   * script raised it). The string lives as long as the result. */
  atrium_script_error_kind (*script_result_error)(const atrium_script_result* res,
                                                  atrium_str* message);
  /* What the function returned, as JSON text ("null" when it returned nothing). */
  atrium_str (*script_result_json)(const atrium_script_result* res);
  void (*script_result_free)(atrium_script_result* res);

  /* 1.2: messaging ---------------------------------------------------------------------------
   * Writes a message to the outbox; the host's sender worker delivers it (docs/messaging.md).
   * `tx`: the transaction to join — the message exists only if that transaction commits. NULL:
   * the innermost transaction scope still open that was begun with `req`, when there is one;
   * otherwise the message is committed at once. Returns ATRIUM_OK and sets *out_id (may be
   * NULL) to the outbox id; ATRIUM_ERR_INVALID_ARGUMENT when the message is refused (bad address,
   * CR/LF in the subject, too long, no body...); ATRIUM_ERR_UNAVAILABLE when the database is
   * unreachable or the host has no messaging service; ATRIUM_ERR_DB when the insert failed (in a
   * transaction: roll it back); ATRIUM_ERR_INTERNAL otherwise. `error_buf` (may be NULL) receives
   * a NUL-terminated one-line reason that never repeats the message's content. */
  atrium_status (*mail_send)(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_db_tx* tx,
                             const atrium_mail_message* message, int64_t* out_id, char* error_buf,
                             size_t error_buf_size);
  atrium_status (*sms_send)(atrium_plugin_ctx* ctx, const atrium_request* req, atrium_db_tx* tx,
                            const atrium_sms_message* message, int64_t* out_id, char* error_buf,
                            size_t error_buf_size);
  /* 1.2: auth
   * Passwords, access tokens and randomness from the host's auth service (`auth:` in the YAML,
   * docs/security.md); check ATRIUM_ABI_HAS_FIELD before calling. Every call is thread-safe and
   * never writes past `out_size`. Outputs are written into caller-owned buffers; on success
   * *out_len is the length written (no NUL is added). When a buffer is too small the call
   * returns ATRIUM_ERR_INVALID_ARGUMENT with *out_len set to the size needed. Secrets given to
   * these calls are never logged. ATRIUM_ERR_UNAVAILABLE: the host runs no auth service. */

  /* An argon2id PHC string ("$argon2id$v=19$m=...") for `password` at the configured cost;
   * ATRIUM_PASSWORD_HASH_CAPACITY bytes always suffice. ATRIUM_ERR_INVALID_ARGUMENT: the
   * password is longer than auth.passwords.max_length. Slow on purpose (tens of ms). */
  atrium_status (*password_hash)(atrium_plugin_ctx* ctx, atrium_str password, char* out,
                                 size_t out_size, size_t* out_len);
  /* Checks `password` against a stored argon2 or bcrypt ($2a$ $2b$ $2y$) hash in constant
   * time. On ATRIUM_OK, *match is 1 or 0 and *needs_rehash is 1 when the hash should be
   * replaced by password_hash(password) now that the password is known (bcrypt, or argon2
   * weaker than configured). ATRIUM_ERR_INVALID_ARGUMENT: the password is over
   * auth.passwords.max_length. ATRIUM_ERR_INTERNAL: the stored hash is malformed or unknown. */
  atrium_status (*password_verify)(atrium_plugin_ctx* ctx, atrium_str password,
                                   atrium_str stored_hash, int32_t* match, int32_t* needs_rehash);
  /* Signs an access token for `claims_json`, a JSON object {"sub": "<user id>", "role":
   * "<role>" (optional), plus any claim listed in auth.claims.extra}; the host adds iat, exp,
   * jti, iss and aud. *expires_at is exp (seconds since the epoch). ATRIUM_ERR_INVALID_ARGUMENT:
   * the claims are refused (the reason is logged with the request id of `req`, which may be
   * NULL) or the buffer is too small; ATRIUM_ERR_UNAVAILABLE: RS256 without a private key. */
  atrium_status (*token_issue)(atrium_plugin_ctx* ctx, const atrium_request* req,
                               atrium_str claims_json, char* out, size_t out_size, size_t* out_len,
                               int64_t* expires_at);
  /* `len` bytes (at most ATRIUM_RANDOM_MAX_BYTES) from the host's CSPRNG. */
  atrium_status (*random_bytes)(atrium_plugin_ctx* ctx, uint8_t* out, size_t len);
  /* `bytes` random bytes (1..ATRIUM_RANDOM_MAX_BYTES) as base64url without padding: opaque
   * refresh tokens, reset links (32 bytes: 43 characters). */
  atrium_status (*random_token)(atrium_plugin_ctx* ctx, size_t bytes, char* out, size_t out_size,
                                size_t* out_len);
  /* SHA-256 of `data` into out[0..31], e.g. to store refresh tokens hashed. */
  atrium_status (*sha256)(atrium_plugin_ctx* ctx, atrium_str data, uint8_t out[32]);
  /* 1.2: validation */
  /* Attach field errors to the error set with response_set_error (call it after): a JSON array
   * of {"field": string, "message": string}, at most 100 entries and 64 KiB. The product's
   * envelope places them where it says {{errors}}. Returns ATRIUM_ERR_INVALID_ARGUMENT (and
   * attaches nothing) when the text is not such an array or no error is set. */
  atrium_status (*response_set_error_fields)(atrium_response* res, atrium_str errors_json);
  /* 1.3: events ------------------------------------------------------------------------------
   * Publishes a server-sent event (docs/plugins.md "Real-time events"): `channel` is
   * "user:<sub>" for one user's streams or a topic such as "conversation:42" (1-200 characters
   * of A-Z a-z 0-9 : _ . -), `event_name` 1-100 such characters, `data_json` one JSON value of
   * at most events.max_event_bytes. Delivered at once to the streams following the channel
   * (on every instance sharing a PostgreSQL database) and kept for Last-Event-ID resume; not
   * transactional. On ATRIUM_OK *out_id (may be NULL) is the event id.
   * ATRIUM_ERR_INVALID_ARGUMENT: a name or the data is refused; ATRIUM_ERR_UNAVAILABLE: the
   * host has no events service (events.enabled: false, or not serving). `error_buf` (may be
   * NULL) receives a NUL-terminated one-line reason. Thread-safe; never blocks on a client. */
  atrium_status (*events_publish)(atrium_plugin_ctx* ctx, atrium_str channel, atrium_str event_name,
                                  atrium_str data_json, uint64_t* out_id, char* error_buf,
                                  size_t error_buf_size);

  /* 1.4: ai ----------------------------------------------------------------------------------
   * Text generation through the host's AI service (`ai:` in the YAML, docs/ai.md); check
   * ATRIUM_ABI_HAS_FIELD before calling. Blocks for at most ai.deadline (retries included): call
   * it from handlers on the worker pool, never from a NONBLOCKING one. `request_json` is either
   * explicit {"prompt", "system", "messages", "temperature", "max_tokens", ...} or a prompt
   * template {"script": "taklifnoma/prompts/invitation", "function": "prompt", "vars": {...}}.
   * `req` may be NULL; when given, the call is logged with its request id and the usage row
   * carries the principal's "sub" (else request_json's "user_id"). Returns a host-owned result,
   * freed with ai_result_free, also on failure; NULL only when out of memory. */
  atrium_ai_result* (*ai_generate)(atrium_plugin_ctx* ctx, const atrium_request* req,
                                   atrium_str request_json);
  /* ATRIUM_AI_OK, or the error kind with a one-line message (never the prompt or a key). The
   * string lives as long as the result. */
  atrium_ai_error_kind (*ai_result_error)(const atrium_ai_result* res, atrium_str* message);
  /* On success {"text", "provider", "model", "finish_reason", "usage": {"unit", "prompt",
   * "completion"}, "attempts", "latency_ms"}; on failure {"error": "<kind name>", "message",
   * "fallback"} where fallback is the template's text without AI (may be ""). */
  atrium_str (*ai_result_json)(const atrium_ai_result* res);
  void (*ai_result_free)(atrium_ai_result* res);

  /* 1.5: storage -----------------------------------------------------------------------------
   * Uploads (`storage:` in the YAML, docs/storage.md); check ATRIUM_ABI_HAS_FIELD before
   * calling. Every call is thread-safe and noexcept. */

  /* Parses the request body as multipart/form-data (once per request; later calls return the
   * same parts) within storage.multipart's limits. ATRIUM_OK: *count parts. Otherwise
   * *http_status is the answer to give (400 malformed, 413 a limit, 415 not multipart) with
   * *message (host-owned, client-safe, valid during the handler call);
   * ATRIUM_ERR_UNAVAILABLE: this host runs no storage service. `count`, `http_status` and
   * `message` may be NULL. */
  atrium_status (*request_multipart)(const atrium_request* req, size_t* count, int32_t* http_status,
                                     atrium_str* message);
  /* Part `index` of a parsed body: 1 and *out filled, 0 when out of range or not parsed. */
  int32_t (*request_multipart_part)(const atrium_request* req, size_t index,
                                    atrium_multipart_part* out);

  /* Stores part `part_index` of the request's parsed multipart body under the upload profile
   * `profile` (storage.profiles.<name>): its type is sniffed from the bytes and must be one the
   * profile allows, its size within the profile's max_size, and it must carry no markup or
   * script (docs/storage.md "Polyglot files"). The file gets a random name. Every call returns
   * a result freed with storage_result_free (NULL only when out of memory): check
   * storage_result_error. Nothing is stored when it fails. */
  atrium_storage_result* (*storage_save_part)(atrium_plugin_ctx* ctx, const atrium_request* req,
                                              atrium_str profile, size_t part_index);
  /* The same for bytes the plugin has (a generated QR code, an image fetched elsewhere).
   * `req` may be NULL. */
  atrium_storage_result* (*storage_save)(atrium_plugin_ctx* ctx, const atrium_request* req,
                                         atrium_str profile, atrium_str data);
  /* Size, type and URL of a stored file (404 in storage_result_error when there is none). */
  atrium_storage_result* (*storage_stat)(atrium_plugin_ctx* ctx, atrium_str key);
  /* Deletes a stored file (404 when there was none). Keep ownership rules in the plugin: the
   * host deletes whatever valid key it is given. */
  atrium_storage_result* (*storage_delete)(atrium_plugin_ctx* ctx, const atrium_request* req,
                                           atrium_str key);
  /* 0 on success; else the HTTP status the failure maps to (400 bad key, 404 not found, 413 too
   * large, 415 type not allowed, 422 active content, 500 storage failure or unknown profile,
   * 503 no storage service), with a stable code ("unsupported_media_type") and a client-safe
   * message. Strings live as long as the result; either pointer may be NULL. */
  int32_t (*storage_result_error)(const atrium_storage_result* res, atrium_str* code,
                                  atrium_str* message);
  /* 1 and *out filled (save and stat), 0 when the result holds no object. */
  int32_t (*storage_result_object)(const atrium_storage_result* res, atrium_stored_object* out);
  void (*storage_result_free)(atrium_storage_result* res);
} atrium_host_api;

/* 1.2: auth: sizes for the calls above. */
#define ATRIUM_PASSWORD_HASH_CAPACITY 256
#define ATRIUM_RANDOM_MAX_BYTES 4096

/* ---- Handlers ------------------------------------------------------------------------------ */
/* Returns ATRIUM_OK when `res` holds the answer (including errors set with response_set_error).
 * Any other status means the handler failed unexpectedly: the host discards the response,
 * answers 500 with the request id and logs the detail given to response_set_failure. */
typedef atrium_status (*atrium_handler_fn)(void* handler_data, atrium_plugin_ctx* ctx,
                                           const atrium_request* req, atrium_response* res);

typedef struct atrium_handler_def {
  atrium_str id; /* "<plugin>.<verb>_<noun>", e.g. "weddings.create" */
  atrium_handler_fn fn;
  void* handler_data;     /* passed back to fn */
  uint32_t flags;         /* ATRIUM_HANDLER_* */
  atrium_str description; /* one line, shown by `atrium plugin info` */
} atrium_handler_def;

/* ---- The plugin's descriptor (host-owned memory, filled in by atrium_plugin_init) ---------- */
typedef struct atrium_plugin_api {
  atrium_abi_header header; /* host sets struct_size to what it reads; the plugin sets its
                               versions and lowers struct_size to what it wrote */

  atrium_str name;    /* "weddings"; plugin-owned, valid until unload */
  atrium_str version; /* semantic version of the plugin itself */
  atrium_str description;
  /* The schema of this plugin's config block, in the host's YAML schema language
   * (docs/plugins.md). Empty: the plugin takes no config and any keys are an error. */
  atrium_str config_schema_yaml;

  const atrium_handler_def* handlers; /* plugin-owned array, valid until unload */
  size_t handler_count;

  void* state; /* passed to start/stop */
  /* Called once after config validation. Non-OK stops host start-up with error_buf's text. */
  atrium_status (*start)(void* state, atrium_plugin_ctx* ctx);
  /* Called once at shutdown after the last handler call returned. May be NULL. */
  void (*stop)(void* state);

  /* Host-owned buffer for a NUL-terminated error message from init or start. */
  char* error_buf;
  size_t error_buf_size;

  /* ABI 1.1: the migration owners this plugin needs, usually just its own name: the host
   * applies sql/<owner>/NNNN_*.sql for each (docs/database.md). Plugin-owned, valid until
   * unload; may be NULL when sql_owner_count is 0. */
  const atrium_str* sql_owners;
  size_t sql_owner_count;
} atrium_plugin_api;

/* The one symbol every plugin exports. */
typedef atrium_status (*atrium_plugin_init_fn)(const atrium_host_api* host,
                                               atrium_plugin_api* plugin);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ATRIUM_ABI_H */
