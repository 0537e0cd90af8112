#!/usr/bin/env bash
# Usage: scripts/check-docs.sh TOOLS_VENV COPY SCRATCH
# The documentation of the collection copy COPY (.../ansible_collections/ncloud/vserver):
#   1. antsibull-docs lint-collection-docs --plugin-docs: every module, plugin and role has docs
#      that match the schema, its markup (O(), V(), RV(), M(), ...) parses and points at options,
#      return values and plugins that exist, and the generated pages pass rstcheck;
#   2. docs/reference/ is what `make docs` generates: regenerated into SCRATCH, nothing differs.
set -euo pipefail

venv=$(cd "${1:?usage: $0 TOOLS_VENV COPY SCRATCH}" && pwd)
copy=$(cd "${2:?usage: $0 TOOLS_VENV COPY SCRATCH}" && pwd)
scratch=${3:?usage: $0 TOOLS_VENV COPY SCRATCH}
root=$(cd "$(dirname "$0")/.." && pwd)

ANSIBLE_COLLECTIONS_PATH=$(cd "$copy/../../.." && pwd) PATH=$venv/bin:$PATH \
    "$venv/bin/antsibull-docs" lint-collection-docs --plugin-docs "$copy"
echo "check-docs: lint-collection-docs found nothing"

rm -rf "$scratch"
"$root/scripts/generate-docs.sh" "$venv" "$copy" "$scratch"
if ! diff -ru "$copy/docs/reference" "$scratch"; then
    echo "check-docs: docs/reference/ is not current: run 'make docs' and commit the result" >&2
    exit 1
fi
echo "check-docs: docs/reference/ is current"
