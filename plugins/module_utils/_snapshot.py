# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Block-storage snapshot calls: one thin wrapper per API action, and the one result shape.

Private to the ncloud.vserver collection: not a public API, may change without notice.

"Not found" is ``None``; every other failure is the client's ``NcloudApiError``. Raw API objects
stay inside module_utils: modules get them through :func:`to_result`.
"""

from __future__ import annotations

from datetime import datetime

from ._errors import ModuleError, NcloudApiError

SNAPSHOT_LIST_KEY = 'blockStorageSnapshotInstanceList'
VOLUME_LIST_KEY = 'blockStorageInstanceList'


def code_of(common_code):
    """The ``code`` of an NCP CommonCode; its ``codeName`` text varies and is never compared."""
    return common_code.get('code') if isinstance(common_code, dict) else common_code


def _first(body, key):
    items = body.get(key) or []
    return items[0] if items else None


def to_result(raw, region):
    """The result shape shared by every module of the collection (see design.md)."""
    return {
        'snapshot_no': raw.get('blockStorageSnapshotInstanceNo'),
        'name': raw.get('blockStorageSnapshotName'),
        'description': raw.get('blockStorageSnapshotDescription') or '',
        'block_storage_instance_no': raw.get('originalBlockStorageInstanceNo'),
        'volume_size': int(raw.get('blockStorageSnapshotVolumeSize') or 0),
        'status': code_of(raw.get('blockStorageSnapshotInstanceStatus')),
        'status_name': raw.get('blockStorageSnapshotInstanceStatusName'),
        'operation': code_of(raw.get('blockStorageSnapshotInstanceOperation')),
        'snapshot_type': code_of(raw.get('snapshotType')),
        'base_snapshot_no': raw.get('baseSnapshotInstanceNo') or None,
        'chain_depth': int(raw.get('snapshotChainDepth') or 0),
        'create_date': raw.get('createDate'),
        'encrypted': bool(raw.get('isEncryptedOriginalBlockStorageVolume')),
        'bootable': bool(raw.get('isBootable')),
        'hypervisor_type': code_of(raw.get('hypervisorType')),
        'volume_type': code_of(raw.get('blockStorageVolumeType')),
        'region': region,
    }


def created_at(raw):
    """``createDate`` (``2024-06-15T17:49:14+0900``) as an aware datetime."""
    return datetime.strptime(raw['createDate'], '%Y-%m-%dT%H:%M:%S%z')


def is_ready(raw):
    return code_of(raw.get('blockStorageSnapshotInstanceStatus')) == 'CREAT' and \
        code_of(raw.get('blockStorageSnapshotInstanceOperation')) != 'TERMT'


def is_terminating(raw):
    return code_of(raw.get('blockStorageSnapshotInstanceOperation')) == 'TERMT'


def get_snapshot(client, snapshot_no):
    body = client.call('getBlockStorageSnapshotInstanceDetail', {'blockStorageSnapshotInstanceNo': snapshot_no})
    return _first(body, SNAPSHOT_LIST_KEY)


def list_snapshots(client, name=None, volume_nos=None, snapshot_nos=None, **filters):
    """Every snapshot that matches, over all pages. ``name`` matches exactly."""
    params = dict(blockStorageSnapshotInstanceNoList=snapshot_nos, blockStorageSnapshotName=name,
                  originalBlockStorageInstanceNoList=volume_nos, **filters)
    found = client.list_all('getBlockStorageSnapshotInstanceList', params, SNAPSHOT_LIST_KEY)
    # The API's name filter may match partially (undocumented); identity needs the exact name.
    return [raw for raw in found if name is None or raw.get('blockStorageSnapshotName') == name]


def find_snapshot(client, snapshot_no=None, name=None, volume_no=None, min_age_minutes=0):
    """The snapshot a task means, or None (the rules are in blockstorage_snapshot's description).

    By number; else by exact name (on one volume when given), failing when several match; else
    with ``min_age_minutes``, the volume's newest snapshot if it is younger than that.
    """
    if snapshot_no:
        return get_snapshot(client, snapshot_no)
    if name:
        matches = list_snapshots(client, name=name, volume_nos=[volume_no] if volume_no else None)
        if len(matches) > 1:
            raise ModuleError('name %r matches %d snapshots (%s): use snapshot_no, or block_storage_instance_no to look on one '
                              'volume only' % (name, len(matches), ', '.join(raw['blockStorageSnapshotInstanceNo'] for raw in matches)))
        return matches[0] if matches else None
    if min_age_minutes:
        alive = [raw for raw in list_snapshots(client, volume_nos=[volume_no]) if not is_terminating(raw)]
        newest = max(alive, key=created_at, default=None)
        if newest and client.clock() - created_at(newest).timestamp() < min_age_minutes * 60:
            return newest
    return None


def get_volume(client, volume_no):
    body = client.call('getBlockStorageInstanceDetail', {'blockStorageInstanceNo': volume_no})
    return _first(body, VOLUME_LIST_KEY)


def create_snapshot(client, volume_no, name, description, snapshot_type):
    """Create a snapshot; if the reply is lost, look it up before ever sending the create again.

    With a name, a snapshot of that name on the volume after a lost reply is the one we made
    (the caller looked for that name before creating). Without one nothing identifies it, so we
    stop and say so rather than guess.
    """
    params = {'originalBlockStorageInstanceNo': volume_no, 'blockStorageSnapshotName': name,
              'blockStorageSnapshotDescription': description or None, 'snapshotTypeCode': snapshot_type}
    for attempt in range(client.retries + 1):
        try:
            return _first(client.call('createBlockStorageSnapshotInstance', params, write=True), SNAPSHOT_LIST_KEY)
        except NcloudApiError as exc:
            if not exc.maybe_applied:
                raise
            if not name:
                exc.hint = ('the create may have been applied, and with no name nothing identifies the new snapshot: '
                            'list the snapshots of volume %s before running the task again' % volume_no)
                raise
            made = list_snapshots(client, name=name, volume_nos=[volume_no])
            if made:
                return made[0]
            if attempt == client.retries:
                exc.hint = 'the create may have been applied; snapshot %r was not found on volume %s after %d attempts' % (
                    name, volume_no, attempt + 1)
                raise
    raise AssertionError('unreachable: the loop returns or raises')  # pragma: no cover


def delete_snapshots(client, snapshots):
    """Delete snapshots; after a lost reply, re-read and resend only for those still there."""
    pending = list(snapshots)
    for attempt in range(client.retries + 1):
        numbers = [raw['blockStorageSnapshotInstanceNo'] for raw in pending]
        try:
            client.call('deleteBlockStorageSnapshotInstances', {'blockStorageSnapshotInstanceNoList': numbers}, write=True)
            return
        except NcloudApiError as exc:
            if not exc.maybe_applied:
                raise
            current = [get_snapshot(client, number) for number in numbers]
            pending = [raw for raw in current if raw is not None and not is_terminating(raw)]
            if not pending:
                return
            if attempt == client.retries:
                exc.hint = 'snapshots %s are still there after %d delete attempts' % (
                    ', '.join(raw['blockStorageSnapshotInstanceNo'] for raw in pending), attempt + 1)
                raise


def predicted_result(volume, name, description, snapshot_type, region):
    """What a create would return, for check mode: only what is known before NCP answers."""
    predicted = dict.fromkeys(to_result({}, region), None)
    predicted.update({
        'name': name,
        'description': description or '',
        'block_storage_instance_no': volume.get('blockStorageInstanceNo'),
        'volume_size': int(volume.get('blockStorageSize') or 0),
        'snapshot_type': snapshot_type or 'FULL',
        'encrypted': bool(volume.get('isEncryptedVolume')),
        'hypervisor_type': code_of(volume.get('hypervisorType')),
        'volume_type': code_of(volume.get('blockStorageVolumeType')),
        'region': region,
    })
    return predicted
