#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: blockstorage_snapshot
short_description: Create, find and delete NAVER Cloud Platform block-storage snapshots
version_added: 0.1.0
description:
  - Creates a snapshot of an NCP block-storage volume, or deletes one, through the signed vserver API.
  - Returns the snapshot's facts in the result shape shared by every module of the collection.
  - "Which snapshot a task means: with O(snapshot_no), that snapshot; with O(state=present) and no such snapshot
    the task fails, it never creates one to match a number."
  - "Else with O(name), the snapshot of that name, looked up within O(block_storage_instance_no) when given.
    If two or more snapshots match, the task fails and names them. If one matches, nothing changes; a
    differing O(description) or O(snapshot_type) only earns a warning, since NCP cannot change them."
  - "Else, with O(state=present), a snapshot of O(block_storage_instance_no) younger than
    O(last_snapshot_min_age) minutes satisfies the task; otherwise every run creates a new snapshot."
  - O(state=absent) needs O(snapshot_no) or O(name); a snapshot that is already gone, or being deleted, is not an error.
    The delete is sent whatever the snapshot's status. If NCP refuses it because the snapshot or its volume is busy,
    the module sends it again once the work in progress is over when O(wait) is set, and otherwise reports NCP's
    refusal, saying that nothing was deleted.
author:
  - ncloud.vserver maintainers (@ncloud-community)
extends_documentation_fragment:
  - ncloud.vserver.connection
  - ncloud.vserver.attributes.actiongroup_all
attributes:
  check_mode:
    support: full
    description: Takes the same decisions as a real run, including the checks against existing snapshots, and sends no create or delete.
  diff_mode:
    support: full
    description: Returns the snapshot before and after, in the result shape of RV(snapshot); for O(state=absent), the deleted ones.
options:
  state:
    description:
      - V(present) makes sure the snapshot exists, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
  block_storage_instance_no:
    description:
      - Number of the block-storage volume to snapshot. Needed to create a snapshot, unless O(server_instance_no) and
        O(device_name) say which volume.
      - With O(name), narrows the name lookup to this volume's snapshots.
    type: str
    aliases: [original_block_storage_instance_no]
  server_instance_no:
    description:
      - With O(device_name), means the volume that server has at that device, instead of O(block_storage_instance_no)
        (as amazon.aws C(ec2_snapshot) takes an instance and a device). Costs one list request more.
      - When the server has no volume at O(device_name), the task fails naming the devices it has.
    type: str
    version_added: 0.2.0
  device_name:
    description:
      - Device name of the volume on O(server_instance_no), such as V(/dev/xvdb) (XEN) or V(/dev/vdb) (KVM), as
        M(ncloud.vserver.blockstorage_info) returns it.
    type: str
    version_added: 0.2.0
  snapshot_no:
    description:
      - Number of an existing snapshot. The task then means exactly that snapshot.
    type: str
    aliases: [block_storage_snapshot_instance_no]
  name:
    description:
      - Snapshot name, the identity of the snapshot when O(snapshot_no) is not given.
      - 3 to 30 letters, digits, V(-) and V(_), starting with a letter and ending with a letter or digit.
      - When creating without a name, NCP generates one; the task can then not recognise the snapshot on the next
        run, so set a name or O(last_snapshot_min_age) for idempotent tasks.
    type: str
    aliases: [block_storage_snapshot_name]
  description:
    description:
      - Description of a new snapshot, at most 1000 bytes in UTF-8. NCP cannot change it later.
    type: str
    aliases: [block_storage_snapshot_description]
  snapshot_type:
    description:
      - V(FULL) copies the whole volume; V(INCREMENTAL) stores the changes since the volume's newest V(FULL) chain.
      - Snapshot types exist on XEN volumes (SSD, HDD). There an incremental needs a ready V(FULL) snapshot of the volume
        first, and at most 7 incrementals may follow one V(FULL); the module checks both before creating and says how
        many exist.
      - On KVM volumes (CB1, CB2, FB1, FB2) NCP accepts V(INCREMENTAL) and makes a V(FULL) snapshot. The module sends
        what was asked and returns what NCP made; whenever the type NCP reports differs from the one asked, it warns.
      - V(AUTO) is this collection's own choice, not an NCP type. On XEN it takes V(INCREMENTAL) while the volume's
        newest V(FULL) has fewer than 7 incrementals, and otherwise a V(FULL) that starts a new chain; on KVM it takes
        V(FULL). RV(snapshot_type_reason) says which was taken and why. Suits nightly jobs.
      - NCP creates V(FULL) when not set.
    type: str
    choices: [FULL, INCREMENTAL, AUTO]
    aliases: [snapshot_type_code]
  cascade:
    description:
      - With O(state=absent), also delete the snapshots that NCP requires to go first, newest first.
      - On XEN (SSD, HDD) volumes NCP deletes an incremental chain from its end, so a V(FULL) snapshot can only go after
        its incrementals, and an incremental only after the newer ones of its chain. Without O(cascade) the task fails
        and names the snapshots in the way. KVM volumes have no incremental chains (should NCP report some on CB1/FB1,
        the same order is kept); on CB2/FB2 any snapshot may go at any time.
    type: bool
    default: false
  last_snapshot_min_age:
    description:
      - With O(state=present) and neither O(snapshot_no) nor O(name), a snapshot of the volume younger than this many
        minutes satisfies the task instead of creating another. Unset or V(0) creates a snapshot on every run.
    type: int
  wait:
    description:
      - Wait until a new snapshot is ready (RV(snapshot.status=CREAT)), or a deleted one is gone. A snapshot NCP
        reports in an error state (a status other than V(INIT) and V(CREAT), or an unknown operation) fails the task
        at once, naming the state.
      - Also wait, and send again, when NCP refuses a create or delete because the volume or snapshot is busy (a KVM
        volume is while one of its snapshots is made or deleted); that refusal means nothing was applied.
      - Polls soon after the request and then less often as time passes, so the task returns close to the moment
        the snapshot is ready.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait with O(wait), for the whole task. On timeout the task fails with the snapshot number and its
        last status; it ends within O(wait_timeout) plus one O(api_timeout), whatever the server does.
    type: int
    default: 3600
