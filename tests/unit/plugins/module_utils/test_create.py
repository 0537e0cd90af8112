# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Creating exactly once: unknown outcomes looked up by name within the window, races settled on the lowest number."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests

from ansible_collections.ncloud.vserver.plugins.module_utils._create import CONSISTENCY_WINDOW, create_once, settle_race
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError, NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._result import to_result

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok, reply, snapshot

LIST = 'getBlockStorageSnapshotInstanceList'
CREATE = 'createBlockStorageSnapshotInstance'
DELETE = 'deleteBlockStorageSnapshotInstances'
VOL = '3081227'
VOLUME = {'block_storage_instance_no': VOL}
PAGE = {'pageNo': '1', 'pageSize': '1000'}
BY_NAME = dict(PAGE, blockStorageSnapshotName='snap-a', **{'originalBlockStorageInstanceNoList.1': VOL})
BY_VOLUME = dict(PAGE, **{'originalBlockStorageInstanceNoList.1': VOL})
NEW = {'originalBlockStorageInstanceNo': VOL, 'blockStorageSnapshotName': 'snap-a', 'snapshotTypeCode': 'FULL'}
SERVER_ERROR = {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}}
BUSY = {'responseError': {'returnCode': '9902004', 'returnMessage': 'volume busy'}}


def shaped(number, **fields):
    return to_result(snapshot(number, **fields), 'KR')


def ncp_date(epoch):
    return datetime.fromtimestamp(epoch, timezone(timedelta(hours=9))).strftime('%Y-%m-%dT%H:%M:%S%z')


# ---- create_once -------------------------------------------------------------------------------


def test_create_sends_every_field_once(ncp, api_client):
    ncp.expect(CREATE, dict(NEW, blockStorageSnapshotDescription='nightly'), ok(CREATE, [snapshot('901', status='INIT')]))
    made = create_once(api_client, VOLUME, 'snap-a', 'nightly', 'FULL', None)
    assert made['snapshot_no'] == '901' and made['status'] == 'INIT'


def test_unnamed_create_without_description_or_type_sends_only_the_volume(ncp, api_client):
    ncp.expect(CREATE, {'originalBlockStorageInstanceNo': VOL}, ok(CREATE, [snapshot('901')]))
    assert create_once(api_client, VOLUME, None, '', None, None)['snapshot_no'] == '901'


def test_busy_create_is_sent_again_until_the_deadline(ncp, api_client, clock):
    ncp.expect(CREATE, NEW, reply(400, BUSY)).expect(CREATE, NEW, ok(CREATE, [snapshot('901')]))
    assert create_once(api_client, VOLUME, 'snap-a', None, 'FULL', clock.now + 60)['snapshot_no'] == '901'
    assert clock.sleeps == [2.0]


def test_busy_create_without_waiting_is_reported(ncp, api_client):
    ncp.expect(CREATE, NEW, reply(400, BUSY))
    with pytest.raises(NcloudApiError) as caught:
        create_once(api_client, VOLUME, 'snap-a', None, 'FULL', None)
    assert caught.value.hint.startswith('NCP refused the create on volume 3081227 because something is in progress')


@pytest.mark.parametrize(
    'body',
    [
        {'responseError': {'returnCode': '9901003', 'returnMessage': 'bad'}},
        {'responseError': {'returnCode': '1', 'returnMessage': 'invalid blockStorageSnapshotName'}},
    ],
)
def test_refused_name_hints_at_the_older_rule(ncp, api_client, body):
    ncp.expect(CREATE, dict(NEW, blockStorageSnapshotName='snap_a'), reply(400, body))
    with pytest.raises(NcloudApiError) as caught:
        create_once(api_client, VOLUME, 'snap_a', None, 'FULL', None)
    assert caught.value.hint.startswith("NCP refused the name 'snap_a'.")
    assert 'try the name without "_"' in caught.value.hint


def test_other_refusals_carry_no_name_hint(ncp, api_client):
    ncp.expect(CREATE, NEW, reply(400, {'responseError': {'returnCode': '1', 'returnMessage': 'quota'}}))
    with pytest.raises(NcloudApiError) as caught:
        create_once(api_client, VOLUME, 'snap-a', None, 'FULL', None)
    assert caught.value.hint is None and caught.value.code == '1'


