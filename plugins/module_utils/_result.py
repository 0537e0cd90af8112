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
    """The ``code`` of an NCP CommonCode (or a plain code); its ``codeName`` text varies and is never compared.

    A code that is not text (a list, a number) is a bad reply: the module compares codes as text.
    """
    code = common_code.get('code') if isinstance(common_code, dict) else common_code
    if code is not None and not isinstance(code, str):
        raise ModuleError('NCP replied with a status or type code that is %s, which this module cannot read; nothing more was done' % readable(repr(code), 80))
    return code


def _bad_reply(what, value):
    return ModuleError('NCP replied with a snapshot whose %s is %s, which this module cannot read; nothing more was done' % (what, readable(repr(value), 80)))


def number_field(raw, field):
    """An integer field (sizes, depths); missing or empty is 0."""
    value = raw.get(field)
    if value in (None, ''):
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not _INSTANCE_NUMBER.fullmatch(str(value)):
        raise _bad_reply(field, value)
    return int(value)


def instance_number(raw, field):
    """An instance number field (a decimal string); anything else is a bad reply."""
    value = raw.get(field)
    if not isinstance(value, str) or not _INSTANCE_NUMBER.fullmatch(value):
        raise _bad_reply(field, value)
    return value


def parse_date(text):
    """An NCP date (``2024-06-15T17:49:14+0900``) as an aware datetime; None when it is not one."""
    try:
        return datetime.strptime(text, '%Y-%m-%dT%H:%M:%S%z')
    except (TypeError, ValueError):
        return None


def _create_date(raw):
    value = raw.get('createDate')
    if value is not None and parse_date(value) is None:
        raise _bad_reply('createDate', value)
    return value


def is_terminating(snapshot):
    """Being deleted: NCP reports operation TERMT (its status stays CREAT until it is gone)."""
    return snapshot['operation'] == 'TERMT'


def is_ready(snapshot):
    """Ready to restore from: status CREAT and not being deleted."""
    return snapshot['status'] == 'CREAT' and not is_terminating(snapshot)


def to_result(raw, region):
    """A snapshot NCP sent, in the result shape shared by every module of the collection (see design.md).

    ``ready`` and ``terminating`` are derived from status and operation, so playbooks need not
    know that a snapshot being deleted still has status CREAT.
    """
    result = {
        'snapshot_no': instance_number(raw, 'blockStorageSnapshotInstanceNo'),
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
        'create_date': _create_date(raw),
        'encrypted': bool(raw.get('isEncryptedOriginalBlockStorageVolume')),
        'bootable': bool(raw.get('isBootable')),
        'hypervisor_type': code_of(raw.get('hypervisorType')),
        'volume_type': code_of(raw.get('blockStorageVolumeType')),
        'region': region,
    }
    result.update(ready=is_ready(result), terminating=is_terminating(result))
    return result


RESULT_FIELDS = (
    'snapshot_no',
    'name',
    'description',
    'block_storage_instance_no',
    'volume_size',
    'status',
    'status_name',
    'operation',
    'snapshot_type',
    'base_snapshot_no',
    'chain_depth',
    'create_date',
    'encrypted',
    'bootable',
    'hypervisor_type',
    'volume_type',
    'region',
    'ready',
    'terminating',
)


def number_of(snapshot):
    """A result-shaped snapshot's number as an int, for ordering (numbers grow with time)."""
    return int(snapshot['snapshot_no'])


def volume_result(raw):
    """The facts of a volume that a snapshot of it inherits, read once."""
    return {
        'block_storage_instance_no': instance_number(raw, 'blockStorageInstanceNo'),
        'volume_size': number_field(raw, 'blockStorageSize'),
        'encrypted': bool(raw.get('isEncryptedVolume')),
        'hypervisor_type': code_of(raw.get('hypervisorType')),
        'volume_type': code_of(raw.get('blockStorageVolumeType')),
    }


def predicted_result(volume, name, description, snapshot_type, region):
    """What a create would return, for check mode: only what is known before NCP answers."""
    predicted = dict.fromkeys(RESULT_FIELDS, None)
    predicted.update(volume, name=name, description=description or '', snapshot_type=snapshot_type or 'FULL', region=region, ready=False, terminating=False)
    return predicted
