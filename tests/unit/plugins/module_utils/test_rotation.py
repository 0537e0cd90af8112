# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Rotation planning: what goes, in which order, and what chains hold back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._rotation import plan

KST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=KST)


def snap(number, snapshot_type='FULL', name=None, volume='3081227', volume_type='SSD', days_old=0):
    created = NOW - timedelta(days=days_old)
    return {
        'snapshot_no': number,
        'name': name or 'nightly-%s' % number,
        'snapshot_type': snapshot_type,
        'block_storage_instance_no': volume,
        'volume_type': volume_type,
        'create_date': None if number is None else created.strftime('%Y-%m-%dT%H:%M:%S%z'),
    }


def xen_chain(first, incrementals, **kwargs):
    return [snap(str(first), **kwargs)] + [snap(str(first + n), 'INCREMENTAL', **kwargs) for n in range(1, incrementals + 1)]


def test_any_order_volumes_lose_their_oldest_one_by_one():
    snapshots = [snap(str(n), 'INCREMENTAL' if n % 3 else 'FULL', volume_type='CB2') for n in range(1, 7)]
    assert plan(snapshots, keep=2, now=NOW) == {'delete': ['1', '2', '3', '4'], 'deleted': ['1', '2', '3', '4'], 'held': [], 'floor': []}


def test_chains_go_whole_and_newest_first_once_all_members_expired():
    snapshots = xen_chain(100, 2) + xen_chain(200, 1)
    assert plan(snapshots, keep=2, now=NOW) == {'delete': ['100'], 'deleted': ['102', '101', '100'], 'held': [], 'floor': []}


def test_a_chain_with_a_kept_member_is_held():
    snapshots = xen_chain(100, 3)
    assert plan(snapshots, keep=2, now=NOW) == {'delete': [], 'deleted': [], 'held': ['100', '101'], 'floor': []}


def test_unmanaged_snapshots_are_never_deleted_and_hold_their_chain():
    snapshots = xen_chain(100, 1) + [snap('102', 'INCREMENTAL', name='manual-before-upgrade')] + xen_chain(200, 0)
    snapshots += [snap('300', name='manual', volume='3081231', volume_type='CB2')]
    assert plan(snapshots, keep=1, name_prefix='nightly-', now=NOW) == {'delete': [], 'deleted': [], 'held': ['100', '101'], 'floor': []}


def test_a_predicted_snapshot_counts_as_the_newest():
    snapshots = [snap('1', volume_type='CB2'), snap('2', volume_type='CB2'), snap(None, volume_type='CB2')]
    assert plan(snapshots, keep=2, now=NOW)['delete'] == ['1']


def test_a_predicted_incremental_joins_the_newest_chain():
    snapshots = xen_chain(100, 1) + [snap(None, 'INCREMENTAL')]
    assert plan(snapshots, keep=1, now=NOW) == {'delete': [], 'deleted': [], 'held': ['100', '101'], 'floor': []}


def test_max_age_keeps_the_young_ones():
    snapshots = [snap('1', volume_type='CB2', days_old=10), snap('2', volume_type='CB2', days_old=3), snap('3', volume_type='CB2')]
    assert plan(snapshots, max_age_days=7, now=NOW)['delete'] == ['1']


def test_keep_and_max_age_together_keep_what_either_keeps():
    snapshots = [snap(str(n), volume_type='CB2', days_old=10 - n) for n in range(1, 6)]
    assert plan(snapshots, keep=1, max_age_days=7, now=NOW)['delete'] == ['1', '2', '3']


def test_volumes_are_planned_separately():
    snapshots = [snap('1', volume='2', volume_type='CB2'), snap('5', volume='1', volume_type='CB2'), snap('6', volume='1', volume_type='CB2')]
    assert plan(snapshots, keep=1, now=NOW)['delete'] == ['5']


def ready(snapshot, is_ready=True):
    return dict(snapshot, ready=is_ready)


def test_the_floor_keeps_tonights_and_the_newest_ready_snapshot_when_keep_says_one():
    # Tonight's (3) is still being made: the newest ready one (2) stays too, or the volume has nothing to restore from.
    snapshots = [ready(snap('1', volume_type='CB2')), ready(snap('2', volume_type='CB2')), ready(snap('3', volume_type='CB2'), False)]
    assert plan(snapshots, keep=1, protect=['3'], now=NOW) == {'delete': ['1'], 'deleted': ['1'], 'held': [], 'floor': ['2']}
    assert plan(snapshots, keep=1, protect=['3'], keep_newest_ready=False, now=NOW)['delete'] == ['1', '2']


def test_the_floor_holds_old_snapshots_that_max_age_alone_would_delete():
    snapshots = [ready(snap('1', volume_type='CB2', days_old=30)), ready(snap('2', volume_type='CB2', days_old=20))]
    assert plan(snapshots, max_age_days=7, now=NOW) == {'delete': ['1'], 'deleted': ['1'], 'held': [], 'floor': ['2']}


def test_a_floor_snapshot_inside_a_xen_chain_holds_the_chain():
    snapshots = [ready(s) for s in xen_chain(100, 2, days_old=10)]
    assert plan(snapshots, max_age_days=1, now=NOW) == {'delete': [], 'deleted': [], 'held': ['100', '101'], 'floor': ['102']}


def test_a_predicted_snapshot_that_will_be_ready_lifts_the_floor_of_the_one_before():
    snapshots = [ready(snap('1', volume_type='CB2')), ready(snap('2', volume_type='CB2')), snap(None, volume_type='CB2')]
    assert plan(snapshots, keep=1, now=NOW, predicted_ready=True)['delete'] == ['1', '2']
    assert plan(snapshots, keep=1, now=NOW, predicted_ready=False)['delete'] == ['1']


def test_settings_that_keep_nothing_are_refused():
    for keep, max_age_days in ((None, None), (0, None), (0, 0), (None, 0)):
        with pytest.raises(ValueError, match='would delete every snapshot'):
            plan([], keep=keep, max_age_days=max_age_days)
