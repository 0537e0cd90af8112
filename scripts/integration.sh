#!/usr/bin/env bash
# Usage: scripts/integration.sh ANSIBLE_TEST [ARG...]   (run inside the collection copy)
# Run ansible-test integration against the emulator that scripts/with-emulator.sh started:
# write tests/integration/integration_config.yml from NCLOUD_API_GW and the emulator's keys, and
# the execution path from NCLOUD_VSERVER_EXECUTION (auto or module) as the variable
# ncloud_vserver_execution: ansible-test passes no environment variables of ours to the playbooks.
set -euo pipefail

: "${NCLOUD_API_GW:?run me through scripts/with-emulator.sh}"
cat > tests/integration/integration_config.yml <<CONFIG
ncloud_api_url: ${NCLOUD_API_GW}
ncloud_access_key: ${NCLOUD_ACCESS_KEY}
ncloud_secret_key: ${NCLOUD_SECRET_KEY}
ncloud_vserver_execution: ${NCLOUD_VSERVER_EXECUTION:-auto}
CONFIG
# The targets take the endpoint and keys from integration_config.yml, nothing from the environment.
unset NCLOUD_API_GW NCLOUD_ACCESS_KEY NCLOUD_SECRET_KEY
exec "$@"
