"""Checks the output of ``ansible-inventory --list`` (the file named first) as a user's script would read it.

ansible-core 2.19 writes each value an inventory plugin set as {"__ansible_unsafe": value}: it is not trusted
as a template, and a script inventory reading the output keeps it so. The values are read through it.
"""

from __future__ import annotations

import json
import sys


def plain(node):
    return node['__ansible_unsafe'] if set(node) == {'__ansible_unsafe'} else node


def main(path):
    with open(path, encoding='utf-8') as handle:
        listed = json.load(handle, object_hook=plain)
    hostvars = listed['_meta']['hostvars']
    assert sorted(listed['ncloud']['hosts']) == ['kvm-app', 'kvm-rescue', 'xen-app', 'xen-rescue'], listed['ncloud']
    for name, host in hostvars.items():
        assert host['ansible_host'] == host['ncloud_private_ip'] and host['ansible_host'].startswith('10.'), (name, host['ansible_host'])
        assert {volume['server_instance_no'] for volume in host['ncloud_block_storages']} <= {host['ncloud_server_instance_no']}, name
        assert host['ncloud_volume_nos'] == [volume['block_storage_instance_no'] for volume in host['ncloud_block_storages']], name
    assert hostvars['kvm-app']['ncloud_public_ip'] == '203.0.113.12' and hostvars['kvm-rescue']['ncloud_public_ip'] is None
    assert (hostvars['kvm-app']['ncloud_hypervisor_type'], hostvars['xen-app']['ncloud_hypervisor_type']) == ('KVM', 'XEN')
    print('ansible-inventory --list: %d hosts, as expected' % len(hostvars))


if __name__ == '__main__':
    main(sys.argv[1])
