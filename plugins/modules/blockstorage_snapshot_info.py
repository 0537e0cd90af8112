#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: blockstorage_snapshot_info
short_description: List NAVER Cloud Platform block-storage snapshots
version_added: 0.1.0
description:
  - Lists the block-storage snapshots of one NCP region that match every filter given, reading every page of the
    result, so no snapshot is missed however many there are.
  - Returns them in the result shape of M(ncloud.vserver.blockstorage_snapshot), oldest first.
author:
  - ncloud.vserver maintainers (@ncloud-community)
extends_documentation_fragment:
  - ncloud.vserver.connection
attributes:
  check_mode:
    support: full
    description: Only reads, so it runs the same in check mode.
  diff_mode:
    support: none
    description: Changes nothing, so there is no difference to show.
  action_group:
    description: Use C(group/ncloud.vserver.all) in C(module_defaults) to set the connection options once.
    support: full
    membership: [ncloud.vserver.all]
options:
  snapshot_nos:
    description:
      - Only these snapshots, by number.
    type: list
    elements: str
    aliases: [block_storage_snapshot_instance_nos]
  name:
    description:
      - Only snapshots of exactly this name.
    type: str
    aliases: [block_storage_snapshot_name]
  block_storage_instance_nos:
    description:
      - Only snapshots of these volumes, by volume number.
    type: list
    elements: str
    aliases: [original_block_storage_instance_nos]
  status:
    description:
      - Only snapshots in this status; V(INIT) while being created, V(CREAT) when ready.
    type: str
    choices: [INIT, CREAT]
  hypervisor_types:
    description:
      - Only snapshots of volumes on these hypervisors.
    type: list
    elements: str
    choices: [XEN, KVM]
  bootable:
    description:
      - Only snapshots a server image can (V(true)) or cannot (V(false)) be created from.
    type: bool
  encrypted:
    description:
      - Only snapshots of encrypted (V(true)) or unencrypted (V(false)) volumes.
    type: bool
notes:
  - Pages are read until NCP's C(totalRows) are in, so 10,000 snapshots cost 10 requests. NCP publishes no largest
    page size; if it returns fewer rows a page than asked, its page size is taken from then on.
  - A listing of more than one page is read twice, since snapshots created or deleted between page reads shift the
    pages; every snapshot that exists for the whole listing is returned exactly once.
seealso:
  - module: ncloud.vserver.blockstorage_snapshot
'''

EXAMPLES = r'''
- name: List every snapshot of two volumes
  ncloud.vserver.blockstorage_snapshot_info:
    block_storage_instance_nos:
      - "3081227"
      - "3081231"
  register: volume_snapshots

- name: Find the newest ready snapshot of a volume, to restore from
  ncloud.vserver.blockstorage_snapshot_info:
    block_storage_instance_nos: ["3081227"]
    status: CREAT
  register: ready

- name: Show its number
  ansible.builtin.debug:
    msg: "Restore from {{ (ready.snapshots | last).snapshot_no }}"
  when: ready.snapshots | length > 0

- name: List bootable KVM snapshots in the Singapore region
  ncloud.vserver.blockstorage_snapshot_info:
    region: SGN
    hypervisor_types: [KVM]
    bootable: true

- name: Look up two snapshots by number
  ncloud.vserver.blockstorage_snapshot_info:
    snapshot_nos:
      - "5000001"
      - "5000002"
  register: by_number

- name: Find the encrypted snapshots named db-full-2026-11
  ncloud.vserver.blockstorage_snapshot_info:
    name: db-full-2026-11
    encrypted: true
  register: by_name
'''

RETURN = r'''
snapshots:
  description:
    - The matching snapshots, oldest first (by snapshot number, which grows with creation time).
    - Each in the result shape of M(ncloud.vserver.blockstorage_snapshot); see its RV(ncloud.vserver.blockstorage_snapshot#module:snapshot).
  returned: always
  type: list
  elements: dict
  sample:
    - snapshot_no: "3288597"
      name: db-full-2026-11
      description: ""
      block_storage_instance_no: "3081227"
      volume_size: 53687091200
      status: CREAT
      status_name: created
      operation: "NULL"
      snapshot_type: FULL
      base_snapshot_no: null
      chain_depth: 0
      create_date: "2026-11-27T10:15:00+0900"
      encrypted: false
      bootable: false
      hypervisor_type: XEN
      volume_type: SSD
      region: KR
failure:
  description:
    - When the task fails, which request failed and what it may have done; all V(null) or V(false) for a failure
      found before any request was sent (bad input, missing keys).
  returned: on failure
  type: dict
  contains:
    action:
      description: The NCP API action that failed, such as V(createBlockStorageSnapshotInstance).
      type: str
    http_status:
      description: The HTTP status of NCP's reply; V(null) when no reply came.
      type: int
    ncp_code:
      description: NCP's error code (gateway C(errorCode) or service C(returnCode)), such as V(1000) or V(400).
      type: str
    maybe_applied:
      description: V(true) when a create or delete got no clear answer and may have been carried out.
      type: bool
    maybe_in_flight:
      description: V(true) when, on top of that, NCP may still be working on it and apply it later.
      type: bool
'''

from ansible_collections.ncloud.vserver.plugins.module_utils._base import connection_argument_spec
from ansible_collections.ncloud.vserver.plugins.module_utils._info_task import SnapshotInfoTask
from ansible_collections.ncloud.vserver.plugins.module_utils._runner import run_task


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        snapshot_nos=dict(type='list', elements='str', aliases=['block_storage_snapshot_instance_nos']),
        name=dict(type='str', aliases=['block_storage_snapshot_name']),
        block_storage_instance_nos=dict(type='list', elements='str', aliases=['original_block_storage_instance_nos']),
        status=dict(type='str', choices=['INIT', 'CREAT']),
        hypervisor_types=dict(type='list', elements='str', choices=['XEN', 'KVM']),
        bootable=dict(type='bool'),
        encrypted=dict(type='bool'),
    )
    return spec


def main():
    run_task(SnapshotInfoTask, argument_spec())


if __name__ == '__main__':
    main()
