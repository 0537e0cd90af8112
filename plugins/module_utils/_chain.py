# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Incremental snapshot chains: a FULL snapshot and the incrementals taken on it.

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations

from ._errors import ModuleError
from ._snapshot import code_of, is_terminating

# NCP: an incremental needs a FULL snapshot first, and at most 7 incrementals follow one FULL.
MAX_INCREMENTALS = 7


def _number(raw):
    return int(raw['blockStorageSnapshotInstanceNo'])


def current_chain(snapshots):
    """The newest FULL snapshot of one volume and the incrementals taken on it, oldest first.

    ``(None, [])`` when the volume has no FULL snapshot. Snapshot numbers grow with time, so
    they order a volume's snapshots even when two share a creation second. Snapshots being
    deleted no longer count.
    """
    alive = sorted((raw for raw in snapshots if not is_terminating(raw)), key=_number)
    fulls = [raw for raw in alive if code_of(raw.get('snapshotType')) == 'FULL']
    if not fulls:
        return None, []
    full = fulls[-1]
    return full, [raw for raw in alive if _number(raw) > _number(full) and code_of(raw.get('snapshotType')) == 'INCREMENTAL']


def check_incremental_allowed(volume_no, snapshots):
    """Raise, saying how many exist, when NCP would refuse an incremental of this volume."""
    full, incrementals = current_chain(snapshots)
    if full is None:
        raise ModuleError('snapshot_type=INCREMENTAL needs a FULL snapshot of volume %s first; it has none' % volume_no)
    if len(incrementals) >= MAX_INCREMENTALS:
        raise ModuleError('snapshot_type=INCREMENTAL: FULL snapshot %s of volume %s already has %d incrementals, the most NCP '
                          'allows (%d); take a FULL snapshot to start a new chain'
                          % (full['blockStorageSnapshotInstanceNo'], volume_no, len(incrementals), MAX_INCREMENTALS))
