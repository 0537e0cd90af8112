# -*- coding: utf-8 -*-
"""Issue 10, cases 5, 6 and 9: an attempt ends at api_timeout, a wait at wait_timeout, whatever the server does.

- 5: a reply body that trickles in ends the attempt at api_timeout; one status poll cannot carry a
  wait past wait_timeout (plus at most one api_timeout), even when every poll is throttled with
  Retry-After: 20.
- 6: a snapshot in an error state fails the task at once, naming status, operation and status name
  (the emulator's INVENTED error state: ERROR / NULL / errored).
- 9: an empty detail read before the snapshot was ever seen (list lag) means keep waiting.
"""

import pytest

from core_checks import CREATE, DETAIL, LIST, XEN_SSD, add_snapshot, live, no_crash, task, timed


@pytest.mark.core_pending
@pytest.mark.parametrize('action', [LIST, CREATE], ids=['lookup', 'create'])
def test_case05_trickling_body_ends_the_attempt_at_api_timeout(fresh, run, clock, action):
    fresh.add_reply_fault(action, 'trickle', 1, 4.0)
    result, dummy, real = timed(clock, run, task(fresh, block_storage_instance_no=XEN_SSD, name='c05-trickle', api_timeout=1))
    assert fresh.wait_idle()
    no_crash(result)
    # One attempt of 1 s, the rest of the task a fraction of a second: 2.5 s leaves room for a busy machine.
    assert real < 2.5, 'the task took %.1f real seconds with api_timeout=1 (the body trickled over 4 s)' % real
    assert not result.get('failed'), result['msg']
    assert len(live(fresh, 'c05-trickle')) == 1


@pytest.mark.core_pending
def test_case05_throttled_polls_do_not_carry_the_wait_past_wait_timeout(fresh, run, clock):
    # From the first status read on, every one is throttled (gateway 429, errorCode 410) with Retry-After: 20.
    fresh.on_call(DETAIL, lambda emulator: emulator.add_fault('%s:429:50:20' % DETAIL))
    result, seconds, dummy = timed(clock, run, task(fresh, block_storage_instance_no=XEN_SSD, name='c05-wait', wait_timeout=10))
    no_crash(result)
    bound = 10 + 1
    assert seconds <= bound + 1, 'the task took %.0f s on its clock; wait_timeout=10 + api_timeout=1' % seconds
    assert result.get('failed') and live(fresh, 'c05-wait')[0]['blockStorageSnapshotInstanceNo'] in result['msg'], result


@pytest.mark.core_pending
def test_case06_snapshot_turning_to_an_error_state_fails_at_once(fresh, run, clock):
    fresh.error_next_create(after=2)
    result, seconds, dummy = timed(clock, run, task(fresh, block_storage_instance_no=XEN_SSD, name='c06-errored'))
    no_crash(result)
    msg = result.get('msg') or ''
    assert result.get('failed'), result
    assert seconds < 60, 'waited %.0f s on a snapshot in an error state (wait_timeout=600)' % seconds
    assert all(word in msg for word in ('ERROR', 'NULL', 'errored', '5000001')), msg


@pytest.mark.core_pending
@pytest.mark.parametrize('wait', [True, False], ids=['wait', 'no-wait'])
def test_case06_existing_snapshot_in_an_error_state_fails_the_task(fresh, run, clock, wait):
    number = add_snapshot(fresh, XEN_SSD, 'c06-broken')
    fresh.make_errored(number)
    result, seconds, dummy = timed(clock, run, task(fresh, block_storage_instance_no=XEN_SSD, name='c06-broken', wait=wait))
    no_crash(result)
    msg = result.get('msg') or ''
    assert result.get('failed') and seconds < 60, (seconds, result)
    assert all(word in msg for word in ('ERROR', 'NULL', 'errored', number)), msg
    assert fresh.request_count(CREATE) == 0


@pytest.mark.core_pending
def test_case09_empty_detail_read_right_after_the_create_means_keep_waiting(fresh, run):
    fresh.set_lag(3)
    result = run(task(fresh, block_storage_instance_no=XEN_SSD, name='c09-lag'))
    no_crash(result)
    made = live(fresh, 'c09-lag')
    assert not result.get('failed'), result['msg']
    assert len(made) == 1 and result['snapshot']['snapshot_no'] == made[0]['blockStorageSnapshotInstanceNo']
    assert result['snapshot']['status'] == 'CREAT' and result['snapshot']['operation'] == 'NULL'
