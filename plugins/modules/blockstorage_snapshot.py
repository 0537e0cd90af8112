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
    NCP deletes a snapshot only once it is ready, so with O(wait) a snapshot still being created is waited for first.
author:
  - ncloud.vserver maintainers (@ncloud-community)
extends_documentation_fragment:
  - ncloud.vserver.connection
attributes:
  check_mode:
    support: full
    description: Takes the same decisions as a real run, including the checks against existing snapshots, and sends no create or delete.
  diff_mode:
    support: full
    description: Returns the snapshot before and after, in the result shape of RV(snapshot).
  action_group:
    description: Use C(group/ncloud.vserver.all) in C(module_defaults) to set the connection options once.
    support: full
    membership: [ncloud.vserver.all]
options:
  state:
    description:
      - V(present) makes sure the snapshot exists, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
  block_storage_instance_no:
    description:
      - Number of the block-storage volume to snapshot. Needed to create a snapshot.
      - With O(name), narrows the name lookup to this volume's snapshots.
    type: str
    aliases: [original_block_storage_instance_no]
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
      - An incremental needs a ready V(FULL) snapshot of the volume first, and at most 7 incrementals may follow one
        V(FULL); the module checks both before creating and says how many exist.
      - V(AUTO) is this collection's own choice, not an NCP type; it takes V(INCREMENTAL) while the volume's newest
        V(FULL) has fewer than 7 incrementals, and otherwise a V(FULL) that starts a new chain. RV(snapshot_type_reason)
        says which was taken and why. Suits nightly jobs.
      - NCP creates V(FULL) when not set.
    type: str
    choices: [FULL, INCREMENTAL, AUTO]
    aliases: [snapshot_type_code]
  cascade:
    description:
      - With O(state=absent), also delete the snapshots that NCP requires to go first, newest first.
      - On XEN (SSD, HDD) and KVM CB1/FB1 volumes NCP deletes an incremental chain from its end, so a V(FULL) snapshot
        can only go after its incrementals, and an incremental only after the newer ones of its chain. Without
        O(cascade) the task fails and names the snapshots in the way. On KVM CB2/FB2 volumes any snapshot may go
        at any time, and O(cascade) changes nothing.
    type: bool
    default: false
  last_snapshot_min_age:
    description:
      - With O(state=present) and neither O(snapshot_no) nor O(name), a snapshot of the volume younger than this many
        minutes satisfies the task instead of creating another. Unset or V(0) creates a snapshot on every run.
    type: int
  wait:
    description:
      - Wait until a new snapshot is ready (RV(snapshot.status=CREAT)), or a deleted one is gone.
      - Polls soon after the request and then less often as time passes, so the task returns close to the moment
        the snapshot is ready.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait with O(wait). On timeout the task fails with the snapshot number and its last status.
    type: int
    default: 3600
