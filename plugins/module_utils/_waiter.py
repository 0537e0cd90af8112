# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting: polling until NCP is ready, with an interval that grows with the time already waited.

Private to the ncloud.vserver collection: not a public API, may change without notice.

The interval before each poll is ``FIRST_INTERVAL + GROWTH * waited``, at most ``MAX_INTERVAL``.
Readiness falls anywhere in an interval, so it is noticed on average half an interval late:
about 3.75 % of the creation time (plus a quarter second) while the interval grows, and at most
``MAX_INTERVAL`` (4.5 s on average) for long creations; issue 14 asks for at most 5 % and never
more than 10 s. Polls grow with the logarithm of the creation time up to two minutes and then
linearly, one every 9 s (benchmarks/wait_schedule.py prints both for 1 s to 10 min creations).
The half-second start keeps a 1 s creation at 2 or 3 polls. Batch waits (``_batch_wait``) use
the same schedule; their poll is one list request for every snapshot.

Every wait has a deadline (a clock value): no sleep passes it, and each read made while waiting
is itself bounded by the deadline plus one ``api_timeout``, so a wait ends by then whatever the
server does.
"""

from __future__ import annotations

from ._errors import ModuleError, NcloudApiError
from ._result import is_ready
from ._snapshot import error_state, get_snapshot, list_snapshots

FIRST_INTERVAL = 0.5
GROWTH = 0.075
MAX_INTERVAL = 9.0
# Between resends of a write NCP refused as busy (nothing applied): its work takes seconds at least.
BUSY_RETRY_INTERVAL = 2.0


class WaitTimeout(Exception):
    """The condition did not hold by the deadline; ``last`` is the last thing read."""

    def __init__(self, last):
        super().__init__('timed out')
        self.last = last


def poll_interval(elapsed):
    """Seconds to sleep before the next poll, given the seconds already waited."""
    return min(MAX_INTERVAL, FIRST_INTERVAL + GROWTH * max(0.0, elapsed))


def wait_for(read, done, deadline, clock, sleep):
    """Call ``read()`` until ``done(result)``; return the result or raise WaitTimeout.

    The last poll happens at the deadline, so a deadline already reached still looks once.
    """
    start = clock()
    while True:
        sleep(max(0.0, min(poll_interval(clock() - start), deadline - clock())))
        current = read()
        if done(current):
            return current
        if clock() >= deadline:
            raise WaitTimeout(current)


def _failed(snapshot, goal, timeout, cause=None, doing='NCP accepted'):
    """A wait that ended without its goal: say which snapshot the task left behind, and how it was."""
    state = error_state(snapshot)
    if state:
        return ModuleError(
            'snapshot %s is in an error state: %s; it will not become %s' % (snapshot['snapshot_no'], state, goal), result={'snapshot': snapshot}, cause=cause
        )
    if cause is not None:
        return ModuleError(
            '%s snapshot %s, but reading its status then failed: %s' % (doing, snapshot['snapshot_no'], cause), result={'snapshot': snapshot}, cause=cause
        )
    return ModuleError(
        'snapshot %s was not %s after wait_timeout=%d seconds; last status %s (%s). It may still get there: run '
        'the task again, or raise wait_timeout' % (snapshot['snapshot_no'], goal, timeout, snapshot['status'], snapshot['status_name']),
        result={'snapshot': snapshot},
    )


def wait_until_ready(client, snapshot, deadline, timeout):
    """The snapshot re-read once it is ready (status CREAT); never the stale create-time facts.

    NCP's detail read may lag behind a create: an empty read before the snapshot was ever seen
    means "not listed yet", not "gone". An error state ends the wait at once.
    """
    seen = {'last': snapshot, 'listed': False}

    def read():
        current = get_snapshot(client, snapshot['snapshot_no'], deadline=deadline + client.timeout)
        if current is None and seen['listed']:
            raise ModuleError('snapshot %s disappeared while waiting for it to be ready' % snapshot['snapshot_no'], result={'snapshot': seen['last']})
        seen.update(last=current or seen['last'], listed=seen['listed'] or current is not None)
        return current

    def settled(current):
        return current is not None and (is_ready(current) or bool(error_state(current)))

    try:
        current = snapshot if settled(snapshot) else wait_for(read, settled, deadline, client.clock, client.sleep)
    except WaitTimeout:
        raise _failed(seen['last'], 'ready (status CREAT)', timeout) from None
    except NcloudApiError as exc:
        raise _failed(seen['last'], 'ready (status CREAT)', timeout, exc) from None
    if error_state(current):
        raise _failed(current, 'ready (status CREAT)', timeout)
    return current


def wait_until_gone(client, snapshots, deadline, timeout):
    """Wait until every one of ``snapshots`` has disappeared; one list request a poll, however many."""
    numbers = [snapshot['snapshot_no'] for snapshot in snapshots]
    try:
        wait_for(
            lambda: list_snapshots(client, snapshot_nos=numbers, deadline=deadline + client.timeout),
            lambda remaining: not remaining,
            deadline,
            client.clock,
            client.sleep,
        )
    except WaitTimeout as exc:
        raise _failed(exc.last[0], 'gone', timeout) from None
    except NcloudApiError as exc:
        raise _failed(snapshots[-1], 'gone', timeout, exc, 'NCP is deleting') from None


def retry_while_busy(client, send, deadline, what):
    """``send()``, sent again while NCP refuses it as busy (nothing applied) until ``deadline``; None: no waiting."""
    while True:
        try:
            return send()
        except NcloudApiError as exc:
            if not exc.busy or deadline is None or client.clock() >= deadline:
                if exc.busy:
                    exc.hint = 'NCP refused %s because something is in progress; the request was not applied. Run the task again later%s' % (
                        what,
                        ', or with wait=true to wait for it' if deadline is None else '',
                    )
                raise
            client.sleep(min(BUSY_RETRY_INTERVAL, max(0.0, deadline - client.clock())))
