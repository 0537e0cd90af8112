# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting on a batch of snapshots together: one list request a poll, one deadline for all.

Private to the ncloud.vserver collection: not a public API, may change without notice.

N snapshots created together are waited for in about the time of the slowest one, at the cost
of one list request (by their numbers) a poll, however many they are. Polls follow ``_waiter``'s
schedule. The first look is made at once; the last one at the deadline, so a deadline already
reached still looks once.

A number NCP does not list yet is taken as its list lagging behind a create: it stays pending
(never "gone") until the deadline. Each number that does not reach the goal is returned with the
reason, so the caller can report every one, not only the first.
"""

from __future__ import annotations

from ._errors import ModuleError, NcloudApiError
from ._result import is_ready, is_terminating
from ._snapshot import error_state, list_snapshots
from ._waiter import poll_interval


def _state(snapshot):
    return 'status %s, operation %s (%s)' % (snapshot['status'], snapshot['operation'], snapshot['status_name'])


class _Batch:
    """What is known of each number so far: its last read, and whether it was ever listed."""

    def __init__(self, numbers, goal, timeout):
        self.numbers = list(dict.fromkeys(numbers))
        self.goal = goal
        self.timeout = timeout
        self.last = {}
        self.seen = set()
        self.listed = []

    def update(self, snapshots):
        self.listed = snapshots
        self.last = {snapshot['snapshot_no']: snapshot for snapshot in snapshots}
        self.seen.update(self.last)

    def settled(self, number):
        """Whether waiting longer cannot change this number's outcome: it got there, or it never will."""
        snapshot = self.last.get(number)
        if self.goal == 'gone':
            return snapshot is None
        if snapshot is None:
            return number in self.seen  # disappeared after being listed; never listed: NCP may lag
        return is_ready(snapshot) or is_terminating(snapshot) or bool(error_state(snapshot))

    def reason(self, number):
        """Why ``number`` did not reach the goal; None when it did."""
        snapshot = self.last.get(number)
        if self.goal == 'gone':
            if snapshot is None:
                return None
            return 'still listed after wait_timeout=%d seconds; last %s' % (self.timeout, _state(snapshot))
        if snapshot is None:
            if number in self.seen:
                return 'disappeared while waiting for it to be ready'
            return 'never listed within wait_timeout=%d seconds: no such snapshot, or NCP\'s list is still behind its create' % self.timeout
        if is_ready(snapshot):
            return None
        if error_state(snapshot):
            return 'in an error state: %s; it will not become ready' % error_state(snapshot)
        if is_terminating(snapshot):
            return 'being deleted (operation TERMT); it will not become ready'
        return 'not ready after wait_timeout=%d seconds; last %s' % (self.timeout, _state(snapshot))

    def pending(self):
        return [
            {'snapshot_no': number, 'reason': reason} for number, reason in ((number, self.reason(number)) for number in self.numbers) if reason is not None
        ]


def wait_for_batch(client, numbers, goal, deadline, timeout):
    """Poll until every one of ``numbers`` is ready (or cannot become so), or none is listed (``goal='gone'``).

    Returns ``(snapshots, pending)``: the last read (terminating ones included) and a
    ``{snapshot_no, reason}`` for each number that did not reach the goal, [] when all did. A
    failed read raises ModuleError carrying what the reads before it showed.
    """
    batch = _Batch(numbers, goal, timeout)
    start = client.clock()
    while True:
        try:
            batch.update(list_snapshots(client, snapshot_nos=batch.numbers, deadline=deadline + client.timeout))
        except NcloudApiError as exc:
            pending = [dict(item, reason='not known: reading the snapshots failed (%s)' % exc.message) for item in batch.pending()]
            raise ModuleError(
                'waiting until snapshots %s are %s failed: %s' % (', '.join(batch.numbers), goal, exc),
                result={'snapshots': batch.listed, 'pending': pending},
                cause=exc,
            ) from None
        if all(batch.settled(number) for number in batch.numbers) or client.clock() >= deadline:
            return batch.listed, batch.pending()
        client.sleep(max(0.0, min(poll_interval(client.clock() - start), deadline - client.clock())))
