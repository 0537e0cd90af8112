# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which snapshot a task means (the rules are in blockstorage_snapshot's description).

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations

from ._errors import ModuleError
from ._result import is_terminating, parse_date
from ._snapshot import get_snapshot, list_snapshots


def find_snapshot(client, snapshot_no=None, name=None, volume_no=None, min_age_minutes=0):
    """The snapshot a task means, or None.

    By number; else by exact name (on one volume when given), failing when several that are not
    being deleted match; else with ``min_age_minutes``, the volume's newest snapshot if it is
    younger than that.
    """
    if snapshot_no:
        return get_snapshot(client, snapshot_no)
    if name:
        matches = list_snapshots(client, name=name, volume_nos=[volume_no] if volume_no else None)
        alive = [snapshot for snapshot in matches if not is_terminating(snapshot)]
        if len(alive) > 1:
            raise ModuleError(_ambiguous(name, alive, volume_no))
        return (alive or matches or [None])[0]
    if min_age_minutes:
        alive = [snapshot for snapshot in list_snapshots(client, volume_nos=[volume_no]) if not is_terminating(snapshot)]
        newest = alive[-1] if alive else None
        created = parse_date(newest['create_date']) if newest else None
        if created and client.clock() - created.timestamp() < min_age_minutes * 60:
            return newest
    return None


def _ambiguous(name, alive, volume_no):
    numbers = ', '.join(snapshot['snapshot_no'] for snapshot in alive)
    advice = 'use snapshot_no, or block_storage_instance_no to look on one volume only' if not volume_no else 'use snapshot_no'
    return 'name %r matches %d snapshots (%s): NCP does not keep names unique. Overlapping runs keep the lowest number, %s; delete the others, or %s' % (
        name,
        len(alive),
        numbers,
        alive[0]['snapshot_no'],
        advice,
    )
