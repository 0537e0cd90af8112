# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""blockstorage_snapshot_info through main(), with every HTTP exchange scripted in order.

tests/unit/plugins/action/test_in_process_blockstorage_snapshot_info.py runs the same tests through the action plugin.
"""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.tests.unit.plugins.paths import runner
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok, reply, snapshot

LIST = 'getBlockStorageSnapshotInstanceList'


@pytest.fixture
def path():
    """The module path here; tests/unit/plugins/action runs these tests again on the controller path."""
    return 'module'


@pytest.fixture
def run(path, capsys, keys, clock, monkeypatch):
    """Run the task with ``args`` on the ``path`` fixture's execution path."""
    run_either = runner(path, 'blockstorage_snapshot_info', capsys, monkeypatch)

    def run_task(args, check_mode=False):
        result = run_either(args, check_mode)
        assert result.pop('warned') == []
        return result

    return run_task


def test_every_filter_reaches_the_api(run, ncp):
    ncp.expect(
        LIST,
        {
            'blockStorageSnapshotInstanceNoList.1': '901',
            'blockStorageSnapshotInstanceNoList.2': '902',
            'blockStorageSnapshotName': 'snap-a',
            'originalBlockStorageInstanceNoList.1': '3081227',
            'blockStorageSnapshotInstanceStatusCode': 'CREAT',
            'hypervisorTypeCodeList.1': 'XEN',
            'hypervisorTypeCodeList.2': 'KVM',
            'isBootable': 'false',
            'isEncryptedOriginalBlockStorageVolume': 'true',
            'pageNo': '1',
            'pageSize': '1000',
        },
        ok(LIST, [snapshot('902'), snapshot('901')]),
    )
    result = run(
        {
            'snapshot_nos': ['901', '902'],
            'name': 'snap-a',
            'block_storage_instance_nos': ['3081227'],
            'status': 'CREAT',
            'hypervisor_types': ['XEN', 'KVM'],
            'bootable': False,
            'encrypted': True,
        }
    )
    assert result['changed'] is False
    assert [item['snapshot_no'] for item in result['snapshots']] == ['901', '902']


def test_no_filter_lists_everything(run, ncp):
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST))
    assert run({})['snapshots'] == []


def test_every_page_is_read_and_sorted_oldest_first(run, ncp):
    first_page = [snapshot(str(5000000 + 1001 - n)) for n in range(1000)]
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST, first_page, total=1001))
    ncp.expect(LIST, {'pageNo': '2', 'pageSize': '1000'}, ok(LIST, [snapshot('4999999')], total=1001))
    # A listing of several pages is read twice: rows shifting between page reads would go unseen.
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST, first_page, total=1001))
    ncp.expect(LIST, {'pageNo': '2', 'pageSize': '1000'}, ok(LIST, [snapshot('4999999')], total=1001))
    numbers = [item['snapshot_no'] for item in run({}, check_mode=True)['snapshots']]
    assert len(numbers) == 1001 and numbers[0] == '4999999' and numbers == sorted(numbers, key=int)


def test_a_server_capping_pages_silently_still_gives_every_snapshot(run, ncp):
    # issue 11: NCP publishes no largest pageSize; 0.1.0 stopped after the first short page.
    for dummy in range(2):
        ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST, [snapshot(str(n)) for n in range(1, 101)], total=250))
        ncp.expect(LIST, {'pageNo': '2', 'pageSize': '100'}, ok(LIST, [snapshot(str(n)) for n in range(101, 201)], total=250))
        ncp.expect(LIST, {'pageNo': '3', 'pageSize': '100'}, ok(LIST, [snapshot(str(n)) for n in range(201, 251)], total=250))
    assert [item['snapshot_no'] for item in run({})['snapshots']] == [str(n) for n in range(1, 251)]


def test_partial_name_matches_are_dropped(run, ncp):
    ncp.expect(LIST, {'blockStorageSnapshotName': 'snap-a', 'pageNo': '1', 'pageSize': '1000'}, ok(LIST, [snapshot('901', name='snap-ab'), snapshot('902')]))
    assert [item['snapshot_no'] for item in run({'name': 'snap-a'})['snapshots']] == ['902']


@pytest.mark.parametrize(
    'args, message',
    [
        ({'snapshot_nos': ['90x']}, 'snapshot_nos must be an NCP instance number'),
        ({'block_storage_instance_nos': ['vol']}, 'block_storage_instance_nos must be an NCP instance number'),
        ({'name': 'a b'}, 'name must be 3 to 30 characters'),
        ({'status': 'READY'}, 'value of status must be one of: INIT, CREAT'),
        ({'hypervisor_types': ['VMWARE']}, 'value of hypervisor_types must be one or more of: XEN, KVM'),
    ],
)
def test_bad_filters_fail_before_any_request(run, ncp, args, message):
    result = run(args)
    assert result['failed'] and message in result['msg'] and ncp.sent == []


