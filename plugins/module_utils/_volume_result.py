# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading NCP's volume and server objects into the collection's volume result shape.

Private to the ncloud.vserver collection: not a public API, may change without notice.

One shape for blockstorage and blockstorage_info (design.md). ``_result.volume_result`` stays as
it is: it holds only the facts a snapshot inherits from its volume. A field NCP sends in a form
this module cannot read is a bad reply, never a traceback.
"""

from __future__ import annotations

from ._errors import ModuleError, readable
from ._result import code_of, parse_date

GIB = 2**30
VOLUME_FIELDS = (
    'block_storage_instance_no',
    'name',
    'description',
    'volume_size',
    'status',
    'status_name',
    'operation',
    'server_instance_no',
    'device_name',
    'zone',
    'region',
    'storage_type',
    'disk_detail_type',
    'volume_type',
    'hypervisor_type',
    'snapshot_no',
    'encrypted',
    'return_protection',
    'create_date',
)


def _bad_reply(what, value):
    return ModuleError(
        'NCP replied with a volume or server whose %s is %s, which this module cannot read; nothing more was done' % (what, readable(repr(value), 80))
    )


def _digits(raw, field, required=False):
    """A number field as a decimal string; the Go SDK types some as numbers, so a JSON number is read too."""
    value = raw.get(field)
    if value in (None, '') and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit() or not str(value).isascii():
        raise _bad_reply(field, value)
    return str(value)


def _date(raw):
    value = raw.get('createDate')
    if value is not None and parse_date(value) is None:
        raise _bad_reply('createDate', value)
    return value


def to_volume(raw, region):
    """A volume NCP sent, in the result shape (design.md); sizes in bytes, codes never codeName texts."""
    size = _digits(raw, 'blockStorageSize')
    snapshot_no = _digits(raw, 'blockStorageSnapshotInstanceNo')
    return {
        'block_storage_instance_no': _digits(raw, 'blockStorageInstanceNo', required=True),
        'name': raw.get('blockStorageName'),
        'description': raw.get('blockStorageDescription') or '',
        'volume_size': int(size) if size else 0,
        'status': code_of(raw.get('blockStorageInstanceStatus')),
        'status_name': raw.get('blockStorageInstanceStatusName'),
        'operation': code_of(raw.get('blockStorageInstanceOperation')),
        'server_instance_no': _digits(raw, 'serverInstanceNo'),
        'device_name': raw.get('deviceName') or None,
        'zone': raw.get('zoneCode'),
        'region': raw.get('regionCode') or region,
        'storage_type': code_of(raw.get('blockStorageType')),
        'disk_detail_type': code_of(raw.get('blockStorageDiskDetailType')),
        'volume_type': code_of(raw.get('blockStorageVolumeType')),
        'hypervisor_type': code_of(raw.get('hypervisorType')),
        # NCP reports 0 (or nothing) for a volume that was not made from a snapshot.
        'snapshot_no': snapshot_no if snapshot_no and int(snapshot_no) else None,
        'encrypted': bool(raw.get('isEncryptedVolume')),
        'return_protection': bool(raw.get('isReturnProtection')),
        'create_date': _date(raw),
    }


def to_server(raw):
    """The facts of a server the volume rules need: its number, zone, hypervisor and status codes."""
    return {
        'server_instance_no': _digits(raw, 'serverInstanceNo', required=True),
        'name': raw.get('serverName'),
        'zone': raw.get('zoneCode'),
        'hypervisor_type': code_of(raw.get('hypervisorType')),
        'status': code_of(raw.get('serverInstanceStatus')),
        'operation': code_of(raw.get('serverInstanceOperation')),
    }


def size_in_gb(volume_or_snapshot):
    """NCP sizes options in GB (2**30 bytes, as Terraform converts them) and reports bytes."""
    return volume_or_snapshot['volume_size'] // GIB


def predicted_volume(region, **known):
    """What a create would return, for check mode: only what is known before NCP answers, the rest None."""
    predicted = dict.fromkeys(VOLUME_FIELDS, None)
    predicted.update(region=region, description='', encrypted=False, return_protection=False)
    predicted.update(known)
    return predicted
