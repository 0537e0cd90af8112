# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Deleting many snapshots in few requests, each chain newest first, and isolating the ones NCP refuses.

Private to the ncloud.vserver collection: not a public API, may change without notice.

NCP's delete takes several numbers (``blockStorageSnapshotInstanceNoList.N``). Whether one request
may span several volumes, and whether one refused number refuses the whole request, NCP does not
say (the emulator refuses all or nothing). So a request that fails is never taken on trust as
having done nothing: a look-up (one list by its numbers) shows what it did, and only what is still
there is sent again, in smaller requests: one per volume, then one per item. A reply that lists only some of the snapshots sent is taken to
mean NCP deleted only those (as a partial batch would) and the others go the same way. Sending and resending
a request goes through ``_delete.delete_snapshots``, which already looks before it resends a
delete whose reply was lost.

An item is one number the task was given, with the snapshots NCP requires to go first (cascade):
the chain checks (XEN, KVM CB1/FB1) use one listing of the volumes concerned, not one per snapshot.
"""

from __future__ import annotations

from ._chain import deleted_newest_first, dependants
from ._delete import delete_snapshots
from ._errors import ModuleError, NcloudApiError
from ._paging import NUMBERS_PER_REQUEST
from ._result import is_terminating
from ._snapshot import list_snapshots


def decide(client, snapshot_nos, cascade):
    """Per number in order: ``{'item', 'found', 'doomed', 'error'}``; ``doomed`` is what its delete sends, newest first.

    A number already gone, or being deleted, or already doomed by an earlier item's cascade, dooms nothing.
    """
    if not snapshot_nos:
        return []  # an empty list filter would list every snapshot of the region
    found = {snapshot['snapshot_no']: snapshot for snapshot in list_snapshots(client, snapshot_nos=list(snapshot_nos))}
    chained = sorted({snapshot['block_storage_instance_no'] for snapshot in found.values() if not is_terminating(snapshot) and deleted_newest_first(snapshot)})
    listing = list_snapshots(client, volume_nos=chained) if chained else []
    by_volume = {}
    for snapshot in listing:
        by_volume.setdefault(snapshot['block_storage_instance_no'], []).append(snapshot)
    plans, doomed = [], set()
    for number in snapshot_nos:
        target = found.get(number)
        plan = {'item': number, 'found': target, 'doomed': [], 'error': None}
        plans.append(plan)
        if target is None or is_terminating(target) or number in doomed:
            continue
        in_the_way = (
            [snapshot for snapshot in dependants(target, by_volume.get(target['block_storage_instance_no'], [])) if snapshot['snapshot_no'] not in doomed]
            if deleted_newest_first(target)
            else []
        )
        if in_the_way and not cascade:
            plan['error'] = (
                'snapshot %s cannot be deleted before %s: on %s volumes NCP deletes a chain newest first. Delete '
                'those first, or set cascade=true to delete them with it'
                % (number, ', '.join(snapshot['snapshot_no'] for snapshot in in_the_way), target['volume_type'] or target['hypervisor_type'])
            )
            continue
        plan['doomed'] = in_the_way + [target]
        doomed.update(snapshot['snapshot_no'] for snapshot in plan['doomed'])
    return plans


def requests_for(plans):
    """The plans to delete, grouped into requests: a volume's items stay together, at most NUMBERS_PER_REQUEST numbers a request.

    Keeping a volume's snapshots in one request keeps its chain order inside one request, and a
    KVM volume refuses a second delete while a first one is in progress.
    """
    by_volume = {}
    for plan in plans:
        if plan['doomed']:
            by_volume.setdefault(plan['doomed'][0]['block_storage_instance_no'], []).append(plan)
    batches, size = [], NUMBERS_PER_REQUEST
    for group in by_volume.values():
        count = sum(len(plan['doomed']) for plan in group)
        if not batches or size + count > NUMBERS_PER_REQUEST:
            batches.append([])
            size = 0
        batches[-1].extend(group)
        size += count
    return batches


class Deleter:
    """Sends the plans' deletes; records per plan what went (``gone``) and why the rest did not (``error``)."""

    def __init__(self, client, busy_deadline):
        self.client = client
        self.busy_deadline = busy_deadline

    def send(self, plans, resent=False):
        """Delete what is left of ``plans``; ``resent``: these are what a reply left out once already."""
        left = [plan for plan in plans if self._left(plan)]
        if not left:
            return
        sent = [snapshot for plan in left for snapshot in self._left(plan)]
        try:
            acted = delete_snapshots(self.client, sent, self.busy_deadline)
        except (ModuleError, NcloudApiError) as exc:
            self._isolate(left, exc)
            return
        # A reply that leaves some out says NCP deleted only the others (a partial batch): look, then isolate those.
        skipped = [] if acted is None else sorted({s['snapshot_no'] for s in sent} - {s['snapshot_no'] for s in acted}, key=int)
        for plan in left:
            plan['gone'] += [snapshot['snapshot_no'] for snapshot in self._left(plan) if snapshot['snapshot_no'] not in skipped]
        if skipped:
            # Sent again on their own (after a look-up), NCP says why, such as a server image; left out twice, they fail.
            self._isolate(
                [plan for plan in left if self._left(plan)],
                ModuleError('NCP accepted the delete but did not list snapshot %s among those it is deleting' % ', '.join(skipped)),
                not resent,
            )

    @staticmethod
    def _left(plan):
        return [snapshot for snapshot in plan['doomed'] if snapshot['snapshot_no'] not in plan.setdefault('gone', [])]

    def _isolate(self, plans, exc, resend=False):
        """After a failed request: look at what it did, then send what is left in smaller requests, or report it.

        A single plan that failed is reported, unless ``resend`` (a reply left it out without saying why).
        """
        numbers = [snapshot['snapshot_no'] for plan in plans for snapshot in self._left(plan)]
        try:
            still = {snapshot['snapshot_no'] for snapshot in list_snapshots(self.client, snapshot_nos=numbers) if not is_terminating(snapshot)}
        except NcloudApiError as look:
            for plan in plans:
                plan['error'] = (
                    'deleting snapshots %s failed (%s), and looking at what the delete did then failed too (%s): run '
                    'the task again, it deletes what is still there' % (', '.join(numbers), exc, look)
                )
            return
        for plan in plans:
            plan['gone'] += [snapshot['snapshot_no'] for snapshot in self._left(plan) if snapshot['snapshot_no'] not in still]
        left = [plan for plan in plans if self._left(plan)]
        if len(left) == 1 and len(plans) == 1 and not resend:
            left[0]['error'] = str(exc)
            return
        for part in _smaller(left) if len(left) > 1 else [left]:
            self.send(part, resent=resend)


def _smaller(plans):
    """Requests of one volume each; a request of one volume already, one item each."""
    volumes = {}
    for plan in plans:
        volumes.setdefault(plan['doomed'][0]['block_storage_instance_no'], []).append(plan)
    return list(volumes.values()) if len(volumes) > 1 else [[plan] for plan in plans]
