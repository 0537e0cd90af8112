# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting for a snapshot: polling until the cloud is ready, with an interval that grows with the time already waited.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Sleeping a tenth of the time already waited keeps the delay between "ready" and "noticed" within
max(1 s, 10 % of the wait) while the number of polls grows only logarithmically. The interval is
capped so a long wait still notices readiness within a minute.
"""

from __future__ import annotations

from ._errors import ModuleError, NcloudApiError
from ._result import to_result
from ._snapshot import get_snapshot, is_ready, list_snapshots

MIN_INTERVAL = 1.0
MAX_INTERVAL = 60.0
GROWTH = 0.1


class WaitTimeout(Exception):
    """The condition did not hold within the timeout; ``last`` is the last thing read."""

    def __init__(self, last, polls):
        super().__init__('timed out')
        self.last = last
        self.polls = polls


def poll_interval(elapsed):
    """Seconds to sleep before the next poll, given the seconds already waited."""
    return min(MAX_INTERVAL, max(MIN_INTERVAL, elapsed * GROWTH))


def wait_for(read, done, timeout, clock, sleep):
    """Call ``read()`` until ``done(result)``; return ``(result, polls)`` or raise WaitTimeout.

    The last poll happens at the deadline, so a ``timeout`` of 0 still looks once.
    """
    start = clock()
    polls = 0
    while True:
        elapsed = clock() - start
        sleep(max(0.0, min(poll_interval(elapsed), timeout - elapsed)))
        current = read()
        polls += 1
        if done(current):
            return current, polls
        if clock() - start >= timeout:
            raise WaitTimeout(current, polls)


def _timed_out(number, goal, timeout, last):
    return ModuleError('snapshot %s was not %s after wait_timeout=%d seconds; last status %s (%s). It may still get there: run '
                       'the task again, or raise wait_timeout' % (number, goal, timeout, last['status'], last['status_name']),
                       result={'snapshot': last})


def _unreadable(what, numbers, exc, raw, region):
    """Reading the status failed for good: say which snapshot the task left behind, and what failed."""
    return ModuleError('%s %s, but reading its status then failed: %s' % (what, ', '.join(numbers), exc),
                       result={'snapshot': to_result(raw, region)})


def wait_until_ready(client, raw, timeout):
    """The snapshot re-read once it is ready (status CREAT), never the stale create-time facts."""
    number = raw['blockStorageSnapshotInstanceNo']
    try:
        ready, dummy = wait_for(lambda: get_snapshot(client, number), lambda current: current is None or is_ready(current),
                                timeout, client.clock, client.sleep)
    except WaitTimeout as exc:
        raise _timed_out(number, 'ready (status CREAT)', timeout, to_result(exc.last or raw, client.region)) from None
    except NcloudApiError as exc:
        raise _unreadable('NCP accepted snapshot', [number], exc, raw, client.region) from None
    if ready is None:
        raise ModuleError('snapshot %s disappeared while waiting for it to be ready' % number)
    return ready


def wait_until_gone(client, snapshots, timeout):
    """Wait until every one of ``snapshots`` has disappeared; one list request a poll, however many."""
    numbers = [raw['blockStorageSnapshotInstanceNo'] for raw in snapshots]
    try:
        wait_for(lambda: list_snapshots(client, snapshot_nos=numbers), lambda remaining: not remaining, timeout,
                 client.clock, client.sleep)
    except WaitTimeout as exc:
        last = to_result(exc.last[0], client.region)
        raise _timed_out(last['snapshot_no'], 'gone', timeout, last) from None
    except NcloudApiError as exc:
        raise _unreadable('NCP is deleting snapshot', numbers, exc, snapshots[-1], client.region) from None
