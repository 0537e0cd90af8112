# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""blockstorage_info through main(), with every HTTP exchange scripted in order.

tests/unit/plugins/action/test_in_process_blockstorage_info.py runs the same tests through the action plugin.
"""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.tests.unit.plugins.paths import runner
from ansible_collections.ncloud.vserver.tests.unit.plugins.modules.test_blockstorage_fakes import LIST, PAGE, raw_volume, volumes, xen_volume


@pytest.fixture
def path():
    """The module path here; tests/unit/plugins/action runs these tests again on the controller path."""
    return 'module'


@pytest.fixture
def run(path, capsys, keys, clock, monkeypatch):
    """Run the task with ``args`` on the ``path`` fixture's execution path."""
    run_either = runner(path, 'blockstorage_info', capsys, monkeypatch)

    def run_task(args, check_mode=False):
        result = run_either(args, check_mode)
        assert result.pop('warned') == []
        return result

    return run_task


def test_every_filter_is_sent_by_ncp_name(run, ncp):
    ncp.expect(
        LIST,
        dict(
            PAGE,
            blockStorageName='db-restore',
            zoneCode='KR-1',
            serverInstanceNo='2912302',
            blockStorageInstanceStatusCode='ATTAC',
            **{
                'blockStorageInstanceNoList.1': '3081230',
                'blockStorageInstanceNoList.2': '3081231',
                'blockStorageTypeCodeList.1': 'SVRBS',
                'blockStorageVolumeTypeCodeList.1': 'CB1',
                'blockStorageVolumeTypeCodeList.2': 'CB2',
                'hypervisorTypeCodeList.1': 'KVM',
            },
        ),
        volumes(LIST, raw_volume('3081231', name='db-restore', server='2912302')),
    )
    result = run(
        {
            'name': 'db-restore',
            'zone': 'KR-1',
            'server_instance_no': '2912302',
            'status': 'ATTAC',
            'block_storage_instance_nos': ['3081230', '3081231'],
            'storage_types': ['SVRBS'],
            'volume_types': ['CB1', 'CB2'],
            'hypervisor_types': ['KVM'],
        },
        check_mode=True,
    )
    assert result['changed'] is False and [v['block_storage_instance_no'] for v in result['volumes']] == ['3081231']
    assert result['volumes'][0]['server_instance_no'] == '2912302' and result['volumes'][0]['device_name'] == '/dev/vdb'


def test_a_servers_volumes_in_the_blockstorage_result_shape(run, ncp):
    ncp.expect(
        LIST,
        dict(PAGE, serverInstanceNo='2912301'),
        volumes(LIST, xen_volume(number='3081228', server='2912301'), xen_volume(number='3081227', server='2912301')),
    )
    result = run({'server_instance_no': '2912301'})
    assert [v['block_storage_instance_no'] for v in result['volumes']] == ['3081227', '3081228']
    assert sorted(result['volumes'][0]) == sorted(
        (
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
    )


def test_every_page_is_read(run, ncp):
    first = [raw_volume(str(4000000 + n), server='') for n in range(1000)]
    second = [raw_volume(str(4001000 + n), server='') for n in range(5)]
    for dummy in range(2):  # a listing of several pages is read twice, to see it hold still
        ncp.expect(LIST, PAGE, volumes(LIST, *first, total=1005))
        ncp.expect(LIST, dict(PAGE, pageNo='2'), volumes(LIST, *second, total=1005))
    assert len(run({})['volumes']) == 1005


def test_exact_name_only(run, ncp):
    ncp.expect(LIST, dict(PAGE, blockStorageName='db'), volumes(LIST, raw_volume(name='db-restore'), raw_volume('9', name='db')))
    assert [v['name'] for v in run({'name': 'db'})['volumes']] == ['db']


def test_bad_numbers_fail_before_any_request(run, ncp):
    result = run({'block_storage_instance_nos': ['30812x']})
    assert result['failed'] and 'block_storage_instance_nos must be an NCP instance number' in result['msg'] and ncp.sent == []
    result = run({'server_instance_no': 'abc'})
    assert result['failed'] and 'server_instance_no must be an NCP instance number' in result['msg'] and ncp.sent == []
