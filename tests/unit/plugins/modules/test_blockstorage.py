# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""blockstorage through main(), with every HTTP exchange scripted in order.

tests/unit/plugins/action/test_in_process_blockstorage.py runs the same tests through the action plugin.
"""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.tests.unit.plugins.paths import runner
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok, reply, snapshot
from ansible_collections.ncloud.vserver.tests.unit.plugins.modules.test_blockstorage_fakes import (
    DETAIL,
    GIB,
    LIST,
    SERVER,
    by_name,
    by_number,
    raw_server,
    raw_volume,
    servers,
    volumes,
    xen_volume,
)

SNAP_DETAIL = 'getBlockStorageSnapshotInstanceDetail'
CREATE = 'createBlockStorageInstance'
ATTACH = 'attachBlockStorageInstance'
DETACH = 'detachBlockStorageInstances'
DELETE = 'deleteBlockStorageInstances'
RESIZE_KVM = 'changeBlockStorageInstance'
RESIZE_XEN = 'changeBlockStorageVolumeSize'
PROTECT = 'setBlockStorageReturnProtection'
WRITES = {CREATE, ATTACH, DETACH, DELETE, RESIZE_KVM, RESIZE_XEN, PROTECT}
NEW = '3081240'
KVM_SNAP = '3288597'
XEN_SNAP = '3288601'
RESCUE_KVM = '2912303'
RESCUE_XEN = '2912304'
SERVER_ERROR = reply(500, {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}})


@pytest.fixture
def path():
    """The module path here; tests/unit/plugins/action runs these tests again on the controller path."""
    return 'module'


@pytest.fixture
def run(path, capsys, keys, clock, monkeypatch):
    """Run the task with ``args`` on the ``path`` fixture's execution path; the result carries ``warned``.

    Warnings are caught at AnsibleModule.warn (or taken from the action's result): how ansible-core
    reports them afterwards depends on what else the test process has imported.
    """
    return runner(path, 'blockstorage', capsys, monkeypatch)


def kvm_snapshot(status='CREAT', operation='NULL'):
    return snapshot(KVM_SNAP, name='db-nightly', volume='3081231', volume_type='CB1', status=status, operation=operation)


def xen_snapshot():
    return snapshot(XEN_SNAP, name='web-nightly', volume='3081227', volume_type='SSD')


def expect_kvm_restore_reads(ncp, name='db-restore'):
    ncp.expect(LIST, by_name(name), volumes(LIST))
    ncp.expect(SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': KVM_SNAP}, ok(SNAP_DETAIL, [kvm_snapshot()]))
    ncp.expect(SERVER, {'serverInstanceNo': RESCUE_KVM}, servers(raw_server()))


KVM_CREATE = {
    'zoneCode': 'KR-1',
    'blockStorageName': 'db-restore',
    'blockStorageSize': '50',
    'blockStorageSnapshotInstanceNo': KVM_SNAP,
    'blockStorageVolumeTypeCode': 'CB1',
}
KVM_RESTORE = {'name': 'db-restore', 'snapshot_no': KVM_SNAP, 'server_instance_no': RESCUE_KVM}


# --- the result shape and converged runs --------------------------------------------------------------------------


def test_result_has_the_documented_shape_and_a_converged_run_by_number_is_one_request(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(snapshot=int(KVM_SNAP))))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': RESCUE_KVM, 'size': 50}, diff=True)
    assert result['changed'] is False and len(ncp.sent) == 1
    assert result['volume'] == {
        'block_storage_instance_no': NEW,
        'name': 'db-restore',
        'description': '',
        'volume_size': 50 * GIB,
        'status': 'ATTAC',
        'status_name': 'attached',
        'operation': 'NULL',
        'server_instance_no': RESCUE_KVM,
        'device_name': '/dev/vdb',
        'zone': 'KR-1',
        'region': 'KR',
        'storage_type': 'SVRBS',
        'disk_detail_type': 'SSD',
        'volume_type': 'CB1',
        'hypervisor_type': 'KVM',
        'snapshot_no': KVM_SNAP,
        'encrypted': False,
        'return_protection': False,
        'create_date': '2026-11-27T10:15:00+0900',
    }
    assert result['diff']['before'] == result['diff']['after'] == result['volume']


def test_converged_run_by_name_is_one_list_request_and_reads_a_string_snapshot_number(run, ncp):
    ncp.expect(LIST, by_name('db-restore'), volumes(LIST, raw_volume(snapshot=KVM_SNAP)))
    result = run(dict(KVM_RESTORE))
    assert result['changed'] is False and len(ncp.sent) == 1 and result['volume']['snapshot_no'] == KVM_SNAP
    assert result['warned'] == []


def test_detached_volume_reports_no_server_and_no_snapshot(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', snapshot=0)))
    volume = run({'block_storage_instance_no': NEW})['volume']
    assert volume['server_instance_no'] is None and volume['device_name'] is None and volume['snapshot_no'] is None


def test_found_volume_from_another_snapshot_earns_a_warning(run, ncp):
    ncp.expect(LIST, by_name('db-restore'), volumes(LIST, raw_volume(snapshot=999)))
    result = run(dict(KVM_RESTORE))
    assert result['changed'] is False
    assert result['warned'] == ["volume 3081240 has snapshot_no '999', not '3288597' as the task asks; NCP cannot change it, so it was left as it is"]


def test_ambiguous_name_fails_naming_the_volumes(run, ncp):
    ncp.expect(LIST, by_name('db-restore'), volumes(LIST, raw_volume(), raw_volume(number='3081241')))
    result = run({'name': 'db-restore', 'state': 'absent'})
    assert result['failed'] and "matches 2 volumes (3081240, 3081241)" in result['msg'] and 'zone' in result['msg']
    assert not WRITES & set(ncp.actions)


def test_name_lookup_is_narrowed_to_the_zone(run, ncp):
    ncp.expect(LIST, by_name('db-restore', zoneCode='KR-1'), volumes(LIST, raw_volume()))
    assert run({'name': 'db-restore', 'zone': 'KR-1'})['changed'] is False


def test_unknown_number_fails_and_never_creates(run, ncp):
    ncp.expect(DETAIL, by_number('999'), volumes(DETAIL))
    result = run({'block_storage_instance_no': '999', 'size': 10, 'zone': 'KR-1', 'volume_type': 'CB1'})
    assert result['failed'] and 'block_storage_instance_no 999 does not exist in region KR' in result['msg']


# --- the restore ------------------------------------------------------------------------------------------------


def test_kvm_restore_creates_detached_waits_attaches_and_waits(run, ncp, clock):
    expect_kvm_restore_reads(ncp)
    ncp.expect(CREATE, KVM_CREATE, volumes(CREATE, raw_volume(status='INIT', server='', snapshot=int(KVM_SNAP))))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='INIT', operation='CREAT', server='')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', server='')))
    ncp.expect(ATTACH, {'serverInstanceNo': RESCUE_KVM, 'blockStorageInstanceNo': NEW}, volumes(ATTACH))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', operation='ATTAC')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(snapshot=int(KVM_SNAP))))
    result = run(dict(KVM_RESTORE), diff=True)
    assert result['changed'] is True
    assert result['volume']['status'] == 'ATTAC' and result['volume']['device_name'] == '/dev/vdb'
    assert result['volume']['snapshot_no'] == KVM_SNAP and result['volume']['volume_size'] == 50 * GIB
    assert result['diff'] == {'before': {}, 'after': result['volume']}
    # The floor (3 reads, create, attach) plus one poll per second of waiting.
    # Each wait polls after 0.5 s, then 0.5 + 7.5 % of the 0.5 s waited.
    assert len(ncp.sent) == 5 + 4 and clock.sleeps == pytest.approx([0.5, 0.5375, 0.5, 0.5375])


def test_kvm_restore_takes_a_larger_size_and_an_explicit_zone(run, ncp):
    ncp.expect(LIST, by_name('db-restore', zoneCode='KR-1'), volumes(LIST))
    ncp.expect(SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': KVM_SNAP}, ok(SNAP_DETAIL, [kvm_snapshot()]))
    ncp.expect(SERVER, {'serverInstanceNo': RESCUE_KVM}, servers(raw_server()))
    ncp.expect(
        CREATE,
        dict(KVM_CREATE, blockStorageSize='100', isReturnProtection='true', blockStorageDescription='after incident'),
        volumes(CREATE, raw_volume(status='INIT', server='')),
    )
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', server='')))
    ncp.expect(ATTACH, {'serverInstanceNo': RESCUE_KVM, 'blockStorageInstanceNo': NEW}, volumes(ATTACH))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(size_gb=100, protected=True)))
    result = run(dict(KVM_RESTORE, size=100, zone='KR-1', return_protection=True, description='after incident'))
    assert result['changed'] is True and result['volume']['return_protection'] is True


def test_kvm_restore_without_a_server_stays_detached(run, ncp):
    ncp.expect(LIST, by_name('db-restore', zoneCode='KR-1'), volumes(LIST))
    ncp.expect(SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': KVM_SNAP}, ok(SNAP_DETAIL, [kvm_snapshot()]))
    ncp.expect(CREATE, KVM_CREATE, volumes(CREATE, raw_volume(status='INIT', server='')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', server='')))
    result = run({'name': 'db-restore', 'snapshot_no': KVM_SNAP, 'zone': 'KR-1'})
    assert result['changed'] is True and result['volume']['server_instance_no'] is None and ATTACH not in ncp.actions


def test_kvm_restore_without_wait_still_waits_for_the_create_before_attaching(run, ncp):
    expect_kvm_restore_reads(ncp)
    ncp.expect(CREATE, KVM_CREATE, volumes(CREATE, raw_volume(status='INIT', server='')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', server='')))
    ncp.expect(ATTACH, {'serverInstanceNo': RESCUE_KVM, 'blockStorageInstanceNo': NEW}, volumes(ATTACH))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', operation='ATTAC')))
    result = run(dict(KVM_RESTORE, wait=False))
    assert result['changed'] is True and result['volume']['operation'] == 'ATTAC'


def test_xen_restore_is_created_attached_with_the_snapshot_size(run, ncp):
    ncp.expect(LIST, by_name('web-restore'), volumes(LIST))
    ncp.expect(SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': XEN_SNAP}, ok(SNAP_DETAIL, [xen_snapshot()]))
    ncp.expect(SERVER, {'serverInstanceNo': RESCUE_XEN}, servers(raw_server(RESCUE_XEN, 'XEN', 'KR-2')))
    ncp.expect(
        CREATE,
        {'blockStorageName': 'web-restore', 'blockStorageSnapshotInstanceNo': XEN_SNAP, 'serverInstanceNo': RESCUE_XEN},
        volumes(CREATE, xen_volume(status='INIT')),
    )
    ncp.expect(DETAIL, by_number('3081250'), volumes(DETAIL, xen_volume(status='CREAT', operation='ATTAC')))
    ncp.expect(DETAIL, by_number('3081250'), volumes(DETAIL, xen_volume()))
    result = run({'name': 'web-restore', 'snapshot_no': XEN_SNAP, 'server_instance_no': RESCUE_XEN, 'size': 50})
    assert result['changed'] is True and result['volume']['device_name'] == '/dev/xvdb'
    assert len(ncp.sent) == 4 + 2


def test_restore_in_check_mode_predicts_the_volume_and_sends_no_write(run, ncp):
    expect_kvm_restore_reads(ncp)
    result = run(dict(KVM_RESTORE), check_mode=True, diff=True)
    assert result['changed'] is True and not WRITES & set(ncp.actions) and len(ncp.sent) == 3
    volume = result['volume']
    assert volume['block_storage_instance_no'] is None and volume['name'] == 'db-restore'
    assert (volume['volume_size'], volume['zone'], volume['server_instance_no'], volume['volume_type'], volume['snapshot_no']) == (
        50 * GIB,
        'KR-1',
        RESCUE_KVM,
        'CB1',
        KVM_SNAP,
    )
    assert result['diff'] == {'before': {}, 'after': volume}


def test_create_whose_reply_is_lost_is_found_by_name_not_resent(run, ncp):
    expect_kvm_restore_reads(ncp)
    ncp.expect(CREATE, KVM_CREATE, SERVER_ERROR)
    ncp.expect(LIST, by_name('db-restore', zoneCode='KR-1'), volumes(LIST, raw_volume(status='INIT', server='')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', server='')))
    ncp.expect(ATTACH, {'serverInstanceNo': RESCUE_KVM, 'blockStorageInstanceNo': NEW}, volumes(ATTACH))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    result = run(dict(KVM_RESTORE))
    assert result['changed'] is True and ncp.actions.count(CREATE) == 1


def test_create_whose_reply_is_lost_and_never_listed_fails_saying_it_may_be_applied(run, ncp):
    expect_kvm_restore_reads(ncp)
    ncp.expect(CREATE, KVM_CREATE, SERVER_ERROR)
    for dummy in range(16):  # at once, then every 2 s for 30 s
        ncp.expect(LIST, by_name('db-restore', zoneCode='KR-1'), volumes(LIST))
    result = run(dict(KVM_RESTORE))
    assert result['failed'] and result['failure']['maybe_applied'] is True and ncp.actions.count(CREATE) == 1
    assert 'may have been applied' in result['msg'] and 'in zone KR-1' in result['msg']


# --- rules checked before any write -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    'args, message',
    [
        ({'name': 'DB_restore'}, 'name must be 3 to 30 characters of lower-case letters'),
        ({'name': 'db-'}, 'name must be 3 to 30'),
        ({'name': 'db-restore', 'size': 55}, 'size must be in GB, a multiple of 10 from 10 to 16380'),
        ({'name': 'db-restore', 'size': 2010, 'disk_detail_type': 'SSD'}, 'from 10 to 2000 on XEN'),
        ({'name': 'db-restore', 'size': 0}, 'size must be in GB'),
        ({'name': 'db-restore', 'snapshot_no': 'abc'}, 'snapshot_no must be an NCP instance number'),
        ({'name': 'db-restore', 'server_instance_no': '29x'}, 'server_instance_no must be an NCP instance number'),
        ({'name': 'db-restore', 'description': 'x' * 1001}, 'description must be at most 1000 bytes'),
        ({'name': 'db-restore', 'wait_timeout': -1}, 'wait_timeout must be 0 or more'),
        ({'name': 'db-restore', 'volume_type': 'CB1', 'disk_detail_type': 'SSD'}, 'mutually exclusive'),
        ({'size': 10}, 'one of the following is required: block_storage_instance_no, name'),
    ],
)
def test_bad_input_fails_before_any_request(run, ncp, args, message):
    result = run(args)
    assert result['failed'] and message in result['msg'] and ncp.sent == []


def expect_missing(ncp, zone=None):
    ncp.expect(LIST, by_name('db-restore', **({'zoneCode': zone} if zone else {})), volumes(LIST))


@pytest.mark.parametrize(
    'args, reads, message',
    [
        ({'size': 10, 'zone': 'KR-1'}, [], 'needs snapshot_no, server_instance_no, volume_type (KVM) or disk_detail_type (XEN)'),
        ({'size': 10, 'disk_detail_type': 'HDD'}, [], 'server_instance_no is required to create a XEN volume'),
        ({'size': 10, 'volume_type': 'CB1'}, [], 'zone (or server_instance_no, whose zone is taken) is required'),
        ({'zone': 'KR-1', 'volume_type': 'CB1'}, [], 'size (GB) is required'),
        ({'size': 10, 'zone': 'KR-1', 'server_instance_no': RESCUE_KVM}, ['kvm-server'], 'volume_type (CB1, CB2, FB1 or FB2) is required'),
        (
            {'size': 10, 'zone': 'KR-2', 'server_instance_no': RESCUE_KVM, 'volume_type': 'CB1'},
            ['kvm-server'],
            'zone KR-2 differs from the zone KR-1 of server_instance_no 2912303',
        ),
        ({'size': 10, 'server_instance_no': RESCUE_KVM, 'disk_detail_type': 'SSD'}, ['kvm-server'], 'disk_detail_type is for XEN'),
        (
            {'snapshot_no': KVM_SNAP, 'size': 40, 'zone': 'KR-1'},
            ['kvm-snapshot'],
            'size 40 is smaller than the 50 GB of snapshot 3288597: NCP makes a KVM volume from a snapshot at least',
        ),
        (
            {'snapshot_no': KVM_SNAP, 'server_instance_no': RESCUE_XEN},
            ['kvm-snapshot', 'xen-server'],
            'server_instance_no 2912304 is a XEN server and the volume would be on KVM',
        ),
        (
            {'snapshot_no': XEN_SNAP, 'server_instance_no': RESCUE_XEN, 'size': 60},
            ['xen-snapshot', 'xen-server'],
            'size 60 differs from the 50 GB of snapshot 3288601',
        ),
        (
            {'snapshot_no': XEN_SNAP, 'server_instance_no': RESCUE_XEN, 'volume_type': 'CB1'},
            ['xen-snapshot', 'xen-server'],
            'volume_type CB1 is a KVM volume type',
        ),
        ({'snapshot_no': XEN_SNAP}, ['xen-snapshot'], 'server_instance_no is required to create a XEN volume'),
        ({'snapshot_no': KVM_SNAP, 'server_instance_no': '777'}, ['kvm-snapshot', 'no-server'], 'server_instance_no 777 does not exist'),
        ({'snapshot_no': KVM_SNAP}, ['no-snapshot'], 'snapshot_no 3288597 does not exist in region KR'),
        ({'snapshot_no': KVM_SNAP}, ['deleting-snapshot'], 'is not ready to restore from: status CREAT, operation TERMT'),
        ({'snapshot_no': KVM_SNAP}, ['creating-snapshot'], 'is not ready to restore from: status INIT'),
    ],
)
def test_create_rules_fail_before_any_write(run, ncp, args, reads, message):
    expect_missing(ncp, args.get('zone'))
    canned = {
        'kvm-server': (SERVER, {'serverInstanceNo': RESCUE_KVM}, servers(raw_server())),
        'xen-server': (SERVER, {'serverInstanceNo': RESCUE_XEN}, servers(raw_server(RESCUE_XEN, 'XEN', 'KR-2'))),
        'no-server': (SERVER, {'serverInstanceNo': '777'}, servers()),
        'kvm-snapshot': (SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': KVM_SNAP}, ok(SNAP_DETAIL, [kvm_snapshot()])),
        'xen-snapshot': (SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': XEN_SNAP}, ok(SNAP_DETAIL, [xen_snapshot()])),
        'no-snapshot': (SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': KVM_SNAP}, ok(SNAP_DETAIL, [])),
        'deleting-snapshot': (SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': KVM_SNAP}, ok(SNAP_DETAIL, [kvm_snapshot(operation='TERMT')])),
        'creating-snapshot': (SNAP_DETAIL, {'blockStorageSnapshotInstanceNo': KVM_SNAP}, ok(SNAP_DETAIL, [kvm_snapshot(status='INIT', operation='CREAT')])),
    }
    for read in reads:
        ncp.expect(*canned[read])
    result = run(dict(args, name='db-restore'))
    assert result['failed'] and message in result['msg'], result['msg']
    assert not WRITES & set(ncp.actions)
    assert result['failure']['action'] is None


# --- changes to a found volume ------------------------------------------------------------------------------------


def test_empty_server_detaches_and_waits(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    ncp.expect(DETACH, {'blockStorageInstanceNoList.1': NEW}, volumes(DETACH))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(operation='DETAC')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': ''}, diff=True)
    assert result['changed'] is True and result['volume']['server_instance_no'] is None
    assert result['diff']['before']['server_instance_no'] == RESCUE_KVM


def test_detach_in_check_mode_predicts_and_sends_no_write(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': ''}, check_mode=True)
    assert result['changed'] is True and len(ncp.sent) == 1
    assert result['volume']['server_instance_no'] is None and result['volume']['status'] == 'CREAT'


def test_detached_volume_asked_detached_is_unchanged(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    assert run({'block_storage_instance_no': NEW, 'server_instance_no': ''})['changed'] is False


def test_volume_moves_to_another_server_detach_then_attach(run, ncp):
    other = '2912302'
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    ncp.expect(SERVER, {'serverInstanceNo': other}, servers(raw_server(other)))
    ncp.expect(DETACH, {'blockStorageInstanceNoList.1': NEW}, volumes(DETACH))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    ncp.expect(ATTACH, {'serverInstanceNo': other, 'blockStorageInstanceNo': NEW}, volumes(ATTACH))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(server=other, device='/dev/vdc')))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': other})
    assert result['changed'] is True and result['volume']['server_instance_no'] == other


def test_attach_to_a_server_in_another_zone_fails_before_writing(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    ncp.expect(SERVER, {'serverInstanceNo': '2912399'}, servers(raw_server('2912399', zone='KR-2')))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': '2912399'})
    assert result['failed'] and 'NCP attaches a volume only to a server in its zone' in result['msg']
    assert not WRITES & set(ncp.actions)


def test_attach_whose_reply_is_lost_is_read_back_not_resent(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    ncp.expect(SERVER, {'serverInstanceNo': RESCUE_KVM}, servers(raw_server()))
    ncp.expect(ATTACH, {'serverInstanceNo': RESCUE_KVM, 'blockStorageInstanceNo': NEW}, SERVER_ERROR)
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', operation='ATTAC')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': RESCUE_KVM})
    assert result['changed'] is True and ncp.actions.count(ATTACH) == 1


def test_attach_whose_reply_is_lost_and_not_seen_fails_without_resending(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    ncp.expect(SERVER, {'serverInstanceNo': RESCUE_KVM}, servers(raw_server()))
    ncp.expect(ATTACH, {'serverInstanceNo': RESCUE_KVM, 'blockStorageInstanceNo': NEW}, SERVER_ERROR)
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': RESCUE_KVM})
    assert result['failed'] and result['failure']['maybe_applied'] is True and 'may have been applied' in result['msg']
    assert ncp.actions.count(ATTACH) == 1


def test_root_volume_is_not_detached(run, ncp):
    ncp.expect(DETAIL, by_number('3081230'), volumes(DETAIL, raw_volume('3081230', storage_type='BASIC', server='2912302')))
    result = run({'block_storage_instance_no': '3081230', 'server_instance_no': ''})
    assert result['failed'] and 'root volume of server 2912302' in result['msg']


def test_detached_kvm_volume_grows_in_place(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    ncp.expect(RESIZE_KVM, {'blockStorageInstanceNo': NEW, 'blockStorageSize': '100'}, volumes(RESIZE_KVM))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', operation='CHNG')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', size_gb=100)))
    result = run({'block_storage_instance_no': NEW, 'size': 100})
    assert result['changed'] is True and result['volume']['volume_size'] == 100 * GIB


def test_attached_xen_volume_grows_while_its_server_is_stopped(run, ncp):
    ncp.expect(DETAIL, by_number('3081250'), volumes(DETAIL, xen_volume()))
    ncp.expect(SERVER, {'serverInstanceNo': RESCUE_XEN}, servers(raw_server(RESCUE_XEN, 'XEN', 'KR-2', status='NSTOP')))
    ncp.expect(RESIZE_XEN, {'blockStorageInstanceNo': '3081250', 'blockStorageSize': '60'}, volumes(RESIZE_XEN))
    ncp.expect(DETAIL, by_number('3081250'), volumes(DETAIL, xen_volume(size_gb=60)))
    assert run({'block_storage_instance_no': '3081250', 'size': 60})['changed'] is True


def test_attached_volume_of_a_running_server_is_not_resized(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    ncp.expect(SERVER, {'serverInstanceNo': RESCUE_KVM}, servers(raw_server()))
    result = run({'block_storage_instance_no': NEW, 'size': 100})
    assert result['failed'] and 'only while its server is stopped (NSTOP)' in result['msg']
    assert not WRITES & set(ncp.actions)


def test_shrinking_fails_before_writing(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    result = run({'block_storage_instance_no': NEW, 'size': 40})
    assert result['failed'] and 'size 40 is smaller than the 50 GB of volume 3081240: NCP only makes volumes bigger' in result['msg']


def test_xen_volume_larger_than_2000_gb_fails(run, ncp):
    ncp.expect(DETAIL, by_number('3081250'), volumes(DETAIL, xen_volume(status='CREAT')))
    result = run({'block_storage_instance_no': '3081250', 'size': 2010})
    assert result['failed'] and 'from 10 to 2000 on XEN' in result['msg']


def test_return_protection_is_set_when_it_differs(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    ncp.expect(PROTECT, {'blockStorageInstanceNo': NEW, 'isReturnProtection': 'true'}, volumes(PROTECT))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(protected=True)))
    result = run({'block_storage_instance_no': NEW, 'return_protection': True}, diff=True)
    assert result['changed'] is True and result['diff']['after']['return_protection'] is True
    assert result['diff']['before']['return_protection'] is False


def test_change_without_wait_re_reads_once(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    ncp.expect(DETACH, {'blockStorageInstanceNoList.1': NEW}, volumes(DETACH))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(operation='DETAC')))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': '', 'wait': False})
    assert result['changed'] is True and result['volume']['operation'] == 'DETAC'


def test_wait_timeout_fails_with_the_last_state(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    ncp.expect(DETACH, {'blockStorageInstanceNoList.1': NEW}, volumes(DETACH))
    for dummy in range(4):  # polls at 0.5, 1.04, 1.62 and 2 s (the deadline)
        ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(operation='DETAC')))
    result = run({'block_storage_instance_no': NEW, 'server_instance_no': '', 'wait_timeout': 2})
    assert result['failed'] and 'was not detached (status CREAT) after wait_timeout=2 seconds' in result['msg']
    assert result['volume']['operation'] == 'DETAC'


# --- state=absent -------------------------------------------------------------------------------------------------


def test_absent_deletes_an_attached_volume_and_waits_until_gone(run, ncp):
    ncp.expect(LIST, by_name('db-restore'), volumes(LIST, raw_volume()))
    ncp.expect(DELETE, {'blockStorageInstanceNoList.1': NEW}, volumes(DELETE))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(operation='TERMT')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL))
    result = run({'name': 'db-restore', 'state': 'absent'}, diff=True)
    assert result['changed'] is True and result['volume']['block_storage_instance_no'] == NEW
    assert result['diff']['after'] == {} and DETACH not in ncp.actions


def test_absent_and_gone_is_one_request(run, ncp):
    ncp.expect(LIST, by_name('db-restore'), volumes(LIST))
    result = run({'name': 'db-restore', 'state': 'absent'})
    assert result['changed'] is False and result['volume'] == {} and len(ncp.sent) == 1


def test_absent_in_check_mode_sends_no_write(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    result = run({'block_storage_instance_no': NEW, 'state': 'absent'}, check_mode=True)
    assert result['changed'] is True and len(ncp.sent) == 1


def test_protected_volume_is_not_deleted_and_the_message_says_why(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(protected=True)))
    result = run({'block_storage_instance_no': NEW, 'state': 'absent'})
    assert result['failed'] and 'has return protection, so NCP refuses to delete it' in result['msg']
    assert not WRITES & set(ncp.actions)


def test_protection_is_lifted_first_with_return_protection_false(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(protected=True)))
    ncp.expect(PROTECT, {'blockStorageInstanceNo': NEW, 'isReturnProtection': 'false'}, volumes(PROTECT))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume()))
    ncp.expect(DELETE, {'blockStorageInstanceNoList.1': NEW}, volumes(DELETE))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL))
    result = run({'block_storage_instance_no': NEW, 'state': 'absent', 'return_protection': False})
    assert result['changed'] is True


def test_delete_whose_reply_is_lost_is_read_back(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT')))
    ncp.expect(DELETE, {'blockStorageInstanceNoList.1': NEW}, SERVER_ERROR)
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='CREAT', operation='TERMT')))
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL))
    result = run({'block_storage_instance_no': NEW, 'state': 'absent'})
    assert result['changed'] is True and ncp.actions.count(DELETE) == 1


def test_root_volume_is_not_deleted(run, ncp):
    ncp.expect(DETAIL, by_number('3081230'), volumes(DETAIL, raw_volume('3081230', storage_type='BASIC', server='2912302')))
    result = run({'block_storage_instance_no': '3081230', 'state': 'absent'})
    assert result['failed'] and 'NCP deletes a root volume only with its server' in result['msg']


def test_volume_in_an_error_state_fails_naming_it(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, raw_volume(status='ERROR')))
    result = run({'block_storage_instance_no': NEW})
    assert result['failed'] and 'error state: status ERROR' in result['msg']


def test_unreadable_volume_number_is_a_bad_reply_not_a_traceback(run, ncp):
    ncp.expect(DETAIL, by_number(NEW), volumes(DETAIL, dict(raw_volume(), blockStorageSnapshotInstanceNo=[1])))
    result = run({'block_storage_instance_no': NEW})
    assert result['failed'] and 'blockStorageSnapshotInstanceNo is [1]' in result['msg']
