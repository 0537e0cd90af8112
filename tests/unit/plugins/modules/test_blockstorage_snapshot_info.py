# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""blockstorage_snapshot_info through main(), with every HTTP exchange scripted in order."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.ncloud.vserver.plugins.modules import blockstorage_snapshot_info
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok, snapshot

LIST = 'getBlockStorageSnapshotInstanceList'


@pytest.fixture
def run(capsys, keys, clock):
    def run_module(args, check_mode=False):
        with patch_module_args(dict(args, _ansible_check_mode=check_mode)), pytest.raises(SystemExit):
            blockstorage_snapshot_info.main()
        return json.loads(capsys.readouterr().out)
    return run_module


def test_every_filter_reaches_the_api(run, ncp):
    ncp.expect(LIST, {
        'blockStorageSnapshotInstanceNoList.1': '901', 'blockStorageSnapshotInstanceNoList.2': '902',
        'blockStorageSnapshotName': 'snap-a',
        'originalBlockStorageInstanceNoList.1': '3081227',
        'blockStorageSnapshotInstanceStatusCode': 'CREAT',
        'hypervisorTypeCodeList.1': 'XEN', 'hypervisorTypeCodeList.2': 'KVM',
        'isBootable': 'false', 'isEncryptedOriginalBlockStorageVolume': 'true',
        'pageNo': '1', 'pageSize': '1000',
    }, ok(LIST, [snapshot('902'), snapshot('901')]))
    result = run({'snapshot_nos': ['901', '902'], 'name': 'snap-a', 'block_storage_instance_nos': ['3081227'],
                  'status': 'CREAT', 'hypervisor_types': ['XEN', 'KVM'], 'bootable': False, 'encrypted': True})
    assert result['changed'] is False
    assert [item['snapshot_no'] for item in result['snapshots']] == ['901', '902']


def test_no_filter_lists_everything(run, ncp):
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST))
    assert run({})['snapshots'] == []


def test_every_page_is_read_and_sorted_oldest_first(run, ncp):
    first_page = [snapshot(str(5000000 + 1001 - n)) for n in range(1000)]
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST, first_page, total=1001))
    ncp.expect(LIST, {'pageNo': '2', 'pageSize': '1000'}, ok(LIST, [snapshot('4999999')], total=1001))
    # A listing of several pages is read twice: rows shifting between page reads would go unseen.
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST, first_page, total=1001))
    ncp.expect(LIST, {'pageNo': '2', 'pageSize': '1000'}, ok(LIST, [snapshot('4999999')], total=1001))
    numbers = [item['snapshot_no'] for item in run({}, check_mode=True)['snapshots']]
    assert len(numbers) == 1001 and numbers[0] == '4999999' and numbers == sorted(numbers, key=int)


def test_a_server_capping_pages_silently_still_gives_every_snapshot(run, ncp):
    # issue 11: NCP publishes no largest pageSize; 0.1.0 stopped after the first short page.
    for dummy in range(2):
        ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST, [snapshot(str(n)) for n in range(1, 101)], total=250))
        ncp.expect(LIST, {'pageNo': '2', 'pageSize': '100'}, ok(LIST, [snapshot(str(n)) for n in range(101, 201)], total=250))
        ncp.expect(LIST, {'pageNo': '3', 'pageSize': '100'}, ok(LIST, [snapshot(str(n)) for n in range(201, 251)], total=250))
    assert [item['snapshot_no'] for item in run({})['snapshots']] == [str(n) for n in range(1, 251)]


def test_partial_name_matches_are_dropped(run, ncp):
    ncp.expect(LIST, {'blockStorageSnapshotName': 'snap-a', 'pageNo': '1', 'pageSize': '1000'},
               ok(LIST, [snapshot('901', name='snap-ab'), snapshot('902')]))
    assert [item['snapshot_no'] for item in run({'name': 'snap-a'})['snapshots']] == ['902']


@pytest.mark.parametrize('args, message', [
    ({'snapshot_nos': ['90x']}, 'snapshot_nos must be an NCP instance number'),
    ({'block_storage_instance_nos': ['vol']}, 'block_storage_instance_nos must be an NCP instance number'),
    ({'name': 'a b'}, 'name must be 3 to 30 characters'),
    ({'status': 'READY'}, 'value of status must be one of: INIT, CREAT'),
    ({'hypervisor_types': ['VMWARE']}, 'value of hypervisor_types must be one or more of: XEN, KVM'),
])
def test_bad_filters_fail_before_any_request(run, ncp, args, message):
    result = run(args)
    assert result['failed'] and message in result['msg'] and ncp.sent == []
