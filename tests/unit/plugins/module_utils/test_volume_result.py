# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading NCP's volume objects, and the volume rules that need no request."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError
from ansible_collections.ncloud.vserver.plugins.module_utils._volume_result import to_server, to_volume
from ansible_collections.ncloud.vserver.plugins.module_utils._volume_rules import check_size
from ansible_collections.ncloud.vserver.tests.unit.plugins.modules.test_blockstorage_fakes import raw_server, raw_volume


@pytest.mark.parametrize('sent, read', [(3288597, '3288597'), ('3288597', '3288597'), (0, None), ('', None), (None, None)])
def test_snapshot_number_is_read_as_a_number_or_a_numeric_string(sent, read):
    raw = raw_volume()
    if sent is not None:
        raw['blockStorageSnapshotInstanceNo'] = sent
    assert to_volume(raw, 'KR')['snapshot_no'] == read


@pytest.mark.parametrize(
    'field, value',
    [
        ('blockStorageSnapshotInstanceNo', True),
        ('blockStorageSize', '5O'),
        ('blockStorageInstanceNo', None),
        ('createDate', 'yesterday'),
        ('serverInstanceNo', 1.5),
    ],
)
def test_unreadable_fields_are_bad_replies(field, value):
    with pytest.raises(ModuleError, match='NCP replied with a volume or server whose %s' % field):
        to_volume(dict(raw_volume(), **{field: value}), 'KR')


def test_region_falls_back_to_the_clients():
    raw = raw_volume()
    del raw['regionCode']
    assert to_volume(raw, 'SGN')['region'] == 'SGN'


def test_server_facts():
    assert to_server(raw_server()) == {
        'server_instance_no': '2912303',
        'name': 'rescue-2912303',
        'zone': 'KR-1',
        'hypervisor_type': 'KVM',
        'status': 'RUN',
        'operation': 'NULL',
    }


@pytest.mark.parametrize(
    'size, hypervisor, ok',
    [
        (10, 'XEN', True),
        (2000, 'XEN', True),
        (2010, 'XEN', False),
        (16380, 'KVM', True),
        (16390, 'KVM', False),
        (15, None, False),
        (0, 'KVM', False),
        (16380, None, True),
    ],
)
def test_size_steps_and_ranges(size, hypervisor, ok):
    if ok:
        check_size(size, hypervisor)
    else:
        with pytest.raises(ModuleError, match='size must be in GB'):
            check_size(size, hypervisor)
