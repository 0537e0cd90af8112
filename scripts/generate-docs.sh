#!/usr/bin/env bash
# Usage: scripts/generate-docs.sh TOOLS_VENV COPY DEST
# Write the reference of every module, plugin and role of the collection copy COPY
# (.../ansible_collections/ncloud/vserver, scripts/sync-collection.sh) into DEST as reStructuredText
# pages, with antsibull-docs from the same documentation ansible-doc shows. The "simplified-rst"
# format renders on GitHub and needs no Sphinx. Files in DEST that antsibull-docs did not write
# are removed, so the pages of a deleted module go too.
set -euo pipefail

venv=$(cd "${1:?usage: $0 TOOLS_VENV COPY DEST}" && pwd)
copy=$(cd "${2:?usage: $0 TOOLS_VENV COPY DEST}" && pwd)
dest=${3:?usage: $0 TOOLS_VENV COPY DEST}

mkdir -p "$dest"
# --no-add-antsibull-docs-version: no tool version in the pages, so only doc changes change them.
ANSIBLE_COLLECTIONS_PATH=$(cd "$copy/../../.." && pwd) PATH=$venv/bin:$PATH \
    "$venv/bin/antsibull-docs" collection --use-current --squash-hierarchy --output-format simplified-rst \
    --no-add-antsibull-docs-version --fail-on-error --cleanup everything --dest-dir "$dest" ncloud.vserver
