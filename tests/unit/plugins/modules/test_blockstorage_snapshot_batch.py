# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""blockstorage_snapshot_batch through main(), with every HTTP exchange scripted in order."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.tests.unit.plugins.paths import runner
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok, reply, snapshot, volume

LIST = 'getBlockStorageSnapshotInstanceList'
VOLUMES = 'getBlockStorageInstanceList'
CREATE = 'createBlockStorageSnapshotInstance'
DELETE = 'deleteBlockStorageSnapshotInstances'
WRITES = {CREATE, DELETE}
XEN, KVM = '3081227', '3081231'
PAGE = {'pageNo': '1', 'pageSize': '1000'}
INIT = {'status': 'INIT', 'operation': 'CREAT'}
TERMT = {'operation': 'TERMT'}
NAME = 'nightly-20261203'


def numbered(field, numbers, **extra):
    """The query of a list request filtered by ``field``.N = each of ``numbers``."""
    return dict(PAGE, **extra, **{'%s.%d' % (field, index): number for index, number in enumerate(numbers, 1)})


def deleting(*numbers):
    """The query of one delete request of ``numbers``, in this order."""
    return {'blockStorageSnapshotInstanceNoList.%d' % index: number for index, number in enumerate(numbers, 1)}


def kvm_volume(number=KVM):
    return dict(volume(number), hypervisorType={'code': 'KVM'}, blockStorageVolumeType={'code': 'CB2'})


def volumes_reply(*raws):
    return ok(VOLUMES, list(raws), 'blockStorageInstanceList')


@pytest.fixture
def path():
    """The module path here; tests/unit/plugins/action runs these tests again on the controller path."""
    return 'module'


@pytest.fixture
def run(path, capsys, keys, clock, monkeypatch):
    """Run the task with ``args`` on the ``path`` fixture's execution path; the result carries ``warned``."""
    return runner(path, 'blockstorage_snapshot_batch', capsys, monkeypatch)


def script_night(ncp):
    """XEN volume with a FULL (tonight: INCREMENTAL), KVM volume already converged, volume 9999999 unknown."""
    ncp.expect(VOLUMES, numbered('blockStorageInstanceNoList', [XEN, KVM, '9999999']), volumes_reply(volume(XEN), kvm_volume()))
    ncp.expect(
        LIST,
        numbered('originalBlockStorageInstanceNoList', [XEN, KVM]),
        ok(LIST, [snapshot('800', name='nightly-20261202'), snapshot('801', name=NAME, volume=KVM, volume_type='CB2')]),
    )


def test_a_night_in_one_create_per_volume_that_needs_one(run, ncp, clock):
    script_night(ncp)
    ncp.expect(
        CREATE,
        {'originalBlockStorageInstanceNo': XEN, 'blockStorageSnapshotName': NAME, 'snapshotTypeCode': 'INCREMENTAL'},
        ok(CREATE, [snapshot('901', name=NAME, snapshot_type='INCREMENTAL', depth=1, base='800', **INIT)]),
    )
    ncp.expect(
        LIST,
        numbered('originalBlockStorageInstanceNoList', [XEN], blockStorageSnapshotName=NAME),
        ok(LIST, [snapshot('901', name=NAME, snapshot_type='INCREMENTAL', depth=1, base='800', **INIT)]),
    )
    ncp.expect(
        LIST,
        numbered('blockStorageSnapshotInstanceNoList', ['901']),
        ok(LIST, [snapshot('901', name=NAME, snapshot_type='INCREMENTAL', depth=1, base='800', **INIT)]),
    )
    ncp.expect(
        LIST, numbered('blockStorageSnapshotInstanceNoList', ['901']), ok(LIST, [snapshot('901', name=NAME, snapshot_type='INCREMENTAL', depth=1, base='800')])
    )
    result = run({'volumes': [XEN, KVM, '9999999'], 'name': NAME, 'snapshot_type': 'AUTO'}, diff=True)
    assert ncp.actions == [VOLUMES, LIST, CREATE, LIST, LIST, LIST]
    assert result['failed'] and result['changed'] is True
    assert result['msg'].startswith('1 of 3 volumes failed: 9999999: block_storage_instance_no 9999999 does not exist in region KR')
    xen, kvm, unknown = result['results']
    assert (xen['item'], xen['changed'], xen['failed'], xen['snapshot']['snapshot_no'], xen['snapshot']['ready']) == (XEN, True, False, '901', True)
    assert xen['snapshot_type_reason'] == 'FULL snapshot 800 has 0 of 7 incrementals'
    assert (kvm['changed'], kvm['failed'], kvm['snapshot']['snapshot_no']) == (False, False, '801')
    assert unknown['failed'] and unknown['snapshot'] == {} and unknown['failure']['action'] is None
    assert [s['snapshot_no'] for s in result['snapshots']] == ['800', '801', '901'] and result['pending'] == []
    # One poll wait between the two reads (its length is _waiter's schedule).
    assert [s['snapshot_no'] for s in result['diff']['after']['snapshots']] == ['901'] and len(clock.sleeps) == 1


