# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Block-storage volume and server calls: one thin wrapper per API action.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Every volume leaves here in the collection's volume result shape (``_volume_result``), so nothing
above this file reads an NCP field name. "Not found" is ``None``; every other failure is the
client's ``NcloudApiError``.
"""

from __future__ import annotations

from ._errors import NcloudApiError
from ._paging import list_all_chunked
from ._policy import UNREADABLE, classify
from ._volume_result import to_server, to_volume

VOLUME_LIST_KEY = 'blockStorageInstanceList'
VOLUME_KEY = 'blockStorageInstanceNo'
SERVER_LIST_KEY = 'serverInstanceList'
CREATE = 'createBlockStorageInstance'
# NCP's two resize actions: changeBlockStorageVolumeSize refuses KVM volumes ("KVM-based block
# storage is not supported"); changeBlockStorageInstance takes both. Terraform sends the first for
# XEN and the second otherwise; so does this module (docs/emulator.md cites both pages).
RESIZE_ACTIONS = {'XEN': 'changeBlockStorageVolumeSize', 'KVM': 'changeBlockStorageInstance'}
# The list call's filters, by this collection's option names.
_FILTERS = {
    'zone': 'zoneCode',
    'server_instance_no': 'serverInstanceNo',
    'status': 'blockStorageInstanceStatusCode',
    'storage_types': 'blockStorageTypeCodeList',
    'volume_types': 'blockStorageVolumeTypeCodeList',
    'hypervisor_types': 'hypervisorTypeCodeList',
}


def get_volume(client, volume_no, deadline=None):
    body = client.call('getBlockStorageInstanceDetail', {VOLUME_KEY: volume_no}, deadline=deadline)
    items = body.get(VOLUME_LIST_KEY) or []
    return to_volume(items[0], client.region) if items else None


def list_volumes(client, name=None, volume_nos=None, deadline=None, **filters):
    """Every volume that matches, over all pages, each once, by number. ``name`` matches exactly."""
    params = {'blockStorageInstanceNoList': volume_nos, 'blockStorageName': name}
    params.update((_FILTERS[option], value) for option, value in filters.items() if value not in (None, []))
    found = [to_volume(raw, client.region) for raw in list_all_chunked(client, 'getBlockStorageInstanceList', params, VOLUME_LIST_KEY, VOLUME_KEY, deadline)]
    # The API's name filter may match partially (undocumented); identity needs the exact name.
    return sorted((volume for volume in found if name is None or volume['name'] == name), key=lambda volume: int(volume['block_storage_instance_no']))


def get_server(client, server_no):
    body = client.call('getServerInstanceDetail', {'serverInstanceNo': server_no})
    items = body.get(SERVER_LIST_KEY) or []
    return to_server(items[0]) if items else None


def send_create(client, params):
    """One create request (never resent here); the volume NCP reports it made."""
    items = client.call(CREATE, params, write=True).get(VOLUME_LIST_KEY) or []
    if not items:
        # A 2xx that lists no volume proves nothing about what NCP did: an unreadable reply to a write.
        raise NcloudApiError(CREATE, 'NCP answered without the volume it made', http_status=200, verdict=classify(UNREADABLE, True))
    return to_volume(items[0], client.region)


def send_attach(client, volume_no, server_no):
    client.call('attachBlockStorageInstance', {'serverInstanceNo': server_no, VOLUME_KEY: volume_no}, write=True)


def send_detach(client, volume_no):
    client.call('detachBlockStorageInstances', {'blockStorageInstanceNoList': [volume_no]}, write=True)


def send_delete(client, volume_no):
    client.call('deleteBlockStorageInstances', {'blockStorageInstanceNoList': [volume_no]}, write=True)


def send_resize(client, volume, size_gb):
    action = RESIZE_ACTIONS.get(volume['hypervisor_type'], RESIZE_ACTIONS['KVM'])
    client.call(action, {VOLUME_KEY: volume['block_storage_instance_no'], 'blockStorageSize': size_gb}, write=True)


def send_protection(client, volume_no, protected):
    client.call('setBlockStorageReturnProtection', {VOLUME_KEY: volume_no, 'isReturnProtection': protected}, write=True)
