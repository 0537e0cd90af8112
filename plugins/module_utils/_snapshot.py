# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Block-storage snapshot and volume calls: one thin wrapper per API action, and snapshot states.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Every snapshot leaves here in the collection's result shape (``_result.to_result``), so nothing
above this file reads an NCP field name. "Not found" is ``None``; every other failure is the
client's ``NcloudApiError``.
"""

from __future__ import annotations

from ._errors import NcloudApiError
from ._paging import list_all_chunked
from ._policy import UNREADABLE, classify
from ._result import to_result, volume_result

SNAPSHOT_LIST_KEY = 'blockStorageSnapshotInstanceList'
VOLUME_LIST_KEY = 'blockStorageInstanceList'
SNAPSHOT_KEY = 'blockStorageSnapshotInstanceNo'
CREATE = 'createBlockStorageSnapshotInstance'
DELETE = 'deleteBlockStorageSnapshotInstances'
# What NCP reports while a snapshot lives: created (INIT), ready (CREAT), and the operations on
# it (NULL none, CREAT being made, TERMT being deleted). Anything else is an error state.
KNOWN_STATUSES = frozenset(('INIT', 'CREAT'))
KNOWN_OPERATIONS = frozenset(('NULL', 'CREAT', 'TERMT'))


def error_state(snapshot):
    """Words naming the state when NCP reports one no healthy snapshot is in, else None."""
    if snapshot['status'] in KNOWN_STATUSES and snapshot['operation'] in KNOWN_OPERATIONS:
        return None
    return 'status %s, operation %s (%s)' % (snapshot['status'], snapshot['operation'], snapshot['status_name'])


def get_snapshot(client, snapshot_no, deadline=None):
    body = client.call('getBlockStorageSnapshotInstanceDetail', {SNAPSHOT_KEY: snapshot_no}, deadline=deadline)
    items = body.get(SNAPSHOT_LIST_KEY) or []
    return to_result(items[0], client.region) if items else None


def list_snapshots(client, name=None, volume_nos=None, snapshot_nos=None, deadline=None, **filters):
    """Every snapshot that matches, over all pages, each once, oldest first. ``name`` matches exactly.

    ``filters`` are the list call's other options, by this collection's names (see _FILTERS). Long
    lists of numbers take one request per NUMBERS_PER_REQUEST numbers (``_paging``).
    """
    params = dict(blockStorageSnapshotInstanceNoList=snapshot_nos, blockStorageSnapshotName=name, originalBlockStorageInstanceNoList=volume_nos)
    params.update((_FILTERS[option], value) for option, value in filters.items())
    found = [
        to_result(raw, client.region)
        for raw in list_all_chunked(client, 'getBlockStorageSnapshotInstanceList', params, SNAPSHOT_LIST_KEY, SNAPSHOT_KEY, deadline)
    ]
    # The API's name filter may match partially (undocumented); identity needs the exact name.
    return sorted((snapshot for snapshot in found if name is None or snapshot['name'] == name), key=lambda s: int(s['snapshot_no']))


_FILTERS = {
    'status': 'blockStorageSnapshotInstanceStatusCode',
    'hypervisor_types': 'hypervisorTypeCodeList',
    'bootable': 'isBootable',
    'encrypted': 'isEncryptedOriginalBlockStorageVolume',
}


def get_volume(client, volume_no):
    body = client.call('getBlockStorageInstanceDetail', {'blockStorageInstanceNo': volume_no})
    items = body.get(VOLUME_LIST_KEY) or []
    return volume_result(items[0]) if items else None


def list_volume_facts(client, volume_nos, deadline=None):
    """``{number: facts a snapshot inherits}`` of those of ``volume_nos`` that exist, one list request per chunk."""
    found = list_all_chunked(
        client, 'getBlockStorageInstanceList', {'blockStorageInstanceNoList': list(volume_nos)}, VOLUME_LIST_KEY, 'blockStorageInstanceNo', deadline
    )
    return {facts['block_storage_instance_no']: facts for facts in map(volume_result, found)}


def _write(client, action, params):
    """One write, never resent here; the snapshots NCP reports it acted on.

    NCP's create and delete replies list the snapshots concerned; a 2xx that lists none proves
    nothing about what NCP did, so it counts as an unreadable reply to a write.
    """
    items = client.call(action, params, write=True).get(SNAPSHOT_LIST_KEY) or []
    if not items:
        raise NcloudApiError(action, 'NCP answered without the snapshot it acted on', http_status=200, verdict=classify(UNREADABLE, True))
    return [to_result(raw, client.region) for raw in items]


def send_create(client, volume_no, name, description, snapshot_type):
    """One create request; the snapshot NCP reports it made."""
    return _write(
        client,
        CREATE,
        {
            'originalBlockStorageInstanceNo': volume_no,
            'blockStorageSnapshotName': name,
            'blockStorageSnapshotDescription': description or None,
            'snapshotTypeCode': snapshot_type,
        },
    )[0]


def send_delete(client, snapshot_nos):
    """One delete request for these snapshots (NCP takes several at once)."""
    return _write(client, DELETE, {'blockStorageSnapshotInstanceNoList': list(snapshot_nos)})