def test_check_mode_decides_the_same_and_writes_nothing(run, ncp):
    script_night(ncp)
    result = run({'volumes': [XEN, KVM, '9999999'], 'name': NAME, 'snapshot_type': 'AUTO'}, check_mode=True)
    assert not WRITES & set(ncp.actions) and ncp.actions == [VOLUMES, LIST]
    xen, kvm, unknown = result['results']
    assert (xen['changed'], xen['snapshot']['snapshot_no'], xen['snapshot']['snapshot_type']) == (True, None, 'INCREMENTAL')
    assert xen['snapshot_type_reason'] == 'FULL snapshot 800 has 0 of 7 incrementals'
    assert kvm['changed'] is False and unknown['failed'] and result['changed'] is True


def test_lists_take_a_request_per_100_volumes(run, ncp):
    numbers = [str(4000000 + index) for index in range(101)]
    ncp.expect(VOLUMES, numbered('blockStorageInstanceNoList', numbers[:100]), volumes_reply(*map(volume, numbers[:100])))
    ncp.expect(VOLUMES, numbered('blockStorageInstanceNoList', numbers[100:]), volumes_reply(volume(numbers[100])))
    ncp.expect(
        LIST,
        numbered('originalBlockStorageInstanceNoList', numbers[:100]),
        ok(LIST, [snapshot(str(9000 + index), name=NAME, volume=number) for index, number in enumerate(numbers[:100])]),
    )
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', numbers[100:]), ok(LIST, [snapshot('9100', name=NAME, volume=numbers[100])]))
    result = run({'volumes': numbers, 'name': NAME})
    assert result['changed'] is False and 'failed' not in result and len(result['results']) == 101
    assert all(not item['changed'] and item['snapshot']['name'] == NAME for item in result['results'])


def test_two_snapshots_of_the_name_fail_that_volume_only(run, ncp):
    ncp.expect(VOLUMES, numbered('blockStorageInstanceNoList', [XEN]), volumes_reply(volume(XEN)))
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', [XEN]), ok(LIST, [snapshot('800', name=NAME), snapshot('801', name=NAME)]))
    result = run({'volumes': [XEN], 'name': NAME})
    assert result['failed'] and "name 'nightly-20261203' matches 2 snapshots of volume 3081227 (800, 801)" in result['msg']


