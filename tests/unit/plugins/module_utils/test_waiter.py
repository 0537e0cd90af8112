# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting: the poll interval, the deadline, ready and gone, and resending while NCP is busy."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError, NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._policy import Verdict
from ansible_collections.ncloud.vserver.plugins.module_utils._result import to_result
from ansible_collections.ncloud.vserver.plugins.module_utils._waiter import (
    WaitTimeout,
    poll_interval,
    retry_while_busy,
    wait_for,
    wait_until_gone,
    wait_until_ready,
)

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import FakeTime, ok, reply, snapshot

DETAIL = 'getBlockStorageSnapshotInstanceDetail'
LIST = 'getBlockStorageSnapshotInstanceList'
BY_NO = {'blockStorageSnapshotInstanceNo': '901'}


def shaped(number='901', **fields):
    return to_result(snapshot(number, **fields), 'KR')


def creating(number='901'):
    return snapshot(number, status='INIT', operation='CREAT')


def detail(*raw):
    return ok(DETAIL, list(raw))


@pytest.mark.parametrize(
    'elapsed, interval', [(0, 0.5), (1, 0.575), (10, 1.25), (60, 5.0), (100, 8.0), (112, 8.9), (114, 9.0), (600, 9.0), (5000, 9.0), (-3, 0.5)]
)
def test_poll_interval_is_half_a_second_plus_7_5_percent_of_the_time_waited_at_most_9_s(elapsed, interval):
    assert poll_interval(elapsed) == pytest.approx(interval)


def _overheads(ready_at, clock):
    """Seconds between ``ready_at`` and the poll that sees it, with the real wait_for on a fake clock."""
    start = clock.now
    wait_for(lambda: clock.now - start, lambda waited: waited >= ready_at, start + 7200, clock.time, clock.sleep)
    return clock.now - start - ready_at


@pytest.mark.parametrize('creation', [30, 120, 600])
def test_the_schedule_notices_readiness_within_5_percent_on_average_and_never_10_s_late(creation):
    # Readiness anywhere within +-20 % of the creation time, 400 offsets evenly spread (issue 14, item 3).
    late = [_overheads(creation * (0.8 + 0.4 * step / 399), FakeTime()) for step in range(400)]
    assert sum(late) / len(late) <= 0.05 * creation
    assert max(late) <= 10.0


def test_wait_for_sleeps_a_growing_interval_and_returns_what_was_read(clock):
    values = iter(range(100))
    start = clock.now
    assert wait_for(lambda: next(values), lambda value: value == 30, start + 1000, clock.time, clock.sleep) == 30
    assert clock.sleeps[:3] == pytest.approx([0.5, 0.5375, 0.5778], abs=1e-4)
    assert all(later >= earlier for earlier, later in zip(clock.sleeps, clock.sleeps[1:]))
    assert len(clock.sleeps) == 31


def test_wait_for_never_sleeps_past_the_deadline_and_looks_at_it(clock):
    reads = []
    with pytest.raises(WaitTimeout) as caught:
        wait_for(lambda: reads.append(clock.now) or len(reads), lambda value: False, clock.now + 2.5, clock.time, clock.sleep)
    assert caught.value.last == len(reads) == 5
    assert clock.sleeps == pytest.approx([0.5, 0.5375, 0.5778, 0.6211, 0.2636], abs=1e-4)
    assert str(caught.value) == 'timed out'


def test_wait_for_with_the_deadline_already_reached_still_looks_once(clock):
    with pytest.raises(WaitTimeout) as caught:
        wait_for(lambda: 'seen', lambda value: False, clock.now - 10, clock.time, clock.sleep)
    assert caught.value.last == 'seen' and clock.sleeps == [0.0]


def test_wait_for_ready_at_the_deadline_returns(clock):
    assert wait_for(lambda: 'done', lambda value: value == 'done', clock.now, clock.time, clock.sleep) == 'done'


# ---- ready -------------------------------------------------------------------------------------


def test_ready_snapshot_is_not_read_again(ncp, api_client, clock):
    ready = shaped()
    assert wait_until_ready(api_client, ready, clock.now + 60, 60) is ready
    assert ncp.sent == []


def test_wait_until_ready_returns_the_fresh_read(ncp, api_client, clock):
    ncp.expect(DETAIL, BY_NO, detail(creating())).expect(DETAIL, BY_NO, detail(snapshot('901', name='fresh')))
    result = wait_until_ready(api_client, shaped(status='INIT', operation='CREAT'), clock.now + 60, 60)
    assert result['status'] == 'CREAT' and result['name'] == 'fresh'
    assert clock.sleeps == pytest.approx([0.5, 0.5375])


