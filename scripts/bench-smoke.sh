#!/usr/bin/env bash
# Runs every Qyl.Bench subcommand with --quick against hubs it starts itself (child processes on
# port 0, loopback only). No thresholds: it fails only when the harness itself fails. A subcommand
# whose hub feature is not merged yet exits 2 and is reported as skipped.
#   bash scripts/bench-smoke.sh
set -uo pipefail
cd "$(dirname "$0")/.."

dotnet build Qyl.Bench -c Release --nologo -v quiet || { echo "bench build failed" >&2; exit 1; }
bench=(dotnet Qyl.Bench/bin/Release/net10.0/Qyl.Bench.dll)
failed=0
run() {
  echo "== bench $*"
  timeout 240 "${bench[@]}" "$@"
  local status=$?
  case $status in
    0) ;;
    2) echo "   (skipped: the hub lacks what this scenario needs)" ;;
    *) echo "   FAILED with exit $status" >&2; failed=1 ;;
  esac
}

run ingest --quick
run ingest --quick --workload uniform
run ingest --quick --protocol grpc
run fanout --quick --baseline
run connections --quick
run store --quick --census
run micro --quick --filter '*SpanFilter*'
exit $failed
