#!/usr/bin/env bash
# HTTP benchmarks: Atrium against a bare Pistache baseline, on this machine, with wrk.
#
#   make bench                      # builds first, then runs this
#   tests/bench/run_bench.sh        # uses what is already built in $BUILD_DIR (default build/)
#
# Each server runs pinned to CPU 0 (taskset -c 0), wrk to CPU 1, so the two never share a core.
# For every URL: a short warm-up, then `wrk -t1 -c50 -d10s --latency` twice, once with
# `-H "Connection: keep-alive"` and once without any Connection header (HTTP/1.1's default is
# keep-alive; equal numbers prove the server honours that). Atrium runs twice: with the
# production default (access log ON, logs to a file) and with `access_log: false`.
# Results: a markdown table on stdout and in $BUILD_DIR/bench/results.md; raw wrk output and
# server logs next to it. Builds nothing.
#
# Environment:
#   BUILD_DIR          build directory (default: <repo>/build)
#   BENCH_TARGETS      which servers: "bare atrium db lua accounts rule" (default); "bare" for the baseline alone;
#                      "lua" runs tests/bench/bench_lua.yaml: a script route returning a small
#                      JSON object vs the same object from a C++ plugin route;
#                      "db" runs tests/bench/bench_db.yaml (items plugin: one indexed row by id
#                      vs the same route returning a constant) on SQLite, then on a throwaway
#                      PostgreSQL (tools/pg_test_cluster.sh; PostgreSQL itself is not pinned)
#                      "accounts" runs tests/bench/bench_accounts.yaml (accounts plugin): an
#                      authenticated GET /me (JWT verify + one row) against /health, and
#                      POST /login (argon2id at the default cost) for hashes/s, on SQLite and
#                      on a throwaway PostgreSQL
#                      "rule" runs build/bench/bench_lua_rule (no server): the XP/level rule
#                      called from C++ the way a plugin calls it (JSON text in and out, the
#                      2 µs target) and with nlohmann documents, pinned to the wrk CPU,
#                      median of 5 repetitions, each benchmark in its own process
#   BENCH_DURATION     wrk duration per measured run (default 10s)
#   BENCH_WARMUP       wrk warm-up per URL (default 2s)
#   BENCH_CONNECTIONS  wrk connections (default 50)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
TARGETS=${BENCH_TARGETS:-bare atrium db lua accounts rule}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
OUT_DIR=$BUILD_DIR/bench
RESULTS=$OUT_DIR/results.md
SERVER_CPU=0
WRK_CPU=1

die() { echo "run_bench: $*" >&2; exit 1; }
note() { echo "run_bench: $*" >&2; }

for tool in wrk taskset curl awk; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (run 'make deps')"
done
if (( $(nproc) < 2 )); then
  note "only $(nproc) CPU: server and wrk share it; numbers are not comparable to docs/performance.md"
  WRK_CPU=0
fi
mkdir -p "$OUT_DIR"

