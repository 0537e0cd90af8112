# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Snapshot rotation: which snapshots to delete so each volume keeps its newest ones.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Works on snapshots in the collection's result shape (as blockstorage_snapshot_info returns them;
a snapshot that check mode only predicts has no number and counts as the newest). Only snapshots
whose name starts with the prefix are ever deleted. Where NCP deletes chains newest first (XEN,
KVM CB1/FB1), a chain goes only as a whole, once every member is expired and managed: anything
else would break a snapshot that is kept.

A floor holds whatever the settings: the snapshots taken tonight (``protect``) and each volume's
newest ready snapshot are never deleted. Only ``keep_newest_ready=False`` lowers the second, and
settings that keep nothing at all (no ``keep`` and no ``max_age_days`` above 0) are refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ._chain import chains, deleted_newest_first
from ._result import parse_date


def _expired(snapshots, keep, max_age_days, now, is_managed):
    """Numbers of managed snapshots that neither the newest ``keep`` nor ``max_age_days`` keeps."""
    managed = list(reversed([snapshot for chain in chains(snapshots) for snapshot in chain if is_managed(snapshot)]))
    expired = set()
    for rank, snapshot in enumerate(managed):
        kept_by_count = keep is not None and rank < keep
        created = parse_date(snapshot.get('create_date'))
        kept_by_age = max_age_days is not None and (created is None or now - created < timedelta(days=max_age_days))
        if snapshot.get('snapshot_no') is not None and not (kept_by_count or kept_by_age):
            expired.add(snapshot['snapshot_no'])
    return expired


def counts_as_ready(snapshot, predicted_ready=False):
    """Ready to restore from: CREAT and not being deleted; a predicted one (no number) as the caller says."""
    if snapshot.get('snapshot_no') is None:
        return predicted_ready
    if 'ready' in snapshot:
        return bool(snapshot['ready'])
    return snapshot.get('status') == 'CREAT' and snapshot.get('operation') != 'TERMT'


def _floor(volume_snapshots, protect, keep_newest_ready, predicted_ready):
    """Numbers this volume keeps whatever the settings: tonight's, and its newest ready snapshot."""
    floor = {snapshot['snapshot_no'] for snapshot in volume_snapshots if snapshot.get('snapshot_no') in protect}
    ready = [snapshot for chain in chains(volume_snapshots) for snapshot in chain if counts_as_ready(snapshot, predicted_ready)]
    if keep_newest_ready and ready and ready[-1].get('snapshot_no') is not None:
        floor.add(ready[-1]['snapshot_no'])
    return floor


def check_settings(keep, max_age_days):
    """Refuse settings that would keep no snapshot at all, before anything is taken or deleted."""
    if not keep and not max_age_days:
        raise ValueError(
            'keep=%s with max_age_days=%s would delete every snapshot of a volume; keep at least 1, or keep '
            'snapshots younger than at least 1 day' % (keep, max_age_days)
        )


def plan(snapshots, keep=None, max_age_days=None, name_prefix='', now=None, protect=(), keep_newest_ready=True, predicted_ready=False):
    """``{'delete': [...], 'deleted': [...], 'held': [...], 'floor': [...]}`` for a set of volumes' snapshots.

    ``delete`` lists the snapshot numbers to delete with ``cascade: true``, in a safe order;
    ``deleted`` every number that goes with them (a chain's members newest first); ``held`` the
    expired numbers kept because a snapshot that stays depends on them; ``floor`` the expired
    numbers kept by the floor (tonight's, and each volume's newest ready one). A predicted snapshot
    counts as ready when ``predicted_ready`` (the real run waits for it before rotating).
    """
    check_settings(keep, max_age_days)
    now = now or datetime.now().astimezone()
    protect = set(protect or ())

    def is_managed(snapshot):
        return (snapshot.get('name') or '').startswith(name_prefix)

    by_volume = {}
    for snapshot in snapshots:
        by_volume.setdefault(snapshot['block_storage_instance_no'], []).append(snapshot)
    result = {'delete': [], 'deleted': [], 'held': [], 'floor': []}
    for volume_no in sorted(by_volume, key=int):
        volume_snapshots = by_volume[volume_no]
        expired = _expired(volume_snapshots, keep, max_age_days, now, is_managed)
        floor = expired & _floor(volume_snapshots, protect, keep_newest_ready, predicted_ready)
        result['floor'].extend(sorted(floor, key=int))
        expired -= floor
        in_any_order = not any(deleted_newest_first(snapshot) for snapshot in volume_snapshots)
        groups = [[snapshot] for chain in chains(volume_snapshots) for snapshot in chain] if in_any_order else chains(volume_snapshots)
        for group in groups:
            numbers = [snapshot.get('snapshot_no') for snapshot in group]
            doomed = [number for number in numbers if number in expired]
            if doomed and len(doomed) == len(numbers):
                result['delete'].append(numbers[0])
                result['deleted'].extend(reversed(numbers))
            else:
                result['held'].extend(doomed)
    return result
