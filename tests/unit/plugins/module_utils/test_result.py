# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The result shape: every field read from NCP's snapshot, the check-mode prediction, bad replies."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError
from ansible_collections.ncloud.vserver.plugins.module_utils._result import (
    RESULT_FIELDS,
    code_of,
    instance_number,
    is_ready,
    is_terminating,
    number_field,
    number_of,
    parse_date,
    predicted_result,
    to_result,
    volume_result,
)

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import snapshot, volume

# Every field different from every other, so a field read from the wrong key shows.
RAW = {
    'blockStorageSnapshotInstanceNo': '9001',
    'blockStorageSnapshotName': 'nightly-1',
    'blockStorageSnapshotDescription': 'before upgrade',
    'originalBlockStorageInstanceNo': '3081227',
    'blockStorageSnapshotVolumeSize': '107374182400',
    'blockStorageSnapshotInstanceStatus': {'code': 'INIT', 'codeName': 'Block Storage CREAT State'},
    'blockStorageSnapshotInstanceStatusName': 'creating',
    'blockStorageSnapshotInstanceOperation': {'code': 'CREAT', 'codeName': 'Block Storage NULL OP'},
    'snapshotType': {'code': 'INCREMENTAL', 'codeName': 'Full Storage Snapshot'},
    'baseSnapshotInstanceNo': '9000',
    'snapshotChainDepth': 3,
    'createDate': '2026-11-27T09:00:00+0900',
    'isEncryptedOriginalBlockStorageVolume': True,
    'isBootable': True,
    'hypervisorType': {'code': 'KVM', 'codeName': 'XEN'},
    'blockStorageVolumeType': {'code': 'CB1', 'codeName': 'SSD'},
}


def test_every_field_of_the_result():
    assert to_result(RAW, 'FKR') == {
        'snapshot_no': '9001',
        'name': 'nightly-1',
        'description': 'before upgrade',
        'block_storage_instance_no': '3081227',
        'volume_size': 107374182400,
        'status': 'INIT',
        'status_name': 'creating',
        'operation': 'CREAT',
        'snapshot_type': 'INCREMENTAL',
        'base_snapshot_no': '9000',
        'chain_depth': 3,
        'create_date': '2026-11-27T09:00:00+0900',
        'encrypted': True,
        'bootable': True,
        'hypervisor_type': 'KVM',
        'volume_type': 'CB1',
        'region': 'FKR',
        'ready': False,
        'terminating': False,
    }


@pytest.mark.parametrize(
    'status, operation, ready, terminating',
    [
        ('INIT', 'CREAT', False, False),
        ('CREAT', 'NULL', True, False),
        ('CREAT', 'TERMT', False, True),
        ('INIT', 'TERMT', False, True),
        ('FAIL', 'NULL', False, False),
    ],
)
def test_ready_and_terminating_are_derived_from_status_and_operation(status, operation, ready, terminating):
    # issue 13 point 7: a snapshot being deleted is still status CREAT; it is neither ready nor to be restored from.
    result = to_result(snapshot('901', status=status, operation=operation), 'KR')
    assert (result['ready'], result['terminating']) == (ready, terminating)
    assert result['ready'] is is_ready(result) and result['terminating'] is is_terminating(result)


