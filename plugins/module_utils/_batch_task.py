# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The blockstorage_snapshot_batch task: one named snapshot of each volume, or many deleted, in few requests.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Each volume (state=present) or number (state=absent) is an item of its own: one that fails is
reported in ``results`` and the others go on; the task fails at the end, naming them. Check mode
runs the same decisions from the same reads and stops before the first create or delete.
"""

from __future__ import annotations

from ._batch_create import create, create_all, decide as decide_creates, predicted, settle_races
from ._batch_delete import Deleter, decide as decide_deletes, requests_for
from ._batch_wait import wait_for_batch
from ._errors import ModuleError, NcloudApiError, failure_of
from ._task import WaitingTask
from ._validation import check_description, check_name, check_not_negative, check_number


class BatchSnapshotTask(WaitingTask):
    """One run of blockstorage_snapshot_batch."""

    @staticmethod
    def check_input(params):
        """NCP's documented rules, checked before any request leaves."""
        check_number('volumes', params['volumes'] or [])
        check_number('snapshot_nos', params['snapshot_nos'] or [])
        check_name('name', params['name'])
        check_description('description', params['description'])
        check_not_negative('wait_timeout', params['wait_timeout'])

    def run(self):
        self.listed, self.waited = {}, {}
        result = self.absent() if self.params['state'] == 'absent' else self.present()
        for item in result['results']:
            for warning in item['warnings']:
                self.warn('%s: %s' % (item['item'], warning))
        failed = [item for item in result['results'] if item['failed']]
        if failed:
            raise ModuleError(
                '%d of %d %s failed: %s'
                % (
                    len(failed),
                    len(result['results']),
                    'volumes' if self.params['state'] == 'present' else 'snapshots',
                    '; '.join('%s: %s' % (item['item'], item['msg']) for item in failed),
                ),
                result=result,
            )
        return result

    def present(self):
        params = self.params
        plans, listed = decide_creates(self.client, list(dict.fromkeys(params['volumes'])), params['name'], params['description'], params['snapshot_type'])
        self.remember(listed)
        needed = []
        for plan in plans:
            if plan['error'] or plan['found']:
                plan['snapshot'] = plan['found']
            elif self.check_mode:
                plan['snapshot'] = predicted(self.client, plan, params['name'], params['description'])
            else:
                needed.append(plan)
        create_all(
            self.client,
            needed,
            lambda client, plan: self.attempt(plan, lambda: create(client, plan, params['name'], params['description'], self.busy_deadline)),
        )
        made = {plan['item']: plan['snapshot'] for plan in needed if plan['snapshot'] and not plan['error']}
        self.settle(plans, made)
        self.remember(plan['snapshot'] for plan in plans if plan['item'] in made)
        pending = self.wait([plan['snapshot'] for plan in plans if plan['snapshot'] and not plan['error']], 'ready')
        created = [plan for plan in plans if not plan['found'] and plan['snapshot']]
        return {
            'changed': bool(created),
            'results': [self.item_of(plan, changed=plan in created) for plan in plans],
            'snapshots': self.snapshots(),
            'pending': pending,
            'diff': {'before': {'snapshots': []}, 'after': {'snapshots': [plan['snapshot'] for plan in created]}},
        }

    def settle(self, plans, made):
        """The same-name race check, once for every volume a snapshot was made of."""
        try:
            settled = settle_races(self.client, made, self.params['name'], self.deadline)
        except NcloudApiError as exc:
            for plan in plans:
                if plan['item'] in made:
                    plan['error'] = 'NCP accepted snapshot %s, but looking for another run\'s snapshot of the same task then failed: %s' % (
                        plan['snapshot']['snapshot_no'],
                        exc,
                    )
            return
        for plan in plans:
            if plan['item'] in settled:
                plan['snapshot'], warning, plan['error'] = settled[plan['item']]
                plan['warnings'] += [warning] if warning else []

    def absent(self):
        plans = decide_deletes(self.client, list(dict.fromkeys(self.params['snapshot_nos'])), self.params['cascade'])
        self.remember(plan['found'] for plan in plans if plan['found'])
        if not self.check_mode:
            deleter = Deleter(self.client, self.busy_deadline)
            for batch in requests_for(plans):
                deleter.send(batch)
        for plan in plans:
            plan.update(snapshot=plan['found'], warnings=[], reason=None)
            gone = set(plan.get('gone', [])) if not self.check_mode else {s['snapshot_no'] for s in plan['doomed']}
            plan['deleted'] = [snapshot for snapshot in plan['doomed'] if snapshot['snapshot_no'] in gone]
        going = [snapshot for plan in plans for snapshot in plan['deleted']]
        pending = [] if self.check_mode else self.wait(going, 'gone')
        return {
            'changed': bool(going),
            'results': [self.item_of(plan, changed=bool(plan['deleted'])) for plan in plans],
            'snapshots': self.snapshots(),
            'pending': pending,
            'diff': {'before': {'snapshots': going}, 'after': {'snapshots': []}},
        }

    def attempt(self, plan, action):
        """``plan['snapshot'] = action()``; a failure is the plan's own, with what NCP said (``failure``)."""
        try:
            plan['snapshot'] = action()
        except (ModuleError, NcloudApiError) as exc:
            plan.update(snapshot=getattr(exc, 'result', {}).get('snapshot'), error=str(exc), failure=failure_of(exc))

    def wait(self, snapshots, goal):
        """With wait, one poll loop for all of ``snapshots``; each one that did not get there fails its item."""
        numbers = [snapshot['snapshot_no'] for snapshot in snapshots if snapshot.get('snapshot_no') and not (goal == 'ready' and snapshot.get('ready'))]
        if not self.params['wait'] or not numbers:
            return []
        try:
            read, pending = wait_for_batch(self.client, numbers, goal, self.deadline, self.params['wait_timeout'])
        except ModuleError as exc:
            read, pending = exc.result['snapshots'], exc.result['pending']
        self.remember(read)
        if goal == 'gone':
            for number in set(numbers) - {item['snapshot_no'] for item in pending}:
                self.listed.pop(number, None)
        self.waited = {item['snapshot_no']: item['reason'] for item in pending}
        return pending

    def remember(self, snapshots):
        self.listed.update((snapshot['snapshot_no'], snapshot) for snapshot in snapshots if snapshot and snapshot.get('snapshot_no'))

    def snapshots(self):
        return sorted(self.listed.values(), key=lambda snapshot: int(snapshot['snapshot_no']))

    def item_of(self, plan, changed):
        """One entry of ``results``: what a looped blockstorage_snapshot task would have registered for the item."""
        snapshot = self.listed.get((plan['snapshot'] or {}).get('snapshot_no'), plan['snapshot']) or {}
        error = plan['error'] or self.not_there(plan)
        item = {'item': plan['item'], 'changed': changed, 'failed': bool(error), 'snapshot': snapshot, 'warnings': plan['warnings']}
        if error:
            item.update(msg=error, failure=plan.get('failure') or failure_of(ModuleError(error)))
        if self.params['state'] == 'absent':
            item['deleted_snapshots'] = plan['deleted']
        elif plan['reason'] and changed:
            item['snapshot_type_reason'] = plan['reason']
        return item

    def not_there(self, plan):
        """Why the wait leaves this item failed: its snapshot (or one it deletes) did not get where it should."""
        waited = self.waited
        numbers = [s['snapshot_no'] for s in plan['deleted']] if self.params['state'] == 'absent' else [(plan['snapshot'] or {}).get('snapshot_no')]
        late = ['snapshot %s %s' % (number, waited[number]) for number in numbers if number in waited]
        return '; '.join(late) or None
