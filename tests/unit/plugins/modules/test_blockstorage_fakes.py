# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Volumes, servers and their replies as the vserver API sends them, for the blockstorage tests (no tests here)."""

from __future__ import annotations

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok

GIB = 2**30
VOLUMES = 'blockStorageInstanceList'
SERVERS = 'serverInstanceList'
LIST = 'getBlockStorageInstanceList'
DETAIL = 'getBlockStorageInstanceDetail'
SERVER = 'getServerInstanceDetail'
PAGE = {'pageNo': '1', 'pageSize': '1000'}
STATUS_NAMES = {
    ('INIT', 'NULL'): 'initialized',
    ('INIT', 'CREAT'): 'creating',
    ('CREAT', 'NULL'): 'detached',
    ('ATTAC', 'NULL'): 'attached',
    ('CREAT', 'ATTAC'): 'attaching',
    ('ATTAC', 'DETAC'): 'detaching',
}


def raw_volume(
    number='3081240',
    name='db-restore',
    status='ATTAC',
    operation='NULL',
    server='2912303',
    device='/dev/vdb',
    size_gb=50,
    hypervisor='KVM',
    volume_type='CB1',
    zone='KR-1',
    snapshot=None,
    protected=False,
    storage_type='SVRBS',
):
    """A volume as getBlockStorageInstanceDetail/List return it."""
    attached = status == 'ATTAC' or operation == 'DETAC'
    raw = {
        'blockStorageInstanceNo': number,
        'serverInstanceNo': server if attached else '',
        'blockStorageName': name,
        'blockStorageType': {'code': storage_type, 'codeName': 'Server BS'},
        'blockStorageSize': size_gb * GIB,
        'deviceName': device if attached else '',
        'blockStorageProductCode': 'SPBSTBSTAD000006',
        'blockStorageInstanceStatus': {'code': status, 'codeName': 'Block storage %s state' % status},
        'blockStorageInstanceOperation': {'code': operation, 'codeName': 'Block storage %s OP' % operation},
        'blockStorageInstanceStatusName': STATUS_NAMES.get((status, operation), 'terminating'),
        'createDate': '2026-11-27T10:15:00+0900',
        'blockStorageDescription': '',
        'blockStorageDiskType': {'code': 'NET', 'codeName': 'Network Storage'},
        'blockStorageDiskDetailType': {'code': 'SSD', 'codeName': 'SSD'},
        'isEncryptedVolume': False,
        'zoneCode': zone,
        'regionCode': 'KR',
        'isReturnProtection': protected,
        'blockStorageVolumeType': {'code': volume_type, 'codeName': volume_type},
        'hypervisorType': {'code': hypervisor, 'codeName': hypervisor},
    }
    if snapshot is not None:
        raw['blockStorageSnapshotInstanceNo'] = snapshot
    return raw


def xen_volume(**changes):
    defaults = dict(number='3081250', name='web-restore', server='2912304', device='/dev/xvdb', hypervisor='XEN', volume_type='SSD', zone='KR-2')
    defaults.update(changes)
    return raw_volume(**defaults)


def raw_server(number='2912303', hypervisor='KVM', zone='KR-1', status='RUN'):
    return {
        'serverInstanceNo': number,
        'serverName': 'rescue-%s' % number,
        'zoneCode': zone,
        'regionCode': 'KR',
        'hypervisorType': {'code': hypervisor, 'codeName': hypervisor},
        'serverInstanceStatus': {'code': status, 'codeName': 'Server %s State' % status},
        'serverInstanceOperation': {'code': 'NULL', 'codeName': 'Server NULL OP'},
        'serverInstanceStatusName': 'running',
    }


def volumes(action, *items, **kwargs):
    return ok(action, list(items), VOLUMES, **kwargs)


def servers(*items):
    return ok(SERVER, list(items), SERVERS)


def by_number(number):
    return {'blockStorageInstanceNo': number}


def by_name(name, **more):
    return dict(PAGE, blockStorageName=name, **more)