def test_result_fields_are_the_documented_ones_in_order():
    assert tuple(to_result(RAW, 'KR')) == RESULT_FIELDS
    assert RESULT_FIELDS == (
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


def test_sparse_snapshot_reads_as_empty_values():
    result = to_result({'blockStorageSnapshotInstanceNo': '1'}, 'KR')
    assert result == dict(
        dict.fromkeys(RESULT_FIELDS),
        snapshot_no='1',
        description='',
        volume_size=0,
        chain_depth=0,
        encrypted=False,
        bootable=False,
        region='KR',
        ready=False,
        terminating=False,
    )
    assert result['encrypted'] is False and result['bootable'] is False


def test_empty_strings_become_the_documented_empties():
    raw = dict(
        RAW,
        blockStorageSnapshotDescription=None,
        baseSnapshotInstanceNo='',
        snapshotChainDepth='',
        blockStorageSnapshotVolumeSize=None,
        isBootable='',
        isEncryptedOriginalBlockStorageVolume=0,
    )
    result = to_result(raw, 'KR')
    assert (result['description'], result['base_snapshot_no'], result['chain_depth'], result['volume_size']) == ('', None, 0, 0)
    assert result['bootable'] is False and result['encrypted'] is False


def test_bools_are_bools():
    result = to_result(dict(RAW, isBootable='true', isEncryptedOriginalBlockStorageVolume=1), 'KR')
    assert result['bootable'] is True and result['encrypted'] is True


def test_codes_are_read_from_code_never_code_name():
    assert code_of({'code': 'CREAT', 'codeName': 'INIT'}) == 'CREAT'
    assert code_of({'codeName': 'INIT'}) is None
    assert code_of('XEN') == 'XEN'
    assert code_of(None) is None


@pytest.mark.parametrize('value', [[], {'code': ['CREAT']}, 5, {'code': 5}])
def test_a_code_that_is_not_text_is_a_bad_reply(value):
    # Found by test_properties.py: a list as status code made the module fail with a TypeError traceback.
    with pytest.raises(ModuleError, match='status or type code'):
        code_of(value)


@pytest.mark.parametrize('value, expected', [(None, 0), ('', 0), (0, 0), ('0', 0), (7, 7), ('53687091200', 53687091200)])
def test_number_field(value, expected):
    assert number_field({'size': value}, 'size') == expected


def test_number_field_missing_is_zero():
    assert number_field({}, 'size') == 0


@pytest.mark.parametrize('value', [True, False, -1, '-1', '1.5', 1.5, 'x', [1], {'a': 1}, '٣'])
def test_number_field_that_is_not_a_whole_number_is_a_bad_reply(value):
    with pytest.raises(ModuleError) as caught:
        number_field({'snapshotChainDepth': value}, 'snapshotChainDepth')
    assert str(caught.value) == ('NCP replied with a snapshot whose snapshotChainDepth is %r, which this module cannot read; nothing more was done' % (value,))


@pytest.mark.parametrize('value', [None, 901, '', '90a', ' 901', '901\n', ['901']])
def test_instance_number_must_be_a_decimal_string(value):
    with pytest.raises(ModuleError, match='whose blockStorageSnapshotInstanceNo is .*cannot read'):
        instance_number({'blockStorageSnapshotInstanceNo': value}, 'blockStorageSnapshotInstanceNo')


def test_bad_number_in_a_result_names_the_field():
    with pytest.raises(ModuleError, match='whose blockStorageSnapshotInstanceNo is 901, '):
        to_result(dict(RAW, blockStorageSnapshotInstanceNo=901), 'KR')
    with pytest.raises(ModuleError, match="whose blockStorageSnapshotVolumeSize is 'big', "):
        to_result(dict(RAW, blockStorageSnapshotVolumeSize='big'), 'KR')
    with pytest.raises(ModuleError, match="whose snapshotChainDepth is 'deep', "):
        to_result(dict(RAW, snapshotChainDepth='deep'), 'KR')


def test_bad_value_is_quoted_short_and_on_one_line():
    with pytest.raises(ModuleError) as caught:
        to_result(dict(RAW, snapshotChainDepth='x\n' * 200), 'KR')
    text = str(caught.value)
    assert '\n' not in text and "whose snapshotChainDepth is 'x\\nx" in text
    quoted = text.split(' is ', 1)[1].split(', which')[0]
    assert len(quoted) == 80 and quoted.endswith('...')


@pytest.mark.parametrize('value', ['2026-11-27', 'yesterday', '2026-11-27T09:00:00', 17])
def test_bad_create_date_is_a_bad_reply(value):
    with pytest.raises(ModuleError) as caught:
        to_result(dict(RAW, createDate=value), 'KR')
    assert 'whose createDate is %r,' % (value,) in str(caught.value)


def test_parse_date():
    assert parse_date('2024-06-15T17:49:14+0900') == datetime(2024, 6, 15, 17, 49, 14, tzinfo=timezone(timedelta(hours=9)))
    assert parse_date('2024-06-15T08:49:14+0000').timestamp() == parse_date('2024-06-15T17:49:14+0900').timestamp()
    assert parse_date(None) is None
    assert parse_date('2024-06-15 17:49:14') is None


def test_number_of_orders_numerically():
    assert number_of({'snapshot_no': '1000'}) == 1000
    assert sorted([{'snapshot_no': '999'}, {'snapshot_no': '1000'}, {'snapshot_no': '99'}], key=number_of)[0]['snapshot_no'] == '99'


def test_volume_result_reads_what_a_snapshot_inherits():
    raw = dict(
        volume('3081227'),
        blockStorageSize='21474836480',
        isEncryptedVolume=True,
        hypervisorType={'code': 'KVM', 'codeName': 'XEN'},
        blockStorageVolumeType={'code': 'CB2', 'codeName': 'SSD'},
    )
    assert volume_result(raw) == {
        'block_storage_instance_no': '3081227',
        'volume_size': 21474836480,
        'encrypted': True,
        'hypervisor_type': 'KVM',
        'volume_type': 'CB2',
    }
    bare = {'block_storage_instance_no': '5', 'volume_size': 0, 'encrypted': False, 'hypervisor_type': None, 'volume_type': None}
    assert volume_result({'blockStorageInstanceNo': '5'}) == bare


def test_volume_result_refuses_a_volume_without_a_number():
    with pytest.raises(ModuleError, match='blockStorageInstanceNo'):
        volume_result({'blockStorageInstanceNo': 5})


def test_predicted_result_has_every_field_and_only_what_is_known():
    known = volume_result(volume('3081227'))
    assert predicted_result(known, 'snap-a', 'nightly', 'INCREMENTAL', 'FKR') == {
        'snapshot_no': None,
        'name': 'snap-a',
        'description': 'nightly',
        'block_storage_instance_no': '3081227',
        'volume_size': 53687091200,
        'status': None,
        'status_name': None,
        'operation': None,
        'snapshot_type': 'INCREMENTAL',
        'base_snapshot_no': None,
        'chain_depth': None,
        'create_date': None,
        'encrypted': False,
        'bootable': None,
        'hypervisor_type': 'XEN',
        'volume_type': 'SSD',
        'region': 'FKR',
        'ready': False,
        'terminating': False,
    }


def test_predicted_result_defaults():
    predicted = predicted_result({'block_storage_instance_no': '7'}, None, None, None, 'KR')
    assert tuple(predicted) == RESULT_FIELDS
    assert (predicted['name'], predicted['description'], predicted['snapshot_type']) == (None, '', 'FULL')
    assert predicted['block_storage_instance_no'] == '7' and predicted['region'] == 'KR'


def test_predicted_result_matches_what_a_create_returns_where_known():
    raw = snapshot('901', name='snap-a', status='INIT', operation='CREAT')
    made = to_result(raw, 'KR')
    predicted = predicted_result(volume_result(volume()), 'snap-a', '', 'FULL', 'KR')
    for field in ('name', 'description', 'block_storage_instance_no', 'volume_size', 'snapshot_type', 'encrypted', 'hypervisor_type', 'volume_type', 'region'):
        assert predicted[field] == made[field], field