notes:
  - A converged run (the snapshot named by O(name) or O(snapshot_no) exists) makes one API request.
  - For O(state=absent), diff mode returns C(before.snapshots), the snapshots that are deleted in the order they go
    (as RV(deleted_snapshots)), and an empty C(after.snapshots).
  - Deleting a snapshot of a XEN or KVM CB1/FB1 volume makes one more request, to check the chain order.
  - A create is never sent twice. If its outcome is unknown (a server error, a timeout, a dropped connection, or a
    reply without the snapshot), NCP may have made the snapshot, and its lists may lag a few seconds behind a create.
    With O(name), the module looks for that name on the volume for 30 seconds and returns the snapshot if it shows
    up; otherwise the task fails saying the create may have been applied (RV(failure.maybe_applied)), and running it
    again later finds the snapshot by name or creates it. Without a name it fails at once saying so.
  - After creating a named snapshot, or one with O(last_snapshot_min_age), the module lists the volume's snapshots
    until its own one shows (30 seconds at most). If overlapping runs each made one for the same task, the lowest
    number stays, and every other run deletes its own snapshot and returns that one, with a warning naming both.
  - A run that is interrupted (killed) after sending a create cannot know whether NCP made the snapshot. Re-run a
    named task; it finds the snapshot by name once NCP lists it. docs/reliability.md says what cannot be known.
  - NCP's current API documentation allows V(_) in names; its CLI documentation and an older copy do not. When NCP
    refuses a name, the message says so.
  - A KVM snapshot that a server image was made from cannot be deleted until the image is; the task fails naming the
    snapshot and that rule.
'''

EXAMPLES = r'''
- name: Take a full snapshot of a volume once (the name makes the task idempotent)
  ncloud.vserver.blockstorage_snapshot:
    block_storage_instance_no: "3081227"
    name: db-full-2026-11
    description: Monthly full snapshot of the database volume
    snapshot_type: FULL
  register: full

- name: Add an incremental to that chain, without waiting for it to be ready
  ncloud.vserver.blockstorage_snapshot:
    block_storage_instance_no: "3081227"
    name: db-incr-2026-11-27
    snapshot_type: INCREMENTAL
    wait: false

- name: Snapshot the volume a server has at /dev/vdb
  ncloud.vserver.blockstorage_snapshot:
    server_instance_no: "2912302"
    device_name: /dev/vdb
    name: app-data-before-upgrade

- name: Snapshot at most once a day, whatever the name, from a job that runs hourly
  ncloud.vserver.blockstorage_snapshot:
    block_storage_instance_no: "3081227"
    last_snapshot_min_age: 1440
    wait_timeout: 7200

- name: Nightly snapshot that extends the chain, or starts a new one after 7 incrementals
  ncloud.vserver.blockstorage_snapshot:
    block_storage_instance_no: "3081227"
    name: "db-nightly-{{ now(fmt='%Y%m%d') }}"
    snapshot_type: AUTO
  register: nightly

- name: Delete a full snapshot and, newest first, the incrementals built on it
  ncloud.vserver.blockstorage_snapshot:
    snapshot_no: "{{ full.snapshot.snapshot_no }}"
    state: absent
    cascade: true

- name: Connection options once for the play, from the environment's keys
  module_defaults:
    group/ncloud.vserver.all:
      region: KR
      site: public
      api_timeout: 20
      api_retries: 5
  block:
    - name: Delete a snapshot by name
      ncloud.vserver.blockstorage_snapshot:
        name: db-incr-2026-11-27
        block_storage_instance_no: "3081227"
        state: absent
