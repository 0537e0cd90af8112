#!/usr/bin/env bash
# Usage: scripts/with-emulator.sh PYTHON -- scripts/release-check.sh VENV SCRATCH   (`make release-check`)
# What a release publishes, checked the way users meet it, with the ansible-core of VENV:
#   1. `ansible-galaxy collection build` from this checkout, and the tarball holds no test output,
#      caches, virtualenvs, untracked files or secret key (the one the tests and the emulator use,
#      NCLOUD_SECRET_KEY), and everything Galaxy and ansible-builder read (scripts/check-tarball.py);
#   2. `ansible-galaxy collection install` of that tarball, and `collection verify` finds every
#      installed file as the tarball's manifest records it;
#   3. the demo playbook, from the installed copy's docs/, runs against the emulator that
#      scripts/with-emulator.sh started, with only the installed copy on the collections path.
set -euo pipefail

venv=$(cd "${1:?usage: $0 VENV SCRATCH}" && pwd)
scratch=${2:?usage: $0 VENV SCRATCH}
root=$(cd "$(dirname "$0")/.." && pwd)
: "${NCLOUD_API_GW:?run me through scripts/with-emulator.sh}"

tarball=$("$root/scripts/build-and-install.sh" "$venv/bin/ansible-galaxy" "$scratch")
echo "release-check: built $tarball:"
tar -tzf "$tarball" | sort | sed 's/^/    /'
"$venv/bin/python" "$root/scripts/check-tarball.py" "$tarball" "$NCLOUD_SECRET_KEY"

export ANSIBLE_COLLECTIONS_PATH=$scratch/collections
"$venv/bin/ansible-galaxy" collection verify --offline -p "$ANSIBLE_COLLECTIONS_PATH" ncloud.vserver

# From SCRATCH, away from the checkout, so that nothing but the installed copy can be found.
cd "$scratch"
ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
    "$venv/bin/ansible-playbook" "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/ncloud/vserver/docs/demo.yml"
