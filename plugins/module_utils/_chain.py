# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Incremental snapshot chains: a FULL snapshot and the incrementals taken on it.

Private to the ncloud.vserver collection: not a public API, may change without notice.

NCP's rules (console guide): an incremental needs a FULL snapshot first; at most 7 incrementals
follow one FULL; a new incremental joins the chain of the volume's newest FULL. On XEN (SSD, HDD)
and KVM CB1/FB1 volumes a chain is deleted from its end: a FULL only once its incrementals are
gone, an incremental only when it is the newest. On KVM CB2/FB2 any snapshot may go at any time.
"""

from __future__ import annotations

from ._errors import ModuleError
from ._result import code_of, number_field, snapshot_number
from ._snapshot import is_ready, is_terminating

MAX_INCREMENTALS = 7
# Volume types whose snapshots may be deleted in any order; every other type (and a snapshot
# that does not say) is held to newest-first, the rule that cannot break a chain.
ANY_ORDER_VOLUME_TYPES = frozenset(('CB2', 'FB2'))


def _is_full(raw):
    return code_of(raw.get('snapshotType')) == 'FULL'


def _alive(snapshots):
    """Snapshots not being deleted, oldest first: numbers grow with time, even within a second."""
    return sorted((raw for raw in snapshots if not is_terminating(raw)), key=snapshot_number)


def current_chain(snapshots):
    """The newest FULL snapshot of one volume and the incrementals taken on it, oldest first.

    ``(None, [])`` when the volume has no FULL snapshot.
    """
    alive = _alive(snapshots)
    fulls = [raw for raw in alive if _is_full(raw)]
    if not fulls:
        return None, []
    return fulls[-1], [raw for raw in alive if snapshot_number(raw) > snapshot_number(fulls[-1])]


def _chain_full(full, incrementals):
    """Why the chain of ``full`` has no room for another incremental, or None while it has.

    The chain depth NCP reports counts too: on CB2/FB2 volumes a deleted middle incremental
    leaves fewer incrementals than the chain is deep, and the depth is what runs out.
    """
    depth = max([len(incrementals)] + [number_field(raw, 'snapshotChainDepth') for raw in incrementals])
    if depth < MAX_INCREMENTALS:
        return None
    number = full['blockStorageSnapshotInstanceNo']
    if depth == len(incrementals):
        return 'FULL snapshot %s already has %d incrementals, the most NCP allows' % (number, depth)
    return 'the chain of FULL snapshot %s is already %d incrementals deep, the most NCP allows' % (number, depth)


def check_incremental_allowed(volume_no, snapshots):
    """Raise, saying how many exist, when NCP would refuse an incremental of this volume."""
    full, incrementals = current_chain(snapshots)
    if full is None:
        raise ModuleError('snapshot_type=INCREMENTAL needs a FULL snapshot of volume %s first; it has none' % volume_no)
    if not is_ready(full):
        raise ModuleError('snapshot_type=INCREMENTAL: FULL snapshot %s of volume %s is still being created; an incremental can '
                          'follow it once it is ready' % (full['blockStorageSnapshotInstanceNo'], volume_no))
    full_reason = _chain_full(full, incrementals)
    if full_reason:
        raise ModuleError('snapshot_type=INCREMENTAL on volume %s: %s (%d); take a FULL snapshot to start a new chain'
                          % (volume_no, full_reason, MAX_INCREMENTALS))


def choose_type(volume_no, snapshots):
    """``(snapshot_type, reason)`` for snapshot_type=AUTO: extend the current chain while it has room."""
    full, incrementals = current_chain(snapshots)
    if full is None:
        return 'FULL', 'volume %s has no FULL snapshot to build on' % volume_no
    full_reason = _chain_full(full, incrementals)
    if full_reason:
        return 'FULL', full_reason
    check_incremental_allowed(volume_no, snapshots)
    return 'INCREMENTAL', 'FULL snapshot %s has %d of %d incrementals' % (
        full['blockStorageSnapshotInstanceNo'], len(incrementals), MAX_INCREMENTALS)


def deleted_newest_first(raw):
    """Whether NCP holds this snapshot's volume type to deleting its chains newest first."""
    return code_of(raw.get('blockStorageVolumeType')) not in ANY_ORDER_VOLUME_TYPES


def dependants(target, snapshots):
    """What must be deleted before ``target`` where chains go newest first, newest first.

    For a FULL: its incrementals. For an incremental: the newer incrementals of its chain.
    """
    later = [raw for raw in _alive(snapshots) if snapshot_number(raw) > snapshot_number(target)]
    chain_end = next((index for index, raw in enumerate(later) if _is_full(raw)), len(later))
    return list(reversed(later[:chain_end]))
