#!/usr/bin/env bash
# Usage: scripts/step.sh RESULTS_FILE NAME COMMAND [ARG...]
# Run one test step between a section header and a closing line, and append the outcome to
# RESULTS_FILE for the summary `make test` prints at the end. Exits with COMMAND's status.
set -uo pipefail

results=${1:?usage: $0 RESULTS_FILE NAME COMMAND...}
name=${2:?usage: $0 RESULTS_FILE NAME COMMAND...}
shift 2

printf '\n==================== %s ====================\n' "$name"
start=$(date +%s)
"$@"
status=$?
elapsed=$(( $(date +%s) - start ))
if (( status == 0 )); then outcome=PASSED; else outcome="FAILED (exit $status)"; fi
line=$(printf '%-28s %s in %ss' "$name" "$outcome" "$elapsed")
printf -- '-------------------- %s\n' "$line"
mkdir -p "$(dirname "$results")"
echo "$line" >> "$results"
exit "$status"
