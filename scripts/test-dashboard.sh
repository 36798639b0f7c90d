#!/usr/bin/env bash
# Dashboard tests: Vitest unit tests, then browser tests (playwright-core driving Debian's chromium)
# against a real Qyl.Hub. Prints a closing "N passed, N failed" line; exits non-zero on any failure.
#   bash scripts/test-dashboard.sh            unit + browser tests (builds Qyl.Hub Release unless --no-build)
#   bash scripts/test-dashboard.sh --unit     unit tests only
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

unit_only=false; build=true
for arg in "$@"; do
  case "$arg" in
    --unit) unit_only=true ;;
    --no-build) build=false ;;
  esac
done

cd dashboard
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

passed=0; failed=0
count() { # sums vitest's "Tests  N passed | M failed" line from a log
  local line; line=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E "^\s*Tests\s" | tail -1)
  passed=$((passed + $(echo "$line" | grep -oE "[0-9]+ passed" | grep -oE "[0-9]+" || echo 0)))
  failed=$((failed + $(echo "$line" | grep -oE "[0-9]+ failed" | grep -oE "[0-9]+" || echo 0)))
}

status=0
echo "== dashboard unit tests (vitest)"
log=$(mktemp -t qyl-dash-unit.XXXXXX.log)
npx vitest run --reporter=dot >"$log" 2>&1 || status=1
tail -n 20 "$log"; count "$log"
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1

if [ "$unit_only" = false ]; then
  if [ "$build" = true ]; then
    echo "== build Qyl.Hub (Release, with the dashboard) and Qyl.Cli (the session test runs qyl demo)"
    (cd "$root" && dotnet build Qyl.Hub -c Release --nologo -v q && dotnet build Qyl.Cli -c Release --nologo -v q) || { echo "Qyl.Hub or Qyl.Cli build failed"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }
  fi
  if [ ! -x "${QYL_CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "no chromium at ${QYL_CHROMIUM:-/usr/bin/chromium} (scripts/prerequisites.sh installs it)"
    echo "$passed passed, $((failed + 1)) failed"; exit 1
  fi
  echo "== dashboard browser tests (chromium, real Qyl.Hub; screenshots in dashboard/test-results/)"
  blog=$(mktemp -t qyl-dash-browser.XXXXXX.log)
  bstatus=0
  npx vitest run --config vitest.browser.config.ts --reporter=verbose >"$blog" 2>&1 || bstatus=1
  grep -E "✓|✗|×|FAIL|Error" "$blog" | sed 's/\x1b\[[0-9;]*m//g' | head -60
  before=$failed; count "$blog"
  if [ "$bstatus" -ne 0 ]; then
    status=1
    [ "$failed" -eq "$before" ] && failed=$((failed + 1))
    echo "browser tests failed; last lines of $blog:"; tail -n 60 "$blog"
  fi
fi

echo "$passed passed, $failed failed"
exit "$status"
