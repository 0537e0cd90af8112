# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A rotation night from what the role's tasks registered: failure isolation and the summary."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ncloud.vserver.plugins.filter.rotation_report import rotation_report
from ansible_collections.ncloud.vserver.plugins.filter.rotation_tonight import rotation_tonight
from ansible_collections.ncloud.vserver.plugins.filter.today import today

KST = timezone(timedelta(hours=9))
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=KST)


def snapshot(number, volume, name=None, ready=True, days_old=0, snapshot_type='FULL', depth=0):
    return {
        'snapshot_no': number,
        'block_storage_instance_no': volume,
        'name': name or 'nightly-%s' % number,
        'ready': ready,
        'snapshot_type': snapshot_type,
        'chain_depth': depth,
        'volume_type': 'CB2',
        'create_date': (NOW - timedelta(days=days_old)).strftime('%Y-%m-%dT%H:%M:%S%z'),
    }


def taken(volume, made=None, failed=None, changed=True):
    if failed:
        return {'item': volume, 'failed': True, 'msg': failed, 'changed': False}
    return {'item': volume, 'failed': False, 'changed': changed, 'snapshot': made}


def test_a_failing_volume_is_reported_and_the_others_go_on():
    results = [
        taken('1', snapshot('11', '1', ready=False)),
        taken('2', failed='block_storage_instance_no 2 does not exist'),
        taken('3', snapshot('31', '3', ready=False)),
    ]
    waited = {
        'failed': True,
        'msg': 'snapshot 31 is in an error state',
        'snapshots': [snapshot('11', '1')],
        'pending': [{'snapshot_no': '31', 'reason': 'in an error state: FAIL'}],
    }
    before_wait = rotation_tonight(results)
    assert before_wait['numbers'] == ['11', '31']
    night = rotation_tonight(results, waited)
    assert night['ok_volumes'] == ['1']
    assert night['snapshots'] == [snapshot('11', '1')]  # re-read by the wait: ready now
    assert night['failed'] == {
        '2': 'taking the snapshot failed: block_storage_instance_no 2 does not exist',
        '3': 'snapshot 31 did not become ready: in an error state: FAIL',
    }


def test_a_wait_that_failed_without_saying_which_fails_every_waited_volume():
    results = [taken('1', snapshot('11', '1', ready=False))]
    night = rotation_tonight(results, {'failed': True, 'msg': 'NCP replied 503'})
    assert night['failed'] == {'1': 'waiting for snapshot 11 failed: NCP replied 503'} and night['ok_volumes'] == []


def test_a_predicted_snapshot_has_nothing_to_wait_for():
    night = rotation_tonight([taken('1', snapshot(None, '1', name='nightly-20261203', ready=False))], {'skipped': True})
    assert night['numbers'] == [] and night['ok_volumes'] == ['1'] and night['snapshots'][0]['snapshot_no'] is None


def test_the_summary_says_what_was_taken_kept_deleted_and_why_a_volume_failed():
    results = [taken('1', snapshot('13', '1')), taken('2', failed='no such volume'), taken('4', snapshot('41', '4'), changed=False)]
    night = rotation_tonight(results, {'snapshots': [snapshot('13', '1'), snapshot('41', '4')], 'pending': []})
    listed = {'snapshots': [snapshot('11', '1', days_old=2), snapshot('12', '1', days_old=1), snapshot('40', '4', days_old=3)]}
    plan = {'delete': ['11', '40'], 'deleted': ['11', '40'], 'held': [], 'floor': []}
    deleted = [
        {'item': '11', 'changed': True, 'deleted_snapshots': [snapshot('11', '1', days_old=2)]},
        {'item': '40', 'failed': False, 'msg': 'NCP keeps snapshot 40: a server image was made from it'},
    ]
    summary = rotation_report(night, listed, plan, deleted, {'pending': []})
    one, two, four = summary['volumes']
    assert one['taken'] == {'snapshot_no': '13', 'name': 'nightly-13', 'changed': True, 'snapshot_type': 'FULL', 'chain_depth': 0, 'ready': True}
    assert one['kept'] == ['12', '13'] and [gone['snapshot_no'] for gone in one['deleted']] == ['11']
    assert one['deleted'][0]['name'] == 'nightly-11' and one['deleted'][0]['age_days'] >= 2
    assert two == {
        'volume': '2',
        'taken': None,
        'kept': None,
        'deleted': [],
        'held': [],
        'image_backed': [],
        'failed': 'taking the snapshot failed: no such volume',
    }
    assert four['image_backed'] == ['40'] and four['kept'] == ['40', '41'] and four['failed'] is None
    assert summary['failed'] == ['2'] and summary['taken'] == 1 and summary['deleted'] == 1
    header, *rows = summary['table']
    assert header.split() == ['volume', 'taken', 'kept', 'deleted', 'held', 'failed']
    assert rows[0].split()[:4] == ['1', '13', 'FULL', '2'] and 'nightly-11' in rows[0]
    assert rows[1].rstrip().endswith('taking the snapshot failed: no such volume')
    assert '40 (server image)' in rows[2] and '(already there)' in rows[2]