def test_each_read_while_waiting_may_take_a_whole_api_timeout_even_at_the_deadline(ncp, api_client, clock):
    ncp.expect(DETAIL, BY_NO, detail(snapshot('901')))
    wait_until_ready(api_client, shaped(status='INIT', operation='CREAT'), clock.now - 20, 0)
    assert ncp.timeouts == [10]


def test_snapshot_not_listed_yet_is_waited_for(ncp, api_client, clock):
    ncp.expect(DETAIL, BY_NO, detail()).expect(DETAIL, BY_NO, detail()).expect(DETAIL, BY_NO, detail(snapshot('901')))
    assert wait_until_ready(api_client, shaped(status='INIT', operation='CREAT'), clock.now + 60, 60)['status'] == 'CREAT'


def test_snapshot_that_disappears_after_it_was_seen_fails(ncp, api_client, clock):
    ncp.expect(DETAIL, BY_NO, detail(snapshot('901', status='INIT', operation='CREAT', name='seen'))).expect(DETAIL, BY_NO, detail())
    with pytest.raises(ModuleError) as caught:
        wait_until_ready(api_client, shaped(status='INIT', operation='CREAT'), clock.now + 60, 60)
    assert str(caught.value) == 'snapshot 901 disappeared while waiting for it to be ready'
    assert caught.value.result['snapshot']['name'] == 'seen'


@pytest.mark.parametrize(
    'status, operation, words',
    [
        ('FAIL', 'NULL', 'status FAIL, operation NULL'),
        ('INIT', 'ERROR', 'status INIT, operation ERROR'),
    ],
)
def test_error_state_ends_the_wait_at_once(ncp, api_client, clock, status, operation, words):
    ncp.expect(DETAIL, BY_NO, detail(snapshot('901', status=status, operation=operation)))
    with pytest.raises(ModuleError) as caught:
        wait_until_ready(api_client, shaped(status='INIT', operation='CREAT'), clock.now + 600, 600)
    assert str(caught.value).startswith('snapshot 901 is in an error state: %s (' % words)
    assert str(caught.value).endswith('; it will not become ready (status CREAT)')
    assert caught.value.result['snapshot']['status'] == status
    assert clock.sleeps == [0.5]


def test_snapshot_handed_in_an_error_state_fails_without_a_read(ncp, api_client, clock):
    with pytest.raises(ModuleError, match='snapshot 901 is in an error state: status FAIL'):
        wait_until_ready(api_client, shaped(status='FAIL'), clock.now + 60, 60)


def test_timeout_says_which_snapshot_how_long_and_its_last_status(ncp, api_client, clock):
    for dummy in range(4):  # at 0.5, 1.04, 1.62 and 2 s (the deadline)
        ncp.expect(DETAIL, BY_NO, detail(creating()))
    with pytest.raises(ModuleError) as caught:
        wait_until_ready(api_client, shaped(status='INIT', operation='CREAT'), clock.now + 2, 2)
    assert str(caught.value) == (
        'snapshot 901 was not ready (status CREAT) after wait_timeout=2 seconds; last status INIT '
        '(creating). It may still get there: run the task again, or raise wait_timeout'
    )
    assert caught.value.result['snapshot']['status'] == 'INIT' and caught.value.cause is None


def test_failed_read_while_waiting_says_ncp_accepted_the_snapshot(ncp, api_client, clock):
    ncp.expect(DETAIL, BY_NO, reply(400, {'responseError': {'returnCode': '77', 'returnMessage': 'odd'}}))
    with pytest.raises(ModuleError) as caught:
        wait_until_ready(api_client, shaped(status='INIT', operation='CREAT', name='mine'), clock.now + 60, 60)
    assert str(caught.value).startswith(
        'NCP accepted snapshot 901, but reading its status then failed: getBlockStorageSnapshotInstanceDetail failed (HTTP 400, NCP code 77): odd'
    )
    assert caught.value.cause.code == '77' and caught.value.result['snapshot']['name'] == 'mine'


# ---- gone --------------------------------------------------------------------------------------


def by_numbers(*numbers):
    query = {'blockStorageSnapshotInstanceNoList.%d' % index: number for index, number in enumerate(numbers, 1)}
    return dict(query, pageNo='1', pageSize='1000')