# ---- process bookkeeping: every server we start is stopped on exit, by PID -------------------
SERVER_PID=""
PG_DIR=""
cleanup() {
  if [[ -n "$PG_DIR" ]]; then "$ROOT/tools/pg_test_cluster.sh" stop "$PG_DIR" >/dev/null 2>&1 || true; fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops the current server with SIGTERM; sets STOP_STATUS and STOP_MS (time to exit).
STOP_STATUS="" STOP_MS=""
stop_server() {
  local start
  start=$(date +%s%N)
  STOP_STATUS=0
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || STOP_STATUS=$?
  STOP_MS=$(( ($(date +%s%N) - start) / 1000000 ))
  SERVER_PID=""
}

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

# Waits (10 s at most) for a regex in a file; prints the first matching line.
wait_for_line() {
  local file=$1 regex=$2 line
  for _ in $(seq 200); do
    line=$(grep -m1 -E "$regex" "$file" 2>/dev/null || true)
    if [[ -n "$line" ]]; then echo "$line"; return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

start_bare() {
  local bin=$OUT_DIR/bench_bare_pistache line
  [[ -x "$bin" ]] || die "$bin not found: build it with 'make build' (target bench_bare_pistache)"
  taskset -c "$SERVER_CPU" "$bin" 0 >"$OUT_DIR/bare.stdout" 2>"$OUT_DIR/bare.log" &
  SERVER_PID=$!
  line=$(wait_for_line "$OUT_DIR/bare.stdout" '^listening [0-9]+') ||
    die "bench_bare_pistache did not start; see $OUT_DIR/bare.log"
  PORT=${line#listening }
}

# start_atrium CONFIG LOGFILE
start_atrium() {
  local config=$1 log=$2 line
  [[ -x "$BUILD_DIR/atrium" ]] ||
    die "$BUILD_DIR/atrium not found: run 'make build' (or BENCH_TARGETS=bare for the baseline only)"
  [[ -f "$BUILD_DIR/plugins/test/testkit.so" ]] ||
    die "$BUILD_DIR/plugins/test/testkit.so not found: run 'make build' (target atrium_test_plugins)"
  ATRIUM_BENCH_PLUGIN_DIR="$BUILD_DIR/plugins/test" ATRIUM_BENCH_SOURCE_DIR="$ROOT" \
    taskset -c "$SERVER_CPU" \
    "$BUILD_DIR/atrium" serve --config "$config" --listen 127.0.0.1:0 >/dev/null 2>"$log" &
  SERVER_PID=$!
  line=$(wait_for_line "$log" '"msg":"listening"') ||
    die "atrium did not log \"listening\" within 10 s; last log lines:
$(tail -n 20 "$log")"
  PORT=$(sed -E 's/.*"port":"?([0-9]+).*/\1/' <<<"$line")
  [[ "$PORT" =~ ^[0-9]+$ ]] || die "cannot read the port from: $line"
}

# Fails clearly when a URL does not answer 200 before we measure it. AUTH_HEADER (optional)
# is sent with it, as measure() sends it to wrk.
AUTH_HEADER=""
check_url() {
  local url=$1 code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 ${AUTH_HEADER:+-H "$AUTH_HEADER"} "$url" || true)
  [[ "$code" == "200" ]] || die "GET $url answered '$code', expected 200"
}

# "yes" when two requests without a Connection header share one TCP connection.
keepalive_check() {
  local url=$1 out
  out=$(curl -sv --max-time 5 -o /dev/null -o /dev/null "$url" "$url" 2>&1 || true)
  if grep -q 'Re-using existing connection' <<<"$out" && ! grep -qi '^< connection: close' <<<"$out"; then
    echo yes
  else
    echo no
  fi
}

ROWS=()
# measure NAME URL: warm-up, then with and without the keep-alive header.
measure() {
  local name=$1 url=$2 mode file rps p50 p99 non2xx errors slug path
  path=/${url#http://*/}
  check_url "$url"
  taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  for mode in header none; do
    slug=$(tr -c 'a-zA-Z0-9\n' '_' <<<"$name$path-$mode")
    file=$OUT_DIR/wrk-$slug.txt
    if [[ $mode == header ]]; then
      taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
        -H "Connection: keep-alive" ${AUTH_HEADER:+-H "$AUTH_HEADER"} "$url" >"$file"
    else
      taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency \
        ${AUTH_HEADER:+-H "$AUTH_HEADER"} "$url" >"$file"
    fi
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$file")
    p50=$(awk '$1 == "50%" {print $2}' "$file")
    p99=$(awk '$1 == "99%" {print $2}' "$file")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$file")
    errors=$(awk -F'Socket errors: ' 'NF > 1 {print $2}' "$file")
    [[ -n "$rps" && -n "$p99" ]] || die "could not parse wrk output in $file"
    note "$name GET $path ($mode): $rps req/s, p99 $p99"
    ROWS+=("| $name | $path | $([[ $mode == header ]] && echo 'keep-alive' || echo '(none)') | $rps | $p50 | $p99 | ${non2xx:-0} | ${errors:-none} |")
  done
}

RSS_ROWS=()
# bench_atrium NAME CONFIG
bench_atrium() {
  local name=$1 config=$2 log idle after lines
  log=$OUT_DIR/$(tr -c 'a-zA-Z0-9\n' '_' <<<"$name").log
  start_atrium "$config" "$log"
  sleep 1
  idle=$(rss_mb "$SERVER_PID")
  local ka
  ka=$(keepalive_check "http://127.0.0.1:$PORT/health")
  measure "$name" "http://127.0.0.1:$PORT/health"
  measure "$name" "http://127.0.0.1:$PORT/json"
  measure "$name" "http://127.0.0.1:$PORT/pool?ms=0"
  after=$(rss_mb "$SERVER_PID")
  stop_server
  lines=$(wc -l <"$log")
  # Keep the head of the log (the access log lines of 100k+ requests are not worth the disk).
  head -n 200 "$log" >"$log.head" && mv "$log.head" "$log"
  RSS_ROWS+=("| $name | $idle MB | $after MB | $ka | exit $STOP_STATUS in $STOP_MS ms | $lines |")
}

# bench_db NAME DATABASE_URL: seeds 1,000 items through the API, then measures the row read
# against the constant route, alternating (constant, row, constant, row) so that drift on this
# shared machine hits both alike.
bench_db() {
  local name=$1 url=$2 log i code
  log=$OUT_DIR/$(tr -c 'a-zA-Z0-9\n' '_' <<<"$name").log
  ATRIUM_BENCH_DATABASE_URL=$url start_atrium "$ROOT/tests/bench/bench_db.yaml" "$log"
  for i in $(seq 1000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"name\":\"item-$i\",\"price\":$i.5}" "http://127.0.0.1:$PORT/items")
    [[ "$code" == 201 ]] || die "seeding item $i answered $code (see $log)"
  done
  measure "$name constant" "http://127.0.0.1:$PORT/constant/42"
  measure "$name row" "http://127.0.0.1:$PORT/items/42"
  measure "$name constant" "http://127.0.0.1:$PORT/constant/42"
  measure "$name row" "http://127.0.0.1:$PORT/items/42"
  stop_server
  head -n 200 "$log" >"$log.head" && mv "$log.head" "$log"
}

# bench_accounts NAME DATABASE_URL: registers one account, logs in for a token, then measures
# GET /me with it against /health (alternating), and POST /login for hashes per second.
LOGIN_ROWS=()
RULE_ROWS=()
bench_accounts() {
  local name=$1 url=$2 log code token file rps p99
  log=$OUT_DIR/$(tr -c 'a-zA-Z0-9\n' '_' <<<"$name").log
  ATRIUM_BENCH_DATABASE_URL=$url ATRIUM_BENCH_BUILD_DIR=$BUILD_DIR \
    start_atrium "$ROOT/tests/bench/bench_accounts.yaml" "$log"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password-1","name":"Bench"}' \
    "http://127.0.0.1:$PORT/register")
  [[ "$code" == 201 ]] || die "registering the bench account answered $code (see $log)"
  token=$(curl -s -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password-1"}' \
    "http://127.0.0.1:$PORT/login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  [[ "$token" == *.*.* ]] || die "login did not return an access token (see $log)"
  measure "$name health" "http://127.0.0.1:$PORT/health"
  AUTH_HEADER="Authorization: Bearer $token"
  measure "$name me" "http://127.0.0.1:$PORT/me"
  AUTH_HEADER=""
  measure "$name health" "http://127.0.0.1:$PORT/health"
  AUTH_HEADER="Authorization: Bearer $token"
  measure "$name me" "http://127.0.0.1:$PORT/me"
  AUTH_HEADER=""
  # Logins: 4 connections (the server runs them on its worker pool, on its one pinned CPU).
  file=$OUT_DIR/wrk-$(tr -c 'a-zA-Z0-9\n' '_' <<<"$name")-login.txt
  taskset -c "$WRK_CPU" wrk -t1 -c4 -d"$DURATION" --latency -s "$ROOT/tests/bench/wrk_login.lua" \
    "http://127.0.0.1:$PORT/login" >"$file"
  rps=$(awk '/^Requests\/sec:/ {printf "%.1f", $2}' "$file")
  p99=$(awk '$1 == "99%" {print $2}' "$file")
  grep -q 'Non-2xx' "$file" && die "logins failed during the run (see $file)"
  note "$name POST /login: $rps logins/s (= argon2id verifications/s), p99 $p99"
  LOGIN_ROWS+=("| $name | $rps | $p99 |")
  stop_server
  head -n 200 "$log" >"$log.head" && mv "$log.head" "$log"
}

# ---- run ------------------------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
note "results go to $RESULTS (server on CPU $SERVER_CPU, wrk on CPU $WRK_CPU, -c$CONNECTIONS -d$DURATION)"

for target in $TARGETS; do
  case "$target" in
    bare)
      start_bare
      idle=$(rss_mb "$SERVER_PID")
      ka=$(keepalive_check "http://127.0.0.1:$PORT/")
      measure "bare Pistache" "http://127.0.0.1:$PORT/"
      after=$(rss_mb "$SERVER_PID")
      stop_server
      RSS_ROWS+=("| bare Pistache | $idle MB | $after MB | $ka | exit $STOP_STATUS in $STOP_MS ms | - |")
      ;;
    atrium)
      bench_atrium "atrium (access log on)" "$ROOT/tests/bench/bench.yaml"
      sed -E 's/^(\s*access_log:).*/\1 false/' "$ROOT/tests/bench/bench.yaml" \
        >"$OUT_DIR/bench_no_access_log.yaml"
      grep -q 'access_log: false' "$OUT_DIR/bench_no_access_log.yaml" ||
        die "could not turn the access log off in a copy of tests/bench/bench.yaml"
      bench_atrium "atrium (access log off)" "$OUT_DIR/bench_no_access_log.yaml"
      ;;
    db)
      [[ -f "$BUILD_DIR/plugins/test/items.so" ]] ||
        die "$BUILD_DIR/plugins/test/items.so not found: run 'make build'"
      rm -rf "$OUT_DIR/db" && mkdir -p "$OUT_DIR/db"
      bench_db "atrium SQLite" "sqlite://$OUT_DIR/db/items.db"
      pg_env=$("$ROOT/tools/pg_test_cluster.sh" start)
      PG_DIR=$(sed -n 's/^ATRIUM_TEST_PG_DIR=//p' <<<"$pg_env")
      bench_db "atrium PostgreSQL" "$(sed -n 's/^ATRIUM_TEST_PG_URL=//p' <<<"$pg_env")"
      "$ROOT/tools/pg_test_cluster.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
      PG_DIR=""
      ;;
    accounts)
      [[ -f "$BUILD_DIR/plugins/accounts.so" ]] ||
        die "$BUILD_DIR/plugins/accounts.so not found: run 'make build'"
      rm -rf "$OUT_DIR/accounts" && mkdir -p "$OUT_DIR/accounts"
      bench_accounts "accounts SQLite" "sqlite://$OUT_DIR/accounts/accounts.db"
      pg_env=$("$ROOT/tools/pg_test_cluster.sh" start)
      PG_DIR=$(sed -n 's/^ATRIUM_TEST_PG_DIR=//p' <<<"$pg_env")
      bench_accounts "accounts PostgreSQL" "$(sed -n 's/^ATRIUM_TEST_PG_URL=//p' <<<"$pg_env")"
      "$ROOT/tools/pg_test_cluster.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
      PG_DIR=""
      ;;
    lua)
      lua_log=$OUT_DIR/atrium_lua.log
      start_atrium "$ROOT/tests/bench/bench_lua.yaml" "$lua_log"
      for _ in 1 2; do
        measure "atrium plugin" "http://127.0.0.1:$PORT/json"
        measure "atrium script" "http://127.0.0.1:$PORT/script"
        measure "atrium script nonblocking" "http://127.0.0.1:$PORT/script-inline"
        measure "atrium plugin blocking" "http://127.0.0.1:$PORT/pool?ms=0"
      done
      stop_server
      ;;
    rule)
      rule_bench=$BUILD_DIR/bench/bench_lua_rule
      [[ -x "$rule_bench" ]] || die "$rule_bench not found: run 'make build' (needs libbenchmark-dev)"
      # One process per benchmark: a run leaves its allocator state to the next one (the
      # document path measured 1.6x slower right after the 8-event run in the same process).
      for name in BM_XpLevelRuleText/2 BM_XpLevelRuleText/8 BM_XpLevelRule/2 BM_XpLevelRule/8 \
                  BM_TrivialCall; do
        rule_json=$OUT_DIR/bench_lua_rule_$(tr '/' '_' <<<"$name").json
        taskset -c "$WRK_CPU" "$rule_bench" --benchmark_filter="^$name\$" \
          --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
          --benchmark_format=json --benchmark_out="$rule_json" >/dev/null
        ns=$(python3 -c '
import json, sys
print(next(round(b["cpu_time"]) for b in json.load(open(sys.argv[1]))["benchmarks"]
           if b.get("aggregate_name") == "median"))' "$rule_json")
        verdict="-"
        [[ "$name" == BM_XpLevelRuleText/2 ]] &&
          verdict=$(awk -v t="$ns" 'BEGIN { print (t <= 2000 ? "met (<= 2 us)" : "NOT met (> 2 us)") }')
        RULE_ROWS+=("| $name | $ns ns | $verdict |")
      done
      ;;
    *) die "unknown target '$target' in BENCH_TARGETS (known: bare atrium db lua accounts rule)" ;;
  esac
