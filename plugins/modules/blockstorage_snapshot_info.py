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
  - Returns them in the result shape of M(ncloud.vserver.blockstorage_snapshot), oldest first. Snapshots being
    deleted are left out unless O(include_terminating=true).
  - With O(wait_until), waits until every snapshot of O(snapshot_nos) is ready, or until all of them are gone, in
    one poll loop for the whole batch (one list request a poll, however many snapshots), and fails naming each
    snapshot that did not get there (RV(pending)).
author:
  - ncloud.vserver maintainers (@ncloud-community)
extends_documentation_fragment:
  - ncloud.vserver.connection
  - ncloud.vserver.attributes.actiongroup_all
attributes:
  check_mode:
    support: full
    description:
      - Only reads, so it lists the same in check mode.
      - With O(wait_until) it looks once and does not wait or fail (RV(waited=false)), since the creates and deletes it
        would wait for were only predicted in check mode.
  diff_mode:
    support: none
    description: Changes nothing, so there is no difference to show.
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
  include_terminating:
    description:
      - Also return snapshots that NCP is deleting (their C(terminating) is V(true); see
        RV(ncloud.vserver.blockstorage_snapshot#module:snapshot.terminating)).
      - A snapshot being deleted still has status V(CREAT), with operation V(TERMT), until it is gone; it is left
        out by default so that "the newest V(CREAT) snapshot" is never one on its way out.
      - With O(wait_until=gone), snapshots being deleted are always returned, since they are still there.
    type: bool
    default: false
    version_added: 0.3.0
  wait_until:
    description:
      - Wait for the snapshots of O(snapshot_nos), which it needs, all together in one poll loop, then return them.
      - V(ready) waits until every one is ready (C(ready) is V(true)), or cannot become so (an error
        state, being deleted, or gone after being listed). A number NCP does not list yet is taken as its list
        lagging behind a create, and waited for until O(wait_timeout).
      - V(gone) waits until NCP lists none of them; one being deleted still counts as there.
      - Each poll is one list request by number, however many snapshots. The other filters narrow
        RV(snapshots), not what is waited for.
      - When any snapshot did not get there, the task fails naming each one and why; its result still holds
        RV(snapshots) and RV(pending).
    type: str
    choices: [ready, gone]
    version_added: 0.3.0
  wait_timeout:
    description:
      - Seconds to wait with O(wait_until), for the whole batch. V(0) looks once. Must be 0 or more.
      - The task ends within O(wait_timeout) plus one O(api_timeout), whatever the server does.
    type: int
    default: 3600
    version_added: 0.3.0
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

- name: List the snapshots of a volume, to restore from the newest ready one
  ncloud.vserver.blockstorage_snapshot_info:
    block_storage_instance_nos: ["3081227"]
  register: listed

- name: Show the newest ready snapshot (ready is false while creating and while being deleted)
  ansible.builtin.debug:
    msg: "Restore from {{ (listed.snapshots | selectattr('ready') | list | last).snapshot_no }}"
  when: listed.snapshots | selectattr('ready') | list | length > 0

- name: Take snapshots of two volumes without waiting for each
  ncloud.vserver.blockstorage_snapshot:
    block_storage_instance_no: "{{ item }}"
    name: "nightly-{{ item }}-{{ now(fmt='%Y%m%d') }}"
    wait: false
  loop: ["3081227", "3081231"]
  register: taken

- name: Then wait for both together, for at most two hours; fails naming each snapshot not ready by then
  ncloud.vserver.blockstorage_snapshot_info:
    snapshot_nos: "{{ taken.results | map(attribute='snapshot.snapshot_no') | list }}"
    wait_until: ready
    wait_timeout: 7200
  register: nightly

- name: Include the snapshots NCP is deleting, which are left out by default
  ncloud.vserver.blockstorage_snapshot_info:
    block_storage_instance_nos: ["3081227"]
    include_terminating: true
  register: with_terminating

- name: Wait until deleted snapshots are gone
  ncloud.vserver.blockstorage_snapshot_info:
    snapshot_nos: "{{ with_terminating.snapshots | selectattr('terminating') | map(attribute='snapshot_no') | list }}"
    wait_until: gone
  when: with_terminating.snapshots | selectattr('terminating') | list | length > 0

- name: List the bootable KVM snapshots still being created in the Singapore region
  ncloud.vserver.blockstorage_snapshot_info:
    region: SGN
    hypervisor_types: [KVM]
    bootable: true
    status: INIT

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
    - The matching snapshots, oldest first (by snapshot number, which grows with creation time); without
      O(include_terminating), not those being deleted.
    - With O(wait_until), as the last poll read them.
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
      ready: true
      terminating: false
waited:
  description: With O(wait_until), V(true) when the module waited; V(false) in check mode, where it looks once.
  returned: when O(wait_until) is set
  type: bool
  sample: true
pending:
  description:
    - With O(wait_until), each snapshot of O(snapshot_nos) that did not get there, and why (timed out with its last
      status, in an error state, being deleted, disappeared, or never listed); V([]) when all did.
    - The task fails when it is not empty, but in check mode.
  returned: when O(wait_until) is set
  type: list
  elements: dict
  contains:
    snapshot_no:
      description: The snapshot's number.
      type: str
    reason:
      description: Why it did not get there.
      type: str
  sample:
    - snapshot_no: "3288598"
      reason: not ready after wait_timeout=3600 seconds; last status INIT, operation CREAT (creating)
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
        include_terminating=dict(type='bool', default=False),
        wait_until=dict(type='str', choices=['ready', 'gone']),
        wait_timeout=dict(type='int', default=3600),
    )
    return spec


def module_spec():
    """What main() and the action plugin of the same name share: the task, its options and their rules."""
    return dict(
        task_class=SnapshotInfoTask,
        argument_spec=argument_spec(),
        required_if=[('wait_until', 'ready', ('snapshot_nos',)), ('wait_until', 'gone', ('snapshot_nos',))],
    )


def main():
    run_task(**module_spec())


if __name__ == '__main__':
    main()
