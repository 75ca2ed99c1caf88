#!/bin/bash
# Instructions per Lua rule call, deterministic (callgrind), for each fixed-count benchmark of
# bench_lua_rule: the way docs/performance.md counts them. Usage:
#   tests/bench/lua_rule_instructions.sh [path/to/bench_lua_rule]
set -euo pipefail
bench=${1:-build/bench/bench_lua_rule}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# name filter | functions collected
for entry in 'BM_XpLevelRuleText_fixed/2/|BM_XpLevelRuleText' \
             'BM_XpLevelRuleText_fixed/8/|BM_XpLevelRuleText' \
             'BM_XpLevelRule_fixed/2/|BM_XpLevelRule' \
             'BM_TrivialCall_fixed|BM_TrivialCall'; do
  filter=${entry%%|*}
  collect=${entry##*|}
  valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect="*${collect}*" \
    "$bench" --benchmark_filter="$filter" >/dev/null 2>&1
  total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  printf '%-32s %8d instructions per call\n' "$filter" $((total / 20000))
done
