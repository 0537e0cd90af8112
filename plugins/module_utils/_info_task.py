# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The blockstorage_snapshot_info task: every snapshot that matches, in the result shape, or a wait on a batch.

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations

from ._batch_wait import wait_for_batch
from ._errors import ModuleError
from ._result import is_terminating
from ._snapshot import list_snapshots
from ._validation import check_name, check_not_negative, check_number


class SnapshotInfoTask:
    """One run of blockstorage_snapshot_info."""

    def __init__(self, client, params, check_mode, warn):
        self.client = client
        self.params = params
        self.check_mode = check_mode

    @staticmethod
    def check_input(params):
        """NCP's documented rules, checked before any request leaves."""
        check_number('snapshot_nos', params['snapshot_nos'] or [])
        check_number('block_storage_instance_nos', params['block_storage_instance_nos'] or [])
        check_name('name', params['name'])
        check_not_negative('wait_timeout', params['wait_timeout'])
        if params['wait_until'] and not params['snapshot_nos']:
            raise ModuleError('wait_until needs snapshot_nos, the snapshots to wait for; got none')

    def run(self):
        if self.params['wait_until']:
            return self.wait()
        params = self.params
        snapshots = list_snapshots(
            self.client,
            name=params['name'],
            volume_nos=params['block_storage_instance_nos'] or None,
            snapshot_nos=params['snapshot_nos'] or None,
            status=params['status'],
            hypervisor_types=params['hypervisor_types'] or None,
            bootable=params['bootable'],
            encrypted=params['encrypted'],
        )
        return {'changed': False, 'snapshots': self.shown(snapshots)}

    def shown(self, snapshots, terminating=False):
        """Snapshots being deleted are still status CREAT; they are left out unless asked for."""
        keep = terminating or self.params['include_terminating']
        return [snapshot for snapshot in snapshots if keep or not is_terminating(snapshot)]

    def wait(self):
        """One poll loop over every number; the other filters narrow what is returned, not what is waited for.

        In check mode the creates and deletes it would wait for were only predicted, so waiting could
        only time out: it looks once, reports ``pending`` and ``waited: false``, and does not fail.
        """
        params, goal = self.params, self.params['wait_until']
        deadline = self.client.clock() + (0 if self.check_mode else params['wait_timeout'])
        try:
            snapshots, pending = wait_for_batch(self.client, params['snapshot_nos'], goal, deadline, params['wait_timeout'])
        except ModuleError as exc:
            exc.result['snapshots'] = self.shown([s for s in exc.result['snapshots'] if self.matches(s)], goal == 'gone')
            raise
        result = {
            'changed': False,
            'snapshots': self.shown([s for s in snapshots if self.matches(s)], goal == 'gone'),
            'pending': pending,
            'waited': not self.check_mode,
        }
        if pending and not self.check_mode:
            raise ModuleError(
                'wait_until=%s: %d of %d snapshots did not get there: %s'
                % (goal, len(pending), len(set(params['snapshot_nos'])), '; '.join('%s %s' % (item['snapshot_no'], item['reason']) for item in pending)),
                result=result,
            )
        return result

    def matches(self, snapshot):
        """The list filters, applied to a snapshot read by number (as NCP applies them to a listing)."""
        params = self.params
        wanted = (('name', params['name']), ('status', params['status']), ('bootable', params['bootable']), ('encrypted', params['encrypted']))
        return (
            all(value is None or snapshot[field] == value for field, value in wanted)
            and (not params['block_storage_instance_nos'] or snapshot['block_storage_instance_no'] in params['block_storage_instance_nos'])
            and (not params['hypervisor_types'] or snapshot['hypervisor_type'] in params['hypervisor_types'])
        )
