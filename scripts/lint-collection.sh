#!/usr/bin/env bash
# Usage: scripts/lint-collection.sh TOOLS_VENV COPY
# ansible-lint with the production profile (tests/ecosystem/ansible-lint.yml) over COPY, a copy of
# the collection at .../ansible_collections/ncloud/vserver (scripts/sync-collection.sh): galaxy.yml,
# meta/, the playbooks in docs/, the integration targets, any roles, and every module's EXAMPLES,
# written as playbooks into COPY/lint-examples/ by scripts/examples-to-playbooks.py. ansible-lint
# resolves ncloud.vserver.* through COPY, so its `args` rule checks EXAMPLES against the real
# argument specs.
set -euo pipefail

venv=$(cd "${1:?usage: $0 TOOLS_VENV COPY}" && pwd)
copy=${2:?usage: $0 TOOLS_VENV COPY}
root=$(cd "$(dirname "$0")/.." && pwd)

"$venv/bin/python" "$root/scripts/examples-to-playbooks.py" "$copy" "$copy/lint-examples"
cd "$copy"
# the directory that holds ansible_collections/, three levels above the copy
ANSIBLE_COLLECTIONS_PATH=$(cd ../../.. && pwd) \
    exec "$venv/bin/ansible-lint" --nocolor --project-dir "$copy" \
    -c "$root/tests/ecosystem/ansible-lint.yml" -i "$root/tests/ecosystem/ansible-lint-ignore.txt"