notes:
  - A converged run (the snapshot named by O(name) or O(snapshot_no) exists) makes one API request.
  - For O(state=absent), diff mode lists the snapshots that are deleted, in the order they go, as RV(deleted_snapshots) does.
  - Deleting a snapshot of a XEN or KVM CB1/FB1 volume makes one more request, to check the chain order.
  - If the reply to a create is lost (timeout, dropped connection, server error), the module looks for a snapshot
    of O(name) on the volume before trying again, and never sends the create again when NCP gave no final answer at
    all, since NCP may still apply it; without O(name) it fails and says the create may have been applied.
  - After creating a named snapshot the module lists that name once more. If another run created the same name at
    the same time, the lower snapshot number stays, and the run that made the other one deletes it and fails, saying so.
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
'''

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.ncloud.vserver.plugins.module_utils._base import client_from_params, connection_argument_spec
from ansible_collections.ncloud.vserver.plugins.module_utils._chain import (
    check_incremental_allowed, choose_type, deleted_newest_first, dependants)
from ansible_collections.ncloud.vserver.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError, NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._result import code_of, predicted_result, snapshot_number, to_result
from ansible_collections.ncloud.vserver.plugins.module_utils._snapshot import (
    create_snapshot, delete_snapshots, find_snapshot, get_volume, is_ready, is_terminating, list_snapshots)
from ansible_collections.ncloud.vserver.plugins.module_utils._validation import (
    check_description, check_name, check_not_negative, check_number)
from ansible_collections.ncloud.vserver.plugins.module_utils._waiter import wait_until_gone, wait_until_ready

# Options NCP sets at creation and never changes; a found snapshot that differs earns a warning.
IMMUTABLE_OPTIONS = ('description', 'snapshot_type', 'block_storage_instance_no')


class SnapshotTask:
    """One run of the module: find the snapshot the task means, then create, delete or leave it."""

    def __init__(self, client, params, check_mode, warn):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.warn = warn

    def run(self):
        params = self.params
        found = find_snapshot(self.client, params['snapshot_no'], params['name'], params['block_storage_instance_no'],
                              params['last_snapshot_min_age'] if params['state'] == 'present' else 0)
        return self.ensure_absent(found) if params['state'] == 'absent' else self.ensure_present(found)

    def ensure_present(self, found):
        params, volume_no = self.params, self.params['block_storage_instance_no']
        if found is not None:
            self.warn_on_differences(found)
            return self.result(False, self.shape(found), self.shape(self.ready(found)))
        if params['snapshot_no']:
            raise ModuleError('snapshot_no %s does not exist in region %s; this module never creates a snapshot to match a number'
                              % (params['snapshot_no'], self.client.region))
        volume = get_volume(self.client, volume_no)
        if volume is None:
            raise ModuleError('block_storage_instance_no %s does not exist in region %s' % (volume_no, self.client.region))
        snapshot_type, extra = params['snapshot_type'], {}
        if snapshot_type == 'AUTO':
            snapshot_type, extra['snapshot_type_reason'] = choose_type(volume_no, list_snapshots(self.client, volume_nos=[volume_no]))
        elif snapshot_type == 'INCREMENTAL':
            check_incremental_allowed(volume_no, list_snapshots(self.client, volume_nos=[volume_no]))
        if self.check_mode:
            predicted = predicted_result(volume, params['name'], params['description'], snapshot_type, self.client.region)
            return self.result(True, {}, predicted, **extra)
        created = create_snapshot(self.client, volume_no, params['name'], params['description'], snapshot_type)
        if params['name']:
            self.settle_race(created)
        return self.result(True, {}, self.shape(self.ready(created)), **extra)

    def settle_race(self, created):
        """If another run created the same name at the same time, the lower number stays; ours goes if it is the higher.

        Numbers grow with time, so the later of two creates always sees the earlier one here, and
        exactly one run gives way.
        """
        try:
            same = list_snapshots(self.client, name=self.params['name'], volume_nos=[self.params['block_storage_instance_no']])
        except NcloudApiError as exc:
            raise ModuleError('NCP accepted snapshot %s, but looking for another of the same name then failed: %s'
                              % (created['blockStorageSnapshotInstanceNo'], exc), result={'snapshot': self.shape(created)}) from None
        same = [raw for raw in same if not is_terminating(raw)]
        first = min(same + [created], key=snapshot_number)
        if first['blockStorageSnapshotInstanceNo'] != created['blockStorageSnapshotInstanceNo']:
            # NCP deletes a snapshot only once it is ready.
            delete_snapshots(self.client, [wait_until_ready(self.client, created, self.params['wait_timeout'])])
            raise ModuleError('lost a race: snapshot %s named %r was created at the same time by another run, so this run '
                              'deleted its own snapshot %s; run the task again to return %s'
                              % (first['blockStorageSnapshotInstanceNo'], self.params['name'],
                                 created['blockStorageSnapshotInstanceNo'], first['blockStorageSnapshotInstanceNo']))

    def ready(self, raw):
        """With wait, the snapshot once it is ready, re-read; else as it is."""
        return wait_until_ready(self.client, raw, self.params['wait_timeout']) if self.params['wait'] and not is_ready(raw) else raw

    def ensure_absent(self, found):
        # A snapshot already being deleted counts as gone: there is nothing left to do but wait.
        doomed = [] if found is None or is_terminating(found) else self.deletion_order(found)
        if not self.check_mode:
            if doomed:
                delete_snapshots(self.client, [self.deletable(raw) for raw in doomed])
            if found is not None and self.params['wait']:
                wait_until_gone(self.client, doomed or [found], self.params['wait_timeout'])
        deleted = [self.shape(raw) for raw in doomed]
        return {'changed': bool(doomed), 'snapshot': self.shape(found), 'deleted_snapshots': deleted,
                'diff': {'before': deleted, 'after': []}}

    def deletable(self, raw):
        """The snapshot once NCP can delete it: a snapshot still being created must be ready first."""
        if is_ready(raw):
            return raw
        if not self.params['wait']:
            raise ModuleError('snapshot %s is still being created, and NCP deletes a snapshot only once it is ready: run the '
                              'task again later, or with wait=true to wait for it' % raw['blockStorageSnapshotInstanceNo'])
        return wait_until_ready(self.client, raw, self.params['wait_timeout'])

    def deletion_order(self, target):
        """The target, after what NCP requires to go first (only with cascade), newest first."""
        in_the_way = dependants(target, list_snapshots(self.client, volume_nos=[target['originalBlockStorageInstanceNo']])) \
            if deleted_newest_first(target) else []
        if in_the_way and not self.params['cascade']:
            raise ModuleError('snapshot %s cannot be deleted before %s: on %s volumes NCP deletes a chain newest first. Delete '
                              'those first, or set cascade=true to delete them with it' % (
                                  target['blockStorageSnapshotInstanceNo'],
                                  ', '.join(raw['blockStorageSnapshotInstanceNo'] for raw in in_the_way),
                                  code_of(target.get('blockStorageVolumeType')) or code_of(target.get('hypervisorType'))))
        return in_the_way + [target]

    def warn_on_differences(self, found):
        actual = self.shape(found)
        for option in IMMUTABLE_OPTIONS:
            wanted = self.params[option]
            if wanted not in (None, 'AUTO') and wanted != actual[option]:
                self.warn('snapshot %s has %s %r, not %r as the task asks; NCP cannot change it, so it was left as it is'
                          % (actual['snapshot_no'], option, actual[option], wanted))

    def shape(self, raw):
        return to_result(raw, self.client.region) if raw else {}

    @staticmethod
    def result(changed, before, after, **extra):
        return dict(changed=changed, snapshot=after, diff={'before': before, 'after': after}, **extra)


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        block_storage_instance_no=dict(type='str', aliases=['original_block_storage_instance_no']),
        snapshot_no=dict(type='str', aliases=['block_storage_snapshot_instance_no']),
        name=dict(type='str', aliases=['block_storage_snapshot_name']),
        description=dict(type='str', aliases=['block_storage_snapshot_description']),
        snapshot_type=dict(type='str', choices=['FULL', 'INCREMENTAL', 'AUTO'], aliases=['snapshot_type_code']),
        cascade=dict(type='bool', default=False),
        last_snapshot_min_age=dict(type='int'),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=3600),
    )
    return spec


def check_input(params):
    """NCP's documented rules, checked before any request leaves."""
    check_number('block_storage_instance_no', params['block_storage_instance_no'])
    check_number('snapshot_no', params['snapshot_no'])
    check_name('name', params['name'])
    check_description('description', params['description'])
    check_not_negative('wait_timeout', params['wait_timeout'])
    check_not_negative('last_snapshot_min_age', params['last_snapshot_min_age'])


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[('snapshot_no', 'name'), ('snapshot_no', 'last_snapshot_min_age'), ('name', 'last_snapshot_min_age')],
        required_if=[('state', 'present', ('snapshot_no', 'block_storage_instance_no'), True),
                     ('state', 'absent', ('snapshot_no', 'name'), True)],
        supports_check_mode=True,
    )
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    try:
        check_input(module.params)
        result = SnapshotTask(client_from_params(module.params), module.params, module.check_mode, module.warn).run()
    except (ModuleError, NcloudApiError) as exc:
        module.fail_json(msg=str(exc), **getattr(exc, 'result', {}))
    if not module._diff:
        result.pop('diff')
    module.exit_json(**result)


if __name__ == '__main__':
    main()
