# -*- coding: utf-8 -*-
"""Issue 10, cases 2 and 10: overlapping runs settle on the lowest number; an ambiguous name says which one stays.

After its create a run lists the volume's snapshots until its own shows; the lowest number among
the competing ones stays. A loser deletes its own snapshot and returns the winner (changed=true)
with a warning naming the winner's number, so exactly one snapshot remains and no run fails.
"""

import pytest

from core_checks import CREATE, LIST, XEN_HDD, XEN_SSD, add_snapshot, live, no_crash, numbers, run_together, task, warnings_text


@pytest.mark.core_pending
def test_case02_overlapping_min_age_runs_leave_one_snapshot(realtime, tmp_path):
    realtime.reset()
    realtime.hold_together(LIST, 3)  # all three look before any creates: each finds no recent snapshot
    args = task(realtime, block_storage_instance_no=XEN_HDD, last_snapshot_min_age=60, api_timeout=10)
    results = run_together(realtime, tmp_path, [args] * 3)
    assert realtime.gates_passed == [LIST], 'the three look-ups did not overlap: no race to judge'
    for result in results:
        no_crash(result)
    left = live(realtime, volume=XEN_HDD)
    assert len(left) == 1, 'three overlapping runs left snapshots %s; %d creates' % (numbers(left), realtime.request_count(CREATE))
    winner = left[0]['blockStorageSnapshotInstanceNo']
    assert [result.get('msg') for result in results if result.get('failed')] == []
    assert {result['snapshot']['snapshot_no'] for result in results} == {winner}
    assert all(result['changed'] for result in results)
    losers = [result for result in results if winner in warnings_text(result)]
    assert len(losers) == realtime.request_count(CREATE) - 1, [warnings_text(result) for result in results]


@pytest.mark.core_pending
def test_case10_same_name_race_loser_returns_the_winner(fresh, run):
    # Another run's create of the same name lands just before ours: it has the lower number and wins.
    fresh.on_call(CREATE, lambda emulator: add_snapshot(emulator, XEN_SSD, 'c10-race', ready=False))
    result = run(task(fresh, block_storage_instance_no=XEN_SSD, name='c10-race'))
    no_crash(result)
    left = live(fresh, 'c10-race')
    assert numbers(left) == ['5000001'], 'left %s' % numbers(left)
    assert not result.get('failed'), result['msg']
    assert result['changed'] and result['snapshot']['snapshot_no'] == '5000001'
    assert '5000001' in warnings_text(result), result.get('warnings')


@pytest.mark.core_pending
def test_case10_ambiguous_name_says_which_stays_and_not_to_pass_the_volume(fresh, run):
    first = add_snapshot(fresh, XEN_SSD, 'c10-twice')
    second = add_snapshot(fresh, XEN_SSD, 'c10-twice')
    result = run(task(fresh, block_storage_instance_no=XEN_SSD, name='c10-twice'))
    no_crash(result)
    msg = result.get('msg') or ''
    assert result.get('failed') and first in msg and second in msg, result
    assert 'lowest' in msg, msg
    assert 'block_storage_instance_no' not in msg, 'a task that passed the volume is told to pass it: %s' % msg
    assert fresh.request_count(CREATE) == 0 and len(live(fresh, 'c10-twice')) == 2
