#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: trust auth, loopback only, a free port, a temp dir.
#
#   tools/pg_test_cluster.sh start        # prints ATRIUM_TEST_PG_URL=... and ATRIUM_TEST_PG_DIR=...
#   tools/pg_test_cluster.sh env [DIR]    # prints the same lines for a running cluster
#   tools/pg_test_cluster.sh stop [DIR]   # stops it and removes DIR (default: $ATRIUM_TEST_PG_DIR)
#   tools/pg_test_cluster.sh pause DIR    # stops the server (fast shutdown), keeps its data
#   tools/pg_test_cluster.sh resume DIR   # starts a paused server again on the same port
# (pause/resume let a test take the database away under load and bring it back.)
#
# Typical use (this is what `make test` does):
#   pg_env=$(tools/pg_test_cluster.sh start)
#   export ATRIUM_TEST_PG_URL=$(sed -n 's/^ATRIUM_TEST_PG_URL=//p' <<<"$pg_env")
#   trap 'tools/pg_test_cluster.sh stop "$(sed -n "s/^ATRIUM_TEST_PG_DIR=//p" <<<"$pg_env")"' EXIT
#
# As root the server runs as the `postgres` user (runuser); otherwise as the calling user.
# Only the two KEY=VALUE lines go to stdout; progress and errors go to stderr.
set -euo pipefail

die() { echo "pg_test_cluster: $*" >&2; exit 1; }

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  [[ -n "$dir" && -x "$dir/initdb" ]] ||
    die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (run 'make deps')"
  echo "$dir"
}

# Runs a command as the cluster owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (install the postgresql package)"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  # A successful connect means someone listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

print_env() {
  local dir=$1
  [[ -f "$dir/port" ]] || die "no cluster in '$dir'"
  echo "ATRIUM_TEST_PG_URL=postgresql://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
  echo "ATRIUM_TEST_PG_DIR=$dir"
}

# server_ctl BINDIR DIR PORT start: starts the server of DIR on PORT and waits for it.
server_ctl() {
  local bindir=$1 dir=$2 port=$3
  # fsync off and a small shared_buffers: this cluster is for tests and dies with them.
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB \
        -c max_connections=200" start >/dev/null 2>&1
}

cmd_pause() {
  local dir=${1:-}
  [[ "$dir" == /tmp/atrium-pg.* && -f "$dir/port" ]] || die "pause: '$dir' is not a test cluster"
  as_owner "$(pg_bindir)/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
    die "pause: pg_ctl stop failed (see $dir/server.log)"
  echo "pg_test_cluster: paused ($dir)" >&2
}

cmd_resume() {
  local dir=${1:-}
  [[ "$dir" == /tmp/atrium-pg.* && -f "$dir/port" ]] || die "resume: '$dir' is not a test cluster"
  server_ctl "$(pg_bindir)" "$dir" "$(cat "$dir/port")" ||
    { tail -n 20 "$dir/server.log" >&2; die "resume: the server did not start"; }
  echo "pg_test_cluster: resumed on port $(cat "$dir/port") ($dir)" >&2
}

cmd_start() {
  local bindir dir port attempt
  bindir=$(pg_bindir)
  dir=$(mktemp -d /tmp/atrium-pg.XXXXXX)
  mkdir -p "$dir/data" "$dir/sock"
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres: "$dir"; fi
  chmod 700 "$dir/data"

  # Any failure from here on removes what we made.
  trap 'as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' ERR

  as_owner "$bindir/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 \
    --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; false; }

  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    port_in_use "$port" && continue
    if server_ctl "$bindir" "$dir" "$port" start; then
      echo "$port" >"$dir/port"
      trap - ERR
      echo "pg_test_cluster: started on 127.0.0.1:$port (data in $dir)" >&2
      print_env "$dir"
      return 0
    fi
    echo "pg_test_cluster: start on port $port failed (attempt $attempt), retrying" >&2
  done
  tail -n 20 "$dir/server.log" >&2 || true
  false
}

cmd_stop() {
  local dir=${1:-${ATRIUM_TEST_PG_DIR:-}}
  [[ -n "$dir" ]] || die "stop: which cluster? pass DIR or set ATRIUM_TEST_PG_DIR"
  [[ "$dir" == /tmp/atrium-pg.* ]] || die "stop: '$dir' is not a test cluster directory"
  if [[ -d "$dir/data" ]]; then
    local bindir
    bindir=$(pg_bindir)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  echo "pg_test_cluster: stopped ($dir)" >&2
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop "${2:-}" ;;
  env) print_env "${2:-${ATRIUM_TEST_PG_DIR:-}}" ;;
  pause) cmd_pause "${2:-}" ;;
  resume) cmd_resume "${2:-}" ;;
  *) echo "usage: $0 start | stop [DIR] | env [DIR] | pause DIR | resume DIR" >&2; exit 2 ;;
esac
