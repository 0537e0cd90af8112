#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: blockstorage_info
short_description: List NAVER Cloud Platform block-storage volumes
version_added: 0.2.0
description:
  - Lists the block-storage volumes of one NCP region that match every filter given, reading every page of the
    result, so no volume is missed however many there are.
  - Returns them in the result shape of M(ncloud.vserver.blockstorage), by volume number. Each carries
    its C(server_instance_no) and C(device_name), so a playbook can select every volume of a server.
author:
  - ncloud.vserver maintainers (@ncloud-community)
extends_documentation_fragment:
  - ncloud.vserver.connection
  - ncloud.vserver.attributes.actiongroup_all
attributes:
  check_mode:
    support: full
    description: Only reads, so it runs the same in check mode.
  diff_mode:
    support: none
    description: Changes nothing, so there is no difference to show.
options:
  block_storage_instance_nos:
    description:
      - Only these volumes, by number.
    type: list
    elements: str
    aliases: [block_storage_nos]
  name:
    description:
      - Only volumes of exactly this name.
    type: str
    aliases: [block_storage_name]
  server_instance_no:
    description:
      - Only the volumes attached to this server (its root volume included).
    type: str
  zone:
    description:
      - Only volumes in this zone, such as V(KR-1).
    type: str
    aliases: [zone_code]
  status:
    description:
      - Only volumes in this status; V(INIT) while being created, V(CREAT) detached, V(ATTAC) attached.
    type: str
    choices: [INIT, CREAT, ATTAC]
  storage_types:
    description:
      - Only volumes of these storage types; V(BASIC) is a server's root volume, V(SVRBS) an additional volume.
    type: list
    elements: str
    choices: [BASIC, SVRBS]
  volume_types:
    description:
      - Only volumes of these volume types.
    type: list
    elements: str
    choices: [SSD, HDD, CB1, CB2, FB1, FB2]
  hypervisor_types:
    description:
      - Only volumes on these hypervisors.
    type: list
    elements: str
    choices: [XEN, KVM]
notes:
  - Pages are read until NCP's C(totalRows) are in; a listing of more than one page is read twice, since volumes
    created or deleted between page reads shift the pages (as M(ncloud.vserver.blockstorage_snapshot_info) does).
seealso:
  - module: ncloud.vserver.blockstorage
'''

EXAMPLES = r'''
- name: Every volume of a server
  ncloud.vserver.blockstorage_info:
    server_instance_no: "2912302"
  register: server_volumes

- name: Snapshot each of its additional volumes, by device name
  ncloud.vserver.blockstorage_snapshot:
    server_instance_no: "2912302"
    device_name: "{{ item.device_name }}"
    name: "nightly-{{ item.block_storage_instance_no }}"
  loop: "{{ server_volumes.volumes | selectattr('storage_type', 'equalto', 'SVRBS') | list }}"

- name: Detached KVM volumes in KR-1
  ncloud.vserver.blockstorage_info:
    zone: KR-1
    status: CREAT
    hypervisor_types: [KVM]
  register: spare

- name: A volume by name
  ncloud.vserver.blockstorage_info:
    name: db-restore-1
  register: by_name

- name: Two volumes by number, in the Singapore region
  ncloud.vserver.blockstorage_info:
    block_storage_instance_nos: ["3081240", "3081241"]
    region: SGN
  register: by_number

- name: Additional CB2 and FB2 data volumes only
  ncloud.vserver.blockstorage_info:
    storage_types: [SVRBS]
    volume_types: [CB2, FB2]
  register: data_volumes
'''

RETURN = r'''
volumes:
  description:
    - The matching volumes, by volume number.
    - Each in the result shape of M(ncloud.vserver.blockstorage); see its RV(ncloud.vserver.blockstorage#module:volume).
  returned: always
  type: list
  elements: dict
  sample:
    - block_storage_instance_no: "3081231"
      name: app-data
      description: ""
      volume_size: 107374182400
      status: ATTAC
      status_name: attached
      operation: "NULL"
      server_instance_no: "2912302"
      device_name: /dev/vdb
      zone: KR-1
      region: KR
      storage_type: SVRBS
      disk_detail_type: SSD
      volume_type: CB1
      hypervisor_type: KVM
      snapshot_no: null
      encrypted: false
      return_protection: false
      create_date: "2026-11-27T10:15:00+0900"
failure:
  description:
    - When the task fails, which request failed; all V(null) or V(false) for a failure found before any request was
      sent (bad input, missing keys).
  returned: on failure
  type: dict
  contains:
    action:
      description: The NCP API action that failed, such as V(getBlockStorageInstanceList).
      type: str
    http_status:
      description: The HTTP status of NCP's reply; V(null) when no reply came.
      type: int
    ncp_code:
      description: NCP's error code (gateway C(errorCode) or service C(returnCode)).
      type: str
    maybe_applied:
      description: Always V(false); this module only reads.
      type: bool
    maybe_in_flight:
      description: Always V(false); this module only reads.
      type: bool
'''

from ansible_collections.ncloud.vserver.plugins.module_utils._base import connection_argument_spec
from ansible_collections.ncloud.vserver.plugins.module_utils._runner import run_task
from ansible_collections.ncloud.vserver.plugins.module_utils._volume_info_task import VolumeInfoTask


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        block_storage_instance_nos=dict(type='list', elements='str', aliases=['block_storage_nos']),
        name=dict(type='str', aliases=['block_storage_name']),
        server_instance_no=dict(type='str'),
        zone=dict(type='str', aliases=['zone_code']),
        status=dict(type='str', choices=['INIT', 'CREAT', 'ATTAC']),
        storage_types=dict(type='list', elements='str', choices=['BASIC', 'SVRBS']),
        volume_types=dict(type='list', elements='str', choices=['SSD', 'HDD', 'CB1', 'CB2', 'FB1', 'FB2']),
        hypervisor_types=dict(type='list', elements='str', choices=['XEN', 'KVM']),
    )
    return spec


def module_spec():
    """What main() and the action plugin of the same name share: the task, its options and their rules."""
    return dict(task_class=VolumeInfoTask, argument_spec=argument_spec())


def main():
    run_task(**module_spec())


if __name__ == '__main__':
    main()
