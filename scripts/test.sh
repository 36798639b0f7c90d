#!/usr/bin/env bash
# The one command that tests qyl: installs what the tests need (when it can), then runs every suite.
#   bash scripts/test.sh            all suites
#   bash scripts/test.sh --filter X  only .NET tests matching the dotnet test filter X
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/prerequisites.sh

filter=()
if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then
  filter=(--filter "$2")
fi

echo "== .NET tests"
dotnet test Qyl.sln -c Release --nologo "${filter[@]}" --logger "console;verbosity=normal" 2>&1 | tee /tmp/qyl-dotnet-test.log | grep -E "^\s*(Passed|Failed|Skipped)!|error|Failed [A-Za-z]|\[FAIL\]" || true
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo "dotnet test failed (exit $status); full log: /tmp/qyl-dotnet-test.log" >&2
  tail -n 80 /tmp/qyl-dotnet-test.log >&2
  exit "$status"
fi