def test_a_lost_race_deletes_its_own_duplicate(run, ncp):
    ncp.expect(VOLUMES, numbered('blockStorageInstanceNoList', [XEN]), volumes_reply(volume(XEN)))
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', [XEN]), ok(LIST))
    ncp.expect(CREATE, {'originalBlockStorageInstanceNo': XEN, 'blockStorageSnapshotName': NAME}, ok(CREATE, [snapshot('902', name=NAME, **INIT)]))
    ncp.expect(
        LIST,
        numbered('originalBlockStorageInstanceNoList', [XEN], blockStorageSnapshotName=NAME),
        ok(LIST, [snapshot('901', name=NAME), snapshot('902', name=NAME, **INIT)]),
    )
    ncp.expect(DELETE, deleting('902'), ok(DELETE, [snapshot('902', name=NAME, **TERMT)]))
    result = run({'volumes': [XEN], 'name': NAME})
    assert result['results'][0]['snapshot']['snapshot_no'] == '901' and 'failed' not in result
    assert 'deleted its own snapshot 902' in result['results'][0]['warnings'][0] and result['warned'][0].startswith(XEN + ': another run')


def chain_listing():
    """A XEN chain 700 (FULL) < 701 < 702, and a KVM CB2 snapshot 710."""
    return [
        snapshot('700'),
        snapshot('701', snapshot_type='INCREMENTAL', depth=1, base='700'),
        snapshot('702', snapshot_type='INCREMENTAL', depth=2, base='700'),
        snapshot('710', volume=KVM, volume_type='CB2'),
    ]


def test_deletes_go_in_one_request_each_chain_newest_first(run, ncp, clock):
    listing = chain_listing()
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['700', '710', '999']), ok(LIST, [listing[0], listing[3]]))
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', [XEN]), ok(LIST, listing[:3]))
    terminating = [dict(raw, blockStorageSnapshotInstanceOperation={'code': 'TERMT'}) for raw in listing]
    ncp.expect(DELETE, deleting('702', '701', '700', '710'), ok(DELETE, terminating))
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['702', '701', '700', '710']), ok(LIST))
    result = run({'state': 'absent', 'snapshot_nos': ['700', '710', '999'], 'cascade': True}, diff=True)
    assert 'failed' not in result and result['changed'] is True and result['pending'] == []
    full, kvm, gone = result['results']
    assert [s['snapshot_no'] for s in full['deleted_snapshots']] == ['702', '701', '700'] and full['changed']
    assert [s['snapshot_no'] for s in kvm['deleted_snapshots']] == ['710']
    assert (gone['changed'], gone['deleted_snapshots'], gone['snapshot']) == (False, [], {})
    assert [s['snapshot_no'] for s in result['diff']['before']['snapshots']] == ['702', '701', '700', '710']
    assert result['snapshots'] == []


def test_without_cascade_a_snapshot_in_the_way_fails_its_item_only(run, ncp):
    listing = chain_listing()
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['701', '702']), ok(LIST, listing[1:3]))
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', [XEN]), ok(LIST, listing[:3]))
    ncp.expect(DELETE, deleting('702'), ok(DELETE, [listing[2]]))
    result = run({'state': 'absent', 'snapshot_nos': ['701', '702'], 'wait': False})
    assert result['failed'] and result['msg'].startswith('1 of 2 snapshots failed: 701: snapshot 701 cannot be deleted before 702')
    assert [s['snapshot_no'] for s in result['results'][1]['deleted_snapshots']] == ['702']


def test_earlier_items_are_not_in_the_way_of_later_ones(run, ncp):
    listing = chain_listing()
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['702', '701']), ok(LIST, listing[1:3]))
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', [XEN]), ok(LIST, listing[:3]))
    ncp.expect(DELETE, deleting('702', '701'), ok(DELETE, listing[1:3]))
    result = run({'state': 'absent', 'snapshot_nos': ['702', '701'], 'wait': False})
    assert 'failed' not in result and [item['changed'] for item in result['results']] == [True, True]


