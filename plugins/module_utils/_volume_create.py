# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Creating a volume, from a snapshot or empty, exactly once; then attaching it where asked.

Private to the ncloud.vserver collection: not a public API, may change without notice.

NCP creates a XEN volume attached to the server named in the create; a KVM volume it creates
detached in a zone, to be attached once created (createBlockStorageInstance; Terraform's
ncloud_block_storage does the same). A create whose outcome is unknown is never resent: the
volume's name (required for a create) is looked up in its zone, as snapshots are (_create.py).
"""

from __future__ import annotations

from ._create import CONSISTENCY_WINDOW, _until_listed
from ._errors import ModuleError, NcloudApiError
from ._snapshot import get_snapshot
from ._volume import get_volume, list_volumes, send_attach, send_create
from ._volume_apply import Step
from ._volume_result import GIB, predicted_volume
from ._volume_rules import check_create, check_usable_snapshot, hypervisor_of
from ._volume_wait import attached_to, is_detached, is_terminating, wait_until
from ._waiter import retry_while_busy


def create_volume(task):
    """The blockstorage task's create: reads and rules first, then one create, then the attach (KVM)."""
    client, params = task.client, task.params
    if not params['name']:
        raise ModuleError('name is required to create a volume: it is how a create whose reply is lost is found again')
    snapshot = None
    if params['snapshot_no']:
        snapshot = get_snapshot(client, params['snapshot_no'])
        check_usable_snapshot(snapshot, params['snapshot_no'], client.region)
    server = task.server(params['server_instance_no'], {}) if params['server_instance_no'] else None
    hypervisor = hypervisor_of(params, snapshot, server)
    size = check_create(params, hypervisor, snapshot, server)
    zone = params['zone'] or (server['zone'] if server else None)
    volume_type = params['volume_type'] or (snapshot['volume_type'] if snapshot and hypervisor == 'KVM' else None)
    request = {
        'zoneCode': zone if hypervisor == 'KVM' or params['zone'] else None,
        'blockStorageName': params['name'],
        'blockStorageSize': size,
        'blockStorageDescription': params['description'] or None,
        'blockStorageSnapshotInstanceNo': params['snapshot_no'],
        'blockStorageDiskDetailTypeCode': params['disk_detail_type'],
        'blockStorageVolumeTypeCode': volume_type if hypervisor == 'KVM' else None,
        # XEN volumes are created attached; NCP refuses a server on a KVM create.
        'serverInstanceNo': server['server_instance_no'] if hypervisor == 'XEN' else None,
        'isReturnProtection': params['return_protection'],
    }
    if task.check_mode:
        return task.result(True, {}, _predicted(client, params, request, snapshot, hypervisor, zone, volume_type))
    made = _create_once(task, request, zone)
    if server is None:
        current = _wait(task, made, is_detached, 'created (detached, status CREAT)') if params['wait'] else made
    elif hypervisor == 'XEN':
        current = (
            _wait(task, made, attached_to(server['server_instance_no']), 'created attached to server %s' % server['server_instance_no'])
            if params['wait']
            else made
        )
    else:
        current = _attach_when_created(task, made, server['server_instance_no'])
    return task.result(True, {}, current)


def _wait(task, volume, done, goal):
    return wait_until(task.client, volume, done, goal, task.deadline, task.params['wait_timeout'])


def _attach_when_created(task, made, server_no):
    """KVM: NCP attaches only a created volume, so this waits for that even without ``wait``."""
    created = _wait(task, made, is_detached, 'created (detached, status CREAT)')
    number = made['block_storage_instance_no']
    task.apply(
        created,
        Step(
            'the attach of volume %s to server %s' % (number, server_no),
            lambda: send_attach(task.client, number, server_no),
            'ATTAC',
            attached_to(server_no),
            'attached to server %s' % server_no,
        ),
    )
    if not task.params['wait']:
        return get_volume(task.client, number) or created
    return _wait(task, created, attached_to(server_no), 'attached to server %s' % server_no)


def _create_once(task, request, zone):
    client, name = task.client, request['blockStorageName']
    try:
        return retry_while_busy(client, lambda: send_create(client, request), task.busy_deadline, 'the create of volume %r' % name)
    except NcloudApiError as exc:
        if not exc.maybe_applied:
            raise
        window_ends = client.clock() + CONSISTENCY_WINDOW
        made = _until_listed(client, lambda: [volume for volume in list_volumes(client, name=name, zone=zone) if not is_terminating(volume)], bool, window_ends)
        if made:
            return made[0]
        raise ModuleError(
            'the create of volume %r may have been applied (%s), and NCP did not list it%s within %d seconds. Run '
            'the task again later: it finds the volume by name if NCP made it, and creates it if not'
            % (name, exc, ' in zone %s' % zone if zone else '', CONSISTENCY_WINDOW),
            cause=exc,
        ) from None


def _predicted(client, params, request, snapshot, hypervisor, zone, volume_type):
    """The volume a create would make, for check mode: only what is known before NCP answers."""
    size = request['blockStorageSize']
    return predicted_volume(
        client.region,
        name=params['name'],
        description=params['description'] or '',
        zone=zone,
        storage_type='SVRBS',
        volume_size=size * GIB if size is not None else snapshot['volume_size'],
        hypervisor_type=hypervisor,
        volume_type=volume_type,
        disk_detail_type=(params['disk_detail_type'] or 'SSD') if hypervisor == 'XEN' else None,
        server_instance_no=params['server_instance_no'] or None,
        snapshot_no=params['snapshot_no'],
        encrypted=bool(snapshot and snapshot['encrypted']),
        return_protection=bool(params['return_protection']),
    )
