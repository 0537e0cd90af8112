# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""NCP's rules for volumes, checked before any write: names, sizes, hypervisors, zones, servers.

Private to the ncloud.vserver collection: not a public API, may change without notice.

The rules come from NCP's createBlockStorageInstance and changeBlockStorageInstance pages and
Terraform's ncloud_block_storage (docs/emulator.md cites them). Each failure names the option.
"""

from __future__ import annotations

import re

from ._errors import ModuleError
from ._validation import check_description, check_not_negative, check_number
from ._volume_result import size_in_gb

# createBlockStorageInstance: 3 to 30 lower-case letters, digits and '-'; a lower-case letter
# first, a lower-case letter or digit last.
VOLUME_NAME = re.compile(r'[a-z][a-z0-9-]{1,28}[a-z0-9]')
SIZE_STEP = 10
MAX_SIZE = {'XEN': 2000, 'KVM': 16380}
MIN_SIZE = 10
XEN_TYPES = frozenset(('SSD', 'HDD'))
KVM_TYPES = frozenset(('CB1', 'CB2', 'FB1', 'FB2'))


def check_volume_input(params):
    """What can be checked from the options alone."""
    for option in ('block_storage_instance_no', 'snapshot_no'):
        check_number(option, params[option])
    if params['server_instance_no']:
        check_number('server_instance_no', params['server_instance_no'])
    name = params['name']
    if name is not None and not VOLUME_NAME.fullmatch(name):
        raise ModuleError(
            'name must be 3 to 30 characters of lower-case letters, digits and "-", start with a lower-case '
            'letter and end with a lower-case letter or digit (NCP\'s rule for volume names); got %r' % name
        )
    check_description('description', params['description'])
    check_not_negative('wait_timeout', params['wait_timeout'])
    size = params['size']
    if size is not None:
        check_size(size, 'XEN' if params['disk_detail_type'] else 'KVM' if params['volume_type'] else None)


def check_size(size, hypervisor):
    """GB in 10 GB steps, 10 to 2000 on XEN and 10 to 16380 on KVM (the larger bound while unknown)."""
    high = MAX_SIZE.get(hypervisor, MAX_SIZE['KVM'])
    if size % SIZE_STEP or not MIN_SIZE <= size <= high:
        where = ' on %s' % hypervisor if hypervisor else ' (2000 on XEN)'
        raise ModuleError('size must be in GB, a multiple of %d from %d to %d%s; got %d' % (SIZE_STEP, MIN_SIZE, high, where, size))


def hypervisor_of(params, snapshot, server):
    """XEN or KVM for a new volume: the snapshot's, else the type options', else the server's."""
    for source in (snapshot, server):
        if source and source.get('hypervisor_type'):
            return source['hypervisor_type']
    if params['volume_type'] or params['disk_detail_type']:
        return 'KVM' if params['volume_type'] else 'XEN'
    raise ModuleError(
        'a new volume needs snapshot_no, server_instance_no, volume_type (KVM) or disk_detail_type (XEN), so '
        'that the module knows whether NCP makes it on XEN or KVM; none was given'
    )