def test_refused_unnamed_create_carries_no_name_hint(ncp, api_client):
    refused = {'responseError': {'returnCode': '9901003', 'returnMessage': 'x'}}
    ncp.expect(CREATE, {'originalBlockStorageInstanceNo': VOL}, reply(400, refused))
    with pytest.raises(NcloudApiError) as caught:
        create_once(api_client, VOLUME, None, None, None, None)
    assert caught.value.hint is None


def test_unknown_outcome_without_a_name_is_never_guessed(ncp, api_client):
    ncp.expect(CREATE, {'originalBlockStorageInstanceNo': VOL}, reply(500, SERVER_ERROR))
    with pytest.raises(ModuleError) as caught:
        create_once(api_client, VOLUME, None, None, None, None)
    assert str(caught.value).startswith(
        'the create of a snapshot of volume 3081227 may have been applied (createBlockStorageSnapshotInstance failed (HTTP 500, NCP code 1000)'
    )
    assert str(caught.value).endswith('with no name nothing identifies the new snapshot: list the snapshots of volume 3081227 before running the task again')
    assert caught.value.cause.http_status == 500


def test_unknown_outcome_is_looked_up_by_name_and_found_at_once(ncp, api_client, clock):
    ncp.expect(CREATE, NEW, requests.exceptions.ReadTimeout())
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('905'), snapshot('904')]))
    assert create_once(api_client, VOLUME, 'snap-a', None, 'FULL', None)['snapshot_no'] == '904'
    assert clock.sleeps == []


def test_unknown_outcome_is_looked_for_every_two_seconds_for_the_window(ncp, api_client, clock):
    ncp.expect(CREATE, NEW, reply(503, {'error': {'errorCode': '500', 'message': 'Endpoint Error'}}))
    for dummy in range(16):
        ncp.expect(LIST, BY_NAME, ok(LIST))
    started = clock.now
    with pytest.raises(ModuleError) as caught:
        create_once(api_client, VOLUME, 'snap-a', None, 'FULL', None)
    assert clock.sleeps == [2.0] * 15 and clock.now - started == CONSISTENCY_WINDOW == 30
    assert str(caught.value).startswith(
        "the create of snapshot 'snap-a' may have been applied (createBlockStorageSnapshotInstance failed (HTTP 503, NCP code 500)"
    )
    assert str(caught.value).endswith(
        'and NCP did not list it on volume 3081227 within 30 seconds. Run the task again later: '
        'it finds the snapshot by name if NCP made it, and creates it if not'
    )
    assert caught.value.cause.maybe_applied is True


def test_snapshot_listed_late_within_the_window_is_returned(ncp, api_client, clock):
    ncp.expect(CREATE, NEW, reply(504, {'error': {'errorCode': '510', 'message': 'Endpoint Timeout'}}))
    ncp.expect(LIST, BY_NAME, ok(LIST)).expect(LIST, BY_NAME, ok(LIST)).expect(LIST, BY_NAME, ok(LIST, [snapshot('906')]))
    assert create_once(api_client, VOLUME, 'snap-a', None, 'FULL', None)['snapshot_no'] == '906'
    assert clock.sleeps == [2.0, 2.0]


def test_last_look_is_at_the_window_s_end(ncp, api_client, clock, monkeypatch):
    monkeypatch.setattr('ansible_collections.ncloud.vserver.plugins.module_utils._create.CONSISTENCY_WINDOW', 2.5)
    ncp.expect(CREATE, NEW, requests.exceptions.ReadTimeout())
    for dummy in range(3):
        ncp.expect(LIST, BY_NAME, ok(LIST))
    with pytest.raises(ModuleError, match='within 2 seconds'):
        create_once(api_client, VOLUME, 'snap-a', None, 'FULL', None)
    assert clock.sleeps == [2.0, 0.5]


# ---- settle_race -------------------------------------------------------------------------------


def test_own_snapshot_alone_stays(ncp, api_client, clock):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('901')]))
    own = shaped('901')
    assert settle_race(api_client, own, 'snap-a', 0, None) == (own, None)
    assert clock.sleeps == []


def test_own_snapshot_with_the_lowest_number_stays(ncp, api_client):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('1000'), snapshot('999')]))
    own = shaped('999')
    assert settle_race(api_client, own, 'snap-a', 0, None) == (own, None)


