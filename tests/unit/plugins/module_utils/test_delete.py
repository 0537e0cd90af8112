# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Deleting: one request for all, resent after a lost reply only for what a fresh read still shows."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
from ansible_collections.ncloud.vserver.plugins.module_utils._delete import delete_snapshots
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError, NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._result import to_result

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL, SECRET_KEY, ok, reply, snapshot

LIST = 'getBlockStorageSnapshotInstanceList'
DELETE = 'deleteBlockStorageSnapshotInstances'
LOST = {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}}


def numbers(*values, **extra):
    return dict({'blockStorageSnapshotInstanceNoList.%d' % index: value for index, value in enumerate(values, 1)}, **extra)


def listed(*values):
    return numbers(*values, pageNo='1', pageSize='1000')


def shaped(*values):
    return [to_result(snapshot(value), 'KR') for value in values]


@pytest.fixture
def client(clock):
    return NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, retries=1, clock=clock.time, sleep=clock.sleep, jitter=lambda: 1.0)


def test_one_request_deletes_all_in_the_order_given(ncp, client):
    ncp.expect(DELETE, numbers('903', '902', '901'), ok(DELETE, [snapshot('903')]))
    # What NCP's reply says it is deleting comes back, so a batch can tell a partial delete.
    assert [item['snapshot_no'] for item in delete_snapshots(client, shaped('903', '902', '901'), None)] == ['903']
    assert ncp.actions == [DELETE]


def test_refusal_is_raised_as_it_is(ncp, client):
    ncp.expect(DELETE, numbers('901'), reply(400, {'responseError': {'returnCode': '1', 'returnMessage': 'no'}}))
    with pytest.raises(NcloudApiError) as caught:
        delete_snapshots(client, shaped('901'), None)
    assert caught.value.code == '1' and caught.value.hint is None


def test_image_backed_snapshot_says_why(ncp, client):
    ncp.expect(DELETE, numbers('901', '902'), reply(400, {'responseError': {'returnCode': '9903005', 'returnMessage': 'image'}}))
    with pytest.raises(ModuleError) as caught:
        delete_snapshots(client, shaped('901', '902'), None)
    assert str(caught.value).startswith(
        'snapshot 901, 902 cannot be deleted while a server image was made from it: NCP deletes '
        'such a KVM snapshot only after the server image is deleted (deleteBlockStorageSnapshot'
    )
    assert caught.value.cause.code == '9903005'


def test_busy_delete_is_resent_while_waiting(ncp, client, clock):
    busy = reply(400, {'responseError': {'returnCode': '9903002', 'returnMessage': 'creating'}})
    ncp.expect(DELETE, numbers('901'), busy).expect(DELETE, numbers('901'), ok(DELETE, [snapshot('901')]))
    delete_snapshots(client, shaped('901'), clock.now + 60)
    assert clock.sleeps == [2.0]


def test_busy_delete_without_waiting_names_the_snapshots(ncp, client):
    ncp.expect(DELETE, numbers('901', '902'), reply(400, {'responseError': {'returnCode': '9903002', 'returnMessage': 'x'}}))
    with pytest.raises(NcloudApiError) as caught:
        delete_snapshots(client, shaped('901', '902'), None)
    assert caught.value.hint.startswith('NCP refused the delete of snapshot 901, 902 because something is in progress')


def test_lost_delete_that_was_applied_is_not_resent(ncp, client):
    ncp.expect(DELETE, numbers('901', '902'), reply(500, LOST))
    ncp.expect(LIST, listed('901', '902'), ok(LIST, [snapshot('901', operation='TERMT'), snapshot('902', operation='TERMT')]))
    delete_snapshots(client, shaped('901', '902'), None)


def test_lost_delete_is_resent_only_for_what_is_still_there(ncp, client):
    ncp.expect(DELETE, numbers('901', '902', '903'), requests.exceptions.ReadTimeout())
    ncp.expect(LIST, listed('901', '902', '903'), ok(LIST, [snapshot('902'), snapshot('901', operation='TERMT')]))
    ncp.expect(DELETE, numbers('902'), ok(DELETE, [snapshot('902')]))
    delete_snapshots(client, shaped('901', '902', '903'), None)


def test_resends_stop_after_api_retries_and_say_what_is_left(ncp, client):
    ncp.expect(DELETE, numbers('901', '902'), reply(500, LOST))
    ncp.expect(LIST, listed('901', '902'), ok(LIST, [snapshot('901'), snapshot('902')]))
    ncp.expect(DELETE, numbers('901', '902'), reply(503, {'error': {'errorCode': '500', 'message': 'Endpoint Error'}}))
    ncp.expect(LIST, listed('901', '902'), ok(LIST, [snapshot('902')]))
    with pytest.raises(NcloudApiError) as caught:
        delete_snapshots(client, shaped('901', '902'), None)
    assert caught.value.hint == 'snapshots 902 are still there after 2 delete attempts'
    assert caught.value.http_status == 503 and caught.value.maybe_applied


def test_with_no_retries_one_delete_is_all(ncp, clock):
    client = NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, retries=0, clock=clock.time, sleep=clock.sleep)
    ncp.expect(DELETE, numbers('901'), reply(500, LOST))
    ncp.expect(LIST, listed('901'), ok(LIST, [snapshot('901')]))
    with pytest.raises(NcloudApiError) as caught:
        delete_snapshots(client, shaped('901'), None)
    assert caught.value.hint == 'snapshots 901 are still there after 1 delete attempts'
