# -*- coding: utf-8 -*-
"""Rate limits: tasks in separate processes share one api_rate_limit, and back off together after a 429.

- 12 tasks snapshot 12 volumes at once against an emulator throttling at 5 requests a second
  (``--throttle``, burst 5): with ``api_rate_limit: 4.5`` every snapshot is made and at most 5 %
  of the requests are answered 429 (without it, about half were, and some tasks ran out of retries).
- A 429 with ``Retry-After: 2`` refused to one task holds back another task that starts right
  after it: nothing reaches the gateway until the two seconds are over.
Real time (the tasks are separate processes); the measurements go to tests/output/reliability/rate_limits.json.
"""

import json
import time

import pytest

import harness
from _volumes import GIB, Volume

VOLUMES = tuple(Volume('71000%02d' % number, 'KVM', 'CB2', 10 * GIB, 'KR', 'KR-1', 'rate-%02d' % number) for number in range(1, 13))
MEASURED = {}
RATE = 4.5


@pytest.fixture(scope='module')
def throttled():
    emulator = harness.start(volumes=VOLUMES, create_delay=1, delete_delay=0.5, throttle=5)
    yield emulator
    emulator.stop()
    harness.write_output('rate_limits.json', json.dumps(MEASURED, indent=2))


def test_parallel_tasks_with_api_rate_limit_make_every_snapshot_with_few_429s(throttled, tmp_path):
    throttled.reset()
    started = time.monotonic()
    processes = [
        harness.module_process(
            'blockstorage_snapshot',
            harness.connection(throttled, block_storage_instance_no=volume.no, name='rate-snap', wait=True, api_rate_limit=RATE),
            tmp_path,
        )
        for volume in VOLUMES
    ]
    results = [harness.result_of(process) for process in processes]
    log = throttled.requests()
    refused = [entry for entry in log if entry['status'] == 429]
    MEASURED['%d tasks at api_rate_limit %s, throttle 5' % (len(VOLUMES), RATE)] = dict(
        seconds=round(time.monotonic() - started, 1), requests=len(log), throttled=len(refused), failed=sum(1 for result in results if result.get('failed'))
    )
    assert [result['msg'] for result in results if result.get('failed')] == []
    made = {snap['originalBlockStorageInstanceNo'] for snap in throttled.snapshots() if snap['blockStorageSnapshotName'] == 'rate-snap'}
    assert made == {volume.no for volume in VOLUMES}
    assert len(refused) <= 0.05 * len(log), (len(refused), len(log))


def test_a_429_to_one_task_holds_back_the_next_one(throttled, tmp_path):
    throttled.reset()
    throttled.configure(throttle=None)
    throttled.add_fault('*:rate:1:2')  # the first request: 429 Rate Limited, Retry-After: 2
    first = harness.module_process('blockstorage_snapshot', harness.connection(throttled, snapshot_no='1'), tmp_path)
    while not throttled.requests():
        time.sleep(0.02)
    second = harness.module_process('blockstorage_snapshot_info', harness.connection(throttled, snapshot_nos=['1']), tmp_path)
    results = [harness.result_of(first), harness.result_of(second)]
    throttled.configure(throttle=5)
    log = throttled.requests()
    assert log[0]['status'] == 429 and all(entry['status'] == 200 for entry in log[1:]) and len(log) == 3, log
    # Both the retry and the other task's first request waited out the 2 s (less the clock's rounding).
    assert min(entry['time'] for entry in log[1:]) - log[0]['time'] >= 1.95
    assert results[0]['failed'] and results[0]['msg'].startswith('snapshot_no 1 does not exist')  # looked up after the retry
    assert 'failed' not in results[1] and results[1]['snapshots'] == []
