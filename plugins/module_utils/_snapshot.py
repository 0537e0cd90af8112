# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Block-storage snapshot calls: one thin wrapper per API action, and finding the snapshot a task means.

Private to the ncloud.vserver collection: not a public API, may change without notice.

"Not found" is ``None``; every other failure is the client's ``NcloudApiError``. Raw API objects
stay inside module_utils: modules get them through ``_result.to_result``.
"""

from __future__ import annotations

from ._errors import ModuleError, NcloudApiError
from ._result import code_of, created_at, snapshot_number

SNAPSHOT_LIST_KEY = 'blockStorageSnapshotInstanceList'
VOLUME_LIST_KEY = 'blockStorageInstanceList'


def _checked(items, key, check=snapshot_number):
    """``items`` (the list NCP sent under ``key``), each checked: a snapshot must have a readable number."""
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ModuleError('NCP replied with a %s that is not a list of objects; nothing more was done' % key)
    for item in items:
        check(item)
    return items


def _first(body, key, check=snapshot_number):
    items = _checked(body.get(key) or [], key, check)
    return items[0] if items else None


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
    found = _checked(client.list_all('getBlockStorageSnapshotInstanceList', params, SNAPSHOT_LIST_KEY), SNAPSHOT_LIST_KEY)
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
    return _first(body, VOLUME_LIST_KEY, check=lambda volume: None)


def _look_for(client, name, volume_no, patience):
    """The snapshot of ``name`` on the volume, looking again for up to ``patience`` seconds; else None."""
    give_up = client.clock() + patience
    while True:
        made = list_snapshots(client, name=name, volume_nos=[volume_no])
        if made or client.clock() >= give_up:
            return min(made, key=snapshot_number) if made else None
        client.sleep(min(1.0, give_up - client.clock()))


def create_snapshot(client, volume_no, name, description, snapshot_type):
    """Create a snapshot; if the reply is lost, look it up before ever sending the create again.

    With a name, a snapshot of that name on the volume after a lost reply is the one we made
    (the caller looked for that name before creating). Without one nothing identifies it, so we
    stop and say so rather than guess. A create that got no answer at all may still be applied
    late: then it is looked for during api_timeout seconds, and never sent again.
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
            made = _look_for(client, name, volume_no, client.timeout if exc.maybe_in_flight else 0)
            if made:
                return made
            if exc.maybe_in_flight or attempt == client.retries:
                exc.hint = ('the create may have been applied: snapshot %r was not found on volume %s yet. Run the task again '
                            'later: it finds the snapshot if NCP made it, and creates it if not' % (name, volume_no))
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
            pending = [raw for raw in list_snapshots(client, snapshot_nos=numbers) if not is_terminating(raw)]
            if not pending:
                return
            if attempt == client.retries:
                exc.hint = 'snapshots %s are still there after %d delete attempts' % (
                    ', '.join(raw['blockStorageSnapshotInstanceNo'] for raw in pending), attempt + 1)
                raise