def test_wait_until_gone_polls_one_list_for_all(ncp, api_client, clock):
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('902', operation='TERMT')]))
    ncp.expect(LIST, by_numbers('901', '902'), ok(LIST))
    assert wait_until_gone(api_client, [shaped('901'), shaped('902')], clock.now + 60, 60) is None
    assert clock.sleeps == pytest.approx([0.5, 0.5375]) and ncp.timeouts == [30, 30]


def test_wait_until_gone_times_out_naming_what_is_left(ncp, api_client, clock):
    for dummy in range(2):  # at 0.5 and 1 s (the deadline)
        ncp.expect(LIST, by_numbers('901', '902'), ok(LIST, [snapshot('902', operation='TERMT')]))
    with pytest.raises(ModuleError) as caught:
        wait_until_gone(api_client, [shaped('901'), shaped('902')], clock.now + 1, 1)
    assert str(caught.value) == (
        'snapshot 902 was not gone after wait_timeout=1 seconds; last status CREAT (terminating). '
        'It may still get there: run the task again, or raise wait_timeout'
    )
    assert caught.value.result['snapshot']['operation'] == 'TERMT'


def test_failed_read_while_deleting_says_ncp_is_deleting(ncp, api_client, clock):
    ncp.expect(LIST, by_numbers('900', '901', '902'), reply(400, {'responseError': {'returnCode': '5', 'returnMessage': 'nope'}}))
    with pytest.raises(ModuleError) as caught:
        wait_until_gone(api_client, [shaped('900'), shaped('901'), shaped('902')], clock.now + 60, 60)
    assert str(caught.value).startswith('NCP is deleting snapshot 902, but reading its status then failed: ')
    assert caught.value.cause.code == '5' and caught.value.result['snapshot']['snapshot_no'] == '902'


def test_failed_read_while_deleting_a_snapshot_in_an_error_state_names_the_state(ncp, api_client, clock):
    ncp.expect(LIST, by_numbers('901'), reply(400, {'responseError': {'returnCode': '5', 'returnMessage': 'nope'}}))
    with pytest.raises(ModuleError) as caught:
        wait_until_gone(api_client, [shaped('901', status='FAIL')], clock.now + 60, 60)
    assert str(caught.value) == 'snapshot 901 is in an error state: status FAIL, operation NULL (created); it will not become gone'
    assert caught.value.cause.code == '5'


def test_each_poll_for_gone_may_take_a_whole_api_timeout(ncp, api_client, clock):
    ncp.expect(LIST, by_numbers('901'), ok(LIST))
    wait_until_gone(api_client, [shaped('901')], clock.now - 5, 0)
    assert ncp.timeouts == [25]


# ---- busy --------------------------------------------------------------------------------------


def busy():
    return NcloudApiError('deleteBlockStorageSnapshotInstances', 'in progress', http_status=400, code='9903002', verdict=Verdict(False, False, False, True))


class Sender:
    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def test_busy_refusal_is_sent_again_every_two_seconds(api_client, clock):
    send = Sender(busy(), busy(), 'sent')
    assert retry_while_busy(api_client, send, clock.now + 60, 'the delete') == 'sent'
    assert send.calls == 3 and clock.sleeps == [2.0, 2.0]


def test_busy_refusal_without_waiting_says_so(api_client, clock):
    with pytest.raises(NcloudApiError) as caught:
        retry_while_busy(api_client, Sender(busy()), None, 'the delete of snapshot 901')
    assert caught.value.hint == (
        'NCP refused the delete of snapshot 901 because something is in progress; the request was not '
        'applied. Run the task again later, or with wait=true to wait for it'
    )
    assert clock.sleeps == []


def test_busy_until_the_deadline_is_reported(api_client, clock):
    send = Sender(busy(), busy(), busy())
    with pytest.raises(NcloudApiError) as caught:
        retry_while_busy(api_client, send, clock.now + 2.5, 'the create on volume 1')
    assert send.calls == 3 and clock.sleeps == [2.0, 0.5]
    assert caught.value.hint == ('NCP refused the create on volume 1 because something is in progress; the request was not applied. Run the task again later')


def test_other_failures_are_not_resent_or_changed(api_client, clock):
    refused = NcloudApiError('x', 'bad', http_status=400, code='1')
    send = Sender(refused)
    with pytest.raises(NcloudApiError) as caught:
        retry_while_busy(api_client, send, clock.now + 60, 'the delete')
    assert caught.value is refused and caught.value.hint is None and send.calls == 1 and clock.sleeps == []