def by_numbers(*numbers):
    """The query of one poll: a list request by every number of the batch."""
    return dict(PAGE, **{'blockStorageSnapshotInstanceNoList.%d' % index: number for index, number in enumerate(numbers, 1)})


PAGE = {'pageNo': '1', 'pageSize': '1000'}
INIT = {'status': 'INIT', 'operation': 'CREAT'}
TERMT = {'operation': 'TERMT'}


def test_terminating_snapshots_are_left_out_by_default(run, ncp):
    # issue 13 point 7: a snapshot being deleted is still status CREAT; "the newest CREAT" must not be it.
    ncp.expect(LIST, PAGE, ok(LIST, [snapshot('901'), snapshot('902', **TERMT)]))
    result = run({})
    assert [item['snapshot_no'] for item in result['snapshots']] == ['901']
    assert result['snapshots'][0]['ready'] is True and result['snapshots'][0]['terminating'] is False


def test_include_terminating_brings_them_back(run, ncp):
    ncp.expect(LIST, PAGE, ok(LIST, [snapshot('901'), snapshot('902', **TERMT)]))
    snapshots = run({'include_terminating': True})['snapshots']
    assert [(item['snapshot_no'], item['ready'], item['terminating']) for item in snapshots] == [('901', True, False), ('902', False, True)]


def test_wait_until_ready_polls_the_whole_batch_in_one_request_each_time(run, ncp, clock):
    # 903 is not listed at first: NCP's list lags behind a create, so it is waited for, not "gone".
    ncp.expect(LIST, by_numbers('901', '902', '903'), ok(LIST, [snapshot('901', **INIT), snapshot('902')]))
    ncp.expect(LIST, by_numbers('901', '902', '903'), ok(LIST, [snapshot('901'), snapshot('902'), snapshot('903', **INIT)]))
    ncp.expect(LIST, by_numbers('901', '902', '903'), ok(LIST, [snapshot('901'), snapshot('902'), snapshot('903')]))
    result = run({'snapshot_nos': ['901', '902', '903'], 'wait_until': 'ready'})
    assert result['changed'] is False and result['pending'] == [] and 'failed' not in result
    assert [(item['snapshot_no'], item['ready']) for item in result['snapshots']] == [('901', True), ('902', True), ('903', True)]
    assert ncp.actions == [LIST] * 3 and clock.sleeps == pytest.approx([0.5, 0.5375])


def test_wait_until_ready_returns_at_once_when_all_are_ready(run, ncp, clock):
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('901'), snapshot('902')]))
    result = run({'snapshot_nos': ['901', '902'], 'wait_until': 'ready'}, check_mode=True)
    assert result['pending'] == [] and len(result['snapshots']) == 2 and clock.sleeps == []


def test_a_snapshot_in_an_error_state_ends_the_wait_and_fails_naming_it(run, ncp, clock):
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('901', status='FAIL'), snapshot('902')]))
    result = run({'snapshot_nos': ['901', '902'], 'wait_until': 'ready'})
    assert result['failed'] and result['changed'] is False and clock.sleeps == []
    assert result['pending'] == [{'snapshot_no': '901', 'reason': 'in an error state: status FAIL, operation NULL (created); it will not become ready'}]
    assert 'wait_until=ready: 1 of 2 snapshots did not get there: 901 in an error state' in result['msg']
    assert [item['snapshot_no'] for item in result['snapshots']] == ['901', '902']


def test_timeout_fails_with_every_pending_snapshot_and_the_last_read(run, ncp, clock):
    # Polls at 0, 0.5, 1.04, 1.62, 2.24, 2.90 and 3 seconds: the last one at the deadline.
    for dummy in range(7):
        ncp.expect(LIST, by_numbers('901', '902', '903'), ok(LIST, [snapshot('901', **INIT), snapshot('902')]))
    result = run({'snapshot_nos': ['901', '902', '903'], 'wait_until': 'ready', 'wait_timeout': 3})
    assert result['failed'] and clock.sleeps == pytest.approx([0.5, 0.5375, 0.5778, 0.6211, 0.6677, 0.0958], abs=1e-4)
    assert result['pending'] == [
        {'snapshot_no': '901', 'reason': 'not ready after wait_timeout=3 seconds; last status INIT, operation CREAT (creating)'},
        {'snapshot_no': '903', 'reason': "never listed within wait_timeout=3 seconds: no such snapshot, or NCP's list is still behind its create"},
    ]
    assert '2 of 3 snapshots' in result['msg'] and '901 not ready' in result['msg'] and '903 never listed' in result['msg']
    assert [(item['snapshot_no'], item['status']) for item in result['snapshots']] == [('901', 'INIT'), ('902', 'CREAT')]


