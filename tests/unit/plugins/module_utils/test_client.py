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

from ansible_collections.ncloud.vserver.plugins.module_utils import _replies
from ansible_collections.ncloud.vserver.plugins.module_utils._backoff import BACKOFF_CAP, call_budget
from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
from ansible_collections.ncloud.vserver.plugins.module_utils._query import encode_query, flatten_params
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError, NcloudApiError

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ACCESS_KEY, API_URL, SECRET_KEY, ok, reply

LIST = 'getBlockStorageSnapshotInstanceList'
CREATE = 'createBlockStorageSnapshotInstance'


@pytest.fixture
def fake_time(clock):
    """The same fake clock the scripted endpoint checks timestamps against."""
    return clock


@pytest.fixture
def client(fake_time):
    return NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, retries=3, clock=fake_time.time, sleep=fake_time.sleep, jitter=lambda: 1.0)


def refused():
    return requests.exceptions.ConnectionError(MaxRetryError(None, '/', NewConnectionError(None, 'refused')))


def test_lists_booleans_and_none_flatten_as_ncp_expects():
    pairs = flatten_params({'noList': ['1', '2'], 'isBootable': False, 'skipped': None, 'pageNo': 1})
    assert pairs == [('noList.1', '1'), ('noList.2', '2'), ('isBootable', 'false'), ('pageNo', '1')]


@pytest.mark.parametrize(
    'value, encoded',
    [
        ('nightly backup', 'nightly%20backup'),
        ('a+b/c', 'a%2Bb%2Fc'),
        ('keep-_.~', 'keep-_.~'),
        ('야간 백업', '%EC%95%BC%EA%B0%84%20%EB%B0%B1%EC%97%85'),
    ],
)
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


@pytest.mark.parametrize(
    'response, status, code, message',
    [
        (reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}}), 401, '200', 'Authentication Failed'),
        (reply(400, {'responseError': {'returnCode': '10712', 'returnMessage': 'Not found product.'}}), 400, '10712', 'Not found product.'),
        (reply(404, {'error': {'errorCode': 300, 'message': 'Not Found Exception'}}), 404, '300', 'Not Found Exception'),
        (reply(403, text='<html><body><h1>403 Forbidden</h1></body></html>'), 403, None, 'unexpected reply: <html><body><h1>403 Forbidden'),
        (reply(403, text=''), 403, None, 'unexpected reply with an empty body'),
    ],
)
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
    ncp.expect(
        LIST, {}, reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}}, headers={'Date': formatdate(fake_time.now + 3, usegmt=True)})
    )
    with pytest.raises(NcloudApiError, match='Authentication Failed. Check access_key and secret_key'):
        client.call(LIST)


def test_auth_failure_with_skewed_clock_says_so(ncp, client, fake_time):
    ncp.expect(
        LIST,
        {},
        reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}}, headers={'Date': formatdate(fake_time.now + 900, usegmt=True)}),
    )
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


@pytest.mark.parametrize(
    'failure',
    [
        reply(500, {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}}),
        reply(504, {'error': {'errorCode': '510', 'message': 'Endpoint Timeout'}}),
        requests.exceptions.ReadTimeout(),
        requests.exceptions.ConnectionError('Connection aborted.'),
    ],
)
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


# ---- time bounds: the call's deadline ---------------------------------------------------------


class SlowNcp:
    """A ``Session.send`` whose every attempt takes ``seconds`` of the fake clock, then answers ``response``."""

    def __init__(self, fake_time, seconds, response):
        self.fake_time = fake_time
        self.seconds = seconds
        self.response = response
        self.timeouts = []

    def send(self, prepared, **kwargs):
        self.timeouts.append(kwargs['timeout'])
        self.fake_time.now += self.seconds
        return self.response()


def endpoint_error():
    return reply(503, {'error': {'errorCode': '500', 'message': 'Endpoint Error'}})


def test_call_budget_is_attempts_times_timeout_plus_capped_backoffs():
    assert call_budget(30, 3) == 4 * 30 + 3 * BACKOFF_CAP


def test_last_attempt_gets_only_what_is_left_of_the_deadline(monkeypatch, fake_time):
    slow = SlowNcp(fake_time, 30, endpoint_error)
    monkeypatch.setattr(requests.Session, 'send', lambda session, prepared, **kwargs: slow.send(prepared, **kwargs))
    client = NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, timeout=30, retries=3, clock=fake_time.time, sleep=fake_time.sleep, jitter=lambda: 1.0)
    started = fake_time.now
    with pytest.raises(NcloudApiError, match='after 4 attempts in 127 seconds: Endpoint Error'):
        client.call(LIST)
    # budget 4 * 30 + 3 * 20 = 180 s: attempts end at 30, 61, 93; the fourth starts at 97 with 83 s left
    assert slow.timeouts == [30, 30, 30, 30]
    assert fake_time.now - started == 127


