#!/usr/bin/env bash
# The whole test suite: unit/contract tests (xUnit, on SQLite and PostgreSQL), then end-to-end tests that
# drive real servers over loopback HTTP with boto3 and the AWS CLI:
#   1. Debian boto3 1.26 + awscli 2.9, SQLite backend
#   2. pip boto3 (newer generation, if this machine has it), SQLite backend
#   3. Debian boto3, PostgreSQL backend
#   4. Debian boto3, the S3 tests only, with object bytes in an external S3 store (a second Sagewright server)
# Usage: ./sagewright test [--unit-only|--e2e-only] [-k PYTEST_EXPR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RESULTS="$ROOT/.build/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
run_unit=1 run_e2e=1 pytest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --unit-only) run_e2e=0 ;;
    --e2e-only) run_unit=0 ;;
    *) pytest_args+=("$1") ;;
  esac
  shift
done

"$ROOT/scripts/install-test-deps.sh"
PG_DIR="${SAGEWRIGHT_TEST_PG_DIR:-/tmp/sagewright-test-pg}"
PG_PORT="${SAGEWRIGHT_TEST_PG_PORT:-55432}"
PG_CONN="$("$ROOT/scripts/start-test-postgres.sh" "$PG_DIR" "$PG_PORT" | tail -n 1)"
export SAGEWRIGHT_TEST_POSTGRES="$PG_CONN" SAGEWRIGHT_TEST_PG_DIR="$PG_DIR"
export SAGEWRIGHT_TEST_BACKENDS="sqlite,postgres"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

status=0
if [ $run_unit -eq 1 ]; then
  echo "== unit and contract tests (xUnit; SQLite and PostgreSQL)"
  dotnet build Sagewright.sln -c Release -nologo -v q -clp:ErrorsOnly
  dotnet test Sagewright.sln -c Release --no-build -nologo -v q \
    --logger "trx;LogFilePrefix=unit" --results-directory "$RESULTS" || status=1
fi

if [ $run_e2e -eq 1 ]; then
  "$ROOT/scripts/build.sh"
  workers=$(( $(nproc) > 1 ? 2 : 1 ))
  e2e_args=("${pytest_args[@]}")
  e2e() { # name python [extra env...]
    local name=$1 py=$2 rc=0; shift 2
    echo "== end-to-end: $name"
    env "$@" "$py" -m pytest "$ROOT/tests/EndToEnd" -q -p no:cacheprovider -n "$workers" \
      --junitxml="$RESULTS/e2e-$name.xml" "${e2e_args[@]}" || rc=$?
    # 5: the -k expression selected no test of this run, which is not a failure.
    if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then status=1; fi
  }
  e2e debian-boto3-sqlite /usr/bin/python3
  if newer_py=$(command -v python3) && [ "$newer_py" != /usr/bin/python3 ] && "$newer_py" -c 'import boto3' 2>/dev/null; then
    # pytest for that interpreter comes from Debian's packages, without Debian's boto3 shadowing the newer one.
    shim="$ROOT/.build/pytest-shim" && rm -rf "$shim" && mkdir -p "$shim"
    for m in pytest _pytest pluggy iniconfig py.py xdist execnet packaging; do
      [ -e "/usr/lib/python3/dist-packages/$m" ] && ln -s "/usr/lib/python3/dist-packages/$m" "$shim/$m"
    done
    # pytest finds plugins (xdist's -n) through their dist-info entry points.
    for info in /usr/lib/python3/dist-packages/{pytest,pluggy,iniconfig,pytest_xdist,execnet}-*-info; do
      [ -e "$info" ] && ln -s "$info" "$shim/$(basename "$info")"
    done
    e2e newer-boto3-sqlite "$newer_py" PYTHONPATH="$shim"
  else
    echo "== end-to-end with the newer boto3 generation: not run (no python3 with boto3 besides Debian's on this machine)"
  fi
  db="e2e_$(date +%s)_$$" # each pytest worker creates ${db}_<worker> (conftest.py)
  e2e debian-boto3-postgres /usr/bin/python3 SAGEWRIGHT_E2E_POSTGRES="${PG_CONN/Database=sagewright/Database=$db}"
  # The S3 tests only; a -k the user gave narrows them further (pytest keeps only the last -k, so combine them).
  e2e_args=() user_k=""
  for ((i = 0; i < ${#pytest_args[@]}; i++)); do
    case "${pytest_args[i]}" in
      -k) i=$((i + 1)); user_k="${pytest_args[i]:-}" ;;
      -k*) user_k="${pytest_args[i]#-k}" ;;
      *) e2e_args+=("${pytest_args[i]}") ;;
    esac
  done
  e2e_args+=(-k "s3${user_k:+ and ($user_k)}")
  e2e debian-boto3-external-s3 /usr/bin/python3 SAGEWRIGHT_E2E_EXTERNAL_S3=1
fi

python3 "$ROOT/scripts/summarize-tests.py" "$RESULTS" || status=1
exit $status
