# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared rate limit: even spacing across processes, a shared hold after throttling, its private file."""

from __future__ import annotations

import multiprocessing
import os
import stat
import time

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils import _rate_limit
from ansible_collections.ncloud.vserver.plugins.module_utils._rate_limit import RateLimit, state_path
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL


@pytest.fixture
def shared(tmp_path, clock):
    """limiter(rate) -> a RateLimit on the test's directory and fake clock: each one stands for another process."""

    def limiter(rate=None, key=ACCESS_KEY, url=API_URL, sleep=None):
        return RateLimit(rate, key, url, clock=clock.time, sleep=sleep or clock.sleep, directory=str(tmp_path / 'state'))

    return limiter


def test_processes_sharing_a_key_take_evenly_spaced_slots(shared, clock):
    first, second = shared(10), shared(10)
    start = clock.now
    sent = []
    for limiter in (first, second, first, second):
        assert limiter.before_request(start + 60) is True
        sent.append(round(clock.now - start, 6))
    assert sent == [0.0, 0.1, 0.2, 0.3]


def test_an_idle_slot_is_not_saved_up_for_a_burst(shared, clock):
    limiter = shared(2)
    limiter.before_request(clock.now + 60)
    clock.now += 30
    start = clock.now
    limiter.before_request(start + 60)
    limiter.before_request(start + 60)
    assert clock.now - start == pytest.approx(0.5)


def test_other_keys_and_gateways_have_their_own_slots(shared, clock):
    start = clock.now
    for limiter in (shared(1), shared(1, key='OTHERKEY'), shared(1, url='https://gw.other')):
        limiter.before_request(start + 60)
    assert clock.now == start


def test_a_throttled_reply_holds_back_every_process_with_or_without_a_limit(shared, clock):
    refused, limited, unlimited = shared(None), shared(10), shared(None)
    start = clock.now
    refused.throttled(7)
    unlimited.before_request(start + 60)
    assert clock.now == pytest.approx(start + 7)
    limited.before_request(start + 60)
    assert clock.now == pytest.approx(start + 7)


def test_without_a_limit_requests_do_not_wait_for_the_limited_ones_slots(shared, clock):
    limited, unlimited = shared(0.1), shared(None)
    start = clock.now
    limited.before_request(start + 60)
    unlimited.before_request(start + 60)
    unlimited.before_request(start + 60)
    assert clock.now == start and clock.sleeps == []


def test_a_hold_only_grows(shared, clock):
    limiter = shared(None)
    start = clock.now
    limiter.throttled(9)
    limiter.throttled(2)
    limiter.before_request(start + 60)
    assert clock.now == pytest.approx(start + 9)


def test_no_slot_before_the_deadline_reserves_nothing_and_does_not_sleep(shared, clock):
    limiter = shared(1)
    start = clock.now
    limiter.before_request(start + 60)
    assert limiter.before_request(start + 0.5) is False
    assert clock.sleeps == []
    assert limiter.before_request(start + 60) is True and clock.now == pytest.approx(start + 1)


def test_a_hold_set_while_waiting_for_a_slot_is_waited_out_too(shared, clock):
    other = shared(None)
    calls = []

    def sleep(seconds):
        calls.append(seconds)
        if len(calls) == 1:
            other.throttled(5)  # another process is refused while this one sleeps
        clock.sleep(seconds)

    limiter = shared(1, sleep=sleep)
    start = clock.now
    limiter.before_request(start + 60)
    limiter.before_request(start + 60)  # its slot is 1 s on; the hold set meanwhile is 5 s
    assert clock.now == pytest.approx(start + 5)
    assert calls == [pytest.approx(1), pytest.approx(4)]


def test_times_from_another_clock_far_ahead_are_ignored(shared, clock, tmp_path):
    limiter = shared(1)
    with open(limiter.path, 'w') as handle:
        handle.write('%f %f\n' % (clock.now + 10**7, clock.now + 10**7))
    start = clock.now
    assert limiter.before_request(start + 60) and clock.now == start


@pytest.mark.parametrize('content', [b'\xff garbage', b'nan nan\n', b'inf 1\n', b'12\n', b''])
def test_an_unreadable_state_file_counts_as_empty(shared, clock, content):
    limiter = shared(1)
    with open(limiter.path, 'wb') as handle:
        handle.write(content)
    start = clock.now
    assert limiter.before_request(start + 60) and limiter.before_request(start + 60)
    assert clock.now == pytest.approx(start + 1)


def test_the_file_is_private_and_names_the_key_only_by_hash(shared, clock, tmp_path):
    limiter = shared(5)
    limiter.before_request(clock.now + 60)
    limiter.throttled(3)
    directory = tmp_path / 'state'
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(limiter.path).st_mode) == 0o600
    assert limiter.path == state_path(ACCESS_KEY, API_URL + '/', str(directory))
    assert ACCESS_KEY not in limiter.path
    assert ACCESS_KEY not in (directory / os.path.basename(limiter.path)).read_text()


def test_without_file_locks_the_state_stays_in_the_process(shared, clock, monkeypatch):
    def no_locks(fd, operation):
        raise OSError(37, 'No locks available')

    monkeypatch.setattr(_rate_limit.fcntl, 'flock', no_locks)
    limiter = shared(10)
    start = clock.now
    limiter.before_request(start + 60)
    limiter.before_request(start + 60)
    assert clock.now == pytest.approx(start + 0.1)


def test_a_directory_others_can_write_is_not_used(tmp_path, clock):
    directory = tmp_path / 'open'
    directory.mkdir()
    directory.chmod(0o777)
    limiter = RateLimit(10, ACCESS_KEY, API_URL, clock=clock.time, sleep=clock.sleep, directory=str(directory))
    assert limiter.path is None and os.listdir(directory) == []
    start = clock.now
    limiter.before_request(start + 60)
    limiter.before_request(start + 60)
    assert clock.now == pytest.approx(start + 0.1)  # still limited, within this process


def _take_slots(directory, count, rate, queue):
    limiter = RateLimit(rate, ACCESS_KEY, API_URL, directory=directory)
    times = []
    for dummy in range(count):
        limiter.before_request(time.time() + 60)
        times.append(time.time())
    queue.put(times)


def test_real_processes_share_one_rate(tmp_path):
    """Two real processes, 10 requests each at 40 a second: 20 slots 25 ms apart, 0.475 s in all (each alone: 0.225 s)."""
    context = multiprocessing.get_context('fork')
    queue = context.Queue()
    workers = [context.Process(target=_take_slots, args=(str(tmp_path / 'state'), 10, 40.0, queue)) for dummy in range(2)]
    for worker in workers:
        worker.start()
    times = sorted(queue.get(timeout=30) + queue.get(timeout=30))
    for worker in workers:
        worker.join(timeout=30)
    assert len(times) == 20
    # Every request leaves at or after its slot; the first one's lateness (its process creating the file) is allowed for.
    assert all(later - times[0] >= index * 0.025 - 0.03 for index, later in enumerate(times))