def test_retries_stop_at_the_deadline_when_attempts_overrun(monkeypatch, fake_time):
    slow = SlowNcp(fake_time, 60, endpoint_error)  # e.g. a name lookup that hangs beyond the socket timeout
    monkeypatch.setattr(requests.Session, 'send', lambda session, prepared, **kwargs: slow.send(prepared, **kwargs))
    client = NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', API_URL, timeout=10, retries=5, clock=fake_time.time, sleep=fake_time.sleep, jitter=lambda: 1.0)
    with pytest.raises(NcloudApiError) as caught:
        client.call(LIST)
    # budget 6 * 10 + 5 * 20 = 160 s: attempts end at 60, 121 and 183, past the deadline: no more
    assert caught.value.attempts == 3
    assert slow.timeouts == [10, 10, 10]
    assert fake_time.sleeps == [1.0, 2.0]


def test_retry_after_may_be_an_http_date(ncp, client, fake_time):
    throttled = reply(429, {'error': {'errorCode': '410', 'message': 'Throttle Limited'}}, headers={'Retry-After': formatdate(fake_time.now + 12, usegmt=True)})
    ncp.expect(LIST, {}, throttled).expect(LIST, {}, ok(LIST))
    client.call(LIST)
    assert 11 <= fake_time.sleeps[0] <= 12


@pytest.mark.parametrize('retry_after', ['nan', 'inf', 'soon', '-5'])
def test_unreadable_retry_after_falls_back_to_backoff(ncp, client, fake_time, retry_after):
    throttled = reply(429, {'error': {'errorCode': '410', 'message': 'Throttle Limited'}}, headers={'Retry-After': retry_after})
    ncp.expect(LIST, {}, throttled).expect(LIST, {}, ok(LIST))
    client.call(LIST)
    assert fake_time.sleeps == [1.0]


# ---- what a failed write tells its caller ------------------------------------------------------


@pytest.mark.parametrize(
    'failure, in_flight',
    [
        (reply(500, {'responseError': {'returnCode': '1000', 'returnMessage': 'Please try your call again later.'}}), False),
        (reply(503, {'error': {'errorCode': '500', 'message': 'Endpoint Error'}}), False),
        (reply(502, text='<html>Bad Gateway</html>'), True),
        (reply(504, {'error': {'errorCode': '510', 'message': 'Endpoint Timeout'}}), True),
        (requests.exceptions.ReadTimeout(), True),
        (requests.exceptions.ConnectionError('Connection aborted.'), True),
    ],
)
def test_write_says_whether_ncp_may_still_be_working_on_it(ncp, client, failure, in_flight):
    ncp.expect(CREATE, {}, failure)
    with pytest.raises(NcloudApiError) as caught:
        client.call(CREATE, write=True)
    assert caught.value.maybe_applied and caught.value.maybe_in_flight == in_flight


def test_unreadable_success_of_a_write_may_have_been_applied(ncp, client):
    ncp.expect(CREATE, {}, reply(200, text='{"createBlockStorageSnapshotInstanceResponse": {"totalRo'))
    with pytest.raises(NcloudApiError, match='not JSON') as caught:
        client.call(CREATE, write=True)
    assert caught.value.maybe_applied and not caught.value.maybe_in_flight


def test_connection_errors_are_described_in_words(ncp, client):
    for dummy in range(4):
        ncp.expect(LIST, {}, requests.exceptions.ReadTimeout())
    with pytest.raises(
        NcloudApiError,
        match=r'after 4 attempts in \d+ seconds: no complete reply within api_timeout=30 '
        r'seconds \(ReadTimeout\)\.$',
    ):
        client.call(LIST)


def test_refused_connection_says_nothing_was_sent(ncp, client):
    for dummy in range(4):
        ncp.expect(CREATE, {}, refused())
    with pytest.raises(NcloudApiError, match='could not connect .*nothing was sent') as caught:
        client.call(CREATE, write=True)
    assert not caught.value.maybe_applied


