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
# The test project, not Qyl.sln: with several projects MSBuild runs a project's tests on a worker
# node, which ignores SIGINT (Ctrl-C belongs to the entry node), and the test host and every qyl
# child process it starts inherit that, so the tests that stop `qyl tail` with SIGINT would hang.
dotnet test Qyl.Tests/Qyl.Tests.csproj -c Release --nologo "${filter[@]}" >"$log" 2>&1
status=$?
grep -E "^\s*(Passed|Failed|Skipped)!|^\s*Failed [A-Za-z_.]+|error [A-Z]+[0-9]+" "$log" || true
if [ "$status" -ne 0 ]; then
  echo "dotnet test failed (exit $status); last lines of $log:" >&2
  tail -n 100 "$log" >&2
fi
passed=$(grep -oE "Passed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE "Failed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
if [ -n "${filter[*]:-}" ]; then
  echo "${passed:-0} passed, ${failed:-0} failed"
  exit "$status"
fi

echo "== dashboard tests"
dlog=$(mktemp -t qyl-dash.XXXXXX.log)
bash scripts/test-dashboard.sh --no-build 2>&1 | tee "$dlog"
dstatus=${PIPESTATUS[0]}
dline=$(grep -E "^[0-9]+ passed, [0-9]+ failed$" "$dlog" | tail -1)
passed=$((passed + $(echo "${dline:-0 passed}" | grep -oE "^[0-9]+")))
failed=$((failed + $(echo "${dline:-0 passed, 1 failed}" | grep -oE "[0-9]+ failed" | grep -oE "[0-9]+")))
[ "$dstatus" -ne 0 ] && [ "$status" -eq 0 ] && status=$dstatus

echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
