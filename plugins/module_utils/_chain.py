# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Snapshot chains, the one model the module and the rotation planner share.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Works on snapshots in the collection's result shape (fields the rotation filter's input may
leave out count as unknown). A chain is a FULL snapshot and the
incrementals taken after it. Snapshot types exist on XEN volumes (SSD, HDD) only: NCP makes a
FULL for every snapshot of a KVM volume, whatever type was asked (docs/emulator.md has the
sources). On XEN an incremental needs a FULL first, at most 7 follow one FULL, and a chain is
deleted from its end. Should NCP ever report incrementals of a KVM volume (its delete guide
speaks of CB1/FB1 chains), the delete order holds for them too: only CB2/FB2 snapshots may go
in any order.
"""

from __future__ import annotations

from ._errors import ModuleError
from ._result import number_of

MAX_INCREMENTALS = 7
ANY_ORDER_VOLUME_TYPES = frozenset(('CB2', 'FB2'))


def has_snapshot_types(volume):
    """Whether NCP honours snapshot types on this volume: XEN (and a volume that does not say)."""
    return volume['hypervisor_type'] != 'KVM'


def deleted_newest_first(snapshot):
    """Whether NCP holds this snapshot's volume to deleting its chains newest first."""
    return snapshot.get('volume_type') not in ANY_ORDER_VOLUME_TYPES


def chains(snapshots):
    """Snapshots not being deleted, split into chains, oldest first; each chain oldest first."""
    alive = sorted((snapshot for snapshot in snapshots if snapshot.get('operation') != 'TERMT'), key=_order)
    found = []
    for snapshot in alive:
        if snapshot.get('snapshot_type') == 'FULL' or not found:
            found.append([])
        found[-1].append(snapshot)
    return found


def _order(snapshot):
    """Oldest first: numbers grow with time; a predicted snapshot (no number yet) is the newest."""
    return (1, 0) if snapshot.get('snapshot_no') is None else (0, number_of(snapshot))


def dependants(target, snapshots):
    """What must be deleted before ``target`` where chains go newest first, newest first."""
    chain = next((chain for chain in chains(snapshots) if target['snapshot_no'] in [s['snapshot_no'] for s in chain]), [])
    return list(reversed([snapshot for snapshot in chain if _order(snapshot) > _order(target)]))


def _current_chain(snapshots):
    """The newest FULL snapshot and the incrementals after it; ``(None, [])`` without a FULL."""
    full_chains = [chain for chain in chains(snapshots) if chain[0]['snapshot_type'] == 'FULL']
    return (full_chains[-1][0], full_chains[-1][1:]) if full_chains else (None, [])


def _no_room(full, incrementals):
    """Why the chain of ``full`` takes no more incrementals, or None while it does.

    The depth NCP reports counts too: where a middle incremental was deleted, the chain can be
    deeper than the incrementals left.
    """
    depth = max([len(incrementals)] + [snapshot['chain_depth'] for snapshot in incrementals])
    if depth < MAX_INCREMENTALS:
        return None
    if depth == len(incrementals):
        return 'FULL snapshot %s already has %d incrementals, the most NCP allows' % (full['snapshot_no'], depth)
    return 'the chain of FULL snapshot %s is already %d incrementals deep, the most NCP allows' % (full['snapshot_no'], depth)


def check_incremental_allowed(volume, snapshots):
    """Raise, saying how many exist, when NCP would refuse an incremental of this XEN volume."""
    full, incrementals = _current_chain(snapshots)
    volume_no = volume['block_storage_instance_no']
    if full is None:
        raise ModuleError('snapshot_type=INCREMENTAL needs a FULL snapshot of volume %s first; it has none' % volume_no)
    if full['status'] != 'CREAT':
        raise ModuleError(
            'snapshot_type=INCREMENTAL: FULL snapshot %s of volume %s is still being created; an incremental can '
            'follow it once it is ready' % (full['snapshot_no'], volume_no)
        )
    reason = _no_room(full, incrementals)
    if reason:
        raise ModuleError('snapshot_type=INCREMENTAL on volume %s: %s (%d); take a FULL snapshot to start a new chain' % (volume_no, reason, MAX_INCREMENTALS))


def choose_type(volume, snapshots):
    """``(snapshot_type, reason)`` for snapshot_type=AUTO: extend the current chain while it has room."""
    volume_no = volume['block_storage_instance_no']
    if not has_snapshot_types(volume):
        return 'FULL', 'volume %s is a KVM volume (%s), and NCP makes a FULL snapshot of KVM volumes whatever type is asked' % (
            volume_no,
            volume['volume_type'],
        )
    full, incrementals = _current_chain(snapshots)
    if full is None:
        return 'FULL', 'volume %s has no FULL snapshot to build on' % volume_no
    reason = _no_room(full, incrementals)
    if reason:
        return 'FULL', reason
    check_incremental_allowed(volume, snapshots)
    return 'INCREMENTAL', 'FULL snapshot %s has %d of %d incrementals' % (full['snapshot_no'], len(incrementals), MAX_INCREMENTALS)
