# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One named snapshot of each of many volumes: a few list requests for all of them, one create each.

Private to the ncloud.vserver collection: not a public API, may change without notice.

What blockstorage_snapshot decides for one volume from its own reads (does the volume exist, is
tonight's name already there, FULL or INCREMENTAL) is decided here for every volume from one
volume list and one snapshot list (a request per NUMBERS_PER_REQUEST volumes, ``_paging``). The
creates are the only requests made per volume; each is sent once, as ``_create.create_once``
sends it. The same-name race check after the creates (docs/performance.md) is one list by the
name over all the volumes, repeated until every new snapshot is listed or the window ends.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ._chain import check_incremental_allowed, choose_type, has_snapshot_types
from ._create import CONSISTENCY_WINDOW, create_once
from ._errors import ModuleError, NcloudApiError
from ._result import is_terminating, number_of, predicted_result
from ._snapshot import error_state, list_snapshots, list_volume_facts, send_delete
from ._waiter import WaitTimeout, retry_while_busy, wait_for

_LOOK_INTERVAL = 2.0
# Options NCP sets at creation and never changes; a found snapshot that differs earns a warning.
IMMUTABLE_OPTIONS = ('description', 'snapshot_type')


def decide(client, volume_nos, name, description, snapshot_type):
    """``(plans, listed)``: per volume in order, what to do; and every snapshot of the volumes as listed.

    A plan is ``{'item', 'volume', 'found', 'type', 'reason', 'error', 'warnings'}``: ``found`` is the
    snapshot already there (converged), else ``type`` is what to create; ``error`` says why not.
    """
    if not volume_nos:
        return [], []  # an empty list filter would list every volume of the region
    facts = list_volume_facts(client, volume_nos)
    listed = list_snapshots(client, volume_nos=[number for number in volume_nos if number in facts]) if facts else []
    by_volume = {}
    for snapshot in listed:
        by_volume.setdefault(snapshot['block_storage_instance_no'], []).append(snapshot)
    return [_decide_one(client, number, facts.get(number), by_volume.get(number, []), name, description, snapshot_type) for number in volume_nos], listed


def _decide_one(client, number, volume, snapshots, name, description, snapshot_type):
    plan = {'item': number, 'volume': volume, 'found': None, 'type': snapshot_type, 'reason': None, 'error': None, 'warnings': []}
    if volume is None:
        plan['error'] = 'block_storage_instance_no %s does not exist in region %s' % (number, client.region)
        return plan
    matches = [snapshot for snapshot in snapshots if snapshot['name'] == name]
    alive = [snapshot for snapshot in matches if not is_terminating(snapshot)]
    if len(alive) > 1:
        plan['error'] = (
            'name %r matches %d snapshots of volume %s (%s): NCP does not keep names unique. Overlapping runs keep '
            'the lowest number, %s; delete the others' % (name, len(alive), number, ', '.join(s['snapshot_no'] for s in alive), alive[0]['snapshot_no'])
        )
        return plan
    found = (alive or matches or [None])[0]
    if found is not None:
        plan['found'] = found
        if error_state(found):
            plan['error'] = 'snapshot %s is in an error state: %s' % (found['snapshot_no'], error_state(found))
        for option, wanted in (('description', description), ('snapshot_type', snapshot_type)):
            if wanted not in (None, 'AUTO') and wanted != found[option]:
                plan['warnings'].append(
                    'snapshot %s has %s %r, not %r as the task asks; NCP cannot change it, so it was left as '
                    'it is' % (found['snapshot_no'], option, found[option], wanted)
                )
        return plan
    try:
        if snapshot_type == 'AUTO':
            plan['type'], plan['reason'] = choose_type(volume, snapshots if has_snapshot_types(volume) else [])
        elif snapshot_type == 'INCREMENTAL' and has_snapshot_types(volume):
            check_incremental_allowed(volume, snapshots)
    except ModuleError as exc:
        plan['error'] = str(exc)
    return plan


def predicted(client, plan, name, description):
    """What the create of ``plan`` would return, for check mode."""
    return predicted_result(plan['volume'], name, description, plan['type'], client.region)


# Creates in flight at once. Each volume's create is its own request and NCP makes them
# independently; sent one after another, a fleet's creates alone take longer than a snapshot does
# (1,000 volumes at 45 ms a request: 45 s). The shared rate limit (api_rate_limit) still spaces them.
CREATES_AT_ONCE = 8


def create_all(client, plans, send):
    """``send(client, plan)`` for every plan, CREATES_AT_ONCE at a time, each thread with its own client."""
    if CREATES_AT_ONCE <= 1 or len(plans) <= 1:
        for plan in plans:
            send(client, plan)
        return
    own = threading.local()

    def send_one(plan):
        if not hasattr(own, 'client'):
            own.client = client.twin()
        send(own.client, plan)

    with ThreadPoolExecutor(max_workers=min(CREATES_AT_ONCE, len(plans))) as pool:
        list(pool.map(send_one, plans))


def create(client, plan, name, description, busy_deadline):
    """Send the plan's create once (again only while NCP refuses it as busy); the snapshot NCP made."""
    made = create_once(client, plan['volume'], name, description, plan['type'], busy_deadline)
    if made['snapshot_type'] != (plan['type'] or 'FULL'):
        plan['warnings'].append(
            'snapshot_type %s was asked, and NCP made snapshot %s a %s snapshot%s'
            % (
                plan['type'],
                made['snapshot_no'],
                made['snapshot_type'],
                '' if has_snapshot_types(plan['volume']) else ': NCP makes FULL snapshots of KVM volumes',
            )
        )
    return made


def settle_races(client, made, name, cleanup_deadline):
    """``{volume: (snapshot it stands for, warning, error)}`` once overlapping runs are settled, for every volume at once.

    ``made`` maps each volume to the snapshot this run made. As ``_create.settle_race`` does for one
    volume: the lowest number of the name on a volume stays; a run that lost deletes its own one.
    A failed look-up raises NcloudApiError; a failed delete of a duplicate is that volume's error.
    """
    if not made:
        return {}
    own = {snapshot['snapshot_no'] for snapshot in made.values()}

    def read():
        return [snapshot for snapshot in list_snapshots(client, name=name, volume_nos=list(made)) if not is_terminating(snapshot)]

    def all_listed(found):
        return own <= {snapshot['snapshot_no'] for snapshot in found}

    window_ends = client.clock() + CONSISTENCY_WINDOW
    found = read()
    if not all_listed(found):
        try:
            found = wait_for(
                read, all_listed, window_ends, client.clock, lambda dummy: client.sleep(max(0.0, min(_LOOK_INTERVAL, window_ends - client.clock())))
            )
        except WaitTimeout as exc:
            found = exc.last
    settled = {}
    for volume_no, mine in made.items():
        rivals = [snapshot for snapshot in found if snapshot['block_storage_instance_no'] == volume_no]
        settled[volume_no] = _settle_one(client, mine, rivals, cleanup_deadline)
    return settled


def _settle_one(client, mine, rivals, cleanup_deadline):
    if mine['snapshot_no'] not in [snapshot['snapshot_no'] for snapshot in rivals]:
        return (
            mine,
            (
                'NCP did not list snapshot %s within %d seconds, so another run making the same snapshot at the same '
                'time could not be ruled out' % (mine['snapshot_no'], CONSISTENCY_WINDOW)
            ),
            None,
        )
    winner = min(rivals, key=number_of)
    if winner['snapshot_no'] == mine['snapshot_no']:
        return mine, None, None
    try:
        retry_while_busy(
            client, lambda: send_delete(client, [mine['snapshot_no']]), cleanup_deadline, 'the delete of duplicate snapshot %s' % mine['snapshot_no']
        )
    except NcloudApiError as exc:
        return (
            winner,
            None,
            (
                'another run made snapshot %s for this task at the same time, and deleting this run\'s duplicate '
                '%s failed: %s' % (winner['snapshot_no'], mine['snapshot_no'], exc)
            ),
        )
    return (
        winner,
        (
            'another run made snapshot %s for this task at the same time; the lowest number stays, so this run '
            'deleted its own snapshot %s and returns %s' % (winner['snapshot_no'], mine['snapshot_no'], winner['snapshot_no'])
        ),
        None,
    )