def test_messages_end_with_one_full_stop(ncp, client):
    ncp.expect(CREATE, {}, reply(400, {'responseError': {'returnCode': '9', 'returnMessage': 'Bad name.'}}))
    with pytest.raises(NcloudApiError) as caught:
        client.call(CREATE, write=True)
    assert str(caught.value) == 'createBlockStorageSnapshotInstance failed (HTTP 400, NCP code 9): Bad name.'


# ---- replies that are not what NCP sends -------------------------------------------------------


@pytest.mark.parametrize(
    'response, message',
    [
        (reply(200, {'responseError': {'returnCode': '1300', 'returnMessage': 'Unknown'}}), r'\(HTTP 200, NCP code 1300\): Unknown'),
        (reply(200, {LIST + 'Response': {'returnCode': '77', 'returnMessage': 'odd'}}), r'NCP code 77\): odd'),
        (reply(200, {LIST + 'Response': {'blockStorageSnapshotInstanceList': 'abc'}}), 'is not a list of objects'),
        (reply(200, {LIST + 'Response': {'blockStorageSnapshotInstanceList': [1, 2]}}), 'is not a list of objects'),
        (reply(200, {LIST + 'Response': {'totalRows': 'many'}}), 'totalRows is not a whole number: many'),
        (reply(200, [1, 2, 3]), 'has no getBlockStorageSnapshotInstanceListResponse object: \\[1, 2, 3\\]'),
        (reply(200, text='[' * 100000), 'not JSON'),
        (reply(200, text='<html>\n<body>\x00\x1b[31m maintenance </body></html>'), r'not JSON \(no content type\): <html> <body> '),
        (reply(200, text=''), 'not JSON .*with an empty body'),
    ],
)
def test_odd_success_bodies_become_readable_errors(ncp, client, response, message):
    ncp.expect(LIST, {}, response)
    with pytest.raises(NcloudApiError, match=message) as caught:
        client.call(LIST)
    assert '\n' not in str(caught.value) and '\x00' not in str(caught.value)


def test_huge_reply_is_refused(ncp, client, monkeypatch):
    monkeypatch.setattr(_replies, 'MAX_REPLY_BYTES', 1000)
    ncp.expect(LIST, {}, reply(200, text='{"a": "%s"}' % ('x' * 2000)))
    with pytest.raises(NcloudApiError, match='larger than'):
        client.call(LIST)


def test_long_error_messages_are_cut(ncp, client):
    ncp.expect(LIST, {}, reply(400, {'responseError': {'returnCode': '1', 'returnMessage': 'y' * 5000}}))
    with pytest.raises(NcloudApiError) as caught:
        client.call(LIST)
    assert len(str(caught.value)) < 600 and str(caught.value).endswith('yyy....')


def test_auth_failure_without_a_date_header_also_points_at_the_clock(ncp, client):
    ncp.expect(LIST, {}, reply(401, {'error': {'errorCode': '200', 'message': 'Authentication Failed'}}))
    with pytest.raises(NcloudApiError, match='no Date header .* local clock is within 300 seconds'):
        client.call(LIST)


# ---- input that cannot be sent -----------------------------------------------------------------


def test_a_value_that_is_not_text_is_refused_before_sending(ncp, client):
    with pytest.raises(NcloudApiError, match='parameter blockStorageSnapshotDescription is not valid text.*nothing was sent'):
        client.call(CREATE, {'blockStorageSnapshotDescription': 'bad \udc80 half'}, write=True)
    assert client.request_count == 0


@pytest.mark.parametrize('access_key', ['AK EY', 'AKEY\n', '액세스키', ''])
def test_access_key_that_cannot_go_in_a_header_is_refused(access_key):
    with pytest.raises(ModuleError, match='access_key must be printable ASCII') as caught:
        NcloudClient(access_key, SECRET_KEY, 'KR', API_URL)
    assert access_key not in str(caught.value) or not access_key


def test_secret_key_that_is_not_text_is_refused_without_echo():
    with pytest.raises(ModuleError, match='secret_key is not valid text') as caught:
        NcloudClient(ACCESS_KEY, 'zq\udc80xv', 'KR', API_URL)
    assert 'zq' not in str(caught.value) and 'xv' not in str(caught.value)


def test_any_unicode_secret_key_signs(ncp):
    # the scripted endpoint checks signatures with the fixture's secret: a different one must fail there, not here
    client = NcloudClient(ACCESS_KEY, '비밀 key ✓', 'KR', API_URL, retries=0)
    ncp.expect(LIST, {}, ok(LIST))
    with pytest.raises(AssertionError, match='signature does not cover'):
        client.call(LIST)
    ncp.script.clear()