'''

RETURN = r'''
snapshot:
  description:
    - The snapshot. For O(state=absent), the deleted snapshot as it was before deletion; empty when there was none.
    - In check mode, a snapshot that would be created has only the values known before NCP answers; the others are V(null).
  returned: always
  type: dict
  contains:
    snapshot_no:
      description: Snapshot instance number.
      type: str
      sample: "3288597"
    name:
      description: Snapshot name; NCP generates one when none was given.
      type: str
      sample: db-full-2026-11
    description:
      description: Snapshot description, empty when unset.
      type: str
      sample: Monthly full snapshot of the database volume
    block_storage_instance_no:
      description: Number of the volume the snapshot was taken of.
      type: str
      sample: "3081227"
    volume_size:
      description: Size of the snapshot's volume in bytes.
      type: int
      sample: 53687091200
    status:
      description: V(INIT) while being created, V(CREAT) when ready.
      type: str
      sample: CREAT
    status_name:
      description: NCP's word for status and operation together, such as V(creating), V(created) or V(terminating).
      type: str
      sample: created
    operation:
      description: Operation in progress, such as V(CREAT), V(NULL) (none) or V(TERMT) (being deleted).
      type: str
      sample: "NULL"
    snapshot_type:
      description: V(FULL) or V(INCREMENTAL).
      type: str
      sample: FULL
    base_snapshot_no:
      description: For an incremental, the snapshot it builds on; V(null) for a full snapshot.
      type: str
      sample: null
    chain_depth:
      description: Position in the incremental chain; V(0) for a full snapshot.
      type: int
      sample: 0
    create_date:
      description: Creation time as NCP reports it.
      type: str
      sample: "2026-11-27T10:15:00+0900"
    encrypted:
      description: Whether the source volume is encrypted.
      type: bool
      sample: false
    bootable:
      description: Whether a server image can be created from the snapshot.
      type: bool
      sample: false
    hypervisor_type:
      description: V(XEN) or V(KVM).
      type: str
      sample: XEN
    volume_type:
      description: Type of the source volume, such as V(SSD), V(HDD), V(CB1) or V(CB2); V(null) where NCP does not say.
      type: str
      sample: SSD
    region:
      description: Region code the snapshot lives in.
      type: str
      sample: KR
    ready:
      description:
        - V(true) when the snapshot can be restored from, that is RV(snapshot.status=CREAT) and not being deleted.
        - A snapshot being deleted still has status V(CREAT) (with RV(snapshot.operation=TERMT)), so test this
          field rather than the status.
      type: bool
      sample: true
      version_added: 0.2.0
    terminating:
      description: V(true) while NCP deletes the snapshot (RV(snapshot.operation=TERMT)).
      type: bool
      sample: false
      version_added: 0.2.0
deleted_snapshots:
  description:
    - For O(state=absent), the snapshots deleted (or, in check mode, that would be), in the order they go, in the
      result shape of RV(snapshot); with O(cascade) the dependants come first, newest first.
  returned: when O(state=absent)
  type: list
  elements: dict
  sample: []
snapshot_type_reason:
  description: With O(snapshot_type=AUTO) and a snapshot created, why this type was taken.
  returned: when O(snapshot_type=AUTO) and a snapshot is created
  type: str
  sample: FULL snapshot 3288597 has 3 of 7 incrementals
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
from ansible_collections.ncloud.vserver.plugins.module_utils._runner import run_task
from ansible_collections.ncloud.vserver.plugins.module_utils._snapshot_task import SnapshotTask


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        block_storage_instance_no=dict(type='str', aliases=['original_block_storage_instance_no']),
        snapshot_no=dict(type='str', aliases=['block_storage_snapshot_instance_no']),
        name=dict(type='str', aliases=['block_storage_snapshot_name']),
        description=dict(type='str', aliases=['block_storage_snapshot_description']),
        snapshot_type=dict(type='str', choices=['FULL', 'INCREMENTAL', 'AUTO'], aliases=['snapshot_type_code']),
        server_instance_no=dict(type='str'),
        device_name=dict(type='str'),
        cascade=dict(type='bool', default=False),
        last_snapshot_min_age=dict(type='int'),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=3600),
    )
    return spec


def module_spec():
    """What main() and the action plugin of the same name share: the task, its options and their rules."""
    return dict(
        task_class=SnapshotTask,
        argument_spec=argument_spec(),
        mutually_exclusive=[
            ('snapshot_no', 'name'),
            ('snapshot_no', 'last_snapshot_min_age'),
            ('name', 'last_snapshot_min_age'),
            ('block_storage_instance_no', 'server_instance_no'),
        ],
        required_together=[('server_instance_no', 'device_name')],
        required_if=[
            ('state', 'present', ('snapshot_no', 'block_storage_instance_no', 'server_instance_no'), True),
            ('state', 'absent', ('snapshot_no', 'name'), True),
        ],
    )


def main():
    run_task(**module_spec())


if __name__ == '__main__':
    main()
