# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Properties of rotation planning over every combination of keep and max_age_days.

Whatever the settings and snapshots: tonight's snapshots and each volume's newest ready one stay,
unmanaged ones stay, chains that NCP deletes newest first go whole or not at all, and check mode
(tonight's snapshot only predicted) plans the same deletes as the real run.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.ncloud.vserver.plugins.module_utils._chain import chains, deleted_newest_first
from ansible_collections.ncloud.vserver.plugins.module_utils._rotation import plan

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone(timedelta(hours=9)))
VOLUMES = {'101': 'SSD', '102': 'CB1', '103': 'CB2'}
KEEP = st.one_of(st.none(), st.integers(0, 6))
MAX_AGE = st.one_of(st.none(), st.integers(0, 12))


@st.composite
def volume_snapshots(draw):
    """Snapshots of up to three volumes, numbered in creation order, some unmanaged, some not ready."""
    snapshots, number = [], 1000
    for volume, volume_type in VOLUMES.items():
        for days_old in sorted(draw(st.lists(st.integers(0, 20), max_size=9)), reverse=True):
            number += draw(st.integers(1, 3))
            snapshots.append(
                {
                    'snapshot_no': str(number),
                    'block_storage_instance_no': volume,
                    'volume_type': volume_type,
                    'name': 'nightly-%d' % number if draw(st.integers(0, 5)) else 'manual-%d' % number,
                    'snapshot_type': draw(st.sampled_from(['FULL', 'FULL', 'INCREMENTAL'])),
                    'create_date': (NOW - timedelta(days=days_old, hours=1)).strftime('%Y-%m-%dT%H:%M:%S%z'),
                    'ready': draw(st.integers(0, 4)) > 0,
                }
            )
    return snapshots


def allowed(keep, max_age_days):
    return bool(keep) or bool(max_age_days)


def tonight(snapshots, volume, number, snapshot_type, ready):
    """Tonight's snapshot as the real run sees it after its wait, or (number None) as check mode predicts it."""
    return {
        'snapshot_no': number,
        'block_storage_instance_no': volume,
        'volume_type': VOLUMES[volume],
        'name': 'nightly-tonight',
        'snapshot_type': snapshot_type,
        'ready': ready,
        'create_date': None if number is None else NOW.strftime('%Y-%m-%dT%H:%M:%S%z'),
    }


@settings(max_examples=300, deadline=None)
@given(volume_snapshots(), KEEP, MAX_AGE, st.booleans())
def test_the_floor_holds_under_every_setting(snapshots, keep, max_age_days, keep_newest_ready):
    if not allowed(keep, max_age_days):
        with pytest.raises(ValueError):
            plan(snapshots, keep=keep, max_age_days=max_age_days, now=NOW)
        return
    protect = [s['snapshot_no'] for s in snapshots if s['name'].endswith('7')]
    result = plan(snapshots, keep=keep, max_age_days=max_age_days, name_prefix='nightly-', now=NOW, protect=protect, keep_newest_ready=keep_newest_ready)
    deleted = set(result['deleted'])
    assert len(deleted) == len(result['deleted'])
    assert not deleted & set(protect)
    by_number = {s['snapshot_no']: s for s in snapshots}
    assert all(by_number[number]['name'].startswith('nightly-') for number in deleted)
    for volume in VOLUMES:
        mine = [s for s in snapshots if s['block_storage_instance_no'] == volume]
        ready = [s['snapshot_no'] for chain in chains(mine) for s in chain if s['ready']]
        if keep_newest_ready and ready:
            assert ready[-1] not in deleted
        if keep:
            managed = [s['snapshot_no'] for chain in chains(mine) for s in chain if s['name'].startswith('nightly-')]
            assert not deleted & set(managed[-keep:])
        for chain in chains(mine):
            members = {s['snapshot_no'] for s in chain}
            if deleted_newest_first(chain[0]):
                assert not (members & deleted) or members <= deleted


@settings(max_examples=300, deadline=None)
@given(volume_snapshots(), KEEP, MAX_AGE, st.sampled_from(['FULL', 'INCREMENTAL']), st.booleans())
def test_check_mode_plans_the_deletes_of_the_real_run(snapshots, keep, max_age_days, snapshot_type, wait):
    if not allowed(keep, max_age_days):
        return
    real = [tonight(snapshots, volume, str(5000 + n), snapshot_type, wait) for n, volume in enumerate(VOLUMES)]
    predicted = [tonight(snapshots, volume, None, snapshot_type, False) for volume in VOLUMES]
    options = dict(keep=keep, max_age_days=max_age_days, name_prefix='nightly-', now=NOW)
    after_run = plan(snapshots + real, protect=[s['snapshot_no'] for s in real], **options)
    in_check_mode = plan(snapshots + predicted, predicted_ready=wait, **options)
    assert in_check_mode['delete'] == after_run['delete']
    assert in_check_mode['deleted'] == after_run['deleted']
    assert not set(after_run['deleted']) & {s['snapshot_no'] for s in real}
