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
#define ATRIUM_ABI_MINOR 0

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
} atrium_host_api;

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
} atrium_plugin_api;

/* The one symbol every plugin exports. */
typedef atrium_status (*atrium_plugin_init_fn)(const atrium_host_api* host,
                                               atrium_plugin_api* plugin);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ATRIUM_ABI_H */
