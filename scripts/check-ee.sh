#!/usr/bin/env bash
# Usage: scripts/check-ee.sh TOOLS_VENV SCRATCH
# Execution environments (AWX / Automation Controller) get what the collection needs:
#   1. built and installed as users get it (scripts/build-and-install.sh into SCRATCH), the collection's
#      Python and system requirements are what `ansible-builder introspect` finds, the way
#      ansible-builder finds them when it builds an image: every line of meta/ee-requirements.txt
#      and meta/ee-bindep.txt, from collection ncloud.vserver (scripts/check-introspect.py);
#   2. the example EE definition of docs/awx/execution-environment.yml is valid: ansible-builder
#      turns it into a build context (no container runtime is needed for that).
set -euo pipefail

venv=$(cd "${1:?usage: $0 TOOLS_VENV SCRATCH}" && pwd)
scratch=${2:?usage: $0 TOOLS_VENV SCRATCH}
root=$(cd "$(dirname "$0")/.." && pwd)

"$root/scripts/build-and-install.sh" "$venv/bin/ansible-galaxy" "$scratch" > /dev/null
"$venv/bin/ansible-builder" introspect --sanitize "$scratch/collections" > "$scratch/introspect.yml"
cat "$scratch/introspect.yml"
"$venv/bin/python" "$root/scripts/check-introspect.py" "$scratch/introspect.yml" \
    "$root/meta/ee-requirements.txt" "$root/meta/ee-bindep.txt"

"$venv/bin/ansible-builder" create -f "$root/docs/awx/execution-environment.yml" -c "$scratch/ee-context"
