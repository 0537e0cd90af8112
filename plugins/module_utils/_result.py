# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading NCP's snapshot objects, and the one result shape every module returns.

Private to the ncloud.vserver collection: not a public API, may change without notice.

NCP's replies are read defensively: a field of the wrong type is reported as a bad reply, never
a traceback.
"""

from __future__ import annotations

import re
from datetime import datetime

from ._errors import ModuleError, readable

_INSTANCE_NUMBER = re.compile(r'[0-9]+')


def code_of(common_code):
    """The ``code`` of an NCP CommonCode; its ``codeName`` text varies and is never compared."""
    return common_code.get('code') if isinstance(common_code, dict) else common_code


def _bad_reply(what, value):
    return ModuleError('NCP replied with a snapshot whose %s is %s, which this module cannot read; nothing more was done'
                       % (what, readable(repr(value), 80)))


def number_field(raw, field):
    """An integer field (sizes, depths); missing or empty is 0."""
    value = raw.get(field)
    if value in (None, ''):
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not _INSTANCE_NUMBER.fullmatch(str(value)):
        raise _bad_reply(field, value)
    return int(value)


def snapshot_number(raw):
    """``blockStorageSnapshotInstanceNo`` as an int, for ordering; a snapshot without one is a bad reply."""
    value = raw.get('blockStorageSnapshotInstanceNo') if isinstance(raw, dict) else raw
    if not isinstance(value, str) or not _INSTANCE_NUMBER.fullmatch(value):
        raise _bad_reply('number', value)
    return int(value)


def created_at(raw):
    """``createDate`` (``2024-06-15T17:49:14+0900``) as an aware datetime."""
    try:
        return datetime.strptime(raw['createDate'], '%Y-%m-%dT%H:%M:%S%z')
    except (KeyError, TypeError, ValueError):
        raise _bad_reply('createDate', raw.get('createDate')) from None


def to_result(raw, region):
    """The result shape shared by every module of the collection (see design.md)."""
    return {
        'snapshot_no': raw.get('blockStorageSnapshotInstanceNo'),
        'name': raw.get('blockStorageSnapshotName'),
        'description': raw.get('blockStorageSnapshotDescription') or '',
        'block_storage_instance_no': raw.get('originalBlockStorageInstanceNo'),
        'volume_size': number_field(raw, 'blockStorageSnapshotVolumeSize'),
        'status': code_of(raw.get('blockStorageSnapshotInstanceStatus')),
        'status_name': raw.get('blockStorageSnapshotInstanceStatusName'),
        'operation': code_of(raw.get('blockStorageSnapshotInstanceOperation')),
        'snapshot_type': code_of(raw.get('snapshotType')),
        'base_snapshot_no': raw.get('baseSnapshotInstanceNo') or None,
        'chain_depth': number_field(raw, 'snapshotChainDepth'),
        'create_date': raw.get('createDate'),
        'encrypted': bool(raw.get('isEncryptedOriginalBlockStorageVolume')),
        'bootable': bool(raw.get('isBootable')),
        'hypervisor_type': code_of(raw.get('hypervisorType')),
        'volume_type': code_of(raw.get('blockStorageVolumeType')),
        'region': region,
    }


def predicted_result(volume, name, description, snapshot_type, region):
    """What a create would return, for check mode: only what is known before NCP answers."""
    predicted = dict.fromkeys(to_result({}, region), None)
    predicted.update({
        'name': name,
        'description': description or '',
        'block_storage_instance_no': volume.get('blockStorageInstanceNo'),
        'volume_size': number_field(volume, 'blockStorageSize'),
        'snapshot_type': snapshot_type or 'FULL',
        'encrypted': bool(volume.get('isEncryptedVolume')),
        'hypervisor_type': code_of(volume.get('hypervisorType')),
        'volume_type': code_of(volume.get('blockStorageVolumeType')),
        'region': region,
    })
    return predicted
