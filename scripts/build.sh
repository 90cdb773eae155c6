#!/usr/bin/env bash
# Builds the server into .build/server when it is missing or older than any source file.
# Safe to call concurrently (tests start several servers and CLI commands at once).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.build/server"
STAMP="$ROOT/.build/server.stamp"
mkdir -p "$ROOT/.build"
exec 9>"$ROOT/.build/build.lock"
flock 9
if [ -f "$STAMP" ] && [ -z "$(find "$ROOT/src" "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" -newer "$STAMP" -type f -print -quit)" ]; then
  exit 0
fi
command -v dotnet >/dev/null || { echo "sagewright: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
echo "sagewright: building..." >&2
dotnet build "$ROOT/src/Sagewright/Sagewright.csproj" -c Release -o "$OUT" -nologo -v q -clp:ErrorsOnly >&2
touch "$STAMP"
