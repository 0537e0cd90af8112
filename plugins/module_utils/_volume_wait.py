# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting on a volume: created, attached, detached, resized or gone; one detail read a poll.

Private to the ncloud.vserver collection: not a public API, may change without notice.

The states waited for are those Terraform's ncloud_block_storage waits for (block_storage.go):
created when NCP reports it attached or detached, attached at status ATTAC, detached back at
CREAT, a change done when the operation is NULL again, deleted when the detail read is empty.
Polls follow ``_waiter``'s schedule (more often early, less often later) within one deadline.
"""

from __future__ import annotations

from ._errors import ModuleError, NcloudApiError
from ._volume import get_volume
from ._waiter import WaitTimeout, wait_for

KNOWN_STATUSES = frozenset(('INIT', 'CREAT', 'ATTAC'))


def error_state(volume):
    """Words naming the state when NCP reports a status no healthy volume is in, else None."""
    if volume['status'] in KNOWN_STATUSES:
        return None
    return 'status %s, operation %s (%s)' % (volume['status'], volume['operation'], volume['status_name'])


def is_created(volume):
    return volume['status'] in ('CREAT', 'ATTAC') and volume['operation'] == 'NULL'


def is_detached(volume):
    return volume['status'] == 'CREAT' and volume['operation'] == 'NULL' and not volume['server_instance_no']


def attached_to(server_no):
    def attached(volume):
        return volume['status'] == 'ATTAC' and volume['operation'] == 'NULL' and volume['server_instance_no'] == server_no and bool(volume['device_name'])

    return attached


def resized_to(size_bytes):
    def resized(volume):
        return volume['operation'] == 'NULL' and volume['volume_size'] >= size_bytes

    return resized


def is_terminating(volume):
    return volume['operation'] == 'TERMT'


def wait_until(client, volume, done, goal, deadline, timeout):
    """The volume re-read once ``done(volume)``; an error state or a disappearance ends the wait at once.

    NCP's detail read may lag behind a create: an empty read before the volume was ever seen
    means "not listed yet", not "gone".
    """
    number = volume['block_storage_instance_no']
    seen = {'last': volume, 'listed': volume.get('status') is not None}

    def read():
        current = get_volume(client, number, deadline=deadline + client.timeout)
        if current is None and seen['listed']:
            raise ModuleError('volume %s disappeared while waiting for it to be %s' % (number, goal), result={'volume': seen['last']})
        seen.update(last=current or seen['last'], listed=seen['listed'] or current is not None)
        return current

    def settled(current):
        return current is not None and (done(current) or bool(error_state(current)))

    try:
        current = wait_for(read, settled, deadline, client.clock, client.sleep)
    except WaitTimeout:
        last = seen['last']
        raise ModuleError(
            'volume %s was not %s after wait_timeout=%d seconds; last status %s, operation %s (%s). It may still get '
            'there: run the task again, or raise wait_timeout' % (number, goal, timeout, last['status'], last['operation'], last['status_name']),
            result={'volume': last},
        ) from None
    except NcloudApiError as exc:
        raise ModuleError(
            'NCP accepted the change of volume %s, but reading its state then failed: %s' % (number, exc), result={'volume': seen['last']}, cause=exc
        ) from None
    if error_state(current):
        raise ModuleError('volume %s is in an error state: %s; it will not become %s' % (number, error_state(current), goal), result={'volume': current})
    return current


def wait_until_gone(client, volume, deadline, timeout):
    number = volume['block_storage_instance_no']
    try:
        wait_for(lambda: get_volume(client, number, deadline=deadline + client.timeout), lambda current: current is None, deadline, client.clock, client.sleep)
    except WaitTimeout as exc:
        last = exc.last
        raise ModuleError(
            'volume %s was not gone after wait_timeout=%d seconds; last status %s, operation %s. NCP may still be '
            'deleting it: run the task again, or raise wait_timeout' % (number, timeout, last['status'], last['operation']),
            result={'volume': last},
        ) from None
    except NcloudApiError as exc:
        raise ModuleError('NCP is deleting volume %s, but reading its state then failed: %s' % (number, exc), result={'volume': volume}, cause=exc) from None
