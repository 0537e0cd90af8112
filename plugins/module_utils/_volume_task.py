# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The blockstorage task: find the volume a task means, then create, change or delete it.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Check mode runs the same reads and rules and stops before the first write, so it decides
exactly as a real run does. One deadline (the task's start plus ``wait_timeout``) bounds every
wait of the task. No write whose outcome is unknown is sent again: a read shows whether it was
applied (or is under way), and otherwise the task fails saying it may have been.
"""

from __future__ import annotations

from ._errors import ModuleError
from ._task import WaitingTask
from ._volume import get_server, get_volume, list_volumes, send_attach, send_delete, send_detach, send_protection, send_resize
from ._volume_apply import Step, apply_once
from ._volume_create import create_volume
from ._volume_result import GIB
from ._volume_rules import check_resize, check_server_stopped_for_resize, check_volume_input
from ._volume_wait import attached_to, error_state, is_created, is_detached, is_terminating, resized_to, wait_until, wait_until_gone

# Options NCP sets at creation and has no call to change; a found volume that differs earns a warning.
IMMUTABLE_OPTIONS = (
    ('snapshot_no', 'snapshot_no'),
    ('volume_type', 'volume_type'),
    ('disk_detail_type', 'disk_detail_type'),
    ('zone', 'zone'),
    ('description', 'description'),
)


class VolumeTask(WaitingTask):
    """One run of blockstorage."""

    check_input = staticmethod(check_volume_input)

    def run(self):
        found = self.find()
        if self.params['state'] == 'absent':
            return self.ensure_absent(found)
        if found is None:
            return create_volume(self)
        if error_state(found):
            raise ModuleError('volume %s is in an error state: %s' % (found['block_storage_instance_no'], error_state(found)), result={'volume': found})
        self.warn_on_differences(found)
        return self.converge(found)

    def find(self):
        """By number (one detail read), else by exact name within ``zone`` (one list)."""
        params = self.params
        if params['block_storage_instance_no']:
            found = get_volume(self.client, params['block_storage_instance_no'])
            if found is None and params['state'] == 'present':
                raise ModuleError(
                    'block_storage_instance_no %s does not exist in region %s; this module never creates a volume '
                    'to match a number' % (params['block_storage_instance_no'], self.client.region)
                )
            return found
        matches = list_volumes(self.client, name=params['name'], zone=params['zone'])
        alive = [volume for volume in matches if not is_terminating(volume)]
        if len(alive) > 1:
            raise ModuleError(
                'name %r matches %d volumes (%s)%s: NCP does not keep volume names unique. Use '
                'block_storage_instance_no%s'
                % (
                    params['name'],
                    len(alive),
                    ', '.join(v['block_storage_instance_no'] for v in alive),
                    ' in zone %s' % params['zone'] if params['zone'] else '',
                    '' if params['zone'] else ', or zone to look in one zone only',
                )
            )
        return (alive or matches or [None])[0]

    def converge(self, found):
        params = self.params
        current = found
        if not is_created(current) and params['wait']:
            current = wait_until(self.client, current, is_created, 'settled (no operation in progress)', self.deadline, params['wait_timeout'])
        steps, predicted = self.plan(current)
        if not steps or self.check_mode:
            return self.result(bool(steps), found, predicted)
        for index, step in enumerate(steps):
            self.apply(current, step)
            if params['wait'] or index < len(steps) - 1:
                current = wait_until(self.client, current, step.done, step.goal, self.deadline, params['wait_timeout'])
        if not params['wait']:
            current = get_volume(self.client, current['block_storage_instance_no']) or current
        return self.result(True, found, current)

    def plan(self, volume):
        """The writes that bring ``volume`` to the task, checked against NCP's rules first; and the volume predicted."""
        params, number = self.params, volume['block_storage_instance_no']
        wanted, attached = params['server_instance_no'], volume['server_instance_no']
        steps, predicted = [], dict(volume)
        if wanted is not None and attached and wanted != attached:
            if volume['storage_type'] == 'BASIC':
                raise ModuleError('volume %s is the root volume of server %s: NCP does not detach a root volume' % (number, attached))
            steps.append(Step('the detach of volume %s' % number, lambda: send_detach(self.client, number), 'DETAC', is_detached, 'detached (status CREAT)'))
            predicted.update(server_instance_no=None, device_name=None, status='CREAT')
        if check_resize(volume, params['size']):
            if predicted['server_instance_no']:
                check_server_stopped_for_resize(volume, self.server(predicted['server_instance_no'], volume))
            steps.append(
                Step(
                    'the size change of volume %s' % number,
                    lambda: send_resize(self.client, volume, params['size']),
                    'CHNG',
                    resized_to(params['size'] * GIB),
                    'resized to %d GB' % params['size'],
                )
            )
            predicted.update(volume_size=params['size'] * GIB)
        if wanted and wanted != attached:
            self.check_attachable(volume, self.server(wanted, volume))
            steps.append(
                Step(
                    'the attach of volume %s to server %s' % (number, wanted),
                    lambda: send_attach(self.client, number, wanted),
                    'ATTAC',
                    attached_to(wanted),
                    'attached to server %s' % wanted,
                )
            )
            predicted.update(server_instance_no=wanted, device_name=None, status='ATTAC')
        protect = params['return_protection']
        if protect is not None and protect != volume['return_protection']:
            steps.append(self.protection_step(number, protect))
            predicted.update(return_protection=protect)
        return steps, predicted

    def protection_step(self, number, protect):
        return Step(
            'the return protection change of volume %s' % number,
            lambda: send_protection(self.client, number, protect),
            None,
            lambda current: current['return_protection'] == protect,
            'return protection %s' % protect,
        )

    def server(self, server_no, volume):
        server = get_server(self.client, server_no)
        if server is None:
            raise ModuleError('server_instance_no %s does not exist in region %s' % (server_no, self.client.region), result={'volume': volume})
        return server

    @staticmethod
    def check_attachable(volume, server):
        for fact, rule in (
            ('hypervisor_type', 'NCP attaches volumes only to servers of their hypervisor'),
            ('zone', 'NCP attaches a volume only to a server in its zone'),
        ):
            if volume[fact] and server[fact] and volume[fact] != server[fact]:
                raise ModuleError(
                    'server_instance_no %s has %s %s and volume %s has %s: %s'
                    % (server['server_instance_no'], fact, server[fact], volume['block_storage_instance_no'], volume[fact], rule)
                )

    def apply(self, volume, step):
        apply_once(self.client, volume, step, self.busy_deadline)

    def ensure_absent(self, found):
        params = self.params
        if found is None or is_terminating(found):
            if found is not None and params['wait'] and not self.check_mode:
                wait_until_gone(self.client, found, self.deadline, params['wait_timeout'])
            return self.absent_result(False, found or {})
        number = found['block_storage_instance_no']
        if found['storage_type'] == 'BASIC':
            raise ModuleError(
                'volume %s is the root volume of server %s: NCP deletes a root volume only with its server, and '
                'this module does not delete servers' % (number, found['server_instance_no'])
            )
        steps = []
        if found['return_protection']:
            if params['return_protection'] is not False:
                raise ModuleError(
                    'volume %s has return protection, so NCP refuses to delete it: set return_protection=false '
                    'with state=absent to lift it and delete the volume' % number,
                    result={'volume': found},
                )
            steps.append(self.protection_step(number, False))
        # NCP detaches an attached volume itself before deleting it (its deleteBlockStorageInstances page and reply
        # example); Terraform deletes attached volumes the same way.
        steps.append(Step('the delete of volume %s' % number, lambda: send_delete(self.client, number), 'TERMT', lambda current: False, 'gone'))
        if not self.check_mode:
            for step in steps:
                self.apply(found, step)
                if step.operation is None:
                    wait_until(self.client, found, step.done, step.goal, self.deadline, params['wait_timeout'])
            if params['wait']:
                wait_until_gone(self.client, found, self.deadline, params['wait_timeout'])
        return self.absent_result(True, found)

    def warn_on_differences(self, found):
        for option, field in IMMUTABLE_OPTIONS:
            wanted = self.params[option]
            if wanted is not None and wanted != found[field]:
                self.warn(
                    'volume %s has %s %r, not %r as the task asks; NCP cannot change it, so it was left as it is'
                    % (found['block_storage_instance_no'], option, found[field], wanted)
                )

    @staticmethod
    def absent_result(changed, before):
        """For state=absent, ``volume`` is the volume as it was before the delete, as blockstorage_snapshot does."""
        return {'changed': changed, 'volume': before, 'diff': {'before': before, 'after': {}}}

    @staticmethod
    def result(changed, before, after):
        return {'changed': changed, 'volume': after, 'diff': {'before': before, 'after': after}}
