#!/usr/bin/env bash
# Installs what the tests need, builds Runway through ./runway, and runs every test.
# Results (TRX) go to TestResults/; .ci/run sums them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

scripts/install-prerequisites.sh test

# The README's first command must keep working: build the CLI through the wrapper.
./runway --version

rm -rf TestResults
dotnet test Runway.sln -c Debug --nologo \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$root/TestResults" "$@"