def test_loser_deletes_its_own_and_returns_the_winner(ncp, api_client):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('1000'), snapshot('999', name='snap-a')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '1000'}, ok(DELETE, [snapshot('1000', operation='TERMT')]))
    winner, warning = settle_race(api_client, shaped('1000'), 'snap-a', 0, None)
    assert winner['snapshot_no'] == '999'
    assert warning == (
        'another run made snapshot 999 for this task at the same time; the lowest number stays, so this run deleted its own snapshot 1000 and returns 999'
    )


def test_a_competitor_being_deleted_does_not_count(ncp, api_client):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('1000'), snapshot('999', operation='TERMT')]))
    own = shaped('1000')
    assert settle_race(api_client, own, 'snap-a', 0, None) == (own, None)


def test_busy_delete_of_the_duplicate_is_sent_again(ncp, api_client, clock):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('1000'), snapshot('999')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '1000'}, reply(400, BUSY))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '1000'}, reply(400, BUSY))
    with pytest.raises(NcloudApiError) as caught:
        settle_race(api_client, shaped('1000'), 'snap-a', 0, clock.now + 2)
    assert caught.value.hint.startswith('NCP refused the delete of duplicate snapshot 1000 because')
    assert clock.sleeps == [2.0]


def test_own_snapshot_not_listed_within_the_window_is_kept_with_a_warning(ncp, api_client, clock):
    for dummy in range(16):
        ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('999')]))
    own = shaped('1000')
    assert settle_race(api_client, own, 'snap-a', 0, None) == (
        own,
        ('NCP did not list snapshot 1000 within 30 seconds, so another run making the same snapshot at the same time could not be ruled out'),
    )
    assert sum(clock.sleeps) == 30


def test_race_check_waits_until_its_own_snapshot_is_listed(ncp, api_client, clock):
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('999')]))
    ncp.expect(LIST, BY_NAME, ok(LIST, [snapshot('999'), snapshot('1000')]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '1000'}, ok(DELETE, [snapshot('1000')]))
    assert settle_race(api_client, shaped('1000'), 'snap-a', 0, None)[0]['snapshot_no'] == '999'
    assert clock.sleeps == [2.0]


def test_failed_race_check_says_the_snapshot_was_accepted(ncp, api_client):
    ncp.expect(LIST, BY_NAME, reply(400, {'responseError': {'returnCode': '3', 'returnMessage': 'list broke'}}))
    own = shaped('1000')
    with pytest.raises(ModuleError) as caught:
        settle_race(api_client, own, 'snap-a', 0, None)
    assert str(caught.value).startswith(
        "NCP accepted snapshot 1000, but looking for another run's snapshot of the same task "
        "then failed: getBlockStorageSnapshotInstanceList failed (HTTP 400, NCP code 3)"
    )
    assert caught.value.result == {'snapshot': own} and caught.value.cause.code == '3'


def test_unnamed_race_counts_only_snapshots_younger_than_the_minimum_age(ncp, api_client, clock):
    young, old = ncp_date(clock.now - 60), ncp_date(clock.now - 30 * 60)
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('998', created=old), snapshot('1000', created=young)]))
    own = shaped('1000', created=young)
    assert settle_race(api_client, own, None, 30, None) == (own, None)


def test_unnamed_race_loser_deletes_its_own(ncp, api_client, clock):
    young = ncp_date(clock.now - 29 * 60 - 50)
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('999', created=young), snapshot('1000', created=young)]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '1000'}, ok(DELETE, [snapshot('1000')]))
    assert settle_race(api_client, shaped('1000', created=young), None, 30, None)[0]['snapshot_no'] == '999'


def test_unnamed_race_counts_a_snapshot_without_a_readable_date(ncp, api_client, clock):
    young = ncp_date(clock.now)
    raw_undated = snapshot('999', created=young)
    raw_undated['createDate'] = None
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [raw_undated, snapshot('1000', created=young)]))
    ncp.expect(DELETE, {'blockStorageSnapshotInstanceNoList.1': '1000'}, ok(DELETE, [snapshot('1000')]))
    assert settle_race(api_client, shaped('1000', created=young), None, 30, None)[0]['snapshot_no'] == '999'


def test_unnamed_race_at_exactly_the_minimum_age_is_not_a_competitor(ncp, api_client, clock):
    clock.now = float(int(clock.now))
    ncp.expect(LIST, BY_VOLUME, ok(LIST, [snapshot('999', created=ncp_date(clock.now - 30 * 60)), snapshot('1000', created=ncp_date(clock.now))]))
    own = shaped('1000', created=ncp_date(clock.now))
    assert settle_race(api_client, own, None, 30, None) == (own, None)