done

cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
revision=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# Benchmark results"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $revision, $(nproc) CPUs ($cpu_model)."
  echo "Server pinned to CPU $SERVER_CPU, wrk to CPU $WRK_CPU: \`wrk -t1 -c$CONNECTIONS -d$DURATION --latency\`"
  echo "after a $WARMUP warm-up per URL. Connection header: \`keep-alive\` = sent"
  echo "\`-H \"Connection: keep-alive\"\`; \`(none)\` = no Connection header (HTTP/1.1 default)."
  echo "Load average before the run: $LOAD_BEFORE (anything well above 0 means other work shared the CPUs)."
  echo
  echo "| server | path | Connection header | req/s | p50 | p99 | non-2xx | socket errors |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "| server | idle RSS | RSS after load | keep-alive without header | SIGTERM | log lines |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${RSS_ROWS[@]}"
  if (( ${#RULE_ROWS[@]} )); then
    echo
    echo "| Lua rule call from C++ (bench_lua_rule, CPU $WRK_CPU, median of 5) | CPU time per call | target 2 us |"
    echo "|---|---|---|"
    printf '%s\n' "${RULE_ROWS[@]}"
  fi
  if (( ${#LOGIN_ROWS[@]} )); then
    echo
    echo "| accounts login (POST /login, wrk -c4) | logins/s = argon2id verifications/s | p99 |"
    echo "|---|---|---|"
    printf '%s\n' "${LOGIN_ROWS[@]}"
  fi
} >"$RESULTS"

echo
cat "$RESULTS"
exit 0
