# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The blockstorage_snapshot_info task: every snapshot that matches, in the result shape.

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations

from ._snapshot import list_snapshots
from ._validation import check_name, check_number


class SnapshotInfoTask:
    """One run of blockstorage_snapshot_info."""

    def __init__(self, client, params, check_mode, warn):
        self.client = client
        self.params = params

    @staticmethod
    def check_input(params):
        """NCP's documented rules, checked before any request leaves."""
        check_number('snapshot_nos', params['snapshot_nos'] or [])
        check_number('block_storage_instance_nos', params['block_storage_instance_nos'] or [])
        check_name('name', params['name'])

    def run(self):
        params = self.params
        snapshots = list_snapshots(self.client, name=params['name'], volume_nos=params['block_storage_instance_nos'] or None,
                                   snapshot_nos=params['snapshot_nos'] or None, status=params['status'],
                                   hypervisor_types=params['hypervisor_types'] or None, bootable=params['bootable'],
                                   encrypted=params['encrypted'])
        return {'changed': False, 'snapshots': snapshots}
