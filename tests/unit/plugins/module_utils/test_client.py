# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The HTTP client: what it signs and sends, how it reads errors, when it retries."""

from __future__ import annotations

from email.utils import formatdate

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient, encode_query, flatten_params
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import NcloudApiError

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL, SECRET_KEY, FakeTime, ok, reply

LIST = 'getBlockStorageSnapshotInstanceList'
CREATE = 'createBlockStorageSnapshotInstance'


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def client(fake_time):
    return NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, retries=3, clock=fake_time.time, sleep=fake_time.sleep,
                        jitter=lambda: 1.0)


def refused():
    return requests.exceptions.ConnectionError(MaxRetryError(None, '/', NewConnectionError(None, 'refused')))


def test_lists_booleans_and_none_flatten_as_ncp_expects():
    pairs = flatten_params({'noList': ['1', '2'], 'isBootable': False, 'skipped': None, 'pageNo': 1})
    assert pairs == [('noList.1', '1'), ('noList.2', '2'), ('isBootable', 'false'), ('pageNo', '1')]


@pytest.mark.parametrize('value, encoded', [
    ('nightly backup', 'nightly%20backup'),
    ('a+b/c', 'a%2Bb%2Fc'),
    ('keep-_.~', 'keep-_.~'),
    ('야간 백업', '%EC%95%BC%EA%B0%84%20%EB%B0%B1%EC%97%85'),
])
def test_query_is_percent_encoded_once(value, encoded):
    assert encode_query([('d', value)]) == 'd=' + encoded


def test_description_with_spaces_and_korean_is_signed_as_sent(ncp, client):
    description = '야간 백업 + nightly'
    ncp.expect(CREATE, {'originalBlockStorageInstanceNo': '1', 'blockStorageSnapshotDescription': description}, ok(CREATE))
    client.call(CREATE, {'originalBlockStorageInstanceNo': '1', 'blockStorageSnapshotDescription': description}, write=True)
    assert client.request_count == 1


def test_success_returns_the_inner_response(ncp, client):
    ncp.expect(LIST, {}, ok(LIST, [{'blockStorageSnapshotInstanceNo': '7'}]))
    assert client.call(LIST)['blockStorageSnapshotInstanceList'] == [{'blockStorageSnapshotInstanceNo': '7'}]


def test_list_all_pages_until_total_rows(ncp, client):
    first = [{'blockStorageSnapshotInstanceNo': str(n)} for n in range(2)]
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '2'}, ok(LIST, first, total=3))
    ncp.expect(LIST, {'pageNo': '2', 'pageSize': '2'}, ok(LIST, [{'blockStorageSnapshotInstanceNo': '2'}], total=3))
    assert len(client.list_all(LIST, {}, 'blockStorageSnapshotInstanceList', page_size=2)) == 3


@pytest.mark.parametrize('response, status, code, message', [
    (reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}}), 401, '200', 'Authentication Failed'),
    (reply(400, {'responseError': {'returnCode': '10712', 'returnMessage': 'Not found product.'}}), 400, '10712', 'Not found product.'),
    (reply(404, {'error': {'errorCode': 300, 'message': 'Not Found Exception'}}), 404, '300', 'Not Found Exception'),
    (reply(403, text='<html><body><h1>403 Forbidden</h1></body></html>'), 403, None, 'unexpected reply: <html><body><h1>403 Forbidden'),
    (reply(403, text=''), 403, None, 'unexpected reply with an empty body'),
])
def test_error_bodies_become_one_exception(ncp, client, response, status, code, message):
    ncp.expect(LIST, {}, response)
    with pytest.raises(NcloudApiError) as caught:
        client.call(LIST)
    error = caught.value
    assert (error.action, error.http_status, error.code) == (LIST, status, code)
    assert error.message.startswith(message)
    assert SECRET_KEY not in str(error) and 'signature' not in str(error)


def test_non_json_success_is_an_error(ncp, client):
    ncp.expect(LIST, {}, reply(200, text='<?xml version="1.0"?><x/>', headers={'Content-Type': 'application/xml'}))
    with pytest.raises(NcloudApiError, match='not JSON'):
        client.call(LIST)


def test_auth_failure_points_at_the_keys(ncp, client, fake_time):
    ncp.expect(LIST, {}, reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}},
                               headers={'Date': formatdate(fake_time.now + 3, usegmt=True)}))
    with pytest.raises(NcloudApiError, match='Authentication Failed. Check access_key and secret_key'):
        client.call(LIST)


def test_auth_failure_with_skewed_clock_says_so(ncp, client, fake_time):
    ncp.expect(LIST, {}, reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}},
                               headers={'Date': formatdate(fake_time.now + 900, usegmt=True)}))
    with pytest.raises(NcloudApiError, match='The local clock is 900 seconds behind'):
        client.call(LIST)


def test_permission_denied_is_told_apart(ncp, client):
    ncp.expect(LIST, {}, reply(401, {'error': {'errorCode': '210', 'message': 'Permission Denied'}}))
    with pytest.raises(NcloudApiError, match='not allowed this action'):
        client.call(LIST)


def test_read_is_retried_on_throttling_honouring_retry_after(ncp, client, fake_time):
    throttled = reply(429, {'error': {'errorCode': '410', 'message': 'Throttle Limited'}}, headers={'Retry-After': '7'})
    ncp.expect(LIST, {}, throttled).expect(LIST, {}, reply(503, text='')).expect(LIST, {}, ok(LIST))
    client.call(LIST)
    assert fake_time.sleeps == [7.0, 2.0]


def test_read_retries_are_bounded(ncp, client, fake_time):
    for dummy in range(4):
        ncp.expect(LIST, {}, reply(500, {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}}))
    with pytest.raises(NcloudApiError, match='try your call again later') as caught:
        client.call(LIST)
    assert not caught.value.maybe_applied
    assert fake_time.sleeps == [1.0, 2.0, 4.0]


def test_read_timeout_is_retried(ncp, client):
    ncp.expect(LIST, {}, requests.exceptions.ReadTimeout()).expect(LIST, {}, ok(LIST))
    client.call(LIST)


def test_write_is_retried_when_throttled_or_never_sent(ncp, client):
    throttled = reply(429, {'error': {'errorCode': '420', 'message': 'Rate Limited'}})
    ncp.expect(CREATE, {}, throttled).expect(CREATE, {}, refused()).expect(CREATE, {}, ok(CREATE))
    client.call(CREATE, write=True)


@pytest.mark.parametrize('failure', [
    reply(500, {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}}),
    reply(504, {'error': {'errorCode': '510', 'message': 'Endpoint Timeout'}}),
    requests.exceptions.ReadTimeout(),
    requests.exceptions.ConnectionError('Connection aborted.'),
])
def test_write_with_unknown_outcome_is_not_resent(ncp, client, failure):
    ncp.expect(CREATE, {}, failure)
    with pytest.raises(NcloudApiError) as caught:
        client.call(CREATE, write=True)
    assert caught.value.maybe_applied


def test_write_refused_by_validation_is_not_maybe_applied(ncp, client):
    ncp.expect(CREATE, {}, reply(400, {'responseError': {'returnCode': '9001', 'returnMessage': 'invalid name'}}))
    with pytest.raises(NcloudApiError) as caught:
        client.call(CREATE, write=True)
    assert not caught.value.maybe_applied
