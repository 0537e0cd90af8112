#!/usr/bin/env bash
# The ncloud inventory plugin against the emulator, as a user runs it: ansible-inventory --graph and --list, then a
# playbook over `hosts: ncloud` that runs the snapshot rotation for each server's volumes, delegated to localhost,
# 20 servers at a time. The plugin reads its keys and gateway from the environment, so they come from
# integration_config.yml (which scripts/integration.sh wrote) into NCLOUD_* variables here.
set -euo pipefail

vars=../../integration_config.yml
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}
read_var() { "$python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))[sys.argv[2]])' "$vars" "$1"; }
NCLOUD_API_GW=$(read_var ncloud_api_url)
NCLOUD_ACCESS_KEY=$(read_var ncloud_access_key)
NCLOUD_SECRET_KEY=$(read_var ncloud_secret_key)
export NCLOUD_API_GW NCLOUD_ACCESS_KEY NCLOUD_SECRET_KEY
# An inventory the plugin cannot read fails the command, instead of a warning and an empty inventory.
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true ANSIBLE_INVENTORY_ENABLED=ncloud.vserver.ncloud,host_list

ansible-playbook -i localhost, reset.yml -e "@$vars"

ansible-inventory -i servers.ncloud.yml --graph > graph.txt
diff -u expected-graph.txt graph.txt

ansible-inventory -i servers.ncloud.yml --list > list.json
if grep -qF "$NCLOUD_SECRET_KEY" list.json; then echo "the secret key is in ansible-inventory --list" >&2; exit 1; fi
"$python" check_list.py list.json

# Each server a host, each run on the controller: twice, the second changing nothing.
ansible-playbook -i servers.ncloud.yml rotate.yml --forks 20 -e "@$vars"
ansible-playbook -i servers.ncloud.yml rotate.yml --forks 20 -e "@$vars" -e rotation_rerun=true
ansible-playbook -i localhost, -i servers.ncloud.yml verify.yml -e "@$vars"
