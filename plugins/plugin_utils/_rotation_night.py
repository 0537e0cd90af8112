# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One night of the snapshot_rotation role, read from what its tasks registered.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Each volume is its own unit: a volume whose snapshot could not be taken (or did not become
ready) is reported as failed and is not rotated, and the others go on.
"""

from __future__ import annotations

from datetime import datetime

from ansible_collections.ncloud.vserver.plugins.module_utils._result import parse_date


def _failure(result):
    return result.get('msg') or 'the task failed without a message'


def _pending_reasons(waited):
    """``{number: reason}`` for tonight's snapshots the batch wait left unsettled.

    In check mode the wait only looked (``waited: false``): how a creation in flight ends is the
    real run's to find out, so nothing it left pending counts as failed.
    """
    if not waited or waited.get('skipped') or waited.get('waited') is False:
        return {}
    return {entry['snapshot_no']: entry['reason'] for entry in waited.get('pending') or []}


def results_of(registered, items=()):
    """Per-item results from a loop's results (a list) or a blockstorage_snapshot_batch task's registered result.

    A batch task that failed before reaching its items (a list request failed) fails each of ``items``
    with its message; one that was skipped has no items.
    """
    if isinstance(registered, list):
        return registered
    if not registered or registered.get('skipped'):
        return []
    if 'results' in registered:
        return registered['results']
    return [{'item': item, 'failed': True, 'changed': False, 'msg': _failure(registered)} for item in items] if registered.get('failed') else []


def tonight(taken, waited=None, volumes=()):
    """What tonight's creates and their wait left: per volume its snapshot, or why it failed.

    ``taken`` is what the create task registered (see ``results_of``; ``volumes`` are its items).
    ``numbers`` are the snapshots to wait for (a predicted one has none); ``snapshots`` are tonight's
    snapshots of the volumes that may be rotated, re-read by the wait where it ran.
    """
    taken_results = results_of(taken, volumes)
    waited = waited or {}
    reread = {snapshot['snapshot_no']: snapshot for snapshot in waited.get('snapshots') or []}
    if waited.get('waited') is False:
        # Check mode: the real run waits for tonight's snapshots before rotating, so plan as if they were ready.
        reread = {number: dict(snapshot, ready=not snapshot.get('terminating')) for number, snapshot in reread.items()}
    pending = _pending_reasons(waited)
    wait_failed = waited.get('failed') and not pending
    volumes = []
    for result in taken_results:
        snapshot = result.get('snapshot') or None
        number = snapshot and snapshot.get('snapshot_no')
        entry = {'volume': str(result.get('item')), 'snapshot': reread.get(number, snapshot), 'changed': bool(result.get('changed')), 'failed': None}
        if result.get('failed'):
            entry['failed'] = 'taking the snapshot failed: %s' % _failure(result)
        elif number in pending:
            entry['failed'] = 'snapshot %s did not become ready: %s' % (number, pending[number])
        elif number and wait_failed:
            entry['failed'] = 'waiting for snapshot %s failed: %s' % (number, _failure(waited))
        volumes.append(entry)
    ok = [entry for entry in volumes if not entry['failed']]
    return {
        'volumes': volumes,
        'numbers': [
            entry['snapshot']['snapshot_no'] for entry in volumes if not entry['failed'] and entry['snapshot'] and entry['snapshot'].get('snapshot_no')
        ],
        'ok_volumes': [entry['volume'] for entry in ok],
        'snapshots': [entry['snapshot'] for entry in ok if entry['snapshot']],
        'failed': {entry['volume']: entry['failed'] for entry in volumes if entry['failed']},
    }


def merged(listed, taken):
    """The listing with tonight's snapshots added where it does not show them yet (NCP's lists may lag behind a create)."""
    numbers = {snapshot.get('snapshot_no') for snapshot in listed}
    return list(listed) + [snapshot for snapshot in taken if snapshot.get('snapshot_no') is None or snapshot['snapshot_no'] not in numbers]


def _age_days(snapshot, now):
    created = parse_date(snapshot.get('create_date'))
    return None if created is None else round((now - created).total_seconds() / 86400, 1)


def _delete_outcomes(deleted_results, gone):
    """``(gone numbers, {number: why kept by NCP}, {number: why it failed})`` from the deletes' results and their wait."""
    went, image_backed, failed = [], {}, {}
    pending = _pending_reasons(gone)
    for result in deleted_results:
        number = str(result.get('item'))
        message = result.get('msg') or ''
        if 'server image' in message:
            image_backed[number] = message
        elif result.get('failed'):
            failed[number] = 'deleting snapshot %s failed: %s' % (number, _failure(result))
        else:
            for gone_no in [snapshot['snapshot_no'] for snapshot in result.get('deleted_snapshots') or []]:
                if gone_no in pending:
                    failed[gone_no] = 'snapshot %s is not gone yet: %s' % (gone_no, pending[gone_no])
                else:
                    went.append(gone_no)
    return went, image_backed, failed


