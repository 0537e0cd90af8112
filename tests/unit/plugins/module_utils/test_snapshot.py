# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The snapshot and volume calls: states, queries, result order, and writes that report nothing."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._errors import NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._policy import Verdict
from ansible_collections.ncloud.vserver.plugins.module_utils._result import is_ready, is_terminating
from ansible_collections.ncloud.vserver.plugins.module_utils._snapshot import (
    error_state,
    get_snapshot,
    get_volume,
    list_snapshots,
    send_create,
    send_delete,
)

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok, snapshot, volume

LIST = 'getBlockStorageSnapshotInstanceList'
DETAIL = 'getBlockStorageSnapshotInstanceDetail'
VOLUME = 'getBlockStorageInstanceDetail'
CREATE = 'createBlockStorageSnapshotInstance'
DELETE = 'deleteBlockStorageSnapshotInstances'
PAGE = {'pageNo': '1', 'pageSize': '1000'}


def state(status, operation, status_name='x'):
    return {'status': status, 'operation': operation, 'status_name': status_name}


@pytest.mark.parametrize(
    'status, operation, ready',
    [
        ('CREAT', 'NULL', True),
        ('CREAT', 'CREAT', True),
        ('CREAT', 'TERMT', False),
        ('INIT', 'NULL', False),
        ('INIT', 'CREAT', False),
    ],
)
def test_ready_means_created_and_not_being_deleted(status, operation, ready):
    assert is_ready(state(status, operation)) is ready


def test_terminating():
    assert is_terminating(state('CREAT', 'TERMT')) and not is_terminating(state('CREAT', 'NULL'))


@pytest.mark.parametrize(
    'status, operation', [('INIT', 'NULL'), ('INIT', 'CREAT'), ('CREAT', 'NULL'), ('CREAT', 'TERMT'), ('INIT', 'TERMT'), ('CREAT', 'CREAT')]
)
def test_healthy_states(status, operation):
    assert error_state(state(status, operation)) is None


@pytest.mark.parametrize('status, operation', [('FAIL', 'NULL'), ('CREAT', 'ERROR'), ('FAIL', 'ERROR'), ('creat', 'NULL')])
def test_error_states_are_named(status, operation):
    assert error_state(state(status, operation, 'broken')) == 'status %s, operation %s (broken)' % (status, operation)


def test_get_snapshot_by_number_within_the_deadline(ncp, api_client, clock):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901'), snapshot('902')]))
    found = get_snapshot(api_client, '901', deadline=clock.now + 4)
    assert found['snapshot_no'] == '901' and found['region'] == 'KR'
    assert ncp.timeouts == [4]


def test_get_snapshot_not_found(ncp, api_client):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '9'}, ok(DETAIL, []))
    assert get_snapshot(api_client, '9') is None
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '9'}, ok(DETAIL, None, list_key='other'))
    assert get_snapshot(api_client, '9') is None


def test_list_sends_every_filter_by_ncp_s_names(ncp, api_client, clock):
    ncp.expect(
        LIST,
        dict(
            PAGE,
            **{
                'blockStorageSnapshotInstanceNoList.1': '1',
                'blockStorageSnapshotName': 'snap-a',
                'originalBlockStorageInstanceNoList.1': '7',
                'blockStorageSnapshotInstanceStatusCode': 'CREAT',
                'hypervisorTypeCodeList.1': 'KVM',
                'isBootable': 'true',
                'isEncryptedOriginalBlockStorageVolume': 'false',
            },
        ),
        ok(LIST, []),
    )
    assert (
        list_snapshots(
            api_client,
            name='snap-a',
            volume_nos=['7'],
            snapshot_nos=['1'],
            deadline=clock.now + 3,
            status='CREAT',
            hypervisor_types=['KVM'],
            bootable=True,
            encrypted=False,
        )
        == []
    )
    assert ncp.timeouts == [3]


def test_list_returns_exact_name_matches_oldest_first(ncp, api_client):
    ncp.expect(
        LIST,
        dict(PAGE, blockStorageSnapshotName='snap'),
        ok(LIST, [snapshot('1000', name='snap'), snapshot('999', name='snap'), snapshot('998', name='snap-a'), snapshot('99', name='snap')]),
    )
    assert [item['snapshot_no'] for item in list_snapshots(api_client, name='snap')] == ['99', '999', '1000']


def test_list_without_a_name_keeps_every_name(ncp, api_client):
    ncp.expect(LIST, PAGE, ok(LIST, [snapshot('2', name='b'), snapshot('1', name='a')]))
    assert [item['name'] for item in list_snapshots(api_client)] == ['a', 'b']


def test_get_volume(ncp, api_client):
    ncp.expect(VOLUME, {'blockStorageInstanceNo': '3081227'}, ok(VOLUME, [volume('3081227')], 'blockStorageInstanceList'))
    assert get_volume(api_client, '3081227') == {
        'block_storage_instance_no': '3081227',
        'volume_size': 53687091200,
        'encrypted': False,
        'hypervisor_type': 'XEN',
        'volume_type': 'SSD',
    }
    ncp.expect(VOLUME, {'blockStorageInstanceNo': '5'}, ok(VOLUME, [], 'blockStorageInstanceList'))
    assert get_volume(api_client, '5') is None


def test_create_sends_only_what_is_given(ncp, api_client):
    ncp.expect(
        CREATE,
        {
            'originalBlockStorageInstanceNo': '7',
            'blockStorageSnapshotName': 'snap-a',
            'blockStorageSnapshotDescription': 'd',
            'snapshotTypeCode': 'INCREMENTAL',
        },
        ok(CREATE, [snapshot('901', status='INIT'), snapshot('902')]),
    )
    made = send_create(api_client, '7', 'snap-a', 'd', 'INCREMENTAL')
    assert made['snapshot_no'] == '901' and made['status'] == 'INIT'


def test_delete_sends_every_number_and_returns_what_ncp_acted_on(ncp, api_client):
    ncp.expect(
        DELETE,
        {'blockStorageSnapshotInstanceNoList.1': '902', 'blockStorageSnapshotInstanceNoList.2': '901'},
        ok(DELETE, [snapshot('902', operation='TERMT'), snapshot('901', operation='TERMT')]),
    )
    acted = send_delete(api_client, ('902', '901'))
    assert [item['snapshot_no'] for item in acted] == ['902', '901'] and acted[0]['operation'] == 'TERMT'


@pytest.mark.parametrize(
    'action, send',
    [
        (CREATE, lambda client: send_create(client, '7', None, None, None)),
        (DELETE, lambda client: send_delete(client, ['901'])),
    ],
)
def test_a_write_answered_with_no_snapshot_may_have_been_applied(ncp, api_client, action, send):
    params = {'originalBlockStorageInstanceNo': '7'} if action == CREATE else {'blockStorageSnapshotInstanceNoList.1': '901'}
    ncp.expect(action, params, ok(action, []))
    with pytest.raises(NcloudApiError) as caught:
        send(api_client)
    error = caught.value
    assert (error.action, error.http_status, error.code, error.message) == (action, 200, None, 'NCP answered without the snapshot it acted on')
    assert error.verdict == Verdict(False, True, False, False)
