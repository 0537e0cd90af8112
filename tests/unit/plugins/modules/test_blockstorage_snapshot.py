# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""blockstorage_snapshot through main(), with every HTTP exchange scripted in order.

tests/unit/plugins/action/test_in_process_blockstorage_snapshot.py runs the same tests through the action plugin.
"""

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.ncloud.vserver.tests.unit.plugins.paths import runner
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import SECRET_KEY, ok, reply, snapshot, volume

LIST = 'getBlockStorageSnapshotInstanceList'
DETAIL = 'getBlockStorageSnapshotInstanceDetail'
VOLUME = 'getBlockStorageInstanceDetail'
CREATE = 'createBlockStorageSnapshotInstance'
DELETE = 'deleteBlockStorageSnapshotInstances'
WRITES = {CREATE, DELETE}
VOL = '3081227'
PAGE = {'pageNo': '1', 'pageSize': '1000'}
BY_NAME = dict(PAGE, blockStorageSnapshotName='snap-a', **{'originalBlockStorageInstanceNoList.1': VOL})
BY_VOLUME = dict(PAGE, **{'originalBlockStorageInstanceNoList.1': VOL})
NEW = {'originalBlockStorageInstanceNo': VOL, 'blockStorageSnapshotName': 'snap-a'}


@pytest.fixture
def path():
    """The module path here; tests/unit/plugins/action runs these tests again on the controller path."""
    return 'module'


@pytest.fixture
def run(path, capsys, keys, clock, monkeypatch):
    """Run the task with ``args`` on the ``path`` fixture's execution path; the result carries ``warned``.

    Warnings are caught at AnsibleModule.warn (or taken from the action's result): how ansible-core
    reports them afterwards depends on what else the test process has imported.
    """
    return runner(path, 'blockstorage_snapshot', capsys, monkeypatch)


def test_create_waits_until_ready_and_returns_fresh_facts(run, ncp, clock):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(
        CREATE,
        dict(NEW, blockStorageSnapshotDescription='nightly backup', snapshotTypeCode='FULL'),
        ok(CREATE, [snapshot('901', status='INIT', operation='CREAT')]),
    )
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901', status='INIT', operation='CREAT')]))  # no other run made it too
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901', status='INIT', operation='CREAT')]))
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'description': 'nightly backup', 'snapshot_type': 'FULL'})
    assert result['changed'] is True
    assert result['snapshot']['status'] == 'CREAT' and result['snapshot']['status_name'] == 'created'
    assert result['snapshot']['volume_size'] == 53687091200 and result['snapshot']['region'] == 'KR'
    assert clock.sleeps == pytest.approx([0.5, 0.5375])
    assert 'diff' not in result


def test_result_has_the_documented_shape(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901', snapshot_type='INCREMENTAL', depth=2, base='900')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'})
    assert result['snapshot'] == {
        'snapshot_no': '901',
        'name': 'snap-a',
        'description': '',
        'block_storage_instance_no': VOL,
        'volume_size': 53687091200,
        'status': 'CREAT',
        'status_name': 'created',
        'operation': 'NULL',
        'snapshot_type': 'INCREMENTAL',
        'base_snapshot_no': '900',
        'chain_depth': 2,
        'create_date': '2026-11-27T09:00:00+0900',
        'encrypted': False,
        'bootable': False,
        'hypervisor_type': 'XEN',
        'volume_type': 'SSD',
        'region': 'KR',
        'ready': True,
        'terminating': False,
    }


def test_create_in_check_mode_sends_no_write(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'}, check_mode=True, diff=True)
    assert result['changed'] is True
    assert not WRITES & set(ncp.actions)
    assert result['snapshot']['snapshot_no'] is None and result['snapshot']['name'] == 'snap-a'
    assert result['diff'] == {'before': {}, 'after': result['snapshot']}


def test_converged_run_costs_one_request(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'}, diff=True)
    assert result['changed'] is False and len(ncp.sent) == 1
    assert result['diff']['before'] == result['diff']['after'] == result['snapshot']


def test_found_snapshot_with_other_description_earns_a_warning(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'description': 'other'})
    assert result['changed'] is False
    assert result['warned'] == ["snapshot 901 has description '', not 'other' as the task asks; NCP cannot change it, so it was left as it is"]


def test_found_snapshot_still_creating_is_waited_for_without_change(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901', status='INIT', operation='CREAT')]))
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'})
    assert result['changed'] is False and result['snapshot']['status'] == 'CREAT'


def test_ambiguous_name_fails_naming_the_snapshots(run, ncp):
    ncp.expect(LIST, dict(PAGE, blockStorageSnapshotName='snap-a'), ok(LIST, [snapshot('901'), snapshot('907', volume='55')]))
    result = run({'name': 'snap-a', 'state': 'absent'})
    assert result['failed'] and "matches 2 snapshots (901, 907)" in result['msg']


def test_partial_name_matches_from_the_api_are_ignored(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901', name='snap-ab')]))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'}, check_mode=True)
    assert result['changed'] is True


def test_unknown_snapshot_no_fails_and_never_creates(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '999'}, ok(DETAIL))
    result = run({'snapshot_no': '999'})
    assert result['failed'] and 'snapshot_no 999 does not exist in region KR' in result['msg']


def test_unknown_volume_fails_before_creating(run, ncp):
    ncp.expect(LIST, BY_VOLUME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [], 'blockStorageInstanceList'))
    result = run({'block_storage_instance_no': VOL, 'last_snapshot_min_age': 60})
    assert result['failed'] and 'block_storage_instance_no 3081227 does not exist' in result['msg']


def test_incremental_needs_a_full_snapshot_first(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(LIST, BY_VOLUME, ok(LIST))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'INCREMENTAL'})
    assert result['failed'] and 'needs a FULL snapshot of volume 3081227 first' in result['msg']


def chain(incrementals):
    full = [snapshot('100', name='full')]
    return full + [snapshot(str(101 + n), name='inc%d' % n, snapshot_type='INCREMENTAL', depth=n + 1, base='100') for n in range(incrementals)]


def test_incremental_past_the_limit_fails_saying_how_many_exist(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, chain(7)))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'INCREMENTAL'})
    assert (
        result['failed']
        and ('snapshot_type=INCREMENTAL on volume 3081227: FULL snapshot 100 already has 7 incrementals, the most NCP allows (7)') in result['msg']
    )


def test_incremental_within_the_limit_is_created(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, chain(6)))
    ncp.expect(CREATE, dict(NEW, snapshotTypeCode='INCREMENTAL'), ok(CREATE, [snapshot('200', snapshot_type='INCREMENTAL')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('200', snapshot_type='INCREMENTAL')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'INCREMENTAL', 'wait': False})
    assert result['changed'] and result['snapshot']['snapshot_no'] == '200'


def test_wait_timeout_fails_with_number_and_last_status(run, ncp, clock):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW, ok(CREATE, [snapshot('901', status='INIT', operation='CREAT')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901', status='INIT', operation='CREAT')]))
    for dummy in range(8):  # polls at 0.5, 1.04, 1.62, 2.24, 2.90, 3.62, 4.39 and 5 s (the deadline)
        ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901', status='INIT', operation='CREAT')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'wait_timeout': 5})
    assert result['failed']
    assert 'snapshot 901 was not ready (status CREAT) after wait_timeout=5 seconds; last status INIT (creating)' in result['msg']
    assert result['snapshot']['snapshot_no'] == '901' and sum(clock.sleeps) == pytest.approx(5)


def test_bad_api_rate_limit_fails_before_any_request(run, ncp):
    result = run({'snapshot_no': '901', 'api_rate_limit': 0})
    assert result['failed'] and result['msg'].startswith('api_rate_limit must be more than 0') and ncp.sent == []


def test_poll_interval_grows_with_the_time_waited(run, ncp, clock):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901', status='INIT', operation='CREAT')]))
    for dummy in range(19):
        ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901', status='INIT', operation='CREAT')]))
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901')]))
    result = run({'snapshot_no': '901'})
    assert result['changed'] is False
    # Half a second, then half a second plus 7.5 % of the time waited so far.
    assert clock.sleeps[:3] == pytest.approx([0.5, 0.5375, 0.5778], abs=1e-4)
    assert all(later == pytest.approx(0.5 + 0.075 * sum(clock.sleeps[: index + 1])) for index, later in enumerate(clock.sleeps[1:]))
    assert len(clock.sleeps) == 20 and clock.sleeps[-1] > 1.5


def test_delete_waits_until_gone(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901')]))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('901')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '901'}, ok(DELETE, [snapshot('901', operation='TERMT')]))
    ncp.expect(LIST, dict(PAGE, **{'blockStorageSnapshotInstanceNoList.1': '901'}), ok(LIST, [snapshot('901', operation='TERMT')]))
    ncp.expect(LIST, dict(PAGE, **{'blockStorageSnapshotInstanceNoList.1': '901'}), ok(LIST))
    result = run({'snapshot_no': '901', 'state': 'absent'}, diff=True)
    assert result['changed'] is True and result['snapshot']['snapshot_no'] == '901'
    assert result['deleted_snapshots'] == [result['snapshot']]
    # issue 13 point 8: a diff is a dict; a list broke Ansible's diff callback ("no attribute 'splitlines'").
    assert result['diff'] == {'before': {'snapshots': [result['snapshot']]}, 'after': {'snapshots': []}}


def test_delete_in_check_mode_sends_no_write(run, ncp):
    ncp.expect(LIST, dict(PAGE, blockStorageSnapshotName='snap-a'), ok(LIST, [snapshot('901')]))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('901')]))
    result = run({'name': 'snap-a', 'state': 'absent'}, check_mode=True)
    assert result['changed'] is True and ncp.actions == [LIST, LIST]


def test_delete_on_cb2_needs_no_chain_check(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, [snapshot('100', volume_type='CB2')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '100'}, ok(DELETE, [snapshot('100', operation='TERMT')]))
    result = run({'snapshot_no': '100', 'state': 'absent', 'wait': False})
    assert result['changed'] is True and len(ncp.sent) == 2


def test_delete_of_a_full_with_incrementals_is_refused_naming_them(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, chain(0)))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, chain(3)))
    result = run({'snapshot_no': '100', 'state': 'absent'})
    assert result['failed'] and 'snapshot 100 cannot be deleted before 103, 102, 101' in result['msg']
    assert 'cascade=true' in result['msg'] and DELETE not in ncp.actions


def test_delete_of_a_middle_incremental_is_refused(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '101'}, ok(DETAIL, chain(3)[1:2]))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, chain(3) + [snapshot('200', name='next-full')]))
    result = run({'snapshot_no': '101', 'state': 'absent'})
    assert result['failed'] and 'snapshot 101 cannot be deleted before 103, 102:' in result['msg']


def test_cascade_deletes_dependants_newest_first_in_one_call(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, chain(0)))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, chain(2) + [snapshot('200', name='next-full')]))
    ncp.expect(
        DELETE,
        {'blockStorageSnapshotInstanceNoList.1': '102', 'blockStorageSnapshotInstanceNoList.2': '101', 'blockStorageSnapshotInstanceNoList.3': '100'},
        ok(DELETE),
    )
    doomed = {'blockStorageSnapshotInstanceNoList.1': '102', 'blockStorageSnapshotInstanceNoList.2': '101', 'blockStorageSnapshotInstanceNoList.3': '100'}
    ncp.expect(LIST, dict(PAGE, **doomed), ok(LIST, [snapshot('100', operation='TERMT')]))
    ncp.expect(LIST, dict(PAGE, **doomed), ok(LIST))
    result = run({'snapshot_no': '100', 'state': 'absent', 'cascade': True}, diff=True)
    assert result['changed'] is True and ncp.actions.count(LIST) == 3
    assert [item['snapshot_no'] for item in result['deleted_snapshots']] == ['102', '101', '100']
    assert result['diff']['before'] == {'snapshots': result['deleted_snapshots']}


def test_cascade_in_check_mode_predicts_the_whole_cascade(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, chain(0)))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, chain(2)))
    result = run({'snapshot_no': '100', 'state': 'absent', 'cascade': True}, check_mode=True, diff=True)
    assert [item['snapshot_no'] for item in result['diff']['before']['snapshots']] == ['102', '101', '100']
    assert result['diff']['after'] == {'snapshots': []}
    assert DELETE not in ncp.actions


def test_delete_when_gone_is_unchanged(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL))
    result = run({'snapshot_no': '901', 'state': 'absent'}, diff=True)
    assert result['changed'] is False and result['snapshot'] == {} and result['deleted_snapshots'] == []
    assert result['diff'] == {'before': {'snapshots': []}, 'after': {'snapshots': []}}


def test_delete_of_a_terminating_snapshot_is_unchanged(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901', operation='TERMT')]))
    result = run({'snapshot_no': '901', 'state': 'absent', 'wait': False})
    assert result['changed'] is False


def test_recent_snapshot_satisfies_last_snapshot_min_age(run, ncp, clock):
    # The fake clock stands at 2026-11-27T09:40:00+0900.
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('901', created='2026-11-27T09:00:00+0900'), snapshot('902', created='2026-11-27T09:30:00+0900')]))
    result = run({'block_storage_instance_no': VOL, 'last_snapshot_min_age': 60})
    assert result['changed'] is False and result['snapshot']['snapshot_no'] == '902'


def test_old_snapshot_does_not_satisfy_last_snapshot_min_age(run, ncp):
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('901', created='2026-11-27T09:00:00+0900')]))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    result = run({'block_storage_instance_no': VOL, 'last_snapshot_min_age': 30}, check_mode=True)
    assert result['changed'] is True


def test_lost_create_reply_is_reconciled_by_name_not_resent(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW, requests.exceptions.ReadTimeout())
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'})
    assert result['changed'] is True and result['snapshot']['snapshot_no'] == '901'
    assert ncp.actions.count(CREATE) == 1


def test_create_applied_but_answered_500_is_found_while_the_list_lags_and_never_resent(run, ncp, clock):
    # issue 10 case 1: 0.1.0 looked once, found nothing (the list lags) and sent the create again.
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW, reply(500, {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}}))
    ncp.expect(LIST, BY_NAME, ok(LIST)).expect(LIST, BY_NAME, ok(LIST))  # not listed yet
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('902')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('902')]))  # the race check: ours is the only one
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'wait': False})
    assert result['changed'] is True and result['snapshot']['snapshot_no'] == '902'
    assert ncp.actions.count(CREATE) == 1 and clock.sleeps == [2.0, 2.0]


def test_create_with_an_unknown_outcome_not_listed_within_the_window_may_have_been_applied(run, ncp, clock):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW, reply(503, {'error': {'errorCode': '500', 'message': 'Endpoint Error', 'details': ''}}))
    for dummy in range(16):  # at once, then every 2 seconds for 30 seconds
        ncp.expect(LIST, BY_NAME, ok(LIST))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'})
    assert result['failed'] and "the create of snapshot 'snap-a' may have been applied" in result['msg']
    assert 'did not list it on volume 3081227 within 30 seconds' in result['msg']
    assert result['failure'] == {'action': CREATE, 'http_status': 503, 'ncp_code': '500', 'maybe_applied': True, 'maybe_in_flight': False}
    assert ncp.actions.count(CREATE) == 1 and sum(clock.sleeps) == 30


@pytest.mark.parametrize('named', [True, False])
def test_create_answered_200_with_no_snapshot_may_have_been_applied(run, ncp, named):
    # issue 10 case 7: 0.1.0 crashed ('NoneType' object has no attribute 'get') or said the number is None.
    args = {'block_storage_instance_no': VOL, 'wait': False}
    if named:
        ncp.expect(LIST, BY_NAME, ok(LIST))
        args['name'] = 'snap-a'
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW if named else {'originalBlockStorageInstanceNo': VOL}, ok(CREATE, []))
    if named:
        ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('903')]))  # it was made
        ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('903')]))  # and no other run made one too
    result = run(args)
    if named:
        assert result['changed'] and result['snapshot']['snapshot_no'] == '903'
    else:
        assert result['failed'] and 'may have been applied' in result['msg'] and result['failure']['maybe_applied'] is True


def test_lost_create_reply_without_name_fails_without_guessing(run, ncp):
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, {'originalBlockStorageInstanceNo': VOL}, requests.exceptions.ConnectionError('Connection aborted.'))
    result = run({'block_storage_instance_no': VOL})
    assert result['failed'] and 'may have been applied' in result['msg'] and 'with no name nothing identifies' in result['msg']
    assert result['failure']['maybe_applied'] is True and result['failure']['maybe_in_flight'] is True


def test_api_error_is_reported_with_action_status_and_code(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}}))
    result = run({'snapshot_no': '901'})
    assert result['msg'].startswith('getBlockStorageSnapshotInstanceDetail failed (HTTP 401, NCP code 200): Authentication Failed.')
    assert SECRET_KEY not in json.dumps(result)


@pytest.mark.parametrize(
    'args, message',
    [
        ({'block_storage_instance_no': VOL, 'name': 'ab'}, 'name must be 3 to 30 characters'),
        ({'block_storage_instance_no': VOL, 'name': '1abc'}, 'start with a letter'),
        ({'block_storage_instance_no': VOL, 'name': 'abc-'}, 'end with a letter or digit'),
        ({'block_storage_instance_no': VOL, 'name': 'a' * 31}, 'name must be 3 to 30 characters'),
        ({'block_storage_instance_no': VOL, 'name': 'snap a'}, 'letters, digits, "-" and "_"'),
        ({'block_storage_instance_no': VOL, 'description': '가' * 334}, 'description must be at most 1000 bytes in UTF-8; got 1002 bytes'),
        ({'block_storage_instance_no': 'vol-1'}, 'block_storage_instance_no must be an NCP instance number'),
        ({'snapshot_no': '12x'}, 'snapshot_no must be an NCP instance number'),
        ({'block_storage_instance_no': VOL, 'wait_timeout': -1}, 'wait_timeout must be 0 or more'),
        ({'block_storage_instance_no': VOL, 'last_snapshot_min_age': -5}, 'last_snapshot_min_age must be 0 or more'),
        ({'block_storage_instance_no': VOL, 'snapshot_type': 'DIFF'}, 'value of snapshot_type must be one of: FULL, INCREMENTAL'),
        ({'name': 'snap-a'}, 'state is present but any of the following are missing: snapshot_no, block_storage_instance_no'),
        ({'state': 'absent'}, 'state is absent but any of the following are missing: snapshot_no, name'),
        ({'snapshot_no': '1', 'name': 'snap-a'}, 'parameters are mutually exclusive: snapshot_no|name'),
        ({'snapshot_no': '1', 'api_url': 'ftp://x'}, 'api_url must be an http:// or https:// URL'),
        ({'snapshot_no': '1', 'api_url': 'https://gw.test/?x=1'}, 'without query, fragment or user name'),
        ({'snapshot_no': '1', 'api_url': 'https://gw.test/#top'}, 'without query, fragment or user name'),
        ({'snapshot_no': '1', 'api_url': 'https://me:pw@gw.test'}, 'without query, fragment or user name'),
        ({'snapshot_no': '1', 'api_timeout': 0}, 'api_timeout must be from 1 to 3600, got 0'),
        ({'snapshot_no': '1', 'api_timeout': 10000000000}, 'api_timeout must be from 1 to 3600'),
        ({'snapshot_no': '1', 'api_retries': 21}, 'api_retries must be from 0 to 20, got 21'),
        ({'snapshot_no': '1', 'region': 'kr'}, 'region must be an NCP region code'),
        ({'snapshot_no': '1', 'region': 'KR\n'}, 'region must be an NCP region code'),
    ],
)
def test_bad_input_fails_before_any_request(run, ncp, args, message):
    result = run(args)
    assert result['failed'] and message in result['msg']
    assert ncp.sent == []


def test_missing_keys_fail_before_any_request(run, ncp, monkeypatch):
    monkeypatch.delenv('NCLOUD_SECRET_KEY')
    result = run({'snapshot_no': '1'})
    assert result['failed'] and result['msg'].startswith('secret_key missing') and 'nothing was sent' in result['msg']
    assert ncp.sent == []


def test_keys_come_from_the_ncloud_cli_file(run, ncp, monkeypatch, tmp_path):
    monkeypatch.delenv('NCLOUD_SECRET_KEY')
    (tmp_path / '.ncloud').mkdir()
    (tmp_path / '.ncloud' / 'configure').write_text('[DEFAULT]\nncloud_access_key_id = IGNORED\nncloud_secret_access_key = %s\n' % SECRET_KEY)
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901')]))
    assert run({'snapshot_no': '901'})['changed'] is False


@pytest.mark.parametrize(
    'existing, chosen, reason',
    [
        ([], 'FULL', 'volume 3081227 has no FULL snapshot to build on'),
        (chain(3), 'INCREMENTAL', 'FULL snapshot 100 has 3 of 7 incrementals'),
        (chain(7), 'FULL', 'FULL snapshot 100 already has 7 incrementals, the most NCP allows'),
        # On CB2 the middle of a chain may be deleted: the depth NCP reports is what counts.
        (
            chain(1) + [snapshot('107', snapshot_type='INCREMENTAL', depth=7, base='100')],
            'FULL',
            'the chain of FULL snapshot 100 is already 7 incrementals deep, the most NCP allows',
        ),
    ],
)
def test_auto_picks_the_type_and_says_why(run, ncp, existing, chosen, reason):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, existing))
    ncp.expect(CREATE, dict(NEW, snapshotTypeCode=chosen), ok(CREATE, [snapshot('300', snapshot_type=chosen)]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('300', snapshot_type=chosen)]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'AUTO', 'wait': False})
    assert result['snapshot']['snapshot_type'] == chosen and result['snapshot_type_reason'] == reason


def test_auto_in_check_mode_predicts_the_type(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, chain(1)))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'AUTO'}, check_mode=True)
    assert result['snapshot']['snapshot_type'] == 'INCREMENTAL' and result['changed']


def test_incremental_on_a_full_still_creating_is_refused(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('100', status='INIT', operation='CREAT')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'AUTO'})
    assert result['failed'] and 'FULL snapshot 100 of volume 3081227 is still being created' in result['msg']


def test_found_snapshot_is_not_warned_about_auto(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901', snapshot_type='INCREMENTAL')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'AUTO'})
    assert result['changed'] is False and 'snapshot_type_reason' not in result
    assert result['warned'] == []


def test_delete_wait_timeout_names_a_snapshot_still_there(run, ncp, clock):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, [snapshot('100', volume_type='CB2')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '100'}, ok(DELETE, [snapshot('100', operation='TERMT')]))
    for dummy in range(6):  # polls at 0.5, 1.04, 1.62, 2.24, 2.90 and 3 s (the deadline)
        ncp.expect(LIST, dict(PAGE, **{'blockStorageSnapshotInstanceNoList.1': '100'}), ok(LIST, [snapshot('100', operation='TERMT', volume_type='CB2')]))
    result = run({'snapshot_no': '100', 'state': 'absent', 'wait_timeout': 3})
    assert result['failed'] and 'snapshot 100 was not gone after wait_timeout=3 seconds; last status CREAT (terminating)' in result['msg']


def test_create_that_got_no_reply_is_looked_for_but_never_resent(run, ncp, clock):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW, requests.exceptions.ReadTimeout())
    for dummy in range(16):
        ncp.expect(LIST, BY_NAME, ok(LIST))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'api_timeout': 2})
    assert result['failed'] and "the create of snapshot 'snap-a' may have been applied" in result['msg']
    assert result['failure']['maybe_in_flight'] is True and ncp.actions.count(CREATE) == 1


def test_losing_a_same_name_race_deletes_our_own_snapshot_and_returns_the_winner(run, ncp):
    # issue 10 case 10: 0.1.0 failed the loser ("lost a race") after waiting for its snapshot.
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW, ok(CREATE, [snapshot('902', status='INIT', operation='CREAT')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901', status='INIT', operation='CREAT'), snapshot('902', status='INIT', operation='CREAT')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '902'}, ok(DELETE, [snapshot('902', operation='TERMT')]))
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'})
    assert result['changed'] is True and result['snapshot']['snapshot_no'] == '901'
    assert any('another run made snapshot 901' in text and 'deleted its own snapshot 902' in text for text in result['warned'])


def test_ambiguous_name_says_which_one_a_race_keeps_and_no_advice_that_could_delete_it(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901'), snapshot('902')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'state': 'absent'})
    assert result['failed'] and 'matches 2 snapshots (901, 902)' in result['msg'] and 'lowest number, 901' in result['msg']
    assert 'block_storage_instance_no' not in result['msg']


def test_status_read_failing_while_waiting_names_the_new_snapshot(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW, ok(CREATE, [snapshot('901', status='INIT', operation='CREAT')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901', status='INIT', operation='CREAT')]))
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, reply(403, text='<html>forbidden</html>'))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'})
    assert result['failed'] and result['msg'].startswith('NCP accepted snapshot 901, but reading its status then failed')
    assert result['snapshot']['snapshot_no'] == '901'


@pytest.mark.parametrize(
    'field, value', [('blockStorageSnapshotVolumeSize', '50G'), ('snapshotChainDepth', {'code': 5}), ('blockStorageSnapshotInstanceNo', 17)]
)
def test_an_unreadable_field_in_a_reply_is_reported_not_a_traceback(run, ncp, field, value):
    ncp.expect(LIST, BY_NAME, ok(LIST, [dict(snapshot('901'), **{field: value})]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a'})
    assert result['failed'] and 'NCP replied with a snapshot whose' in result['msg'] and 'Traceback' not in result['msg']


def test_delete_of_a_snapshot_still_being_created_is_sent_at_once(run, ncp):
    # issue 11 point 4: no source says NCP refuses it; 0.1.0 waited for the snapshot first.
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, [snapshot('100', status='INIT', operation='CREAT', volume_type='CB2')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '100'}, ok(DELETE, [snapshot('100', operation='TERMT')]))
    ncp.expect(LIST, dict(PAGE, **{'blockStorageSnapshotInstanceNoList.1': '100'}), ok(LIST))
    assert run({'snapshot_no': '100', 'state': 'absent'})['changed'] is True


BUSY = reply(400, {'responseError': {'returnCode': '9903002', 'returnMessage': 'Block storage snapshot instance 100 is creating'}})


def test_delete_refused_as_busy_is_sent_again_while_waiting(run, ncp, clock):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, [snapshot('100', status='INIT', operation='CREAT', volume_type='CB2')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '100'}, BUSY)
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '100'}, ok(DELETE, [snapshot('100', operation='TERMT')]))
    ncp.expect(LIST, dict(PAGE, **{'blockStorageSnapshotInstanceNoList.1': '100'}), ok(LIST))
    assert run({'snapshot_no': '100', 'state': 'absent'})['changed'] is True


def test_delete_refused_as_busy_without_wait_reports_the_refusal(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, [snapshot('100', status='INIT', operation='CREAT', volume_type='CB2')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '100'}, BUSY)
    result = run({'snapshot_no': '100', 'state': 'absent', 'wait': False})
    assert result['failed'] and 'the request was not applied' in result['msg'] and 'wait=true' in result['msg']
    assert result['failure'] == {'action': DELETE, 'http_status': 400, 'ncp_code': '9903002', 'maybe_applied': False, 'maybe_in_flight': False}


def test_check_mode_deletes_a_snapshot_being_created_as_a_real_run_does(run, ncp):
    # issue 10 case 11: 0.1.0's check mode said changed where its real run failed on its own rule.
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, [snapshot('100', status='INIT', operation='CREAT', volume_type='CB2')]))
    assert run({'snapshot_no': '100', 'state': 'absent', 'wait': False}, check_mode=True)['changed'] is True
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, [snapshot('100', status='INIT', operation='CREAT', volume_type='CB2')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '100'}, ok(DELETE, [snapshot('100', operation='TERMT')]))
    assert run({'snapshot_no': '100', 'state': 'absent', 'wait': False})['changed'] is True


def test_an_image_backed_kvm_snapshot_is_reported_clearly(run, ncp):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '100'}, ok(DETAIL, [snapshot('100', volume_type='CB2')]))
    ncp.expect(
        DELETE,
        {'blockStorageSnapshotInstanceNoList.1': '100'},
        reply(400, {'responseError': {'returnCode': '9903005', 'returnMessage': 'in use by server image 77'}}),
    )
    result = run({'snapshot_no': '100', 'state': 'absent'})
    assert result['failed'] and 'NCP deletes such a KVM snapshot only after the server image is deleted' in result['msg']
    assert result['failure']['ncp_code'] == '9903005'


def kvm_volume():
    return dict(volume(), hypervisorType={'code': 'KVM'}, blockStorageVolumeType={'code': 'CB1'})


def test_auto_on_a_kvm_volume_takes_full_and_says_why(run, ncp):
    # issue 11 point 1: 0.1.0 chose INCREMENTAL on KVM and reported an incremental NCP never made.
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [kvm_volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, dict(NEW, snapshotTypeCode='FULL'), ok(CREATE, [snapshot('905', volume_type='CB1')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('905', volume_type='CB1')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'AUTO', 'wait': False})
    assert result['snapshot']['snapshot_type'] == 'FULL' and 'KVM volume (CB1)' in result['snapshot_type_reason']
    assert result['warned'] == []


def test_incremental_on_a_kvm_volume_is_sent_and_what_ncp_made_is_reported(run, ncp):
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [kvm_volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, dict(NEW, snapshotTypeCode='INCREMENTAL'), ok(CREATE, [snapshot('906', volume_type='CB1')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('906', volume_type='CB1')]))
    result = run({'block_storage_instance_no': VOL, 'name': 'snap-a', 'snapshot_type': 'INCREMENTAL', 'wait': False})
    assert result['changed'] and result['snapshot']['snapshot_type'] == 'FULL'
    assert result['warned'] == ['snapshot_type INCREMENTAL was asked, and NCP made snapshot 906 a FULL snapshot: NCP makes FULL snapshots of KVM volumes']


def test_create_refused_as_the_kvm_volume_is_busy_is_sent_again_while_waiting(run, ncp, clock):
    busy = reply(400, {'responseError': {'returnCode': '9902004', 'returnMessage': 'volume is busy'}})
    ncp.expect(LIST, BY_NAME, ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [kvm_volume()], 'blockStorageInstanceList'))
    ncp.expect(CREATE, NEW, busy).expect(CREATE, NEW, ok(CREATE, [snapshot('907', volume_type='CB1')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('907', volume_type='CB1')]))
    assert run({'block_storage_instance_no': VOL, 'name': 'snap-a'})['snapshot']['snapshot_no'] == '907'
    assert clock.sleeps == [2.0]


def test_a_refused_name_hints_at_the_older_rule(run, ncp):
    ncp.expect(LIST, dict(BY_NAME, blockStorageSnapshotName='snap_a'), ok(LIST))
    ncp.expect(VOLUME, {'blockStorageInstanceNo': VOL}, ok(VOLUME, [volume()], 'blockStorageInstanceList'))
    ncp.expect(
        CREATE,
        dict(NEW, blockStorageSnapshotName='snap_a'),
        reply(400, {'responseError': {'returnCode': '9901003', 'returnMessage': 'invalid blockStorageSnapshotName'}}),
    )
    result = run({'block_storage_instance_no': VOL, 'name': 'snap_a'})
    assert result['failed'] and 'older rule may apply' in result['msg'] and result['failure']['maybe_applied'] is False


@pytest.mark.parametrize('site, region', [('public', 'KR'), ('gov', 'KR'), ('fin', 'FKR')])
def test_region_defaults_to_the_sites_own(run, ncp, monkeypatch, site, region):
    # issue 11 point 2: 0.1.0 sent regionCode=KR to the financial gateway.
    seen = []

    def send(prepared, **kwargs):
        seen.append(prepared.url)
        return ok(DETAIL, [snapshot('901')])

    monkeypatch.setattr(ncp, 'send', send)
    result = run({'snapshot_no': '901', 'site': site})
    assert result['snapshot']['region'] == region and '?regionCode=%s&' % region in seen[0] and len(seen) == 1


# --- a server's volume by device name (issue 12 point 3) ------------------------------------------------------------

SERVER_VOLUMES = dict(PAGE, serverInstanceNo='2912302')


def server_volume(number, device):
    return dict(volume(number), serverInstanceNo='2912302', deviceName=device, blockStorageInstanceStatus={'code': 'ATTAC', 'codeName': 'attached'})


def test_server_and_device_name_mean_that_servers_volume(run, ncp):
    ncp.expect(
        'getBlockStorageInstanceList',
        SERVER_VOLUMES,
        ok('getBlockStorageInstanceList', [server_volume('3081230', '/dev/vda'), server_volume('3081231', '/dev/vdb')], 'blockStorageInstanceList'),
    )
    ncp.expect(
        LIST,
        dict(PAGE, blockStorageSnapshotName='snap-a', **{'originalBlockStorageInstanceNoList.1': '3081231'}),
        ok(LIST, [snapshot('901', volume='3081231')]),
    )
    result = run({'server_instance_no': '2912302', 'device_name': '/dev/vdb', 'name': 'snap-a'})
    assert result['changed'] is False and result['snapshot']['block_storage_instance_no'] == '3081231'


def test_missing_device_fails_naming_the_servers_devices(run, ncp):
    ncp.expect(
        'getBlockStorageInstanceList',
        SERVER_VOLUMES,
        ok('getBlockStorageInstanceList', [server_volume('3081230', '/dev/vda'), server_volume('3081231', '/dev/vdb')], 'blockStorageInstanceList'),
    )
    result = run({'server_instance_no': '2912302', 'device_name': '/dev/vdc', 'name': 'snap-a'})
    assert result['failed'] and result['msg'] == ('server_instance_no 2912302 has no volume at device_name /dev/vdc; its devices are: /dev/vda, /dev/vdb')
    assert not WRITES & set(ncp.actions)


@pytest.mark.parametrize(
    'args, message',
    [
        ({'server_instance_no': '2912302'}, 'parameters are required together: server_instance_no, device_name'),
        ({'server_instance_no': '2912302', 'device_name': '/dev/vdb', 'block_storage_instance_no': VOL}, 'mutually exclusive'),
        ({'server_instance_no': 'x1', 'device_name': '/dev/vdb'}, 'server_instance_no must be an NCP instance number'),
    ],
)
def test_server_and_device_rules_fail_before_any_request(run, ncp, args, message):
    result = run(args)
    assert result['failed'] and message in result['msg'] and ncp.sent == []
