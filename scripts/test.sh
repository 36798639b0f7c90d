#!/usr/bin/env bash
# The one command that tests qyl: installs what the tests need (when it can), then runs every suite.
#   bash scripts/test.sh                 all suites
#   bash scripts/test.sh --filter EXPR   only the .NET tests matching a dotnet test filter
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/prerequisites.sh || exit 1

filter=()
if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then
  filter=(--filter "$2")
fi

log=$(mktemp -t qyl-test.XXXXXX.log)
echo "== .NET tests (log: $log)"
dotnet test Qyl.sln -c Release --nologo "${filter[@]}" >"$log" 2>&1
status=$?
grep -E "^\s*(Passed|Failed|Skipped)!|^\s*Failed [A-Za-z_.]+|error [A-Z]+[0-9]+" "$log" || true
if [ "$status" -ne 0 ]; then
  echo "dotnet test failed (exit $status); last lines of $log:" >&2
  tail -n 100 "$log" >&2
fi
passed=$(grep -oE "Passed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE "Failed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