def test_wait_timeout_0_looks_once(run, ncp, clock):
    ncp.expect(LIST, by_numbers('901'), ok(LIST, [snapshot('901', **INIT)]))
    result = run({'snapshot_nos': ['901'], 'wait_until': 'ready', 'wait_timeout': 0})
    assert result['failed'] and ncp.actions == [LIST] and clock.sleeps == []
    assert result['pending'][0]['reason'].startswith('not ready after wait_timeout=0 seconds')


def test_a_snapshot_that_disappears_while_waiting_for_ready_is_pending(run, ncp):
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('901', **INIT), snapshot('902')]))
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('902')]))
    result = run({'snapshot_nos': ['901', '902'], 'wait_until': 'ready'})
    assert result['failed'] and result['pending'] == [{'snapshot_no': '901', 'reason': 'disappeared while waiting for it to be ready'}]


def test_a_snapshot_being_deleted_will_not_become_ready(run, ncp):
    ncp.expect(LIST, by_numbers('901'), ok(LIST, [snapshot('901', **TERMT)]))
    result = run({'snapshot_nos': ['901'], 'wait_until': 'ready'})
    assert result['failed'] and result['pending'][0]['reason'] == 'being deleted (operation TERMT); it will not become ready'
    assert result['snapshots'] == []  # left out as usual, without include_terminating


def test_wait_until_gone_counts_terminating_ones_as_there(run, ncp, clock):
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('901', **TERMT), snapshot('902', **TERMT)]))
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('902', **TERMT)]))
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST))
    result = run({'snapshot_nos': ['901', '902'], 'wait_until': 'gone'})
    assert result == dict(result, changed=False, snapshots=[], pending=[]) and 'failed' not in result
    assert ncp.actions == [LIST] * 3


def test_wait_until_gone_times_out_showing_the_terminating_ones(run, ncp):
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('901', **TERMT)]))
    result = run({'snapshot_nos': ['901', '902'], 'wait_until': 'gone', 'wait_timeout': 0})
    assert result['failed'] and [item['snapshot_no'] for item in result['snapshots']] == ['901']
    assert result['pending'] == [
        {'snapshot_no': '901', 'reason': 'still listed after wait_timeout=0 seconds; last status CREAT, operation TERMT (terminating)'}
    ]


def test_other_filters_narrow_what_is_returned_not_what_is_waited_for(run, ncp):
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('901'), snapshot('902', volume='3081231')]))
    result = run(
        {
            'snapshot_nos': ['901', '902'],
            'wait_until': 'ready',
            'block_storage_instance_nos': ['3081231'],
            'status': 'CREAT',
            'hypervisor_types': ['XEN'],
            'name': 'snap-a',
            'bootable': False,
            'encrypted': False,
        }
    )
    assert result['pending'] == [] and [item['snapshot_no'] for item in result['snapshots']] == ['902']


def test_a_failed_read_while_waiting_keeps_what_was_read(run, ncp):
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('901', **INIT), snapshot('902')]))
    ncp.expect(LIST, by_numbers('901', '902'), reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}}))
    result = run({'snapshot_nos': ['901', '902'], 'wait_until': 'ready'})
    assert result['failed'] and result['failure']['action'] == LIST
    assert [item['snapshot_no'] for item in result['snapshots']] == ['901', '902']
    assert [item['snapshot_no'] for item in result['pending']] == ['901']
    assert result['pending'][0]['reason'].startswith('not known: reading the snapshots failed')


@pytest.mark.parametrize(
    'args, message',
    [
        ({'wait_until': 'ready'}, 'wait_until is ready but all of the following are missing: snapshot_nos'),
        ({'wait_until': 'gone', 'snapshot_nos': []}, 'wait_until needs snapshot_nos'),
        ({'wait_until': 'ready', 'snapshot_nos': ['901'], 'wait_timeout': -1}, 'wait_timeout must be 0 or more; got -1'),
        ({'wait_until': 'soon', 'snapshot_nos': ['901']}, 'value of wait_until must be one of: ready, gone'),
    ],
)
def test_bad_wait_input_fails_before_any_request(run, ncp, args, message):
    result = run(args)
    assert result['failed'] and message in result['msg'] and ncp.sent == []


def test_in_check_mode_a_wait_looks_once_and_does_not_fail(run, ncp, clock):
    # In check mode the deletes (or creates) it would wait for were only predicted: waiting could only time out.
    ncp.expect(LIST, by_numbers('901'), ok(LIST, [snapshot('901')]))
    result = run({'snapshot_nos': ['901'], 'wait_until': 'gone', 'wait_timeout': 600}, check_mode=True)
    assert 'failed' not in result and result['waited'] is False and clock.sleeps == []
    assert [item['snapshot_no'] for item in result['pending']] == ['901']
    assert ncp.actions == [LIST]


def test_a_real_run_says_it_waited(run, ncp, clock):
    ncp.expect(LIST, by_numbers('901'), ok(LIST, []))
    assert run({'snapshot_nos': ['901'], 'wait_until': 'gone'})['waited'] is True
