#!/usr/bin/env bash
# Runs the benchmarks; each reports against a baseline measured in the same run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run --project "$ROOT/bench/Sagewright.Bench" -c Release -- "$@"
