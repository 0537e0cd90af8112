#!/usr/bin/env bash
# Usage: scripts/check-docs.sh TOOLS_VENV COPY SCRATCH
# What the docs-check nox session (antsibull-docs lint-collection-docs, antsibull-nox.toml) leaves
# out, for the collection copy COPY (.../ansible_collections/ncloud/vserver):
#   1. docs/reference/ is what `make docs` generates: regenerated into SCRATCH, nothing differs;
#   2. those pages pass rstcheck (the session runs lint-collection-docs with --skip-rstcheck).
set -euo pipefail

venv=$(cd "${1:?usage: $0 TOOLS_VENV COPY SCRATCH}" && pwd)
copy=$(cd "${2:?usage: $0 TOOLS_VENV COPY SCRATCH}" && pwd)
scratch=${3:?usage: $0 TOOLS_VENV COPY SCRATCH}
root=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$scratch"
"$root/scripts/generate-docs.sh" "$venv" "$copy" "$scratch"
if ! diff -ru "$copy/docs/reference" "$scratch"; then
    echo "check-docs: docs/reference/ is not current: run 'make docs' and commit the result" >&2
    exit 1
fi
echo "check-docs: docs/reference/ is current"
"$venv/bin/rstcheck" --report-level warning "$scratch"/*.rst
