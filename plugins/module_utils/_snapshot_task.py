# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The blockstorage_snapshot task: find the snapshot a task means, then create, delete or leave it.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Check mode runs the same code and stops before the first create or delete, so it decides
exactly as a real run does. One deadline (the task's start plus ``wait_timeout``) bounds every
wait of the task.
"""

from __future__ import annotations

from ._chain import check_incremental_allowed, choose_type, deleted_newest_first, dependants, has_snapshot_types
from ._create import create_once, settle_race
from ._delete import delete_snapshots
from ._errors import ModuleError
from ._identity import find_snapshot
from ._result import is_terminating, predicted_result
from ._snapshot import error_state, get_volume, list_snapshots
from ._task import WaitingTask
from ._validation import check_description, check_name, check_not_negative, check_number
from ._volume import list_volumes
from ._waiter import wait_until_gone, wait_until_ready

# Options NCP sets at creation and never changes; a found snapshot that differs earns a warning.
IMMUTABLE_OPTIONS = ('description', 'snapshot_type', 'block_storage_instance_no')


class SnapshotTask(WaitingTask):
    """One run of blockstorage_snapshot."""

    @staticmethod
    def check_input(params):
        """NCP's documented rules, checked before any request leaves."""
        check_number('block_storage_instance_no', params['block_storage_instance_no'])
        check_number('snapshot_no', params['snapshot_no'])
        check_number('server_instance_no', params['server_instance_no'])
        check_name('name', params['name'])
        check_description('description', params['description'])
        check_not_negative('wait_timeout', params['wait_timeout'])
        check_not_negative('last_snapshot_min_age', params['last_snapshot_min_age'])

    def run(self):
        if self.params['server_instance_no']:
            self.params = dict(self.params, block_storage_instance_no=self.volume_of_server())
        params = self.params
        found = find_snapshot(
            self.client,
            params['snapshot_no'],
            params['name'],
            params['block_storage_instance_no'],
            params['last_snapshot_min_age'] if params['state'] == 'present' else 0,
        )
        return self.ensure_absent(found) if params['state'] == 'absent' else self.ensure_present(found)

    def volume_of_server(self):
        """The number of the volume a server has at ``device_name`` (as amazon.aws ec2_snapshot takes an instance and a device)."""
        server_no, device = self.params['server_instance_no'], self.params['device_name']
        attached = list_volumes(self.client, server_instance_no=server_no)
        for volume in attached:
            if volume['device_name'] == device:
                return volume['block_storage_instance_no']
        raise ModuleError(
            'server_instance_no %s has no volume at device_name %s; its devices are: %s'
            % (server_no, device, ', '.join(sorted(v['device_name'] for v in attached if v['device_name'])) or 'none (no such server, or no volume attached)')
        )

    def ensure_present(self, found):
        params = self.params
        if found is not None:
            if error_state(found):
                raise ModuleError('snapshot %s is in an error state: %s' % (found['snapshot_no'], error_state(found)), result={'snapshot': found})
            self.warn_on_differences(found)
            return self.result(False, found, self.ready(found))
        if params['snapshot_no']:
            raise ModuleError(
                'snapshot_no %s does not exist in region %s; this module never creates a snapshot to match a number'
                % (params['snapshot_no'], self.client.region)
            )
        volume = get_volume(self.client, params['block_storage_instance_no'])
        if volume is None:
            raise ModuleError('block_storage_instance_no %s does not exist in region %s' % (params['block_storage_instance_no'], self.client.region))
        snapshot_type, extra = self.decide_type(volume)
        if self.check_mode:
            return self.result(True, {}, predicted_result(volume, params['name'], params['description'], snapshot_type, self.client.region), **extra)
        made = create_once(self.client, volume, params['name'], params['description'], snapshot_type, self.busy_deadline)
        if made['snapshot_type'] != (snapshot_type or 'FULL'):
            self.warn(
                'snapshot_type %s was asked, and NCP made snapshot %s a %s snapshot%s'
                % (snapshot_type, made['snapshot_no'], made['snapshot_type'], '' if has_snapshot_types(volume) else ': NCP makes FULL snapshots of KVM volumes')
            )
        if params['name'] or params['last_snapshot_min_age']:
            made, warning = settle_race(self.client, made, params['name'], params['last_snapshot_min_age'], self.deadline)
            if warning:
                self.warn(warning)
        return self.result(True, {}, self.ready(made), **extra)

    def decide_type(self, volume):
        """The type to send and, for AUTO, why; chain rules are checked where NCP has them (XEN)."""
        snapshot_type = self.params['snapshot_type']
        if snapshot_type == 'AUTO':
            snapshots = list_snapshots(self.client, volume_nos=[volume['block_storage_instance_no']]) if has_snapshot_types(volume) else []
            snapshot_type, reason = choose_type(volume, snapshots)
            return snapshot_type, {'snapshot_type_reason': reason}
        if snapshot_type == 'INCREMENTAL' and has_snapshot_types(volume):
            check_incremental_allowed(volume, list_snapshots(self.client, volume_nos=[volume['block_storage_instance_no']]))
        return snapshot_type, {}

    def ready(self, snapshot):
        """With wait, the snapshot once it is ready, re-read; else as it is."""
        return wait_until_ready(self.client, snapshot, self.deadline, self.params['wait_timeout']) if self.params['wait'] else snapshot

    def ensure_absent(self, found):
        # A snapshot already being deleted counts as gone: there is nothing left to do but wait.
        doomed = [] if found is None or is_terminating(found) else self.deletion_order(found)
        if not self.check_mode:
            if doomed:
                delete_snapshots(self.client, doomed, self.busy_deadline)
            if found is not None and self.params['wait']:
                wait_until_gone(self.client, doomed or [found], self.deadline, self.params['wait_timeout'])
        # Ansible's diff callback takes dicts only (a list breaks it: "no attribute 'splitlines'").
        return {
            'changed': bool(doomed),
            'snapshot': found or {},
            'deleted_snapshots': doomed,
            'diff': {'before': {'snapshots': doomed}, 'after': {'snapshots': []}},
        }

    def deletion_order(self, target):
        """The target, after what NCP requires to go first (only with cascade), newest first."""
        in_the_way = dependants(target, list_snapshots(self.client, volume_nos=[target['block_storage_instance_no']])) if deleted_newest_first(target) else []
        if in_the_way and not self.params['cascade']:
            raise ModuleError(
                'snapshot %s cannot be deleted before %s: on %s volumes NCP deletes a chain newest first. Delete '
                'those first, or set cascade=true to delete them with it'
                % (target['snapshot_no'], ', '.join(snapshot['snapshot_no'] for snapshot in in_the_way), target['volume_type'] or target['hypervisor_type'])
            )
        return in_the_way + [target]

    def warn_on_differences(self, found):
        for option in IMMUTABLE_OPTIONS:
            wanted = self.params[option]
            if wanted not in (None, 'AUTO') and wanted != found[option]:
                self.warn(
                    'snapshot %s has %s %r, not %r as the task asks; NCP cannot change it, so it was left as it is'
                    % (found['snapshot_no'], option, found[option], wanted)
                )

    @staticmethod
    def result(changed, before, after, **extra):
        return dict(changed=changed, snapshot=after, diff={'before': before, 'after': after}, **extra)
