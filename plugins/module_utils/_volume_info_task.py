# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The blockstorage_info task: every volume that matches, in the volume result shape.

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations

from ._validation import check_number
from ._volume import list_volumes


class VolumeInfoTask:
    """One run of blockstorage_info."""

    def __init__(self, client, params, check_mode, warn):
        self.client = client
        self.params = params

    @staticmethod
    def check_input(params):
        """NCP's documented rules, checked before any request leaves."""
        check_number('block_storage_instance_nos', params['block_storage_instance_nos'] or [])
        check_number('server_instance_no', params['server_instance_no'])

    def run(self):
        params = self.params
        volumes = list_volumes(
            self.client,
            name=params['name'],
            volume_nos=params['block_storage_instance_nos'] or None,
            zone=params['zone'],
            server_instance_no=params['server_instance_no'],
            status=params['status'],
            storage_types=params['storage_types'],
            volume_types=params['volume_types'],
            hypervisor_types=params['hypervisor_types'],
        )
        return {'changed': False, 'volumes': volumes}
