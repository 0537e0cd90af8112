# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Creating a snapshot exactly once: unknown outcomes are looked up, never resent; races are settled.

Private to the ncloud.vserver collection: not a public API, may change without notice.

NCP has no idempotency token and does not keep snapshot names unique, and its lists may lag a
few seconds behind a create. So a create whose outcome is unknown is never sent again: with a
name, the module looks for it for ``CONSISTENCY_WINDOW`` seconds, and otherwise says the create
may have been applied (a later run finds it by name). Overlapping runs that each made a snapshot
settle, once NCP lists their own one, on the lowest number; the others delete theirs.
"""

from __future__ import annotations

from ._errors import ModuleError, NcloudApiError
from ._result import is_terminating, number_of, parse_date
from ._snapshot import list_snapshots, send_create, send_delete
from ._waiter import WaitTimeout, retry_while_busy, wait_for

# How long NCP's lists may lag behind a create, as far as this module waits for them. NCP
# publishes no bound; "a few seconds" is what the lag has been described as (docs/reliability.md).
CONSISTENCY_WINDOW = 30.0
_LOOK_INTERVAL = 2.0
# The emulator's code for a refused name (invented: NCP publishes none; docs/emulator.md).
NAME_REFUSED_CODES = frozenset(('9901003',))


def _until_listed(client, read, found, window_ends):
    """``read()`` now, then every couple of seconds until ``found(result)`` or the window ends; the last result."""
    current = read()
    if found(current):
        return current
    try:
        return wait_for(read, found, window_ends, client.clock, lambda dummy: client.sleep(max(0.0, min(_LOOK_INTERVAL, window_ends - client.clock()))))
    except WaitTimeout as exc:
        return exc.last


def create_once(client, volume, name, description, snapshot_type, busy_deadline):
    """Send the create (again only while NCP refuses it as busy); the snapshot NCP made."""
    volume_no = volume['block_storage_instance_no']
    try:
        return retry_while_busy(
            client, lambda: send_create(client, volume_no, name, description, snapshot_type), busy_deadline, 'the create on volume %s' % volume_no
        )
    except NcloudApiError as exc:
        if not exc.maybe_applied:
            if name and (exc.code in NAME_REFUSED_CODES or 'blockStorageSnapshotName' in exc.message):
                exc.hint = (
                    'NCP refused the name %r. Its current API documentation allows letters, digits, "-" and "_", but '
                    'its CLI documentation and an older copy allow letters, digits and "-" only: that older rule '
                    'may apply, so try the name without "_"' % name
                )
            raise
        if not name:
            raise ModuleError(
                'the create of a snapshot of volume %s may have been applied (%s), and with no name nothing '
                'identifies the new snapshot: list the snapshots of volume %s before running the task again' % (volume_no, exc, volume_no),
                cause=exc,
            ) from None
        window_ends = client.clock() + CONSISTENCY_WINDOW
        made = _until_listed(client, lambda: list_snapshots(client, name=name, volume_nos=[volume_no]), bool, window_ends)
        if made:
            return made[0]
        raise ModuleError(
            'the create of snapshot %r may have been applied (%s), and NCP did not list it on volume %s within %d '
            'seconds. Run the task again later: it finds the snapshot by name if NCP made it, and creates it if '
            'not' % (name, exc, volume_no, CONSISTENCY_WINDOW),
            cause=exc,
        ) from None


def settle_race(client, own, name, min_age_minutes, cleanup_deadline):
    """``(snapshot the task stands for, warning or None)`` once overlapping runs are settled.

    Competitors are the snapshots that would have satisfied this task: the same name on the
    volume, or (unnamed, with ``min_age_minutes``) the volume's snapshots younger than that. The
    lowest number stays; numbers grow with time, so every run picks the same one. A run that
    lost deletes its own snapshot and returns the winner.
    """
    volume_no = own['block_storage_instance_no']

    def competitors():
        found = [snapshot for snapshot in list_snapshots(client, name=name, volume_nos=[volume_no]) if not is_terminating(snapshot)]
        return found if name else [snapshot for snapshot in found if _younger(client, snapshot, min_age_minutes)]

    try:
        found = _until_listed(client, competitors, lambda found: own['snapshot_no'] in [s['snapshot_no'] for s in found], client.clock() + CONSISTENCY_WINDOW)
    except NcloudApiError as exc:
        raise ModuleError(
            'NCP accepted snapshot %s, but looking for another run\'s snapshot of the same task then failed: %s' % (own['snapshot_no'], exc),
            result={'snapshot': own},
            cause=exc,
        ) from None
    if own['snapshot_no'] not in [snapshot['snapshot_no'] for snapshot in found]:
        return own, (
            'NCP did not list snapshot %s within %d seconds, so another run making the same snapshot at the same '
            'time could not be ruled out' % (own['snapshot_no'], CONSISTENCY_WINDOW)
        )
    winner = min(found, key=number_of)
    if winner['snapshot_no'] == own['snapshot_no']:
        return own, None
    retry_while_busy(client, lambda: send_delete(client, [own['snapshot_no']]), cleanup_deadline, 'the delete of duplicate snapshot %s' % own['snapshot_no'])
    return winner, (
        'another run made snapshot %s for this task at the same time; the lowest number stays, so this run '
        'deleted its own snapshot %s and returns %s' % (winner['snapshot_no'], own['snapshot_no'], winner['snapshot_no'])
    )


def _younger(client, snapshot, minutes):
    created = parse_date(snapshot['create_date'])
    return created is None or client.clock() - created.timestamp() < minutes * 60