def report(night, listed, plan, deleted_results=(), gone=None, now=None):
    """The night per volume: taken, kept, deleted (with name and age), held, kept by NCP, failed; and a table.

    ``listed`` is the listing of the volumes that could be rotated; when it failed, none was.
    ``deleted_results`` is what the delete task registered (see ``results_of``; its items are the plan's).
    """
    now = now or datetime.now().astimezone()
    listing_failed = 'listing the snapshots failed: %s' % _failure(listed) if listed.get('failed') else None
    snapshots = merged(listed.get('snapshots') or [], night['snapshots'])
    went, image_backed, delete_failed = _delete_outcomes(results_of(deleted_results, plan.get('delete', [])), gone)
    by_number = {snapshot['snapshot_no']: snapshot for snapshot in snapshots if snapshot.get('snapshot_no')}
    # Everything grouped by volume once: a night of 1,000 volumes must not scan every snapshot per volume.
    numbers_of, owner = {}, {}
    for snapshot in snapshots:
        if snapshot.get('snapshot_no'):
            numbers_of.setdefault(snapshot.get('block_storage_instance_no'), []).append(snapshot['snapshot_no'])
            owner[snapshot['snapshot_no']] = snapshot.get('block_storage_instance_no')

    def by_volume(numbers):
        grouped = {}
        for number in numbers:
            grouped.setdefault(owner.get(number), []).append(number)
        return grouped

    went_by, held_by, image_by = by_volume(went), by_volume(plan.get('held', [])), by_volume(image_backed)
    failed_by = by_volume(delete_failed)
    went_set = set(went)
    volumes = []
    for entry in night['volumes']:
        numbers = numbers_of.get(entry['volume'], [])
        taken = entry['snapshot']
        rotated = not entry['failed'] and not listing_failed
        failures = [entry['failed'] or listing_failed] if not rotated else []
        failures += [delete_failed[number] for number in failed_by.get(entry['volume'], [])]
        volumes.append(
            {
                'volume': entry['volume'],
                'taken': None
                if not taken
                else {
                    'snapshot_no': taken.get('snapshot_no'),
                    'name': taken.get('name'),
                    'changed': entry['changed'],
                    'snapshot_type': taken.get('snapshot_type'),
                    'chain_depth': taken.get('chain_depth'),
                    'ready': taken.get('ready'),
                },
                'kept': [number for number in numbers if number not in went_set] if rotated else None,
                'deleted': [
                    {'snapshot_no': number, 'name': by_number[number].get('name'), 'age_days': _age_days(by_number[number], now)}
                    for number in went_by.get(entry['volume'], [])
                ],
                'held': held_by.get(entry['volume'], []),
                'image_backed': image_by.get(entry['volume'], []),
                'failed': '; '.join(failures) or None,
            }
        )
    return {
        'volumes': volumes,
        'failed': [volume['volume'] for volume in volumes if volume['failed']],
        'taken': sum(1 for volume in volumes if volume['taken'] and volume['taken']['changed']),
        'deleted': sum(len(volume['deleted']) for volume in volumes),
        'table': table(volumes),
    }


def _taken_cell(taken):
    if not taken:
        return '-'
    text = '%s %s' % (taken['snapshot_no'] or '(new)', taken['snapshot_type'] or '')
    if taken['snapshot_type'] == 'INCREMENTAL':
        text += ' depth %s' % taken['chain_depth']
    return text + ('' if taken['changed'] else ' (already there)')


def table(volumes):
    """Lines of a fixed-width table, one row a volume, for the play's output (an AWX job shows it as it is)."""
    rows = [('volume', 'taken', 'kept', 'deleted', 'held', 'failed')]
    for volume in volumes:
        deleted = ', '.join('%s %s (%s d)' % (gone['snapshot_no'], gone['name'], gone['age_days']) for gone in volume['deleted'])
        held = volume['held'] + ['%s (server image)' % number for number in volume['image_backed']]
        kept = '-' if volume['kept'] is None else str(len(volume['kept']))
        rows.append((volume['volume'], _taken_cell(volume['taken']), kept, deleted or '-', ', '.join(held) or '-', volume['failed'] or '-'))
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    return ['  '.join(cell.ljust(width) for cell, width in zip(row, widths)) + '  ' + row[5] for row in rows]
