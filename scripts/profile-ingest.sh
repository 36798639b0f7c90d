#!/usr/bin/env bash
# CPU profile of the hub under `Qyl.Bench ingest` (realistic workload unless told otherwise): perf
# samples the hub child process (JIT'd frames named through DOTNET_PerfMapEnabled's /tmp/perf-<pid>.map)
# during the measured window and prints the top symbols, self time. Needs perf and root (or
# perf_event_paranoid <= 1). Extra arguments go to the bench, e.g. --workload uniform.
# PROFILE_SCENARIO=fanout profiles `Qyl.Bench fanout` instead (pass --view full or --view summary:
# one hub; sampling from PROFILE_DELAY=18 s, after connect and warm-up, for PROFILE_SECONDS=9).
# Knobs (environment): PROFILE_DURATION (bench --duration, 25 s), PROFILE_DELAY (s after the hub
# starts before sampling, 25), PROFILE_SECONDS (sampling, 15), PROFILE_HZ (999), PROFILE_NO_BUILD=1,
# PROFILE_OUT (/tmp/qyl-ingest-perf). On a loaded box start later: the JIT is still tiering up there.
#   bash scripts/profile-ingest.sh [--workload uniform] > profile.txt
set -euo pipefail
cd "$(dirname "$0")/.."
out=${PROFILE_OUT:-/tmp/qyl-ingest-perf}
mkdir -p "$out"
[ -n "${PROFILE_NO_BUILD:-}" ] || dotnet build Qyl.Bench -c Release --nologo -v quiet >&2
# Perf maps name the JIT's frames; without W^X the code is not behind a memfd double mapping perf cannot resolve.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
scenario=${PROFILE_SCENARIO:-ingest}
if [ "$scenario" = fanout ]; then
  : "${PROFILE_DELAY:=18}" "${PROFILE_SECONDS:=9}"
  dotnet Qyl.Bench/bin/Release/net10.0/Qyl.Bench.dll fanout "$@" > "$out/bench.txt" 2>&1 &
else
  dotnet Qyl.Bench/bin/Release/net10.0/Qyl.Bench.dll ingest --duration "${PROFILE_DURATION:-25}" "$@" > "$out/bench.txt" 2>&1 &
fi
bench=$!
hub=""
for _ in $(seq 1 120); do
  hub=$(pgrep -P "$bench" -f 'Qyl.Hub.dll' || true)
  [ -n "$hub" ] && break
  sleep 0.5
done
[ -n "$hub" ] || { echo "hub child not found" >&2; kill "$bench"; exit 1; }
# Wait for the memory phase and warm-up to pass: the bench prints nothing until the end, so wait for
# the hub's CPU to have been busy a while (memory phase ~200,000 spans, 2 s settle, 3 s warm-up).
sleep "${PROFILE_DELAY:-25}"
perf record -F "${PROFILE_HZ:-999}" -g -p "$hub" -o "$out/perf.data" -- sleep "${PROFILE_SECONDS:-15}" >&2 2>&1
wait "$bench" || true
cat "$out/bench.txt"
echo "== top symbols (self), hub pid $hub"
perf report -i "$out/perf.data" --no-children -g none --sort dso,symbol --stdio 2>/dev/null | grep -v '^#' | grep '%' | head -60
echo "== by DSO"
perf report -i "$out/perf.data" --no-children -g none --sort dso --stdio 2>/dev/null | grep -v '^#' | grep '%' | head -15
