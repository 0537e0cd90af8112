#!/usr/bin/env bash
# Usage: scripts/with-emulator.sh PYTHON [EMULATOR FLAGS...] -- COMMAND [ARG...]
# Start the local NCP emulator with PYTHON on a free port, wait for its "listening on" line,
# run COMMAND with NCLOUD_API_GW and the emulator's keys in the environment, stop the emulator
# whatever happens, and exit with COMMAND's status. Used by `make integration` and `make demo`.
set -euo pipefail

python=${1:?usage: $0 PYTHON [FLAGS...] -- COMMAND...}
shift
flags=()
while (( $# )) && [[ $1 != -- ]]; do flags+=("$1"); shift; done
[[ ${1:-} == -- ]] || { echo "with-emulator: missing -- before the command" >&2; exit 2; }
shift

root=$(cd "$(dirname "$0")/.." && pwd)
# The emulator's own fake keys (docs/emulator.md), unless the caller chose others.
export NCLOUD_ACCESS_KEY=${NCLOUD_ACCESS_KEY:-FAKEACCESSKEY0000001}
export NCLOUD_SECRET_KEY=${NCLOUD_SECRET_KEY:-FAKESECRETKEY000000000000000000000000001}

out=$(mktemp)
"$python" "$root/tests/emulator/ncloud_emulator.py" --host 127.0.0.1 --port 0 "${flags[@]}" > "$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -f "$out"' EXIT

for _ in $(seq 100); do
    grep -q '^listening on ' "$out" && break
    kill -0 "$pid" 2>/dev/null || { echo "with-emulator: the emulator exited before listening" >&2; exit 1; }
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$out")
[[ -n $url ]] || { echo "with-emulator: no 'listening on' line after 10 s" >&2; exit 1; }
echo "with-emulator: NCP emulator at $url (${flags[*]:-default flags})"

status=0
NCLOUD_API_GW=$url "$@" || status=$?
exit "$status"
