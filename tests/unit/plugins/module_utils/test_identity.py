# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which snapshot a task means: by number, by exact name, or the volume's newest one younger than the minimum age."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError
from ansible_collections.ncloud.vserver.plugins.module_utils._identity import find_snapshot

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok, snapshot

LIST = 'getBlockStorageSnapshotInstanceList'
DETAIL = 'getBlockStorageSnapshotInstanceDetail'
VOL = '3081227'
PAGE = {'pageNo': '1', 'pageSize': '1000'}
BY_NAME = dict(PAGE, blockStorageSnapshotName='snap-a')
BY_NAME_ON_VOLUME = dict(BY_NAME, **{'originalBlockStorageInstanceNoList.1': VOL})
BY_VOLUME = dict(PAGE, **{'originalBlockStorageInstanceNoList.1': VOL})


def ncp_date(epoch):
    return datetime.fromtimestamp(epoch, timezone(timedelta(hours=9))).strftime('%Y-%m-%dT%H:%M:%S%z')


def test_by_number(ncp, api_client):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, [snapshot('901')]))
    assert find_snapshot(api_client, snapshot_no='901', name='ignored', volume_no=VOL, min_age_minutes=5)['snapshot_no'] == '901'


def test_by_number_not_found(ncp, api_client):
    ncp.expect(DETAIL, {'blockStorageSnapshotInstanceNo': '901'}, ok(DETAIL, []))
    assert find_snapshot(api_client, snapshot_no='901') is None


def test_by_name_everywhere_or_on_one_volume(ncp, api_client):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901')]))
    assert find_snapshot(api_client, name='snap-a')['snapshot_no'] == '901'
    ncp.expect(LIST, BY_NAME_ON_VOLUME, ok(LIST, []))
    assert find_snapshot(api_client, name='snap-a', volume_no=VOL) is None


def test_a_name_match_being_deleted_gives_way_to_a_live_one(ncp, api_client):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('900'), snapshot('899', operation='TERMT')]))
    assert find_snapshot(api_client, name='snap-a')['snapshot_no'] == '900'


def test_only_matches_being_deleted_return_the_oldest(ncp, api_client):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('902', operation='TERMT'), snapshot('901', operation='TERMT')]))
    found = find_snapshot(api_client, name='snap-a')
    assert found['snapshot_no'] == '901' and found['operation'] == 'TERMT'


def test_ambiguous_name_everywhere_advises_the_volume(ncp, api_client):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('902'), snapshot('901'), snapshot('900', operation='TERMT')]))
    with pytest.raises(ModuleError) as caught:
        find_snapshot(api_client, name='snap-a')
    assert str(caught.value) == (
        "name 'snap-a' matches 2 snapshots (901, 902): NCP does not keep names unique. Overlapping runs "
        "keep the lowest number, 901; delete the others, or use snapshot_no, or block_storage_instance_no "
        "to look on one volume only"
    )


def test_ambiguous_name_on_a_volume_advises_the_number_only(ncp, api_client):
    ncp.expect(LIST, BY_NAME_ON_VOLUME, ok(LIST, [snapshot('902'), snapshot('901')]))
    with pytest.raises(ModuleError) as caught:
        find_snapshot(api_client, name='snap-a', volume_no=VOL)
    assert str(caught.value).endswith('keep the lowest number, 901; delete the others, or use snapshot_no')


def test_without_number_name_or_minimum_age_nothing_is_looked_up(ncp, api_client):
    assert find_snapshot(api_client, volume_no=VOL) is None
    assert find_snapshot(api_client, volume_no=VOL, min_age_minutes=0) is None
    assert ncp.sent == []


def test_newest_live_snapshot_younger_than_the_minimum_age(ncp, api_client, clock):
    ncp.expect(
        LIST,
        BY_VOLUME,
        ok(
            LIST,
            [
                snapshot('903', created=ncp_date(clock.now - 60), operation='TERMT'),
                snapshot('902', created=ncp_date(clock.now - 120)),
                snapshot('901', created=ncp_date(clock.now - 100)),
            ],
        ),
    )
    assert find_snapshot(api_client, volume_no=VOL, min_age_minutes=30)['snapshot_no'] == '902'


def test_newest_snapshot_older_than_the_minimum_age_does_not_count(ncp, api_client, clock):
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('902', created=ncp_date(clock.now - 30 * 60 - 30)), snapshot('901', created=ncp_date(clock.now))]))
    assert find_snapshot(api_client, volume_no=VOL, min_age_minutes=30) is None


def test_a_snapshot_exactly_the_minimum_age_does_not_count(ncp, api_client, clock):
    clock.now = float(int(clock.now))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('901', created=ncp_date(clock.now - 30 * 60))]))
    assert find_snapshot(api_client, volume_no=VOL, min_age_minutes=30) is None
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('901', created=ncp_date(clock.now - 30 * 60 + 1))]))
    assert find_snapshot(api_client, volume_no=VOL, min_age_minutes=30)['snapshot_no'] == '901'


def test_minimum_age_with_no_snapshot_or_no_date(ncp, api_client):
    ncp.expect(LIST, BY_VOLUME, ok(LIST, []))
    assert find_snapshot(api_client, volume_no=VOL, min_age_minutes=30) is None
    undated = snapshot('901')
    undated['createDate'] = None
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [undated]))
    assert find_snapshot(api_client, volume_no=VOL, min_age_minutes=30) is None
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('901', operation='TERMT')]))
    assert find_snapshot(api_client, volume_no=VOL, min_age_minutes=30) is None