def test_a_listing_that_failed_rotates_no_volume_and_says_why():
    night = rotation_tonight([taken('1', snapshot('13', '1'))])
    summary = rotation_report(night, {'failed': True, 'msg': 'NCP replied 500'}, {'delete': [], 'held': []})
    assert summary['failed'] == ['1'] and summary['volumes'][0]['failed'] == 'listing the snapshots failed: NCP replied 500'


def test_a_delete_that_failed_or_did_not_finish_fails_its_volume():
    night = rotation_tonight([taken('1', snapshot('13', '1')), taken('2', snapshot('23', '2'))])
    listed = {'snapshots': [snapshot('11', '1'), snapshot('21', '2'), snapshot('13', '1'), snapshot('23', '2')]}
    deleted = [{'item': '11', 'failed': True, 'msg': 'NCP replied 500'}, {'item': '21', 'changed': True, 'deleted_snapshots': [snapshot('21', '2')]}]
    gone = {'failed': True, 'pending': [{'snapshot_no': '21', 'reason': 'still listed after wait_timeout=60 seconds'}]}
    summary = rotation_report(night, listed, {'delete': ['11', '21'], 'held': []}, deleted, gone)
    assert summary['volumes'][0]['failed'] == 'deleting snapshot 11 failed: NCP replied 500'
    assert summary['volumes'][1]['failed'] == 'snapshot 21 is not gone yet: still listed after wait_timeout=60 seconds'
    assert summary['deleted'] == 0


def test_bad_inputs_are_filter_errors():
    with pytest.raises(AnsibleFilterError, match='what blockstorage_snapshot_batch registered'):
        rotation_tonight(['not a result'])
    with pytest.raises(AnsibleFilterError, match='what the rotation tasks registered'):
        rotation_report({'volumes': 'x'}, {}, {})


def test_today_is_the_date_in_the_time_zone_not_in_utc():
    just_after_midnight_in_seoul = datetime(2026, 12, 2, 15, 30, tzinfo=timezone.utc)
    assert today('Asia/Seoul', now=just_after_midnight_in_seoul) == '20261203'
    assert today('UTC', now=just_after_midnight_in_seoul) == '20261202'
    assert today('America/Los_Angeles', '%Y-%m-%d', now=just_after_midnight_in_seoul) == '2026-12-02'
    with pytest.raises(AnsibleFilterError, match='not a time zone'):
        today('Mars/Olympus')
    with pytest.raises(AnsibleFilterError, match='IANA name'):
        today(None)


def test_in_check_mode_a_snapshot_still_being_made_counts_as_ready_and_not_failed():
    # The real run waits for it before rotating; check mode only looked once (waited: false).
    results = [taken('1', snapshot('11', '1', ready=False))]
    waited = {
        'waited': False,
        'snapshots': [snapshot('11', '1', ready=False)],
        'pending': [{'snapshot_no': '11', 'reason': 'not ready after wait_timeout=0 seconds'}],
    }
    night = rotation_tonight(results, waited)
    assert night['failed'] == {} and night['ok_volumes'] == ['1'] and night['snapshots'][0]['ready'] is True


def test_the_batch_module_registers_the_same_items_as_a_loop():
    results = [taken('1', snapshot('11', '1')), taken('2', failed='block_storage_instance_no 2 does not exist')]
    registered = {'failed': True, 'msg': '1 of 2 volumes failed', 'results': results, 'snapshots': [], 'pending': []}
    assert rotation_tonight(registered, volumes=['1', '2']) == rotation_tonight(results)


def test_a_batch_that_failed_before_its_volumes_fails_each_of_them():
    registered = {'failed': True, 'msg': 'NCP replied 500 to getBlockStorageInstanceList'}
    night = rotation_tonight(registered, volumes=['1', '2'])
    assert night['ok_volumes'] == [] and night['numbers'] == []
    assert night['failed'] == {
        '1': 'taking the snapshot failed: NCP replied 500 to getBlockStorageInstanceList',
        '2': 'taking the snapshot failed: NCP replied 500 to getBlockStorageInstanceList',
    }


def test_a_batch_delete_that_failed_before_its_snapshots_fails_their_volumes_and_a_skipped_one_deletes_nothing():
    night = rotation_tonight([taken('1', snapshot('13', '1')), taken('2', snapshot('23', '2'))])
    listed = {'snapshots': [snapshot('11', '1'), snapshot('13', '1'), snapshot('23', '2')]}
    plan = {'delete': ['11'], 'held': []}
    summary = rotation_report(night, listed, plan, {'failed': True, 'msg': 'NCP replied 500'}, None)
    assert summary['failed'] == ['1'] and summary['volumes'][0]['failed'] == 'deleting snapshot 11 failed: NCP replied 500'
    skipped = rotation_report(night, listed, {'delete': [], 'held': []}, {'skipped': True, 'changed': False}, None)
    assert skipped['failed'] == [] and skipped['deleted'] == 0 and skipped['volumes'][0]['kept'] == ['11', '13']
