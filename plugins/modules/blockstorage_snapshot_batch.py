#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: blockstorage_snapshot_batch
short_description: Take a named snapshot of many NAVER Cloud Platform volumes, or delete many snapshots, in few requests
version_added: 0.4.0
description:
  - Does for many volumes at once what a loop of M(ncloud.vserver.blockstorage_snapshot) does one at a time, with far
    fewer requests; made for nightly jobs such as the role P(ncloud.vserver.snapshot_rotation#role).
  - "O(state=present): one snapshot named O(name) of every volume of O(volumes). One volume list and one snapshot list
    cover all the volumes (a request per 100 numbers); they decide for each volume whether the snapshot is already there
    (nothing changes), and which type to take. Then one create request per volume that needs one, and one look for the
    name over all the volumes, as M(ncloud.vserver.blockstorage_snapshot) makes after a named create, to settle
    overlapping runs. With O(wait), one poll loop for all of them."
  - "O(state=absent): every snapshot of O(snapshot_nos), in that order, with O(cascade) as in
    M(ncloud.vserver.blockstorage_snapshot). The chain checks use one listing of the volumes concerned. The deletes go
    in as few requests as possible (at most 100 numbers each, a volume's snapshots in one request). With O(wait), one
    poll loop until all are gone."
  - Each volume or number is an item of its own, reported in RV(results); one that fails does not stop the others. The
    task fails when any item failed, naming how many and which, with the full result (use C(ignore_errors) to go on).
author:
  - ncloud.vserver maintainers (@ncloud-community)
extends_documentation_fragment:
  - ncloud.vserver.connection
  - ncloud.vserver.attributes.actiongroup_all
attributes:
  check_mode:
    support: full
    description:
      - Makes the same reads and takes the same decisions as a real run, and sends no create or delete. A snapshot that
        would be created has no number yet (its C(snapshot_no) in RV(results[].snapshot) is V(null)).
  diff_mode:
    support: full
    description: Returns the snapshots created (C(after.snapshots)) or deleted (C(before.snapshots)).
options:
  state:
    description:
      - V(present) makes sure each volume has a snapshot named O(name); V(absent) that the snapshots of O(snapshot_nos)
        are gone.
    type: str
    choices: [present, absent]
    default: present
  volumes:
    description:
      - With O(state=present), the numbers of the volumes to snapshot. Each is an item of RV(results), in this order
        (a number given twice counts once). A number NCP does not know fails its item only.
    type: list
    elements: str
  name:
    description:
      - With O(state=present), the name of every snapshot, their identity on the next run. It is needed, since without
        a name a batch could not tell on the next run what it made, nor recover a create whose reply was lost.
      - 3 to 30 letters, digits, V(-) and V(_), starting with a letter and ending with a letter or digit.
      - A volume that already has one snapshot of that name is left as it is; two or more fail that volume.
    type: str
  description:
    description:
      - Description of the new snapshots, at most 1000 bytes in UTF-8.
    type: str
  snapshot_type:
    description:
      - As O(ncloud.vserver.blockstorage_snapshot#module:snapshot_type), decided for each volume from its snapshots.
    type: str
    choices: [FULL, INCREMENTAL, AUTO]
  snapshot_nos:
    description:
      - With O(state=absent), the snapshots to delete, in the order they should go. Each is an item of RV(results).
        One that is already gone or being deleted is not an error.
    type: list
    elements: str
  cascade:
    description:
      - With O(state=absent), also delete the snapshots NCP requires to go first (newest first), as
        O(ncloud.vserver.blockstorage_snapshot#module:cascade) does. Snapshots given earlier in O(snapshot_nos) are
        not in the way of later ones.
    type: bool
    default: false
  wait:
    description:
      - Wait until every new snapshot is ready (O(state=present)), or every deleted one is gone (O(state=absent)), in
        one poll loop for all of them. Each one that does not get there fails its item, with the reason.
      - Also send again a create or delete that NCP refuses as busy, once the work in progress is over.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait with O(wait), for the whole task.
    type: int
    default: 3600
notes:
  - A steady-state night of N volumes costs about N creates plus a few requests per 100 volumes (lists, the race
    check, the deletes, and the polls); docs/performance.md has the numbers.
  - Up to 8 creates are in flight at once, each volume's on its own; O(api_rate_limit) still spaces every request.
  - A create is never sent twice; a create whose outcome is unknown is looked for by name, as
    M(ncloud.vserver.blockstorage_snapshot) does.
  - NCP does not say whether one delete request may span several volumes, nor whether a request with one number it
    refuses deletes the others. So after a delete request fails, the module first lists its snapshots to see what it
    did, and sends what is still there again in smaller requests (one per volume, then one per item); it never resends
    a delete that a look-up has not shown undone.
  - A KVM snapshot that a server image was made from cannot be deleted until the image is; its item fails naming the
    snapshot and that rule, and the others are deleted.
seealso:
  - module: ncloud.vserver.blockstorage_snapshot
  - module: ncloud.vserver.blockstorage_snapshot_info
'''

EXAMPLES = r'''
- name: Take tonight's snapshot of three volumes, extending each chain, and wait for all of them
  ncloud.vserver.blockstorage_snapshot_batch:
    volumes: ["3081227", "3081230", "3081231"]
    name: "nightly-{{ now(fmt='%Y%m%d') }}"
    description: Nightly snapshot
    snapshot_type: AUTO
    wait_timeout: 7200
  register: tonight
  ignore_errors: true

- name: Show the volumes that failed, and why
  ansible.builtin.debug:
    msg: "{{ tonight.results | selectattr('failed') | map(attribute='msg') | list }}"

- name: Delete old snapshots, each chain newest first, with what NCP requires to go first, without waiting
  ncloud.vserver.blockstorage_snapshot_batch:
    state: absent
    snapshot_nos: ["3288605", "3288604", "3288597"]
    cascade: true
    wait: false

- name: Connection options once for the play
  module_defaults:
    group/ncloud.vserver.all:
      region: KR
      api_timeout: 20
      api_retries: 5
  block:
    - name: Take a full snapshot of two volumes before an upgrade
      ncloud.vserver.blockstorage_snapshot_batch:
        volumes: ["3081227", "3081231"]
        name: before-upgrade
        snapshot_type: FULL
'''

RETURN = r'''
results:
  description:
    - One entry per item (volume or snapshot number), in the order given, as a loop of
      M(ncloud.vserver.blockstorage_snapshot) over the items would have registered each.
  returned: always
  type: list
  elements: dict
  contains:
    item:
      description: The volume number (O(state=present)) or snapshot number (O(state=absent)).
      type: str
    changed:
      description: Whether a snapshot was created, or deleted, for this item (or would be, in check mode).
      type: bool
    failed:
      description: Whether this item failed; RV(results[].msg) says why.
      type: bool
    msg:
      description: Why the item failed.
      type: str
      returned: when the item failed
    failure:
      description: As RV(ncloud.vserver.blockstorage_snapshot#module:failure), for the request that failed this item.
      type: dict
      returned: when the item failed
    snapshot:
      description:
        - The item's snapshot in the result shape of RV(ncloud.vserver.blockstorage_snapshot#module:snapshot), re-read by
          the wait; empty when there is none. For O(state=absent), as it was before deletion.
      type: dict
    deleted_snapshots:
      description: With O(state=absent), the snapshots this item deleted, in the order they went (its dependants first).
      type: list
      elements: dict
      returned: when O(state=absent)
    snapshot_type_reason:
      description: With O(snapshot_type=AUTO) and a snapshot created, why this type was taken.
      type: str
      returned: when O(snapshot_type=AUTO) and a snapshot is created
    warnings:
      description: Warnings about this item (also given as the task's warnings).
      type: list
      elements: str
snapshots:
  description:
    - The snapshots of the volumes (O(state=present)) or the snapshots given (O(state=absent)) as last read, oldest
      first, in the result shape; those that went during the task are left out.
  returned: always
  type: list
  elements: dict
pending:
  description: With O(wait), each snapshot that did not get there and why, as RV(ncloud.vserver.blockstorage_snapshot_info#module:pending).
  returned: always
  type: list
  elements: dict
  sample: []
failure:
  description:
    - When the task fails before its items (bad input, missing keys, a list request that failed), which request failed;
      see RV(ncloud.vserver.blockstorage_snapshot#module:failure). When only items failed, all V(null) or V(false).
  returned: on failure
  type: dict
'''

from ansible_collections.ncloud.vserver.plugins.module_utils._base import connection_argument_spec
from ansible_collections.ncloud.vserver.plugins.module_utils._batch_task import BatchSnapshotTask
from ansible_collections.ncloud.vserver.plugins.module_utils._runner import run_task


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        volumes=dict(type='list', elements='str'),
        name=dict(type='str'),
        description=dict(type='str'),
        snapshot_type=dict(type='str', choices=['FULL', 'INCREMENTAL', 'AUTO']),
        snapshot_nos=dict(type='list', elements='str'),
        cascade=dict(type='bool', default=False),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=3600),
    )
    return spec


def module_spec():
    """What main() and the action plugin of the same name share: the task, its options and their rules."""
    return dict(
        task_class=BatchSnapshotTask,
        argument_spec=argument_spec(),
        mutually_exclusive=[('volumes', 'snapshot_nos')],
        required_if=[('state', 'present', ('volumes', 'name')), ('state', 'absent', ('snapshot_nos',))],
    )


def main():
    run_task(**module_spec())


if __name__ == '__main__':
    main()