def test_a_refused_request_is_looked_at_then_sent_again_per_volume(run, ncp):
    listing = chain_listing()
    image = reply(400, {'responseError': {'returnCode': '9903005', 'returnMessage': 'snapshot backs a server image'}})
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['702', '710']), ok(LIST, [listing[2], listing[3]]))
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', [XEN]), ok(LIST, listing[:3]))
    ncp.expect(DELETE, deleting('702', '710'), image)
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['702', '710']), ok(LIST, [listing[2], listing[3]]))  # nothing went
    ncp.expect(DELETE, deleting('702'), ok(DELETE, [listing[2]]))
    ncp.expect(DELETE, deleting('710'), image)
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['710']), ok(LIST, [listing[3]]))
    result = run({'state': 'absent', 'snapshot_nos': ['702', '710'], 'wait': False})
    xen, kvm = result['results']
    assert xen['changed'] and not xen['failed']
    assert kvm['failed'] and 'server image' in kvm['msg'] and kvm['deleted_snapshots'] == []
    assert result['msg'].startswith('1 of 2 snapshots failed: 710: snapshot 710 cannot be deleted while a server image')


def test_check_mode_deletes_nothing_and_reports_the_same(run, ncp):
    listing = chain_listing()
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['700']), ok(LIST, listing[:1]))
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', [XEN]), ok(LIST, listing[:3]))
    result = run({'state': 'absent', 'snapshot_nos': ['700'], 'cascade': True}, check_mode=True)
    assert not WRITES & set(ncp.actions) and result['changed'] is True
    assert [s['snapshot_no'] for s in result['results'][0]['deleted_snapshots']] == ['702', '701', '700']


@pytest.mark.parametrize(
    'args, message',
    [
        ({'volumes': ['30812x7'], 'name': NAME}, "volumes must be an NCP instance number made of digits only; got '30812x7'"),
        ({'volumes': [XEN]}, 'state is present but all of the following are missing: name'),
        ({'volumes': [XEN], 'name': '1bad'}, 'name must be 3 to 30 characters'),
        ({'state': 'absent'}, 'state is absent but all of the following are missing: snapshot_nos'),
        ({'state': 'absent', 'snapshot_nos': ['9'], 'wait_timeout': -1}, 'wait_timeout must be 0 or more; got -1'),
    ],
)
def test_bad_input_fails_before_any_request(run, ncp, args, message):
    result = run(args)
    assert result['failed'] and message in result['msg'] and ncp.actions == []


@pytest.mark.parametrize('args', [{'volumes': [], 'name': NAME}, {'state': 'absent', 'snapshot_nos': []}])
def test_an_empty_batch_sends_nothing(run, ncp, args):
    # An empty list filter would list every volume or snapshot of the region.
    result = run(args)
    assert result['changed'] is False and result['results'] == [] and ncp.actions == []


def test_a_reply_that_leaves_a_snapshot_out_is_taken_as_a_partial_delete(run, ncp):
    # NCP does not say whether a batch with one snapshot it may not delete deletes the others; if it does, its reply lists only them.
    listing = chain_listing()
    image = reply(400, {'responseError': {'returnCode': '9903005', 'returnMessage': 'snapshot backs a server image'}})
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['702', '710']), ok(LIST, [listing[2], listing[3]]))
    ncp.expect(LIST, numbered('originalBlockStorageInstanceNoList', [XEN]), ok(LIST, listing[:3]))
    ncp.expect(DELETE, deleting('702', '710'), ok(DELETE, [dict(listing[2], blockStorageSnapshotInstanceOperation={'code': 'TERMT'})]))
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['710']), ok(LIST, [listing[3]]))
    ncp.expect(DELETE, deleting('710'), image)
    ncp.expect(LIST, numbered('blockStorageSnapshotInstanceNoList', ['710']), ok(LIST, [listing[3]]))
    result = run({'state': 'absent', 'snapshot_nos': ['702', '710'], 'wait': False})
    xen, kvm = result['results']
    assert xen['changed'] and not xen['failed'] and [s['snapshot_no'] for s in xen['deleted_snapshots']] == ['702']
    assert kvm['failed'] and 'server image' in kvm['msg']
