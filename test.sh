#!/usr/bin/env bash
# The test command: installs what is missing, then runs every test project.
set -euo pipefail
cd "$(dirname "$0")"

# etcd for the fleet tests (Debian's etcd-server package).
if ! command -v etcd >/dev/null 2>&1; then
  echo "test.sh: installing etcd-server from Debian packages"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq etcd-server etcd-client >/dev/null
fi

# Chromium for the dashboard's browser tests (Debian's chromium package; Playwright drives it, downloads nothing).
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing chromium from Debian packages"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
coverage=$(mktemp -d)
set +e
# coverlet's collector writes one Cobertura report per test project; eng/line-coverage.py merges them.
dotnet test Strata.slnx -c Release --logger "console;verbosity=normal" \
  --collect "XPlat Code Coverage" --results-directory "$coverage" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line for CI: "N passed, N failed" summed over the test projects.
passed=$( { grep -Eo '^ +Passed: +[0-9]+' "$log" || true; } | awk '{s+=$2} END {print s+0}')
failed=$( { grep -Eo '^ +Failed: +[0-9]+' "$log" || true; } | awk '{s+=$2} END {print s+0}')
if command -v python3 >/dev/null 2>&1; then
  python3 eng/line-coverage.py "$coverage" || echo "line coverage: could not be computed"
else
  echo "line coverage: python3 is not installed, so the figure is skipped"
fi
rm -rf "$coverage"
# The failed tests again at the end, with their messages, so the closing lines of a run say what broke.
if [ "$failed" != 0 ]; then
  echo "failed tests:"
  awk '/^  Failed [A-Za-z]/ {n = 12} /^  (Passed|Skipped) / {n = 0} n > 0 {print; n--}' "$log"
fi
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