def check_create(params, hypervisor, snapshot, server):
    """The rules of a create on ``hypervisor``; the size to send (None: NCP takes the snapshot's)."""
    if hypervisor == 'XEN' and params['volume_type']:
        raise ModuleError(
            'volume_type %s is a KVM volume type, and this volume would be on XEN%s: use disk_detail_type (SSD '
            'or HDD) instead' % (params['volume_type'], _because(snapshot, server))
        )
    if hypervisor == 'KVM' and params['disk_detail_type']:
        raise ModuleError(
            'disk_detail_type is for XEN volumes, and this volume would be on KVM%s: use volume_type (CB1, CB2, '
            'FB1 or FB2) instead' % _because(snapshot, server)
        )
    if server and server['hypervisor_type'] and server['hypervisor_type'] != hypervisor:
        raise ModuleError(
            'server_instance_no %s is a %s server and the volume would be on %s%s: NCP attaches volumes only to '
            'servers of their hypervisor' % (server['server_instance_no'], server['hypervisor_type'], hypervisor, _because(snapshot, None))
        )
    zone = params['zone']
    if server and zone and server['zone'] and zone != server['zone']:
        raise ModuleError(
            'zone %s differs from the zone %s of server_instance_no %s: NCP attaches a volume only to a server '
            'of its zone' % (zone, server['zone'], server['server_instance_no'])
        )
    if hypervisor == 'XEN' and not server:
        raise ModuleError('server_instance_no is required to create a XEN volume: NCP creates XEN volumes attached to a server')
    if hypervisor == 'KVM' and not (zone or server):
        raise ModuleError('zone (or server_instance_no, whose zone is taken) is required to create a KVM volume: NCP creates KVM volumes detached, in a zone')
    if hypervisor == 'KVM' and not (params['volume_type'] or (snapshot and snapshot['volume_type'])):
        raise ModuleError(
            'volume_type (CB1, CB2, FB1 or FB2) is required to create a KVM volume that is not made from a '
            'snapshot: NCP needs the volume type code of a KVM volume'
        )
    return _size_to_send(params['size'], hypervisor, snapshot)


def _size_to_send(size, hypervisor, snapshot):
    if size is not None:
        check_size(size, hypervisor)
    if snapshot is None:
        if size is None:
            raise ModuleError('size (GB) is required to create a volume that is not made from a snapshot')
        return size
    snapshot_gb = size_in_gb(snapshot)
    if hypervisor == 'XEN':
        # NCP sizes a XEN volume made from a snapshot itself; a differing size would be ignored, so it is refused.
        if size is not None and size != snapshot_gb:
            raise ModuleError(
                'size %d differs from the %d GB of snapshot %s: NCP makes a XEN volume from a snapshot with the '
                'snapshot\'s size. Leave size out, or set it to %d' % (size, snapshot_gb, snapshot['snapshot_no'], snapshot_gb)
            )
        return None
    if size is not None and size < snapshot_gb:
        raise ModuleError(
            'size %d is smaller than the %d GB of snapshot %s: NCP makes a KVM volume from a snapshot at least '
            'the snapshot\'s size' % (size, snapshot_gb, snapshot['snapshot_no'])
        )
    return size if size is not None else snapshot_gb


def _because(snapshot, server):
    if snapshot:
        return ' (snapshot %s is of a %s volume)' % (snapshot['snapshot_no'], snapshot['hypervisor_type'])
    if server:
        return ' (server %s is a %s server)' % (server['server_instance_no'], server['hypervisor_type'])
    return ''


def check_usable_snapshot(snapshot, snapshot_no, region):
    if snapshot is None:
        raise ModuleError('snapshot_no %s does not exist in region %s' % (snapshot_no, region))
    if snapshot['status'] != 'CREAT' or snapshot['operation'] == 'TERMT':
        raise ModuleError(
            'snapshot_no %s is not ready to restore from: status %s, operation %s (%s); NCP makes volumes only '
            'from a ready snapshot (status CREAT) that is not being deleted' % (snapshot_no, snapshot['status'], snapshot['operation'], snapshot['status_name'])
        )


def check_resize(volume, size):
    """The rules of changing a found volume's size to ``size`` GB; True when a change is needed."""
    if size is None:
        return False
    current = size_in_gb(volume)
    check_size(size, volume['hypervisor_type'])
    if size < current:
        raise ModuleError(
            'size %d is smaller than the %d GB of volume %s: NCP only makes volumes bigger' % (size, current, volume['block_storage_instance_no'])
        )
    return size > current


def check_server_stopped_for_resize(volume, server):
    """NCP changes the size of an attached volume only while its server is stopped."""
    if server is not None and server['status'] != 'NSTOP':
        raise ModuleError(
            'volume %s is attached to server %s, whose status is %s: NCP changes the size of an attached volume '
            'only while its server is stopped (NSTOP). Stop the server first, or detach the volume '
            '(server_instance_no: "")' % (volume['block_storage_instance_no'], server['server_instance_no'], server['status'])
        )
